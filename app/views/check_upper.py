"""规划体检 with an upper plan: reading the uploaded township/county plan or allocation table once
for the batch, and running the batch so that an upper plan that cannot be used never costs a
plan its check (no streamlit here: the page shows what these return).

An allocation table (CSV, YAML) is read here, once; a plan document is parsed here once to know
it can be read, and `gapcheck.check` reads from it what it allocates to each plan's village. A
plan for a village the upper plan allocates nothing to is checked without it, and the run
says so.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from gapcheck import UPPER_NOT_USED, check_many
from gapcheck.catalogue import Catalogue
from gapcheck.report import Report
from gapcheck.transmission import Allocation, read_allocation
from index.search import Index
from ingest import load
from ingest.errors import PlanKBError
from ingest.settings import Settings

TABLE_SUFFIXES = (".csv", ".yaml", ".yml")
# what the upload box takes besides plan documents: the allocation tables
TABLE_TYPES = ["csv", "yaml", "yml"]
# notes the page keeps in a report's warnings: whether (and which) upper plan it was checked against
USED = "已对照上位规划："
NOT_USED = "未对照上位规划："

Upper = Path | Allocation


def read_upper(path: Path, name: str, settings: Settings) -> tuple[Upper | None, str]:
    """The upper plan for a batch: an allocation read from a table, or a plan document known to
    be readable; or None and a one-line message saying why and that the batch goes on without it."""
    try:
        if path.suffix.lower() in TABLE_SUFFIXES:
            allocation = read_allocation(path)
            allocation.file = name
            return allocation, ""
        load(path, max_bytes=settings.max_bytes, ocr=settings.ocr_options)
        return path, ""
    except PlanKBError as exc:
        reason = getattr(exc, "reason", "") or str(exc)
        return None, f"上位规划 {name} 无法读取：{reason}。本次体检未对照上位规划。"


def check_batch(paths: list[Path], names: list[str], catalogue: Catalogue, index: Index, settings: Settings,
                upper_file: Path | None = None, upper_name: str = "",
                progress: Callable[[int, int, str], None] | None = None) -> tuple[list[Report], list[str]]:
    """`check_many` against the upper plan saved at `upper_file` (shown as `upper_name`).

    An upper plan that cannot be read is left out, with a message, and the batch goes on; a
    plan the upper plan allocates nothing to is checked without it (`gapcheck.check` notes it in
    the report's warnings), and the messages say so. Reports keep upload order and note in their warnings whether the
    upper plan was used (`USED`, `NOT_USED`).
    """
    upper, problem = read_upper(upper_file, upper_name, settings) if upper_file else (None, "")
    reports, errors = check_many(paths, catalogue, index, settings, names=names, progress=progress, upper=upper)
    notes: dict[str, str] = {}
    if upper is None:
        if upper_name:  # uploaded, but not readable (or refused before it was saved)
            notes = {r.plan: "上位规划无法读取" if problem else "上位规划未能保存" for r in reports}
        errors = [problem, *errors] if problem else errors
    else:
        for r in reports:
            reason = next((w[len(UPPER_NOT_USED):] for w in r.warnings if w.startswith(UPPER_NOT_USED)), None)
            if reason is not None:
                r.warnings = [w for w in r.warnings if not w.startswith(UPPER_NOT_USED)]
                notes[r.plan] = reason
                errors.append(f"{r.name}：未对照上位规划核对（{reason}）。")
    for r in reports:
        if r.is_plan and r.plan in notes:
            r.warnings.append(f"{NOT_USED}{notes[r.plan]}")
        elif r.is_plan and upper is not None:
            r.warnings.append(f"{USED}{upper_name}")
    return reports, errors
