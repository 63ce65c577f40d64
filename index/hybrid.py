"""Rank fusion: pure functions, no I/O. Chosen once, when the searcher is built."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

RRF_K = 60


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

