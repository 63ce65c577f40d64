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
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
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


@dataclass(frozen=True)
class EmbedderInfo:
    """The model a generation was embedded with."""

    name: str = ""
    dim: int = 0


@dataclass(frozen=True)
class StoreInfo:
    """Where a generation's vectors are (never with credentials: `spec` is the display form)."""

    name: str = "faiss"
    kind: str = "exact"
    spec: str = ""        # Milvus only: the PLANKB_STORE form without credentials
    collection: str = ""  # Milvus only


@dataclass(frozen=True)
class Counts:
    documents: int = 0
    chunks: int = 0


SECRET_WORDS = ("token", "password", "secret", "credential", "key")


def _store_without_credentials(spec: str) -> str:
    """A PLANKB_STORE value as a manifest may record it: a Milvus URI loses user, password and
    query (save the database); a malformed one is not recorded at all."""
    from .vectors import family
    if family(spec) != "milvus":
        return spec
    from .vectors.milvus_store import parse_target
    try:
        return parse_target(spec).display
    except Exception:  # noqa: BLE001 - whatever it holds, it is not written
        return ""


def safe_settings(recorded: Mapping[str, object]) -> dict[str, object]:
    """Recorded settings (Settings.recorded()) as they may reach disk: no credentials."""
    out: dict[str, object] = {}
    for key, value in recorded.items():
        if any(word in key.lower() for word in SECRET_WORDS):
            continue
        if key == "store" and isinstance(value, str):
            value = _store_without_credentials(value)
        out[key] = value
    return out


@dataclass(frozen=True)
class Manifest:
    """manifest.json of one generation: schema, embedder, vector store, passage version, counts,
    the settings it was built with and a checksum of every file.

    `from_json`/`to_json` are the only places that know the JSON shape. Older manifests read
    with defaults for what they lack; keys this version does not know are kept in `extra` and
    written back.
    """

    embedder: EmbedderInfo = EmbedderInfo()
    store: StoreInfo | None = None
    passage_version: int | None = None
    parser_version: int | None = None   # ingest.PARSER_VERSION the documents were parsed with
    counts: Counts = Counts()
    settings: Mapping[str, object] | None = None   # Settings.recorded(), credentials removed
    schema: int = SCHEMA
    created: str = ""
    files: Mapping[str, str] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)

    KNOWN = ("schema", "created", "embedder", "store", "passage_version", "parser_version", "counts", "settings",
             "files")

    def __post_init__(self) -> None:
        if self.settings is not None:  # credentials never enter a Manifest, so never reach disk
            object.__setattr__(self, "settings", safe_settings(self.settings))

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Manifest:
        """Read a manifest as any version wrote it.

        Raises:
            ValueError: not a manifest (not an object, or a field of the wrong type).
        """
        if not isinstance(data, Mapping):
            raise ValueError("manifest.json is not an object")
        try:
            emb = data.get("embedder") or {}
            store = data.get("store")
            counts = data.get("counts") or {}
            settings = data.get("settings")
            version = data.get("passage_version")
            parser = data.get("parser_version")
            return cls(
                embedder=EmbedderInfo(str(emb.get("name") or ""), int(emb.get("dim") or 0)),
                store=None if not store else StoreInfo(
                    str(store.get("name") or "faiss"), str(store.get("kind") or "exact"),
                    str(store.get("spec") or ""), str(store.get("collection") or "")),
                passage_version=None if version is None else int(version),
                parser_version=None if parser is None else int(parser),
                counts=Counts(int(counts.get("documents") or 0), int(counts.get("chunks") or 0)),
                settings=None if settings is None else safe_settings(dict(settings)),
                schema=data.get("schema"),  # type: ignore[arg-type]  # checked by read_manifest
                created=str(data.get("created") or ""),
                files={str(k): str(v) for k, v in (data.get("files") or {}).items()},
                extra={k: v for k, v in data.items() if k not in cls.KNOWN})
        except (AttributeError, TypeError) as exc:
            raise ValueError(f"manifest.json is malformed: {exc}") from exc

    def to_json(self) -> dict[str, Any]:
        """The JSON object written to manifest.json (same keys, same order as before; new:
        `settings`). Credentials never pass: settings are filtered again here."""
        out: dict[str, Any] = {"schema": self.schema, "created": self.created,
                               "embedder": {"name": self.embedder.name, "dim": self.embedder.dim}}
        if self.store is not None:
            store: dict[str, Any] = {"name": self.store.name, "kind": self.store.kind}
            if self.store.name == "milvus" or self.store.spec or self.store.collection:
                store.update(spec=self.store.spec, collection=self.store.collection)
            out["store"] = store
        if self.passage_version is not None:
            out["passage_version"] = self.passage_version
        if self.parser_version is not None:
            out["parser_version"] = self.parser_version
        out["counts"] = {"documents": self.counts.documents, "chunks": self.counts.chunks}
        if self.settings is not None:
            out["settings"] = safe_settings(self.settings)
        out.update({k: v for k, v in self.extra.items() if k not in self.KNOWN})
        out["files"] = dict(self.files)
        return out


def write_manifest(folder: Path, manifest: Manifest) -> Manifest:
    """Write `manifest` with this schema, the time and a checksum of every file of the
    generation; returns what was written."""
    files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                   if p.is_file() and p.name != "manifest.json")
    written = replace(manifest, schema=SCHEMA, created=time.strftime("%Y-%m-%dT%H:%M:%S"),
                      files={name: sha256_file(folder / name) for name in files})
    (folder / "manifest.json").write_text(json.dumps(written.to_json(), ensure_ascii=False, indent=1),
                                          encoding="utf-8")
    return written


def read_manifest(folder: Path, verify: bool = True) -> Manifest:
    """Load manifest.json; with `verify`, check every file's checksum.

    Raises:
        IndexDamaged: the manifest is missing or unreadable, or a file is missing or altered.
    """
    try:
        manifest = Manifest.from_json(json.loads((folder / "manifest.json").read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise IndexDamaged(f"知识库损坏：{folder.name}/manifest.json 无法读取，请运行 plankb repair") from exc
    if manifest.schema != SCHEMA:
        raise IndexDamaged(f"知识库格式版本 {manifest.schema} 与本程序（{SCHEMA}）不符，请运行 plankb repair")
    if verify:
        for name, digest in manifest.files.items():
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
    # writes can land within one second, and seconds and nanoseconds from one reading of the clock
    # (read twice, a second could turn in between and name a later generation as an earlier one)
    now = time.time_ns()
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now // 10**9))
    name = f"gen-{stamp}-{now % 10**9:09d}-{uuid.uuid4().hex[:6]}"
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
