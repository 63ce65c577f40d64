"""Keyword retrieval: BM25 (bm25s) over the ingest tokenizer, built once and saved.

Saved with bm25s's own format (.npy arrays with allow_pickle=False plus JSON), never
rebuilt per query: a query only tokenizes itself and reads the sparse matrix.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np

K1, B = 1.2, 0.75


def top_rows(scores: np.ndarray, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The k best (scores, rows) with a positive score, optionally only among `allowed` rows."""
    if allowed is not None:
        masked = np.zeros_like(scores)
        masked[allowed] = scores[allowed]
        scores = masked
    kk = min(k, len(scores))
    if kk == 0:
        return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
    top = np.argpartition(-scores, kk - 1)[:kk]
    top = top[np.argsort(-scores[top])]
    keep = scores[top] > 0
    return scores[top][keep], top[keep].astype(np.int64)


class KeywordIndex:
    def __init__(self) -> None:
        self._bm25: Any = None   # bm25s.BM25 once indexed or loaded
        self._count = 0

    def index(self, token_lists: list[list[str]]) -> None:
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)
        self._count = len(token_lists)
        self._bm25 = bm25s.BM25(k1=K1, b=B)
        # an empty document still needs a row; a never-matching placeholder keeps rows aligned
        self._bm25.index([toks or ["\u2400"] for toks in token_lists], show_progress=False)

    @property
    def count(self) -> int:
        return self._count

    def scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 score of every row for the query tokens (unknown tokens are ignored)."""
        if self._bm25 is None or self._count == 0:
            return np.zeros(self._count, dtype=np.float32)
        vocab = self._bm25.vocab_dict
        known = [t for t in tokens if t in vocab]
        if not known:
            return np.zeros(self._count, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)

    def search(self, tokens: list[str], k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, rows) with a positive score, optionally within `allowed` rows."""
        return top_rows(self.scores(tokens), k, allowed)

    def save(self, folder: Path) -> list[str]:
        folder.mkdir(parents=True, exist_ok=True)
        self._bm25.save(str(folder), allow_pickle=False, show_progress=False)
        return sorted(p.name for p in folder.iterdir())

    def load(self, folder: Path, count: int) -> None:
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)
        self._bm25 = bm25s.BM25.load(str(folder), allow_pickle=False, show_progress=False)
        self._count = count
