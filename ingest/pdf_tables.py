"""Ruled tables in PDFs, read with pdfplumber (MIT, on pdfminer.six) as rows of cells.

pypdf has no table model: a table's cells come out as loose lines of numbers. pdfplumber
finds tables from their ruling lines, but it lays out every character of a page and is
several times slower than pypdf, so it runs only on pages whose content stream draws enough
lines or rectangles to hold a table (`ruled_pages`). On a page where it finds a table, the
page's text is taken from pdfplumber: the lines outside the tables in reading order, each
table as `row` blocks at its place, so no cell's text is also a loose line.
"""
from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterable
from typing import Any

from .readers.base import Block

# path-construction operators that draw a table's rules: rectangles (re) and line segments (l)
_PATH_OP_RE = re.compile(rb"(?<![A-Za-z0-9_'\"])(?:re|l)(?=[\s\[/])")
MIN_PATH_OPS = 6          # a header rule or a page frame is one or two; a 2 x 2 table is six at least
_INDENT_EMS = 1.5         # a line starting this many glyph widths right of the margin is indented


def ruled_pages(reader: Any) -> list[int]:
    """1-based numbers of the pages whose content draws at least `MIN_PATH_OPS` rules or boxes.

    A cheap look at the raw content stream (no layout): text strings can contain the same
    bytes, so this only preselects pages for pdfplumber, which decides.
    """
    out = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            contents = page.get_contents()
            data = contents.get_data() if contents is not None else b""
        except Exception:  # a damaged stream: pypdf's text, if any, stands
            continue
        if len(_PATH_OP_RE.findall(data, 0, 4_000_000)) >= MIN_PATH_OPS:
            out.append(number)
    return out


def _cell_text(text: str | None) -> str:
    """A cell's lines joined: no break between CJK characters, a space between Latin words."""
    parts = [p.strip() for p in (text or "").splitlines() if p.strip()]
    out = ""
    for p in parts:
        if out and not (ord(out[-1]) > 0x2E7F or ord(p[0]) > 0x2E7F):
            out += " "
        out += p
    return out


def expand_cells(values: list[list[str | None]],
                 boxes: list[list[tuple[float, float, float, float] | None]]) -> list[list[str]]:
    """Full rows from pdfplumber's table: a merged cell repeats its text in every slot it
    covers (as the HTML and DOCX readers expand rowspan/colspan), so every row is a full list
    of cells and carries its category.

    `values[r][c]` is the text of the cell that starts there, `None` where a merged cell
    covers the slot; `boxes[r][c]` its (x0, top, x1, bottom).
    """
    out: list[list[str]] = []
    for r, row in enumerate(values):
        full: list[str] = []
        for c, value in enumerate(row):
            if value is not None:
                full.append(_cell_text(value))
            elif c > 0 and _covered_from_left(boxes, r, c):
                full.append(full[c - 1])
            elif r > 0 and c < len(out[r - 1]):
                full.append(out[r - 1][c])
            else:
                full.append("")
        out.append(full)
    return out


def _covered_from_left(boxes: list[list[tuple[float, float, float, float] | None]], r: int, c: int) -> bool:
    """Is slot (r, c) inside a cell of the same row that starts further left (a colspan)?"""
    x0 = _column_x0(boxes, c)
    for left in range(c - 1, -1, -1):
        box = boxes[r][left] if left < len(boxes[r]) else None
        if box is not None:
            return x0 is not None and box[2] > x0 + 1
    return False


def _column_x0(boxes: list[list[tuple[float, float, float, float] | None]], c: int) -> float | None:
    """The left edge of column c: the smallest x0 of a cell that starts in it."""
    edges = [box[0] for row in boxes if c < len(row) and (box := row[c]) is not None]
    return min(edges) if edges else None


def _lines(page: Any) -> list[tuple[float, Block]]:
    """The page's text lines (outside tables) with their top, an indented first line marked."""
    found = page.extract_text_lines(layout=False, strip=True, return_chars=True)
    lines = [ln for ln in found if ln["text"].strip()]
    if not lines:
        return []
    left = min(ln["x0"] for ln in lines)
    out = []
    for ln in lines:
        sizes = [ch.get("size", 0) for ch in ln.get("chars", []) if ch.get("text", "").strip()]
        em = max(sizes) if sizes else 10.0
        indent = ln["x0"] - left >= _INDENT_EMS * em
        text = ("\u3000\u3000" if indent else "") + ln["text"].strip()
        out.append((float(ln["top"]), Block(text, page.page_number, "line")))
    return out


def _outside(boxes: Iterable[tuple[float, float, float, float]]):  # type: ignore[no-untyped-def]
    bboxes = list(boxes)

    def keep(obj: dict) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in bboxes)
    return keep


def read_table_pages(data: bytes, numbers: list[int]) -> dict[int, list[Block]]:
    """The blocks of each given page that holds a ruled table of 2 x 2 cells or more: lines and
    `row` blocks (cells joined by " | ") in reading order. Pages without such a table are
    left out (pypdf's text for them stands)."""
    if not numbers:
        return {}
    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    out: dict[int, list[Block]] = {}
    with pdfplumber.open(io.BytesIO(data), pages=numbers) as pdf:
        for page in pdf.pages:
            try:
                blocks = _page_blocks(page)
            except Exception:  # pdfminer on a damaged page: keep pypdf's text for it
                blocks = None
            if blocks is not None:
                out[page.page_number] = blocks
            page.close()
    return out


def _page_blocks(page: Any) -> list[Block] | None:
    tables = [t for t in page.find_tables() if len(t.rows) >= 2 and max(len(r.cells) for r in t.rows) >= 2]
    if not tables:
        return None
    placed: list[tuple[float, Block]] = _lines(page.filter(_outside(t.bbox for t in tables)))
    for t in tables:
        values = t.extract()
        boxes = [list(r.cells) for r in t.rows]
        top = float(t.bbox[1])
        for k, cells in enumerate(expand_cells(values, boxes)):
            if any(cells):
                placed.append((top + k * 1e-3, Block(" | ".join(cells), page.page_number, "row")))
    placed.sort(key=lambda item: item[0])
    return [b for _, b in placed]
