"""Readers: one per file format, chosen by extension and checked against the content."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import EmptyDocument, FileTooLarge, UnreadableDocument, UnsupportedType
from ..settings import OcrOptions
from .base import Block, RawDocument

SUPPORTED_SUFFIXES = (".pdf", ".docx", ".txt", ".md", ".markdown", ".html", ".htm", ".png", ".jpg", ".jpeg")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
DEFAULT_MAX_BYTES = 100 * 1024 * 1024


def read(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES, ocr: OcrOptions | None = None,
         progress: Callable[[str, int, int], None] | None = None) -> RawDocument:
    """Read a file into blocks.

    Raises:
        UnsupportedType, FileTooLarge, EmptyDocument, UnreadableDocument (and subclasses).
    """
    path = Path(path)
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        hint = "，请另存为 DOCX 或 PDF" if suffix in (".doc", ".wps", ".rtf") else ""
        raise UnsupportedType(name, f"不支持的文件类型 {suffix or '（无扩展名）'}（支持 PDF、DOCX、TXT、MD、HTML 和扫描图片）{hint}")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableDocument(name, f"无法打开文件（{exc.strerror or type(exc).__name__}）") from exc
    if size > max_bytes:
        raise FileTooLarge(name, f"文件 {size / 2**20:.0f} MB，超过上限 {max_bytes / 2**20:.0f} MB")
    if size == 0:
        raise EmptyDocument(name, "文件为空（0 字节）")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(name, f"无法读取文件（{exc.strerror or type(exc).__name__}）") from exc
    if suffix == ".pdf":
        from .pdf import read_pdf
        return read_pdf(path, data, ocr, progress)
    if suffix in IMAGE_SUFFIXES:
        return _read_image(path, data, ocr or OcrOptions())
    if suffix == ".docx":
        from .docx import read_docx
        return read_docx(path, data)
    if suffix in (".html", ".htm"):
        from .html import read_html
        return read_html(path, data)
    if data[:5] == b"%PDF-" or data[:4] == b"PK\x03\x04":
        raise UnreadableDocument(name, "扩展名是文本，但内容是 PDF 或 Office 文件，请改正扩展名")
    from .text import read_text
    return read_text(path, data, markdown=suffix in (".md", ".markdown"))


def _read_image(path: Path, data: bytes, ocr: OcrOptions) -> RawDocument:
    """A scanned page uploaded as PNG/JPEG: one page, read by OCR."""
    from .. import ocr as ocr_engine

    if ocr.mode == "never":
        raise UnreadableDocument(path.name, "是图片，需要 OCR 才能读取（当前 --ocr never）")
    ocr_engine.require(path.name)
    try:
        png, width = ocr_engine.image_png(data)
    except Exception as exc:
        raise UnreadableDocument(path.name, f"图片已损坏，无法打开（{type(exc).__name__}）") from exc
    pages, _ = ocr_engine.recognise([(1, png, width)], workers=1)
    page = pages[0]
    if not page.lines:
        raise EmptyDocument(path.name, "图片中没有识别出文字")
    raw = RawDocument(path.name, "image", page.blocks, pages=1, ocr_pages={1: page.confidence})
    if page.confidence < ocr_engine.LOW_CONFIDENCE:
        raw.warnings.append(f"第 1 页 OCR 置信度低（{page.confidence:.2f}），请人工核对")
    return raw


__all__ = ["Block", "RawDocument", "read", "SUPPORTED_SUFFIXES", "DEFAULT_MAX_BYTES"]
