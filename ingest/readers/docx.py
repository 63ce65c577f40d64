"""DOCX: paragraphs with their numbering labels, headings, tables as full rows, page breaks.

python-docx opens the package (safe XML parsing); the body is walked as XML so that
nothing Word shows is lost: content controls (w:sdt), tracked insertions, hyperlinks and
fields are read, deleted and hidden text is not. Each numbered paragraph gets the label
Word prints before it (一、 / （一） / 1.1, see docx_numbering); the title and headings are
found from styles, outline levels and formatting (docx_headings); tables come out as rows
over the full grid, merged cells repeating their value, a small nested table as its cell's
value (省级资金 100；自筹 80), a larger one after its row.
"""
from __future__ import annotations

import io
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..errors import EncryptedDocument, UnreadableDocument
from .base import RawDocument
from .docx_headings import Para, Row, classify
from .docx_numbering import Numbering, attach
from .docx_styles import StyleSheet, W, on

MAX_UNZIPPED_BYTES = 300 * 1024 * 1024  # a DOCX that inflates past this is refused (zip bomb)
MAX_DOCUMENT_XML = 80 * 1024 * 1024     # word/document.xml larger than this is refused (huge XML)
MAX_GRID_COLUMNS = 63
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
# subtrees whose text Word does not show in the paragraph's flow
_SKIP = {f"{W}{t}" for t in ("pPr", "rPr", "del", "moveFrom", "delText", "instrText", "txbxContent",
                             "drawing", "pict", "object", "footnoteReference", "endnoteReference",
                             "commentReference", "fldData", "sectPr")} | {f"{_MC}Fallback"}
_CONTAINERS = {f"{W}{t}" for t in ("sdt", "sdtContent", "customXml", "ins", "moveTo", "smartTag")}


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


_SMALL_NESTED_ROWS = 8   # a nested table of this many rows or fewer, three columns at most, short cells


def _is_red(color: str) -> bool:
    if len(color) != 6:
        return False
    try:
        r, g, b = (int(color[k:k + 2], 16) for k in (0, 2, 4))
    except ValueError:
        return False
    return r >= 0xC0 and g < 0x70 and b < 0x70


@dataclass
class _Text:
    """What one walk over a paragraph's content collects."""

    parts: list[str]
    runs: list[tuple[int, object]]   # (visible characters, RunFormat) per run with text
    breaks_before: int = 0
    breaks_after: int = 0


class _Reader:
    def __init__(self, document) -> None:  # type: ignore[no-untyped-def]
        self.body = document.element.body
        try:
            styles_element = document.part.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            styles_element = None
        self.styles = StyleSheet(styles_element)
        try:
            numbering_element = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            numbering_element = None
        self.numbering = Numbering(numbering_element, self.styles)
        # Word records where pages broke when it last laid the document out; when it did,
        # those marks are the pagination (explicit breaks included), else explicit breaks are
        self.rendered = next(self.body.iter(f"{W}lastRenderedPageBreak"), None) is not None
        self.page = 1
        self.any_break = False
        self.items: list[Para | Row] = []

    # ---- body ----------------------------------------------------------------------------

    def walk(self, parent) -> None:  # type: ignore[no-untyped-def]
        for child in parent.iterchildren():
            tag = child.tag
            if tag == f"{W}p":
                self.items.append(self.paragraph(child))
            elif tag == f"{W}tbl":
                self.table(child)
            elif tag in _CONTAINERS:
                self.walk(child)

    def paragraph(self, p) -> Para:  # type: ignore[no-untyped-def]
        got = _Text([], [])
        if not self.rendered and on(p.find(f"{W}pPr/{W}pageBreakBefore")):
            got.breaks_before += 1
        self._content(p, p, got)
        sect = p.find(f"{W}pPr/{W}sectPr")
        if not self.rendered and sect is not None:
            stype = sect.find(f"{W}type")
            if stype is None or stype.get(f"{W}val") in (None, "nextPage", "evenPage", "oddPage"):
                got.breaks_after += 1
        self.page += got.breaks_before
        page = self.page
        first_page = not self.any_break or page == 1
        self.any_break = self.any_break or bool(got.breaks_before or got.breaks_after)
        self.page += got.breaks_after
        text = "".join(got.parts)
        ref = self.styles.numbering_ref(p)
        if ref is not None:
            num_id, ilvl, via_style = ref
            if ilvl is None:
                chain = self.styles.chain(self.styles.paragraph_style(p))
                ilvl = self.numbering.level_for_style(num_id, via_style, chain) if via_style else 0
            text = attach(self.numbering.label(num_id, ilvl), text)
        return self._para(p, text, got, page, first_page)

    def _para(self, p, text: str, got: _Text, page: int, first_page: bool) -> Para:  # type: ignore[no-untyped-def]
        outline = self.styles.outline_level(p)
        styled = self.styles.style_heading_level(p)
        if styled == -1:
            explicit = None
        else:
            explicit = 0 if styled == 0 else (outline + 1 if outline is not None else styled)
        visible = [(n, f) for n, f in got.runs if n]
        sizes: Counter = Counter()
        fonts: Counter = Counter()
        for n, f in visible:
            sizes[f.size] += n  # type: ignore[attr-defined]
            fonts[f.font] += n  # type: ignore[attr-defined]
        size = sizes.most_common(1)[0][0] if sizes else None
        align = self.styles.alignment(p)
        return Para(text=text, page=page, explicit=explicit,
                    bold=bool(visible) and all(f.bold for _, f in visible),  # type: ignore[attr-defined]
                    font=fonts.most_common(1)[0][0] if fonts else "",
                    size=float(size) if size else None,
                    centred=align in ("center", "centre", "distribute"),
                    right=align in ("right", "end"),
                    red=bool(visible) and all(_is_red(f.color) for _, f in visible),  # type: ignore[attr-defined]
                    first_page=first_page, toc=styled == -1)

    def _content(self, node, p, got: _Text) -> None:  # type: ignore[no-untyped-def]
        """Text of a paragraph's content in order; runs' formatting; page breaks."""
        for child in node.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == f"{W}r":
                fmt = self.styles.run_format(child, p)
                if fmt.hidden:
                    continue
                before = len(got.parts)
                self._run(child, got)
                chars = sum(len("".join(s.split())) for s in got.parts[before:])
                got.runs.append((chars, fmt))
            elif tag == f"{_M}t":  # text of an equation
                got.parts.append(child.text or "")
            else:
                self._content(child, p, got)

    def _run(self, run, got: _Text) -> None:  # type: ignore[no-untyped-def]
        for child in run.iterchildren():
            tag = child.tag
            if tag == f"{W}t":
                got.parts.append(child.text or "")
            elif tag in (f"{W}tab", f"{W}ptab"):
                got.parts.append("\t")
            elif tag == f"{W}br":
                kind = child.get(f"{W}type")
                if kind == "page":
                    if not self.rendered:
                        self._count_break(got)
                elif kind != "column":
                    got.parts.append("\n")
            elif tag == f"{W}cr":
                got.parts.append("\n")
            elif tag == f"{W}noBreakHyphen":
                got.parts.append("-")
            elif tag == f"{W}lastRenderedPageBreak":
                self._count_break(got)
            elif tag == f"{_MC}AlternateContent":
                choice = child.find(f"{_MC}Choice")
                if choice is not None:
                    self._run(choice, got)

    @staticmethod
    def _count_break(got: _Text) -> None:
        if "".join(got.parts).strip():
            got.breaks_after += 1
        else:
            got.breaks_before += 1

    # ---- tables --------------------------------------------------------------------------

    def table(self, tbl) -> None:  # type: ignore[no-untyped-def]
        """Rows over the table's grid: a horizontally merged cell (gridSpan) fills every
        column it spans, a vertically merged one (vMerge) repeats the value above; a table
        of one column is a frame around paragraphs and is read as such."""
        rows = list(self._rows(tbl))
        grid = list(tbl.iterchildren(f"{W}tblGrid"))
        width = len(list(grid[0].iterchildren(f"{W}gridCol"))) if grid else 0
        spans = [sum(self._span(tc) for tc in self._cells(tr)) + self._grid_extra(tr) for tr in rows]
        if rows and max(max(spans), width) <= 1:
            for tr in rows:
                for tc in self._cells(tr):
                    self.walk(tc)
            return
        width = min(max([width] + spans), 4 * MAX_GRID_COLUMNS)
        above: list[str] = [""] * width
        for tr in rows:
            page = self.page
            cells: list[str] = []
            nested: list[Para | Row] = []
            before = tr.find(f"{W}trPr/{W}gridBefore")
            cells.extend([""] * self._int(before, 0))
            for tc in self._cells(tr):
                span = self._span(tc)
                vmerge = tc.find(f"{W}tcPr/{W}vMerge")
                value = self._cell_text(tc, nested)
                if vmerge is not None and (vmerge.get(f"{W}val") or "continue") == "continue":
                    col = len(cells)
                    value = above[col] if col < len(above) else value
                cells.extend([value] * span)
            cells.extend([""] * (width - len(cells)))
            above = cells[:] + [""] * max(0, width - len(cells))
            self.items.append(Row(cells, page))
            self.items.extend(nested)

    @staticmethod
    def _rows(tbl):  # type: ignore[no-untyped-def]
        for child in tbl.iterchildren():
            if child.tag == f"{W}tr":
                yield child
            elif child.tag in _CONTAINERS:  # rows inside a content control
                yield from _Reader._rows(child)

    @staticmethod
    def _cells(tr):  # type: ignore[no-untyped-def]
        for child in tr.iterchildren():
            if child.tag == f"{W}tc":
                yield child
            elif child.tag in _CONTAINERS:
                yield from _Reader._cells(child)

    @staticmethod
    def _int(node, default: int) -> int:  # type: ignore[no-untyped-def]
        value = node.get(f"{W}val") if node is not None else None
        # Word tables have at most 63 columns: a larger span or offset is damage
        return min(int(value), MAX_GRID_COLUMNS) if value and value.isdecimal() and len(value) < 6 else default

    def _span(self, tc) -> int:  # type: ignore[no-untyped-def]
        return max(1, self._int(tc.find(f"{W}tcPr/{W}gridSpan"), 1))

    def _grid_extra(self, tr) -> int:  # type: ignore[no-untyped-def]
        return (self._int(tr.find(f"{W}trPr/{W}gridBefore"), 0)
                + self._int(tr.find(f"{W}trPr/{W}gridAfter"), 0))

    def _cell_text(self, tc, nested: list[Para | Row]) -> str:  # type: ignore[no-untyped-def]
        """A cell's paragraphs as one line; a nested table's rows go to `nested`."""
        outer = self.items
        self.items = []
        try:
            self.walk(tc)
            inner = self.items
        finally:
            self.items = outer
        texts: list[str] = []
        rows = [item for item in inner if isinstance(item, Row)]
        small = 0 < len(rows) <= _SMALL_NESTED_ROWS and all(
            len([c for c in r.cells if c]) <= 3 and all(len(c) <= 30 for c in r.cells) for r in rows)
        for item in inner:
            if isinstance(item, Para):
                texts.append(" ".join(item.text.split()))
            elif small:   # a small table inside a cell is the cell's value (来源 | 金额 rows): 省级资金 100；自筹 80
                texts.append(" ".join(dict.fromkeys(c for c in item.cells if c)) + "；")
            else:
                nested.append(item)
        out = ""
        for t in (t for t in texts if t):
            out += t if not out or out.endswith("；") else f" {t}"
        return out.rstrip("；")


def read_docx(path: Path, data: bytes) -> RawDocument:
    """Read paragraphs and tables in document order.

    Raises:
        UnreadableDocument: not a DOCX, damaged, or inflates past the size cap.
    """
    _check_zip(path, data)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise UnreadableDocument(path.name, f"DOCX 文件已损坏，无法读取（{type(exc).__name__}）") from exc
    try:
        reader = _Reader(document)
        reader.walk(reader.body)
        blocks = classify(reader.items)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError) as exc:
        raise UnreadableDocument(path.name, f"DOCX 内容结构异常，无法读取（{type(exc).__name__}）") from exc
    if not reader.any_break:
        for b in blocks:
            b.page = None
    title = (document.core_properties.title or "").strip()
    return RawDocument(path.name, "docx", blocks, pages=reader.page if reader.any_break else None,
                       meta_title=title)
