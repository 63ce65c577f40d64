"""HTML tables as rows of cells: `rowspan`/`colspan` expanded so every row is a full list.

Used by the HTML reader (`<table>` elements of a page) and the Markdown reader (converters
such as MinerU and pandoc write tables with merged cells as inline HTML).

    >>> rows = [[Cell("类别", rowspan=2), Cell("指标")], [Cell("面积")]]
    >>> expand(rows)
    [['类别', '指标'], ['类别', '面积']]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .base import Block

MAX_SPAN = 200  # a hostile or broken file's colspan="100000" must not make a huge grid
_SPACE_RE = re.compile(r"\s+")
_BLOCK_TAGS = {"p", "div", "li", "ul", "ol", "section", "article", "blockquote", "pre", "dd", "dt",
               "h1", "h2", "h3", "h4", "h5", "h6", "center", "header", "footer", "main", "caption",
               "form", "dl", "figure", "figcaption", "hr"}
_SKIP_TAGS = {"script", "style", "head", "noscript", "template", "svg", "title"}


@dataclass
class Cell:
    """One `<td>`/`<th>` as written: its text and how many rows and columns it covers."""

    text: str
    rowspan: int = 1
    colspan: int = 1


def span(value: str | None) -> int:
    """A rowspan/colspan attribute as a count (1 when missing, broken or < 1; capped)."""
    m = re.match(r"\s*(\d+)", value or "")
    return min(max(int(m.group(1)), 1), MAX_SPAN) if m else 1


def cell_text(text: str) -> str:
    """A cell's text on one line: its lines and runs of spaces become single spaces."""
    return _SPACE_RE.sub(" ", text).strip()


def expand(rows: list[list[Cell]]) -> list[list[str]]:
    """The grid of a table: a cell spanning rows or columns repeats its text in every slot it
    covers, and short rows are padded with "" so that all rows have the same length."""
    grid: list[list[str]] = []
    carried: dict[int, tuple[str, int]] = {}  # column -> (text, rows still to fill)
    for cells in rows:
        out: list[str] = []
        for cell in cells:
            while len(out) in carried:
                out.append(_take(carried, len(out)))
            for _ in range(cell.colspan):
                if cell.rowspan > 1:
                    carried[len(out)] = (cell.text, cell.rowspan - 1)
                out.append(cell.text)
        # cells carried from above after this row's own cells (a gap is padded)
        while carried and max(carried) >= len(out):
            out.append(_take(carried, len(out)) if len(out) in carried else "")
        grid.append(out)
    width = max((len(r) for r in grid), default=0)
    return [r + [""] * (width - len(r)) for r in grid]


def _take(carried: dict[int, tuple[str, int]], col: int) -> str:
    """The text a cell from a row above carries into `col`, one row of its span used."""
    text, left = carried[col]
    if left <= 1:
        del carried[col]
    else:
        carried[col] = (text, left - 1)
    return text


def row_text(cells: list[str]) -> str:
    """A row as a `row` Block's text: cells joined by " | "."""
    return " | ".join(cells)


@dataclass
class TableBuilder:
    """Collects one table's rows while an HTML parser walks it."""

    rows: list[list[Cell]] = field(default_factory=list)
    caption: str = ""
    _row: list[Cell] | None = None

    def start_row(self) -> None:
        self.end_row()
        self._row = []

    def add_cell(self, text: str, rowspan: int = 1, colspan: int = 1) -> None:
        if self._row is None:  # a <td> without <tr> (broken HTML)
            self._row = []
        self._row.append(Cell(text, rowspan, colspan))

    def end_row(self) -> None:
        if self._row:
            self.rows.append(self._row)
        self._row = None

    def open_row(self) -> list[Cell] | None:
        """The row being read, if any (its cells so far)."""
        return self._row

    def grid(self) -> list[list[str]]:
        """Every row as a full list of cell texts, spans expanded, empty rows dropped."""
        self.end_row()
        return [r for r in expand(self.rows) if any(c.strip() for c in r)]


class _FragmentParser(HTMLParser):
    """HTML inside a Markdown file: tables become rows, other elements lines of text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[str, str]] = []  # ("row" | "line", text)
        self._buf: list[str] = []
        self._skip = 0
        self._tables: list[TableBuilder] = []
        self._cell: list[str] | None = None
        self._cell_span = (1, 1)

    def _flush(self) -> None:
        text = "".join(self._buf)
        self._buf = []
        for line in text.split("\n"):
            if line.strip():
                self.items.append(("line", line.strip()))

    def _end_cell(self) -> None:
        if self._cell is not None and self._tables:
            self._tables[-1].add_cell(cell_text("".join(self._cell)), *self._cell_span)
        self._cell = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag == "table":
            self._end_cell()
            self._flush()
            self._tables.append(TableBuilder())
        elif tag == "tr" and self._tables:
            self._end_cell()
            self._tables[-1].start_row()
        elif tag in ("td", "th") and self._tables:
            self._end_cell()
            a = dict(attrs)
            self._cell = []
            self._cell_span = (span(a.get("rowspan")), span(a.get("colspan")))
        elif tag == "br" or tag in _BLOCK_TAGS:
            if self._cell is not None:
                self._cell.append(" ")
            elif tag == "br":
                self._buf.append("\n")
            else:
                self._flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            return
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag == "table" and self._tables:
            self._end_cell()
            table = self._tables.pop()
            self.items.extend(("row", row_text(r)) for r in table.grid())
        elif tag in ("td", "th"):
            self._end_cell()
        elif tag == "tr" and self._tables:
            self._end_cell()
            self._tables[-1].end_row()
        elif tag in _BLOCK_TAGS:
            if self._cell is not None:
                self._cell.append(" ")
            else:
                self._flush()

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._cell is not None:
            self._cell.append(data)
        elif self._tables:  # text between cells (whitespace, stray text)
            if data.strip():
                self._buf.append(data)
        else:
            self._buf.append(data)

    def close(self) -> None:
        super().close()
        while self._tables:
            self.handle_endtag("table")
        self._flush()


def fragment_blocks(html: str, page: int | None = None) -> list[Block]:
    """An HTML fragment (a `<table>` as MinerU or pandoc writes it, with any text around it)
    as blocks: each table row a `row` block with spans expanded, other text `line` blocks."""
    parser = _FragmentParser()
    parser.feed(html)
    parser.close()
    return [Block(text, page, kind) for kind, text in parser.items]
