"""The plan's text line by line, as the 传导 check reads it: each line with its page and where it
stands (its unit's title and heading path), table rows told from prose, and item numbers
(1. （一） ① 一是) told from figures."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest import Document
from ingest.readers.text import RULE_LINE


@dataclass(frozen=True)
class Line:
    text: str
    page: int | None
    section: str      # the unit's title (规划指标), or "" outside units
    path: str         # the unit's heading path and title, joined


def plan_lines(doc: Document) -> list[Line]:
    """Every line of the plan's units (preamble first), with page and section."""
    out = []
    for unit in doc.units():
        section = unit.title or _heading_line(unit.text, unit.label) or unit.label
        path = " ".join([*unit.path, unit.label, section])
        for text in unit.text.split("\n"):
            if text.strip() and not RULE_LINE.match(text):  # a ruled text table's ------ lines carry nothing
                out.append(Line(text.strip(), unit.page, section, path))
    return out


def _heading_line(text: str, label: str) -> str:
    """A unit's title when it is only the first line of its text: 第一条 规划范围 -> 规划范围."""
    first = text.split("\n", 1)[0].strip()
    if label and first.startswith(label) and len(first) <= len(label) + 30 and not re.search(r"[。；，]", first):
        return first[len(label):].strip()
    return ""


def cells(line: str) -> list[str]:
    """A row's cells. A row as ingest writes it has no outer pipes, so a leading `|` is an empty
    first cell (a merged 项目类型 left blank under its first row); a Markdown row keeps both."""
    text = line.strip()
    if text.startswith("|") and text.endswith("|") and len(text) > 1:
        text = text[1:-1]
    return [c.strip() for c in text.split("|")]


_NOT_A_FIGURE = re.compile(r"[（(][^）)]*[）)]|20\d\d\s*年?")


def has_figure(text: str) -> bool:
    """A figure in a header-like cell, years and bracketed notes aside: 近期目标（2025年） has none."""
    return re.search(r"\d", _NOT_A_FIGURE.sub("", text)) is not None


def is_row(line: str) -> bool:
    return " | " in line or line.count("|") >= 2


# an item's number: 1. 1、 (1) （一） 一、 ① 一是 (never the 2. of 2.5公里)
NUMBER = r"(?:[（(][0-9一二三四五六七八九十]{1,2}[)）]|[0-9]{1,2}[)）.、．](?!\d)|[一二三四五六七八九十]{1,2}[、.．]|[①-⑳]|[一二三四五六七八九]是)"
NUMBERING = re.compile(rf"^\s*{NUMBER}\s*")
