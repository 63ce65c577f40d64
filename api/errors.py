"""Errors of the HTTP API: every failure is a JSON body {"error": {"message": ..., "type": ...}}
with one Chinese line, the shape OpenAI clients read, on every route; never a traceback."""
from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ingest.errors import (
    CatalogueError,
    DocumentNotFound,
    FileTooLarge,
    IndexBusy,
    IndexDamaged,
    IndexMismatch,
    IndexMissing,
    PlanKBError,
    StoreUnavailable,
    UnreadableDocument,
    UnsupportedType,
)

log = logging.getLogger("plankb.api")
UNEXPECTED = "服务器内部错误，已记录在服务器日志中；请稍后重试，如果反复出现，请联系管理员。"

# the most specific class first: UnsupportedType and FileTooLarge are UnreadableDocuments
STATUS: tuple[tuple[type[PlanKBError], int], ...] = (
    (DocumentNotFound, 404), (UnsupportedType, 415), (FileTooLarge, 413), (UnreadableDocument, 422),
    (CatalogueError, 400), (IndexBusy, 503), (IndexMissing, 503), (IndexDamaged, 503), (IndexMismatch, 503),
    (StoreUnavailable, 503),
)
KINDS = {401: "authentication_error", 404: "not_found_error", 413: "invalid_request_error",
         415: "invalid_request_error", 422: "invalid_request_error", 400: "invalid_request_error",
         503: "service_unavailable", 500: "server_error"}
HTTP_ZH = {404: "没有这个接口", 405: "该接口不支持这种请求方法"}
FIELD_ZH = {"q": "问题 q", "k": "条数 k", "mode": "检索方式 mode", "files": "文件 files", "plans": "规划 plans",
            "question": "问题 question", "messages": "对话 messages"}


class ApiError(Exception):
    """A request the API refuses, with its HTTP status and one-line Chinese message."""

    def __init__(self, status: int, message: str, extra: dict | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.extra, self.headers = status, message, extra or {}, headers


def status_of(exc: PlanKBError) -> int:
    return next((code for cls, code in STATUS if isinstance(exc, cls)), 400)


def one_line(message: str) -> str:
    return " ".join(str(message).split())


def error_body(status: int, message: str, **extra: object) -> dict:
    return {"error": {"message": one_line(message), "type": KINDS.get(status, "invalid_request_error"),
                      "code": status}, **extra}


def error_response(status: int, message: str, extra: dict[str, object] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    """The error body, with `extra` keys beside "error" (what a batch did manage)."""
    return JSONResponse(error_body(status, message, **(extra or {})), status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    """FastAPI's list of field errors as one Chinese sentence (the first error is enough)."""
    errors = exc.errors()
    if not errors:
        return "请求参数不合法"
    first = errors[0]
    loc = [str(x) for x in first.get("loc", ()) if x not in ("query", "body", "path", "form")]
    field = FIELD_ZH.get(loc[0], loc[0]) if loc else "请求"
    field += " " if field[-1:].isascii() else ""   # 条数 k 应为数字
    kind = str(first.get("type", ""))
    if kind == "missing":
        return f"缺少{field.rstrip()}"
    if kind.startswith(("int_", "float_")):
        return f"{field}应为数字"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        ctx = first.get("ctx") or {}
        bound = next(iter(ctx.values()), "")
        word = {"greater_than_equal": "不能小于", "less_than_equal": "不能大于",
                "greater_than": "应大于", "less_than": "应小于"}[kind]
        return f"{field}{word} {bound}"
    if kind == "literal_error":
        ctx = first.get("ctx") or {}
        return f"{field}的取值不合法（可用：{ctx.get('expected', '')}）"
    if kind in ("json_invalid", "model_attributes_type", "dict_type"):
        return "请求体不是合法的 JSON 对象"
    if kind.startswith("string_"):
        return f"{field}应为文字"
    if kind.startswith("list_"):
        return f"{field}应为列表"
    return f"{field}不合法"


def install(app: FastAPI) -> None:
    """Map every exception to the one JSON error shape."""

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.message, exc.extra, exc.headers)

    @app.exception_handler(PlanKBError)
    async def plankb_error(request: Request, exc: PlanKBError) -> JSONResponse:
        return error_response(status_of(exc), str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(400, _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) and not exc.detail.isascii() else ""
        return error_response(exc.status_code, detail or HTTP_ZH.get(exc.status_code, f"请求失败（HTTP {exc.status_code}）"),
                              headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        return error_response(500, UNEXPECTED)
