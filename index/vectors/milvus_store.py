"""Milvus: the dense store for knowledge bases that outgrow one process (pymilvus MilvusClient).

Chosen with PLANKB_STORE:
    milvus://HOST:PORT          a Milvus server or cluster (http; milvus+https://HOST:PORT for TLS)
    milvus:///path/kb.db        Milvus Lite, embedded in this process (one process per file)
Optional query parameters: ?db=NAME (database, default "default"), ?index=FLAT|HNSW|IVF_FLAT|AUTOINDEX|...
(default "auto": FLAT up to 100,000 vectors, HNSW above, as with FAISS). Credentials come from
Settings.milvus_token (PLANKB_MILVUS_TOKEN: "user:password" or an API key) or user:password@ in
the URI; they are never written to the knowledge base. Settings.milvus_prefix (PLANKB_MILVUS_PREFIX,
default "plankb") starts every collection name. The options come in as `MilvusOptions`
(`Settings.milvus`); this module reads no environment.

Each generation of the knowledge base gets its own collection, named in the generation's
milvus.json, which is written before the collection is created: a write killed half-way leaves
a temporary generation whose collection the next write drops, and pruning an old generation
drops its collection. Every row carries the document's filterable fields, so filters run
inside Milvus (`Pushdown` -> a boolean expression).
"""
from __future__ import annotations

import json
import os
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

import numpy as np

from ingest.errors import IndexBusy, IndexDamaged, StoreUnavailable, UnknownBackend
from ingest.settings import MilvusOptions

from .base import LIKE_UNSAFE, Pushdown, RowMeta

APPROX_THRESHOLD = 100_000
HNSW_PARAMS = {"M": 32, "efConstruction": 80}
HNSW_EF_SEARCH = 512
IVF_NPROBE = 32
INSERT_BATCH = 2_000
VECTOR_FIELD = "vector"
# VARCHAR lengths are bytes in Milvus: three per Chinese character
FIELD_BYTES = {"doc_id": 512, "kind": 64, "region": 256, "issuing_body": 2048, "date": 32}
CONFIG_FILE = "milvus.json"


@dataclass(frozen=True)
class MilvusTarget:
    """Where the vectors live: a server URI or a Milvus Lite path, and how to index them."""

    uri: str                 # what MilvusClient gets: http(s)://host:port or a .db path
    display: str             # the PLANKB_STORE form without credentials (kept in manifests)
    token: str = ""
    db_name: str = ""
    index_type: str = "auto"
    prefix: str = "plankb"
    timeout: float = 10.0

    @property
    def lite(self) -> bool:
        return not self.uri.startswith(("http://", "https://"))


def parse_target(spec: str, options: MilvusOptions | None = None) -> MilvusTarget:
    """PLANKB_STORE -> MilvusTarget, with `options` (Settings.milvus; default: no token, the
    default prefix, index and timeout). Raises UnknownBackend for a malformed value."""
    options = options or MilvusOptions()
    parsed = urlparse(spec.strip())
    scheme = parsed.scheme.lower()
    if scheme not in ("milvus", "milvus+http", "milvus+https"):
        raise UnknownBackend(f"无法识别的 Milvus 地址 {spec!r}（例：milvus://主机:19530 或 milvus:///路径/kb.db）")
    query = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
    index_type = (query.get("index") or options.index or "auto").upper()
    prefix = options.prefix or "plankb"
    if not prefix.replace("_", "").isalnum() or not prefix[0].isalpha():
        raise UnknownBackend(f"PLANKB_MILVUS_PREFIX 只能含字母、数字和下划线，且以字母开头：{prefix!r}")
    host = parsed.hostname or ""
    path = unquote(parsed.path)
    if host and not path.endswith(".db"):
        try:
            port = parsed.port or 19530
        except ValueError:
            raise UnknownBackend(f"Milvus 地址的端口无效：{spec!r}") from None
        token = options.token
        if parsed.username and not token:
            token = f"{unquote(parsed.username)}:{unquote(parsed.password or '')}"
        http = "https" if scheme == "milvus+https" else "http"
        display = f"{scheme}://{host}:{port}" + (f"?db={query['db']}" if query.get("db") else "")
        return MilvusTarget(f"{http}://{host}:{port}", display, token, query.get("db", ""), index_type, prefix,
                            options.timeout)
    lite = Path((parsed.netloc + path) if not host else host + path).expanduser()
    if not lite.name.endswith(".db"):
        raise UnknownBackend(f"Milvus Lite 的数据文件须以 .db 结尾：{spec!r}")
    lite = lite.resolve()
    return MilvusTarget(str(lite), f"milvus://{lite}", index_type=index_type, prefix=prefix, timeout=options.timeout)


# -- connections -------------------------------------------------------------------------
_clients: dict[tuple[str, str, str], Any] = {}
_clients_lock = threading.Lock()


def _pymilvus():  # type: ignore[no-untyped-def]
    try:
        import pymilvus
    except ImportError as exc:
        raise UnknownBackend("缺少 pymilvus：pip install 'plankb[milvus]'（Milvus Lite 另需 milvus-lite）") from exc
    return pymilvus


def client_for(target: MilvusTarget):  # type: ignore[no-untyped-def]
    """One MilvusClient per target and process (Milvus Lite allows one process per file)."""
    key = (target.uri, target.token, target.db_name)
    with _clients_lock:
        if key in _clients:
            return _clients[key]
        pymilvus = _pymilvus()
        if target.lite:
            Path(target.uri).parent.mkdir(parents=True, exist_ok=True)
            _check_lite_free(Path(target.uri))
        kwargs: dict[str, Any] = {"uri": target.uri}
        if target.token:
            kwargs["token"] = target.token
        if target.db_name:
            kwargs["db_name"] = target.db_name
        if not target.lite:
            kwargs["timeout"] = target.timeout
        try:
            client = pymilvus.MilvusClient(**kwargs)
        except Exception as exc:  # pymilvus raises several types for one cause: no connection
            raise StoreUnavailable(f"无法连接 Milvus（{target.display}）：{_reason(exc)}") from exc
        _clients[key] = client
        return client


def _check_lite_free(path: Path) -> None:
    """Milvus Lite holds an exclusive lock on its data folder: say so in one line."""
    lock = path / "LOCK"
    if not lock.exists():
        return
    import fcntl
    fd = os.open(lock, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(fd, fcntl.LOCK_UN)
    except BlockingIOError:
        raise IndexBusy(f"Milvus Lite 数据 {path} 正被另一个进程使用（Milvus Lite 只允许一个进程；"
                        "多个进程请使用 Milvus 服务：PLANKB_STORE=milvus://主机:端口）") from None
    finally:
        os.close(fd)


def release(target: MilvusTarget) -> None:
    """Close this process's client (and, for Milvus Lite, its embedded server and file lock)."""
    with _clients_lock:  # whatever credentials each was opened with
        keys = [k for k in _clients if k[0] == target.uri and k[2] == target.db_name]
        clients = [_clients.pop(k) for k in keys]
    for client in clients:
        try:
            client.close()
        except Exception:  # noqa: BLE001, S110 - closing a dead connection must not fail the caller
            pass
    if target.lite:
        try:
            from milvus_lite.server_manager import server_manager_instance
            server_manager_instance.release_server(target.uri)
        except ImportError:
            pass


def _reason(exc: BaseException) -> str:
    text = str(getattr(exc, "message", "") or exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]


# -- filters -------------------------------------------------------------------------------
def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _like(value: str) -> str:
    if any(ch in value for ch in LIKE_UNSAFE):
        raise ValueError(f"cannot express {value!r} as a LIKE pattern")
    return value.replace('"', '\\"')


def expression(where: Pushdown) -> str:
    """A Milvus boolean expression for a Pushdown ('' when it keeps everything)."""
    parts = []
    if where.kind:
        parts.append(f"kind == {_quote(where.kind)}")
    if where.region:
        parts.append(f'region like "{_like(where.region.strip())}%"')
    if where.national:
        parts.append('region == ""')
    if where.doc_ids is not None:
        parts.append(f"doc_id in [{', '.join(_quote(d) for d in where.doc_ids)}]")
    if where.issuing_body:  # infix LIKE needs Milvus 2.4+; Index sends document ids instead
        parts.append(f'issuing_body like "%{_like(where.issuing_body)}%"')
    if where.date_from:
        parts.append(f'date >= {_quote(where.date_from)} and date != ""')
    if where.date_to:
        parts.append(f'date <= {_quote(where.date_to)} and date != ""')
    return " and ".join(parts)


def _fit(value: str | None, field: str) -> str:
    data = (value or "").encode("utf-8")[:FIELD_BYTES[field]]
    return data.decode("utf-8", errors="ignore")


# -- the store -----------------------------------------------------------------------------
class MilvusStore:
    name = "milvus"

    def __init__(self, dim: int, target: MilvusTarget, approx_threshold: int = APPROX_THRESHOLD) -> None:
        self.dim = dim
        self.target = target
        self.approx_threshold = approx_threshold
        self.collection = ""
        self._count = 0
        self._pending: tuple[np.ndarray, list[RowMeta]] | None = None  # held from index() to save()
        self._index_type = ""

    @property
    def kind(self) -> str:
        return self._index_type or self._choose_index(self._count)

    def _choose_index(self, n: int) -> str:
        if self.target.index_type != "AUTO":
            return self.target.index_type
        return "HNSW" if n > self.approx_threshold else "FLAT"

    @property
    def count(self) -> int:
        return self._count

    @property
    def client(self):  # type: ignore[no-untyped-def]
        return client_for(self.target)

    def index(self, vectors: np.ndarray, meta: list[RowMeta] | None = None) -> None:
        """Hold the vectors; they go into a new collection when the generation is saved."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if meta is None:  # rows without documents (benchmarks, tests): one anonymous range
            meta = [RowMeta("", "", "", "", "", 0, len(vectors))]
        self._pending = (vectors, sorted(meta, key=lambda m: m.row_start))
        self._count = len(vectors)

    def save(self, folder: Path, progress=None,  # type: ignore[no-untyped-def]
             previous: tuple[Path, list[RowMeta]] | None = None) -> list[str]:
        """Write the generation's vectors; writes milvus.json first.

        When `previous` (the live generation's folder and row fields) is an exact prefix of
        this one — files were only added — its collection is shared and only the new rows are
        appended; otherwise a new collection gets every row."""
        if self._pending is None:
            raise ValueError("index() first")
        vectors, meta = self._pending
        start = self._appendable(previous, meta)
        self.collection = (read_config(previous[0])["collection"] if start and previous is not None
                           else f"{self.target.prefix}_{uuid.uuid4().hex[:16]}")
        self._index_type = self._choose_index(len(vectors))
        config = {"uri": self.target.display, "collection": self.collection, "dim": self.dim,
                  "index": self._index_type, "count": len(vectors), "shared_rows": start}
        (folder / CONFIG_FILE).write_text(json.dumps(config, ensure_ascii=False, indent=1), encoding="utf-8")
        client = self.client
        try:
            if start:  # rows that a write killed earlier left past the live count go first
                client.delete(self.collection, filter=f"row >= {start}")
            else:
                self._create(client)
            for first in range(start, len(vectors), INSERT_BATCH):
                client.insert(self.collection, self._rows(vectors, meta, first, first + INSERT_BATCH))
                if progress:
                    progress("milvus", min(first + INSERT_BATCH, len(vectors)), len(vectors))
            self._finish(client, new=not start)
        except Exception as exc:
            if isinstance(exc, (StoreUnavailable, IndexBusy)):
                raise
            raise StoreUnavailable(f"写入 Milvus 集合 {self.collection} 失败（{self.target.display}）："
                                   f"{_reason(exc)}") from exc
        self._pending = None
        return [CONFIG_FILE]

    def _create(self, client) -> None:  # type: ignore[no-untyped-def]
        DataType = _pymilvus().DataType
        schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("row", DataType.INT64, is_primary=True)
        for field, size in FIELD_BYTES.items():
            schema.add_field(field, DataType.VARCHAR, max_length=size)
        schema.add_field(VECTOR_FIELD, DataType.FLOAT_VECTOR, dim=self.dim)
        # a generation's collection is written once, verified (_finish), then only read: searches
        # need not wait for Strong consistency (which costs a server ~200 ms per search)
        client.create_collection(self.collection, schema=schema, consistency_level="Bounded")

    def _appendable(self, previous: tuple[Path, list[RowMeta]] | None, meta: list[RowMeta]) -> int:
        """The live generation's row count if this one only appends to it (same rows, fields
        and index type, its collection in this store), else 0."""
        if previous is None or not previous[1]:
            return 0
        folder, old_meta = previous
        try:
            config = read_config(folder)
        except IndexDamaged:
            return 0
        old = sorted(old_meta, key=lambda m: m.row_start)
        count = old[-1].row_end
        if (config.get("uri") != self.target.display or config.get("count") != count
                or meta[:len(old)] != old or config.get("index") != self._choose_index(self._count)):
            return 0
        try:
            return count if self.client.has_collection(config["collection"]) else 0
        except Exception:  # noqa: BLE001 - cannot tell: write a whole new collection
            return 0

    def _finish(self, client, new: bool = True) -> None:  # type: ignore[no-untyped-def]
        try:
            client.flush(self.collection)
        except Exception:  # noqa: BLE001, S110 - Lite has no flush; a server's failure shows in the count check
            pass
        if not new:
            self._verify(client)
            return
        params = client.prepare_index_params()
        build: dict[str, Any] = {}
        if self._index_type == "HNSW":
            build = dict(HNSW_PARAMS)
        elif self._index_type == "IVF_FLAT":
            build = {"nlist": max(16, int(4 * np.sqrt(max(self._count, 1))))}
        params.add_index(field_name=VECTOR_FIELD, index_type=self._index_type, metric_type="IP", params=build)
        client.create_index(self.collection, params)
        client.load_collection(self.collection)
        self._verify(client)

    def _verify(self, client) -> None:  # type: ignore[no-untyped-def]
        stored = client.query(self.collection, filter="", output_fields=["count(*)"], consistency_level="Strong")
        if int(stored[0]["count(*)"]) != self._count:
            raise StoreUnavailable(f"Milvus 集合 {self.collection} 只收到 {stored[0]['count(*)']} 条向量，"
                                   f"应为 {self._count} 条（{self.target.display}）")

    @staticmethod
    def _rows(vectors: np.ndarray, meta: list[RowMeta], start: int, end: int) -> list[dict[str, Any]]:
        end = min(end, len(vectors))
        rows = []
        m = 0
        for row in range(start, end):
            while meta[m].row_end <= row:
                m += 1
            d = meta[m]
            rows.append({"row": row, "doc_id": _fit(d.doc_id, "doc_id"), "kind": _fit(d.kind, "kind"),
                         "region": _fit(d.region, "region"),
                         "issuing_body": _fit(d.issuing_body, "issuing_body"),
                         "date": _fit(d.date, "date"), VECTOR_FIELD: vectors[row].tolist()})
        return rows

    def load(self, folder: Path, count: int) -> None:
        """Open the collection named in the generation's milvus.json."""
        config = read_config(folder)
        self.collection, self._index_type = config["collection"], config.get("index", "FLAT")
        self._count = count
        client = self.client
        try:
            exists = client.has_collection(self.collection)
        except Exception as exc:
            raise StoreUnavailable(f"无法访问 Milvus（{self.target.display}）：{_reason(exc)}") from exc
        if not exists:
            raise IndexDamaged(f"知识库损坏：Milvus（{self.target.display}）中没有集合 {self.collection}，"
                               "请运行 plankb repair")
        try:
            client.load_collection(self.collection)
        except Exception as exc:
            raise StoreUnavailable(f"Milvus 无法加载集合 {self.collection}：{_reason(exc)}") from exc

    def search(self, queries, k, allowed=None, where=None):  # type: ignore[no-untyped-def]
        queries = np.ascontiguousarray(queries, dtype=np.float32)
        nq = len(queries)
        scores = np.full((nq, k), -np.inf, dtype=np.float32)
        ids = np.full((nq, k), -1, dtype=np.int64)
        if self._count == 0 or nq == 0 or (allowed is not None and len(allowed) == 0):
            return scores, ids
        if where is not None:
            expr = expression(where)
        elif allowed is not None:  # rows only (no document fields to push down)
            expr = f"row in [{', '.join(str(int(r)) for r in allowed)}]"
        else:
            expr = ""
        # a collection may be shared with a newer generation that appended rows past this one's
        expr = f"row < {self._count}" + (f" and ({expr})" if expr else "")
        params: dict[str, Any] = {}
        if self._index_type == "HNSW":
            params = {"ef": max(HNSW_EF_SEARCH, k)}
        elif self._index_type == "IVF_FLAT":
            params = {"nprobe": IVF_NPROBE}
        try:
            result = self.client.search(self.collection, data=queries.tolist(), limit=k, filter=expr,
                                        output_fields=["row"], anns_field=VECTOR_FIELD,
                                        search_params={"metric_type": "IP", "params": params})
        except Exception as exc:
            raise StoreUnavailable(f"Milvus 检索失败（{self.target.display}）：{_reason(exc)}") from exc
        for q, hits in enumerate(result):
            for n, hit in enumerate(list(hits)[:k]):
                ids[q, n] = int(hit.get("row", hit.get("id")))
                scores[q, n] = float(hit["distance"])
        return scores, ids


def read_config(folder: Path) -> dict[str, Any]:
    try:
        return json.loads((folder / CONFIG_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexDamaged(f"知识库损坏：{folder.name}/{CONFIG_FILE} 无法读取，请运行 plankb repair") from exc


def drop_generation(folder: Path, target: MilvusTarget | None = None, in_use: set[str] | None = None,
                    options: MilvusOptions | None = None) -> None:
    """Drop the collection of a generation (or an unfinished one) that is being removed, unless
    a kept generation shares it (rows it appended past their count are ignored by them and
    deleted by the next append). Best effort: an unreachable server leaves the collection for
    a later prune or the operator."""
    try:
        config = read_config(folder)
        if config["collection"] in (in_use or set()):
            return
        target = target or parse_target(config["uri"], options)
        client = client_for(target)
        if client.has_collection(config["collection"]):
            client.drop_collection(config["collection"])
    except Exception:  # noqa: BLE001, S110 - best effort, see the docstring
        pass
