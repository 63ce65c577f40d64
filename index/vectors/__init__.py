"""Vector stores resolve by name in one factory: faiss (default), numpy (fallback)."""
from __future__ import annotations

from ingest.errors import UnknownBackend

from .base import VectorStore, exact_search


def create_vector_store(name: str, dim: int) -> VectorStore:
    """faiss — FAISS (exact, HNSW past 100k vectors); numpy — exact, no dependency.
    Falls back to numpy when faiss is not installed and faiss was not named explicitly."""
    name = (name or "faiss").split(":", 1)[0].lower()
    if name in ("faiss", "auto"):
        try:
            import faiss  # noqa: F401
        except ImportError:
            if name == "faiss":
                raise UnknownBackend("缺少 faiss：pip install faiss-cpu") from None
            name = "numpy"
        else:
            from .faiss_store import FaissStore
            return FaissStore(dim)
    if name == "numpy":
        from .numpy_store import NumpyStore
        return NumpyStore(dim)
    raise UnknownBackend(f"未知的向量库 {name!r}（可用：faiss、numpy）")


__all__ = ["VectorStore", "create_vector_store", "exact_search"]
