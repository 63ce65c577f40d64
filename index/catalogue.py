"""The SQLite catalogue of documents and chunks (the units that are embedded and indexed).

Row numbers of `chunks` are the rows of the vector and BM25 indexes. Schema changes are
numbered migration functions recorded in the `migrations` table.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest import Clause

from .migrations import Migration, apply_migrations

DOC_FIELDS = ("doc_id", "file", "source_root", "title", "short_title", "kind", "issuing_body", "region",
              "adopted", "effective", "amended", "date", "source_format", "pages", "sha256", "aliases",
              "warnings", "headings", "mode", "clause_count", "added_at", "row_start", "row_end", "doc_number",
              "published", "validity")


def _m1_initial(db: sqlite3.Connection) -> None:
    db.executescript("""
    CREATE TABLE documents (
        doc_id TEXT PRIMARY KEY, file TEXT, source_root TEXT, title TEXT, short_title TEXT, kind TEXT,
        issuing_body TEXT, region TEXT, adopted TEXT, effective TEXT, amended TEXT, date TEXT,
        source_format TEXT, pages INTEGER, sha256 TEXT, aliases TEXT, warnings TEXT, headings TEXT,
        mode TEXT, clause_count INTEGER, added_at TEXT, row_start INTEGER, row_end INTEGER);
    CREATE TABLE chunks (
        row INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, seq INTEGER, part INTEGER, parts INTEGER,
        label TEXT, title TEXT, path TEXT, text TEXT, page INTEGER, page_end INTEGER,
        start INTEGER, "end" INTEGER, ocr INTEGER, tokens TEXT);
    CREATE INDEX chunks_doc ON chunks(doc_id, seq, part);
    CREATE INDEX chunks_label ON chunks(label);
    """)


def _m2_ocr_confidence(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE chunks ADD COLUMN confidence REAL")


def _m3_doc_number(db: sqlite3.Connection) -> None:
    """The 文号 (京政发〔2020〕15号, 国务院令第746号). The kinds grew (部门规章, 地方政府规章,
    规范性文件, 标准规范) without renaming any: a catalogue's old kinds stay valid as they are."""
    db.execute("ALTER TABLE documents ADD COLUMN doc_number TEXT NOT NULL DEFAULT ''")
    db.execute("CREATE INDEX documents_doc_number ON documents(doc_number)")


def _m4_published_validity(db: sqlite3.Connection) -> None:
    """发布日期 (published, YYYY-MM-DD or NULL) and 效力 (validity: 有效, 失效, 废止, 已修改, 尚未生效 or
    as stated; '' when not stated). Documents stored before stay NULL / '' until parsed again."""
    db.execute("ALTER TABLE documents ADD COLUMN published TEXT")
    db.execute("ALTER TABLE documents ADD COLUMN validity TEXT NOT NULL DEFAULT ''")


MIGRATIONS: list[Migration] = [
    ("initial", _m1_initial), ("ocr confidence", _m2_ocr_confidence), ("doc number", _m3_doc_number),
    ("published and validity", _m4_published_validity)]


def migrate(db: sqlite3.Connection) -> None:
    apply_migrations(db, MIGRATIONS)


@dataclass(frozen=True)
class DocRecord:
    """A document as the catalogue knows it (metadata only, no text)."""

    doc_id: str
    file: str
    source_root: str
    title: str
    short_title: str
    kind: str
    issuing_body: str
    region: str
    adopted: str | None
    effective: str | None
    amended: str | None
    date: str | None
    source_format: str
    pages: int | None
    sha256: str
    aliases: tuple[str, ...]
    warnings: tuple[str, ...]
    headings: tuple[dict[str, Any], ...]
    mode: str
    clause_count: int
    added_at: str
    row_start: int
    row_end: int
    doc_number: str = ""  # 文号; "" when the document states none (or the catalogue predates it)
    published: str | None = None  # 发布日期; None when not stated (or the catalogue predates it)
    validity: str = ""  # 有效 / 失效 / 废止 / 已修改 / 尚未生效 or as stated; "" when not stated

    def to_dict(self) -> dict[str, Any]:
        return {f: (list(getattr(self, f)) if isinstance(getattr(self, f), tuple) else getattr(self, f))
                for f in DOC_FIELDS}


def _doc_from_row(row: sqlite3.Row) -> DocRecord:
    data = {k: v for k, v in dict(row).items() if k in DOC_FIELDS}  # a read-only old catalogue lacks new columns
    for key in ("aliases", "warnings", "headings"):
        data[key] = tuple(json.loads(data[key] or "[]"))
    data["doc_number"] = data.get("doc_number") or ""
    data["published"] = data.get("published") or None
    data["validity"] = data.get("validity") or ""
    return DocRecord(**data)


@dataclass(frozen=True)
class ChunkRow:
    """One row of `chunks`: a unit (or one split part of it) at row `row` of the vector and
    BM25 indexes, with its search tokens."""

    row: int
    doc_id: str
    seq: int
    part: int
    parts: int
    label: str
    title: str
    path: tuple[str, ...]
    text: str
    page: int | None
    page_end: int | None
    start: int
    end: int
    ocr: bool
    tokens: str
    confidence: float | None

    def clause(self, doc_title: str, kind: str) -> Clause:
        """The unit as a Clause of the document titled `doc_title`."""
        return Clause(doc_id=self.doc_id, doc_title=doc_title, label=self.label, text=self.text,
                      path=self.path, title=self.title, page=self.page, page_end=self.page_end,
                      start=self.start, end=self.end, seq=self.seq, part=self.part, parts=self.parts,
                      kind=kind, ocr=self.ocr, confidence=self.confidence)


def _chunk_from_row(row: sqlite3.Row) -> ChunkRow:
    """The one place a `chunks` row is read by column name."""
    return ChunkRow(row=int(row["row"]), doc_id=row["doc_id"], seq=row["seq"], part=row["part"],
                    parts=row["parts"], label=row["label"], title=row["title"] or "",
                    path=tuple(json.loads(row["path"] or "[]")), text=row["text"], page=row["page"],
                    page_end=row["page_end"], start=row["start"], end=row["end"], ocr=bool(row["ocr"]),
                    tokens=row["tokens"] or "",
                    confidence=row["confidence"] if "confidence" in row.keys() else None)


def chunk_from_row(row: ChunkRow, doc_title: str, kind: str) -> Clause:
    """The unit a catalogue row holds, as a Clause (`ChunkRow.clause`)."""
    return row.clause(doc_title, kind)


class Catalogue:
    """Read and write one catalogue.sqlite file."""

    def __init__(self, path: Path, readonly: bool = False) -> None:
        self.path = path
        uri = f"file:{path}?mode=ro" if readonly else f"file:{path}"
        self.db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        if not readonly:
            self.db.execute("PRAGMA journal_mode=DELETE")
            migrate(self.db)

    def close(self) -> None:
        self.db.close()

    # -- writing ---------------------------------------------------------------------
    def insert_document(self, record: DocRecord, chunks: Iterable[tuple[Clause, str]]) -> None:
        values = record.to_dict()
        for key in ("aliases", "warnings", "headings"):
            values[key] = json.dumps(list(values.get(key) or []), ensure_ascii=False)
        self.db.execute(f"INSERT INTO documents ({', '.join(DOC_FIELDS)}) VALUES "
                        f"({', '.join('?' for _ in DOC_FIELDS)})", [values.get(f) for f in DOC_FIELDS])
        self.db.executemany(
            'INSERT INTO chunks (row, doc_id, seq, part, parts, label, title, path, text, page, page_end, '
            'start, "end", ocr, tokens, confidence) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
            [(row, c.doc_id, c.seq, c.part, c.parts, c.label, c.title,
              json.dumps(list(c.path), ensure_ascii=False), c.text, c.page, c.page_end, c.start, c.end,
              int(c.ocr), tokens, c.confidence)
             for row, (c, tokens) in enumerate(chunks, start=record.row_start)])

    def commit(self) -> None:
        self.db.commit()

    # -- reading ---------------------------------------------------------------------
    def documents(self) -> list[DocRecord]:
        return [_doc_from_row(r) for r in self.db.execute("SELECT * FROM documents ORDER BY row_start")]

    def _chunks(self, query: str, params: Iterable[object]) -> list[ChunkRow]:
        return [_chunk_from_row(r) for r in self.db.execute(query, list(params))]

    def chunk_rows(self, doc_id: str) -> list[ChunkRow]:
        return self._chunks("SELECT * FROM chunks WHERE doc_id=? ORDER BY row", (doc_id,))

    def unit_rows(self, doc_id: str, seq: int) -> list[ChunkRow]:
        """The split parts of one unit, in order."""
        return self._chunks("SELECT * FROM chunks WHERE doc_id=? AND seq=? ORDER BY part", (doc_id, seq))

    def rows(self, rows: Iterable[int]) -> dict[int, ChunkRow]:
        rows = [int(r) for r in rows]
        out: dict[int, ChunkRow] = {}
        for i in range(0, len(rows), 500):
            batch = rows[i:i + 500]
            q = f"SELECT * FROM chunks WHERE row IN ({', '.join('?' for _ in batch)})"
            out.update({r.row: r for r in self._chunks(q, batch)})
        return out

    def rows_with_label(self, label: str, doc_ids: Iterable[str] | None = None) -> list[ChunkRow]:
        if doc_ids is None:
            return self._chunks("SELECT * FROM chunks WHERE label=? ORDER BY row", (label,))
        ids = list(doc_ids)
        if not ids:
            return []
        q = f"SELECT * FROM chunks WHERE label=? AND doc_id IN ({', '.join('?' for _ in ids)}) ORDER BY row"
        return self._chunks(q, [label, *ids])

