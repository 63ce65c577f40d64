"""GET /v1/search: the hits of `plankb search --json`, with the same options."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from api.deps import get_kb
from api.errors import ApiError
from api.kb import KnowledgeBase
from index.search import Filters
from ingest import KINDS

router = APIRouter(tags=["检索"])
MAX_K = 200


@router.get("/search", summary="检索知识库：自然语言问题或条文引用（同 plankb search --json）")
def search(kb: Annotated[KnowledgeBase, Depends(get_kb)],
           q: Annotated[str, Query(description="问题或条文引用，如 宅基地面积标准、土地管理法第六十二条")],
           k: Annotated[int, Query(ge=1, le=MAX_K, description="返回条数")] = 10,
           mode: Annotated[Literal["hybrid", "dense", "keyword"],
                           Query(description="hybrid 综合、dense 语义、keyword 关键词")] = "hybrid",
           kind: Annotated[str | None, Query(description=f"文件类型：{'、'.join(KINDS)}")] = None,
           region: Annotated[str | None, Query(description="地区（前缀匹配，如 浙江省）")] = None,
           national: Annotated[bool, Query(description="仅全国性文件")] = False,
           doc: Annotated[str | None, Query(description="限定文件（编号、标题或简称）")] = None,
           issuer: Annotated[str | None, Query(description="发布机关（包含匹配）")] = None,
           date_from: Annotated[str | None, Query(description="起始日期 YYYY-MM-DD")] = None,
           date_to: Annotated[str | None, Query(description="截止日期 YYYY-MM-DD")] = None) -> JSONResponse:
    """A list of hits: rank, score, doc_id, title, label, path, page, text, matched_terms."""
    if not q.strip():
        raise ApiError(400, "问题为空")
    if kind and kind not in KINDS:
        raise ApiError(400, f"未知的文件类型“{kind}”（可用：{'、'.join(KINDS)}）")
    filters = Filters(kind=kind or None, region=region or None, national=national, doc=doc or None,
                      issuing_body=issuer or None, date_from=date_from or None, date_to=date_to or None)
    hits = kb.index().search(q, k, mode, filters)
    return JSONResponse([h.to_dict() for h in hits])
