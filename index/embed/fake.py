"""A deterministic embedder for fast tests of stores and fusion: hashed jieba tokens."""
from __future__ import annotations

import hashlib

import numpy as np

from ingest.tokenize import tokenize

from .base import normalise


class FakeEmbedder:
    name = "fake/hashed-tokens"

    def __init__(self, dim: int = 128) -> None:
        self.dim = dim

    def _embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in tokenize(text, search=True):
                h = int.from_bytes(hashlib.blake2b(token.encode(), digest_size=8).digest(), "little")
                out[row, h % self.dim] += 1.0 if (h >> 32) & 1 else -1.0
        return normalise(out)

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        return self._embed(texts)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._embed(texts)
