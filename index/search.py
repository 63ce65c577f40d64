"""Searching the knowledge base: `Index.open(settings).search(query)` -> list of `Hit`.

Modes: hybrid (default: weighted rank fusion of dense and keyword results, split parts of an
article counted once, then priors for the documents and regions a query names, and strong
evidence kept: a clause holding the query as a phrase, or all its rare words, is not sunk by
weaker fused hits), dense, keyword. A query of nothing but a 文号 or a document's title opens
that document. A query that cites an article (土地管理法第六十二条, 土地法第62条) gets that
article first; `citation_notes` says when the cited article does not exist. Split parts of one article come back as one hit. `find_document` and
`find_clause` resolve the references people write (村组法, 第22条).

`Index` is the pipeline (encode, keyword, fuse, rank, hits); the rows the priors, strong
evidence, citations and 文号 boost, keep or place first come from `index.strong_rows`.
"""
from __future__ import annotations

import copy
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from ingest import Clause
from ingest.errors import IndexMismatch, PlanKBError
from ingest.names import DocumentNames, document_name_in, resolve
from ingest.settings import Settings
from ingest.tokenize import tokenize

from .catalogue import Catalogue, ChunkRow, DocRecord
from .citation import CitationNote, label_forms, missing_label_note
from .embed import create_embedder
from .embed.batcher import QueryBatcher
from .hybrid import SearchTuning, fusion, rrf
from .keyword import KeywordIndex, top_rows
from .query import QueryInfo, analyse, highlight_terms, term_spans
from .rerank import Reranker
from .rerank import resolve as resolve_reranker
from .store import read_manifest, require_generation
from .strong_rows import LOCAL_RULE_KINDS, StrongRows
from .strong_rows import region_factor as _region_factor
from .vectors import Pushdown, create_vector_store, read_spec
from .vectors.base import LIKE_UNSAFE

# highlight_terms: for the app; LOCAL_RULE_KINDS and _region_factor: tests import them from here
__all__ = ["LOCAL_RULE_KINDS", "MODES", "Filters", "Hit", "Index", "_region_factor", "highlight_terms"]

MODES = ("hybrid", "dense", "keyword")
QUERY_CACHE = 1024
# fusion, weights and priors: index.hybrid.SearchTuning (tuned on the development questions);
# the rows priors and strong evidence boost or keep: index.strong_rows
PRF_TERMS = 8                # words a pseudo-relevance feedback pass adds


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
    pinned: bool = False   # placed by a rule (cited article, 文号 or title, the query as a phrase): no reranker moves it
    rerank_score: float | None = None   # the reranker's score, when one ordered this hit (index.rerank)

    def to_dict(self) -> dict[str, Any]:
        """The JSON hit contract of `plankb search --json` (rerank_score only when reranked)."""
        c = self.clause
        out = {"rank": self.rank, "score": round(float(self.score), 6), "doc_id": c.doc_id,
               "title": c.doc_title, "label": c.label, "path": list(c.path), "page": c.page,
               "text": c.text, "matched_terms": list(self.matched_terms)}
        if self.rerank_score is not None:
            out["rerank_score"] = round(self.rerank_score, 6)
        return out


class Index:
    """A loaded, read-only generation of the knowledge base (safe to share between threads)."""

    def __init__(self, folder: Path, settings: Settings, tuning: SearchTuning | None = None,
                 reranker: Reranker | str | None = None) -> None:
        """Load a generation.

        Args:
            tuning: fusion, weights and priors; default today's tuning with `settings.fusion`.
                The fusion function is chosen here, once.
            reranker: what reorders each search's first hits (`index.rerank`): a Reranker, a
                spec (st:PATH, loaded at the first search) or '' for none; None takes
                `settings.reranker` (PLANKB_RERANKER, read at the edge by Settings.from_env).
        """
        self.folder = folder
        self.reranker = settings.reranker if reranker is None else reranker
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
        self._heads: np.ndarray | None = None  # row -> first row of its unit, read when first needed
        self._strong = StrongRows(self.catalogue, self.keyword, self.docs, self.names, self._row_doc)

    def tuned(self, tuning: SearchTuning) -> Index:
        """This loaded index searching with other tuning (shares the stores and caches: for
        comparing tunings in one process, as bench/bench_search.py's ablation does)."""
        other = copy.copy(self)
        other.tuning = tuning
        other._fuse = fusion(tuning)
        return other

    @classmethod
    def open(cls, settings: Settings, tuning: SearchTuning | None = None,
             reranker: Reranker | str | None = None) -> Index:
        """Open the live generation at `settings.home` (built at the edge: the CLI's options,
        `app.state.settings()`, or `Settings.from_env(home=...)` in a script); `reranker` as
        in `Index.__init__`.

        Raises:
            IndexMissing, IndexDamaged, IndexMismatch.
        """
        return cls(require_generation(settings.home), settings, tuning, reranker)

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
    def search(self, query: str, k: int = 10, mode: str = "hybrid", filters: Filters | None = None,
               reranker: Reranker | str | None = None) -> list[Hit]:
        return self.search_many([query], k, mode, filters, reranker)[0]

    def search_many(self, queries: list[str], k: int = 10, mode: str = "hybrid",
                    filters: Filters | None = None, reranker: Reranker | str | None = None) -> list[list[Hit]]:
        """Search several queries at once (dense queries are embedded in one batch).

        Args:
            reranker: reorders each query's first hits (`index.rerank`): a Reranker, a spec
                (st:PATH) or '' for none; None: the index's own (`Index.reranker`).

        Raises:
            PlanKBError: an unknown mode; RerankerError: a reranker spec that does not load.
        """
        if mode not in MODES:
            raise PlanKBError(f"未知的检索模式 {mode!r}（可用：{'、'.join(MODES)}）")
        rr = resolve_reranker(self.reranker if reranker is None else reranker)
        if rr is not None:
            depth = max(k, rr.top)
            hits = self.search_many(queries, depth, mode, filters, "")
            return [rr.rerank(q, h)[:k] for q, h in zip(queries, hits)]
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
            kw = (self._keyword(info, allowed, dense[n]) if mode in ("hybrid", "keyword")
                  else (np.zeros(0), np.zeros(0, dtype=np.int64)))
            results.append(self._rank(info, dense[n], kw, k, mode, allowed))
        return results

    def _keyword(self, info: QueryInfo, allowed: np.ndarray | None, dense) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[no-untyped-def]
        """BM25 over the query's own words plus, at lower weight, its lay-language expansions
        (and, as tuned, the formal words of what it asks, rarity weights and a feedback pass)."""
        t = self.tuning
        scores = self.keyword.weighted_scores(self._token_weights(info))
        if t.prf:
            first = top_rows(scores, t.candidates, allowed)
            feedback = self._feedback_terms(info, first[1], dense[1])
            if feedback:
                scores = scores + t.prf_weight * self.keyword.weighted_scores(feedback)
        return top_rows(scores, t.candidates, allowed)

    def _token_weights(self, info: QueryInfo) -> dict[str, float]:
        """Each query token's BM25 weight: its own words count once per occurrence (times
        1 + rare_weight × rarity), expansions and question words at expansion_weight."""
        t = self.tuning
        weights: dict[str, float] = {}
        for tok in info.keyword_tokens:
            weights[tok] = weights.get(tok, 0.0) + 1.0
        if t.rare_weight:
            weights = {tok: w * (1.0 + t.rare_weight * self.keyword.rarity(tok)) for tok, w in weights.items()}
        for tok in info.expansion_tokens:
            weights[tok] = weights.get(tok, 0.0) + t.expansion_weight
        if t.reformulate:
            for tok in (x for term in info.question for x in tokenize(term)):
                weights.setdefault(tok, t.expansion_weight)
        return weights

    def _feedback_terms(self, info: QueryInfo, kw_rows: np.ndarray, dense_rows: np.ndarray) -> dict[str, float]:
        """Pseudo-relevance feedback: the words the first pass's top `prf` clauses (dense and
        keyword fused by rank) share and the query lacks (`KeywordIndex.feedback`)."""
        fused = rrf({"dense": [int(r) for r in dense_rows], "keyword": [int(r) for r in kw_rows]}, {}, self.tuning.rrf_k)
        top = sorted(fused, key=lambda r: -fused[r])[:self.tuning.prf]
        if not top:
            return {}
        own = set(info.keyword_tokens) | set(info.expansion_tokens)
        return self.keyword.feedback([r.tokens.split() for r in self.catalogue.rows(top).values()], own, PRF_TERMS)

    def _rank(self, info: QueryInfo, dense, kw, k: int, mode: str, allowed) -> list[Hit]:  # type: ignore[no-untyped-def]
        rankings: dict[str, list[int]] = {}
        pinned: set[int] = set()   # rows placed by a rule (see Hit.pinned)
        if mode in ("hybrid", "dense"):
            rankings["dense"] = [int(r) for r in dense[1]]
        if mode in ("hybrid", "keyword"):
            rankings["keyword"] = [int(r) for r in kw[1]]
        if mode == "hybrid":
            lists = {"dense": dense, "keyword": kw}
            if self.tuning.units:
                lists = {name: self._by_unit(*pair) for name, pair in lists.items()}
                rankings = {name: [int(r) for r in pair[1]] for name, pair in lists.items()}
            scores = self._fuse(rankings, {name: dict(zip(rankings[name], map(float, lists[name][0])))
                                           for name in rankings})
            scores = self._strong.apply_priors(info, scores, self.tuning)
            if self.tuning.strong_evidence:
                heads = self._unit_heads() if self.tuning.units else None
                scores, phrase = self._strong.keep_strong(info, scores, [int(r) for r in kw[1]], lists["keyword"],
                                                          allowed, heads)
                pinned.update(phrase)
        else:
            raw = dense[0] if mode == "dense" else kw[0]
            scores = {r: float(s) for r, s in zip(rankings[mode], raw)}
        strong, weak = self._strong.cited_rows(info, allowed)
        top = max(scores.values(), default=0.0)
        for row in weak:  # every document's 第X条: above other results, ordered by relevance
            scores[row] = top + 1.0 + scores.get(row, 0.0)
        numbered = self._strong.numbered_rows(info, allowed, scores, self.tuning)
        top = max(scores.values(), default=0.0)
        for row, score in numbered.items():  # the documents named by 文号: above all but cited articles
            scores[row] = top + 1.0 + score
        top = max(scores.values(), default=0.0)
        for n, row in enumerate(strong):  # the cited article of a named document: first, in order
            scores[row] = top + 1.0 + (len(strong) - n)
        pinned.update(weak, numbered, strong)
        ranks = {name: {row: r for r, row in enumerate(rows, start=1)} for name, rows in rankings.items()}
        return self._hits(info, scores, ranks, k, pinned)

    def _unit_heads(self) -> np.ndarray:
        """Row -> the first row of its unit (split parts of one article share it)."""
        with self._lock:
            if self._heads is None:
                heads = np.arange(self.keyword.count, dtype=np.int64)
                for row, part in self.catalogue.db.execute("SELECT row, part FROM chunks WHERE part > 1"):
                    heads[row] = row - part + 1
                self._heads = heads
            return self._heads

    def _by_unit(self, scores: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """A retriever's (scores, rows) with each unit once, at its best part's score and under
        its first row (so every retriever names a unit by the same row; lists come sorted)."""
        if not len(rows):
            return scores, rows
        heads = self._unit_heads()[rows]
        _, first = np.unique(heads, return_index=True)
        keep = np.sort(first)
        return scores[keep], heads[keep]

    def _hits(self, info: QueryInfo, scores: dict[int, float], ranks: dict[str, dict[int, int]], k: int,
              pinned: set[int]) -> list[Hit]:
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
                            matched_terms=tuple(t for t in info.terms if term_spans(clause.text, t)),
                            pinned=row in pinned))
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
        allowed_docs = self._strong.allowed_docs(self._allowed(self._pushdown(filters)))
        notes: list[CitationNote] = []
        for cit in analyse(query).citations:
            doc_ids, named = self._strong.citation_docs(cit, allowed_docs)
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
