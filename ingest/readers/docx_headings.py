"""Which DOCX paragraphs are the title and the headings.

Word documents from bureaus rarely use Heading styles. Their structure shows in:
- outline levels (w:outlineLvl, on the paragraph or its style) and Heading/Title styles;
- the title on the first page: centred, larger than the body text, bold or in a heavy
  face (小标宋, 黑体), never the red 版头 (…文件) above it;
- short bold paragraphs (or a whole paragraph in a heavy face while the body is in
  another one) without sentence punctuation, followed by body text: section titles typed
  by hand. Their level follows their look: larger, then centred, first.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..front import is_front_line
from ..markers import find_marker
from .base import Block

HEADING_MAX_CHARS = 40          # a hand-made heading is at most this long
EXPLICIT_HEADING_MAX_CHARS = 80  # a styled "heading" longer than this with sentences is body text
TITLE_MAX_CHARS = 60
TITLE_SEARCH_PARAS = 8          # the title is among the first paragraphs of the first page
_SENTENCE_PUNCT = "。！？；;!?"
_HEAVY_FONT_RE = re.compile(r"黑体|SimHei|Heiti|标宋|粗宋|大宋|粗黑", re.I)
_MASTHEAD_RE = re.compile(r"^\S{2,30}文件$")  # 版头: 发文机关标志 (GB/T 9704), e.g. XX市人民政府文件


@dataclass
class Para:
    """A paragraph as read, with the formatting that tells headings from body text."""

    text: str                      # numbering label + text; soft line breaks as "\n"
    page: int
    explicit: int | None = None    # level from outline level / Heading style (0 = Title)
    bold: bool = False             # every visible run is bold
    font: str = ""                 # the East Asian font of most of the text
    size: float | None = None      # half-points, weighted by characters
    centred: bool = False
    right: bool = False
    red: bool = False
    first_page: bool = True        # before the first page break
    front: bool = False            # above the title (版头, 文号): never a section heading
    toc: bool = False              # in a table-of-contents style: never a heading
    kind: str = field(default="para", init=False)
    level: int = field(default=0, init=False)


@dataclass
class Row:
    """A table row: a full list of cells (merged cells repeat their value)."""

    cells: list[str]
    page: int


def _flat(text: str) -> str:
    return "".join(text.split())


def _weighted_mode(values: Counter) -> float | str | None:
    return values.most_common(1)[0][0] if values else None


def classify(items: list[Para | Row]) -> list[Block]:
    """Decide title and headings, then turn paragraphs and rows into blocks."""
    paras = [p for p in items if isinstance(p, Para) and p.text.strip()]
    sizes: Counter = Counter()
    fonts: Counter = Counter()
    for p in paras:
        n = len(_flat(p.text))
        if p.size:
            sizes[p.size] += n
        fonts[p.font] += n
    body_size = _weighted_mode(sizes)
    body_font = _weighted_mode(fonts)
    total = sum(fonts.values()) or 1
    bold_share = sum(len(_flat(p.text)) for p in paras if p.bold) / total

    def emphasised(p: Para) -> bool:
        heavy = bool(p.font) and p.font != body_font and bool(_HEAVY_FONT_RE.search(p.font))
        return (p.bold and bold_share < 0.5) or heavy

    # outline levels that some converters stamp on every line, sentences included, say nothing
    outlined = [p for p in paras if p.explicit]
    sentences = [p for p in outlined if any(c in p.text for c in _SENTENCE_PUNCT)]
    trust = len(sentences) <= max(2, 0.5 * len(outlined))
    for p in paras:
        if p.explicit is not None and (trust or p.explicit == 0) and not _too_long_for_heading(p.text):
            p.kind, p.level = "heading", p.explicit
    if not any(p.kind == "heading" and p.level == 0 for p in paras[:TITLE_SEARCH_PARAS]):
        _find_title(paras, body_size if isinstance(body_size, float | int) else None, emphasised)
    _find_bold_headings(items, emphasised)
    return _blocks(items)


def _too_long_for_heading(text: str) -> bool:
    flat = _flat(text)
    return len(flat) > EXPLICIT_HEADING_MAX_CHARS and any(c in flat for c in _SENTENCE_PUNCT)


def _find_title(paras: list[Para], body_size: float | None, emphasised) -> None:  # type: ignore[no-untyped-def]
    """The first page's title: centred and prominent, before the body text starts."""
    candidates: list[int] = []
    for i, p in enumerate(paras[:TITLE_SEARCH_PARAS]):
        flat = _flat(p.text)
        if not p.first_page or p.kind == "heading" or p.toc:
            break
        if not p.centred:
            if len(flat) > TITLE_MAX_CHARS or any(c in flat for c in "。；"):
                break  # body text has begun
            continue
        large = p.size is not None and body_size is not None and p.size >= body_size + 4
        if (len(flat) <= TITLE_MAX_CHARS and not p.red and not _MASTHEAD_RE.match(flat)
                and (large or emphasised(p)) and find_marker(flat) is None and not is_front_line(flat)
                and not any(c in flat for c in "。；")):
            candidates.append(i)
    if not candidates:
        return
    best = max(candidates, key=lambda i: (paras[i].size or 0, -i))
    title = paras[best]
    title.kind, title.level = "heading", 0
    for p in paras[:best]:
        p.front = True
    # a title the author broke over several centred lines of the same look is one title
    j = best + 1
    while j < len(paras) and j in candidates and _same_look(paras[j], title) \
            and len(_flat(title.text)) + len(_flat(paras[j].text)) <= TITLE_MAX_CHARS + 20:
        title.text = _flat(title.text) + _flat(paras[j].text)
        paras[j].kind = "merged"
        j += 1


def _same_look(a: Para, b: Para) -> bool:
    return _look(a) == _look(b)


def _heading_candidate(p: Para, emphasised) -> bool:  # type: ignore[no-untyped-def]
    flat = _flat(p.text)
    return (p.kind == "para" and not p.front and not p.toc and not p.red and emphasised(p)
            and 0 < len(flat) <= HEADING_MAX_CHARS and not p.right and not _MASTHEAD_RE.match(flat)
            and not any(c in flat for c in _SENTENCE_PUNCT) and not flat.endswith(("：", ":"))
            and not is_front_line(flat))


def _find_bold_headings(items: list[Para | Row], emphasised) -> None:  # type: ignore[no-untyped-def]
    """Short emphasised paragraphs followed by body text are headings."""
    found: list[Para] = []
    seq = [x for x in items if not (isinstance(x, Para) and not x.text.strip())]
    flags = [isinstance(x, Para) and _heading_candidate(x, emphasised) for x in seq]
    for i, x in enumerate(seq):
        if not flags[i]:
            continue
        j = i + 1
        while j < len(seq) and j - i <= 3 and (flags[j] or _is_heading(seq[j])):
            j += 1
        nxt = seq[j] if j < len(seq) else None
        if isinstance(nxt, Para) and nxt.kind == "para":
            found.append(x)  # type: ignore[arg-type]
    if not found:
        return
    # a hand-made heading that looks like a styled one (same face, size, weight and
    # alignment) is on its level; the others rank below the styled levels by their look
    styled: dict[tuple, Counter] = {}
    for x in items:
        if isinstance(x, Para) and x.kind == "heading" and x.level >= 1:
            styled.setdefault(_look(x), Counter())[x.level] += 1
    base = max((lvl for c in styled.values() for lvl in c), default=0) + 1
    if any(isinstance(x, Para) and x.kind == "heading" and x.level == 0 for x in items):
        base = max(base, 2)  # level 1 is a title's level: a section must not read as its second line
    own = [p for p in found if _look(p) not in styled]
    looks = sorted({(p.size or 0, p.centred) for p in own}, key=lambda s: (-s[0], not s[1]))
    rank = {look: n for n, look in enumerate(looks)}
    for p in found:
        same = styled.get(_look(p))
        level = same.most_common(1)[0][0] if same else base + rank[(p.size or 0, p.centred)]
        p.kind, p.level = "heading", min(level, 9)


def _is_heading(x: Para | Row) -> bool:
    return isinstance(x, Para) and x.kind == "heading"


def _look(p: Para) -> tuple:
    return (p.size, p.bold, p.centred, p.font)


def _blocks(items: list[Para | Row]) -> list[Block]:
    blocks: list[Block] = []
    for x in items:
        if isinstance(x, Row):
            if any(c.strip() for c in x.cells):
                blocks.append(Block(" | ".join(x.cells), x.page, "row"))
            continue
        if x.kind == "merged" or not x.text.strip():
            continue
        if x.kind == "heading":
            blocks.append(Block("".join(x.text.split("\n")), x.page, "heading", x.level))
            continue
        for line in x.text.split("\n"):  # a soft line break starts a new paragraph
            if line.strip():
                blocks.append(Block(line, x.page, "para"))
    return blocks
