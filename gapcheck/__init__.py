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

from .catalogue import Catalogue, Requirement, basis_for_plan, bundled_index, load_catalogue
from .indicators import Indicator, check_indicators
from .match import (
    Candidate,
    MatchTuning,
    best_match,
    candidates,
    is_structured,
    status_of,
    topic_words,
    tuning_for,
)
from .report import Evidence, Finding, Report, from_record, plan_labels, to_record, write

if TYPE_CHECKING:
    from index.search import Index

EVIDENCE_CHARS = 400


class _Similarity:
    """Requirement-to-passage cosine with the index's model; each distinct passage embedded
    once (cached under PLANKB_HOME by `Index.embed_passages`).

    Returns, per candidate, the cosine with the requirement and whether that requirement is the
    candidate's closest one among all requirements of the catalogue (its topic).
    """

    def __init__(self, index: Index) -> None:
        self.index = index
        self._reqs: dict[str, tuple[list[str], np.ndarray]] = {}

    def _requirement_vectors(self, catalogue_reqs: tuple[Requirement, ...]) -> tuple[list[str], np.ndarray]:
        key = ",".join(r.id for r in catalogue_reqs)
        if key not in self._reqs:
            texts = [f"{r.name}：{r.description}（{'、'.join(s.name for s in r.sub_items)}）" for r in catalogue_reqs]
            self._reqs[key] = ([r.id for r in catalogue_reqs], self.index.query_encoder.embed_queries(texts))
        return self._reqs[key]

    def __call__(self, req: Requirement, cands: list[Candidate], all_reqs: tuple[Requirement, ...]) -> list[tuple[float, bool]]:
        ids, req_vectors = self._requirement_vectors(all_reqs)
        vectors = self.index.embed_passages([c.body[:500] for c in cands])
        sims = vectors @ req_vectors.T
        mine = ids.index(req.id)
        return [(float(row[mine]), int(np.argmax(row)) == mine) for row in sims]


def check(plan: str | Path | Document, catalogue: Catalogue | None, index: Index,
          settings: Settings | None = None, similarity=None, name: str | None = None) -> Report:
    """Check one plan against a requirement catalogue.

    Args:
        catalogue: default village_plan, resolved in `index`.
        index: the knowledge base, opened with the caller's Settings (its model embeds the
            plan's passages; `gapcheck.catalogue.bundled_index` is the bundled corpus alone).
        settings: reading limits and OCR for the plan; default the index's.
        name: the file's name as the user knows it (an upload's original name); default the
            name of `plan`. Reports show it instead of the path.

    Raises:
        UnreadableDocument: the plan cannot be read (one-line message naming the file).
    """
    settings = settings or index.settings
    catalogue = catalogue or load_catalogue("village_plan", index)
    doc = plan if isinstance(plan, Document) else load(plan, max_bytes=settings.max_bytes, ocr=settings.ocr_options)
    similarity = similarity or _Similarity(index)
    tuning = tuning_for(index.embedder_name)
    units = doc.units()
    cands = candidates(units, topic_words(catalogue.requirements))
    province = doc.region if doc.region else region_in_text(doc.title + "\n" + doc.text)
    city = plan_city(province, doc.title + "\n" + doc.text)
    indicators = check_indicators(doc.text, doc.text.split("\n"), province, catalogue)
    conflicts: dict[str, list[Indicator]] = {}
    specs = {s.name: s for s in catalogue.indicators}
    for ind in indicators:
        if ind.status == "conflict" and specs[ind.name].requirement:
            conflicts.setdefault(specs[ind.name].requirement, []).append(ind)
    structured = is_structured(catalogue.requirements, cands, tuning)
    findings = []
    for req in catalogue.requirements:
        m = best_match(req, cands, lambda r, cs: similarity(r, cs, catalogue.requirements), structured, tuning)
        status = status_of(m, structured, tuning)
        evidence = []
        if m.candidate is not None and status != "missing":
            evidence = [Evidence(u, (m.candidate.quote or u.text)[:EVIDENCE_CHARS]) for u in m.candidate.units[:3]]
        basis = req.basis
        if req.id in conflicts:
            status = "conflict"
            for ind in conflicts[req.id]:
                evidence.insert(0, Evidence(None, f"{ind.source}（{ind.rule}）", where=f"指标：{ind.name}"))
                basis = tuple(dict.fromkeys(basis + ind.basis))
        score = m.coverage if status != "missing" else 0.0
        findings.append(Finding(req, status, score, evidence, basis_for_plan(basis, province, city),
                                m.present if status != "missing" else []))
    path = str(getattr(doc, "file", plan))
    warnings = list(doc.warnings)
    if not tuning.by_meaning:
        warnings.append(f"本次体检未按语义判断：向量模型 {tuning.embedder} 没有校准过的相似度阈值，"
                        "只依据章节标题和关键词判断；没有对应标题的内容可能被误判")
    return Report(plan=path, title=doc.title, province=province, findings=findings, indicators=indicators,
                  catalogue=catalogue.id, warnings=warnings, name=name or Path(path).name, city=city,
                  tuning=tuning)


def check_many(plans: list[Path], catalogue: Catalogue | None, index: Index,
               settings: Settings | None = None, progress: Callable[[int, int, str], None] | None = None,
               names: list[str] | None = None) -> tuple[list[Report], list[str]]:
    """Check a batch; a plan that cannot be read gives a one-line error and the batch goes on.

    Args:
        catalogue, index, settings: as for `check` (one open index for the batch).
        names: the files' own names, one per plan (uploads saved under another folder); errors
            and reports name a plan by it.
    """
    settings = settings or index.settings
    catalogue = catalogue or load_catalogue("village_plan", index)
    similarity = _Similarity(index)
    reports, errors = [], []
    for n, p in enumerate(plans, start=1):
        name = names[n - 1] if names else None
        try:
            reports.append(check(p, catalogue, index, settings, similarity, name=name))
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
