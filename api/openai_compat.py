"""The OpenAI chat protocol, so that chat front-ends (Open WebUI, Cherry Studio, ChatBox) can use
plankb as a model: GET /v1/models lists one model, `plankb`; POST /v1/chat/completions answers
the last user message with plankb's answer and its citations, the earlier messages being the
conversation a follow-up question is read in. `stream: true` sends the same answer as
server-sent events in OpenAI's chunk format.

What is streamed is the finished answer: every sentence has been checked against the clause
it cites before the first character leaves, so a chat window never shows a sentence that is
later withdrawn. While the answer is being made, SSE comments keep the connection open.
"""
from __future__ import annotations

import json
import logging
import queue
import re
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from api.deps import get_kb
from api.errors import UNEXPECTED, ApiError, error_body, status_of
from api.kb import KnowledgeBase
from api.routes_answer import make_answer, pairs, render
from ingest.errors import PlanKBError

router = APIRouter(tags=["OpenAI 兼容"])
log = logging.getLogger("plankb.api")

MODEL = "plankb"
STARTED = int(time.time())
KEEPALIVE = 10.0   # seconds between SSE comments while an answer is being made


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: str
    content: str | list[dict[str, Any]] | None = None


class ChatRequest(BaseModel):
    """The fields plankb reads; others (temperature, max_tokens, …) are accepted and ignored."""

    model_config = ConfigDict(extra="allow")
    model: str = Field(default=MODEL, description="模型名，plankb")
    messages: list[ChatMessage] = Field(description="对话；最后一条用户消息是问题，之前的是上下文")
    stream: bool = Field(default=False, description="以 SSE 流式返回")
    stream_options: dict[str, Any] | None = None


@router.get("/models", summary="模型列表（OpenAI 格式）：只有 plankb")
def models() -> dict[str, Any]:
    return {"object": "list", "data": [{"id": MODEL, "object": "model", "created": STARTED, "owned_by": "plankb"}]}


@router.get("/models/{model}", summary="一个模型（OpenAI 格式）")
def model(model: str) -> dict[str, Any]:
    if model != MODEL:
        raise ApiError(404, f"没有模型“{model}”（可用：{MODEL}）")
    return {"id": MODEL, "object": "model", "created": STARTED, "owned_by": "plankb"}


def text_of(content: str | list[dict[str, Any]] | None) -> str:
    """A message's text: a string, or the text parts of a multi-part content list."""
    if isinstance(content, str):
        return content
    return "".join(str(p.get("text", "")) for p in content or [] if p.get("type") in ("text", "input_text"))


def conversation(messages: list[ChatMessage]) -> tuple[str, list[tuple[str, str]]]:
    """The question (the last user message) and the conversation before it as (question,
    answer) pairs; system messages are not part of it.

    Raises:
        ApiError: no user message, or an empty one.
    """
    last = next((n for n in range(len(messages) - 1, -1, -1) if messages[n].role == "user"), None)
    if last is None:
        raise ApiError(400, "对话中没有用户消息：最后一条用户消息就是要回答的问题")
    question = text_of(messages[last].content).strip()
    if not question:
        raise ApiError(400, "问题为空")
    turns = [{"role": m.role, "content": text_of(m.content)} for m in messages[:last]
             if m.role in ("user", "assistant") and text_of(m.content).strip()]
    return question, pairs(turns)


def _completion_id() -> str:
    return f"chatcmpl-{uuid.uuid4().hex[:24]}"


@router.post("/chat/completions", summary="对话（OpenAI 格式，支持 stream）：回答带出处",
             response_model=None)
def chat_completions(body: ChatRequest, request: Request,
                     kb: Annotated[KnowledgeBase, Depends(get_kb)]) -> JSONResponse | StreamingResponse:
    question, history = conversation(body.messages)
    base = request.app.state.app_url
    model_name = body.model or MODEL
    if body.stream:
        usage = bool((body.stream_options or {}).get("include_usage"))
        return StreamingResponse(_events(kb, request, question, history, model_name, usage),
                                 media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
    answer = make_answer(kb, request.app, question, history)
    content = render(answer, base)
    return JSONResponse({
        "id": _completion_id(), "object": "chat.completion", "created": int(time.time()), "model": model_name,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": _usage(question, content),
        "citations": [c.to_dict(base) for c in answer.citations],
    })


def _usage(question: str, content: str) -> dict[str, int]:
    """Characters stand in for tokens: there is no tokenizer of a model to count with."""
    return {"prompt_tokens": len(question), "completion_tokens": len(content),
            "total_tokens": len(question) + len(content)}


def _sse(data: dict[str, Any] | str) -> str:
    return f"data: {data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)}\n\n"


def pieces(content: str) -> list[str]:
    """The answer cut after each sentence, line or paragraph end, for the stream."""
    return [p for p in re.split(r"(?<=[。；！？\n])", content) if p]


def _events(kb: KnowledgeBase, request: Request, question: str, history: list[tuple[str, str]], model_name: str,
            usage: bool) -> Iterator[str]:
    cid, created = _completion_id(), int(time.time())

    def chunk(delta: dict[str, Any], finish: str | None = None) -> str:
        return _sse({"id": cid, "object": "chat.completion.chunk", "created": created, "model": model_name,
                     "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})

    yield chunk({"role": "assistant", "content": ""})
    results: queue.Queue[tuple[str, Any]] = queue.Queue()

    def work() -> None:
        try:
            results.put(("ok", make_answer(kb, request.app, question, history)))
        except Exception as exc:  # reported in the stream; the traceback goes to the log
            results.put(("error", exc))

    threading.Thread(target=work, name="plankb-answer", daemon=True).start()
    while True:
        try:
            kind, value = results.get(timeout=KEEPALIVE)
            break
        except queue.Empty:
            yield ": 正在检索和核对出处\n\n"
    if kind == "error":
        if isinstance(value, PlanKBError | ApiError):
            status = value.status if isinstance(value, ApiError) else status_of(value)
            yield _sse(error_body(status, str(value)))
        else:
            log.error("unexpected error while answering %r", question, exc_info=value)
            yield _sse(error_body(500, UNEXPECTED))
        yield _sse("[DONE]")
        return
    content = render(value, request.app.state.app_url)
    for piece in pieces(content):
        yield chunk({"content": piece})
    yield chunk({}, "stop")
    if usage:
        yield _sse({"id": cid, "object": "chat.completion.chunk", "created": created, "model": model_name,
                    "choices": [], "usage": _usage(question, content)})
    yield _sse("[DONE]")
