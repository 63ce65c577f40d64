"""Rank fusion and strong evidence: pure functions, no I/O, and the search tuning. The fusion
is chosen once, when the searcher is built (`fusion(tuning)`)."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from difflib import SequenceMatcher
from typing import Any

import numpy as np

RRF_K = 60

# (rankings by retriever, scores by retriever) -> fused score by row
Fusion = Callable[[Mapping[str, Sequence[int]], Mapping[str, Mapping[int, float]]], dict[int, float]]


def rrf(rankings: Mapping[str, Sequence[int]], weights: Mapping[str, float], k: int = RRF_K) -> dict[int, float]:
    """Weighted reciprocal rank fusion: sum of weight / (k + rank) over the retrievers."""
    fused: dict[int, float] = {}
    for name, rows in rankings.items():
        w = weights.get(name, 1.0)
        for rank, row in enumerate(rows, start=1):
            fused[row] = fused.get(row, 0.0) + w / (k + rank)
    return fused


def convex(scores: Mapping[str, Mapping[int, float]], weights: Mapping[str, float]) -> dict[int, float]:
    """Weighted sum of min-max normalised scores (a row missing from a list counts 0 there)."""
    fused: dict[int, float] = {}
    for name, by_row in scores.items():
        if not by_row:
            continue
        lo, hi = min(by_row.values()), max(by_row.values())
        span = (hi - lo) or 1.0
        w = weights.get(name, 1.0)
        for row, s in by_row.items():
            fused[row] = fused.get(row, 0.0) + w * (s - lo) / span
    return fused


def zscore(scores: Mapping[str, Mapping[int, float]], weights: Mapping[str, float]) -> dict[int, float]:
    """Weighted sum of z-normalised scores: each list's scores less its mean, over its standard
    deviation, so a hit far above the rest of its list counts more than one just ahead. A row
    missing from a list counts as that list's lowest."""
    normed: dict[str, dict[int, float]] = {}
    for name, by_row in scores.items():
        if not by_row:
            continue
        values = np.fromiter(by_row.values(), dtype=np.float64)
        sd = float(values.std()) or 1.0
        mean = float(values.mean())
        normed[name] = {row: (s - mean) / sd for row, s in by_row.items()}
    floor = {name: min(z.values()) for name, z in normed.items()}
    rows = {row for z in normed.values() for row in z}
    return {row: sum(weights.get(name, 1.0) * z.get(row, floor[name]) for name, z in normed.items())
            for row in rows}


FUSIONS = ("rrf", "convex", "zscore")


@dataclass(frozen=True)
class SearchTuning:
    """How hybrid search weighs what it finds (tuned on the development questions only, see
    docs/search_quality.md). Each later addition is a switch, so an ablation can turn it off;
    rare_weight, prf and scope_boost are off: they did not help (the document has the figures).

    fusion: rrf (weighted reciprocal rank), convex (weighted min-max normalised scores) or
    zscore (weighted z-normalised scores); weights: how much each retriever counts; rrf_k: RRF's
    rank offset; expansion_weight: the share of BM25 that lay-language expansions get beside the
    user's own words; the priors multiply a fused score: the query names the document
    (doc_mention_boost), a local document of the region the query names (region_match_boost) or
    of another one (region_other_penalty), a bundled local rule when the query names no region
    (local_penalty); candidates: how many rows each retriever hands to fusion.

    Switches: units: split parts of one article count once in each retriever's list (its best
    part) before fusion; strong_evidence: a clause holding the query as a phrase, or every rare
    word of it, is not sunk by weaker fused hits, and a query of nothing but a document's title
    opens that document; reformulate: question words (能不能, 找谁, 赔多少, 多久) add the formal
    words a statute uses for them; rare_weight: extra BM25 weight of a query word by its
    rarity (0: plain BM25); prf: how many top clauses lend their distinctive words to a second
    keyword pass (0: none), at prf_weight; scope_boost: multiplies the documents whose own
    words the query uses (1.0: off).
    """

    fusion: str = "rrf"
    weights: tuple[tuple[str, float], ...] = (("dense", 1.0), ("keyword", 1.0))  # a mapping is accepted
    rrf_k: int = RRF_K
    expansion_weight: float = 0.3
    doc_mention_boost: float = 1.6
    region_match_boost: float = 1.5
    region_other_penalty: float = 0.6
    local_penalty: float = 0.6
    candidates: int = 100
    units: bool = True
    strong_evidence: bool = True
    reformulate: bool = True
    rare_weight: float = 0.0
    prf: int = 0
    prf_weight: float = 0.3
    scope_boost: float = 1.0

    def __post_init__(self) -> None:
        if self.fusion not in FUSIONS:
            raise ValueError(f"未知的融合方式 {self.fusion!r}（可用：{'、'.join(FUSIONS)}）")
        pairs = self.weights.items() if isinstance(self.weights, Mapping) else self.weights
        object.__setattr__(self, "weights", tuple((str(k), float(v)) for k, v in pairs))

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "weights": dict(self.weights)}


def fusion(tuning: SearchTuning) -> Fusion:
    """The fusion function `tuning` names, with its weights bound."""
    weights = dict(tuning.weights)
    if tuning.fusion == "convex":
        return lambda rankings, scores: convex(scores, weights)
    if tuning.fusion == "zscore":
        return lambda rankings, scores: zscore(scores, weights)
    return lambda rankings, scores: rrf(rankings, weights, tuning.rrf_k)


# -- strong evidence -----------------------------------------------------------------------
PHRASE_MIN_CHARS = 10    # a query this long (letters and digits) can be a phrase of a clause
PHRASE_COVERAGE = 0.9    # ... found when this share of it occurs in order, in runs of 3+ characters
PHRASE_SPREAD = 1.2      # ... within a stretch of the text at most this much longer than it
_NOT_TEXT = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]+")


def phrase_key(text: str) -> str:
    """Text as compared for a phrase: letters, digits and Chinese characters only (punctuation,
    spaces and line breaks differ between a copied sentence and its source)."""
    return _NOT_TEXT.sub("", text).lower()


def phrase_coverage(query: str, text: str, min_run: int = 3) -> float:
    """The share of `query` found in `text` in order, counting only runs of `min_run`+ characters
    (both as `phrase_key` gives them) within PHRASE_SPREAD of its length: 1.0 for a verbatim
    phrase, a little less when a word was dropped or changed, 0 when the runs lie apart."""
    if not query:
        return 0.0
    if query in text:
        return 1.0
    grams = [query[i:i + min_run] for i in range(len(query) - min_run + 1)]
    if sum(g in text for g in grams) < PHRASE_COVERAGE / 2 * len(grams):  # cheap: most runs are missing
        return 0.0
    blocks = [b for b in SequenceMatcher(None, query, text, autojunk=False).get_matching_blocks()
              if b.size >= min_run]
    if not blocks:
        return 0.0
    # the runs must lie together in the text, as a phrase does (not words scattered over it)
    span = blocks[-1].b + blocks[-1].size - blocks[0].b
    if span > PHRASE_SPREAD * len(query) + 2:
        return 0.0
    return sum(b.size for b in blocks) / len(query)


def lift(scores: dict[int, float], rows: Iterable[int], place: int) -> dict[int, float]:
    """Scores with `rows` raised to rank at least `place` (1: first) among the other rows, kept in
    their own order among themselves; rows already that high are left as they are."""
    rows = [r for r in dict.fromkeys(rows) if r in scores]
    if not rows:
        return scores
    chosen = set(rows)
    others = sorted((s for r, s in scores.items() if r not in chosen), reverse=True)
    if len(others) < place:
        bar = others[-1] if others else 0.0
    else:
        bar = others[place - 1]
    step = max(abs(bar), 1e-6) * 1e-3
    out = dict(scores)
    low = [r for r in sorted(rows, key=lambda r: -scores[r]) if scores[r] <= bar]
    for n, row in enumerate(low):
        out[row] = bar + step * (len(low) - n)
    return out
