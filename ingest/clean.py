"""Clean-up of extracted text: normalisation, running headers/footers, broken lines.

Pure functions, no I/O. Input and output are `Block` lists in reading order.
"""
from __future__ import annotations

import difflib
import re
from collections import Counter

from .markers import SENTENCE_END, find_marker, is_cross_reference, looks_like_title
from .readers.base import Block

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u2060\ufeff\ufffe]")
_SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u3000]+")
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "，。、；：！？“”‘’（）《》〈〉【】—…·「」『』"
_CJK_GAP_RE = re.compile(rf"(?<=[{_CJK}{_CJK_PUNCT}]) (?=[{_CJK}{_CJK_PUNCT}])")
_FULLWIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                            **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
                            **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}})
# 第 六十二 条 / 第三十五 条 -> 第六十二条 ; (一) -> （一） ; 1．2 -> 1.2
_LABEL_SPACE_RE = re.compile(r"^第\s*([零〇一二两三四五六七八九十百千0-9]+)\s*(条|章|节|编|分编)")
_PAREN_NUM_RE = re.compile(r"^[(（]\s*([零〇一二两三四五六七八九十0-9]{1,3})\s*[)）]")
_DOTTED_FW_RE = re.compile(r"^(\d{1,2})．(?=\d)")
_LEAD_LABEL_RE = re.compile(
    r"^(第[零〇一二两三四五六七八九十百千0-9]+(?:条(?:之[一二三四五六七八九十]+)?|章|节|编|分编)|"
    r"[一二三四五六七八九十]+、|（[零〇一二两三四五六七八九十0-9]+）|\d{1,2}(?:\.\d{1,2})*)\s+")
# dashes around a page number, and what OCR reads them as (一 for —, ~ for －)
_DASHES = r"\-—–－―‒_~～一·•"
PAGE_NUMBER_RE = re.compile(
    rf"^(?:[{_DASHES} ]*\d{{1,4}}[{_DASHES} ]*|"
    r"第\s*\d{1,4}\s*页(?:\s*[，,/、 ]?\s*共\s*\d{1,4}\s*页)?|共\s*\d{1,4}\s*页\s*[，,/、 ]?\s*第\s*\d{1,4}\s*页|"
    rf"[{_DASHES} ]*\d{{1,4}}\s*/\s*\d{{1,4}}[{_DASHES} ]*|[Pp]age\s*\d{{1,4}}(?:\s*(?:of|/)\s*\d{{1,4}})?)$")
TERMINAL = SENTENCE_END + "：:」』."
# a full line ending in ；or ： still continues unless the next line opens an item
_HARD_END = "。！？!?」』."
_CLOSERS = "”’）)》〉】"


def normalize_line(text: str) -> str:
    """Normalise one line: control characters, full-width digits, spaces, numbering brackets.

    >>> normalize_line("第三十五 条　农村生活污水")
    '第三十五条 农村生活污水'
    """
    text = _CONTROL_RE.sub("", text).translate(_FULLWIDTH)
    text = _SPACES_RE.sub(" ", text).strip()
    if not text:
        return text
    text = _LABEL_SPACE_RE.sub(lambda m: f"第{m.group(1)}{m.group(2)}", text, count=1)
    text = _PAREN_NUM_RE.sub(lambda m: f"（{m.group(1)}）", text, count=1)
    text = _DOTTED_FW_RE.sub(r"\1.", text)
    lead = _LEAD_LABEL_RE.match(text)
    if lead:  # keep one space after a leading label, drop layout spaces between CJK after it
        return lead.group(1) + " " + _CJK_GAP_RE.sub("", text[lead.end():])
    return _CJK_GAP_RE.sub("", text)


def display_width(text: str) -> float:
    """Width in em: CJK and full-width characters count 1, others 0.5."""
    return sum(1.0 if ord(ch) > 0x2E7F else 0.5 for ch in text)


def _page_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.replace(" ", ""))


# a page number that OCR misread between its dashes (一E一, -l-, —〇—), at a page's first or last line
_EDGE_NUMBER_RE = re.compile(r"^[\-—–－―一~～]\s*[0-9A-Za-z〇Oo]{1,3}\s*[\-—–－―一~～]$")
EDGE_TOP, EDGE_BOTTOM = 4, 3   # how many lines at a page's top and bottom can be running lines
_SIMILAR = 0.8                 # OCR reads a header a little differently on each page


_CN_NUMBER_RE = re.compile("[零〇一二两三四五六七八九十百千]+")


def _similar(a: str, b: str) -> bool:
    """Two readings of one line (OCR): nearly the same characters, and not two lines that
    differ only in their numbers (第十二条 …, 第十三条 … are different lines of a text)."""
    if _CN_NUMBER_RE.sub("#", a) == _CN_NUMBER_RE.sub("#", b):
        return False
    if _one_insertion(a, b):
        return False
    if abs(len(a) - len(b)) > 0.25 * max(len(a), len(b)) or min(len(a), len(b)) < 4:
        return False
    sa, sb = set(a), set(b)
    if len(sa & sb) < 0.6 * len(sa | sb):
        return False
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= _SIMILAR


def _one_insertion(a: str, b: str) -> bool:
    """One line is the other with a run of two characters or more put in or cut off: the header
    with 人民政府关于 inside (a 批复's title under the running header), or its wrapped part (the
    cover's 村庄规划（2021—20). That is another line, not a misreading."""
    short, long_ = sorted((a, b), key=len)
    cut = len(long_) - len(short)
    return cut >= 2 and any(long_.startswith(short[:k]) and long_.endswith(short[k:]) for k in range(len(short) + 1))


def _edge_groups(windows: dict[int | None, list[str]], pages: int) -> dict[str, int]:
    """Group the keys of the pages' edge windows: identical keys, then keys similar to one of
    them (OCR misreadings). Returns key -> group id for the groups seen on enough pages."""
    need = max(2, 0.4 * pages)
    on_pages: dict[str, set[int | None]] = {}
    for page, keys in windows.items():
        for k in keys:
            on_pages.setdefault(k, set()).add(page)
    reps: list[str] = []
    group: dict[str, int] = {}
    for k in sorted(on_pages, key=lambda k: (-len(on_pages[k]), k)):
        if len(k) > 60:
            continue
        for g, rep in enumerate(reps):
            if k == rep or _similar(k, rep):
                group[k] = g
                break
        else:
            if len(on_pages[k]) >= 2:  # a reading seen on one page only starts no group
                group[k] = len(reps)
                reps.append(k)
    size = Counter[int]()
    for g in set(group.values()):
        size[g] = len(set().union(*(on_pages[k] for k in group if group[k] == g)))
    return {k: g for k, g in group.items() if size[g] >= need}


def _band(window: list[Block], groups: dict[str, int], bands: Counter[frozenset[int]], pages: int) -> list[Block]:
    """The running lines of one page edge: the window's lines whose group is running, if the
    set of them is a band seen on enough pages (a band of two lines or more on two pages
    already: the header of a short document that page 1 does not carry), or two lines or
    more of such a band. One line alone that is not itself a band stays: page 1 carries the
    title that later pages repeat in a three-line header (issuer / title / 发布)."""
    found = [b for b in window if _page_key(b.text) in groups]
    ids = frozenset(groups[_page_key(b.text)] for b in found)
    if not ids:
        return []

    def common(band: frozenset[int]) -> bool:
        return bands[band] >= (max(2, 0.4 * pages) if len(band) >= 2 else max(3, 0.4 * pages))
    if common(ids) or (len(ids) >= 2 and any(ids < band and common(band) for band in bands)):
        return found
    return []


# a field and its value (估算投资：#万元, 建设期限：#年 under each project of a list): content, however
# often its form recurs
_FIELD_LINE = re.compile(r"^[\u4e00-\u9fff（）()]{2,10}[：:]\S")


def drop_running_lines(blocks: list[Block], pages: int | None) -> list[Block]:
    """Drop page numbers and headers/footers repeated across pages.

    With pages: a line is running if (digits masked, spaces out) it or a line much like it
    sits among the first `EDGE_TOP` or last `EDGE_BOTTOM` lines of at least 40% of the pages
    (3 pages at least); it is dropped where it comes with the rest of its header or footer.
    For text without pages, a short non-numbered line that recurs 3 times or more, but not a
    field with its value (估算投资：210万元). Page-number
    lines (— 2 —, -2-, 第2页 共8页, 2/8 and OCR's 一4一) are always dropped.
    """
    out = [b for b in blocks if not (b.kind == "line" and PAGE_NUMBER_RE.match(b.text))]
    lines = [b for b in out if b.kind == "line"]
    drop: set[int] = set()
    by_page: dict[int | None, list[Block]] = {}
    for b in lines:
        by_page.setdefault(b.page, []).append(b)
    if pages:
        for page_lines in by_page.values():
            drop.update(id(b) for b in page_lines[:1] + page_lines[-1:] if _EDGE_NUMBER_RE.match(b.text))
    if pages and pages >= 3:
        for windows in ({p: ls[:EDGE_TOP] for p, ls in by_page.items()},
                        {p: ls[-EDGE_BOTTOM:] for p, ls in by_page.items()}):
            groups = _edge_groups({p: [_page_key(b.text) for b in w] for p, w in windows.items()}, pages)
            if not groups:
                continue
            bands = Counter(frozenset(groups[k] for k in map(_page_key, (b.text for b in w)) if k in groups)
                            for w in windows.values())
            first = min((p for p in windows if p is not None), default=None)
            for page, window in windows.items():
                band = _band(window, groups, bands, pages)
                if page == first and len(band) == 1 and window and band[0] is window[0] \
                        and len(by_page.get(page, [])) > 1:
                    continue   # the cover's title, which later pages repeat as their one-line header
                drop.update(id(b) for b in band)
    elif not pages:
        counts = Counter(_page_key(b.text) for b in lines)
        running = {k for k, n in counts.items()
                   if n >= 3 and 4 <= len(k) <= 40 and find_marker(k) is None and "|" not in k
                   and not _FIELD_LINE.match(k)}
        drop = {id(b) for b in lines if _page_key(b.text) in running}
    return [b for b in out if id(b) not in drop]


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return not stripped or stripped[-1] in _HARD_END


def _is_structural_start(text: str) -> bool:
    """A line that starts a new paragraph even right after a wrapped line."""
    if text.startswith(("|", "#")) or " | " in text:   # a table row, however it starts (1 | 村道硬化 | …)
        return True
    marker = find_marker(text)
    if marker is None:
        return False
    if marker.kind == "article":
        return not is_cross_reference(marker, text[len(marker.label):])
    if marker.kind in ("law_heading", "cn1", "cn2", "ar2"):
        return True
    # 1.5 倍 / 3 年 after a wrapped line are numbers in a sentence, not headings
    if marker.rest.startswith(tuple("年月日个倍%％万亿元米亩户人次条项号")):
        return False
    # an item led by its name (1. 稳粮保田。茶江边田垌连片…) opens a paragraph of its own
    return looks_like_title(marker.rest) or (marker.kind == "ar1" and re.match(r"[\u4e00-\u9fff]{2,12}[。：:]", marker.rest) is not None)


def _join(a: str, b: str) -> str:
    if not a or not b:
        return a + b
    if ord(a[-1]) > 0x2E7F or ord(b[0]) > 0x2E7F:
        return a + b
    if (a[-1].isdigit() or a[-1] == ".") and b[0].isdigit():  # a number wrapped mid-way: 92.4 / 5公顷
        return a + b
    if a[-1] in "—–～~" or b[0] in "—–～~" or (a[-1] == "-" and b[0].isdigit()):   # 2021 / —2035年, C- / 02地块
        return a + b
    if a.endswith("-") and a[-2:-1].isalpha() and b[:1].islower():
        return a[:-1] + b
    return a + " " + b


def _wrapped_width(widths: list[float]) -> float:
    """The full line width of hard-wrapped text, or infinity if lines are whole paragraphs.

    Wrapped text has many lines of (nearly) the same width: the measure of the page or
    column. Text with one paragraph per line has no such peak.
    """
    widths = [w for w in widths if w >= 6]
    if len(widths) < 4:
        return float("inf")
    def near(peak: int) -> int:
        return sum(1 for w in widths if abs(w - peak) <= 1.5)

    def measure(peak: int) -> bool:
        wider = sum(1 for w in widths if w > peak + 3)   # an indented first line may measure 2–2.5 over
        # shares among the lines of text, not headings and captions (a short plan has many)
        long = sum(1 for w in widths if w >= 0.5 * peak)
        shared = near(peak)
        return shared >= 3 and shared >= 0.3 * long and wider <= 0.05 * long

    # the width most lines share that no more than a few exceed (headings may share a shorter one
    # more often than the text's lines share theirs)
    fits = [w for w in set(round(w) for w in widths) if measure(w)]
    return float(max(fits, key=lambda w: (near(w), w))) if fits else float("inf")


# a paragraph cannot end on these, nor start with these
_OPEN_END = "，、（(《〈“‘【—"
_CLOSED_START = "，。、；：！？）)》〉”’】,;:"
_SOFT_END = _HARD_END + "；;：:"


def _splits_word(a: str, b: str) -> bool:
    """Does the break between `a` and `b` fall inside a word (民主监 / 督, 县级人 / 民政府)?"""
    if not a or not b or ord(a[-1]) < 0x3400 or ord(b[0]) < 0x3400:
        return False
    from .tokenize import _tokenizer

    left, right = a[-6:], b[:6]
    at = 0
    for word in _tokenizer().lcut(left + right, HMM=False):
        if at < len(left) < at + len(word):
            return True
        at += len(word)
    return False


def _breaks_inside(prev: str, line: str, after_label: bool) -> bool:
    """A line of text with one paragraph per line (scraped TXT) that a tool broke inside a
    word or sentence: 民主监 / 督, 县级人 / 民政府…, 服务能 / 力。, 不 / 设区的市….

    Only when `prev` does not end a sentence and `line` opens nothing. A heading continues
    only with a short tail that completes its last word; a body line continues when the
    break cannot end a paragraph (after ，、 or before ，。), when one side is a lone fragment,
    when it is an article's first line (第二条 / 村民委员会是村民 / 自我管理…), or when the
    break splits a word of a line that is a sentence (it has a ，、 inside).
    """
    if not prev or prev[-1] in _SOFT_END or not line:
        return False
    if line[0] in _CLOSED_START:
        return True
    marker = find_marker(prev)
    # a numbered item holding a sentence end ((一)守牢耕地红线。落实…建成高标 / 准农田) is body text, not a heading
    item = marker is not None and marker.kind != "article" and re.search(r"[。；]", marker.rest) is not None \
        and find_marker(line) is None and prev[-1] not in "）)】]"   # not into the next item, nor past a closing note
    if (marker is not None and marker.kind != "article" and not item) or prev.startswith("#"):
        return len(line) <= 3 and line[-1] not in _SOFT_END and _splits_word(prev, line)
    if prev[-1] in _OPEN_END or item:
        return True   # an item's sentence runs on until it ends (…百合种植、加工、销售一体 / 发展，…)
    if len(line) <= 3 and line[-1] in _HARD_END and ord(line[0]) >= 0x3400:
        return True
    if len(prev) == 1 and ord(prev) >= 0x3400 and marker is None:
        return True
    if after_label and marker is None:
        return True
    return any(p in prev for p in "，、；") and _splits_word(prev, line)


def join_broken_lines(blocks: list[Block]) -> list[Block]:
    """Re-join physical lines that a PDF broke in mid-sentence; returns paragraph blocks.

    A line continues the previous one when the previous line ran to the right margin
    (at least 80% of the typical full line width) without ending a sentence, and the new
    line does not open an article, heading, list item or table row. Blank lines in
    between are ignored: text copied out of PDFs often has them between every line.
    Text with one paragraph per line (no margin to run to) is re-joined where it was broken
    inside a word or sentence (`_breaks_inside`); there a blank line ends a paragraph,
    unless blank lines stand between nearly all lines.
    """
    # an indented first line reaches the margin too: its width counts the indent
    line_width = _wrapped_width([_width(b) for b in blocks if b.kind == "line" and " | " not in b.text])
    full = 0.85 * line_width
    lines = [b for b in blocks if b.kind == "line"]
    # typeset text marks each paragraph's first line with an indent: then a full line that
    # ends a sentence may still continue, unless the next line is indented
    indented = len(lines) >= 5 and sum(b.indent for b in lines) >= 0.1 * len(lines)
    kinds = [b.kind for b in blocks if b.kind in ("line", "blank")]
    double_spaced = sum(1 for x, y in zip(kinds, kinds[1:]) if x == "line" and y == "blank") >= 0.8 * len(lines)
    out: list[Block] = []
    open_para: Block | None = None
    open_is_heading = False
    last_width = 0.0
    last_line = ""        # the last physical line of the open paragraph
    after_label = False   # the open paragraph is an article's first line after a bare label
    blank_before = False
    for b in blocks:
        if b.kind == "blank":
            blank_before = True
            continue
        if b.kind != "line":
            out.append(b)
            open_para = None
            blank_before = False
            continue
        width = _width(b)
        continues = not b.indent if indented else not _ends_sentence(open_para.text) if open_para else False
        if indented and continues and open_para is not None and _ends_sentence(open_para.text):
            # after a sentence end, a line that neither runs to the margin nor ends a sentence
            # is a heading set without indent (9 人居环境整治), not the paragraph's next line
            continues = width >= full or _ends_sentence(b.text)
        structural = _is_structural_start(b.text)
        if (open_para is not None and last_width >= full and continues and not structural and " | " not in last_line):
            # a wrapped heading only continues with a short title-like tail (…全域全要素 / 统筹机制)
            if not open_is_heading or (width <= 0.6 * line_width and looks_like_title(b.text)):
                open_para.text = _join(open_para.text, b.text)
                open_para.page_end = b.page
                last_width, last_line, blank_before = width, b.text, False
                continue
        if (open_para is not None and not structural and (not indented or not b.indent)
                and (double_spaced or not blank_before) and _breaks_inside(last_line, b.text, after_label)):
            open_para.text = _join(open_para.text, b.text)
            open_para.page_end = b.page
            last_width, last_line, blank_before = width, b.text, False
            after_label = False
            continue
        bare_label = open_para is not None and _is_bare_article(open_para.text)
        open_para = Block(b.text, b.page, "para")
        marker = find_marker(b.text)
        open_is_heading = (marker is not None and marker.kind in ("dotted", "law_heading", "cn1")
                           and looks_like_title(marker.rest, 50))
        out.append(open_para)
        last_width, last_line, blank_before = width, b.text, False
        after_label = bare_label
    return out


def _width(b: Block) -> float:
    return display_width(b.text) + (2.0 if b.indent else 0.0)


def _is_bare_article(text: str) -> bool:
    """第二条 alone on its line (its text follows on the next)."""
    marker = find_marker(text)
    return marker is not None and marker.kind == "article" and not marker.rest


def clean_blocks(blocks: list[Block], pages: int | None, join_lines: bool) -> list[Block]:
    """Normalise every block, drop running lines, and re-join broken lines.

    Returns blocks of kind para/heading/row; a joined paragraph's `page_end` is the
    page it ends on.
    """
    normalised = []
    for b in blocks:
        text = normalize_line(b.text)
        if not text and b.kind != "blank":
            if b.kind == "line":
                normalised.append(Block("", b.page, "blank"))
            continue
        indent = b.kind == "line" and b.text[:2] in ("\u3000\u3000", "  ", "\u3000 ", " \u3000")
        normalised.append(Block(text, b.page, b.kind, b.level, indent=indent))
    normalised = drop_running_lines(normalised, pages)
    if join_lines:
        return join_broken_lines(normalised)
    return [Block(b.text, b.page, "para" if b.kind == "line" else b.kind, b.level)
            for b in normalised if b.kind != "blank"]
