"""Vector stores resolve by PLANKB_STORE in one factory: faiss (default), numpy (fallback), milvus."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ingest.errors import UnknownBackend
from ingest.settings import MilvusOptions

from .base import Pushdown, RowMeta, VectorStore, exact_search

if TYPE_CHECKING:
    from ..store import Manifest


def create_vector_store(spec: str, dim: int, milvus: MilvusOptions | None = None) -> VectorStore:
    """faiss — FAISS (exact, HNSW past 100k vectors); numpy — exact, no dependency;
    milvus://HOST:PORT or milvus:///path/kb.db — Milvus server or Milvus Lite (see milvus_store),
    reached with `milvus` (Settings.milvus: token, prefix, index type, timeout).
    Falls back to numpy when faiss is not installed and faiss was not named explicitly."""
    spec = (spec or "faiss").strip()
    if spec.lower().startswith("milvus"):
        from .milvus_store import MilvusStore, parse_target
        return MilvusStore(dim, parse_target(spec, milvus))
    name = spec.split(":", 1)[0].lower()
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
    raise UnknownBackend(f"未知的向量库 {spec!r}（可用：faiss、numpy、milvus://主机:端口、milvus:///路径/kb.db）")


def family(spec: str | None) -> str:
    """'milvus' for a Milvus store, 'local' for the in-process ones (faiss, numpy)."""
    return "milvus" if (spec or "").strip().lower().startswith("milvus") else "local"


def built_spec(manifest: Manifest | None) -> str:
    """The store a generation was written to, as a PLANKB_STORE value ('' if none)."""
    store = manifest.store if manifest is not None else None
    return (store.spec or store.name) if store is not None else ""


def write_spec(wanted: str, manifest: Manifest | None) -> str:
    """Where the next generation goes: PLANKB_STORE if set, else where the live one is, else faiss."""
    return wanted or built_spec(manifest) or "faiss"


def read_spec(wanted: str, manifest: Manifest) -> str:
    """Where a generation's vectors are read from.

    Raises:
        IndexMismatch: PLANKB_STORE names another kind of store than the one that holds them.
    """
    from ingest.errors import IndexMismatch
    built = built_spec(manifest) or "faiss"
    if wanted and family(wanted) != family(built):
        raise IndexMismatch(f"知识库的向量保存在 {built}，与 PLANKB_STORE={wanted} 不符："
                            "运行 plankb build 把知识库迁移过去，或改回原设置")
    return wanted or built


def drop_generation(folder: Path, spec: str = "", in_use: set[str] | None = None,
                    milvus: MilvusOptions | None = None) -> None:
    """Release what a generation holds outside its folder (a Milvus collection, unless it is
    `in_use` by another generation): in the Milvus that `spec` names, else in the one the
    generation was written to."""
    from .milvus_store import CONFIG_FILE, parse_target
    from .milvus_store import drop_generation as drop_milvus
    if (folder / CONFIG_FILE).exists():
        drop_milvus(folder, parse_target(spec, milvus) if family(spec) == "milvus" else None, in_use or set(), milvus)


def collections_of(folders: list[Path]) -> set[str]:
    """The Milvus collections these generations use."""
    from .milvus_store import CONFIG_FILE, read_config
    out = set()
    for folder in folders:
        if (folder / CONFIG_FILE).exists():
            try:
                out.add(read_config(folder)["collection"])
            except Exception:  # noqa: BLE001 - a damaged config protects nothing
                continue
    return out


__all__ = ["Pushdown", "RowMeta", "VectorStore", "built_spec", "collections_of", "create_vector_store",
           "drop_generation",
           "exact_search", "family", "read_spec", "write_spec"]
