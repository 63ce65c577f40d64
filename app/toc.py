"""A document's table of contents as a tree (编 › 章 › 节 › units) for the 阅读 page, and the
spans a reader can show at once (one unit, its chapter, the whole document). No streamlit here."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest import Clause

FLAT_GROUP = 20      # a document without headings is shown in groups of this many units
PREVIEW_CHARS = 16   # a unit without a title is listed with the first words of its text
_CHAPTER = re.compile(r"^第[一二三四五六七八九十百零〇0-9]+章")


@dataclass
class TocNode:
    """One heading of the tree: its title, the units directly under it and its sub-headings."""

    title: str
    units: list[int] = field(default_factory=list)        # positions in the document's unit list
    children: list[TocNode] = field(default_factory=list)

    def positions(self) -> list[int]:
        """Every unit under this heading, in document order."""
        out = list(self.units)
        for child in self.children:
            out.extend(child.positions())
        return sorted(out)


def entry(clause: Clause) -> str:
    """How a unit is listed: 第二十二条 村庄规划的审批, or its first words when it has no title."""
    if clause.title and clause.title != clause.label:
        return f"{clause.label} {clause.title}".strip()
    body = clause.text[len(clause.label):] if clause.text.startswith(clause.label) else clause.text
    body = re.sub(r"\s+", "", body).lstrip("　：:、，,")
    if not body:
        return clause.label
    preview = body[:PREVIEW_CHARS] + ("…" if len(body) > PREVIEW_CHARS else "")
    return f"{clause.label} {preview}" if clause.label else preview


def build(clauses: list[Clause]) -> list[TocNode]:
    """The heading tree of a document's units; a document without headings is split into
    groups of FLAT_GROUP units (第一条—第二十条) so that its contents fold as well."""
    roots: list[TocNode] = []
    loose: list[int] = []
    for pos, c in enumerate(clauses):
        if not c.path:
            loose.append(pos)
            continue
        level = roots
        node = None
        for part in c.path:
            node = level[-1] if level and level[-1].title == part else None
            if node is None:
                node = TocNode(part)
                level.append(node)
            level = node.children
        assert node is not None
        node.units.append(pos)
    if loose and not roots:
        return [TocNode(_span_title(clauses, chunk), units=chunk)
                for chunk in (loose[i:i + FLAT_GROUP] for i in range(0, len(loose), FLAT_GROUP))]
    if loose:  # units outside any heading (a 前言, articles before the first 章)
        roots.insert(0, TocNode("（未分章）", units=loose))
    return roots


def _span_title(clauses: list[Clause], positions: list[int]) -> str:
    first, last = clauses[positions[0]].label, clauses[positions[-1]].label
    return first if first == last else f"{first}—{last}"


def containing(nodes: list[TocNode], pos: int) -> list[TocNode]:
    """The chain of headings from the top down to the one that holds unit `pos`."""
    for node in nodes:
        if pos in node.units:
            return [node]
        inner = containing(node.children, pos)
        if inner:
            return [node, *inner]
    return []


def chapter(nodes: list[TocNode], pos: int) -> TocNode | None:
    """The chapter (章, else the top-level heading or group) that holds unit `pos`."""
    chain = containing(nodes, pos)
    for node in reversed(chain):
        if _CHAPTER.match(node.title):
            return node
    return chain[0] if chain else None


def default_position(clauses: list[Clause]) -> int:
    """Where a document opens: its first real unit, not a 前言 or 目录."""
    for pos, c in enumerate(clauses):
        if c.label not in ("前言", "目录", ""):
            return pos
    return 0
