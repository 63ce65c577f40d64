"""Searching the knowledge base: `Index.open(settings).search(query)` -> list of `Hit`.

Modes: hybrid (default: weighted rank fusion of dense and keyword results, then priors for
the documents and regions a query names), dense, keyword. A query that cites an article
(土地管理法第六十二条, 土地法第62条) gets that article first; `citation_notes` says when the cited
article does not exist. Split parts of one article come back as one hit. `find_document` and
`find_clause` resolve the references people write (村组法, 第22条).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from ingest import Clause
from ingest.errors import IndexMismatch, PlanKBError
from ingest.names import DocumentNames, document_name_in, resolve
from ingest.settings import Settings

from .catalogue import Catalogue, ChunkRow, DocRecord
from .citation import Citation, CitationNote, label_forms, missing_label_note
from .embed import create_embedder
from .embed.batcher import QueryBatcher
from .hybrid import SearchTuning, fusion
from .keyword import KeywordIndex, top_rows
from .lifecycle import BUNDLED_ROOT
from .query import QueryInfo, analyse, highlight_terms, term_spans
from .store import read_manifest, require_generation
from .vectors import Pushdown, create_vector_store, read_spec
from .vectors.base import LIKE_UNSAFE

__all__ = ["MODES", "Filters", "Hit", "Index", "highlight_terms"]  # highlight_terms: for the app

MODES = ("hybrid", "dense", "keyword")
QUERY_CACHE = 1024
# fusion, weights and priors: index.hybrid.SearchTuning (tuned on the development questions)
LOCAL_RULE_KINDS = ("地方性法规", "地方政府规章", "规范性文件", "政策文件")  # plans and other uploads are never penalised
RARE_SHARE = 0.005           # a query word in at most this share of chunks is rare (distinctive)


@dataclass(frozen=True)
class Filters:
    """Restrict a search: kind, region (prefix, e.g. 浙江; national = documents of no region),
    document, issuing body, dates."""

    kind: str | None = None
    region: str | None = None
    national: bool = False
    doc: str | None = None
    issuing_body: str | None = None
    date_from: str | None = None
    date_to: str | None = None

    def empty(self) -> bool:
        return not any(vars(self).values())


@dataclass(frozen=True)
class Hit:
    """One result: a whole clause (split parts merged), its score and how it was found."""

    clause: Clause
    score: float
    rank: int
    ranks: dict[str, int] = field(default_factory=dict)
    matched_terms: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON hit contract of `plankb search --json`."""
        c = self.clause
        return {"rank": self.rank, "score": round(float(self.score), 6), "doc_id": c.doc_id,
                "title": c.doc_title, "label": c.label, "path": list(c.path), "page": c.page,
                "text": c.text, "matched_terms": list(self.matched_terms)}


class Index:
    """A loaded, read-only generation of the knowledge base (safe to share between threads)."""

    def __init__(self, folder: Path, settings: Settings, tuning: SearchTuning | None = None) -> None:
        """Load a generation.

        Args:
            tuning: fusion, weights and priors; default today's tuning with `settings.fusion`.
                The fusion function is chosen here, once.
        """
        self.folder = folder
        self.settings = settings
        self.tuning = tuning or SearchTuning(fusion=settings.fusion)
        self._fuse = fusion(self.tuning)
        self.manifest = read_manifest(folder)
        built = self.manifest.embedder
        if settings.embedder:
            wanted = create_embedder(settings.embedder)
            if wanted.name != built.name:
                raise IndexMismatch(f"知识库由向量模型 {built.name}（{built.dim} 维）建立，"
                                    f"不能用 {wanted.name} 检索；请改用该模型或重建知识库")
        self._embedder_name = built.name
        self._embedder = None
        self._batcher: QueryBatcher | None = None
        self._lock = threading.RLock()
        self._query_cache: dict[str, np.ndarray] = {}
        self.catalogue = Catalogue(folder / "catalogue.sqlite", readonly=True)
        self.docs: list[DocRecord] = self.catalogue.documents()
        self.by_id = {d.doc_id: d for d in self.docs}
        count = self.manifest.counts.chunks
        self.store = create_vector_store(read_spec(settings.store, self.manifest), built.dim, settings.milvus)
        self.store.load(folder, count)
        self.keyword = KeywordIndex()
        self.keyword.load(folder / "bm25", count)
        self._row_doc = np.zeros(count, dtype=np.int32)
        for n, d in enumerate(self.docs):
            self._row_doc[d.row_start:d.row_end] = n
        self.names = DocumentNames(self.docs)

    @classmethod
    def open(cls, settings: Settings, tuning: SearchTuning | None = None) -> Index:
        """Open the live generation at `settings.home` (built at the edge: the CLI's options,
        `app.state.settings()`, or `Settings.from_env(home=...)` in a script).

        Raises:
            IndexMissing, IndexDamaged, IndexMismatch.
        """
        return cls(require_generation(settings.home), settings, tuning)

    @property
    def embedder_name(self) -> str:
        """The name of the model that built the index (`Embedder.name`)."""
        return self._embedder_name

    @property
    def embedder(self):  # type: ignore[no-untyped-def]
        with self._lock:
            if self._embedder is None:
                name = self._embedder_name
                self._embedder = create_embedder("st:" + name[3:] if name.startswith("st:") else name)
            return self._embedder

    @property
    def query_encoder(self) -> QueryBatcher:
        """The embedder behind a batcher: the app asks from many sessions' threads, and
        questions arriving together are encoded in one call."""
        with self._lock:
            if self._batcher is None:
                self._batcher = QueryBatcher(self.embedder)
            return self._batcher

    def close(self) -> None:
        self.catalogue.close()

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Vectors of passages from outside the knowledge base (a plan's paragraphs for the gap
        check), encoded as documents by the model that built the index; each distinct passage
        is embedded once and kept in the embedding cache under PLANKB_HOME.

        Returns:
            One normalised row per text, in order (shape len(texts) × dim).
        """
        from .build import EmbeddingCache, embed_with_cache

        cache = EmbeddingCache(self.settings.home, self.embedder.name)  # one connection per call: any thread
        try:
            return embed_with_cache(list(texts), self.embedder, cache, None)
        finally:
            cache.close()

    def _embed_queries(self, texts: list[str]) -> np.ndarray:
        """Query vectors, remembered for the last QUERY_CACHE distinct questions."""
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._query_cache]
        if missing:
            vectors = self.query_encoder.embed_queries(missing)
            with self._lock:
                for t, v in zip(missing, vectors):
                    self._query_cache[t] = v
                    if len(self._query_cache) > QUERY_CACHE:
                        self._query_cache.pop(next(iter(self._query_cache)))
        with self._lock:
            return np.vstack([self._query_cache[t] for t in texts])

    # -- filters ---------------------------------------------------------------------
    def _pushdown(self, filters: Filters | None) -> Pushdown | None:
        """The filter in the terms of the stored fields (a named document becomes its ids)."""
        if filters is None or filters.empty():
            return None
        doc_ids = None
        if filters.doc:
            found = self.names.lookup(filters.doc)
            doc_ids = (found,) if found else ()
        where = Pushdown(kind=filters.kind or None, region=(filters.region or "").strip() or None,
                         national=filters.national, doc_ids=doc_ids,
                         issuing_body=filters.issuing_body or None, date_from=filters.date_from or None,
                         date_to=filters.date_to or None)
        if where.issuing_body or any(ch in (where.region or "") for ch in LIKE_UNSAFE):
            # substrings (Milvus before 2.4 matches prefixes only) and text a LIKE pattern would
            # read as wildcards: matched here against the catalogue, sent as the documents' ids
            where = replace(where, region=None, issuing_body=None,
                            doc_ids=tuple(d.doc_id for d in self.docs if _kept(d, where)))
        return where

    def _allowed(self, where: Pushdown | None) -> np.ndarray | None:
        """The rows a filter keeps (for BM25 and local vector stores)."""
        if where is None:
            return None
        keep = [np.arange(d.row_start, d.row_end, dtype=np.int64) for d in self.docs if _kept(d, where)]
        return np.concatenate(keep) if keep else np.zeros(0, dtype=np.int64)

    # -- search ----------------------------------------------------------------------
    def search(self, query: str, k: int = 10, mode: str = "hybrid", filters: Filters | None = None) -> list[Hit]:
        return self.search_many([query], k, mode, filters)[0]

    def search_many(self, queries: list[str], k: int = 10, mode: str = "hybrid",
                    filters: Filters | None = None) -> list[list[Hit]]:
        """Search several queries at once (dense queries are embedded in one batch)."""
        if mode not in MODES:
            raise PlanKBError(f"未知的检索模式 {mode!r}（可用：{'、'.join(MODES)}）")
        where = self._pushdown(filters)
        allowed = self._allowed(where)
        infos = [analyse(q) for q in queries]
        dense: list[tuple[np.ndarray, np.ndarray]] = [(np.zeros(0), np.zeros(0, dtype=np.int64))] * len(queries)
        if mode in ("hybrid", "dense") and self.store.count:
            qv = self._embed_queries([i.dense_text for i in infos])
            scores, rows = self.store.search(qv, self.tuning.candidates, allowed, where)
            dense = [(scores[n][rows[n] >= 0], rows[n][rows[n] >= 0]) for n in range(len(queries))]
        results: list[list[Hit]] = []
        for n, info in enumerate(infos):
            if allowed is not None and len(allowed) == 0:
                results.append([])
                continue
            kw = (self._keyword(info, allowed) if mode in ("hybrid", "keyword")
                  else (np.zeros(0), np.zeros(0, dtype=np.int64)))
            results.append(self._rank(info, dense[n], kw, k, mode, allowed))
        return results

    def _keyword(self, info: QueryInfo, allowed: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """BM25 over the query's own words plus, at lower weight, its lay-language expansions."""
        scores = self.keyword.scores(info.keyword_tokens)
        if info.expansion_tokens:
            scores = scores + self.tuning.expansion_weight * self.keyword.scores(info.expansion_tokens)
        return top_rows(scores, self.tuning.candidates, allowed)

    def _rank(self, info: QueryInfo, dense, kw, k: int, mode: str, allowed) -> list[Hit]:  # type: ignore[no-untyped-def]
        rankings: dict[str, list[int]] = {}
        if mode in ("hybrid", "dense"):
            rankings["dense"] = [int(r) for r in dense[1]]
        if mode in ("hybrid", "keyword"):
            rankings["keyword"] = [int(r) for r in kw[1]]
        if mode == "hybrid":
            scores = self._fuse(rankings, {"dense": dict(zip(rankings["dense"], map(float, dense[0]))),
                                           "keyword": dict(zip(rankings["keyword"], map(float, kw[0])))})
            scores = self._apply_priors(info, scores)
        else:
            raw = dense[0] if mode == "dense" else kw[0]
            scores = {r: float(s) for r, s in zip(rankings[mode], raw)}
        strong, weak = self._cited_rows(info, allowed)
        top = max(scores.values(), default=0.0)
        for row in weak:  # every document's 第X条: above other results, ordered by relevance
            scores[row] = top + 1.0 + scores.get(row, 0.0)
        numbered = self._numbered_rows(info, allowed, scores)
        top = max(scores.values(), default=0.0)
        for row, score in numbered.items():  # the documents named by 文号: above all but cited articles
            scores[row] = top + 1.0 + score
        top = max(scores.values(), default=0.0)
        for n, row in enumerate(strong):  # the cited article of a named document: first, in order
            scores[row] = top + 1.0 + (len(strong) - n)
        ranks = {name: {row: r for r, row in enumerate(rows, start=1)} for name, rows in rankings.items()}
        return self._hits(info, scores, ranks, k)

    def _numbered_rows(self, info: QueryInfo, allowed: np.ndarray | None, scores: dict[int, float]) -> dict[int, float]:
        """Rows of the documents the query names by 文号 (京政发〔2020〕15号, 国务院令第746号), with
        their order among themselves: a query of nothing but the number opens the document at its
        start (its first units in order); with other words, that document's units as they scored
        (its first unit when none did)."""
        out: dict[int, float] = {}
        if not info.doc_numbers:
            return out
        allowed_docs = self._allowed_docs(allowed)
        for doc_id in reversed(self.names.numbered(info.text)):  # stacked: the first named ranks first
            if allowed_docs is not None and doc_id not in allowed_docs:
                continue
            d = self.by_id[doc_id]
            base = max(out.values(), default=-1.0) + 1.0
            scored = [] if info.only_doc_numbers else [r for r in scores if d.row_start <= r < d.row_end]
            if scored:
                out.update({r: base + scores[r] for r in scored})
            else:
                rows = range(d.row_start, min(d.row_end, d.row_start + self.tuning.candidates))
                out.update({r: base + (d.row_end - r) / (d.row_end - d.row_start + 1.0) for r in rows})
        return out

    def _apply_priors(self, info: QueryInfo, scores: dict[int, float]) -> dict[int, float]:
        """Boost the documents and regions a query names. A query naming no region puts national
        law before the bundled local rules, but not before documents the user added, nor before a
        clause holding the query's rare words (see `_distinctive_rows`): a prior must not bury
        what the user's own words point to."""
        named_docs = self.names.mentioned(info.text) | set(self.names.numbered(info.text))
        for cit in info.citations:
            named_docs.update(self.names.resolve(cit.doc_hint))
        distinctive: set[int] | None = None
        out = {}
        for row, s in scores.items():
            d = self.docs[self._row_doc[row]]
            if d.doc_id in named_docs:
                s *= self.tuning.doc_mention_boost
            if d.region and info.regions:
                s *= _region_factor(d.region, info.regions, self.tuning)
            elif d.region and d.kind in LOCAL_RULE_KINDS and d.source_root == BUNDLED_ROOT:
                distinctive = self._distinctive_rows(info) if distinctive is None else distinctive
                s *= 1.0 if row in distinctive else self.tuning.local_penalty
            out[row] = s
        return out

    def _distinctive_rows(self, info: QueryInfo) -> set[int]:
        """Rows that hold every rare word of the query, in a document that alone holds one of
        them (两山合作社 in one county's 办法; not 宅基地面积, which several provinces' rules use)."""
        limit = max(1.0, RARE_SHARE * self.keyword.count)
        rows: np.ndarray | None = None
        own: set[int] = set()
        for token in dict.fromkeys(t for t in info.keyword_tokens if len(t) >= 2):
            present = self.keyword.scores([token]) > 0
            if 0 < np.count_nonzero(present) <= limit:
                rows = present if rows is None else rows & present
                docs = np.unique(self._row_doc[present])
                if len(docs) == 1:
                    own.add(int(docs[0]))
        if rows is None:
            return set()
        return {int(r) for r in np.flatnonzero(rows) if int(self._row_doc[r]) in own}

    def _allowed_docs(self, allowed: np.ndarray | None) -> set[str] | None:
        return None if allowed is None else {self.docs[i].doc_id for i in np.unique(self._row_doc[allowed])}

    def _citation_docs(self, cit: Citation, allowed_docs: set[str] | None) -> tuple[list[str] | None, bool]:
        """The documents a citation points into (None: all) and whether it names them
        (strong: the article comes first) or not (weak: every document's 第X条 ranks high).

        A hint that spells a document the knowledge base lacks (物业管理条例第十条) points nowhere:
        other documents' 第十条 would not answer it.
        """
        doc_ids = self.names.resolve(cit.doc_hint) if cit.doc_hint else []
        if doc_ids:
            return ([d for d in doc_ids if d in allowed_docs] if allowed_docs is not None else doc_ids), True
        if document_name_in(cit.doc_hint):
            return [], True
        # 第二十二条 with a document filter, or alone: that label in every allowed document
        if allowed_docs is None:
            return None, False
        return sorted(allowed_docs), len(allowed_docs) <= 3

    def _cited_rows(self, info: QueryInfo, allowed: np.ndarray | None) -> tuple[list[int], list[int]]:
        """Rows of the articles the query cites: (of a named or filtered document, bare labels)."""
        allowed_docs = self._allowed_docs(allowed)
        strong: list[int] = []
        weak: list[int] = []
        for cit in info.citations:
            doc_ids, named = self._citation_docs(cit, allowed_docs)
            target = strong if named else weak
            for r in self.catalogue.rows_with_label(cit.label, doc_ids):
                if r.part <= 1 and r.row not in strong + weak:
                    target.append(r.row)
        return strong, weak

    def _hits(self, info: QueryInfo, scores: dict[int, float], ranks: dict[str, dict[int, int]], k: int) -> list[Hit]:
        order = sorted(scores, key=lambda r: -scores[r])
        seen: set[tuple[str, int]] = set()
        picked: list[tuple[int, float]] = []
        meta: dict[int, ChunkRow] = {}
        batch = k * 4
        for start in range(0, len(order), batch):  # parts of one unit collapse: read ahead in batches
            meta.update(self.catalogue.rows(order[start:start + batch]))
            for row in order[start:start + batch]:
                key = (meta[row].doc_id, meta[row].seq)
                if key not in seen:
                    seen.add(key)
                    picked.append((row, scores[row]))
            if len(picked) >= k:
                break
        picked = picked[:k]
        hits = []
        for rank, (row, score) in enumerate(picked, start=1):
            r = meta[row]
            d = self.by_id[r.doc_id]
            clause = self._whole_clause(r, d)
            hits.append(Hit(clause=clause, score=score, rank=rank,
                            ranks={name: rk[row] for name, rk in ranks.items() if row in rk},
                            matched_terms=tuple(t for t in info.terms if term_spans(clause.text, t))))
        return hits

    def _whole_clause(self, r: ChunkRow, d: DocRecord, parts: list[ChunkRow] | None = None) -> Clause:
        """Merge the split parts of one unit back into the whole clause."""
        if r.parts <= 1:
            return r.clause(d.title, d.kind)
        parts = parts or self.catalogue.unit_rows(d.doc_id, r.seq)
        first = parts[0].clause(d.title, d.kind)
        text = "".join(p.text for p in parts)
        return replace(first, text=text, end=parts[-1].end, page_end=parts[-1].page_end or first.page_end,
                       part=0, parts=1)

    # -- reading ---------------------------------------------------------------------
    def clauses(self, doc_id: str) -> list[Clause]:
        """All units of a document in order (split parts merged)."""
        d = self.by_id[doc_id]
        units: dict[int, list[ChunkRow]] = {}
        for r in self.catalogue.chunk_rows(doc_id):  # one query for the document, parts grouped here
            units.setdefault(r.seq, []).append(r)
        return [self._whole_clause(parts[0], d, parts) for parts in units.values()]

    def clause(self, doc_id: str, label: str) -> Clause | None:
        for c in self.clauses(doc_id):
            if c.label == label:
                return c
        return None

    def find_document(self, ref: str) -> DocRecord | None:
        """The document `ref` names: id (城乡规划法), title with or without 《》, short title, alias,
        abbreviation (土地法, 村组法) or a fragment of one title; None if none or several
        (`ingest.names.resolve`)."""
        return resolve(ref, self.docs, self.names)

    def find_clause(self, doc_id: str, label: str) -> Clause | None:
        """A clause by document (any reference `find_document` takes) and label as people write
        it: 第二十二条, 第22条, 第 22 条, 22, （二十四）, (24), 二十四. None if either is missing."""
        record = self.find_document(doc_id)
        if record is None:
            return None
        clauses = self.clauses(record.doc_id)
        for form in label_forms(label):
            found = next((c for c in clauses if c.label == form), None)
            if found is not None:
                return found
        return None

    def citation_notes(self, query: str, filters: Filters | None = None) -> list[CitationNote]:
        """What a query cites that is not there: 城乡规划法第九十九条 -> one note whose `message` is
        《中华人民共和国城乡规划法》没有第九十九条（共七十条），最接近的是第七十条. Empty when every
        citation resolves (or the query cites nothing)."""
        allowed_docs = self._allowed_docs(self._allowed(self._pushdown(filters)))
        notes: list[CitationNote] = []
        for cit in analyse(query).citations:
            doc_ids, named = self._citation_docs(cit, allowed_docs)
            if not named or self.catalogue.rows_with_label(cit.label, doc_ids):
                continue
            unknown = document_name_in(cit.doc_hint) if not self.names.resolve(cit.doc_hint) else ""
            if unknown:
                notes.append(CitationNote("", unknown, cit.label, 0, ()))
            for doc_id in doc_ids or []:
                labels = [r.label for r in self.catalogue.chunk_rows(doc_id)]
                note = missing_label_note(doc_id, self.by_id[doc_id].title, cit.label, labels)
                if note is not None:
                    notes.append(note)
        return notes


def _kept(d: DocRecord, where: Pushdown) -> bool:
    """Does a document pass the filter (the same rules the Milvus expression states)?"""
    return ((not where.kind or d.kind == where.kind)
            and (not where.region or (d.region or "").startswith(where.region))
            and (not where.national or not d.region)
            and (where.doc_ids is None or d.doc_id in where.doc_ids)
            and (not where.issuing_body or where.issuing_body in (d.issuing_body or ""))
            and (not where.date_from or bool(d.date and d.date >= where.date_from))
            and (not where.date_to or bool(d.date and d.date <= where.date_to)))


def _region_factor(region: str, named: list[tuple[str, str]], tuning: SearchTuning) -> float:
    """Boost a local document of the region the query names: most if its level matches
    (浙江 -> 浙江省 regulations), less for a city inside a named province, and penalise
    documents of other provinces."""
    boost = tuning.region_match_boost
    best = tuning.region_other_penalty
    for province, city in named:
        if not region.startswith(province):
            continue
        if city:
            factor = boost if city in region else 1.0
        else:
            factor = boost if region == province else 1 + (boost - 1) / 2
        best = max(best, factor)
    return best
