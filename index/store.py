"""The knowledge base on disk: generations, the manifest, atomic publishing, the write lock.

    PLANKB_HOME/
      CURRENT                   name of the live generation (replaced atomically)
      generations/<name>/       manifest.json, catalogue.sqlite, vectors.npy, bm25/,
                                [vectors.hnsw.faiss | milvus.json: the generation's Milvus collection]
      cache/                    embeddings by passage hash (never required for correctness)
      write.lock                held by the one process that writes

A write builds a complete new generation in a temporary folder, fsyncs it, then replaces
CURRENT: a writer killed at any moment leaves the previous generation live and loadable.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import time
import uuid
from pathlib import Path
from typing import Any

from ingest.errors import IndexBusy, IndexDamaged, IndexMissing
from ingest.settings import MilvusOptions

SCHEMA = 1
KEEP_GENERATIONS = 2


def generations_dir(home: Path) -> Path:
    return home / "generations"


def current_generation(home: Path) -> Path | None:
    """The live generation folder, or None if the knowledge base is empty."""
    pointer = home / "CURRENT"
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    folder = generations_dir(home) / name
    if not name or not folder.is_dir():
        raise IndexDamaged(f"知识库损坏：CURRENT 指向不存在的版本 {name!r}，请运行 plankb repair")
    return folder


def new_generation(home: Path) -> Path:
    folder = generations_dir(home) / f"tmp-{uuid.uuid4().hex[:12]}"
    folder.mkdir(parents=True)
    return folder


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write_manifest(folder: Path, info: dict[str, Any]) -> dict[str, Any]:
    """Record schema, settings and a checksum of every file of the generation."""
    files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                   if p.is_file() and p.name != "manifest.json")
    manifest = {"schema": SCHEMA, "created": time.strftime("%Y-%m-%dT%H:%M:%S"), **info,
                "files": {name: sha256_file(folder / name) for name in files}}
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def read_manifest(folder: Path, verify: bool = True) -> dict[str, Any]:
    """Load manifest.json; with `verify`, check every file's checksum.

    Raises:
        IndexDamaged: the manifest is missing or unreadable, or a file is missing or altered.
    """
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexDamaged(f"知识库损坏：{folder.name}/manifest.json 无法读取，请运行 plankb repair") from exc
    if manifest.get("schema") != SCHEMA:
        raise IndexDamaged(f"知识库格式版本 {manifest.get('schema')} 与本程序（{SCHEMA}）不符，请运行 plankb repair")
    if verify:
        for name, digest in manifest.get("files", {}).items():
            path = folder / name
            if not path.exists() or sha256_file(path) != digest:
                raise IndexDamaged(f"知识库损坏：{name} 缺失或校验不符，请运行 plankb repair")
    return manifest


def _fsync_tree(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with open(path, "rb") as f:
                os.fsync(f.fileno())
    for d in [folder, *[p for p in folder.rglob("*") if p.is_dir()]]:
        fd = os.open(d, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def publish(home: Path, tmp: Path, store_spec: str = "", milvus: MilvusOptions | None = None) -> Path:
    """Make a finished temporary generation the live one, atomically; prune old ones
    (their Milvus collections are dropped from the store `store_spec` names, reached with
    `milvus`, Settings.milvus)."""
    # names sort by creation time (pruning and repair take the newest): nanoseconds, since two
    # writes can land within one second
    name = f"gen-{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 10**9:09d}-{uuid.uuid4().hex[:6]}"
    final = generations_dir(home) / name
    _fsync_tree(tmp)
    os.replace(tmp, final)
    pointer_tmp = home / f"CURRENT.{uuid.uuid4().hex[:8]}.tmp"
    pointer_tmp.write_text(name, encoding="utf-8")
    with open(pointer_tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(pointer_tmp, home / "CURRENT")
    fd = os.open(home, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    prune(home, keep=name, store_spec=store_spec, milvus=milvus)
    return final


def prune(home: Path, keep: str, store_spec: str = "", milvus: MilvusOptions | None = None) -> None:
    """Remove unfinished temporary folders and all but the newest generations (a Milvus
    collection that a kept generation shares is left in place)."""
    gens = generations_dir(home)
    if not gens.exists():
        return
    finished = sorted((p for p in gens.iterdir() if p.name.startswith("gen-")), key=lambda p: p.name)
    doomed = [p for p in gens.iterdir() if p.name.startswith("tmp-")]
    doomed += [p for p in finished[:-KEEP_GENERATIONS] if p.name != keep]
    from .vectors import collections_of
    in_use = collections_of([p for p in finished if p not in doomed])
    for p in doomed:
        remove_generation(p, store_spec, in_use, milvus)


def remove_generation(folder: Path, store_spec: str = "", in_use: set[str] | None = None,
                      milvus: MilvusOptions | None = None) -> None:
    """Delete a generation folder and what it holds elsewhere (its Milvus collection, unless
    another generation still uses it)."""
    from .vectors import drop_generation
    drop_generation(folder, store_spec, in_use or set(), milvus)
    shutil.rmtree(folder, ignore_errors=True)


class WriteLock:
    """An exclusive lock on PLANKB_HOME/write.lock: one writer at a time.

    Waits up to `timeout` seconds (Settings.lock_wait, PLANKB_LOCK_WAIT), then raises IndexBusy
    with a clear message.
    """

    def __init__(self, home: Path, timeout: float = 600.0) -> None:
        self.home, self.timeout = home, timeout
        self._fd: int | None = None

    def __enter__(self) -> WriteLock:
        self.home.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.home / "write.lock", os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return self
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(self._fd)
                    self._fd = None
                    raise IndexBusy("另一个进程正在写入知识库，请稍后再试") from None
                time.sleep(0.2)

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def require_generation(home: Path) -> Path:
    folder = current_generation(home)
    if folder is None:
        raise IndexMissing(f"知识库为空（{home}）：先运行 plankb build 或 plankb add 文件")
    return folder
