"""Keyword retrieval: BM25 (bm25s) over the ingest tokenizer, built once and saved.

Saved with bm25s's own format (.npy arrays with allow_pickle=False plus JSON), never
rebuilt per query: a query only tokenizes itself and reads the sparse matrix.

bm25s builds and saves the index; a search reads the saved arrays with numpy alone. The
matrix holds every (word, row) BM25 term score in CSC form (a column per word of the
vocabulary), so a query's score is the sum of its words' columns, added in the order bm25s
adds them (float32, word by word): the same scores to the bit, without importing bm25s,
which pulls in scipy.sparse and tqdm (0.3-0.4 s of a process's start, docs/latency.md).
"""
from __future__ import annotations

import json
import logging
import math
from pathlib import Path
from typing import Any

import numpy as np

from ingest.errors import IndexDamaged

K1, B = 1.2, 0.75
FEEDBACK_MAX_SHARE = 0.05  # a feedback word in more rows than this share is too common to help
# bm25s's file names; the score variants it saves with an extra non-occurrence array (BM25L,
# BM25+) are not read here: KeywordIndex builds Lucene's
FILES = {"data": "data.csc.index.npy", "indices": "indices.csc.index.npy", "indptr": "indptr.csc.index.npy"}
VOCAB, PARAMS = "vocab.index.json", "params.index.json"
PLAIN_METHODS = ("lucene", "robertson", "atire")


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
        self._bm25: Any = None   # bm25s.BM25 after `index`: what `save` writes
        self._vocab: dict[str, int] = {}
        self._data = np.zeros(0, dtype=np.float32)     # the CSC matrix: term scores,
        self._indices = np.zeros(0, dtype=np.int32)    # their rows,
        self._indptr = np.zeros(1, dtype=np.int32)     # and where each word's column starts
        self._count = 0
        self.folder: Path | None = None  # where it was loaded from

    def index(self, token_lists: list[list[str]]) -> None:
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)
        self._count = len(token_lists)
        self._bm25 = bm25s.BM25(k1=K1, b=B)
        # an empty document still needs a row; a never-matching placeholder keeps rows aligned
        self._bm25.index([toks or ["\u2400"] for toks in token_lists], show_progress=False)
        scores = self._bm25.scores
        self._vocab = dict(self._bm25.vocab_dict)
        self._data, self._indices, self._indptr = scores["data"], scores["indices"], scores["indptr"]

    @property
    def count(self) -> int:
        return self._count

    def _column(self, tid: int) -> tuple[np.ndarray, np.ndarray]:
        """(rows, term scores) of one word."""
        start, end = self._indptr[tid], self._indptr[tid + 1]
        return self._indices[start:end], self._data[start:end]

    def scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 score of every row for the query tokens (unknown tokens are ignored; a repeated
        token counts again, as in bm25s's `get_scores`)."""
        out = np.zeros(self._count, dtype=np.float32)
        for token in tokens:
            tid = self._vocab.get(token)
            if tid is not None:
                rows, values = self._column(tid)
                out[rows] += values  # a word's rows are distinct: the same sums as np.add.at
        return out

    def weighted_scores(self, weights: dict[str, float]) -> np.ndarray:
        """BM25 score of every row where each query token counts with its own weight (unknown
        tokens are ignored): sum over tokens of weight × the token's BM25 term score."""
        out = np.zeros(self._count, dtype=np.float32)
        for token, w in weights.items():
            tid = self._vocab.get(token)
            if tid is None or not w:
                continue
            rows, values = self._column(tid)
            out[rows] += w * values
        return out

    def rows_with(self, token: str) -> np.ndarray:
        """The rows whose tokens include `token` (empty when no row has it)."""
        tid = self._vocab.get(token)
        if tid is None:
            return np.zeros(0, dtype=np.int64)
        return np.asarray(self._column(tid)[0], dtype=np.int64)

    def doc_freq(self, token: str) -> int:
        """How many rows hold `token`."""
        tid = self._vocab.get(token)
        if tid is None:
            return 0
        return int(self._indptr[tid + 1] - self._indptr[tid])

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
        """Write bm25s's files, and jieba's dictionary hashed (`ingest.tokenize`: a process that
        answers one question cuts it with those instead of loading the dictionary)."""
        from ingest.tokenize import write_hashed_dictionary

        folder.mkdir(parents=True, exist_ok=True)
        self._bm25.save(str(folder), allow_pickle=False, show_progress=False)
        write_hashed_dictionary(folder)
        return sorted(p.name for p in folder.iterdir())

    def load(self, folder: Path, count: int) -> None:
        """Read what `save` wrote (numpy and json only).

        Raises:
            IndexDamaged: a file is missing or unreadable, or the index is of a BM25 variant
                that needs more than the matrix.
        """
        try:
            params = json.loads((folder / PARAMS).read_text(encoding="utf-8"))
            vocab = json.loads((folder / VOCAB).read_text(encoding="utf-8"))
            arrays = {key: np.load(folder / name, allow_pickle=False) for key, name in FILES.items()}
        except (OSError, ValueError) as exc:
            raise IndexDamaged(f"知识库的关键词索引无法读取（{folder}：{exc}），请运行 plankb repair") from exc
        if params.get("method", "lucene") not in PLAIN_METHODS:
            raise IndexDamaged(f"关键词索引的计分方式 {params.get('method')} 不受支持，请重建知识库")
        self._bm25 = None
        self.folder = folder
        self._vocab = vocab
        self._data, self._indices, self._indptr = arrays["data"], arrays["indices"], arrays["indptr"]
        self._count = count
