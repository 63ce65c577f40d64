"""Rank fusion: pure functions, no I/O, and the search tuning. The fusion is chosen once, when
the searcher is built (`fusion(tuning)`)."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

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


FUSIONS = ("rrf", "convex")


@dataclass(frozen=True)
class SearchTuning:
    """How hybrid search weighs what it finds (tuned on the development questions, see README).

    fusion: rrf (weighted reciprocal rank) or convex (weighted min-max normalised scores);
    weights: how much each retriever counts; rrf_k: RRF's rank offset; expansion_weight: the
    share of BM25 that lay-language expansions get beside the user's own words; the priors
    multiply a fused score: the query names the document (doc_mention_boost), a local document
    of the region the query names (region_match_boost) or of another one (region_other_penalty),
    a bundled local rule when the query names no region (local_penalty); candidates: how many
    rows each retriever hands to fusion.
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
    return lambda rankings, scores: rrf(rankings, weights, tuning.rrf_k)
