"""Ingest: turn laws, policy documents and plans into structured, citable clauses.

    >>> from ingest import load
    >>> doc = load("corpus/laws/土地管理法_2019-08-26.md")
    >>> doc.clauses[61].label
    '第六十二条'
"""
from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .clause import Clause, Document, Heading
from .errors import (
    EmptyDocument,
    EncryptedDocument,
    FileTooLarge,
    NoTextLayer,
    PlanKBError,
    UnreadableDocument,
    UnsupportedType,
)
from .settings import OcrOptions
from .split import split_clause, split_clauses

if TYPE_CHECKING:
    from .metadata import KINDS
    from .readers import DEFAULT_MAX_BYTES as DEFAULT_MAX_BYTES
    from .readers import SUPPORTED_SUFFIXES

# Reading and parsing files (readers, clean, front, metadata, structure) load on first use: a
# search or an answer needs only clauses, names and the tokenizer, and importing the rest took
# a tenth of a second of every `plankb search` (docs/latency.md).
_LAZY = {"KINDS": "metadata", "DEFAULT_MAX_BYTES": "readers", "SUPPORTED_SUFFIXES": "readers"}


def __getattr__(name: str) -> Any:
    """`ingest.KINDS`, `ingest.SUPPORTED_SUFFIXES` … and submodules (`ingest.readers`), imported
    when first asked for (PEP 562)."""
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{name}":
            raise
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


_OVERRIDABLE = ("doc_id", "title", "kind", "issuing_body", "doc_number", "region", "adopted", "published", "effective",
               "amended", "validity")
HEAD_LINES = 8  # lines after the front that may still hold the document's own 文号 or order

# bump when the same file parses into different units, text or metadata: knowledge bases
# re-parse their files and a prebuilt index of an older parser is not seeded
PARSER_VERSION = 21


def load(path: str | Path, *, max_bytes: int | None = None, ocr: OcrOptions | None = None,
         progress: Callable[[str, int, int], None] | None = None, **overrides: Any) -> Document:
    """Read, clean and parse one file into a `Document`.

    Args:
        path: a PDF, DOCX, TXT, MD or HTML file.
        max_bytes: files larger than this are refused (default: readers.DEFAULT_MAX_BYTES, 100 MB).
        ocr: when to OCR scanned pages (default: pages without a text layer).
        progress: callback (stage, done, total), e.g. ("ocr", 3, 40) per page.
        overrides: metadata fields to set instead of detecting them
            (doc_id, title, kind, issuing_body, doc_number, region, adopted, published, effective,
            amended, validity).

    Raises:
        UnreadableDocument (or a subclass): the message names the file and the reason.
    """
    from .readers import DEFAULT_MAX_BYTES, read

    path = Path(path)
    unknown = set(overrides) - set(_OVERRIDABLE)
    if unknown:
        raise TypeError(f"unknown metadata fields: {', '.join(sorted(unknown))}")
    raw = read(path, max_bytes=DEFAULT_MAX_BYTES if max_bytes is None else max_bytes, ocr=ocr, progress=progress)
    return _document(path, raw, path.read_bytes(), overrides)


def _document(path: Path, raw, data: bytes, overrides: dict[str, Any]) -> Document:
    """Clean, find the front, parse the structure and read the metadata of a read file."""
    from .clean import clean_blocks
    from .front import find_front
    from .metadata import (
        KINDS,
        dates,
        file_doc_number,
        file_title,
        infer_kind,
        issuing_body,
        published_date,
        region_for,
        signature,
        split_file_name,
        takes_effect_on_publication,
    )
    from .panels import Panel, front_number
    from .structure import parse_blocks

    blocks = clean_blocks(raw.blocks, raw.pages, join_lines=raw.source_format in ("pdf", "txt", "md", "image"))
    if not blocks:
        raise EmptyDocument(path.name, "文件中没有可读的文字")
    front = find_front(blocks, raw.meta_title)
    doc_id, aliases, _version = split_file_name(path)
    title = overrides.get("title") or front.title or file_title(path)
    body_text = "\n".join(b.text for b in blocks[front.body_start:front.body_start + 400])
    folder = path.parent.name
    # the site's panel wins; then the 文号 or order the document prints around its title; then
    # one spelled in the file's name (穗府办规2024-13号)
    head = [b.text for b in blocks[:front.body_start + HEAD_LINES]]
    panel = (raw.panel or Panel()).merged(front_number(head, promulgation=front.lines))
    doc_number = overrides.get("doc_number") or panel.doc_number or file_doc_number(path)
    kind = overrides.get("kind") or infer_kind(title, front.lines, folder, doc_number)
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}")
    doc_id = overrides.get("doc_id") or doc_id
    parsed = parse_blocks(blocks, front, doc_id, title, kind, raw.ocr_pages)
    # an adoption line the front missed (a 主席令 printed above the law's title pushes it down)
    adoption = [t for t in head if t.lstrip().startswith(("（", "(")) and "通过" in t and t not in front.lines]
    adopted, effective, amended = dates(front.lines + adoption, parsed.text, head)
    signed_by, signed_on = signature([b.text for b in blocks[front.body_start:]])
    # the site's panel wins over inference (adopted = 成文日期, effective = 实施日期); the
    # signature's date is the 成文日期 where nothing else states one
    adopted, effective = panel.adopted or adopted or signed_on, panel.effective or effective
    # 发布日期: the panel's (or the page's PubDate), else the promulgation the text prints (an
    # order's 现予公布 and its date, a front line's …令第N号公布 / …发布); a text that takes effect
    # on publication (本办法自发布之日起施行) takes effect that day
    bracketed = [t for t in head if t.lstrip().startswith(("（", "(")) and t not in front.lines]
    published = overrides.get("published") or panel.published or published_date(front.lines + bracketed, head)
    if effective is None and published and takes_effect_on_publication(parsed.text):
        effective = published
    inferred_issuer = issuing_body(title, front.lines + adoption, kind, signed_by)
    doc = Document(
        doc_id=doc_id, file=str(path), title=title, kind=kind, text=parsed.text,
        clauses=parsed.clauses, headings=parsed.headings, outline=parsed.outline, preamble=parsed.preamble,
        issuing_body=overrides.get("issuing_body") or _issuer(panel.issuing_body, inferred_issuer),
        doc_number=doc_number,
        region=overrides.get("region") or region_for(title, kind, body_text),
        adopted=overrides.get("adopted") or adopted,
        effective=overrides.get("effective") or effective,
        amended=overrides.get("amended") or amended,
        published=published, validity=overrides.get("validity") or panel.validity,
        source_format=raw.source_format, pages=raw.pages,
        sha256=hashlib.sha256(data).hexdigest(),
        aliases=aliases, warnings=list(raw.warnings), mode=parsed.mode,
        front_lines=list(front.lines), ocr_pages=dict(raw.ocr_pages),
    )
    if not doc.units():
        raise EmptyDocument(path.name, "文件中没有可读的正文")
    return doc


def _issuer(stated: str, inferred: str) -> str:
    """The panel's issuing body, unless the inferred one names it among co-issuers (a panel
    lists the lead body only: 广州市人力资源和社会保障局 for a notice it issued with 广州市财政局)."""
    flat_stated, flat_inferred = "".join(stated.split()), "".join(inferred.split())
    if not flat_stated or (flat_stated in flat_inferred and flat_stated != flat_inferred):
        return inferred
    return stated


def parse_text(text: str, name: str = "text.txt", **overrides: Any) -> Document:
    """Parse text that is already in memory, as if it were a .txt (or .md) file of that name.

    Raises:
        EmptyDocument: no text.
    """
    from .readers.text import blocks_from_text

    markdown = name.lower().endswith((".md", ".markdown"))
    raw = blocks_from_text(text, name, markdown)
    return _document(Path(name), raw, text.encode("utf-8"), overrides)


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand folders (recursively, supported types only, sorted); files pass through."""
    from .readers import SUPPORTED_SUFFIXES

    for p in paths:
        p = Path(p)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUPPORTED_SUFFIXES:
                    yield child
        else:
            yield p


@dataclass(frozen=True)
class LoadError:
    """A file of a batch that could not be read, with its one-line message."""

    file: str
    message: str


def load_many(paths: Iterable[str | Path], *, max_bytes: int | None = None, ocr: OcrOptions | None = None,
              progress: Callable[[str, int, int], None] | None = None) -> tuple[list[Document], list[LoadError]]:
    """Load every file (folders expanded); a bad file is recorded and the batch goes on.

    `progress(stage, done, total)` hears ("parse", n, files) after each file and, while a
    scan is read, ("ocr", page, pages).
    """
    files = list(iter_files(paths))
    docs: list[Document] = []
    errors: list[LoadError] = []
    for n, f in enumerate(files, start=1):
        try:
            docs.append(load(f, max_bytes=max_bytes, ocr=ocr, progress=progress))
        except UnreadableDocument as exc:
            errors.append(LoadError(str(f), str(exc)))
        except PlanKBError as exc:
            errors.append(LoadError(str(f), f"{f.name}: {exc}"))
        except Exception as exc:  # a parser bug on one file must not stop the batch
            errors.append(LoadError(str(f), f"{f.name}: 解析失败（{type(exc).__name__}）"))
        if progress:
            progress("parse", n, len(files))
    return docs, errors


__all__ = ["Clause", "Document", "Heading", "LoadError", "load", "load_many", "parse_text", "iter_files",
           "split_clause", "split_clauses", "PlanKBError", "UnreadableDocument", "UnsupportedType",
           "FileTooLarge", "EmptyDocument", "EncryptedDocument", "NoTextLayer", "KINDS",
           "SUPPORTED_SUFFIXES"]
