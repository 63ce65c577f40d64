"""Reading a plan's goals (发展目标 / 规划目标): the lines of a goal section and sentences anywhere
that state one, each numbered or named goal as one, with its label (茶旅融合) where the plan gives one."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .evidence import STATUS_QUO_HEADING
from .plan_text import NUMBER, NUMBERING, Line, is_row


@dataclass(frozen=True)
class Goal:
    text: str
    page: int | None
    section: str
    headline: bool = False  # an overall statement its section breaks down into numbered sub-goals
    label: str = ""         # the goal's own name (茶旅融合, 水产和蚕桑产业共富增收), if the plan gives one

    @property
    def subject(self) -> str:
        return self.label or self.text[:60]

    @property
    def statement(self) -> str:
        """The goal without its name: what it says it will do."""
        return self.text[len(self.label) + 1:] if self.label and self.text.startswith(self.label) else self.text

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "label": self.label, "page": self.page, "section": self.section,
                "headline": self.headline}


_GOAL_SECTION = re.compile(r"(发展|规划|总体|近期|远期|建设|分期|战略)目标|目标定位|定位与目标|目标与定位|^目标$")
_GOAL_SENTENCE = re.compile(r"(?:(?:发展目标|规划目标|总体目标|近期目标|远期目标|中期目标|战略目标)"
                            r"(?:[（(][^）)]{0,20}[）)])?\s*(?:为|是|：|:|——)"
                            r"|^[\u4e00-\u9fff]{2,6}目标(?:[（(][^）)]{0,20}[）)])?\s*[：:])")
_NOT_GOALS = re.compile(r"依据|目录|任务|指标表|指标$|现状|概况|基本情况")
# the village's type or positioning (茶溪村定位为…特色农业村), not a goal unless it names one
_POSITIONING = re.compile(r"定位为|村庄类型|村庄分类|属于.{0,6}类")
_AIMED = re.compile(r"目标|到20\d\d|至20\d\d|建成|实现")
_ITEM_START = re.compile(rf"(?:^|(?<=[。；;：:\s]))\s*(?={NUMBER})|(?<=[，,])(?=[一二三四五六七八九]是)")
_SENTENCE_SPLIT = re.compile(r"；|;|。(?=.)")
# a goal's name: the heading or lead phrase before its statement (茶旅融合。依托… / 水产和蚕桑产业共富增收：…)
_GOAL_LABEL = re.compile(r"^([\u4e00-\u9fff、“”‘’《》·（）]{2,30})(?:[。：:]|——)\s*(?=\S)")
_HEADING_LIKE = re.compile(r"^[\u4e00-\u9fff、“”‘’《》·（）]{2,30}$")


def _cjk(text: str) -> int:
    return len(re.findall(r"[\u4e00-\u9fff]", text))


def _goal_items(text: str) -> list[tuple[str, str, bool]]:
    """(label, statement, numbered) per goal a text states. A numbered item (1. （一） ① 一是) or one
    led by its name is one goal whatever its sentences: （二）茶旅融合。依托…。到2035年… ->
    (茶旅融合, 茶旅融合。依托…。到2035年…, True); other text states one goal per sentence."""
    items: list[tuple[str, str, bool]] = []
    for piece in (x.strip() for x in _ITEM_START.split(text.strip())):
        numbered = bool(NUMBERING.match(piece))
        body = NUMBERING.sub("", piece).strip().strip("。；;，, ")
        if _GOAL_SENTENCE.match(body):
            body = _GOAL_SENTENCE.sub("", body, count=1).strip()
        m = _GOAL_LABEL.match(body)
        if m and _POSITIONING.search(m.group(1)):   # 湖滨村定位为…临湖村。到2035年…: a positioning, no name
            body, m = body[m.end():].strip(), None
        label = m.group(1) if m and _cjk(body[m.end():]) >= 4 else ""
        if label and m:
            parts = [body[m.end():].strip()]
        else:
            parts = [body] if numbered else [x.strip("。；;，, ") for x in _SENTENCE_SPLIT.split(body)]
        for part in parts:
            if _GOAL_SENTENCE.match(part):
                part = _GOAL_SENTENCE.sub("", part, count=1).strip()
            if not part or re.search(r"[：:]$|如下|以下几个方面", part):
                continue  # 分项目标如下： introduces goals, states none
            if _cjk(part) >= 8 or (label and _cjk(part) >= 4):
                items.append((label, f"{label}。{part}" if label else part, numbered))
    return items


def _joined_goal_lines(lines: list[Line]) -> list[tuple[str, Line]]:
    """A numbered goal whose name stands on its own line (（三）水产和蚕桑产业共富增收) and whose statement
    follows on the next lines, as one text: 水产和蚕桑产业共富增收。到2025年…"""
    out: list[tuple[str, Line]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        number = NUMBERING.match(line.text)
        name = line.text[number.end():].strip().rstrip("。：:") if number else ""
        if number and _HEADING_LIKE.match(name) and not _GOAL_SECTION.search(name) and name != line.section:
            j = i + 1
            while j < len(lines) and lines[j].path == line.path and not NUMBERING.match(lines[j].text) \
                    and not is_row(lines[j].text):
                j += 1
            if j > i + 1:
                body = "".join(x.text if x.text.endswith(("。", "；")) else x.text + "。" for x in lines[i + 1:j])
                out.append((f"{number.group(0).strip()}{name}。{body}", line))
                i = j
                continue
        out.append((line.text, line))
        i += 1
    return out


def read_goals(lines: list[Line]) -> list[Goal]:
    """Goal statements: the lines of a 发展目标 / 规划目标 section, and sentences anywhere that
    state one (发展目标为…, 近期目标：…). Headings, table rows, the 目录 and lists of tasks are
    not goals."""
    goals: list[tuple[Goal, bool]] = []  # (goal, stated as a numbered item)
    seen: set[str] = set()

    def add(text: str, line: Line) -> None:
        for label, item, numbered in _goal_items(text):
            if label and _NOT_GOALS.search(label):
                continue   # （四）规划指标 after the goals: the next section, not a goal
            if _POSITIONING.search(item) and not _AIMED.search(item):
                continue
            if item not in seen and not any(item in g for g in seen):
                seen.add(item)
                goals.append((Goal(item, line.page, line.path, label=label), numbered))

    for text, line in _joined_goal_lines(lines):
        if is_row(text) or re.search(r"\.{4,}|…{2,}", text) or _NOT_GOALS.search(line.section):
            continue
        m = _GOAL_SENTENCE.search(text)
        if m and len(text) - m.end() >= 10:
            add(text[m.end():], line)
            continue
        # a goal section's text, and its numbered items even when each has a title of its own
        # (（一）发展目标 › 1．生态茶业。到2025年…); an item describing the village as it is
        # (（一）现状概况。…) is no goal wherever it stands
        in_goals = _GOAL_SECTION.search(line.section) or (
            NUMBERING.match(text) and _GOAL_SECTION.search(line.path) and not STATUS_QUO_HEADING.search(line.section))
        if in_goals and not text.endswith(line.section) and len(text) > len(line.section) + 6:
            if _POSITIONING.search(text) and not _AIMED.search(text):
                continue  # the village's type or positioning, not a goal
            add(text, line)
    def under(section: str, head: str) -> bool:   # the same section, or one inside it
        return "".join(section.split()).startswith("".join(head.split()))

    def headline(g: Goal) -> bool:   # an overall statement over two or more numbered goals
        return sum(1 for x, n in goals if n and under(x.section, g.section)) >= 2

    return [Goal(g.text, g.page, g.section, headline=not numbered and headline(g), label=g.label)
            for g, numbered in goals]

