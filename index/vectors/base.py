"""The shape every vector store has: index, append, search, count, save, load."""
from __future__ import annotations

from pathlib import Path
from typing import Protocol

import numpy as np


class VectorStore(Protocol):
    """Inner-product search over L2-normalised vectors; rows are 0..count-1."""

    name: str

    def index(self, vectors: np.ndarray) -> None: ...

    def append(self, vectors: np.ndarray) -> None: ...

    def search(self, queries: np.ndarray, k: int,
               allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, rows) per query; rows are -1 where fewer than k exist.
        `allowed` is a sorted int64 array of rows a filter keeps."""
        ...

    @property
    def count(self) -> int: ...

    def save(self, folder: Path) -> list[str]:
        """Write the store's files into `folder`; returns their names."""
        ...

    def load(self, folder: Path, vectors: np.ndarray) -> None: ...


def exact_search(vectors: np.ndarray, queries: np.ndarray, k: int,
                 allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Brute-force inner product (optionally over a subset of rows)."""
    rows = np.arange(len(vectors)) if allowed is None else allowed
    nq = len(queries)
    scores = np.full((nq, k), -np.inf, dtype=np.float32)
    ids = np.full((nq, k), -1, dtype=np.int64)
    if len(rows) == 0:
        return scores, ids
    sub = vectors if allowed is None else vectors[rows]
    sims = queries.astype(np.float32) @ np.asarray(sub, dtype=np.float32).T
    kk = min(k, len(rows))
    top = np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
    for q in range(nq):
        order = top[q][np.argsort(-sims[q, top[q]])]
        scores[q, :kk] = sims[q, order]
        ids[q, :kk] = rows[order]
    return scores, ids
