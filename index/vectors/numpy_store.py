"""Exact search with numpy alone: the fallback when faiss is not installed."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from .base import exact_search, load_vectors


class NumpyStore:
    name = "numpy"

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._vectors = np.zeros((0, dim), dtype=np.float32)

    def index(self, vectors: np.ndarray, meta=None) -> None:  # type: ignore[no-untyped-def]
        self._vectors = np.asarray(vectors, dtype=np.float32)

    def search(self, queries, k, allowed=None, where=None):  # type: ignore[no-untyped-def]
        return exact_search(self._vectors, queries, k, allowed)

    @property
    def count(self) -> int:
        return len(self._vectors)

    def save(self, folder: Path, progress=None, previous=None) -> list[str]:  # type: ignore[no-untyped-def]
        return []  # the vectors themselves are saved by the index as vectors.npy

    def load(self, folder: Path, count: int) -> None:
        self._vectors = load_vectors(folder)
