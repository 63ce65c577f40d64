"""Plain text and Markdown: encoding detection, Markdown as converters write it (readers.markdown),
a scraped page's chrome, metadata panel and trailing 延伸阅读 / 相关链接 section; a plain text's
tables written with tabs or with columns aligned by spaces become `row` blocks."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from .. import panels
from ..errors import EmptyDocument, UnreadableDocument
from ..markers import find_marker
from .base import Block, RawDocument
from .markdown import markdown_blocks
from .tables import cell_text, row_text

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_CJK_PUNCT = set("，。、；：？！“”‘’（）《》〈〉【】—…·「」『』　％")
_HTML_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
# a scraped government page's chrome: the site path and page tools above the text, the share
# widget, 公报PDF, related links and the exit prompt below it (whole lines only)
_HEAD_CHROME_RE = re.compile(r"^(政务公开\s*>.*|.*>\s*政策服务.*|公报PDF|收藏|打印|字号[:：]\s*大\s*中\s*小)$")
_TAIL_CHROME_RE = re.compile(r"^(复制链接|新浪微博|微信|分享[:：]?|X|公报PDF|相关解读|解读\s*[|｜].*|相关政策|评价|建议|放弃|"
                             r"您访问的链接即将离开.*|收藏|打印)$")


def _is_common(ch: str, encoding: str) -> bool:
    """Is `ch` a frequent character of `encoding` (GB2312 level 1, Big5 常用字) or CJK punctuation?"""
    if ch in _CJK_PUNCT:
        return True
    try:
        code = ch.encode(encoding)
    except UnicodeEncodeError:
        return False
    if len(code) != 2:
        return False
    if encoding == "gb2312":
        return 0xB0 <= code[0] <= 0xD7
    return 0xA440 <= (code[0] << 8 | code[1]) <= 0xC67E


def _plausibility(text: str, family: str) -> float:
    """Fraction of non-ASCII characters that are common in the encoding family."""
    sample = [ch for ch in text[:20000] if ord(ch) > 0x7F]
    if not sample:
        return 1.0
    return sum(_is_common(ch, family) for ch in sample) / len(sample)


def _decode_line(raw: bytes) -> str:
    """One line that is not UTF-8: GB18030 or Big5, whichever reads as more common characters."""
    best = ("", -1.0)
    for enc, family in (("gb18030", "gb2312"), ("big5", "big5")):
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text, family)
        if score > best[1]:
            best = (text, score)
    return best[0] if best[1] >= 0 else raw.decode("utf-8", errors="replace")


def _decode_mixed(data: bytes) -> str | None:
    """Files pasted together from UTF-8 and GBK parts: decode line by line, if most lines are UTF-8."""
    lines = data.split(b"\n")
    wide = [raw for raw in lines if any(b > 0x7F for b in raw)]  # ASCII lines prove nothing
    utf8 = 0
    for raw in wide:
        try:
            raw.decode("utf-8")
            utf8 += 1
        except UnicodeDecodeError:
            pass
    if utf8 == len(wide) or utf8 < max(1, 0.2 * len(wide)):
        return None
    out = []
    for raw in lines:
        try:
            out.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(_decode_line(raw))
    return "\n".join(out)


def decode_text(data: bytes, file: str) -> tuple[str, str]:
    """Decode bytes of a text file, detecting UTF-8 (with or without BOM), UTF-16,
    GB18030/GBK and Big5. Returns (text, encoding).

    Raises:
        UnreadableDocument: the bytes are not text in any of these encodings.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc).lstrip("\ufeff"), enc
            except UnicodeDecodeError:
                break
    head = data[:4096]
    if len(head) >= 4 and head.count(0) >= len(head) // 4:
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _plausibility(text, "gb2312") > 0.5 or sum(c.isprintable() or c.isspace() for c in text[:2000]) > 0.95 * min(len(text), 2000):
                return text, enc
    controls = sum(1 for b in head if b < 9 or 13 < b < 32 and b != 27)
    if controls > max(2, len(head) // 200):
        raise UnreadableDocument(file, "不是文本文件（含二进制内容），请检查文件类型")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mixed = _decode_mixed(data)
    if mixed is not None:
        return mixed, "utf-8 + gb18030/big5（混合编码）"
    candidates = []
    for enc, family in (("gb18030", "gb2312"), ("big5", "big5")):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((_plausibility(text, family), enc, text))
    if not candidates:
        # mixed encodings: keep what decodes as UTF-8 and mark the rest
        text = data.decode("utf-8", errors="replace")
        if text.count("\ufffd") > len(text) // 10:
            raise UnreadableDocument(file, "无法识别文本编码（不是 UTF-8、GBK/GB18030 或 Big5）")
        return text, "utf-8 (有无法解码的字节)"
    score, enc, text = max(candidates)
    if score < 0.5:
        raise UnreadableDocument(file, "无法识别文本编码，内容可能不是文本")
    return text, enc


def read_text(path: Path, data: bytes, markdown: bool) -> RawDocument:
    """Read a .txt or .md file into line blocks; form feeds mark page breaks."""
    text, encoding = decode_text(data, path.name)
    raw = blocks_from_text(text, path.name, markdown)
    if "有无法解码" in encoding:
        raw.warnings.append("部分字节无法按 UTF-8 解码，已替换为 �")
    elif "混合编码" in encoding:
        raw.warnings.append("文件混用了 UTF-8 与 GBK/Big5 编码，已逐行识别")
    return raw


def blocks_from_text(text: str, name: str, markdown: bool) -> RawDocument:
    """Line blocks of decoded text: Markdown headings and tables, form feeds as page breaks."""
    if markdown or "<!--" in text:
        text = _HTML_COMMENT_RE.sub("\n", text)
    if not text.strip():
        raise EmptyDocument(name, "文件没有文字内容")
    pages = text.count("\f") + 1 if "\f" in text else None
    blocks: list[Block] = []
    for page_no, page_text in enumerate(text.split("\f"), start=1):
        page = page_no if pages else None
        if markdown:
            blocks.extend(markdown_blocks(page_text, page))
            continue
        blocks.extend(text_lines(page_text.splitlines(), page))
    if not any(b.text.strip() for b in blocks):
        raise EmptyDocument(name, "文件没有文字内容")
    if markdown:
        return _with_front_panel(RawDocument(name, "md", without_trailer(blocks), pages=pages))
    return _without_site_parts(RawDocument(name, "txt", without_trailer(blocks), pages=pages))


# a section a site appends after the document: related news, an interview, "read more"
_TRAILER_HEAD_RE = re.compile(
    r"^[【\[(（]?(?:延伸阅读|相关链接|相关阅读|推荐阅读|相关新闻|相关文章|相关推荐|相关报道|更多阅读|热点推荐|猜你喜欢|"
    r"READMORE|RELATEDNEWS)[】\])）]?[:：]?$", re.I)
# an editor's or source line of a news page (责任编辑：张三, 来源：新华社): short, on its own line, not a sentence
_BYLINE_RE = re.compile(r"^(?:责任编辑|编辑|责编|审核|审校|校对|来源|稿源|文章来源|信息来源|作者)\s*[:：]\s*(?:https?://\S+|\S.{0,40}(?<![。；;，,]))$")
_TRAILER_FROM = 0.3  # a trailer starts after at least this share of the text


def without_trailer(blocks: list[Block]) -> list[Block]:
    """The blocks without what a site appended after the document.

    A whole line (or heading) 延伸阅读 / READ MORE / 相关链接 / 相关阅读 / 推荐阅读 … (spaced out
    or bracketed as sites print it) starts a section of news that is cut to the end; a
    责任编辑： line does the same. 来源： / 编辑： lines near the end are dropped on their own.
    None of this applies in the first 30% of the text, so a heading or panel at the top is safe.
    """
    keys = ["".join(b.text.split()) for b in blocks]
    total = sum(len(k) for k in keys)
    seen = 0
    cut = len(blocks)
    for n, (b, key) in enumerate(zip(blocks, keys)):
        if seen >= _TRAILER_FROM * total and b.kind != "row":
            if _TRAILER_HEAD_RE.match(key) or (key.startswith("责任编辑") and _BYLINE_RE.match(key)):
                cut = n
                break
        seen += len(key)
    kept = blocks[:cut]
    tail_from = len(kept) - max(3, len(kept) // 10)
    return [b for n, b in enumerate(kept) if n < tail_from or b.kind == "row"
            or not _BYLINE_RE.match("".join(b.text.split()))]


def _with_front_panel(raw: RawDocument) -> RawDocument:
    """A metadata panel at the top of a Markdown file (`> **发布机构**：…` under the title), read
    into `raw.panel` and its lines (and a 来源： line beside them) dropped; the rest of the file is not searched for one."""
    front = [n for n, b in enumerate(raw.blocks) if b.kind != "blank"][:_FRONT_PANEL_LINES]
    panel, used = panels.read_lines([" ".join(raw.blocks[n].text.split()) for n in front])
    if panel:
        # the panel's neighbours 来源：(URL) / 作者： are page metadata too
        drop = {front[k] for k in used} | {n for n in front if _BYLINE_RE.match("".join(raw.blocks[n].text.split()))}
        raw.blocks = [b for n, b in enumerate(raw.blocks) if n not in drop]
        raw.panel = panel
    return raw


_FRONT_PANEL_LINES = 12


def _without_site_parts(raw: RawDocument) -> RawDocument:
    """A scraped page's metadata panel ([发文机构]…, 成文日期：…) read into `raw.panel` and its
    lines dropped, with the site chrome above and below the text."""
    blocks = raw.blocks
    # a panel written with tabs (发文机构：<TAB>…) came out as rows: its label and value read as one line
    texts = [" ".join((b.text.replace(" | ", " ") if b.kind == "row" else b.text).split()) for b in blocks]
    panel, used = panels.read_lines(texts)
    start = 0
    while start < len(blocks) and (not texts[start] or _HEAD_CHROME_RE.match(texts[start])):
        start += 1
    end = len(blocks)
    while end > start and (not texts[end - 1] or _TAIL_CHROME_RE.match(texts[end - 1])):
        end -= 1
    kept = [b for n, b in enumerate(blocks) if start <= n < end and n not in used]
    if kept:
        raw.blocks = _lone_rows_as_lines(kept) if used else kept
    raw.panel = panel or None
    return raw


def _lone_rows_as_lines(blocks: list[Block]) -> list[Block]:
    """A row left alone once the panel's rows are gone (索引号：<TAB>…) is a line again."""
    filled = [n for n, b in enumerate(blocks) if b.kind != "blank"]
    out = list(blocks)
    for k, n in enumerate(filled):
        if blocks[n].kind != "row":
            continue
        near = [blocks[filled[j]].kind for j in (k - 1, k + 1) if 0 <= j < len(filled)]
        if "row" not in near:
            out[n] = Block(blocks[n].text.replace(" | ", "\t"), blocks[n].page, "line")
    return out


# ---- tables a plain text writes with tabs or aligned spaces ---------------------------

_PAGE_CELL_RE = re.compile(r"^(?:\d{1,4}|[ivxlcIVXLC]{1,6})$")
_SECTION_CELL_RE = re.compile(r"^\d{1,2}(?:\.\d{1,2})+$")  # 1.1, 3.4.2
_GAP_CELL_RE = re.compile(r"[^\s]+(?: [^\s]+)*")  # a cell: words apart by single ASCII spaces
_PIPE_ROW = re.compile(r"^\s*\|.*\|.*\|\s*$")
RULE_LINE = re.compile(r"^\s*[-=─━—_＿－]{6,}\s*$")  # ------ or ━━━━ drawn across a ruled table
ALIGNED_MIN_LINES = 3     # an aligned-space table has at least this many lines
ALIGNED_MIN_CELLS = 3     # and its full rows at least this many cells
_ALIGN_TOLERANCE = 2      # columns a cell may stand off its column's start (right-aligned numbers)
_CELL_LIMIT = 30          # a longer cell, or one with a full stop, is prose, not a table cell


def text_lines(lines: list[str], page: int | None) -> list[Block]:
    """Plain-text lines as blocks: `line` and `blank`, and `row` for the lines of a table
    written with tabs (2+ cells on consecutive lines) or with columns aligned by runs of
    spaces (3+ cells on 3+ consecutive lines whose cells stand in the same columns)."""
    grid = _grid_tables(lines)
    rows = _tab_tables(lines)
    # a pipe table (| 1    | 耕地保有量   | 公顷 |, padded to line up) is read as such later; its
    # padding is no aligned-space table
    pipes = {n for n, line in enumerate(lines) if _PIPE_ROW.match(line)}
    rows.update(_aligned_tables(lines, set(rows) | pipes | set(grid)))
    out: list[Block] = []
    for n, line in enumerate(lines):
        if n in grid:
            cells = grid[n]
            if cells is not None:
                out.append(Block(row_text(cells), page, "row"))
        elif n in rows:
            out.append(Block(row_text(rows[n]), page, "row"))
        else:
            out.append(Block(line, page, "line") if line.strip() else Block("", page, "blank"))
    return out


_GRID_RULE = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")   # +------+-------+ / +======+=======+
# a table drawn with box-drawing characters (┌──┬──┐ │ 序号 │ … ├──┼──┤ └──┴──┘) is a grid table
_BOX_TO_GRID = str.maketrans({**dict.fromkeys("┌┬┐├┼┤└┴┘╔╦╗╠╬╣╚╩╝╒╤╕╞╪╡╘╧╛╓╥╖╟╫╢╙╨╜┏┳┓┣╋┫┗┻┛╭╮╰╯", "+"),
                              **dict.fromkeys("─━═╌╍┄┅┈┉", "-"), **dict.fromkeys("│┃║╎╏┆┇┊┋", "|")})


def _grid_tables(lines: list[str]) -> dict[int, list[str] | None]:
    """A grid table (+----+----+ rules, | cells |, a cell's text wrapped onto the lines below it
    up to the next rule, or the same drawn with box-drawing characters): the first line of each
    row -> the row's cells, its text joined across the wrapped lines; rule and continuation
    lines -> None (dropped)."""
    lines = [line.translate(_BOX_TO_GRID) for line in lines]
    out: dict[int, list[str] | None] = {}
    n = 0
    while n < len(lines):
        if not _GRID_RULE.match(lines[n]):
            n += 1
            continue
        k = n + 1
        group: list[int] = []
        table: dict[int, list[str] | None] = {n: None}
        while k < len(lines) and (_GRID_RULE.match(lines[k]) or _PIPE_ROW.match(lines[k])):
            if _GRID_RULE.match(lines[k]):
                _grid_row(lines, group, table)
                group = []
                table[k] = None
            else:
                group.append(k)
            k += 1
        if group or len(table) < 3:   # no closing rule, or no row between rules: not a grid table
            n += 1
            continue
        out.update(table)
        n = k
    return out


def _grid_row(lines: list[str], group: list[int], table: dict[int, list[str] | None]) -> None:
    if not group:
        return
    pieces = [[c.strip() for c in lines[j].strip().strip("|").split("|")] for j in group]
    width = max(len(p) for p in pieces)
    cells = []
    for c in range(width):
        text = ""
        for p in pieces:
            part = p[c] if c < len(p) else ""
            if part and text and text[-1].isascii() and text[-1].isalnum() and part[0].isascii() and part[0].isalnum():
                text += " "
            text += part
        cells.append(cell_text(text))
    table[group[0]] = cells
    for j in group[1:]:
        table[j] = None


def _tab_split(line: str) -> list[str]:
    """A line's tab-separated cells; a leading tab is an empty first cell (类别 written once, blank
    in the rows below it), trailing tabs are nothing."""
    return [cell_text(c) for c in line.rstrip().lstrip(" \r\n\u3000").split("\t")]


def _tab_tables(lines: list[str]) -> dict[int, list[str]]:
    """Runs of lines with 2+ tab-separated cells (blank lines between rows allowed) -> cells.

    Consecutive tabs are empty cells when every row then has the same number of cells (a
    spreadsheet's export), else one wider gap. A 目录 (第一章 总则<TAB>1) or a list of labels and
    titles (第一条<TAB>规划范围) is not a table."""
    found: dict[int, list[str]] = {}
    run: list[int] = []

    def close() -> None:
        if len(run) >= 2:
            kept = [_tab_split(lines[n]) for n in run]
            if len({len(c) for c in kept}) != 1:
                kept = [[c for c in cells if c] for cells in kept]
            if not all(_toc_like(cells) for cells in kept):
                found.update(zip(run, kept))
        run.clear()

    for n, line in enumerate(lines):
        if not line.strip():
            continue
        if len([c for c in _tab_split(line) if c]) >= 2:
            run.append(n)
        else:
            close()
    close()
    return found


def _toc_like(cells: list[str]) -> bool:
    """A 目录 line or a heading split by a tab: a label (第一章, 一、, 1.1) and/or a title and a page number."""
    cells = [c for c in cells if c]
    if len(cells) >= 2 and _PAGE_CELL_RE.match(cells[-1]):
        cells = cells[:-1]
    if len(cells) >= 2:
        m = find_marker(cells[0])
        if (m is not None and not m.rest and m.kind in ("article", "law_heading", "cn1", "cn2")) \
                or _SECTION_CELL_RE.match(cells[0]):
            cells = cells[1:]
    return len(cells) <= 1


def _width(text: str) -> int:
    """Columns in a fixed-width font: wide (CJK, full-width) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _gap_cells(line: str) -> list[tuple[int, int, str]]:
    """A line's cells apart by two or more spaces (or an ideographic space): (start column
    in characters, start column in display width, text)."""
    out = []
    for m in _GAP_CELL_RE.finditer(line):
        out.append((m.start(), _width(line[:m.start()]), m.group()))
    return out


def _columns(starts: list[int], ref: list[int], tol: int) -> list[int] | None:
    """The reference column of each cell start (within `tol`), in increasing order; None if a
    cell stands in no column."""
    cols: list[int] = []
    for s in starts:
        near = [k for k, r in enumerate(ref) if abs(s - r) <= tol]
        if not near or (cols and near[0] <= cols[-1]):
            return None
        cols.append(near[0])
    return cols


def _aligned_tables(lines: list[str], taken: set[int]) -> dict[int, list[str]]:
    """Runs of consecutive lines whose cells (apart by 2+ spaces) stand in the same columns."""
    found: dict[int, list[str]] = {}
    n = 0
    while n < len(lines):
        cells = _gap_cells(lines[n]) if n not in taken else []
        if len(cells) < ALIGNED_MIN_CELLS or not _cells_ok(cells):
            n += 1
            continue
        end = n + 1
        placed: list[list[str]] | None = None
        for display in (True, False):  # display width (CJK = 2), else character count
            ref = [_start(c, display) for c in cells]
            rows = [[c[2] for c in cells]]
            at = [n]
            k = n + 1
            while k < len(lines) and k not in taken:
                if RULE_LINE.match(lines[k]):  # a ruled table's rules (under the header, between rows)
                    k += 1
                    continue
                more = _gap_cells(lines[k])
                cols = _columns([_start(c, display) for c in more], ref, _ALIGN_TOLERANCE) \
                    if len(more) >= 2 and _cells_ok(more) else None
                if cols is None:
                    break
                row = [""] * len(ref)
                for col, c in zip(cols, more):
                    row[col] = c[2]
                for col, c in zip(cols, more):
                    _split_overflow(row, col, c, ref, display)
                rows.append(row)
                at.append(k)
                k += 1
            full = sum(1 for r in rows if all(r))
            if len(rows) >= ALIGNED_MIN_LINES and full >= 2 and at[-1] >= end:
                placed, end = rows, at[-1] + 1
                break
        if placed is None:
            n += 1
            continue
        found.update((at[j], [cell_text(c) for c in row]) for j, row in enumerate(placed))
        n = end
    return found


def _split_overflow(row: list[str], col: int, cell: tuple[int, int, str], ref: list[int], display: bool) -> None:
    """A cell that ran into the next, empty column with one space between (0.36公顷，冷库800吨 2024年
    under 建设规模 | 建设年限): split where the next column starts."""
    if col + 1 >= len(ref) or row[col + 1] or " " not in cell[2].strip():
        return
    text = cell[2]
    for j, ch in enumerate(text):
        if ch != " " or j == 0 or text[j - 1] == " " or j + 1 >= len(text) or text[j + 1] == " ":
            continue
        at = _start(cell, display) + (_width(text[:j + 1]) if display else j + 1)
        if abs(at - ref[col + 1]) <= _ALIGN_TOLERANCE:
            row[col], row[col + 1] = text[:j], text[j + 1:]
            return


def _start(cell: tuple[int, int, str], display: bool) -> int:
    return cell[1] if display else cell[0]


def _cells_ok(cells: list[tuple[int, int, str]]) -> bool:
    """Table cells are short and hold no sentence."""
    return all(len(c[2]) <= _CELL_LIMIT and "。" not in c[2] for c in cells)
