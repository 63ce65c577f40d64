"""Writing generations: parse, split, tokenize, embed (with a cache) and save every store.

Unchanged documents are copied from the previous generation (their vectors and tokens
too), so an incremental build only embeds what is new or changed.
"""
from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from ingest import PARSER_VERSION, Clause, Document, split_clauses
from ingest.names import short_title  # one place for names; still importable from here
from ingest.settings import MilvusOptions
from ingest.split import MAX_CHARS
from ingest.tokenize import tokenize

from .catalogue import Catalogue, DocRecord
from .embed import Embedder
from .keyword import KeywordIndex
from .store import (
    Counts,
    EmbedderInfo,
    Manifest,
    StoreInfo,
    new_generation,
    publish,
    safe_settings,
    write_manifest,
)
from .vectors import RowMeta, create_vector_store

PASSAGE_VERSION = 1   # bump when passage_text or chunking changes: cached vectors no longer fit
MAX_CHUNK_CHARS = MAX_CHARS  # one number: the splitter's
Progress = Callable[[str, int, int], None]


def passage_text(clause: Clause, doc_short_title: str) -> str:
    """What is embedded and keyword-indexed: the unit with its document and heading path,
    so 第六十二条 of 土地管理法 under 第五章 建设用地 carries that context."""
    head = " ".join([f"《{doc_short_title}》", *clause.path])
    body = clause.text if clause.part <= 1 else f"{clause.label} {clause.text}"
    return f"{head}\n{body}"


def document_record(doc: Document, source_root: str, row_start: int, rows: int) -> DocRecord:
    """The catalogue's record of a newly parsed document stored at rows [row_start, row_start+rows)."""
    return DocRecord(
        doc_id=doc.doc_id, file=doc.file, source_root=source_root, title=doc.title,
        short_title=short_title(doc.title), kind=doc.kind, issuing_body=doc.issuing_body,
        region=doc.region, adopted=doc.adopted, effective=doc.effective, amended=doc.amended,
        date=document_date(doc.amended, doc.adopted, doc.published, doc.effective), source_format=doc.source_format,
        pages=doc.pages, sha256=doc.sha256, aliases=tuple(doc.aliases), warnings=tuple(doc.warnings),
        headings=tuple({"level": h.level, "label": h.label, "title": h.title, "page": h.page}
                       for h in doc.headings),
        mode=doc.mode, clause_count=len(doc.clauses), added_at=time.strftime("%Y-%m-%d %H:%M:%S"),
        row_start=row_start, row_end=row_start + rows, doc_number=doc.doc_number,
        published=doc.published, validity=doc.validity)


def document_date(amended: str | None, adopted: str | None, published: str | None,
                  effective: str | None) -> str | None:
    """The one date a document is filtered and listed by: its latest revision, else the date it
    was adopted or written, else published, else in force."""
    return amended or adopted or published or effective


class EmbeddingCache:
    """Vectors by (model, passage hash) in PLANKB_HOME/cache; a miss just means re-embedding."""

    def __init__(self, home: Path, model: str) -> None:
        folder = home / "cache"
        folder.mkdir(parents=True, exist_ok=True)
        self.model = model
        self.db = sqlite3.connect(folder / "embeddings.sqlite", timeout=30)
        self.db.execute("CREATE TABLE IF NOT EXISTS vectors (model TEXT, key TEXT, data BLOB, "
                        "PRIMARY KEY (model, key))")

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(f"{PASSAGE_VERSION}\n{text}".encode()).hexdigest()

    def get(self, keys: list[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for i in range(0, len(keys), 500):
            batch = keys[i:i + 500]
            q = f"SELECT key, data FROM vectors WHERE model=? AND key IN ({', '.join('?' for _ in batch)})"
            for key, data in self.db.execute(q, [self.model, *batch]):
                out[key] = np.frombuffer(data, dtype=np.float32)
        return out

    def put(self, items: dict[str, np.ndarray]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                            [(self.model, k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()])
        self.db.commit()

    def close(self) -> None:
        self.db.close()


def embed_with_cache(passages: list[str], embedder: Embedder, cache: EmbeddingCache | None,
                     progress: Progress | None, batch: int = 32, workers: int = 0) -> np.ndarray:
    """Embed passages, reusing cached vectors; reports progress as ('embed', done, total).

    Every finished batch goes into the cache at once, so a build that is interrupted embeds
    only what is still missing when it runs again. Large jobs run in worker processes
    (`worker_count`)."""
    keys = [EmbeddingCache.key(p) for p in passages]
    known = cache.get(keys) if cache else {}
    missing = [i for i, k in enumerate(keys) if k not in known]
    out = np.zeros((len(passages), embedder.dim), dtype=np.float32)
    for i, k in enumerate(keys):
        if k in known:
            out[i] = known[k]
    done = len(passages) - len(missing)
    if progress:
        progress("embed", done, len(passages))
    groups = [missing[start:start + batch] for start in range(0, len(missing), batch)]
    n_workers = 1
    if workers > 1 or len(missing) > batch:  # a single batch stays here unless workers are asked for, so
        from .embed.parallel import embed_in_workers, worker_count  # an answer never imports multiprocessing
        n_workers = worker_count(workers, len(missing))
    if n_workers > 1:
        results = embed_in_workers(embedder.name, [[passages[i] for i in idx] for idx in groups], n_workers)
    else:
        results = ((n, embedder.embed_documents([passages[i] for i in idx])) for n, idx in enumerate(groups))
    for number, vectors in results:
        idx = groups[number]
        out[idx] = vectors
        if cache:
            cache.put({keys[i]: vectors[n] for n, i in enumerate(idx)})
        done += len(idx)
        if progress:
            progress("embed", done, len(passages))
    return out


@dataclass
class Planned:
    """One document of the next generation: kept from the old one, or newly parsed."""

    doc_id: str
    keep: DocRecord | None = None
    doc: Document | None = None
    source_root: str = ""
    overrides: dict[str, Any] | None = None  # metadata edits for a kept document


def row_meta(record: DocRecord) -> RowMeta:
    """The fields a vector engine filters on, for one document's rows."""
    return RowMeta(record.doc_id, record.kind or "", record.region or "", record.issuing_body or "",
                   record.date or "", record.row_start, record.row_end)


def store_info(store) -> StoreInfo:  # type: ignore[no-untyped-def]
    """How the manifest records the vector store (never with credentials)."""
    if store.name == "milvus":
        return StoreInfo(store.name, getattr(store, "kind", "exact"), store.target.display, store.collection)
    return StoreInfo(store.name, getattr(store, "kind", "exact"))


def write_generation(home: Path, plan: list[Planned], old_folder: Path | None, embedder: Embedder,
                     store_spec: str, progress: Progress | None = None,
                     workers: int = 0, milvus: MilvusOptions | None = None,
                     recorded: Mapping[str, object] | None = None) -> Path:
    """Build a complete generation for `plan` and publish it (a Milvus store is reached with
    `milvus`, Settings.milvus; `recorded`, Settings.recorded(), goes into the manifest without
    credentials). Returns the live folder."""
    tmp = new_generation(home)
    old_cat = Catalogue(old_folder / "catalogue.sqlite", readonly=True) if old_folder else None
    old_vectors = (np.load(old_folder / "vectors.npy", mmap_mode="r", allow_pickle=False)
                   if old_folder else None)
    cat = Catalogue(tmp / "catalogue.sqlite")
    cache = EmbeddingCache(home, embedder.name)
    try:
        # chunks of new documents, embedded in one pass
        new_chunks: dict[str, list[Clause]] = {}
        passages: list[str] = []
        for p in plan:
            if p.doc is not None:
                chunks = split_clauses(p.doc.units(), MAX_CHUNK_CHARS)
                new_chunks[p.doc_id] = chunks
                passages.extend(passage_text(c, short_title(p.doc.title)) for c in chunks)
        new_vectors = embed_with_cache(passages, embedder, cache, progress, workers=workers)
        vectors: list[np.ndarray] = []
        meta: list[RowMeta] = []
        tokens_all: list[list[str]] = []
        row = 0
        offset = 0
        for n, p in enumerate(plan, start=1):
            if p.keep is not None:
                assert old_cat is not None and old_vectors is not None
                rows = old_cat.chunk_rows(p.keep.doc_id)
                record = replace(p.keep, **(p.overrides or {}), row_start=row, row_end=row + len(rows))
                if p.source_root:
                    record = replace(record, source_root=p.source_root)
                chunk_pairs = [(r.clause(p.keep.title, p.keep.kind), r.tokens) for r in rows]
                vectors.append(np.asarray(old_vectors[p.keep.row_start:p.keep.row_end], dtype=np.float32))
            else:
                assert p.doc is not None
                chunks = new_chunks[p.doc_id]
                st = short_title(p.doc.title)
                chunk_pairs = [(c, " ".join(tokenize(passage_text(c, st), search=True))) for c in chunks]
                record = document_record(p.doc, p.source_root, row, len(chunks))
                vectors.append(new_vectors[offset:offset + len(chunks)])
                offset += len(chunks)
            cat.insert_document(record, chunk_pairs)
            meta.append(row_meta(record))
            tokens_all.extend(t.split() if t else [] for _, t in chunk_pairs)
            row = record.row_end
            if progress:
                progress("index", n, len(plan))
        cat.commit()
        matrix = np.vstack(vectors) if vectors else np.zeros((0, embedder.dim), dtype=np.float32)
        np.save(tmp / "vectors.npy", matrix.astype(np.float16), allow_pickle=False)
        keyword = KeywordIndex()
        keyword.index(tokens_all)
        keyword.save(tmp / "bm25")
        store = create_vector_store(store_spec, embedder.dim, milvus)
        store.index(matrix, meta)
        previous = None
        if old_cat is not None and old_folder is not None:
            previous = (old_folder, [row_meta(d) for d in old_cat.documents()])
        store.save(tmp, progress, previous)
        cat.close()
        write_manifest(tmp, Manifest(
            embedder=EmbedderInfo(embedder.name, embedder.dim), store=store_info(store),
            passage_version=PASSAGE_VERSION, parser_version=PARSER_VERSION, counts=Counts(len(plan), int(len(matrix))),
            settings=safe_settings(recorded) if recorded is not None else None))
        return publish(home, tmp, store_spec, milvus)
    finally:
        cache.close()
        if old_cat:
            old_cat.close()
