"""PDF with pypdf, page by page, so every clause keeps its page numbers; pages that draw
ruled tables are read with pdfplumber instead, so their tables come out as rows of cells
(see `ingest.pdf_tables`)."""
from __future__ import annotations

import io
import logging
from collections.abc import Callable
from pathlib import Path

from ..errors import EncryptedDocument, NoTextLayer, UnreadableDocument
from ..settings import OcrOptions
from .base import Block, RawDocument

MIN_PAGE_CHARS = 10  # fewer visible characters than this: the page has no usable text layer


def _page_ranges(pages: list[int]) -> str:
    """[1, 2, 3, 7] -> '1–3、7'."""
    out: list[str] = []
    start = prev = pages[0]
    for p in pages[1:] + [None]:  # type: ignore[list-item]
        if p is not None and p == prev + 1:
            prev = p
            continue
        out.append(f"{start}–{prev}" if prev != start else str(start))
        if p is not None:
            start = prev = p
    return "、".join(out)


def read_pdf(path: Path, data: bytes, ocr: OcrOptions | None = None,
             progress: Callable[[str, int, int], None] | None = None) -> RawDocument:
    """Extract each page's text lines; OCR the pages without a text layer (see `ocr`).

    Raises:
        EncryptedDocument: a password is needed.
        UnreadableDocument: the file is not a readable PDF.
        NoTextLayer: no page has a text layer (a scan); names the pages.
    """
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    if not data.lstrip()[:1024].startswith(b"%PDF") and b"%PDF" not in data[:1024]:
        raise UnreadableDocument(path.name, "不是有效的 PDF 文件（缺少 %PDF 文件头）")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = bool(reader.decrypt(""))
            except (DependencyError, NotImplementedError):
                opened = False
            if not opened:
                raise EncryptedDocument(path.name, "PDF 已加密，需要密码才能打开，请提供未加密的文件")
        page_count = len(reader.pages)
    except EncryptedDocument:
        raise
    except Exception as exc:  # pypdf raises many types on damaged files
        raise UnreadableDocument(path.name, f"PDF 文件已损坏，无法读取（{type(exc).__name__}）") from exc
    if page_count == 0:
        raise UnreadableDocument(path.name, "PDF 没有页面")
    blocks: list[Block] = []
    empty: list[int] = []
    failed: list[int] = []
    for number in range(1, page_count + 1):
        try:
            text = reader.pages[number - 1].extract_text() or ""
        except (PdfReadError, Exception):  # one damaged page must not lose the others
            failed.append(number)
            continue
        if sum(1 for ch in text if not ch.isspace()) < MIN_PAGE_CHARS:
            empty.append(number)
            continue
        for line in text.splitlines():
            blocks.append(Block(line, number, "line") if line.strip() else Block("", number, "blank"))
    blocks = _with_tables(reader, data, blocks, empty + failed)
    ocr = ocr or OcrOptions()
    to_ocr = list(range(1, page_count + 1)) if ocr.mode == "always" else sorted(empty)
    ocr_warnings: list[str] = []
    ocr_pages: dict[int, float] = {}
    if to_ocr and ocr.mode != "never":
        from .. import ocr as ocr_engine
        if ocr_engine.available():
            blocks, ocr_pages, ocr_warnings = _with_ocr(data, blocks, to_ocr, ocr, progress)
            empty = [p for p in empty if p not in ocr_pages]
        elif len(empty) == page_count:
            ocr_engine.require(path.name)
    unreadable = sorted(empty + failed)
    if len(unreadable) == page_count:
        if failed and not empty:
            raise UnreadableDocument(path.name, "PDF 已损坏，所有页面都无法读取")
        hint = "（已关闭 OCR：--ocr auto 可识别扫描页）" if ocr.mode == "never" else "，OCR 也未识别出文字"
        raise NoTextLayer(path.name, f"PDF 没有文字层（可能是扫描件），第 {_page_ranges(unreadable)} 页无文字{hint}",
                          unreadable)
    title = ""
    try:
        title = (reader.metadata.title or "") if reader.metadata else ""
    except Exception:
        title = ""
    raw = RawDocument(path.name, "pdf", blocks, pages=page_count, meta_title=str(title).strip())
    raw.ocr_pages = ocr_pages
    raw.warnings.extend(ocr_warnings)
    if empty:
        raw.warnings.append(f"第 {_page_ranges(empty)} 页没有文字层（可能是扫描页），未读取")
    if failed:
        raw.warnings.append(f"第 {_page_ranges(failed)} 页已损坏，未读取")
    return raw


def _with_tables(reader, data: bytes, blocks: list[Block], unread: list[int]) -> list[Block]:  # type: ignore[no-untyped-def]
    """Replace the blocks of pages holding a table (ruled, or printed without rules) by pdfplumber's
    lines and rows."""
    from ..pdf_tables import header_pages, read_table_pages, ruled_pages

    pages = len(reader.pages)
    candidates = sorted({n for n in ruled_pages(reader) + header_pages(blocks) if n not in unread and n <= pages})
    if not candidates:
        return blocks
    try:
        tables = read_table_pages(data, candidates)
    except Exception:  # pdfminer fails on a file pypdf could read: keep pypdf's text
        return blocks
    if not tables:
        return blocks
    out: list[Block] = []
    for b in blocks:
        if b.page not in tables:
            out.append(b)
        elif tables[b.page]:  # the page's first block: put all of pdfplumber's blocks here
            out.extend(tables[b.page])
            tables[b.page] = []
    return out


def _with_ocr(data: bytes, blocks: list[Block], pages: list[int], ocr: OcrOptions,
              progress: Callable[[str, int, int], None] | None) -> tuple[list[Block], dict[int, float], list[str]]:
    """Replace the given pages' blocks by OCR output; returns blocks, confidences, warnings."""
    import time

    from .. import ocr as ocr_engine

    warnings: list[str] = []
    limited = pages[:ocr.max_pages]
    if len(pages) > len(limited):
        warnings.append(f"扫描页超过上限 {ocr.max_pages} 页，第 {_page_ranges(pages[len(limited):])} 页未识别")
    deadline = time.monotonic() + ocr.seconds
    rendered = ocr_engine.render_pdf_pages(data, limited)
    done, skipped = ocr_engine.recognise([(n, png, w) for n, (png, w) in zip(limited, rendered)],
                                         progress=(lambda d, t: progress("ocr", d, t)) if progress else None,
                                         deadline=deadline)
    if skipped:
        warnings.append(f"OCR 超过时间限制 {ocr.seconds} 秒，第 {_page_ranges(sorted(skipped))} 页未识别")
    done = [p for p in done if p.lines]  # a page where OCR found nothing stays unread
    confidences = {p.number: p.confidence for p in done}
    low = sorted(n for n, c in confidences.items() if c < ocr_engine.LOW_CONFIDENCE)
    if low:
        warnings.append(f"第 {_page_ranges(low)} 页 OCR 置信度低（< {ocr_engine.LOW_CONFIDENCE:.2f}），请人工核对")
    by_page: dict[int, list[Block]] = {}
    for b in blocks:
        by_page.setdefault(b.page or 0, []).append(b)
    for p in done:
        by_page[p.number] = p.blocks
    merged = [b for n in sorted(by_page) for b in by_page[n]]
    return merged, confidences, warnings
