"""POST /v1/check: village plans in, the report JSON of `plankb check --json` out. The plans
are read in a temporary folder and never added to the library, as on the 规划体检 page."""
from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, UploadFile
from fastapi.responses import JSONResponse

from api.deps import get_kb
from api.errors import ApiError, error_response
from api.kb import KnowledgeBase
from api.uploads import receive
from app.views.check_upper import read_upper
from gapcheck import check_many

router = APIRouter(tags=["规划体检"])


@router.post("/check", summary="规划体检：逐项检查村庄规划（同 plankb check --json）",
             responses={422: {"description": "有规划无法读取（已体检的仍在 reports 中）"}})
def check(kb: Annotated[KnowledgeBase, Depends(get_kb)],
          plans: Annotated[list[UploadFile], File(description="一份或多份村庄规划")],
          upper: Annotated[UploadFile | None, File(description="上位规划，或其下达本村指标的 CSV/YAML")] = None,
          catalogue: Annotated[str, Form(description="要求目录名")] = "village_plan") -> JSONResponse:
    """One report per readable plan, in upload order. A plan that cannot be read makes the
    status 422 with its one-line message; the others' reports are still in `reports`."""
    if not re.fullmatch(r"[A-Za-z0-9_-]+", catalogue):   # a name only: no path on the server
        raise ApiError(400, f"要求目录名不合法：{catalogue}")
    settings = kb.settings
    index = kb.index()
    cat = kb.catalogue(catalogue, index)
    with tempfile.TemporaryDirectory(prefix="plankb-check-") as tmp:
        paths, names, refused = receive(Path(tmp), plans, settings.max_bytes)
        allocation = None
        if upper is not None and upper.filename:
            upper_paths, upper_names, upper_refused = receive(Path(tmp) / "upper", [upper], settings.max_bytes)
            if upper_refused:
                raise ApiError(413, f"上位规划 {upper_refused[0]}")
            allocation, problem = read_upper(upper_paths[0], upper_names[0], settings)
            if allocation is None:
                raise ApiError(422, problem.replace("本次体检未对照上位规划。", "请检查文件后重试。"))
        reports, errors = check_many(paths, cat, index, settings, names=names, upper=allocation) if paths else ([], [])
    # a plan is named as the client sent it, not by the temporary file it was read from
    body = [{**r.to_dict(), "plan": r.name or r.plan} for r in reports]
    if not refused and not errors:
        return JSONResponse(body)
    status = 413 if refused and not errors and all("超过上限" in m for m in refused) else 422
    return error_response(status, "；".join(refused + errors), {"reports": body})
