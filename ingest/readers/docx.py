"""DOCX with python-docx: paragraphs, heading styles, tables as rows, page breaks."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from ..errors import EncryptedDocument, UnreadableDocument
from .base import Block, RawDocument

MAX_UNZIPPED_BYTES = 300 * 1024 * 1024  # a DOCX that inflates past this is refused (zip bomb)
MAX_DOCUMENT_XML = 80 * 1024 * 1024     # word/document.xml larger than this is refused (huge XML)
_HEADING_STYLE_RE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _check_zip(path: Path, data: bytes) -> None:
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        # OLE container: either an encrypted DOCX or a Word 97-2003 .doc renamed
        raise EncryptedDocument(path.name, "文件已加密或是旧版 Word（.doc）格式，请另存为未加密的 DOCX")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            total = sum(info.file_size for info in zf.infolist())
            main_xml = zf.getinfo("word/document.xml").file_size if "word/document.xml" in names else 0
    except (zipfile.BadZipFile, ValueError) as exc:
        raise UnreadableDocument(path.name, "DOCX 文件已损坏（不是有效的 zip 包）") from exc
    if "word/document.xml" not in names:
        raise UnreadableDocument(path.name, "不是有效的 DOCX 文件（缺少 word/document.xml）")
    if total > MAX_UNZIPPED_BYTES:
        raise UnreadableDocument(path.name, f"DOCX 解压后超过 {MAX_UNZIPPED_BYTES // 2**20} MB，已拒绝（可能是压缩炸弹）")
    if main_xml > MAX_DOCUMENT_XML:
        raise UnreadableDocument(path.name, f"DOCX 正文 XML 超过 {MAX_DOCUMENT_XML // 2**20} MB，已拒绝")


def _heading_level(paragraph) -> int | None:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    if name.lower() in ("title", "标题"):
        return 0
    m = _HEADING_STYLE_RE.match(name.strip())
    if m:
        return int(m.group(1))
    outline = paragraph._p.find(f"{_W}pPr/{_W}outlineLvl")
    if outline is not None:
        value = outline.get(f"{_W}val")
        if value is not None and value.isdigit() and int(value) < 9:
            return int(value) + 1
    return None


def _page_breaks(element) -> tuple[int, int]:
    """(breaks before the first text, breaks after it) inside a paragraph element."""
    before = after = 0
    seen_text = False
    if element.find(f"{_W}pPr/{_W}pageBreakBefore") is not None:
        before += 1
    for node in element.iter():
        tag = node.tag
        if tag == f"{_W}t" and node.text:
            seen_text = True
        elif (tag == f"{_W}br" and node.get(f"{_W}type") == "page") or tag == f"{_W}lastRenderedPageBreak":
            if seen_text:
                after += 1
            else:
                before += 1
    return before, after


def read_docx(path: Path, data: bytes) -> RawDocument:
    """Read paragraphs and tables in document order.

    Raises:
        UnreadableDocument: not a DOCX, damaged, or inflates past the size cap.
    """
    _check_zip(path, data)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise UnreadableDocument(path.name, f"DOCX 文件已损坏，无法读取（{type(exc).__name__}）") from exc
    blocks: list[Block] = []
    page = 1
    any_break = False
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == f"{_W}p":
            paragraph = Paragraph(child, document)
            before, after = _page_breaks(child)
            any_break = any_break or bool(before or after)
            page += before
            text = paragraph.text
            if text.strip():
                level = _heading_level(paragraph)
                kind = "heading" if level is not None else "para"
                blocks.append(Block(text, page, kind, level or 0))
            page += after
        elif child.tag == f"{_W}tbl":
            table = Table(child, document)
            for row in table.rows:
                cells: list[str] = []
                prev = None
                for cell in row.cells:
                    if cell._tc is prev:  # merged cells repeat the same element
                        continue
                    prev = cell._tc
                    cells.append(" ".join(cell.text.split()))
                if any(cells):
                    blocks.append(Block(" | ".join(cells), page, "row"))
    if not any_break:
        for b in blocks:
            b.page = None
    title = (document.core_properties.title or "").strip()
    return RawDocument(path.name, "docx", blocks, pages=page if any_break else None, meta_title=title)
