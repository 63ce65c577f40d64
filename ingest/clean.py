"""Clean-up of extracted text: normalisation, running headers/footers, broken lines.

Pure functions, no I/O. Input and output are `Block` lists in reading order.
"""
from __future__ import annotations

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
PAGE_NUMBER_RE = re.compile(
    r"^(?:[-—–－_ ]*\d{1,4}[-—–－_ ]*|第\s*\d{1,4}\s*页(?:\s*[，,/ ]?\s*共\s*\d{1,4}\s*页)?|"
    r"\d{1,4}\s*/\s*\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?|·\s*\d{1,4}\s*·)$")
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


def drop_running_lines(blocks: list[Block], pages: int | None) -> list[Block]:
    """Drop page numbers and headers/footers repeated across pages.

    A line counts as running if (digits masked) it sits among the first or last two
    lines of at least 40% of the pages (3 pages at least); for text without pages, if a
    short non-numbered line recurs 3 times or more. Page-number lines are always dropped.
    """
    lines = [b for b in blocks if b.kind == "line"]
    running: set[str] = set()
    if pages and pages >= 3:
        edges: Counter[str] = Counter()
        by_page: dict[int | None, list[Block]] = {}
        for b in lines:
            by_page.setdefault(b.page, []).append(b)
        for page_lines in by_page.values():
            edge = {_page_key(b.text) for b in page_lines[:2] + page_lines[-2:]}
            edges.update(edge)
        running = {k for k, n in edges.items() if n >= max(3, 0.4 * pages) and len(k) <= 60}
    elif not pages:
        counts = Counter(_page_key(b.text) for b in lines)
        running = {k for k, n in counts.items()
                   if n >= 3 and 4 <= len(k) <= 40 and find_marker(k) is None and "|" not in k}
    out = []
    for b in blocks:
        if b.kind == "line" and (PAGE_NUMBER_RE.match(b.text) or _page_key(b.text) in running):
            continue
        out.append(b)
    return out


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return not stripped or stripped[-1] in _HARD_END


def _is_structural_start(text: str) -> bool:
    """A line that starts a new paragraph even right after a wrapped line."""
    if text.startswith(("|", "#")):
        return True
    marker = find_marker(text)
    if marker is None:
        return False
    if marker.kind == "article":
        return not is_cross_reference(marker, text[len(marker.label):])
    if marker.kind in ("law_heading", "cn1", "cn2", "ar2"):
        return True
    # 1.5 倍 / 3 年 after a wrapped line are numbers in a sentence, not headings
    return looks_like_title(marker.rest) and not marker.rest.startswith(tuple("年月日个倍%％万亿元米亩户人次条项号"))


def _join(a: str, b: str) -> str:
    if not a or not b:
        return a + b
    if ord(a[-1]) > 0x2E7F or ord(b[0]) > 0x2E7F:
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
    buckets = Counter(round(w) for w in widths)
    peak = max(buckets, key=lambda w: (sum(n for b, n in buckets.items() if abs(b - w) <= 1.5), w))
    near = sum(1 for w in widths if abs(w - peak) <= 1.5)
    wider = sum(1 for w in widths if w > peak + 2)
    if near < 3 or near < 0.3 * len(widths) or wider > 0.05 * len(widths):
        return float("inf")
    return float(peak)


def join_broken_lines(blocks: list[Block]) -> list[Block]:
    """Re-join physical lines that a PDF broke in mid-sentence; returns paragraph blocks.

    A line continues the previous one when the previous line ran to the right margin
    (at least 80% of the typical full line width) without ending a sentence, and the new
    line does not open an article, heading, list item or table row. Blank lines in
    between are ignored: text copied out of PDFs often has them between every line.
    """
    line_width = _wrapped_width([display_width(b.text) for b in blocks if b.kind == "line"])
    full = 0.85 * line_width
    lines = [b for b in blocks if b.kind == "line"]
    # typeset text marks each paragraph's first line with an indent: then a full line that
    # ends a sentence may still continue, unless the next line is indented
    indented = len(lines) >= 5 and sum(b.indent for b in lines) >= 0.1 * len(lines)
    out: list[Block] = []
    open_para: Block | None = None
    open_is_heading = False
    last_width = 0.0
    for b in blocks:
        if b.kind == "blank":
            continue
        if b.kind != "line":
            out.append(b)
            open_para = None
            continue
        width = display_width(b.text)
        continues = not b.indent if indented else not _ends_sentence(open_para.text) if open_para else False
        if (open_para is not None and last_width >= full and continues
                and not _is_structural_start(b.text)):
            # a wrapped heading only continues with a short title-like tail (…全域全要素 / 统筹机制)
            if not open_is_heading or (width <= 0.6 * line_width and looks_like_title(b.text)):
                open_para.text = _join(open_para.text, b.text)
                open_para.page_end = b.page
                last_width = width
                continue
        open_para = Block(b.text, b.page, "para")
        marker = find_marker(b.text)
        open_is_heading = (marker is not None and marker.kind in ("dotted", "law_heading", "cn1")
                           and looks_like_title(marker.rest, 50))
        out.append(open_para)
        last_width = width
    return out


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
