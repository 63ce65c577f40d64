"""The shape every vector store has: index, search, count, save, load.

A store may push metadata filters down to its engine (Milvus does): `index` then gets the
scalar fields of every document's rows (`RowMeta`) and `search` a `Pushdown` besides the
allowed rows that local stores use.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np


@dataclass(frozen=True)
class RowMeta:
    """The filterable fields of one document, for its rows row_start .. row_end-1."""

    doc_id: str
    kind: str
    region: str
    issuing_body: str
    date: str
    row_start: int
    row_end: int


LIKE_UNSAFE = ("%", "_", "\\")  # wildcard and escape characters of LIKE patterns


@dataclass(frozen=True)
class Pushdown:
    """A search filter in terms a vector engine can evaluate itself (all parts AND-ed).

    region is a prefix (浙江 keeps 浙江省杭州市), issuing_body a substring, dates ISO strings
    compared as text (documents without a date fail any date bound)."""

    kind: str | None = None
    region: str | None = None
    national: bool = False               # only documents without a region (national law and policy)
    doc_ids: tuple[str, ...] | None = None
    issuing_body: str | None = None
    date_from: str | None = None
    date_to: str | None = None


class VectorStore(Protocol):
    """Inner-product search over L2-normalised vectors; rows are 0..count-1."""

    name: str

    def index(self, vectors: np.ndarray, meta: list[RowMeta] | None = None) -> None: ...

    def search(self, queries: np.ndarray, k: int, allowed: np.ndarray | None = None,
               where: Pushdown | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, rows) per query; rows are -1 where fewer than k exist.
        `allowed` is a sorted int64 array of rows a filter keeps; `where` is the same filter
        for stores that evaluate it themselves (both describe the same rows)."""
        ...

    @property
    def count(self) -> int: ...

    def save(self, folder: Path, progress=None, previous: tuple[Path, list[RowMeta]] | None = None
             ) -> list[str]:  # type: ignore[no-untyped-def]
        """Write the store's files into `folder` (the generation); returns their names.
        `previous` is the live generation's folder and row fields (a store may reuse what it
        holds for them); `progress(stage, done, total)` reports long writes."""
        ...

    def load(self, folder: Path, count: int) -> None:
        """Open the store of a saved generation holding `count` vectors."""
        ...


def load_vectors(folder: Path) -> np.ndarray:
    """The generation's vectors (saved as float16 vectors.npy) as float32."""
    return np.load(folder / "vectors.npy", allow_pickle=False).astype(np.float32)


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
