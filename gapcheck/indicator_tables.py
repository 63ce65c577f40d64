"""Tables of a parsed plan as indicator rows: which column is the base year, the target year,
the change, the unit, the 序号 or the 属性, and what each data row names and holds.

Ingest gives every table as `row` lines (cells joined by " | ", merged cells repeated in every
slot they cover). A table is a run of such lines; its leading rows without values are its
header (several rows when a 规划年份 cell spans 2025年 / 2035年 or a 类别 cell spans two rows),
and each column is read from its header cells stacked top to bottom:

    >>> t = tables(["表1 规划指标表", "指标 | 单位 | 2020年 | 2035年", "耕地保有量 | 公顷 | 1,234.5 | 1,240"])[0]
    >>> [c.role for c in t.columns], t.rows[0].values()
    (['label', 'unit', 'base', 'target'], {'base': 1234.5, 'target': 1240.0})

A Markdown rule line (|---|) inside a raw pipe table is skipped, and ends its header. Generic
header words (规划指标, 指标名称) over year columns name no time: the plan's base year, or else
the earliest year when no column says 基期, is the base.

Column roles: label (names the row), serial (序号), unit (单位), attribute (约束性/预期性),
note, share (占比 / 比例, never a value), base, mid (a year between base and target, 近期),
target, change (规划期内增减 / 变化量). A table whose value columns cannot be told apart keeps
`ambiguous` (a reason in Chinese) instead of guessing.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from .plan_text import cells as row_cells

UNIT_RE = (r"(万平方米|平方千米|平方公里|万亩|公顷|平方米|hm2|km2|m2|亩|人|户|%)")
_UNIT_FIND = re.compile(UNIT_RE)
_NUMBER_CELL = re.compile(
    r"^(?:约|≈|~|≥|≤|>|<|>=|<=|不低于|不少于|不超过|不大于|不小于)?\s*"
    r"(?P<sign>[+\-−－]|减少|增加|净减|净增|下降|上升|增长|降低)?\s*"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?:多)?\s*"
    r"(?P<unit>" + UNIT_RE[1:-1] + r")?(?:/(?:人|户))?\s*(?:以上|以下|以内|左右)?\s*[↑↓]?$")
_YEAR_CELL = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)\s*年?")
_EMPTY = {"", "-", "—", "——", "--", "/", "\\", "无", "—-", "–", "－", "/ /"}

SERIAL_WORDS = ("序号", "编号", "序")
UNIT_WORDS = ("单位", "计量单位", "指标单位")
ATTRIBUTE_WORDS = ("属性", "指标属性", "性质", "指标性质", "指标类型", "约束性/预期性")
NOTE_WORDS = ("备注", "说明", "注")
SHARE_WORDS = ("占比", "比例", "比重", "百分比", "%")
CHANGE_WORDS = ("增减", "变化", "变动", "增量", "净增", "净减", "增加", "减少", "差值", "比较", "增幅")
BASE_WORDS = ("基期", "现状", "现有", "基准", "规划前", "基年", "现值")
MID_WORDS = ("近期",)
TARGET_WORDS = ("目标", "规划期末", "规划值", "期末", "远期", "规划", "预期值")
# words of a header that name the table's subject, not a column's time: 规划指标 / 指标名称 over
# 2020年 | 2035年 says nothing about which year is the target
GENERIC_HEADER = re.compile(r"规划(?:指标|年份|年限|期限|年度|数据|内容|情况|参数)|指标(?:名称|值|数值)?|年份|数值|数据")
TOTAL_WORDS = ("合计", "小计", "总计", "总", "计", "总量", "总面积", "合  计", "合 计", "总计（公顷）")
ATTRIBUTE_VALUES = ("约束性", "预期性", "引导性", "指导性")


def nfkc(text: str) -> str:
    """Full-width digits, brackets and ㎡ in their ASCII forms (（公顷） -> (公顷), ㎡ -> m2)."""
    return unicodedata.normalize("NFKC", text).replace("²", "2")


def split_cells(line: str) -> list[str] | None:
    """The cells of a row line, or None if the line is not a row. Ingest joins cells with
    " | " (an empty first cell leaves the line starting with "|"); a Markdown pipe row as
    written (| a | b |) loses its outer pipes."""
    if "|" not in line:
        return None
    cells = row_cells(line)
    if len(cells) < 2 or all(re.fullmatch(r":?-{2,}:?|", c) for c in cells):
        return None
    return cells


def number(cell: str) -> tuple[float, str] | None:
    """A cell that holds one number: (value, unit or ""). Thousands separators, signs and
    change words (减少0.52 -> -0.52), approximations (约, 1300多) and bounds (≥) allowed."""
    text = nfkc(cell).replace(" ", "")
    m = _NUMBER_CELL.match(text)
    if not m:
        return None
    value = float(m.group("num").replace(",", ""))
    if m.group("sign") in ("-", "−", "－", "减少", "净减", "下降", "降低"):
        value = -value
    return value, m.group("unit") or ""


def year_of(cell: str) -> int | None:
    m = _YEAR_CELL.search(nfkc(cell))
    return int(m.group(1)) if m else None


def is_year_cell(cell: str) -> bool:
    """A header cell naming a year (2035年, 2020年（基期）, 2035), not a value."""
    text = nfkc(cell).replace(" ", "")
    return bool(re.fullmatch(r"(19[5-9]\d|20\d\d)年?(\(.{0,8}\))?", text))


def unit_in(text: str) -> str:
    """A unit a header or label names: 面积（公顷）, 单位：亩, 耕地保有量(hm²)."""
    text = nfkc(text)
    m = re.search(r"\(\s*" + UNIT_RE + r"(?:/(?:人|户))?\s*\)", text) or \
        re.search(r"单位[:：]?\s*" + UNIT_RE, text) or re.search(UNIT_RE + r"\s*/\s*(?:人|户)\s*$", text) or \
        re.search(r"[/／]\s*" + UNIT_RE + r"\s*$", text)
    return m.group(1) if m else ""


def _has(text: str, words: tuple[str, ...]) -> bool:
    return any(w in text for w in words)


@dataclass
class Column:
    """One column: its header text (stacked header cells), role, year and header unit;
    `worded` is the role its own header words give it (a target named 目标年 rather than by
    its year alone)."""

    index: int
    label: str
    role: str = "label"
    year: int | None = None
    unit: str = ""
    worded: str = ""


@dataclass
class Row:
    """A data row: its cells, the table it belongs to and the line it came from."""

    cells: list[str]
    line: int
    text: str
    table: Table

    def cell(self, role: str) -> str:
        col = next((c for c in self.table.columns if c.role == role), None)
        return self.cells[col.index] if col is not None and col.index < len(self.cells) else ""

    def labels(self) -> list[str]:
        """The row's label cells left to right, repeats of a merged cell dropped."""
        out: list[str] = []
        for c in self.table.columns:
            if c.role == "label" and c.index < len(self.cells):
                text = self.cells[c.index].strip()
                if text and (not out or out[-1] != text):
                    out.append(text)
        return out

    def name(self) -> str:
        """The label that names what the row measures: the rightmost label cell, unless it is a
        total (合计 / 小计 / 总): then the group it totals (村庄建设用地 | 小计 -> 村庄建设用地).
        A part (其中：宅基地) is named as itself, never as its group."""
        labels = self.labels()
        if not labels:
            return ""
        last = labels[-1]
        bare = re.sub(r"[\s:：()（）]", "", last)
        if len(labels) > 1 and (bare in TOTAL_WORDS or bare.endswith(("合计", "小计"))):
            return labels[-2]
        return last

    def unit(self) -> str:
        """The row's unit: its 单位 cell, else one in its label, else the value columns'."""
        unit_cell = nfkc(self.cell("unit"))
        m = _UNIT_FIND.search(unit_cell)
        if m:
            return m.group(1)
        for label in reversed(self.labels()):
            u = unit_in(label) or _trailing_unit(label)
            if u:
                return u
        return ""

    def values(self) -> dict[str, float]:
        """The row's numbers by role (base / mid / target / change / value), in the unit of
        the cell if it names one, else of the row (see `value_units`)."""
        return {role: v for role, (v, _u) in self.value_units().items()}

    def value_units(self, inherit: bool = True) -> dict[str, tuple[float, str]]:
        """(value, unit) by role; `inherit`=False leaves out the unit a cell and its row do not
        state themselves (the column's or the table's: 单位：亩 over the whole table)."""
        out: dict[str, tuple[float, str]] = {}
        row_unit = self.unit()
        for c in self.table.totals_first:
            if c.role not in ("base", "mid", "target", "change", "value") or c.index >= len(self.cells):
                continue
            if c.role in out:
                continue
            n = number(self.cells[c.index])
            if n is None:
                continue
            value, unit = n
            out[c.role] = (value, unit or row_unit or (c.unit or self.table.unit if inherit else ""))
        return out

    def unplaced(self) -> list[float]:
        """Numbers in columns that could not be placed as base or target."""
        return [n[0] for c in self.table.columns if c.role == "unplaced" and c.index < len(self.cells)
                if (n := number(self.cells[c.index])) is not None]

    def attribute(self) -> str:
        text = self.cell("attribute") or next((x for x in self.cells if x in ATTRIBUTE_VALUES), "")
        return next((a for a in ATTRIBUTE_VALUES if a in text), "")


_WHOLE = re.compile(r"合计|总计|全村|[两三四五六七八九]村|各村|村域")


def _trailing_unit(label: str) -> str:
    m = re.search(r"[(（]\s*" + UNIT_RE + r"[^)）]{0,4}[)）]\s*$", nfkc(label))
    return m.group(1) if m else ""


@dataclass
class Table:
    """A run of row lines: caption (the short lines before it), header rows, columns, data rows."""

    caption: str
    header: list[list[str]]
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    unit: str = ""
    ambiguous: str = ""      # why values cannot be placed as base / target ("" if they can)
    first_line: int = 0

    @property
    def width(self) -> int:
        return len(self.columns)

    @cached_property
    def totals_first(self) -> list[Column]:
        """The columns, those of a whole first: a plan for several villages gives each village's
        columns and their total (东营子村2035年 | 西营子村2035年 | 两村合计2035年), and the plan's figure
        is the total. Labels and places are fixed once the table is built; only roles change."""
        return sorted(self.columns, key=lambda c: (not _WHOLE.search(c.label), c.index))

    def describe(self) -> str:
        """How the columns were read, for a reader checking the result."""
        return "；".join(f"{c.label or '第' + str(c.index + 1) + '列'}={c.role}" for c in self.columns
                        if c.role not in ("label", "note"))


def _is_value_cell(cell: str) -> bool:
    return number(cell) is not None and not is_year_cell(cell)


def _is_header_row(cells: list[str]) -> bool:
    return not any(_is_value_cell(c) for c in cells) and any(c.strip() for c in cells)


_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


def is_separator(line: str) -> bool:
    """A Markdown pipe table's rule line (|---|:---:|), as a raw TXT keeps it."""
    return "|" in line and bool(_SEPARATOR.match(line))


@dataclass
class _Run:
    """Consecutive row lines: their cells, the line each came from, and how many rows stood
    above a Markdown rule line (|---|), which ends a pipe table's header (0 if none)."""

    rows: list[list[str]]
    lines: list[int]
    ruled_header: int = 0


def _runs(lines: list[str]) -> list[_Run]:
    """Consecutive row lines; a pipe table's rule line neither ends a table nor is a row."""
    runs: list[_Run] = []
    current: _Run | None = None
    for i, line in enumerate(lines):
        if is_separator(line):
            if current is not None and not current.ruled_header:
                current.ruled_header = len(current.rows)
            continue
        cells = split_cells(line)
        if cells is None:
            if current is not None:
                runs.append(current)
                current = None
            continue
        if current is None:
            current = _Run([], [])
        current.rows.append(cells)
        current.lines.append(i)
    if current is not None:
        runs.append(current)
    return runs


def _caption(lines: list[str], start: int) -> str:
    """The short non-row lines right above a table (表3 规划指标表 / 单位：公顷), nearest last."""
    out: list[str] = []
    for line in reversed(lines[max(0, start - 2):start]):
        text = line.strip()
        if not text or split_cells(text) is not None or len(text) > 60:
            break
        out.insert(0, text)
    return " ".join(out)


def _word_role(label: str, last: str) -> str:
    """The role the header words give a column of numbers ("" when they say nothing). Generic
    words (规划指标, 指标, 规划年份) name no time; over a year cell, a group header's target
    words (规划 over 2020年 | 2035年) leave the year to decide."""
    flat = re.sub(r"\s", "", nfkc(label))
    last_flat = re.sub(r"\s", "", nfkc(last))
    own = GENERIC_HEADER.sub("", last_flat if is_year_cell(last_flat) else flat)
    if last_flat in SERIAL_WORDS or last_flat.lower() in ("no", "no."):
        return "serial"
    if last_flat in NOTE_WORDS or last_flat.startswith(("备注", "说明")):
        return "note"
    if _has(last_flat, SHARE_WORDS) or (_has(flat, SHARE_WORDS) and not unit_in(last)):
        return "share"
    if _has(flat, CHANGE_WORDS):
        return "change"
    if _has(flat, BASE_WORDS):
        return "base"
    if _has(flat, MID_WORDS):
        return "mid"
    if _has(own, TARGET_WORDS):
        return "target"
    return ""


def _text_role(label: str, cells: list[str]) -> str:
    """The role of a column of words: 单位, 属性 (约束性/预期性), 备注, or a label."""
    last_flat = re.sub(r"\s", "", nfkc(label.split(" ")[-1] if label else ""))
    filled = [c for c in cells if c.strip() and c.strip() not in _EMPTY]
    if last_flat in UNIT_WORDS or re.fullmatch(r"单位[:：]?.{0,6}", last_flat) or \
            (filled and all(_UNIT_FIND.fullmatch(nfkc(c).split("/")[0]) for c in filled)):
        return "unit"
    if _has(last_flat, ATTRIBUTE_WORDS) or (filled and all(c in ATTRIBUTE_VALUES for c in filled)):
        return "attribute"
    if last_flat in NOTE_WORDS or last_flat.startswith(("备注", "说明")):
        return "note"
    if last_flat in SERIAL_WORDS:
        return "serial"
    return "label"


def _is_serial(cells: list[str]) -> bool:
    """1, 2, 3 … (or 一、二 …) down the column."""
    nums = [number(c) for c in cells if c.strip()]
    values = [n[0] for n in nums if n is not None]
    return len(values) >= 2 and len(values) == len(nums) and all(
        v == int(v) and not u for v, u in (n for n in nums if n is not None)) and \
        values == sorted(values) and values[0] <= 1 and values[-1] <= len(values) + 1


VALUE_ROLES = ("base", "mid", "target", "change", "value", "year")


def _resolve(table: Table, plan_years: tuple[int | None, int | None], data: list[list[str]]) -> None:
    """Assign each column its role: its data decide words or numbers; for numbers, the words of
    its header, then its year, then the table's caption."""
    base_year, target_year = plan_years
    for col in table.columns:
        stacked = [h[col.index] for h in table.header if col.index < len(h)]
        cells = [r[col.index] for r in data if col.index < len(r)]
        col.year = next((y for y in (year_of(s) for s in reversed(stacked)) if y), None)
        col.unit = next((u for u in (unit_in(s) for s in reversed(stacked)) if u), "")
        numeric = sum(1 for c in cells if _is_value_cell(c))
        texty = sum(1 for c in cells if c.strip() and number(c) is None and c.strip() not in _EMPTY)
        if texty > numeric or not numeric:
            col.role = _text_role(col.label, cells)
            continue
        role = _word_role(col.label, stacked[-1] if stacked else "")
        col.worded = role
        if role == "" and col.index == 0 and _is_serial(cells):
            role = "serial"     # 序号 says so even where category rows number 一、二 among 1, 2
        col.role = role or ("year" if col.year else "value")
    # years decide what the words leave open: among target columns the latest year is the
    # target and earlier ones intermediate (规划年份 2025年 / 2035年); a bare year column is the
    # base when it is the plan's base year or the earliest of several with no 基期 column
    # the plan's stated base year is the base, whatever group words stand over it
    for c in table.columns:
        if c.year is not None and c.year == base_year and c.role in ("target", "mid", "year", "value") \
                and c.worded != "target":
            c.role = "base"
    has_base = any(c.role == "base" for c in table.columns)
    timed = [c for c in table.columns if c.role in ("target", "year") and c.year]
    earliest = min((c.year for c in table.columns if c.role in VALUE_ROLES and c.year), default=None)
    worded_targets = [c for c in timed if c.role == "target"]
    for c in worded_targets:
        if len(worded_targets) > 1 and c.year != max(t.year for t in worded_targets if t.year):
            c.role = "mid"
    latest_all = max([c.year for c in timed if c.year] + [c.year for c in worded_targets if c.year], default=None)
    for c in timed:
        y = c.year
        if c.role != "year" or y is None:
            continue
        if y == base_year:
            c.role = "base"
        elif y == target_year:
            c.role = "target"
        elif not has_base and y == earliest and latest_all is not None and y < latest_all:
            c.role = "base"
        elif y == latest_all and not worded_targets and (has_base or (earliest is not None and y > earliest)):
            c.role = "target"
        elif has_base or worded_targets or (earliest is not None and latest_all is not None and earliest < y < latest_all):
            c.role = "mid"
    # a text column right of the values describes (落实上位规划); it does not name the row
    first_value = next((c.index for c in table.columns if c.role in VALUE_ROLES), None)
    for c in table.columns:
        if c.role == "label" and first_value is not None and c.index > first_value:
            c.role = "note"
    # a column of years beside the name (基期 › 年份 | 数值: 耕地保有量 | 2020 | 96.30) dates the
    # values next to it; it names nothing
    labels = [c for c in table.columns if c.role == "label"]
    for c in labels[1:]:
        years = [r[c.index] for r in data if c.index < len(r) and r[c.index].strip()]
        if years and all(is_year_cell(y) for y in years):
            c.role = "note"
    _settle_unlabelled(table)


def _settle_unlabelled(table: Table) -> None:
    """Columns of numbers whose header says neither base nor target: placed by the other
    columns or the table's caption, or the table is ambiguous. A value labelled 现状 (column,
    table or caption) is never a target."""
    roles = {c.role for c in table.columns}
    open_cols = [c for c in table.columns if c.role in ("value", "year")]
    if not open_cols:
        return
    context = nfkc(table.caption + " " + " ".join(" ".join(h) for h in table.header))
    if "base" in roles or "target" in roles:
        missing = "base" if "base" not in roles else "target" if "target" not in roles else ""
        if missing and len(open_cols) == 1 and open_cols[0].role == "year":
            open_cols[0].role = missing
        else:
            for c in open_cols:
                c.role = "unplaced"
        return
    says_base = _has(context, BASE_WORDS) and not _has(context, ("规划目标", "目标年", "规划期末", "规划值"))
    if says_base:  # a 现状 table: its numbers are the present state, whatever the columns
        open_cols[0].role = "base"
        for c in open_cols[1:]:
            c.role = "unplaced"
        return
    if len(open_cols) == 1 and _has(context, TARGET_WORDS):
        open_cols[0].role = "target"
        return
    for c in open_cols:
        c.role = "unplaced"
    table.ambiguous = ("表中只有一列数值，未标明是基期（现状）还是规划目标" if len(open_cols) == 1
                       else "表头未标明哪一列是基期（现状）、哪一列是规划目标")


def _value_run(data: list[list[str]], width: int) -> tuple[int, int]:
    """The widest run of adjacent columns (after the first) holding numbers in most data rows:
    (start, end), end exclusive; (0, 0) if none."""
    numeric = [i > 0 and sum(1 for r in data if number(r[i]) is not None) * 2 > len(data) for i in range(width)]
    best, i = (0, 0), 0
    while i < width:
        if numeric[i]:
            j = i
            while j < width and numeric[j]:
                j += 1
            if j - i > best[1] - best[0]:
                best = (i, j)
            i = j
        else:
            i += 1
    return best


def _realign_header(original: list[list[str]], data: list[list[str]], width: int) -> list[list[str]]:
    """Header rows that lost their empty cells (a Word table saved as text: 规划值 spanning two
    columns, 基期年 / 目标年 under it with the cells before them empty) put back over the columns
    of numbers they head: the short row's spanning cell repeated over the run, the row of years
    placed under it. Rows that are whole, or cannot be placed, are padded at the end as before."""
    start, end = _value_run(data, width)
    out = []
    for row in original:
        short = width - len(row)
        if short <= 0 or end - start < 2:
            out.append(row + [""] * max(0, short))
        elif len(row) == end - start and all(is_year_cell(c) or _HEADER_TOKEN.search(nfkc(c)) for c in row):
            out.append([""] * start + row + [""] * (width - end))           # 基期年 | 目标年 under the run
        elif start < len(row) and end - start == short + 1:
            out.append(row[:start] + [row[start]] * (short + 1) + row[start + 1:])   # 规划值 over the run
        else:
            out.append(row + [""] * short)
    return out


def tables(lines: list[str], plan_years: tuple[int | None, int | None] = (None, None)) -> list[Table]:
    """Every table in the lines, its columns interpreted.

    Args:
        lines: the plan's text split into lines (row lines hold " | ").
        plan_years: the plan's base and target years (基期年 / 目标年) if it states them; a
            single year column is placed by them.
    """
    out: list[Table] = []
    previous: Table | None = None
    for run in _runs(lines):
        start = run.lines[0]
        width = max(len(r) for r in run.rows)
        rows = [r + [""] * (width - len(r)) for r in run.rows]
        if _transposed(rows):
            out.append(_transposed_table(rows, run.lines, lines, plan_years))
            previous = None
            continue
        n_header = 0
        while n_header < len(rows) and _is_header_row(rows[n_header]):
            n_header += 1
        if run.ruled_header and all(_is_header_row(r) for r in rows[:run.ruled_header]):
            n_header = run.ruled_header   # a pipe table's header ends at its rule line
        header, data = rows[:n_header], rows[n_header:]
        if not data:
            previous = None
            continue
        header = _realign_header(run.rows[:n_header], data, width) if header else header
        if not header and previous is not None and previous.width == width:
            table = Table(previous.caption, previous.header, [Column(c.index, c.label, c.role, c.year, c.unit)
                                                               for c in previous.columns],
                          unit=previous.unit, ambiguous=previous.ambiguous, first_line=start)
        else:
            caption = _caption(lines, start)
            titles = [h for h in header if len(set(h)) == 1]       # a title row spanning the table
            header = [h for h in header if len(set(h)) > 1]
            if titles:
                caption = (caption + " " + " ".join(t[0] for t in titles)).strip()
            columns = []
            for i in range(width):
                stacked: list[str] = []
                for h in header:
                    if h[i] and (not stacked or stacked[-1] != h[i]):
                        stacked.append(h[i])
                columns.append(Column(i, " ".join(stacked)))
            table = Table(caption, header, columns, unit=unit_in(caption), first_line=start)
            _resolve(table, plan_years, data)
        for k, cells in enumerate(data):
            if header and cells in header:  # a header repeated on the next page
                continue
            at = run.lines[n_header + k]
            table.rows.append(Row(cells, at, lines[at], table))
        out.append(table)
        previous = table
    return out


def _times_a_row(cell: str) -> bool:
    """A first-column cell naming a time or a role (2020年（基期）, 规划目标, 指标属性)."""
    flat = re.sub(r"\s", "", nfkc(cell))
    return year_of(flat) is not None or _has(flat, BASE_WORDS + TARGET_WORDS + CHANGE_WORDS + ATTRIBUTE_WORDS)


def _transposed(rows: list[list[str]]) -> bool:
    """Indicators as columns, times as rows (年份 | 耕地保有量（亩） | … over 2020年（基期） | 10,896.0 | …):
    the first row names two or more things in words, the first column below it names times
    or roles, and the cells between hold numbers."""
    if len(rows) < 3 or len(rows[0]) < 3:
        return False
    names = [c for c in rows[0][1:] if c.strip()]
    if len(names) < 2 or any(number(c) is not None or is_year_cell(c) or _has(nfkc(c), BASE_WORDS + TARGET_WORDS)
                             for c in names):
        return False
    timed = [r for r in rows[1:] if _times_a_row(r[0])]
    dated = [r for r in timed if any(_is_value_cell(c) for c in r[1:])]
    return len(timed) == len(rows) - 1 and len(dated) >= 2


def _transposed_table(rows: list[list[str]], at: list[int], lines: list[str],
                      plan_years: tuple[int | None, int | None]) -> Table:
    """A transposed table turned the usual way round: one row per indicator, one column per time."""
    width = len(rows[0])
    header = [["指标"] + [r[0] for r in rows[1:]]]
    data = [[rows[0][j]] + [r[j] for r in rows[1:]] for j in range(1, width)]
    caption = _caption(lines, at[0])
    columns = [Column(i, header[0][i]) for i in range(len(header[0]))]
    table = Table(caption, header, columns, unit=unit_in(caption), first_line=at[0])
    _resolve(table, plan_years, data)
    for cells in data:
        if cells[0].strip():
            table.rows.append(Row(cells, at[0], " | ".join(cells), table))
    return table


# ---- tables whose ruling was lost: "3 耕地保有量亩 2,526.0 2,527.8 约束性" -------------------------

_LOOSE_NUM = r"[-+−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-+−]?\d+(?:\.\d+)?"
_LOOSE_ROW = re.compile(
    r"^(?:(?P<serial>\d{1,3})[\s、.．]+)?(?P<label>[^\d\s|][^|]{0,40}?)\s*"
    r"(?P<nums>(?:(?:" + _LOOSE_NUM + r")\s+)+(?:" + _LOOSE_NUM + r"))"
    r"\s*(?P<attr>约束性|预期性|引导性)?$")
_HEADER_TOKEN = re.compile(r"(规划期内增减|增减|变化量|变化|基期年?|现状年?|现状|目标年?|规划期末|近期|占比|比例|"
                           r"(?<!\d)(?:19[5-9]\d|20\d\d)(?!\d)年?)")


def _header_roles(header: str) -> list[tuple[str, int | None]]:
    """The value columns a header line names, in order: (role, year). A year in brackets right
    after a role word belongs to it (基期年（2020年）)."""
    found: list[tuple[str, int | None, int]] = []   # role, year, where the token ends
    for m in _HEADER_TOKEN.finditer(nfkc(header)):
        token = m.group(1)
        year = year_of(token)
        if year is not None and found and found[-1][1] is None and found[-1][0] != "year" \
                and m.start() - found[-1][2] <= 2:
            found[-1] = (found[-1][0], year, m.end())
            continue
        role = ("change" if _has(token, CHANGE_WORDS) else "share" if _has(token, SHARE_WORDS) else
                "base" if _has(token, BASE_WORDS) else "mid" if _has(token, MID_WORDS) else
                "target" if _has(token, TARGET_WORDS) else "year")
        found.append((role, year, m.end()))
    return [(role, year) for role, year, _ in found]


def loose_tables(lines: list[str], plan_years: tuple[int | None, int | None] = (None, None)) -> list[Table]:
    """Tables a text conversion flattened to lines of words and numbers (a TXT with tabs, a
    PDF table without rules): a header line naming the value columns (基期年（2020年）目标年
    （2035年）属性) over lines `[序号] 名称[单位] 数 数 … [属性]`. Without such a header the
    columns cannot be told apart: the table is ambiguous."""
    out: list[Table] = []
    i = 0
    while i < len(lines):
        m = _LOOSE_ROW.match(lines[i].strip()) if "|" not in lines[i] else None
        if not m:
            i += 1
            continue
        start = i
        run = []
        while i < len(lines) and "|" not in lines[i] and (m := _LOOSE_ROW.match(lines[i].strip())):
            run.append(m)
            i += 1
        widths = {len(x.group("nums").split()) for x in run}
        header = lines[start - 1].strip() if start else ""
        roles = _header_roles(header) if header and not _LOOSE_ROW.match(header) else []
        if len(run) < 2 or len(header) > 80:
            continue
        width = max(widths)
        columns = [Column(0, "序号", "serial"), Column(1, "指标", "label")]
        columns += [Column(2 + k, "", "unplaced") for k in range(width)] + [Column(2 + width, "属性", "attribute"),
                                                                             Column(3 + width, "单位", "unit")]
        table = Table(header, [], columns, unit=unit_in(header), first_line=start)
        if len(roles) == width:
            for col, (role, year) in zip(columns[2:2 + width], roles):
                col.role, col.year, col.label = role, year, f"{role}{year or ''}"
            _place_years(table, plan_years)
        else:
            table.ambiguous = "表格线已丢失，表头未标明各列数值是基期还是目标"
        for k, x in enumerate(run):
            nums = x.group("nums").split()
            label, unit = _glued_unit(x.group("label").strip())
            cells = [x.group("serial") or "", label] + nums + [""] * (width - len(nums)) + [x.group("attr") or "", unit]
            table.rows.append(Row(cells, start + k, lines[start + k], table))
        out.append(table)
    return out


def _glued_unit(label: str) -> tuple[str, str]:
    """耕地保有量亩 -> (耕地保有量, 亩): a unit column's text run into the name's."""
    m = re.fullmatch(r"(.+?)\s*(平方米/人|平方米/户|m2/人|m2/户|公顷|hm2|平方米|万亩|亩|%)", nfkc(label))
    return (label[:len(m.group(1))], m.group(2).split("/")[0]) if m and not _trailing_unit(label) else (label, "")


def _place_years(table: Table, plan_years: tuple[int | None, int | None]) -> None:
    """Bare year columns of a loose table: earliest the base, latest the target."""
    years = [c.year for c in table.columns if c.role in VALUE_ROLES and c.year]
    for c in table.columns:
        if c.role != "year" or c.year is None:
            continue
        if c.year == plan_years[0] or (len(years) > 1 and c.year == min(years)
                                       and not any(x.role == "base" for x in table.columns)):
            c.role = "base"
        elif c.year == plan_years[1] or (len(years) > 1 and c.year == max(years)):
            c.role = "target"
        else:
            c.role = "mid" if len(years) > 1 else "unplaced"
    if not any(c.role in ("base", "target") for c in table.columns):
        table.ambiguous = "表头未标明各列数值是基期还是目标"


__all__ = ["Column", "Row", "Table", "tables", "loose_tables", "number", "split_cells", "unit_in", "nfkc", "UNIT_RE",
           "BASE_WORDS", "TARGET_WORDS", "CHANGE_WORDS"]
