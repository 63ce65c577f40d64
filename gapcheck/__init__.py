"""Gap check: flag where village plans miss or contradict policy requirements.

It runs over an open knowledge base (`index.search.Index`): the catalogue's basis is resolved
in it, and plan passages are embedded by its model (`Index.embed_passages`).

    >>> from gapcheck import check, load_catalogue
    >>> from index.search import Index
    >>> index = Index.open(Settings.from_env())
    >>> report = check("plan.docx", load_catalogue("village_plan", index), index)
    >>> report.to_dict()["results"][0]["status"]
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ingest import Document, load
from ingest.errors import PlanKBError, UnreadableDocument
from ingest.regions import plan_city, region_in_text
from ingest.settings import Settings

from .catalogue import (
    Basis,
    Catalogue,
    Requirement,
    basis_for_plan,
    bundled_index,
    load_catalogue,
    resolve_basis,
)
from .evidence import find_evidence, quotes, requirement_text, sub_items, summary
from .homestead_caps import with_library_caps
from .indicators import Indicator, check_document
from .match import MatchTuning, status_of, tuning_for
from .plan_kind import plan_kind
from .procedure import Meeting, Procedure, Publicity, check_procedure
from .report import Evidence, Finding, Report, from_record, plan_labels, to_record, write
from .transmission import Allocation, check_transmission, read_allocation, village_of

if TYPE_CHECKING:
    from index.search import Index

EVIDENCE_CHARS = 400
# the village_plan catalogue's requirement a failed meeting or 公示 turns into a conflict
PROCEDURE_REQUIREMENT = "VP13"
# the warning of a plan checked without the upper plan given (it allocates nothing to its village)
UPPER_NOT_USED = "未对照上位规划核对："
# 下级国土空间规划 may not exceed or fall below the upper plan's binding indicators
ALLOCATION_BASIS = (("土地管理法", "第十六条"),)


class _Similarity:
    """The index's model for the gap check: plan passages embedded as documents (each distinct
    passage once, cached under PLANKB_HOME by `Index.embed_passages`), requirements as queries
    (once per catalogue)."""

    # requirement vectors per (model, catalogue text), kept for the process: a second check, or
    # the next plan of a batch, does not encode the catalogue again
    _reqs: dict[tuple[str, str], np.ndarray] = {}

    def __init__(self, index: Index) -> None:
        self.index = index

    def requirements(self, reqs: tuple[Requirement, ...]) -> np.ndarray:
        key = (self.index.embedder_name, "\n".join(requirement_text(r) for r in reqs))
        if key not in self._reqs:
            if len(self._reqs) > 16:
                self._reqs.clear()
            self._reqs[key] = np.asarray(self.index.query_encoder.embed_queries([requirement_text(r) for r in reqs]))
        return self._reqs[key]

    def passages(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.index.embed_passages(texts))


def check(plan: str | Path | Document, catalogue: Catalogue | None, index: Index,
          settings: Settings | None = None, similarity: _Similarity | None = None,
          name: str | None = None, upper: str | Path | Allocation | None = None) -> Report:
    """Check one plan against a requirement catalogue.

    Each requirement's sub-items are looked for passage by passage over the whole plan
    (`gapcheck.evidence`); a finding says which were found where and which are missing. The
    indicators are read and judged (`gapcheck.indicators`), the 目标-指标-项目 chain followed
    (`gapcheck.transmission`) and the participation record counted (`gapcheck.procedure`); a
    failed meeting or 公示 turns the procedure requirement into a conflict, as a broken
    indicator rule turns its requirement. A document that is not a village plan (a survey, a
    programme, a project note) is reported as such (`Report.is_plan`, `not_plan_reasons`) with
    no statuses, indicators or chain: judging it as a plan would only mislead.

    Args:
        catalogue: default village_plan, resolved in `index`.
        index: the knowledge base, opened with the caller's Settings (its model embeds the
            plan's passages; `gapcheck.catalogue.bundled_index` is the bundled corpus alone).
        settings: reading limits and OCR for the plan; default the index's.
        similarity: the model wrapper to share across a batch (requirement vectors kept).
        name: the file's name as the user knows it (an upload's original name); default the
            name of `plan`. Reports show it instead of the path.
        upper: the township or county plan, or a CSV/YAML of the indicators it allocates to
            this village (`gapcheck.transmission.read_allocation`), or an allocation already read.

    Raises:
        UnreadableDocument: the plan cannot be read (one-line message naming the file).
    """
    settings = settings or index.settings
    catalogue = catalogue or load_catalogue("village_plan", index)
    doc = plan if isinstance(plan, Document) else load(plan, max_bytes=settings.max_bytes, ocr=settings.ocr_options)
    tuning = tuning_for(index.embedder_name)
    province = doc.region if doc.region else region_in_text(doc.title + "\n" + doc.text)
    city = plan_city(province, doc.title + "\n" + doc.text)
    path = str(getattr(doc, "file", plan))
    warnings = list(doc.warnings)
    is_plan, reasons = plan_kind(doc)
    if not is_plan:
        return Report(plan=path, title=doc.title, province=province, findings=[], indicators=[],
                      catalogue=catalogue.id, warnings=["本文件不是村庄规划：" + "；".join(reasons) + "。未按村庄规划逐项体检"]
                      + warnings, name=name or Path(path).name, city=city, tuning=tuning,
                      is_plan=False, not_plan_reasons=reasons)
    allocation = None
    if upper is not None:
        try:
            allocation = upper if isinstance(upper, dict) else read_allocation(upper, village_of(doc))
        except UnreadableDocument as exc:  # the plan is still checked, without the upper plan
            warnings.append(f"{UPPER_NOT_USED}{exc.reason}")
    caps = with_library_caps(catalogue, index, province, city)   # the homestead cap of the plan's own rules
    indicators = check_document(doc, province, caps, allocation, _allocation_basis(index) if allocation else ())
    conflicts: dict[str, list[Indicator]] = {}
    specs = {s.name: s for s in catalogue.indicators}
    for ind in indicators:
        if ind.status == "conflict" and specs[ind.name].requirement:
            conflicts.setdefault(specs[ind.name].requirement, []).append(ind)
    chain = check_transmission(doc, indicators, allocation)
    warnings += chain.notes
    procedure = check_procedure(doc, index)
    if tuning.by_meaning:
        similarity = similarity or _Similarity(index)
        found = find_evidence(doc, catalogue.requirements, tuning, similarity.passages,
                              similarity.requirements(catalogue.requirements))
    else:
        found = find_evidence(doc, catalogue.requirements, tuning, None, None)
    findings = []
    for req, f in zip(catalogue.requirements, found):
        status = status_of(f.coverage, tuning)
        evidence = [Evidence(p.unit, p.text[:EVIDENCE_CHARS]) for p in quotes(f)]
        evidence.append(Evidence(None, summary(f), where="子项核对"))
        basis = req.basis
        if req.id in conflicts:
            status = "conflict"
            for ind in conflicts[req.id]:
                evidence.insert(0, Evidence(None, f"{ind.source}（{ind.rule}）", where=f"指标：{ind.name}"))
                basis = tuple(dict.fromkeys(basis + ind.basis))
        if req.id == PROCEDURE_REQUIREMENT:
            for where, failed in _procedure_failures(procedure):
                status = "conflict"
                evidence.insert(0, Evidence(None, f"{failed.evidence}（{failed.detail}）".strip("（）"), where=where))
                basis = tuple(dict.fromkeys(basis + failed.basis))
        findings.append(Finding(req, status, f.coverage, evidence, basis_for_plan(basis, province, city),
                                f.present, sub_items=sub_items(f)))
    if not tuning.by_meaning:
        warnings.append(f"本次体检未按语义判断：向量模型 {tuning.embedder} 没有校准过的相似度阈值，"
                        "只依据标题和专有术语判断；没有对应标题的内容可能被误判")
    return Report(plan=path, title=doc.title, province=province, findings=findings, indicators=indicators,
                  catalogue=catalogue.id, warnings=warnings, name=name or Path(path).name, city=city,
                  tuning=tuning, is_plan=True, not_plan_reasons=[], transmission=chain.findings,
                  procedure=procedure)


def _procedure_failures(procedure: Procedure) -> list[tuple[str, Meeting | Publicity]]:
    """The meeting and 公示 checks that failed (unverifiable is not a failure: it is reported as
    无法核实 in the procedure section, never passed and never a conflict)."""
    out: list[tuple[str, Meeting | Publicity]] = []
    if procedure.meeting.status in ("no_quorum", "no_majority"):
        out.append(("程序：村民会议", procedure.meeting))
    if procedure.publicity.status == "too_short":
        out.append(("程序：公示", procedure.publicity))
    return out


def _allocation_basis(index: Index) -> tuple[Basis, ...]:
    return tuple(b for doc, label in ALLOCATION_BASIS if (b := resolve_basis(index, doc, label)) is not None)


def check_many(plans: list[Path], catalogue: Catalogue | None, index: Index,
               settings: Settings | None = None, progress: Callable[[int, int, str], None] | None = None,
               names: list[str] | None = None, upper: str | Path | Allocation | None = None,
               ) -> tuple[list[Report], list[str]]:
    """Check a batch; a plan that cannot be read gives a one-line error and the batch goes on.

    Args:
        catalogue, index, settings: as for `check` (one open index for the batch).
        names: the files' own names, one per plan (uploads saved under another folder); errors
            and reports name a plan by it.
        upper: the upper plan or allocation file for every plan of the batch (read once).
    """
    settings = settings or index.settings
    catalogue = catalogue or load_catalogue("village_plan", index)
    similarity = _Similarity(index)
    reports, errors = [], []
    if upper is not None and not isinstance(upper, dict) and Path(upper).suffix.lower() in (".csv", ".yaml", ".yml"):
        upper = read_allocation(upper)  # one file for all plans: read once (a plan document names villages)
    for n, p in enumerate(plans, start=1):
        name = names[n - 1] if names else None
        try:
            reports.append(check(p, catalogue, index, settings, similarity, name=name, upper=upper))
        except UnreadableDocument as exc:  # named as the user knows the file, not as it was saved
            errors.append(f"{name}: {exc.reason}" if name else str(exc))
        except PlanKBError as exc:
            errors.append(str(exc))
        except Exception as exc:  # a bug on one plan must not stop the batch
            errors.append(f"{name or Path(p).name}: 检查失败（{type(exc).__name__}）")
        if progress:
            progress(n, len(plans), str(p))
    return reports, errors


__all__ = ["MatchTuning", "check", "check_many", "load_catalogue", "bundled_index", "Report", "Finding", "Evidence", "write", "to_record",
           "from_record", "plan_labels"]
