"""Reading a plan's goals (发展目标 / 规划目标): the lines of a goal section and sentences anywhere
that state one, each numbered or named goal as one, with its label (茶旅融合) where the plan gives one."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .evidence import STATUS_QUO_HEADING
from .plan_text import NUMBER, NUMBERING, Line, cells, has_figure, is_row


@dataclass(frozen=True)
class Goal:
    text: str
    page: int | None
    section: str
    headline: bool = False  # an overall statement its section breaks down into numbered sub-goals
    label: str = ""         # the goal's own name (茶旅融合, 水产和蚕桑产业共富增收), if the plan gives one
    # the indicators an indicator table gives the goal in its own rows (发展目标 | 指标名称 | …), if the
    # goal stands in such a table: () when its rows give none (— across)
    measures: tuple[str, ...] | None = None

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


_GOAL_SECTION = re.compile(r"(发展|规划|总体|近期|远期|建设|分期|战略|阶段)目标|目标定位|定位与目标|目标与定位|目标任务|目标体系|^目标$")
_GOAL_SENTENCE = re.compile(r"(?:(?:发展目标|规划目标|总体目标|近期目标|远期目标|中期目标|战略目标)"
                            r"(?:[（(][^）)]{0,20}[）)])?\s*(?:为|是|：|:|——)"
                            r"|^[\u4e00-\u9fff]{2,6}目标(?:[（(][^）)]{0,20}[）)])?\s*[：:])")
# a section named for one goal (产业兴旺目标, 乡风文明目标), not for the goals or a stage of them
_NAMED_GOAL = re.compile(r"^(?![\u4e00-\u9fff]*(?:发展|规划|总体|近期|远期|中期|分期|阶段|战略|具体|分项|主要|年度|部分|第))"
                         r"(?!建设)([\u4e00-\u9fff]{2,8})目标$")
_STAGE_WORD = re.compile(r"\s*(?:近期|中期|远期)")
_NOT_GOALS = re.compile(r"依据|目录|(?<!目标)任务|指标表|指标$|现状|概况|基本情况")
# a goal table in a chapter of the goals and their indicators (发展目标与规划指标) is a goal table; the
# chapter's paragraphs (its present state, its indicators' figures) are not read as goals
_GOALS_AND_INDICATORS = re.compile(r"(目标)[与和及、](?:规划|主要)?指标$")


def _not_goals(section: str) -> bool:
    return _NOT_GOALS.search(_GOALS_AND_INDICATORS.sub(r"\1", section)) is not None
_SUMS_UP = re.compile(r"全面(?:完成|实现|落实)(?:各项|上述|以上|规划)?(?:目标|任务)")
_STAGE = re.compile(r"^\s*(?:近期|中期|远期)?\s*[（(][^）)]{0,16}[）)]\s*[：:]?")   # 远期（2026—2035年）：
# a pointer to the goals' figures (各项目标的量化指标详见附表1), not a goal
# a sentence announcing the stages (规划分近、远两期推进), not a goal
_STAGES_INTRO = re.compile(r"分[近中远期、两三]{1,6}期|分(?:两|三)步走$")
_POINTER = re.compile(r"(?:详见|参见|见)(?:附表|附件|下表|表[0-9一二三四五六七八九十])")
# the village's type or positioning (茶溪村定位为…特色农业村), not a goal unless it names one
_POSITIONING = re.compile(r"定位为|村庄类型|村庄分类|属于.{0,6}类")
_AIMED = re.compile(r"目标|到20\d\d|至20\d\d|建成|实现")
_ITEM_START = re.compile(rf"(?:^|(?<=[。；;：:\s]))\s*(?={NUMBER})|(?<=[，,])(?=[一二三四五六七八九]是)")
# a stage opening a goal paragraph (近期（至2025年），守住…): when, not what
_STAGE_LEAD = re.compile(r"^(?:近期|中期|远期)\s*[（(][^）)]{0,16}[）)]\s*[，,：:]\s*")
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
        body = _STAGE_LEAD.sub("", NUMBERING.sub("", piece).strip()).strip("。；;，, ")
        if _GOAL_SENTENCE.match(body):
            body = _GOAL_SENTENCE.sub("", body, count=1).strip()
        m = _GOAL_LABEL.match(body)
        if m and _POSITIONING.search(m.group(1)):   # 湖滨村定位为…临湖村。到2035年…: a positioning, no name
            body, m = body[m.end():].strip(), None
        if m and re.match(r"(?:近期|中期|远期)\s*[（(]", body[m.end():].strip()):
            m = None   # 规划分近、远两期推进。近期（2021—2025年）：…: an introduction, then the stages' goals
        label = m.group(1) if m and _cjk(body[m.end():]) >= 4 else ""
        if label and m:
            parts = [body[m.end():].strip()]
        else:
            parts = [body] if numbered else [x.strip("。；;，, ") for x in _SENTENCE_SPLIT.split(body)]
        listed = [x for p in parts for x in _listed_goals(p)]
        # goals listed one per ；-piece, each led by its verb (守住耕地红线；发展林下经济；发展山水旅游)
        verbs = len(parts) >= 3 and all(re.match(_GOAL_VERB, x.lstrip("：: ")) for x in parts)
        for part in listed:
            if _GOAL_SENTENCE.match(part):
                part = _GOAL_SENTENCE.sub("", part, count=1).strip()
            if not part or re.search(r"[：:]$|如下|以下几个方面", part):
                continue  # 分项目标如下： introduces goals, states none
            # a numbered item may be short (（2）发展设施农业), but not a stage's title (（一）近期目标)
            short_ok = label or verbs or len(listed) > len(parts) or (numbered and not _GOAL_SECTION.search(part))
            if _cjk(part) >= 8 or (short_ok and _cjk(part) >= 4):
                items.append((label, f"{label}。{part}" if label else part, numbered))
    return items


# a goal's leading verb, for goals listed in one sentence (严守耕地保护红线、做强琼中绿橙产业、发展黎苗文化旅游和改善人居环境)
_GOAL_VERB = r"(?:严守|守住|守牢|坚守|守护|保护|做强|做大|做优|做精|做活|壮大|发展|培育|打造|改善|提升|完善|建设|建成|推进|促进|实现|加强|巩固|传承|振兴|繁荣)"
# (not at commas: 做强侗族大歌文化旅游，建设演艺中心和旅游环线，打造侗寨文化体验目的地 is one goal and its steps)
_LIST_SPLIT = re.compile(rf"[、]\s*(?={_GOAL_VERB})|和(?={_GOAL_VERB})")


def _listed_goals(part: str) -> list[str]:
    """A sentence listing three or more short goals, each led by its verb, as one goal each; any
    other text unchanged."""
    part = part.lstrip("：: ")
    pieces = [x.strip("。；;，, ") for x in _LIST_SPLIT.split(part)]
    if len(pieces) >= 3 and all(re.match(_GOAL_VERB, x) and 4 <= _cjk(x) <= 16 and not re.search(r"\d", x)
                                for x in pieces):
        return pieces
    return [part]


_GOAL_OF_ROWS = re.compile(r"(?:发展|规划|分项|总体|主要)?目标(?:名称)?")
_GOAL_COLUMN = re.compile(r"^(?:分项)?目标(?:名称|类别|类型|方向)?$|^名称$|目标内容|具体目标|主要内容|内容$|^(?:近期|中期|远期)目标")


def _table_goal(header: list[str], row: list[str]) -> str:
    """A goal table's row as a goal statement: 森林康养。依托烟溪沟森林资源… (its name cell and its
    statement cell by the header, else its first and its longest word cells)."""
    words = [c for c in row if re.search(r"[\u4e00-\u9fff]", c)]
    if not words:
        return ""
    name = next((row[n] for n, h in enumerate(header) if n < len(row) and re.fullmatch(r"(?:分项)?目标(?:名称)?|名称", h)), "")
    body = next((row[n] for n, h in enumerate(header) if n < len(row) and re.search(r"内容|具体目标", h)), "")
    name = name or words[0]
    if not body:   # 目标 | 近期（至2025年） | 远期（至2035年）: what each stage states, in order
        body = "；".join(c for c in words if c != name) or name
    return body if name == body else f"{name}。{body}"


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
    late: list[bool] = []    # per goal: stated for the 远期 stage (远期目标 section, 远期（…）， paragraph)
    early: list[bool] = []   # per goal: stated for the 近期 stage

    def add(text: str, line: Line, whole: bool = False) -> None:
        # whole: a table cell naming one goal, however short (发展林下香菇)
        for label, item, numbered in ([("", text, False)] if whole else _goal_items(text)):
            if label and _NOT_GOALS.search(label):
                continue   # （四）规划指标 after the goals: the next section, not a goal
            if _POSITIONING.search(item) and not _AIMED.search(item):
                continue
            if _POINTER.search(item) or (_STAGES_INTRO.search(item) and _cjk(item) <= 12):
                continue
            if item not in seen and not any(item in g for g in seen):
                seen.add(item)
                goals.append((Goal(item, line.page, line.path, label=label), numbered))
                late.append(bool(re.match(r"\s*远期", text)) or "远期" in line.section)
                early.append(bool(re.match(r"\s*近期", text)) or "近期" in line.section)

    header: list[str] = []
    indicator_table = False   # 附表1 规划目标表 whose header is 序号 | 指标名称 | 2020年 | 2035年: indicators, not goals
    goal_column: int | None = None   # an indicator table's 发展目标 column: the goal over its rows' indicators
    measures: dict[int, list[str]] = {}   # goal (its index) -> the indicators its table rows give
    name_column = 0
    for text, line in _joined_goal_lines(lines):
        if not is_row(text):
            indicator_table, goal_column = False, None
        if is_row(text) and _GOAL_SECTION.search(line.section) and not _not_goals(line.section):
            # a goal table (序号 | 目标 | 目标内容): each row one goal, named by its 目标 cell
            row = cells(text)
            if any(re.fullmatch(r"指标(?:名称|项)?|属性|指标属性|单位|计量单位", c) for c in row):
                indicator_table = True
                goal_column = next((k for k, c in enumerate(row) if _GOAL_OF_ROWS.fullmatch(c)), None)
                name_column = next((k for k, c in enumerate(row) if re.fullmatch(r"指标(?:名称|项)?", c)), 0)
                continue
            if indicator_table and goal_column is not None and goal_column < len(row):
                # 1 | 守住耕地保护红线 | 耕地保有量 | … over 2 | | 永久基本农田保护面积 | …: the goal is written on its
                # group's first row; a row of — across gives it no indicator
                indicator = row[name_column].strip() if name_column < len(row) else ""
                indicator = "" if re.fullmatch(r"[—–\-/]*", indicator) else indicator
                if row[goal_column].strip():
                    before = len(goals)
                    add(row[goal_column].strip(), line, whole=_cjk(row[goal_column]) >= 4)
                    for k in range(before, len(goals)):
                        measures[k] = [indicator] if indicator else []
                elif measures and indicator:
                    measures[max(measures)].append(indicator)
                continue
            if indicator_table:
                continue
            # (years and bracketed notes aside: 目标 | 近期目标（2025年） | 远期目标（2035年） is a header)
            if not has_figure("".join(row[1:])) \
                    and any(_GOAL_COLUMN.search(c) for c in row):
                header = row
                continue
            goal = _table_goal(header, row)
            if goal:
                add(goal, line)
            continue
        if is_row(text) or re.search(r"\.{4,}|…{2,}", text) or _NOT_GOALS.search(line.section):
            continue
        m = _GOAL_SENTENCE.search(text)
        if m and len(text) - m.end() >= 10:
            add(text[m.end():], line)
            continue
        # a goal section's text, and its numbered items even when each has a title of its own
        # (（一）发展目标 › 1．生态茶业。到2025年…); an item describing the village as it is
        # (（一）现状概况。…) is no goal wherever it stands
        named = _NAMED_GOAL.match(line.section)
        in_goals = _GOAL_SECTION.search(line.section) or named or (
            NUMBERING.match(text) and _GOAL_SECTION.search(line.path) and not STATUS_QUO_HEADING.search(line.section))
        if in_goals and not text.endswith(line.section) and (len(text) > len(line.section) + 6 or NUMBERING.match(text)):
            if _POSITIONING.search(text) and not _AIMED.search(text):
                continue  # the village's type or positioning, not a goal
            # a goal named by its own heading (第五条 乡风文明目标): the heading names the goal
            add(f"{named.group(1)}：{text}" if named and not NUMBERING.match(text) and not _STAGE_WORD.match(text)
                else text, line)
    measured = [tuple(measures[k]) if k in measures else None for k in range(len(goals))]
    if any(early) and any(late):
        # 近期 goals and a 远期 paragraph or section after them: the 远期 part restates the same
        # goals as outcomes (耕地数量不减少、质量有提升…), it adds none
        measured = [m for m, later in zip(measured, late) if not later]
        goals = [g for g, later in zip(goals, late) if not later]
    # the village's positioning named in quotes (定位为“大别山红色茶乡”): a goal that only restates
    # it, or completes the goals before it (全面完成目标任务), is the overall aim the others carry
    names = {m for x in lines if _POSITIONING.search(x.text) for m in re.findall(r"“([^”]{2,20})”", x.text)}

    def restates(g: Goal) -> bool:
        return not re.search(r"\d", _STAGE.sub("", g.text)) and (
            _SUMS_UP.search(g.text) is not None or any(n in g.text for n in names))

    def under(section: str, head: str) -> bool:   # the same section, or one inside it
        return "".join(section.split()).startswith("".join(head.split()))

    def headline(g: Goal) -> bool:   # an overall statement over two or more numbered goals
        return sum(1 for x, n in goals if n and under(x.section, g.section)) >= 2

    return [Goal(g.text, g.page, g.section, headline=(not numbered and headline(g)) or restates(g), label=g.label,
                 measures=m) for (g, numbered), m in zip(goals, measured)]

