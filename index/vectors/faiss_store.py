"""FAISS: exact inner product for small collections, HNSW past APPROX_THRESHOLD vectors.

Exact (IndexFlatIP) up to 100,000 vectors: at that size a query costs ~10 ms on 2 cores.
Above it, IndexHNSWFlat (M=32, efConstruction=80, efSearch=512); bench/bench_search.py
reports its recall@10 against exact search. The HNSW graph is saved with
faiss.write_index (faiss's own binary format, no pickle); a flat index is rebuilt from
vectors.npy on load, which takes milliseconds.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from ingest.errors import UnknownBackend

from .base import exact_search, load_vectors

APPROX_THRESHOLD = 100_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 512
SMALL_FILTER = 20_000  # a filter keeping fewer rows than this is searched exactly with numpy


def _faiss():  # type: ignore[no-untyped-def]
    try:
        import faiss
    except ImportError as exc:
        raise UnknownBackend("缺少 faiss：pip install faiss-cpu") from exc
    return faiss


class FaissStore:
    name = "faiss"

    def __init__(self, dim: int, approx_threshold: int = APPROX_THRESHOLD) -> None:
        self.dim = dim
        self.approx_threshold = approx_threshold
        self._index: Any = None   # a faiss index once built or loaded
        self._vectors = np.zeros((0, dim), dtype=np.float32)

    @property
    def kind(self) -> str:
        return "hnsw" if self._index is not None and "HNSW" in type(self._index).__name__ else "flat"

    def _new_index(self, n: int):  # type: ignore[no-untyped-def]
        faiss = _faiss()
        if n > self.approx_threshold:
            index = faiss.IndexHNSWFlat(self.dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            index.hnsw.efSearch = HNSW_EF_SEARCH
            return index
        return faiss.IndexFlatIP(self.dim)

    def index(self, vectors: np.ndarray, meta=None) -> None:  # type: ignore[no-untyped-def]
        self._vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self._index = self._new_index(len(self._vectors))
        if len(self._vectors):
            self._index.add(self._vectors)

    def search(self, queries, k, allowed=None, where=None):  # type: ignore[no-untyped-def]
        queries = np.ascontiguousarray(queries, dtype=np.float32)
        if self._index is None or self.count == 0:
            return exact_search(self._vectors, queries, k)
        if allowed is not None and len(allowed) < SMALL_FILTER:
            return exact_search(self._vectors, queries, k, allowed)
        faiss = _faiss()
        if allowed is None:
            scores, ids = self._index.search(queries, k)
        else:
            selector = faiss.IDSelectorBatch(np.ascontiguousarray(allowed, dtype=np.int64))
            if self.kind == "hnsw":
                params = faiss.SearchParametersHNSW(sel=selector, efSearch=max(HNSW_EF_SEARCH, k))
            else:
                params = faiss.SearchParameters(sel=selector)
            scores, ids = self._index.search(queries, k, params=params)
        return scores, ids.astype(np.int64)

    @property
    def count(self) -> int:
        return len(self._vectors)

    def save(self, folder: Path, progress=None, previous=None) -> list[str]:  # type: ignore[no-untyped-def]
        if self.kind != "hnsw":
            return []
        _faiss().write_index(self._index, str(folder / "vectors.hnsw.faiss"))
        return ["vectors.hnsw.faiss"]

    def load(self, folder: Path, count: int) -> None:
        self._vectors = np.ascontiguousarray(load_vectors(folder), dtype=np.float32)
        path = folder / "vectors.hnsw.faiss"
        if path.exists():
            faiss = _faiss()
            self._index = faiss.read_index(str(path))
            self._index.hnsw.efSearch = HNSW_EF_SEARCH
        else:
            self.index(self._vectors)
