"""Tables printed without ruled cells, read by the alignment of their text.

Many printed plans set their 规划指标表 and 近期建设项目表 with no column lines: a 三线表, rules
only above and below, a rule under the header, grey bands on every second row, or nothing at
all. pypdf gives such a table as loose lines whose cells run together. Here a table is found
by its header (a line of three cells or more, two of them naming columns: 序号, 项目名称, 单位,
指标属性), its columns are the blank strips down its body, and its rows start at a 序号, a
category or a 合计 set in the first column (or, where every line fills the first column, at
every line). A table cut by a page break goes on at the top of the next page under the same
columns, whether its header is repeated or not.

Each table comes out as rows of cells (a cell spanning several columns repeats its text in
each, as the other readers expand merged cells); a header with a label over sub-columns
(分年度投资（万元） over 2023年 | 2024年) comes out as two header rows.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

Box = tuple[float, float, float, float]

_HEADER_WORD = re.compile(r"序号|编号|名称|单位|类别|属性|指标|内容|地点|位置|选址|年限|时序|期限|来源|渠道|估算|投资|"
                          r"规模|面积|基期|目标|现状|规划|备注|主体|年份|年度")
_CAPTION = re.compile(r"^(?:续)?(?:附)?表\s*[0-9一二三四五六七八九十]|^单位[：:]|^[^：:]{0,6}单位[：:]")
_NOTE = re.compile(r"^(?:注|说明|备注|资料来源|数据来源)\s*[：:0-9１-９]")
_ROW_START = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*[、.．]?$|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]"
                        r"|合计|小计|总计|其中)")
_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?%?")
_YEAR = re.compile(r"(?:19|20)\d\d")
_CLOSES = set("，。、；：！？）】」』”’")
_OPENS = set("（【「『“‘")
_TOTAL = re.compile(r"^(?:合计|小计|总计)")


@dataclass
class _Segment:
    x0: float
    x1: float
    text: str


@dataclass
class _Line:
    top: float
    bottom: float
    size: float
    segments: list[_Segment]

    @property
    def x0(self) -> float:
        return self.segments[0].x0

    @property
    def x1(self) -> float:
        return self.segments[-1].x1

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments)


@dataclass
class AlignedTable:
    """A table read by alignment: its box, its column edges and its rows of cells."""

    bbox: Box
    edges: list[float]
    rows: list[list[str]]
    size: float            # the body's glyph size


def _text_lines(page: Any, taken: list[Box]) -> list[_Line]:
    """The page's text lines outside `taken`, top to bottom, each split into segments where the
    blank between two glyphs is wider than a cell's padding (half a glyph, 3 points at least)."""
    return _lines_of([c for c in page.chars if c.get("text", "").strip()
                      and not any(b[0] <= (c["x0"] + c["x1"]) / 2 <= b[2] and b[1] <= (c["top"] + c["bottom"]) / 2 <= b[3]
                                  for b in taken)])


def _lines_of(chars: list[dict]) -> list[_Line]:
    """Characters grouped into lines, top to bottom, each split into segments (`_text_lines`)."""
    rows: list[list[dict]] = []
    for c in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        if rows and abs(c["top"] - rows[-1][0]["top"]) < 2.0:
            rows[-1].append(c)
        else:
            rows.append([c])
    out = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        size = sorted(c.get("size", 10.0) for c in row)[len(row) // 2]
        segments: list[_Segment] = []
        for c in row:
            # a full-width comma or stop inks the left of its box, an opening bracket the right:
            # the blank beside them counts towards the gap between two cells
            x0 = c["x0"] + (0.4 * (c["x1"] - c["x0"]) if c["text"] in _OPENS else 0.0)
            x1 = c["x1"] - (0.4 * (c["x1"] - c["x0"]) if c["text"] in _CLOSES else 0.0)
            if segments and x0 - segments[-1].x1 < max(3.0, 0.5 * size):
                gap = x0 - segments[-1].x1
                latin = c["text"].isascii() and segments[-1].text[-1].isascii()
                segments[-1].text += (" " if latin and gap > 0.2 * size else "") + c["text"]
                segments[-1].x1 = max(segments[-1].x1, x1)
            else:
                segments.append(_Segment(float(x0), float(x1), c["text"]))
        out.append(_Line(min(float(c["top"]) for c in row), max(float(c["bottom"]) for c in row), size, segments))
    out.sort(key=lambda ln: ln.top)
    return out


def _is_header_line(line: _Line) -> bool:
    """Three cells or more, two naming columns, none a figure other than a year."""
    segs = line.segments
    if len(segs) < 3:
        return False
    if any(_NUMBER.fullmatch(s.text) and not _YEAR.fullmatch(s.text) for s in segs):
        return False
    return sum(1 for s in segs if len(s.text) <= 14 and _HEADER_WORD.search(s.text)) >= 2


def blank_edges(spans: Iterable[tuple[float, float]], x0: float, x1: float, min_gap: float) -> list[float]:
    """Column edges of text without column lines: x0, the middle of every vertical strip at least
    `min_gap` points wide that none of the (x0, x1) spans touches, and x1."""
    width = int(x1 - x0) + 1
    used = [False] * width
    for a, b in spans:
        for x in range(max(0, int(a - x0)), min(width, int(b - x0) + 1)):
            used[x] = True
    edges, start = [x0], None
    for x, taken in enumerate([*used, True]):
        if not taken and start is None:
            start = x
        elif taken and start is not None:
            if x - start >= min_gap and start > 0 and x < width:
                edges.append(x0 + (start + x) / 2)
            start = None
    return [*edges, x1]


def _blank_strips(lines: list[_Line], x0: float, x1: float) -> list[float]:
    """Column edges: x0, the middle of every blank strip (3 points or wider) down all the lines, x1."""
    return blank_edges(((s.x0, s.x1) for line in lines for s in line.segments), x0, x1, 3)


def _columns_of(seg: _Segment, edges: list[float]) -> list[int]:
    """The columns a segment lies in (more than one: it spans them)."""
    cols = [c for c in range(len(edges) - 1) if min(seg.x1, edges[c + 1]) - max(seg.x0, edges[c]) > 1.0]
    if not cols:   # a sliver between two edges: the nearest column
        centre = (seg.x0 + seg.x1) / 2
        cols = [min(range(len(edges) - 1), key=lambda c: abs((edges[c] + edges[c + 1]) / 2 - centre))]
    return cols


def _fits(line: _Line, edges: list[float]) -> bool:
    """Every segment of the line stands in one column (a table row under these columns)."""
    return all(len(_columns_of(s, edges)) == 1 for s in line.segments)


def _starts_row(line: _Line, edges: list[float]) -> bool:
    """The line opens a row: its first column starts with a 序号, a category or a total, or (the
    first column blank) a total stands in the second (| 小计 | … | 960)."""
    first = _columns_of(line.segments[0], edges)[0]
    return bool(_ROW_START.match(line.segments[0].text)) if first == 0 else \
        first == 1 and bool(_TOTAL.match(line.segments[0].text))


def _is_data(line: _Line) -> bool:
    """A body line: a 序号, category or total first, or a figure that is not a year."""
    return bool(_ROW_START.match(line.segments[0].text)) and not _HEADER_WORD.search(line.segments[0].text) \
        or any(_NUMBER.fullmatch(s.text) and not _YEAR.fullmatch(s.text) for s in line.segments)


def _cell_join(parts: list[str]) -> str:
    out = ""
    for p in parts:   # a wrap inside a cell is no space (a figure may break anywhere), but between two Latin words
        if out and out[-1].isascii() and out[-1].isalpha() and p[0].isascii() and p[0].isalpha():
            out += " "
        out += p
    return out


def _cells(lines: list[_Line], edges: list[float]) -> list[str]:
    """One row's cells: each column's segments top to bottom; a segment over several columns in each."""
    parts: list[list[str]] = [[] for _ in range(len(edges) - 1)]
    for line in lines:
        for s in line.segments:
            for c in _columns_of(s, edges):
                parts[c].append(s.text)
    return [_cell_join(p) for p in parts]


def _group_of(seg: _Segment, line: _Line, lines: list[_Line], edges: list[float], key_top: float) -> list[int]:
    """The sub-columns a header label stands over (资金来源 over 中央 | 省级 | 县级), [] if none: the
    widest run of columns around the label's own whose header text all stands under the label and
    under the top of the header's main line (the labels of the other columns stand on that line,
    or centred across the header's height), if the label is centred on the run."""
    own = _columns_of(seg, edges)
    n = len(edges) - 1
    tops: dict[int, list[float]] = {c: [] for c in range(n)}
    for ln in lines:
        for s in ln.segments:
            if s is not seg:
                for c in _columns_of(s, edges):
                    tops[c].append(ln.top)

    def under(c: int) -> bool:
        return bool(tops[c]) and min(tops[c]) > key_top + 1.0 and min(tops[c]) >= line.bottom - 1.0

    if not all(under(c) for c in own):
        return []
    a, b = min(own), max(own)
    while a > 0 and under(a - 1):
        a -= 1
    while b + 1 < n and under(b + 1):
        b += 1
    off = abs((edges[a] + edges[b + 1]) / 2 - (seg.x0 + seg.x1) / 2)
    return list(range(a, b + 1)) if b > a and off <= max(3.0, 0.15 * (edges[b + 1] - edges[a])) else []


def _header_rows(lines: list[_Line], edges: list[float], key_top: float) -> list[list[str]]:
    """The header as one row, or two where a label stands over sub-columns (资金来源 over 中央 |
    省级): the label in each sub-column above, the sub-labels below; other columns repeat their
    label in both."""
    whole = _cells(lines, edges)
    first, second = list(whole), list(whole)
    grouped = False
    for line in lines:
        for seg in line.segments:
            group = _group_of(seg, line, lines, edges, key_top)
            if not group:
                continue
            grouped = True
            under = _cells([ln for ln in lines if ln.top >= line.bottom - 1.0], edges)
            for c in group:
                first[c], second[c] = seg.text, under[c]
    return [first, second] if grouped else [whole]


def _body_rows(lines: list[_Line], edges: list[float]) -> list[list[_Line]]:
    """The body's rows: where the first column is blank on some lines, a row starts at each line
    that fills it (its 序号, category or total); else at every line."""
    keyed = any(not _starts_row(ln, edges) for ln in lines) and any(_starts_row(ln, edges) for ln in lines)
    rows: list[list[_Line]] = []
    for ln in lines:
        if not rows or (_starts_row(ln, edges) if keyed else True):
            rows.append([ln])
        else:
            rows[-1].append(ln)
    return rows


def _body(lines: list[_Line], start: int, edges: list[float] | None, size: float) -> int:
    """The index after the last body line from `start`: lines close below one another, not a note,
    a caption or prose; single-cell lines only where a row of cells follows, or as a cell's wrapped
    line set like the table's text."""
    end, last_row = start, start
    for k in range(start, len(lines)):
        ln = lines[k]
        if k > start and ln.top - lines[k - 1].bottom > 2.2 * size:   # a row's padding is less than two lines
            break
        if _NOTE.match(ln.text) or _CAPTION.match(ln.text) or ln.size > size + 0.8:
            break
        if len(ln.segments) == 1 and ln.x1 - ln.x0 > 24 * size:
            break   # a line of prose
        if len(ln.segments) >= 2 and (edges is None or _fits(ln, edges) or _starts_row(ln, edges)):
            last_row = k
        end = k + 1
    # single-cell lines after the last row of cells: the last row's wrapped lines (not at the left)
    keep = last_row + 1
    while keep < end and edges is not None and _columns_of(lines[keep].segments[0], edges)[0] > 0 \
            and abs(lines[keep].size - size) < 0.6:
        keep += 1
    return keep


def find_aligned_tables(page: Any, taken: list[Box], carry: AlignedTable | None = None) -> list[AlignedTable]:
    """The page's tables without ruled cells, outside the boxes of tables already found.

    `carry`: the previous page's last table if its body ran to the foot of that page: lines at
    the top of this page that stand in its columns go on as its rows (a header repeated over
    them starts a table of its own instead)."""
    lines = _text_lines(page, taken)
    out: list[AlignedTable] = []
    k = 0
    if carry is not None:
        k = _continued(lines, carry, out)
    while k < len(lines):
        if not _is_header_line(lines[k]):
            k += 1
            continue
        table, k = _table_at(lines, k)
        if table is not None:
            out.append(table)
    return out


def runs_to_foot(page: Any, box: Box) -> bool:
    """Nothing but a page number or a short footer stands under the box: a table there may go on
    overleaf."""
    below = _lines_of([c for c in page.chars if c["top"] > box[3] and c.get("text", "").strip()])
    return len(below) <= 2 and all(len(ln.text) <= 12 for ln in below)


def carried(page: Any, box: Box, edges: list[float]) -> AlignedTable:
    """A table found another way (ruled) as the columns its rows may go on under overleaf."""
    sizes = sorted(c.get("size", 10.0) for c in page.chars if c.get("text", "").strip()
                   and box[0] <= c["x0"] and c["x1"] <= box[2] and box[1] <= c["top"] and c["bottom"] <= box[3])
    return AlignedTable(box, edges, [], sizes[len(sizes) // 2] if sizes else 10.0)


def _continued(lines: list[_Line], carry: AlignedTable, out: list[AlignedTable]) -> int:
    """Rows of the carried table at the top of the page, after at most three lines of one cell (a
    running header, a 续表 caption, a unit line); the index where reading goes on."""
    for k in range(min(4, len(lines))):
        ln = lines[k]
        if _is_header_line(ln):
            return k
        if len(ln.segments) >= 2 and _fits(ln, carry.edges) and _is_data(ln) and ln.x0 >= carry.bbox[0] - 3.0:
            end = _body(lines, k, carry.edges, carry.size)
            body = lines[k:end]
            rows = [_cells(r, carry.edges) for r in _body_rows(body, carry.edges)]
            box = (carry.bbox[0], body[0].top - 1.0, max(carry.bbox[2], max(x.x1 for x in body) + 1.0), body[-1].bottom + 1.0)
            out.append(AlignedTable(box, carry.edges, rows, carry.size))
            return end
        if len(ln.segments) > 1:
            break
    return 0


def _table_at(lines: list[_Line], k: int) -> tuple[AlignedTable | None, int]:
    """The table whose header holds line k, and the index after it (k + 1 if there is none)."""
    key = lines[k]
    size = key.size
    top = k
    # wrapped header labels above the key line (基期年（2020 over 年）), up to a caption or a gap
    while top > 0 and lines[top].top - lines[top - 1].bottom < 1.2 * size and not _CAPTION.match(lines[top - 1].text) \
            and lines[top - 1].size < size + 0.6 \
            and not _NOTE.match(lines[top - 1].text) and not (len(lines[top - 1].segments) == 1
                                                               and lines[top - 1].x1 - lines[top - 1].x0 > 24 * size):
        top -= 1
    first = k + 1   # the first body line: header labels wrap below the key line too
    while first < len(lines) and first <= k + 6 and not _is_data(lines[first]) \
            and lines[first].top - lines[first - 1].bottom < 1.2 * size:
        first += 1
    if first >= len(lines) or not _is_data(lines[first]):
        return None, k + 1
    body_size = lines[first].size
    end = _body(lines, first, None, body_size)
    header, body = lines[top:first], lines[first:end]
    if len(body) < 2 and not any(len(ln.segments) >= 3 for ln in body):
        return None, k + 1
    x0 = min(ln.x0 for ln in lines[top:end])
    x1 = max(ln.x1 for ln in lines[top:end])
    # the columns: blank strips down the body's rows of cells (a category or a wrapped line of
    # one cell may cross them), and down the header too unless a label stands over sub-columns
    cells_lines = [ln for ln in body if len(ln.segments) >= 2]
    edges = _blank_strips(cells_lines, x0, x1)
    with_header = _blank_strips(cells_lines + header, x0, x1)
    if len(with_header) == len(edges):
        edges = with_header
    if len(edges) < 4:
        return None, k + 1
    end = first + (_body(lines, first, edges, body_size) - first)
    body = lines[first:end]
    rows = _header_rows(header, edges, key.top) + [_cells(r, edges) for r in _body_rows(body, edges)]
    box = (x0 - 1.0, lines[top].top - 1.0, x1 + 1.0, body[-1].bottom + 1.0)
    return AlignedTable(box, edges, rows, body_size), end
