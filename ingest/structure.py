"""Structure parser: cleaned blocks -> heading tree and a flat list of `Clause` units.

Four modes, chosen per document from the numbering it uses:
- article: laws, regulations and plans written in 第X条; 编/分编/章/节 are headings and
  款/项 (（一）…) stay inside their article;
- items: policy documents numbered 一、/（一）/1./（1）; the first level whose entries carry
  body text is the unit, the levels above are headings, the levels below stay inside;
- outline: papers and plans with numbered (1, 1.1, 3.4) or styled headings; every heading
  starts a unit labelled with its number (or its own title when unnumbered);
- paragraphs: no structure at all; paragraphs are grouped into units of ~400 characters.
A cross-reference at a paragraph start (第二十二条规定的程序…) never starts a unit.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .clause import Clause, Heading, join_label
from .front import Front
from .markers import LAW_LEVELS, Marker, find_marker, is_cross_reference, looks_like_title
from .readers.base import Block

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


@dataclass
class _Unit:
    first: int
    last: int
    label: str
    title: str
    path: tuple[str, ...]


# ---- marker validation ---------------------------------------------------------------

def _article_markers(blocks: list[Block], body: range) -> dict[int, Marker]:
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


def _outline_markers(blocks: list[Block], body: range) -> dict[int, Marker]:
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


def _item_markers(blocks: list[Block], body: range) -> dict[int, Marker]:
    """一、/（一）/1./（1） markers whose numbers continue or restart their own sequence."""
    found: dict[int, Marker] = {}
    last: dict[str, int] = {}
    for i in body:
        b = blocks[i]
        if b.kind not in ("para", "heading"):
            continue
        m = find_marker(b.text)
        if m is None or m.kind not in ITEM_KINDS:
            continue
        n = m.number[0]
        prev = last.get(m.kind, 0)
        if n == prev + 1 or (n == 1 and prev > 0):  # continue, or restart under a new parent
            found[i] = m
            last[m.kind] = n
    return found


def _law_heading(b: Block) -> Marker | None:
    m = find_marker(b.text)
    if m is not None and m.kind == "law_heading" and (not m.rest or looks_like_title(m.rest, 50)):
        return m
    return None


def _heading_like(blocks: list[Block], idx: list[int], markers: dict[int, Marker]) -> bool:
    """Do most entries of one numbering level stand as titles over deeper numbered entries?

    一、总体要求 followed by （一）… is a heading; （一）指导思想 followed by body text is a
    unit with a title line.
    """
    votes = 0
    for i in idx:
        nxt = markers.get(i + 1)
        deeper = nxt is not None and ITEM_KINDS.index(nxt.kind) > ITEM_KINDS.index(markers[i].kind)
        if blocks[i].kind == "heading" or (looks_like_title(markers[i].rest, 30) and deeper):
            votes += 1
    return votes >= 0.6 * len(idx)


# ---- building -----------------------------------------------------------------------

class _Builder:
    def __init__(self, blocks: list[Block], spans: list[tuple[int, int]], text: str,
                 doc_id: str, title: str, kind: str, ocr_pages: dict[int, float]) -> None:
        self.blocks, self.spans, self.text = blocks, spans, text
        self.ocr_pages = ocr_pages
        self.doc_id, self.doc_title, self.kind = doc_id, title, kind
        self.headings: list[Heading] = []
        self.stack: list[tuple[int, str]] = []  # (level, display)
        self.units: list[_Unit] = []

    def heading(self, i: int, level: int, label: str, title: str) -> None:
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        start, end = self.spans[i]
        self.headings.append(Heading(level, label, title, start, end, self.blocks[i].page))
        self.stack.append((level, join_label(label, title)))

    def path(self) -> tuple[str, ...]:
        return tuple(d for _, d in self.stack)

    def open_unit(self, i: int, label: str, title: str) -> None:
        self.units.append(_Unit(i, i, label, title, self.path()))

    def extend(self, i: int) -> bool:
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


def _lead_title(rest: str) -> str:
    """（六）加强耕地保护和用途管控。严格… -> 加强耕地保护和用途管控."""
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
    body = range(front.body_start, len(blocks))
    builder = _Builder(blocks, spans, text, doc_id, title, kind, ocr_pages or {})
    articles = _article_markers(blocks, body)
    if len(articles) >= 2 or [m.number for m in articles.values()] == [(1, 0)]:
        mode = "article"
        _walk_articles(builder, body, articles)
    else:
        outline = _outline_markers(blocks, body)
        items = _item_markers(blocks, body)
        styled = [i for i in body if blocks[i].kind == "heading"]
        if len(outline) >= 2 and len(outline) >= sum(1 for m in items.values() if m.kind == "cn2"):
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
    pre = [i for i in range(front.body_start, first) if blocks[i].kind in ("para", "row")]
    preamble = None
    if pre:
        start, end = spans[pre[0]][0], spans[pre[-1]][1]
        preamble = Clause(doc_id=doc_id, doc_title=title, label="前言", text=text[start:end],
                          page=blocks[pre[0]].page, page_end=blocks[pre[-1]].last_page,
                          start=start, end=end, seq=0, kind=kind)
    clauses = [builder.clause(u, n) for n, u in enumerate(builder.units, start=1)]
    return Parsed(text, builder.headings, clauses, preamble, mode, spans)


def _walk_articles(builder: _Builder, body: range, articles: dict[int, Marker]) -> None:
    for i in body:
        b = builder.blocks[i]
        if i in articles:
            builder.open_unit(i, articles[i].label, "")
            continue
        law = _law_heading(b) if b.kind in ("para", "heading") else None
        part = find_marker(b.text) if law is None and b.kind == "para" else None
        if law is not None:
            builder.heading(i, LAW_LEVELS[law.level_name], law.label, law.rest)
        elif part is not None and part.kind == "cn1" and (i + 1) in articles \
                and looks_like_title(part.rest, 30):
            # 一、受理与诉讼主体: a judicial interpretation's part titles act as chapters
            builder.heading(i, LAW_LEVELS["章"], part.label, part.rest)
        elif b.kind == "heading":
            builder.heading(i, max(1, b.level), "", b.text)
        else:
            builder.extend(i)


def _walk_outline(builder: _Builder, body: range, outline: dict[int, Marker]) -> None:
    for i in body:
        b = builder.blocks[i]
        m = outline.get(i)
        if m is not None:
            label, title, level = m.label, m.rest, len(m.number)
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


def _walk_items(builder: _Builder, body: range, items: dict[int, Marker]) -> None:
    present = [k for k in ITEM_KINDS if any(m.kind == k for m in items.values())]
    unit_kind = present[-1]
    for k in present:
        idx = [i for i, m in items.items() if m.kind == k]
        if not _heading_like(builder.blocks, idx, items):
            unit_kind = k
            break
    depth = {k: n + 1 for n, k in enumerate(present)}
    last_heading: tuple[int, str, str] | None = None  # a heading not yet followed by a unit
    for i in body:
        b = builder.blocks[i]
        m = items.get(i)
        if m is not None and m.kind == unit_kind:
            builder.open_unit(i, m.label, _lead_title(m.rest))
            last_heading = None
        elif m is not None and ITEM_KINDS.index(m.kind) < ITEM_KINDS.index(unit_kind):
            builder.heading(i, depth[m.kind], m.label, m.rest)
            last_heading = (i, m.label, m.rest)
        elif b.kind == "heading":
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


def _walk_paragraphs(builder: _Builder, body: range) -> None:
    size = 0
    for i in body:
        b = builder.blocks[i]
        if builder.units and size + len(b.text) <= PARAGRAPH_UNIT_CHARS:
            builder.extend(i)
            size += len(b.text)
        else:
            builder.open_unit(i, f"第{len(builder.units) + 1}段", "")
            size = len(b.text)
