"""Tables of contents (目录): find one in the front of a document, read its entries, and align
the body's headings with them.

A 目录 lists headings at any depth (第X章 / 第X节 / 第X条 / 一、 / 1.1 or bare titles), with or
without dot leaders (……, ...., ···, tabs) and page numbers, with or without a `目录` line
above it. It is kept as the document's outline and never read as units. When the body's
headings carry no numbers (a converter dropped them: `总则`, `规划背景`), they are matched in
order to the entries, whitespace- and punctuation-insensitively, and take the entries' labels
and levels.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .markers import Marker, find_marker
from .readers.base import Block

_HEADER_RE = re.compile(r"^(?:目\s*录|目\s*次|contents|table\s+of\s+contents)\s*[:：]?$", re.I)
# a dot leader and/or a page number at the end of an entry: 总则 ……… 1, 总则\t3, 总则 - 2 -
_LEADER = r"(?:[.．。…·・⋯•_]\s*){2,}|\t"
_TAIL_RE = re.compile(rf"(?:\s*(?:{_LEADER})\s*|\s+)[-—–]?\s*(\d{{1,4}}|[ivxlcIVXLC]{{1,6}})\s*[-—–]?\s*$")
_LEADER_ONLY_RE = re.compile(rf"\s*(?:{_LEADER})\s*$")
_MARKS_RE = re.compile(r"^[#>\s]+|^[*_]+|[*_]+$")
_NOISE_RE = re.compile(r"[\s*_#`~\-—–.．。…·・⋯•,，、;；:：!！?？\"'“”‘’()（）\[\]【】《》〈〉<>|]+")
_SENTENCE_INSIDE = "。！？；;!?"
_ENTRY_LIMIT = 60          # characters of an entry's text (label + title)
_MAX_ENTRIES = 400
_BLOCK_LIMIT = 600         # a longer block is text, never 目录 lines (and is not scanned for them)
HEADLESS_MIN = 3           # entries a 目录 without a `目录` line needs
_HEADLESS_REACH = 15       # blocks after the front in which such a 目录 may start


@dataclass(frozen=True)
class TocEntry:
    """One line of a 目录: its numbering, title, printed page and outline level (1 = top)."""

    block: int
    label: str
    title: str
    level: int
    style: str                  # 章 / 节 / 条 / 编 / 分编 / cn1 / cn2 / ar1 / ar2 / dotted2 … / "" (no number)
    marker: Marker | None = None
    printed_page: int | None = None
    leader: bool = False        # a dot leader or tab stood between title and page

    @property
    def key(self) -> str:
        """What a body heading is compared with: the title, else the label."""
        return normalise(self.title) or normalise(self.label)


@dataclass
class Toc:
    """A 目录 found in blocks[first:end] (`header` is the index of its `目录` line, if any)."""

    first: int
    end: int
    entries: list[TocEntry] = field(default_factory=list)
    header: int | None = None

    def covers(self, i: int) -> bool:
        return self.first <= i < self.end

    @property
    def deepest(self) -> int:
        return max((e.level for e in self.entries), default=0)


def normalise(text: str) -> str:
    """Text for comparison: no whitespace, punctuation, emphasis or bracket marks."""
    return _NOISE_RE.sub("", text).lower()


def strip_marks(text: str) -> str:
    """`**规划背景**`, `## 总则` -> the words (the converter's marks out)."""
    prev = None
    text = text.strip()
    while prev != text:
        prev, text = text, _MARKS_RE.sub("", text).strip()
    return text


def is_header(text: str) -> bool:
    """A `目录` / `目  录` / `目次` line."""
    return bool(_HEADER_RE.match(strip_marks(text)))


def style_of(marker: Marker | None) -> str:
    """The numbering style of a marker, the unit of comparison between 目录 and body."""
    if marker is None:
        return ""
    if marker.kind == "article":
        return "条"
    if marker.kind == "law_heading":
        return marker.level_name
    if marker.kind == "dotted":
        return f"dotted{len(marker.number)}"
    return marker.kind


@dataclass(frozen=True)
class _Line:
    label: str
    title: str
    style: str
    marker: Marker | None
    page: int | None
    leader: bool


def _read_entry(text: str) -> _Line | None:
    """One 目录 line -> its label, title and page; None if the text is not an entry."""
    text = strip_marks(text.replace(" | ", " "))
    page: int | None = None
    leader = False
    m = _TAIL_RE.search(text)
    if m and m.start() > 0:
        core = text[:m.start()]
        leader = bool(re.search(_LEADER, text[m.start():m.end()]))
        marker_only = find_marker(core.strip())
        # "第 1 条" / "1.1 3": the number belongs to the label, not a page, unless a leader says so
        if leader or not (marker_only is not None and not marker_only.rest):
            page = int(m.group(1)) if m.group(1).isdigit() else None
            text = core
    elif (lm := _LEADER_ONLY_RE.search(text)) and lm.start() > 0:
        text, leader = text[:lm.start()], True
    text = text.strip()
    if not text or len(text) > _ENTRY_LIMIT or any(p in text.rstrip("。") for p in _SENTENCE_INSIDE):
        return None
    if text.endswith(("：", ":")) or _HEADER_RE.match(text):
        return None
    marker = find_marker(text)
    if marker is not None and marker.kind in ("ar1", "dotted") and not marker.rest:
        return None  # a bare number is a page number or a table cell, not an entry
    label, title = (marker.label, strip_marks(marker.rest)) if marker is not None else ("", text)
    return _Line(label, title, style_of(marker), marker, page, leader)


def _entries_of_block(block: Block) -> list[_Line]:
    """The entries of one block; a block may hold several when a converter joined the lines
    (`第一章 总则……1 第一条 规划背景……1`)."""
    if block.kind not in ("para", "line", "heading", "row") or len(block.text) > _BLOCK_LIMIT:
        return []
    text = block.text
    pieces = re.findall(rf".+?(?:{_LEADER})\s*\d{{1,4}}(?!\d)", text)
    if len(pieces) >= 2 and sum(map(len, pieces)) >= len(text.rstrip()) - 1:
        lines = [_read_entry(p) for p in pieces]
        return [x for x in lines if x is not None] if all(lines) else []
    one = _read_entry(text)
    return [one] if one is not None else []


def _levels(lines: list[tuple[int, _Line]]) -> list[TocEntry]:
    """Outline levels by first appearance of each numbering style (a 目录 lists in document
    order: 章 before its 条); entries without a number sit at the top level."""
    order: list[str] = []
    for _, line in lines:
        if line.style and line.style not in order:
            order.append(line.style)
    rank = {s: n + 1 for n, s in enumerate(order)}
    return [TocEntry(block=i, label=line.label, title=line.title, level=rank.get(line.style, 1),
                     style=line.style, marker=line.marker, printed_page=line.page, leader=line.leader)
            for i, line in lines]


def _run(blocks: list[Block], start: int, stop: int, headed: bool) -> tuple[list[tuple[int, _Line]], int]:
    """Consecutive entries from `start`; returns them and the index after the last one.

    The run ends at a line that is not an entry, or where the body begins: the first entry
    (or a heading) printed again.
    """
    found: list[tuple[int, _Line]] = []
    j = start
    while j < stop and len(found) < _MAX_ENTRIES:
        b = blocks[j]
        if b.kind == "blank" or not b.text.strip():
            j += 1
            continue
        lines = _entries_of_block(b)
        if not lines:
            break
        if found:
            # the body starts where the first entry, or the first numbered one (a 目录 may open
            # with 前言 the body does not print as a heading), comes again
            first = found[0][1]
            numbered = next((x for _, x in found if x.label), first)
            if any(_same_entry(first, x) or _same_entry(numbered, x) for x in lines):
                break
            if b.kind == "heading" and all(blocks[k].kind != "heading" for k, _ in found):
                break  # the body's first heading after a 目录 of plain lines
        if not headed and not found and lines[0].marker is None and not lines[0].leader:
            break
        if not headed and (b.text.count(" | ") >= 3 or (
                b.text.count(" | ") >= 2 and all(x.marker is None and not x.leader for x in lines))):
            # a table row (小户 | 3人及以下 | 90; 1 | 圩区高标准农田改造 | 北圩 | 2024年度 | 240): its
            # last cell is a figure, not a page; a 目录 set as a table has a label, a title and a page
            break
        found.extend((j, x) for x in lines)
        j += 1
    return found, j


def _same_entry(a: _Line, b: _Line) -> bool:
    """The same heading: equal titles, and equal labels when both lines are numbered
    (a body that lost its numbers prints `总则` for the 目录's `第一章 总则`)."""
    if a.marker is not None and b.marker is not None:   # 第1章 in the 目录 is the body's 第一章
        if (a.marker.kind, a.marker.number, a.marker.level_name) != (b.marker.kind, b.marker.number, b.marker.level_name):
            return False
    elif a.label and b.label and a.label != b.label:
        return False
    ta, tb = normalise(a.title), normalise(b.title)
    return ta == tb if (ta or tb) else a.label == b.label


def _reappears(blocks: list[Block], lines: list[tuple[int, _Line]], after: int, stop: int) -> float:
    """The share of entries found again, in order, as lines of the body."""
    if not lines:
        return 0.0
    keys = [(normalise(x.label), normalise(x.title)) for _, x in lines]
    hit, k = 0, 0
    for j in range(after, stop):
        if k >= len(keys):
            break
        if len(blocks[j].text) > 200:
            continue
        text = strip_marks(blocks[j].text)
        m = find_marker(text)
        label, title = (m.label, m.rest) if m is not None else ("", text)
        nl, nt = normalise(label), normalise(title)
        for step in range(k, min(k + 4, len(keys))):
            kl, kt = keys[step]
            if (kt and nt and (nt == kt or (len(kt) >= 2 and nt.startswith(kt) and len(nt) < len(kt) + 30))) \
                    or (not kt and kl and nl == kl):
                hit += 1
                k = step + 1
                break
    return hit / len(keys)


def find_toc(blocks: list[Block], start: int, stop: int | None = None) -> Toc | None:
    """The 目录 in blocks[start:stop], if there is one.

    With a `目录` line, the entries follow it. Without one, a run of at least three numbered
    entries directly after the front is a 目录 when most of them carry page numbers or dot
    leaders, or come back in order as the body's headings.
    """
    n = len(blocks)
    stop = n if stop is None else min(stop, n)
    for p in range(start, stop):
        if is_header(blocks[p].text):
            lines, end = _run(blocks, p + 1, n, headed=True)
            if lines:
                return Toc(first=p, end=end, entries=_levels(lines), header=p)
    for p in range(start, min(start + _HEADLESS_REACH, stop)):
        b = blocks[p]
        if b.kind == "para" and len(b.text) > 80 and any(c in b.text for c in "。；"):
            break  # the body has begun: a 目录 comes before the first paragraph of text
        lines, end = _run(blocks, p, n, headed=False)
        if len({i for i, _ in lines}) < HEADLESS_MIN:
            continue
        paged = sum(1 for _, x in lines if x.page is not None or x.leader) / len(lines)
        if paged >= 0.6 or _reappears(blocks, lines, end, n) >= 0.6:
            return Toc(first=p, end=end, entries=_levels(lines))
    return None


# ---- aligning the body with the 目录 ------------------------------------------------

_LOOKAHEAD = 4


def similar(a: str, b: str) -> bool:
    """Normalised heading texts that name the same heading, allowing small differences."""
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 2 and short in long_ and len(short) >= 0.6 * len(long_):
        return True
    return len(short) >= 4 and SequenceMatcher(None, a, b).ratio() >= 0.8


def heading_candidate(block: Block, limit: int = 40) -> str | None:
    """The words of a body block that could be an unnumbered heading (a heading block, or a
    short line without sentence punctuation: a bold line after a converter)."""
    if block.kind not in ("heading", "para", "line"):
        return None
    text = strip_marks(block.text)
    if not text or find_marker(text) is not None:
        return None
    if block.kind != "heading" and (len(text) > limit or any(p in text for p in "。！？；;，,：:")):
        return None
    return text


def align(toc: Toc, blocks: list[Block], body: list[int]) -> dict[int, TocEntry]:
    """Body blocks (unnumbered headings) matched in order to 目录 entries."""
    out: dict[int, TocEntry] = {}
    entries = toc.entries
    keys = [e.key for e in entries]
    k = 0
    for i in body:
        if k >= len(entries):
            break
        words = heading_candidate(blocks[i])
        if words is None:
            continue
        key = normalise(words)
        for step in range(k, min(k + _LOOKAHEAD, len(entries))):
            if similar(key, keys[step]):
                break
        else:
            step = keys.index(key, k) if key in keys[k:] else -1
        if step >= 0:
            out[i] = entries[step]
            k = step + 1
    return out
