"""What a query's own words, names and citations point to, beyond fusion's order.

`Index` fuses dense and keyword results; `StrongRows` then says which rows to boost, keep or
place first:

- priors: the documents and regions a query names, the documents a question is about (from
  their own words), national law before the bundled local rules (`apply_priors`);
- strong evidence: a clause holding the query as a phrase, or all its rare words, and keyword
  search's clause when it is sure (`keep_strong`);
- cited articles (土地管理法第六十二条, 第22条: `cited_rows`) and documents named by 文号 or by
  their title alone (`numbered_rows`).

Everything here is read from one loaded generation (catalogue, BM25 index, document names) and
the `SearchTuning` passed with each call, never from questions.
"""
from __future__ import annotations

import threading

import numpy as np

from ingest.names import DocumentNames, document_name_in
from ingest.tokenize import tokenize

from .catalogue import Catalogue, DocRecord
from .citation import Citation
from .hybrid import PHRASE_COVERAGE, PHRASE_MIN_CHARS, SearchTuning, lift, phrase_coverage, phrase_key
from .keyword import KeywordIndex
from .lifecycle import BUNDLED_ROOT
from .query import QueryInfo, bare_name, without_citations

LOCAL_RULE_KINDS = ("地方性法规", "地方政府规章", "规范性文件", "政策文件")  # plans and other uploads are never penalised
RARE_SHARE = 0.005           # a query word in at most this share of chunks is rare (distinctive)
PHRASE_ROWS = 20             # the keyword hits read for a phrase of the query
RARE_ROWS = 2                # every rare word in at most this many clauses: strong evidence ...
RARE_PLACE = 3               # ... which then ranks at least this high
RARE_KEYWORD_TOP = 5         # ... when keyword search ranks it this high too
KEYWORD_SURE = 1.3           # keyword search is sure when its best unit scores this many times the next ...
KEYWORD_SURE_PLACE = 3       # ... and that unit then ranks at least this high
SCOPE_MIN_ROWS = 3           # a document owns a word it holds in this many rows or more ...
SCOPE_SHARE = 0.25           # ... and at least this share of the rows holding it, ...
SCOPE_OWNED = 0.6            # ... when such owners hold this share of them together
SCOPE_TITLES = 3             # a word in at most this many titles names the documents it is in


class StrongRows:
    """The rows a query points to in one loaded generation (safe to share between threads and
    between `Index.tuned` copies: the tuning comes with each call)."""

    def __init__(self, catalogue: Catalogue, keyword: KeywordIndex, docs: list[DocRecord],
                 names: DocumentNames, row_doc: np.ndarray) -> None:
        """Read from one loaded generation (the `Index`'s own objects, shared, not copied).

        Args:
            docs: the documents in row order.
            row_doc: row -> position of its document in `docs`.
        """
        self.catalogue = catalogue
        self.keyword = keyword
        self.docs = docs
        self.by_id = {d.doc_id: d for d in docs}
        self.names = names
        self.row_doc = row_doc
        self._lock = threading.Lock()
        self._titles: dict[str, tuple[int, ...]] | None = None  # title word -> documents, read when first needed

    # -- priors ----------------------------------------------------------------------
    def apply_priors(self, info: QueryInfo, scores: dict[int, float], tuning: SearchTuning) -> dict[int, float]:
        """Boost the documents and regions a query names. A query naming no region puts national
        law before the bundled local rules, but not before documents the user added, nor before a
        clause holding the query's rare words (see `_distinctive_rows`): a prior must not bury
        what the user's own words point to."""
        named_docs = self.names.mentioned(info.text) | set(self.names.numbered(info.text))
        scope = self._scope_docs(info) if tuning.scope_boost != 1.0 else set()
        for cit in info.citations:
            named_docs.update(self.names.resolve(cit.doc_hint))
        distinctive: set[int] | None = None
        out = {}
        for row, s in scores.items():
            d = self.docs[self.row_doc[row]]
            if d.doc_id in named_docs:
                s *= tuning.doc_mention_boost
            elif int(self.row_doc[row]) in scope:
                s *= tuning.scope_boost
            if d.region and info.regions:
                s *= region_factor(d.region, info.regions, tuning)
            elif d.region and d.kind in LOCAL_RULE_KINDS and d.source_root == BUNDLED_ROOT:
                distinctive = self._distinctive_rows(info) if distinctive is None else distinctive
                s *= 1.0 if row in distinctive else tuning.local_penalty
            out[row] = s
        return out

    def _scope_docs(self, info: QueryInfo) -> set[int]:
        """The documents a question is about, from their own words (issue 16: a question about
        承包地 prefers 农村土地承包法 and its judicial interpretation): the documents that own a
        query word, each holding SCOPE_SHARE of the rows with it, when together they hold
        SCOPE_OWNED of them or the word is in their title (and in at most SCOPE_TITLES titles).
        Derived from the index, never from questions."""
        scope: set[int] = set()
        titles = self._title_words()
        for tok in dict.fromkeys(t for t in info.keyword_tokens + info.expansion_tokens if len(t) >= 2):
            owners, held = self.keyword.owners(tok, self.row_doc, len(self.docs), SCOPE_MIN_ROWS, SCOPE_SHARE)
            if held >= SCOPE_OWNED:
                scope.update(int(n) for n in owners)
            elif len(titles.get(tok, ())) <= SCOPE_TITLES:
                scope.update(int(n) for n in owners if int(n) in titles.get(tok, ()))
        return scope

    def _title_words(self) -> dict[str, tuple[int, ...]]:
        """Word -> the documents whose short title holds it (read once)."""
        with self._lock:
            if self._titles is None:
                words: dict[str, list[int]] = {}
                for n, d in enumerate(self.docs):
                    for tok in dict.fromkeys(tokenize(d.short_title or d.title, search=True)):
                        if len(tok) >= 2:
                            words.setdefault(tok, []).append(n)
                self._titles = {w: tuple(ns) for w, ns in words.items()}
            return self._titles

    def _distinctive_rows(self, info: QueryInfo) -> set[int]:
        """Rows that hold every rare word of the query, in a document that alone holds one of
        them (两山合作社 in one county's 办法; not 宅基地面积, which several provinces' rules use)."""
        limit = max(1.0, RARE_SHARE * self.keyword.count)
        rows: np.ndarray | None = None
        own: set[int] = set()
        for token in dict.fromkeys(t for t in info.keyword_tokens if len(t) >= 2):
            present = self.keyword.rows_with(token)
            if 0 < len(present) <= limit:
                rows = present if rows is None else np.intersect1d(rows, present)
                docs = np.unique(self.row_doc[present])
                if len(docs) == 1:
                    own.add(int(docs[0]))
        if rows is None:
            return set()
        return {int(r) for r in rows if int(self.row_doc[r]) in own}

    # -- strong evidence -------------------------------------------------------------
    def keep_strong(self, info: QueryInfo, scores: dict[int, float], kw_rows: list[int],
                    kw_fused: tuple[np.ndarray, np.ndarray], allowed: np.ndarray | None,
                    heads: np.ndarray | None) -> tuple[dict[int, float], list[int]]:
        """When one retriever is sure, its clause is not sunk by weaker fused hits:

        - a clause holding every rare word of the query (`_rare_rows`) and among keyword
          search's top RARE_KEYWORD_TOP ranks in the top RARE_PLACE;
        - keyword search's best clause, when it scores KEYWORD_SURE times the next, ranks in the
          top KEYWORD_SURE_PLACE;
        - a clause holding the query as a phrase (verbatim or nearly, `phrase_coverage`) ranks
          first (returned too: a reranker leaves it there).

        Args:
            kw_rows: keyword search's rows as it ranked them (split parts apart);
            kw_fused: (scores, rows) of keyword search as they went into fusion (by unit, if tuned).
            heads: row -> the first row of its unit when fusion counted units, else None.
        """
        def fused_rows(rows: list[int]) -> list[int]:
            return list(dict.fromkeys(int(heads[r]) for r in rows)) if heads is not None else rows

        rare = [r for r in self._rare_rows(info, allowed) if r in kw_rows[:RARE_KEYWORD_TOP]]
        if rare:
            rare = fused_rows(rare)
            scores = lift({**scores, **{r: 0.0 for r in rare if r not in scores}}, rare, RARE_PLACE)
        kw_scores, kw_top = kw_fused
        if KEYWORD_SURE and len(kw_scores) > 1 and kw_scores[0] >= KEYWORD_SURE * kw_scores[1]:
            scores = lift(scores, [int(kw_top[0])], KEYWORD_SURE_PLACE)
        phrase = fused_rows(self._phrase_rows(info, kw_rows))
        if phrase:
            scores = lift(scores, phrase, 1)
        return scores, phrase

    def _phrase_rows(self, info: QueryInfo, kw_rows: list[int]) -> list[int]:
        """Keyword hits whose whole unit (split parts joined) holds the query as a phrase
        (PHRASE_MIN_CHARS or more)."""
        query = phrase_key(without_citations(info.text, info.citations))
        if len(query) < PHRASE_MIN_CHARS or not kw_rows:
            return []
        top = kw_rows[:PHRASE_ROWS]
        marks = ",".join("?" * len(top))
        texts = {int(row): (doc_id, seq, parts, text) for row, doc_id, seq, parts, text in self.catalogue.db.execute(
            f"SELECT row, doc_id, seq, parts, text FROM chunks WHERE row IN ({marks})", top)}
        found = []
        for r in top:
            doc_id, seq, parts, text = texts[r]
            if parts > 1:
                text = "".join(p.text for p in self.catalogue.unit_rows(doc_id, seq))
            if phrase_coverage(query, phrase_key(text)) >= PHRASE_COVERAGE:
                found.append(r)
        return found

    def _rare_rows(self, info: QueryInfo, allowed: np.ndarray | None) -> list[int]:
        """The few rows (at most RARE_ROWS) holding every rare word of the query, when it has
        two or more rare words that are not parts of one another."""
        limit = max(1.0, RARE_SHARE * self.keyword.count)
        rare = [t for t in dict.fromkeys(info.keyword_tokens)
                if len(t) >= 2 and 0 < self.keyword.doc_freq(t) <= limit]
        if len([t for t in rare if not any(t != o and t in o for o in rare)]) < 2:
            return []
        rows = self.keyword.rows_with_all(rare)
        if allowed is not None:
            rows = np.intersect1d(rows, allowed)
        return [int(r) for r in rows] if 0 < len(rows) <= RARE_ROWS else []

    # -- cited articles and named documents ------------------------------------------
    def allowed_docs(self, allowed: np.ndarray | None) -> set[str] | None:
        """The ids of the documents a filter's rows belong to (None: no filter)."""
        return None if allowed is None else {self.docs[i].doc_id for i in np.unique(self.row_doc[allowed])}

    def citation_docs(self, cit: Citation, allowed_docs: set[str] | None) -> tuple[list[str] | None, bool]:
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

    def cited_rows(self, info: QueryInfo, allowed: np.ndarray | None) -> tuple[list[int], list[int]]:
        """Rows of the articles the query cites: (of a named or filtered document, bare labels)."""
        allowed_docs = self.allowed_docs(allowed)
        strong: list[int] = []
        weak: list[int] = []
        for cit in info.citations:
            doc_ids, named = self.citation_docs(cit, allowed_docs)
            target = strong if named else weak
            for r in self.catalogue.rows_with_label(cit.label, doc_ids):
                if r.part <= 1 and r.row not in strong + weak:
                    target.append(r.row)
        return strong, weak

    def numbered_rows(self, info: QueryInfo, allowed: np.ndarray | None, scores: dict[int, float],
                      tuning: SearchTuning) -> dict[int, float]:
        """Rows of the documents the query names by 文号 (京政发〔2020〕15号, 国务院令第746号), with
        their order among themselves: a query of nothing but the number opens the document at its
        start (its first units in order); with other words, that document's units as they scored
        (its first unit when none did). With strong_evidence, a query of nothing but a document's
        title (《青田县农村宅基地审批管理实施细则》, 土地管理法) opens it the same way."""
        out: dict[int, float] = {}
        titled = self._titled(info, tuning)
        if not info.doc_numbers and not titled:
            return out
        allowed_docs = self.allowed_docs(allowed)
        only = info.only_doc_numbers or bool(titled)
        for doc_id in reversed(titled or self.names.numbered(info.text)):  # stacked: the first named ranks first
            if allowed_docs is not None and doc_id not in allowed_docs:
                continue
            d = self.by_id[doc_id]
            base = max(out.values(), default=-1.0) + 1.0
            scored = [] if only else [r for r in scores if d.row_start <= r < d.row_end]
            if scored:
                out.update({r: base + scores[r] for r in scored})
            else:
                rows = range(d.row_start, min(d.row_end, d.row_start + tuning.candidates))
                out.update({r: base + (d.row_end - r) / (d.row_end - d.row_start + 1.0) for r in rows})
        return out

    def _titled(self, info: QueryInfo, tuning: SearchTuning) -> list[str]:
        """The document a query of nothing but its name names (title, short title, alias or a
        listed abbreviation; not a derived guess), when strong evidence is kept."""
        if not tuning.strong_evidence or info.citations or info.doc_numbers:
            return []
        name = bare_name(info.text)
        found = self.names.lookup(name, derive=False) if len(name) >= 3 else None
        return [found] if found else []


def region_factor(region: str, named: list[tuple[str, str]], tuning: SearchTuning) -> float:
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
