"""Saving uploaded files safely inside PLANKB_HOME/uploads (no streamlit here: testable alone)."""
from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from pathlib import Path


def safe_name(name: str) -> str:
    """An upload's file name reduced to one harmless path component.

    >>> safe_name("../../etc/passwd")
    'passwd'
    """
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = name.encode("utf-8", "replace").decode("utf-8", "replace")
    name = re.sub(r"[\x00-\x1f<>:\"|?*]", "_", name).strip(" .")
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    stem = stem.strip(" .")[:80] or "upload"
    return stem + (f".{suffix}" if suffix else "")


def save_uploads(home: Path, files: Iterable[tuple[str, bytes]], max_bytes: int) -> tuple[list[Path], list[str]]:
    """Write (name, content) pairs into a fresh folder under home/uploads.

    Returns the saved paths and one-line messages for files refused (too large, bad name).
    """
    folder = (home / "uploads" / uuid.uuid4().hex[:8]).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    refused: list[str] = []
    for name, content in files:
        target = (folder / safe_name(name)).resolve()
        if target.parent != folder:
            refused.append(f"{name}：文件名不合法，已跳过")
            continue
        if len(content) > max_bytes:
            refused.append(f"{name}：文件 {len(content) / 2**20:.0f} MB，超过上限 {max_bytes / 2**20:.0f} MB，已跳过")
            continue
        n = 2
        while target.exists():
            target = folder / f"{Path(safe_name(name)).stem}-{n}{Path(safe_name(name)).suffix}"
            n += 1
        target.write_bytes(content)
        saved.append(target)
    return saved, refused
