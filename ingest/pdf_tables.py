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

from .pdf_aligned import AlignedTable, blank_edges, carried, find_aligned_tables, runs_to_foot
from .readers.base import Block

# path-construction operators that draw a table's rules: rectangles (re) and line segments (l)
_PATH_OP_RE = re.compile(rb"(?<![A-Za-z0-9_'\"])(?:re|l)(?=[\s\[/])")
MIN_PATH_OPS = 3          # a header rule or a page frame is one or two; a 三线表 has three rules, a table
                          # ruled off row by row (no column lines) four from two rows on
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


# words that name a table's columns; a pypdf line with three of them apart (or 序号, or a 表
# caption) may head a table printed without rules
_COLUMN_WORDS = re.compile(r"序号|名称|单位|属性|地点|规模|来源|投资|年限|时序|基期|现状|备注|内容|面积|指标")
_TABLE_CAPTION = re.compile(r"^\s*(?:续)?(?:附)?表\s*[0-9一二三四五六七八九十]")


def header_pages(blocks: list[Block]) -> list[int]:
    """1-based numbers of the pages whose text has a line like a table's header or caption, and of
    the page after each (a table may go on there without its header): pdfplumber looks for
    tables printed without rules on them."""
    found: set[int] = set()
    for b in blocks:
        if b.page is None or b.page in found:
            continue
        if "序号" in b.text or _TABLE_CAPTION.match(b.text) or \
                (len(set(_COLUMN_WORDS.findall(b.text))) >= 3 and b.text.strip().count(" ") >= 2):
            found.add(b.page)
    return sorted(found | {n + 1 for n in found})


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
    """The blocks of each given page that holds a table of 2 x 2 cells or more (ruled, or printed
    without rules and read by alignment, `ingest.pdf_aligned`): lines and `row` blocks (cells
    joined by " | ") in reading order. Pages without such a table are left out (pypdf's text
    for them stands)."""
    if not numbers:
        return {}
    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    out: dict[int, list[Block]] = {}
    carry: AlignedTable | None = None
    with pdfplumber.open(io.BytesIO(data), pages=numbers) as pdf:
        for page in pdf.pages:
            if carry is not None and page.page_number - 1 not in out:
                carry = None
            try:
                blocks, carry = _page_blocks(page, carry)
            except Exception:  # pdfminer on a damaged page: keep pypdf's text for it
                blocks, carry = None, None
            if blocks is not None:
                out[page.page_number] = blocks
            page.close()
    return out


def _full_rules(page: Any) -> dict[tuple[int, int], list[float]]:
    """The page's horizontal rules at least 40% of its width, by extent (x0, x1): their tops."""
    # a rule is often drawn cell by cell: collinear pieces that meet are one rule
    pieces: dict[float, list[tuple[float, float]]] = {}
    for top, a, b in _horizontals(page):
        pieces.setdefault(round(top, 1), []).append((a, b))
    by_extent: dict[tuple[int, int], list[float]] = {}
    for top, spans in pieces.items():
        merged: list[list[float]] = []
        for x0, x1 in sorted(spans):
            if merged and x0 <= merged[-1][1] + 2.0:
                merged[-1][1] = max(merged[-1][1], x1)
            else:
                merged.append([x0, x1])
        for x0, x1 in merged:
            if x1 - x0 >= 0.4 * float(page.width):
                by_extent.setdefault((round(x0), round(x1)), []).append(top)
    return by_extent


def _rule_runs(page: Any, taken: list[tuple[float, float, float, float]]) -> list[tuple[float, float, list[float]]]:
    """Tables drawn with horizontal rules only (no column lines: rows ruled off one by one):
    runs of full-width rules of one extent, each within a few text lines of the next, outside
    the tables already found, as (x0, x1, the rules' tops). A run of three rules is a table of
    two rows only when the rows are of a size and the last band's lines stand as one row (a 三线表's
    body between its last two rules is many rows, which rules do not separate)."""
    runs = []
    for (x0, x1), tops in _full_rules(page).items():
        run: list[float] = []
        for top in sorted(set(tops)) + [float("inf")]:
            if run and top - run[-1] > _ROW_GAP:
                run = _trimmed(page, x0 - 1.0, x1 + 1.0, run)
                heights = [b - a for a, b in zip(run, run[1:])]
                if len(run) >= 4 or (len(run) == 3 and max(heights) <= 2.5 * min(heights)
                                     and not _body_rows(page, x0 - 1.0, x1 + 1.0, run[1], run[2],
                                                        _text_columns(page.within_bbox((x0 - 1.0, run[0], x1 + 1.0, run[2]))),
                                                        by_gaps=True)
                                                     and _close_set(page, x0 - 1.0, x1 + 1.0, run[1], run[2])):
                    box = (x0 - 1.0, run[0] - 1.0, x1 + 1.0, run[-1] + 1.0)
                    if not _overlaps(box, taken):
                        runs.append((x0 - 1.0, x1 + 1.0, run))
                run = []
            run.append(top)
    return runs


def _close_set(page: Any, x0: float, x1: float, top: float, bottom: float) -> bool:
    """The band's text lines follow one another as a wrapped cell's do (less than half a line
    apart), not as rows set apart by their padding (1 常住人口 … over 2 茶园面积 …)."""
    tops: list[tuple[float, float]] = []
    for ch in sorted((c for c in page.chars if c.get("text", "").strip() and top < c["top"] and c["bottom"] < bottom
                      and x0 <= c["x0"] and c["x1"] <= x1), key=lambda c: c["top"]):
        if tops and abs(ch["top"] - tops[-1][0]) < 2.0:
            tops[-1] = (tops[-1][0], max(tops[-1][1], ch["bottom"]))
        else:
            tops.append((ch["top"], ch["bottom"]))
    return all(b[0] - a[1] < 0.5 * (a[1] - a[0]) for a, b in zip(tops, tops[1:]))


def _trimmed(page: Any, x0: float, x1: float, run: list[float]) -> list[float]:
    """A run of rules without the bands at its ends that hold fewer than two cells of text (a page
    header's rule over a 续表2 caption and the table's own top rule)."""
    while len(run) >= 3 and _cells(page, x0, x1, run[0], run[1]) < 2:
        run = run[1:]
    while len(run) >= 3 and _cells(page, x0, x1, run[-2], run[-1]) < 2:
        run = run[:-1]
    return run


def _cells(page: Any, x0: float, x1: float, top: float, bottom: float) -> int:
    """How many columns of text the band between `top` and `bottom` holds (0: no band)."""
    return len(_text_columns(page.within_bbox((x0, top, x1, bottom)))) - 1 if bottom - top > 1.0 else 0


_ROW_GAP = 90.0   # points between two rules of one table at most: a row of four or five wrapped lines
_COLUMN_GAP = 4.0  # points of blank, down the whole band, between two columns' text at least


def _text_columns(band: Any) -> list[float]:
    """Column edges of a table without column lines: the band's edges and the middle of each
    vertical strip, at least `_COLUMN_GAP` wide, that no character of any row touches."""
    x0, _, x1, _ = band.bbox
    return blank_edges(((ch["x0"], ch["x1"]) for ch in band.chars if ch.get("text", "").strip()),
                       float(x0), float(x1), _COLUMN_GAP)


def _unruled_row(page: Any, x0: float, x1: float, top: float, bottom: float, above: bool) -> tuple[float, float] | None:
    """The text lines between `top` and `bottom` that follow one another from the rule (`above`
    it: a header over the first rule; else a last row under the last one): their top and
    bottom. A wrapped row's lines sit close; the paragraph before or after a table stands off
    by more than half a line."""
    chars = [c for c in page.chars if c.get("text", "").strip() and c["top"] >= top and c["bottom"] <= bottom
             and c["x0"] >= x0 and c["x1"] <= x1]
    rows: list[list[dict]] = []
    for c in sorted(chars, key=lambda c: c["top"], reverse=above):
        if rows and abs(c["top"] - rows[-1][0]["top"]) < 2.0:
            rows[-1].append(c)
        else:
            rows.append([c])
    kept: list[dict] = []
    edge = bottom if above else top
    for line in rows:
        near = max(c["bottom"] for c in line) if above else min(c["top"] for c in line)
        height = max(c["bottom"] - c["top"] for c in line)
        if abs(edge - near) > 0.6 * height + (0.0 if kept else height):
            break
        kept += line
        edge = min(c["top"] for c in line) if above else max(c["bottom"] for c in line)
    if not kept:
        return None
    return min(c["top"] for c in kept) - 1.0, max(c["bottom"] for c in kept) + 1.0


def _ruled_off_tables(page: Any, taken: list[tuple[float, float, float, float]]) -> list[Any]:
    """Tables ruled off row by row without column lines: rows from the rules (and an unruled
    header or last row beside them), columns from the blank strips between the texts."""
    out = []
    for x0, x1, tops in _rule_runs(page, taken):
        reach = 1.6 * sorted(b - a for a, b in zip(tops, tops[1:]))[(len(tops) - 1) // 2]
        lines, edges = list(tops), _text_columns(page.within_bbox((x0, tops[0], x1, tops[-1])))
        # an unruled header or last row is part of the table if it keeps the table's columns
        for top, bottom, first in ((max(0.0, tops[0] - reach), tops[0], True),
                                   (tops[-1], min(float(page.height), tops[-1] + reach), False)):
            row = _unruled_row(page, x0, x1, top, bottom, first)
            if row is None:
                continue
            wider = _text_columns(page.within_bbox((x0, min(row[0], lines[0]), x1, max(row[1], lines[-1]))))
            if len(wider) == len(edges):
                lines, edges = ([row[0], *lines] if first else [*lines, row[1]]), wider
        drawn = _segment_edges(page, x0, x1, tops)
        if len(drawn) >= 4:   # rules drawn cell by cell: their joints are the columns, their gaps merged cells
            out += _drawn_tables(page, x0, x1, drawn, lines)
            continue
        if len(edges) < 4:
            continue
        out += _explicit_tables(page, x0, x1, edges, lines)
    return out


def _horizontals(page: Any) -> list[tuple[float, float, float]]:
    """The page's horizontal rule pieces (lines and thin rects) as (top, x0, x1)."""
    return [(float(o["top"]), float(o["x0"]), float(o["x1"])) for o in [*page.lines, *page.rects]
            if abs(o["bottom"] - o["top"]) < 1.5]


def _rule_pieces(page: Any, x0: float, x1: float, tops: list[float]) -> dict[float, list[tuple[float, float]]]:
    """The pieces each rule of `tops` is drawn in, by the rule's top."""
    out: dict[float, list[tuple[float, float]]] = {t: [] for t in tops}
    for top, a, b in _horizontals(page):
        rule = next((t for t in tops if abs(top - t) < 1.0), None)
        if rule is not None and b > x0 and a < x1:
            out[rule].append((a, b))
    return out


def _segment_edges(page: Any, x0: float, x1: float, tops: list[float]) -> list[float]:
    """Column edges of a table whose rules are drawn cell by cell: x0, x1 and the joints between
    rule pieces found in two rules of the run or more ([] if the rules are whole)."""
    joints: dict[int, int] = {}
    for pieces in _rule_pieces(page, x0, x1, tops).values():
        for x in {round(e) for a, b in pieces for e in (a, b) if x0 + 3.0 < e < x1 - 3.0}:
            joints[x] = joints.get(x, 0) + 1
    found: list[float] = []
    for x in sorted(joints):
        if joints[x] >= 2 and not (found and x - found[-1] < 3.0):
            found.append(float(x))
    return [x0, *found, x1] if found else []


def _edge(x0: float, top: float, x1: float, bottom: float) -> dict[str, Any]:
    return {"object_type": "line", "x0": x0, "x1": x1, "top": top, "bottom": bottom,
            "width": x1 - x0, "height": bottom - top}


def _drawn_tables(page: Any, x0: float, x1: float, edges: list[float], lines: list[float]) -> list[Any]:
    """The tables that the drawn rule pieces make: a column line runs down from a rule with a joint
    there (one piece ends, the next begins) to the next rule drawn across it, so a header cell
    drawn whole over two sub-columns (建设规模 over 数量 | 单位) stays one cell, and a column whose
    rule is missing between two rows holds one cell over both (资金来源 merged over two projects)."""
    tops = sorted({round(top, 1) for top, a, b in _horizontals(page)
                   if lines[0] - 1.0 <= top <= lines[-1] + 1.0 and b > x0 and a < x1})
    pieces = _rule_pieces(page, x0, x1, tops)
    verticals = []
    for x in edges:
        if x in (edges[0], edges[-1]) or not tops:
            verticals.append(_edge(x, lines[0], x, lines[-1]))
            continue
        start: float | None = lines[0] if lines[0] < tops[0] - 1.0 else None   # an unruled header above the rules
        for t in tops:
            touches = [(a, b) for a, b in pieces[t] if a - 1.5 <= x <= b + 1.5]
            joint = any(abs(a - x) < 1.5 or abs(b - x) < 1.5 for a, b in touches)
            if start is not None and touches:
                verticals.append(_edge(x, start, x, t))
                start = None
            if joint:
                start = t
        if start is not None and start < lines[-1] - 1.0:
            verticals.append(_edge(x, start, x, lines[-1]))
    rules = [_edge(a, t, b, t) for t in tops for a, b in pieces[t]] + [_edge(x0, y, x1, y) for y in (lines[0], lines[-1])]
    return _explicit_tables(page, x0, x1, verticals, rules, lines[0], lines[-1])


def _explicit_tables(page: Any, x0: float, x1: float, verticals: list[Any], horizontals: list[Any],
                     top: float | None = None, bottom: float | None = None) -> list[Any]:
    """The tables of 2 rows and 3 columns or more that the given column and row lines (positions,
    or drawn pieces as `_edge`s) make between x0 and x1, from `top` to `bottom` (the first and
    last row line when they are positions)."""
    top = horizontals[0] if top is None else top
    bottom = horizontals[-1] if bottom is None else bottom
    found = page.crop((x0, top - 0.5, x1, bottom + 0.5)).find_tables(
        {"vertical_strategy": "explicit", "explicit_vertical_lines": verticals,
         "horizontal_strategy": "explicit", "explicit_horizontal_lines": horizontals})
    return [t for t in found if len(t.rows) >= 2 and max(len(r.cells) for r in t.rows) >= 3]


_HEADER_MAX = 75.0   # points from a 三线表's top rule to the rule under its header at most (four header lines)


def _overlaps(box: tuple[float, float, float, float], taken: list[tuple[float, float, float, float]]) -> bool:
    return any(box[1] < t[3] and t[1] < box[3] and box[0] < t[2] and t[0] < box[2] for t in taken)


def _three_line_tables(page: Any, taken: list[tuple[float, float, float, float]]) -> list[Any]:
    """三线表: a rule over the header, one under it and one under the body, the body's rows not ruled
    off. The header holds three cells or more within `_HEADER_MAX` of its rules; the columns are
    the blank strips down header and body, the rows `_body_rows`."""
    out = []
    for (x0, x1), tops in _full_rules(page).items():
        tops = sorted(set(tops))
        n = 0
        while n + 2 < len(tops):
            a, b, c = tops[n:n + 3]
            left, right = x0 - 1.0, x1 + 1.0
            if b - a > _HEADER_MAX or _overlaps((left, a - 1.0, right, c + 1.0), taken) \
                    or _cells(page, left, right, a, b) < 3:
                n += 1   # a caption (续表2) or a page's header between two rules is no table header
                continue
            edges = _text_columns(page.within_bbox((left, a, right, c)))
            rows = _body_rows(page, left, right, b, c, edges)
            if len(edges) < 4 or rows is None:
                n += 1
                continue
            out += _explicit_tables(page, left, right, edges, [a, b, *rows, c])
            n += 3
    return out


def _body_rows(page: Any, x0: float, x1: float, top: float, bottom: float, edges: list[float],
               by_gaps: bool = False) -> list[float] | None:
    """Where the unruled rows of a 三线表's body part. A row's text is one block down the page
    (its tallest cell spans it, the others stand inside it, top-aligned or centred), so where the
    gaps between lines differ a row opens after a wider gap (the cells' padding); where they do
    not, at a line whose first column holds text (its 序号 or name) if that column is blank on
    some lines, else at every line; `by_gaps`: only after a wider gap. None: no text in the body."""
    chars = sorted((ch for ch in page.chars if ch.get("text", "").strip() and ch["top"] > top and ch["bottom"] < bottom
                    and ch["x0"] >= x0 and ch["x1"] <= x1), key=lambda ch: ch["top"])
    lines: list[list[float]] = []   # top, bottom, first column has text
    for ch in chars:
        first = 1.0 if ch["x0"] < edges[1] else 0.0
        if lines and abs(ch["top"] - lines[-1][0]) < 2.0:
            lines[-1][1], lines[-1][2] = max(lines[-1][1], ch["bottom"]), max(lines[-1][2], first)
        else:
            lines.append([ch["top"], ch["bottom"], first])
    if not lines:
        return None
    gaps, reaches, reach = [], [], lines[0][1]
    for line in lines[1:]:
        gaps.append(line[0] - reach)
        reaches.append(reach)
        reach = max(reach, line[1])
    least = max(min(gaps), 0.0) if gaps else 0.0
    varied = bool(gaps) and max(gaps) > 1.5 * least + 1.0
    keyed = any(line[2] for line in lines) and not all(line[2] for line in lines)
    out = []
    for k in range(1, len(lines)):
        opens = gaps[k - 1] > 1.5 * least + 1.0 if varied else False if by_gaps else bool(lines[k][2]) if keyed else True
        if opens:
            out.append((reaches[k - 1] + lines[k][0]) / 2)
    return out


def _table_edges(table: Any) -> list[float]:
    """A pdfplumber table's column edges: where its cells start, and its right edge."""
    xs = sorted({round(c[0], 1) for r in table.rows for c in r.cells if c is not None})
    return [*xs, float(table.bbox[2])]


def _is_ground(obj: dict) -> bool:
    """A filled box without a stroke taller than a rule: a grey ground under a header or a zebra
    row, which bounds no cell."""
    return obj.get("object_type") == "rect" and bool(obj.get("fill")) and not obj.get("stroke") \
        and abs(obj["bottom"] - obj["top"]) >= 3.0 and abs(obj["x1"] - obj["x0"]) >= 3.0


def _page_blocks(page: Any, carry: AlignedTable | None = None) -> tuple[list[Block] | None, AlignedTable | None]:
    """The page's lines and table rows in reading order (None: no table on it), and its last table
    read by alignment if that may go on overleaf."""
    ruled = page.filter(lambda o: not _is_ground(o)) if any(_is_ground(r) for r in page.rects) else page
    tables = [t for t in ruled.find_tables() if len(t.rows) >= 2 and max(len(r.cells) for r in t.rows) >= 2]
    tables += _ruled_off_tables(page, [t.bbox for t in tables])
    tables += _three_line_tables(page, [t.bbox for t in tables])
    found = [AlignedTable(t.bbox, _table_edges(t), expand_cells(t.extract(), [list(r.cells) for r in t.rows]), 0.0)
             for t in tables]
    found += find_aligned_tables(page, [t.bbox for t in tables], carry)
    last = max(found, key=lambda t: t.bbox[3], default=None)
    carry = None
    if last is not None and runs_to_foot(page, last.bbox):
        carry = last if last.size else carried(page, last.bbox, last.edges)
    if not found:
        return None, carry
    placed: list[tuple[float, Block]] = _lines(page.filter(_outside(t.bbox for t in found)))
    for table in found:
        top = float(table.bbox[1])
        for k, cells in enumerate(table.rows):
            if any(cells):
                placed.append((top + k * 1e-3, Block(" | ".join(cells), page.page_number, "row")))
    placed.sort(key=lambda item: item[0])
    return [b for _, b in placed], carry
