"""Keyword retrieval: BM25 (bm25s) over the ingest tokenizer, built once and saved.

Saved with bm25s's own format (.npy arrays with allow_pickle=False plus JSON), never
rebuilt per query: a query only tokenizes itself and reads the sparse matrix.
"""
from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import Any

import numpy as np

K1, B = 1.2, 0.75
FEEDBACK_MAX_SHARE = 0.05  # a feedback word in more rows than this share is too common to help


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

    def weighted_scores(self, weights: dict[str, float]) -> np.ndarray:
        """BM25 score of every row where each query token counts with its own weight (unknown
        tokens are ignored): sum over tokens of weight × the token's BM25 term score."""
        out = np.zeros(self._count, dtype=np.float32)
        if self._bm25 is None or self._count == 0:
            return out
        vocab = self._bm25.vocab_dict
        data, indices, indptr = (self._bm25.scores[k] for k in ("data", "indices", "indptr"))
        for token, w in weights.items():
            tid = vocab.get(token)
            if tid is None or not w:
                continue
            start, end = indptr[tid], indptr[tid + 1]
            np.add.at(out, indices[start:end], w * data[start:end])
        return out

    def rows_with(self, token: str) -> np.ndarray:
        """The rows whose tokens include `token` (empty when no row has it)."""
        if self._bm25 is None:
            return np.zeros(0, dtype=np.int64)
        tid = self._bm25.vocab_dict.get(token)
        if tid is None:
            return np.zeros(0, dtype=np.int64)
        indptr = self._bm25.scores["indptr"]
        return np.asarray(self._bm25.scores["indices"][indptr[tid]:indptr[tid + 1]], dtype=np.int64)

    def doc_freq(self, token: str) -> int:
        """How many rows hold `token`."""
        if self._bm25 is None:
            return 0
        tid = self._bm25.vocab_dict.get(token)
        if tid is None:
            return 0
        indptr = self._bm25.scores["indptr"]
        return int(indptr[tid + 1] - indptr[tid])

    def rarity(self, token: str) -> float:
        """0 for a word in every row (or none), near 1 for a word in one row (log scale)."""
        df = self.doc_freq(token)
        return 0.0 if not df or self._count < 2 else 1.0 - math.log1p(df) / math.log1p(self._count)

    def rows_with_all(self, tokens: list[str]) -> np.ndarray:
        """The rows holding every one of `tokens` (all rows' worth of nothing when none given)."""
        rows = self.rows_with(tokens[0]) if tokens else np.zeros(0, dtype=np.int64)
        for token in tokens[1:]:
            rows = np.intersect1d(rows, self.rows_with(token), assume_unique=True)
        return rows

    def feedback(self, row_tokens: list[list[str]], exclude: set[str], n: int,
                 max_share: float = FEEDBACK_MAX_SHARE) -> dict[str, float]:
        """Pseudo-relevance feedback terms: the `n` words most shared by the given rows' tokens
        (in two of them at least, when there are several), weighted by rarity, leaving out
        `exclude` and words in more than `max_share` of all rows. Returns {word: 1.0}."""
        counts: dict[str, int] = {}
        for tokens in row_tokens:
            for tok in set(tokens):
                if len(tok) >= 2 and tok not in exclude:
                    counts[tok] = counts.get(tok, 0) + 1
        need = 2 if len(row_tokens) > 1 else 1
        limit = max_share * self._count
        ranked = sorted(((c * self.rarity(tok), tok) for tok, c in counts.items()
                         if c >= need and self.doc_freq(tok) <= limit), reverse=True)
        return {tok: 1.0 for _, tok in ranked[:n]}

    def owners(self, token: str, row_doc: np.ndarray, ndocs: int, min_rows: int, share: float) -> tuple[np.ndarray, float]:
        """The documents (indices into the row -> document map `row_doc`) holding `token` in at
        least `min_rows` rows and `share` of all rows with it, and the share they hold together."""
        rows = self.rows_with(token)
        if len(rows) < min_rows:
            return np.zeros(0, dtype=np.int64), 0.0
        counts = np.bincount(row_doc[rows], minlength=ndocs)
        found = np.flatnonzero((counts >= min_rows) & (counts >= share * len(rows)))
        return found, float(counts[found].sum()) / len(rows)

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
