"""GET, POST and DELETE /v1/documents: the library, as `plankb list --json`, the 文库 page's
upload and `plankb remove`."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, UploadFile
from fastapi.responses import JSONResponse

from api.deps import get_kb
from api.errors import error_response
from api.kb import KnowledgeBase
from api.uploads import discard, receive
from index.lifecycle import add, remove

router = APIRouter(tags=["文库"])


@router.get("/documents", summary="列出知识库中的文件（同 plankb list --json）")
def list_documents(kb: Annotated[KnowledgeBase, Depends(get_kb)]) -> JSONResponse:
    return JSONResponse([d.to_dict() for d in kb.index().docs])


@router.post("/documents", summary="上传文件入库（PDF、DOCX、TXT、MD、HTML、扫描图片；同名文件替换）",
             responses={413: {"description": "文件超过大小上限"}, 415: {"description": "不支持的文件类型"},
                        422: {"description": "文件无法读取"}})
def upload_documents(files: Annotated[list[UploadFile], File(description="一个或多个文件")],
                     kb: Annotated[KnowledgeBase, Depends(get_kb)]) -> JSONResponse:
    """Parse and index the files; a file that cannot be used is reported and the others are
    added. Any refusal makes the status 4xx, with the one-line messages joined and what was
    added listed beside them; the knowledge base keeps everything it held."""
    settings = kb.settings
    kb.generation()   # an empty home gets the bundled corpus first, as the 文库 page does
    saved, _, refused = receive(settings.home, files, settings.max_bytes)
    report = add(settings, saved) if saved else None
    failed = [e.message for e in report.errors] if report else []
    if report and report.errors:
        bad = {Path(e.file).name for e in report.errors}
        discard([p for p in saved if p.name in bad])
    added = report.added if report else []
    replaced = report.replaced if report else []
    index = kb.index() if added or replaced else None
    body: dict[str, object] = {"added": added, "replaced": replaced, "errors": refused + failed,
            "documents": [index.by_id[i].to_dict() for i in added + replaced if i in index.by_id] if index else []}
    if not refused and not failed:
        return JSONResponse(body)
    return error_response(_status(refused, failed), "；".join(refused + failed), body)


def _status(refused: list[str], failed: list[str]) -> int:
    messages = refused + failed
    if all("超过上限" in m for m in messages):
        return 413
    if all("不支持的文件类型" in m for m in messages):
        return 415
    return 422


@router.delete("/documents/{doc}", summary="从知识库删除一个文件（编号、标题或简称，同 plankb remove）",
               responses={404: {"description": "没有这个文件"}})
def delete_document(doc: str, kb: Annotated[KnowledgeBase, Depends(get_kb)]) -> JSONResponse:
    kb.generation()
    removed = remove(kb.settings, doc)
    return JSONResponse({"removed": removed.to_dict(), "message": f"已删除：{removed.title}（{removed.doc_id}）"})
