"""Structure parser: cleaned blocks -> heading tree and a flat list of `Clause` units.

Four modes, chosen per document from the numbering it uses:
- article: laws, regulations and plans written in 第X条; 编/分编/章/节 are headings and
  款/项 (（一）…) stay inside their article;
- items: policy documents numbered 一、/（一）/1./（1） (commas, colons, ASCII brackets
  allowed in headings); item by item, the deepest numbered level that carries body text is
  the unit, a title over deeper items is a heading (its path), an enumeration below a unit
  (1.…；2.…) stays inside it, and unnumbered sub-headings stay in their numbered unit;
- outline: papers and plans with numbered (1, 1.1, 3.4) or styled headings; every heading
  starts a unit labelled with its number (or its own title when unnumbered);
- paragraphs: no structure at all; paragraphs are grouped into units of ~400 characters.
An article's own title (第五条 发展定位 on its own line, the body below; 第一条【立法目的】…) is the
unit's `title`, and its text keeps the title line; a law's article (第一条 为了…，…) has none.
A cross-reference at a paragraph start (第二十二条规定的程序…) never starts a unit.
A standing 附件 / 附件1： / 附表一 规划指标表 / 附表1：… / 附图 line opens a unit of its own in every
mode (after a plan's last 第X条 too), its tables inside; a bare 附表 over 附表一, 附表二 … heads them.
An unnumbered styled heading (## 规划背景) under a chapter of a higher own level (# 总则, read as
第一章 总则) nests below it; an article styled like it (## 第四条) closes it.

A 目录 (table of contents, ingest/toc.py) is never read as units: it becomes the document's
outline. When the body's headings lost their numbers (`总则`, `规划背景` after a PDF converter),
they are aligned in order with the 目录 entries and read as if they carried its numbers
(规划背景 -> 第一条 规划背景), so the walks above give them the 目录's labels and levels.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from .clause import Clause, Heading, OutlineEntry, join_label
from .front import Front
from .markers import LAW_LEVELS, Marker, find_marker, is_cross_reference, looks_like_heading, looks_like_title
from .numerals import cn_to_int
from .readers.base import Block
from .toc import Toc, TocEntry, align

ITEM_KINDS = ("cn1", "cn2", "ar1", "ar2")
PARAGRAPH_UNIT_CHARS = 400


@dataclass
class Parsed:
    text: str
    headings: list[Heading]
    clauses: list[Clause]
    preamble: Clause | None
    mode: str
    spans: list[tuple[int, int]] = field(default_factory=list)  # per block (start, end)
    outline: list[OutlineEntry] = field(default_factory=list)   # the 目录, if the document has one


_CHAPTER_NO = re.compile(r"^第([零〇一二三四五六七八九十百0-9]+)章|^([一二三四五六七八九十]+)、$")   # 第三章 / 三、


class _Open(NamedTuple):
    """A heading open above the blocks that follow."""

    level: int
    display: str
    source: int | None = None  # the block's own heading level (Markdown #, a heading style)
    numbered: bool = True      # False: an unnumbered heading (## 规划背景)
    attachment: bool = False   # an 附件 / 附表 line printed among the text (a table set near its mention)


@dataclass
class _Unit:
    first: int
    last: int
    label: str
    title: str
    path: tuple[str, ...]


# ---- marker validation ---------------------------------------------------------------

def _article_markers(blocks: list[Block], body: list[int]) -> dict[int, Marker]:
    """Articles at paragraph starts, in ascending order; cross-references are skipped."""
    found: dict[int, Marker] = {}
    last: tuple[int, ...] = (0, 0)
    for i in body:
        b = blocks[i]
        if b.kind not in ("para", "heading"):
            continue
        m = find_marker(b.text)
        if m is None or m.kind != "article" or is_cross_reference(m, b.text[len(m.label):]):
            continue
        if m.number > last and (m.number[0] <= last[0] + 20 or not found):
            found[i] = m
            last = m.number
    return found


def _dotted_ok(prev: tuple[int, ...] | None, cur: tuple[int, ...]) -> bool:
    if prev is None:
        return cur[0] <= 2 and all(n <= 2 for n in cur[1:])
    if cur == prev + (1,):
        return True
    for k in range(len(prev)):
        if cur == prev[:k] + (prev[k] + 1,):
            return True
        if cur == prev[:k] + (prev[k] + 1, 1):  # 1.3 -> 2.1 when 2 has no own heading
            return True
    return False


def _outline_markers(blocks: list[Block], body: list[int]) -> dict[int, Marker]:
    """Numbered section headings (1 / 1.1 / 3.4) that follow each other in sequence."""
    found: dict[int, Marker] = {}
    prev: tuple[int, ...] | None = None
    for i in body:
        b = blocks[i]
        if b.kind not in ("para", "heading"):
            continue
        m = find_marker(b.text)
        if m is None or m.kind != "dotted" or not looks_like_title(m.rest, limit=50):
            continue
        if _dotted_ok(prev, m.number):
            found[i] = m
            prev = m.number
    return found


def _item_markers(blocks: list[Block], body: list[int]) -> dict[int, Marker]:
    """一、/（一）/1./（1） markers whose numbers continue or restart their own sequence.

    A run that restarts right under a bare item of its own kind — （三）发展目标 followed at
    once by （一）守牢耕地红线。… （四）人居环境改善。… — is nested in it (kind `cn2+`), and
    the outer numbering resumes with the next outer number: （四）规划指标. Where that number
    could continue either run, the item's shape decides: a bare title like the outer item's, or
    an item with text like the nested ones.
    """
    found: dict[int, Marker] = {}
    last: dict[str, int] = {}
    outer: dict[str, int] = {}        # kind -> the (bare) outer item's number, while a run is nested in it
    inner_bare: dict[str, bool] = {}  # kind -> whether the nested run's first item was bare too
    previous: tuple[int, Marker] | None = None  # the last accepted marker and its body position
    last_rest: dict[str, str] = {}    # kind -> the text after its last accepted item's number
    for pos, i in enumerate(body):
        b = blocks[i]
        if b.kind not in ("para", "heading"):
            continue
        m = find_marker(b.text)
        if m is None or m.kind not in ITEM_KINDS:
            continue
        k, n = m.kind, m.number[0]
        prev = last.get(k, 0)
        bare = _bare_item(m.rest)
        accepted: Marker | None = None
        if k in outer:
            resumes = n == outer[k] + 1 and (n != prev + 1 or (bare and not inner_bare[k]))
            if resumes:
                del outer[k]
                accepted = m
            elif n == prev + 1:
                accepted = replace(m, kind=k + "+")
        elif n == 1 and prev > 0 and previous is not None and previous[0] == pos - 1 \
                and previous[1].kind == k and _bare_item(previous[1].rest):
            outer[k] = prev
            inner_bare[k] = bare
            accepted = replace(m, kind=k + "+")
        elif n == prev + 1 or (n == 1 and prev > 0):  # continue, or restart under a new parent
            accepted = m
        elif n == prev + 2 and k in last_rest and _item_shape(last_rest[k]) == _item_shape(m.rest):
            accepted = m   # （三）耕地保护。… （五）用途管制。…: one number skipped, the same kind of item
        if accepted is None:
            continue
        found[i] = accepted
        last[k] = n
        last_rest[k] = accepted.rest
        previous = (pos, accepted)
        for deeper in ITEM_KINDS[ITEM_KINDS.index(k) + 1:]:  # a new parent ends nested runs below it
            outer.pop(deeper, None)
    return found


def _ends_a_run(blocks: list[Block], i: int) -> bool:
    """Block i is the last of a run of items of its kind: the block before it is one too."""
    if i == 0 or blocks[i - 1].kind != "para":
        return False
    here, before = find_marker(blocks[i].text), find_marker(blocks[i - 1].text)
    return here is not None and before is not None and before.kind == here.kind


def _item_shape(rest: str) -> str:
    """bare (发展目标), titled (耕地保护。规划期末…) or text (严格保护耕地，…)."""
    return "bare" if _bare_item(rest) else "titled" if _lead_title(rest) else "text"


def _bare_item(rest: str) -> bool:
    """An item that is a title only (发展目标, 发展目标：), not a sentence or a title with text."""
    rest = rest.strip().rstrip("：:")
    return 0 < len(rest) <= 30 and not any(c in rest for c in "。；;，,：:")


def _item_rank(kind: str) -> int:
    """Item kinds from the outermost: cn1, a run nested in cn1 (cn1+), cn2, cn2+, ar1 …"""
    return 2 * ITEM_KINDS.index(kind.rstrip("+")) + kind.endswith("+")


def _law_heading(b: Block) -> Marker | None:
    m = find_marker(b.text)
    if m is not None and m.kind == "law_heading" and (not m.rest or looks_like_title(m.rest, 50)):
        return m
    return None


def _item_roles(blocks: list[Block], body: list[int], items: dict[int, Marker]) -> dict[int, str]:
    """Each numbered item as `heading` (a title over deeper numbered items: its path),
    `unit`, or `inside` (an enumeration item (项) of the unit above it).

    The deepest level that carries body text is the unit: 一、坚持规划引领管控，落实村民户有所居
    followed by （一）… is a heading, 一、指导思想 followed by text is a unit; a title over a
    plain enumeration (（三）优化村庄布局 / 1.科学划分…；/ 2.…) is a unit holding it.
    """
    order = [i for i in body if i in items]
    parent: dict[int, int | None] = {}
    children: dict[int, list[int]] = {}
    stack: list[int] = []
    for i in order:
        while stack and _item_rank(items[stack[-1]].kind) >= _item_rank(items[i].kind):
            stack.pop()
        parent[i] = stack[-1] if stack else None
        if stack:
            children.setdefault(stack[-1], []).append(i)
        stack.append(i)
    position = {i: n for n, i in enumerate(body)}

    def followed_by_text(i: int) -> bool:
        n = position[i] + 1
        if n >= len(body):
            return False
        nxt = body[n]
        return nxt not in items and blocks[nxt].kind in ("para", "row", "line")

    def list_like(i: int) -> bool:
        rest = items[i].rest
        if followed_by_text(i) or blocks[i].kind == "heading" or i in children:
            return False
        return rest.rstrip().endswith(("；", ";", "，", ",", "、")) or (len(rest) <= 50 and rest.count("。") <= 1)

    def over_items(i: int) -> bool:
        kids = children.get(i, [])
        title = blocks[i].kind == "heading" or looks_like_heading(items[i].rest)
        return bool(kids) and title and not all(list_like(k) for k in kids)

    roles: dict[int, str] = {}
    for i in order:
        p = parent[i]
        if p is not None and roles[p] != "heading":
            roles[i] = "inside"
            continue
        roles[i] = "heading" if over_items(i) else "unit"
    return roles


def _heading_title(rest: str) -> str:
    """实施地质灾害风险隐患调查评价工程。 -> without the closing stop or colon."""
    return rest.strip().rstrip("。：:").strip() or rest.strip()


# ---- building -----------------------------------------------------------------------

class _Builder:
    def __init__(self, blocks: list[Block], spans: list[tuple[int, int]], text: str,
                 doc_id: str, title: str, kind: str, ocr_pages: dict[int, float]) -> None:
        self.blocks, self.spans, self.text = blocks, spans, text
        self.ocr_pages = ocr_pages
        self.doc_id, self.doc_title, self.kind = doc_id, title, kind
        self.headings: list[Heading] = []
        self.stack: list[_Open] = []
        self.units: list[_Unit] = []
        self.titles: dict[int, str] = {}  # block -> title the 目录 gives an aligned unit
        self.resets: set[int] = set()     # first blocks after the document's title inside the body
        self.attachments: dict[int, Attachment] = {}  # 附件1： / 附表一 规划指标表 lines
        self.fresh = False                # after a reset: text before the next unit is a 前言
        self.heading_blocks: set[int] = set()
        self.closes: set[int] = set()     # blocks before which every open heading is closed
        self.last_chapter: dict[str, int] = {}  # the text's last 第X章 (or 三、) outside any 附件 / 附表

    def enter(self, i: int) -> str:
        """Called for every body block first: `reset` after the document's own title printed
        inside the body (the headings above are closed), `close` after a 目录 that followed a
        cover page, `attachment` for a 附件 / 附表 / 附图 line (its unit is opened here, or a
        bare 附表 over 附表一, 附表二 … heads them; the walker skips the block), else ""."""
        if i in self.attachments:
            att = self.attachments[i]
            if att.group:
                self.stack.clear()
                self.heading(i, 0, att.label, "", attachment=True)
                return "attachment"
            title = att.title or self.attachment_title(i)
            under = bool(self.stack) and self.stack[0].level == 0 and self.stack[0].display == att.family
            self.stack = self.stack[:1] if under else []
            self.open_unit(i, att.label, title)
            self.heading(i, 1 if under else 0, att.label, title, attachment=True)
            return "attachment"
        if i in self.resets:
            self.stack.clear()
            self.fresh = True
            return "reset"
        if i in self.closes:
            self.stack.clear()
            return "close"
        return ""

    def attachment_title(self, i: int) -> str:
        nxt = self.blocks[i + 1] if i + 1 < len(self.blocks) else None
        if nxt is not None and nxt.kind in ("para", "heading", "line") and looks_like_title(nxt.text, 60) \
                and i + 1 not in self.attachments:
            return nxt.text
        return ""

    def heading(self, i: int, level: int, label: str, title: str, source: int | None = None,
                attachment: bool = False) -> None:
        """A heading at `level`; `source` is the block's own heading level (Markdown #, a
        heading style) where it has one. The text's next 章 after an 附表 printed among it
        (第五条 … 附表1 规划指标表 … 第三章) resumes the text: the 附表 is closed, not its parent."""
        self.fresh = False
        if not attachment:
            self.resume_text(label)
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        start, end = self.spans[i]
        self.heading_blocks.add(i)
        self.headings.append(Heading(level, label, title, start, end, self.blocks[i].page))
        self.stack.append(_Open(level, join_label(label, title), source, bool(label), attachment))

    def resume_text(self, label: str) -> None:
        """The text's next chapter (第X章 or 三、, heading or unit) after an 附表 printed among it
        closes the 附表; chapters outside any 附表 are counted. 第X章 and 三、 are counted apart:
        a plan of chapters may number items 一、 inside them."""
        chapter = _CHAPTER_NO.match(label) if label else None
        if chapter is None:
            return
        style = "章" if chapter.group(1) else "、"
        number = cn_to_int(chapter.group(1) or chapter.group(2))
        if number is None:
            return
        # the next number, or the one after it (a chapter left out of a draft, or cut from it)
        if any(o.attachment for o in self.stack) and 0 < number - self.last_chapter.get(style, -1) <= 2:
            self.stack = [o for o in self.stack if not o.attachment]
        if not any(o.attachment for o in self.stack):
            self.last_chapter[style] = number

    def close_siblings(self, source: int) -> None:
        """An article set as a heading (## 第四条) closes the unnumbered headings at its own
        level or below (## 规划原则 before it), not the numbered ones (## 第一章)."""
        while self.stack and not self.stack[-1].numbered and self.stack[-1].source is not None \
                and self.stack[-1].source >= source:
            self.stack.pop()

    def nested_level(self, source: int) -> int:
        """The level of an unnumbered heading whose own level is `source`: below the open
        heading of a higher own level (## 规划背景 under # 总则, read as 第一章 总则 at the
        章 level) rather than closing it."""
        level = max(1, source)
        for top in reversed(self.stack):
            if top.source is not None and top.source < source:
                return max(level, top.level + 1)
        return level

    def path(self) -> tuple[str, ...]:
        return tuple(o.display for o in self.stack)

    def open_unit(self, i: int, label: str, title: str, level: int | None = None) -> None:
        """Open a unit at block i; a unit at `level` closes the headings at that level or deeper."""
        self.resume_text(label)
        while level is not None and self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        self.fresh = False
        self.units.append(_Unit(i, i, label, title, self.path()))

    def extend(self, i: int) -> bool:
        if self.fresh:  # the document proper's opening paragraph, after a first page
            self.fresh = False
            self.units.append(_Unit(i, i, "前言", "", ()))
            return True
        if self.units:
            self.units[-1].last = i
            return True
        return False

    def clause(self, unit: _Unit, seq: int) -> Clause:
        start, end = self.spans[unit.first][0], self.spans[unit.last][1]
        pages = [p for b in self.blocks[unit.first:unit.last + 1] for p in (b.page, b.last_page) if p]
        scanned = sorted({p for p in pages if p in self.ocr_pages})
        confidence = round(sum(self.ocr_pages[p] for p in scanned) / len(scanned), 4) if scanned else None
        return Clause(doc_id=self.doc_id, doc_title=self.doc_title, label=unit.label,
                      text=self.text[start:end], path=unit.path, title=unit.title,
                      page=min(pages) if pages else None, page_end=max(pages) if pages else None,
                      start=start, end=end, seq=seq, kind=self.kind, ocr=bool(scanned), confidence=confidence)


ARTICLE_TITLE_CHARS = 20
_BRACKET_TITLE_RE = re.compile(rf"^[【\[]([^】\]\n]{{1,{ARTICLE_TITLE_CHARS}}})[】\]]")


def _article_title(rest: str, more: bool) -> str:
    """An article's own title: 第五条 发展定位 on a line of its own with the body after it (`more`:
    the unit goes on past the article's line) -> 发展定位; 第一条【立法目的】为了… -> 立法目的. A law's
    article (第一条 为了加强城乡规划管理，…), a short last line with nothing after it and a wrapped
    sentence longer than a title have none."""
    bracket = _BRACKET_TITLE_RE.match(rest)
    if bracket is not None:
        return bracket.group(1).strip()
    line, newline, after = rest.partition("\n")
    if (more or (newline and after.strip())) and looks_like_title(line, ARTICLE_TITLE_CHARS):
        return line.strip()
    return ""


def _lead_title(rest: str) -> str:
    """（六）加强耕地保护和用途管控。严格… -> 加强耕地保护和用途管控; 3．排水：实行雨污分流… -> 排水."""
    head, colon, _ = rest.partition("：")
    if colon and looks_like_title(head, 12):
        return head.strip()
    for stop in "。；":
        head = rest.split(stop, 1)[0]
        if head != rest and len(head) <= 30:
            return head.strip()
    return rest.strip() if looks_like_title(rest, 30) else ""


def parse_blocks(blocks: list[Block], front: Front, doc_id: str, title: str, kind: str,
                 ocr_pages: dict[int, float] | None = None) -> Parsed:
    """Build the cleaned text, headings and clauses of one document."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for b in blocks:
        spans.append((pos, pos + len(b.text)))
        pos += len(b.text) + 1
    text = "\n".join(b.text for b in blocks)
    toc = front.toc
    skip = set(front.skip)
    body = [i for i in range(front.body_start, len(blocks))
            if i not in skip and (toc is None or not toc.covers(i))]
    aligned = align(toc, blocks, body) if toc is not None else {}
    # unnumbered body headings read as the 目录 numbers them (总则 -> 第一章 总则)
    numbered = _with_toc_numbers(blocks, aligned)
    if front.lead is not None:  # a first page's own title heads that page
        numbered = list(numbered)
        numbered[front.lead] = replace(blocks[front.lead], kind="heading", level=1)
    builder = _Builder(numbered, spans, text, doc_id, title, kind, ocr_pages or {})
    builder.titles = {i: e.title for i, e in aligned.items() if e.label}
    builder.resets = {i for i in body if i - 1 in skip}
    if toc is not None and toc.first >= front.body_start:
        # a cover page's headings (# 规划文本) stand above no part of the body after the 目录
        builder.closes = {next((i for i in body if i >= toc.end), -1)}
    builder.attachments = _attachments(blocks, body)
    articles = _article_markers(numbered, body)
    if len(articles) >= 2 or [m.number for m in articles.values()] == [(1, 0)]:
        mode = "article"
        _walk_articles(builder, body, articles)
    else:
        outline = _outline_markers(numbered, body)
        items = _item_markers(numbered, body)
        styled = [i for i in body if numbered[i].kind == "heading"]
        if len(outline) >= 2 and len(outline) >= sum(1 for m in items.values() if m.kind.startswith("cn2")):
            mode = "outline"
            _walk_outline(builder, body, outline)
        elif len(items) >= 2:
            mode = "items"
            _walk_items(builder, body, items)
        elif styled or outline:
            mode = "outline"
            _walk_outline(builder, body, outline)
        else:
            mode = "paragraphs"
            _walk_paragraphs(builder, body)
    first = builder.units[0].first if builder.units else len(blocks)
    heads = builder.heading_blocks
    pre = [i for i in body if i < first and numbered[i].kind in ("para", "row") and i not in heads]
    if toc is not None and any(i > toc.first for i in pre):
        pre = [i for i in pre if i > toc.first]  # a 前言 after the 目录, not the cover before it
    preamble = None
    if pre:
        start, end = spans[pre[0]][0], spans[pre[-1]][1]
        preamble = Clause(doc_id=doc_id, doc_title=title, label="前言", text=text[start:end],
                          page=blocks[pre[0]].page, page_end=blocks[pre[-1]].last_page,
                          start=start, end=end, seq=0, kind=kind)
    clauses = [builder.clause(u, n) for n, u in enumerate(builder.units, start=1)]
    return Parsed(text, builder.headings, clauses, preamble, mode, spans, _outline(toc, blocks, spans))


@dataclass(frozen=True)
class Attachment:
    """A line that opens what follows the text proper: 附件1： / 附表一 规划指标表 / 附图."""

    label: str          # as printed: 附件1, 附表一, 附图
    title: str          # the title on the same line ("" when it stands on the next line)
    family: str         # 附件 / 附表 / 附图
    group: bool = False  # a bare 附表 over 附表一, 附表二 …: a heading, not a unit


_ATTACHMENT_RE = re.compile(r"^附\s*(件|表|图)\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})?(?:\s*[:：]\s*|\s+)?(.*)$")


def attachment_line(text: str) -> Attachment | None:
    """附件 / 附件1： / 附表一  规划指标表 / 附表1：土地利用结构调整表 / 附图 standing alone; not
    a list of attachments (附件：1.…) nor a sentence (附表所列项目…应当…)."""
    m = _ATTACHMENT_RE.match(text.strip())
    if m is None:
        return None
    family, number, rest = f"附{m.group(1)}", m.group(2) or "", m.group(3).strip()
    if rest and (not looks_like_title(rest, 30) or find_marker(rest) is not None or rest[0] in "、，,的和及与"):
        return None
    return Attachment(family + number, rest, family)


def _attachments(blocks: list[Block], body: list[int]) -> dict[int, Attachment]:
    """Attachment lines standing alone (an attachment's own first line, not the 附件：1.… list
    under the signature); a label printed again further on (附件1：… in a list of references,
    then the attachment itself) is the attachment where it is printed last."""
    found: dict[int, Attachment] = {}
    last: dict[str, int] = {}
    for i in body:
        att = attachment_line(blocks[i].text) if blocks[i].kind in ("para", "heading", "line") else None
        if att is not None:
            found[i] = att
            if att.label in last:
                del found[last[att.label]]
            last[att.label] = i
    order = sorted(found)
    for n, i in enumerate(order):
        att = found[i]
        nxt = found.get(order[n + 1]) if n + 1 < len(order) else None
        following = next((j for j in body if j > i), None)
        if att.label == att.family and not att.title and nxt is not None and following == order[n + 1] \
                and nxt.family == att.family and nxt.label != att.family:
            found[i] = replace(att, group=True)
    return found


def _with_toc_numbers(blocks: list[Block], aligned: dict[int, TocEntry]) -> list[Block]:
    """The blocks as the parser reads them: an aligned heading carries its 目录 label."""
    if not aligned:
        return blocks
    out = list(blocks)
    for i, e in aligned.items():
        if e.label:
            sep = "" if e.label.endswith(("、", "）")) or not e.title else " "
            out[i] = replace(blocks[i], text=f"{e.label}{sep}{e.title}")
    return out


def _outline(toc: Toc | None, blocks: list[Block], spans: list[tuple[int, int]]) -> list[OutlineEntry]:
    if toc is None:
        return []
    return [OutlineEntry(level=e.level, label=e.label, title=e.title, start=spans[e.block][0],
                         end=spans[e.block][1], page=blocks[e.block].page, printed_page=e.printed_page)
            for e in toc.entries]


def _walk_articles(builder: _Builder, body: list[int], articles: dict[int, Marker]) -> None:
    first = len(builder.units)
    _walk_article_blocks(builder, body, articles)
    for unit in builder.units[first:]:
        if unit.first in articles and not unit.title:  # the 目录's title of an aligned heading wins
            unit.title = _article_title(articles[unit.first].rest, unit.last > unit.first)


def _walk_article_blocks(builder: _Builder, body: list[int], articles: dict[int, Marker]) -> None:
    pending: tuple[int, str, str] | None = None   # a heading not yet followed by an article or text
    for i in body:
        if builder.enter(i) == "attachment":
            pending = None
            continue
        b = builder.blocks[i]
        if i in articles:
            if b.kind == "heading":
                builder.close_siblings(b.level)
            builder.open_unit(i, articles[i].label, builder.titles.get(i, ""))
            pending = None
            continue
        law = _law_heading(b) if b.kind in ("para", "heading") else None
        part = find_marker(b.text) if law is None and b.kind == "para" else None
        if law is not None:
            builder.heading(i, LAW_LEVELS[law.level_name], law.label, law.rest,
                            b.level if b.kind == "heading" else None)
            pending = (i, law.label, builder.titles.get(i, "") or law.rest)
        elif part is not None and part.kind == "cn1" and (i + 1) in articles \
                and looks_like_title(part.rest, 30):
            # 一、受理与诉讼主体: a judicial interpretation's part titles act as chapters
            builder.heading(i, LAW_LEVELS["章"], part.label, part.rest)
            pending = None
        elif part is not None and part.kind == "cn2" and (i + 1) in articles and _bare_item(part.rest) \
                and looks_like_title(part.rest, 30) and not part.rest.lstrip().startswith("《") \
                and not _ends_a_run(builder.blocks, i):
            # （三）发展目标 between 第五条 and 第六条: a plan's section over the articles after it,
            # not the last words of the article before it (nor the last of its list: （七）《…》)
            builder.heading(i, LAW_LEVELS["节"], part.label, part.rest)
            pending = None
        elif b.kind == "heading":
            builder.heading(i, builder.nested_level(b.level), "", b.text, b.level)
            pending = (i, "", b.text)
        elif pending is not None and builder.units:
            # a plan whose 目录 numbers only some articles (第三章 国土空间布局 / ## 规划范围 and text,
            # no 第X条): the text under a heading is that heading's unit, not the last article's
            h, label, title = pending
            builder.units.append(_Unit(h, i, label or title, title, builder.path()[:-1]))
            pending = None
        else:
            builder.extend(i)


def _walk_outline(builder: _Builder, body: list[int], outline: dict[int, Marker]) -> None:
    # numbered sections (1.1 规划目的) under 第一章 总则 chapters nest below them: their depth counts
    # from the chapter's level
    chapters = any((law := _law_heading(builder.blocks[i])) is not None and law.level_name == "章" for i in body)
    below = LAW_LEVELS["章"] - 1 if chapters else 0
    for i in body:
        if builder.enter(i) == "attachment":
            continue
        b = builder.blocks[i]
        m = outline.get(i)
        if m is not None:
            label, title, level = m.label, m.rest, below + len(m.number)
        elif b.kind == "heading":
            inner = find_marker(b.text)
            if inner is not None and inner.kind != "article" and inner.rest:
                label, title = inner.label, inner.rest
            else:
                label, title = "", b.text
            level = max(1, b.level)
        elif (law := _law_heading(b)) is not None:
            label, title, level = law.label, law.rest, LAW_LEVELS[law.level_name]
        else:
            builder.extend(i)
            continue
        builder.heading(i, level, label, title)
        unit_path = builder.path()[:-1]
        builder.units.append(_Unit(i, i, label or title, title, unit_path))


def _walk_items(builder: _Builder, body: list[int], items: dict[int, Marker]) -> None:
    present = sorted({m.kind for m in items.values()}, key=_item_rank)
    roles = _item_roles(builder.blocks, body, items)
    depth = {k: n + 1 for n, k in enumerate(present)}
    last_heading: tuple[int, str, str] | None = None  # a heading not yet followed by a unit
    opened: Block | None = None  # the heading block that opened the current unit
    for i in body:
        state = builder.enter(i)
        if state:
            last_heading, opened = None, None
            if state == "attachment":
                continue
        b = builder.blocks[i]
        m = items.get(i)
        role = roles.get(i)
        if m is not None and role == "unit":
            builder.open_unit(i, m.label, _lead_title(m.rest), depth[m.kind])
            last_heading, opened = None, b if b.kind == "heading" else None
        elif m is not None and role == "heading":
            title = _heading_title(m.rest)
            builder.heading(i, depth[m.kind], m.label, title)
            last_heading, opened = (i, m.label, title), None
        elif m is not None:  # an item (项) inside the unit above it
            builder.extend(i)
        elif b.kind == "heading" and opened is not None and b.level > opened.level \
                and find_marker(b.text) is None:
            # ### 工作原则 under ## 一、总体要求: an unnumbered sub-heading stays in its numbered unit
            builder.extend(i)
        elif b.kind == "heading":
            opened = None
            inner = find_marker(b.text)
            if inner is not None and inner.kind in depth:
                builder.heading(i, depth[inner.kind], inner.label, inner.rest)
                last_heading = (i, inner.label, inner.rest)
            else:
                builder.heading(i, max(1, b.level) - 1, "", b.text)
                last_heading = (i, "", b.text)
        elif last_heading is not None:
            # 十二、公众参与 followed by text but no numbered items: the section is its own unit
            h, label, title = last_heading
            builder.units.append(_Unit(h, i, label or title, title, builder.path()[:-1]))
            last_heading = None
        else:
            builder.extend(i)


def _walk_paragraphs(builder: _Builder, body: list[int]) -> None:
    size = 0
    for i in body:
        if builder.enter(i) == "attachment":
            size = PARAGRAPH_UNIT_CHARS
            continue
        b = builder.blocks[i]
        if builder.units and size + len(b.text) <= PARAGRAPH_UNIT_CHARS:
            builder.extend(i)
            size += len(b.text)
        else:
            builder.open_unit(i, f"第{len(builder.units) + 1}段", "")
            size = len(b.text)
