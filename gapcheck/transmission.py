"""规划传导: the 「战略目标-空间指标-项目清单」 chain a village plan should carry down.

A plan states goals (发展目标 / 规划目标), quantifies them in its indicator table and acts on
them through its near-term project list (近期建设项目表: name, place, scale, years, investment,
funding source). This module reads the three and reports where the chain breaks:

- a goal no indicator and no figure of its own quantifies (goal_without_indicator);
- a goal no project works towards (goal_without_project);
- a project without scale, years or funding source (project_incomplete);
- an indicator nothing in the plan acts on: no measure, rule or project names it
  (indicator_without_action);
- with the upper plan's allocation (`read_allocation`: a township or county plan, or a small
  CSV/YAML), a binding indicator the village plan does not carry down (below_allocation /
  above_allocation), or does not state at all.

Goals, indicators and projects are matched by topic (耕地, 生态, 产业, 人居环境 …: a fixed lexicon
of planning vocabulary) with the words they share as a fallback. A goal that names a specific kind
of its topic (乡村旅游, not 产业 at large) is served only by a project of that kind.

The reading lives in modules of its own, whose public names are importable from here as well:
`plan_text` (the plan's lines), `goals` (`read_goals`), `projects` (`read_projects`),
`allocation` (`read_allocation`, `village_of`) and `topics` (the vocabulary, `serves`,
`quantifies`). This module checks the chain and reports the findings.

    >>> result = check_transmission(doc, indicators, allocation=read_allocation("乡镇规划.docx", village_of(doc)))
    >>> [f.to_dict() for f in result.findings]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest import Document

from .allocation import Allocation, AllocationUnreadable, default_relation, read_allocation, village_of
from .evidence import LAND_HEADER, LAND_TABLE, is_status_quo
from .goals import Goal, read_goals
from .indicators import Indicator
from .plan_text import Line, cells, has_figure, is_row, plan_lines
from .projects import Project, read_projects, unread_project_list
from .topics import TOPICS, families_of, quantifies, same_topic, serves, topics_of

KINDS_ZH = {"goal_without_indicator": "目标无指标支撑", "goal_without_project": "目标无项目落实",
            "project_incomplete": "项目要素不全", "indicator_without_action": "指标无措施落实",
            "below_allocation": "低于上位规划下达", "above_allocation": "超出上位规划下达"}

_FIGURE = re.compile(r"(?:\d[\d,]*(?:\.\d+)?|[一二两三四五六七八九十百]+)\s*(%|％|公顷|亩|平方米|㎡|公里|千米|米|万元|亿元|元|"
                     r"人|户|处|座|个|项|条|家|床|吨|栋|所|间|套|张|万人次|人次|倍)")


# ---- findings -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TransmissionFinding:
    """One break in the 目标-指标-项目 chain, with the plan's text and the upper plan's where relevant."""

    kind: str
    subject: str
    detail: str
    evidence: str = ""
    page: int | None = None
    upper: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "subject": self.subject, "detail": self.detail, "evidence": self.evidence,
                "page": self.page, "upper": self.upper}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TransmissionFinding:
        return cls(str(d["kind"]), str(d.get("subject", "")), str(d.get("detail", "")), str(d.get("evidence", "")),
                   d.get("page"), d.get("upper"))


@dataclass
class Transmission:
    """What was read (goals, projects, the allocation) and the findings."""

    goals: list[Goal] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    findings: list[TransmissionFinding] = field(default_factory=list)
    allocation: Allocation | None = None
    notes: list[str] = field(default_factory=list)  # what could not be checked, for the report's warnings

    def to_dict(self) -> dict[str, Any]:
        return {"goals": [g.to_dict() for g in self.goals], "projects": [p.to_dict() for p in self.projects],
                "findings": [f.to_dict() for f in self.findings], "notes": list(self.notes)}


_CORE_SUFFIX = re.compile(r"(保有量|保护面积|保护任务|面积标准|面积|规模|总量|标准)$")
_ACTION = re.compile(r"落实|严格|严禁|禁止|不得|控制|保护|管控|整治|复垦|修复|补充|划定|实施|减少|腾退|盘活|占补平衡|进出平衡|"
                     r"审批|执行|不超过|不低于|不少于|不减少|确保|守住|坚守|恢复|退出|新建|建设|改造|治理|用途管制|只允许|仅允许|仅限|只能|"
                     r"封山育林|封育|造林|抚育")


# a sentence listing the plan's indicators (规划确定耕地保有量、…等约束性指标，详见附表1): no measure
_LISTS_INDICATORS = re.compile(r"等[^。；;，,]{0,8}指标|指标[^。；;]{0,6}(?:见|详见)附表")
# another indicator's name written with its figure (生活污水治理率达到80%): a target, not a measure
_OTHER_TARGET = re.compile(r"[\u4e00-\u9fff]{2,12}(?:率|覆盖率|普及率)(?=\s*(?:达到|达|提高到|提升至|为)?\s*[0-9])")
# a row of a use-control table: a zone and its rule in words
_CONTROL_ROW = re.compile(r"禁止|严禁|不得|准入")


# built land given back (空心院落实施复垦, 拆除废弃旧屋, 闲置宅基地腾退): acts on 建设用地 indicators
_BUILT = r"院落|宅基地|旧宅|老宅|空心|闲置|废弃|农房|旧屋|旧房|厂房|砖瓦厂|建设用地"
_GIVE_BACK = r"复垦|拆旧|腾退|减量|拆除|退出"
_BUILT_LAND_RETURNED = re.compile(rf"(?:{_BUILT})[^。；;]{{0,14}}?(?:{_GIVE_BACK})|(?:{_GIVE_BACK})[^。；;]{{0,14}}?(?:{_BUILT})"
                                  # or built land laid out in figures (规划集体经营性建设用地0.92公顷, 新增宅基地24宗)
                                  r"|(?:规划|新增|安排|预留)[^。；;，,]{0,8}?(?:经营性建设用地|宅基地|建设用地)[^。；;，,]{0,6}?[0-9]")


def _core(name: str) -> str:
    core = _CORE_SUFFIX.sub("", name.removeprefix("人均").removeprefix("户均"))
    return core or name


def _land_use_rows(lines: list[Line]) -> set[int]:
    """The rows of land-use adjustment tables (土地利用结构调整表: land classes, base and target
    areas): the plan's own allocation of its land, so what they change the plan acts on."""
    out: set[int] = set()
    i = 0
    while i < len(lines):
        if not is_row(lines[i].text):
            i += 1
            continue
        j = i
        while j < len(lines) and is_row(lines[j].text):
            j += 1
        caption = " ".join(x.text for x in lines[max(0, i - 2):i]) + " " + lines[i].path
        if LAND_HEADER.search(lines[i].text) or LAND_TABLE.search(caption):
            out.update(range(i, j))
        i = j
    return out


def _changes(row: str) -> bool:
    """A land-use row that changes its area (13.80 → 13.40); 湿地 | 6.82 | 6.82 | 0.00 keeps it as it is."""
    figures = {float(x) for x in re.findall(r"\d+(?:\.\d+)?", row.replace(",", ""))}
    return len(figures - {0.0}) >= 2


@dataclass(frozen=True)
class _BindingRow:
    """A 约束性 row of the plan's indicator table that is no catalogue indicator (湿地保护面积,
    林地保有量): binding all the same, so something in the plan must act on it."""

    name: str
    source: str
    page: int | None
    sources: tuple[str, ...] = ()

    @property
    def core(self) -> str:
        """What the row measures, without its measure (地质灾害隐患点治理率 -> 地质灾害隐患点, 搬迁安置户数 -> 搬迁)."""
        core = re.sub(r"(?:治理|处理|覆盖|普及|硬化|达标|利用|安置|保护|保留|整治|修复|建设)?"
                      r"(?:率|户数|人数|个数|数量|数|面积|规模|长度|总量)$", "", self.name)
        return core if len(core) >= 2 else self.name

    @property
    def cores(self) -> tuple[str, ...]:
        """The core and, for a long one, its head word, as the text names it case by case
        (地质灾害隐患点 -> 隐患点: 对松子园滑坡隐患点实施监测预警)."""
        core = self.core
        return (core, core[-3:]) if len(core) >= 5 else (core,)


_UNIT_CELL = re.compile(r"^(?:公顷|亩|万亩|平方米|平方米/人|㎡|%|％|人|户|个|处|座|公里|千米|万元|元|[a-zA-Z²/]+|[（(].*[）)])$")
_BINDING = re.compile(r"^约束性(?:指标)?$")


def _binding_rows(lines: list[Line], indicators: list[Indicator]) -> list[_BindingRow]:
    """The indicator table's 约束性 rows that name no catalogue indicator."""
    out: list[_BindingRow] = []
    known = [i.name for i in indicators]
    header: list[str] = []
    for line in lines:
        if not is_row(line.text):
            header = []
            continue
        row = cells(line.text)
        if all(re.fullmatch(r":?-{2,}:?|", c) for c in row):
            continue   # a Markdown table's rule line
        if not any(has_figure(c) for c in row):
            header = row   # 序号 | 指标类型 | 指标名称 | 单位 | 基期年（2020年） | 目标年（2035年） | 属性
            continue
        if "指标" not in line.path:
            continue
        if not any(_BINDING.match(c) for c in row) or not any(re.search(r"\d", c) for c in row):
            continue
        # the name is the row's first word cell (序号 and a category aside): not a value written in words
        # (不低于上级下达任务) nor a note
        words = [c for c in row if re.search(r"[\u4e00-\u9fff]", c) and not re.search(r"\d", c)
                 and not _BINDING.match(c) and not _UNIT_CELL.match(c) and len(c) >= 3
                 and not re.search(r"不低于|不超过|不少于|不减少|不高于|达到|以上|以下|上级|下达|任务|待定|详见", c)]
        if not words:
            continue
        at = next((n for n, h in enumerate(header) if re.search(r"指标名称|指标项|^指标$|^名称$|^项目$", h)), None)
        named = row[at] if at is not None and at < len(row) and row[at] in words else words[0]
        name = re.sub(r"[（(][^）)]*[）)]$", "", named).strip()
        if any(k in name or name in k or _core(k) in name for k in known) or any(b.name == name for b in out) \
                or any(k in c for k in known for c in row):
            continue
        out.append(_BindingRow(name, line.text, line.page))
    return out


def _acted_on(ind: Indicator | _BindingRow, lines: list[Line], projects: list[Project], land: set[int],
              others: tuple[str, ...] = ()) -> bool:
    """Something in the plan acts on the indicator: a sentence with a measure, a project, or a
    row of a land-use adjustment table (`land`: `_land_use_rows(lines)`) that changes it. The
    names of the plan's indicators (`others`) are no measure: 永久基本农田保护面积 says 保护 of
    nothing."""
    core = ind.core if isinstance(ind, _BindingRow) else _core(ind.name)
    cores = ind.cores if isinstance(ind, _BindingRow) else (core,)
    names = sorted({ind.name, core, *others}, key=len, reverse=True)
    own = [x for x in (ind.source, *getattr(ind, "sources", ())) if x]
    if any(not is_row(x) and _rule_on(x, cores, names) for x in own):
        return True   # read from a sentence that rules on it (每户宅基地面积不超过133平方米): the rule acts
    built = "建设用地" in core
    for at, line in enumerate(lines):
        if at in land and core in line.text and _changes(line.text) and not any(line.text in x for x in own):
            return True   # 村庄建设用地 13.80 → 13.40 in the 土地利用结构调整表: the adjustment is the action
        if any(line.text in x for x in own) or (is_row(line.text) and not _CONTROL_ROW.search(line.text)):
            continue   # a table row acts only as a control rule (生态保护区 | 356.20 | 生态保护红线内，禁止…)
        for sentence in re.split(r"[。；;]", line.text):
            if built and _BUILT_LAND_RETURNED.search(sentence):
                return True   # 对小王庄空心院落实施复垦, 规划新增宅基地24宗: built land given back or laid out
            if _rule_on(sentence, cores, names):
                return True
        if _set_with_measures(line.text, cores):
            return True
    return any(core in f"{p.name} {p.content}" for p in projects)


def _rule_on(text: str, cores: tuple[str, ...], names: list[str]) -> bool:
    """A sentence of `text` names the indicator (one of its `cores`) and acts on it: a measure or a
    rule besides the indicators' own names (永久基本农田保护面积 says 保护 of nothing)."""
    for sentence in re.split(r"[。；;]", text):
        if not any(c in sentence for c in cores) or _LISTS_INDICATORS.search(sentence):
            continue
        rest = sentence
        for n in names:
            rest = rest.replace(n, "")
        if _ACTION.search(_OTHER_TARGET.sub("", rest)):
            return True
    return False


def _set_with_measures(paragraph: str, cores: tuple[str, ...]) -> bool:
    """A paragraph of the plan's own that sets the indicator's figure and binds its land (规划期末耕地
    保有量386.90公顷，永久基本农田214.60公顷，集中在塬面。严禁占用耕地建房…): the plan carries the figure
    into its rules, as 不低于214.60公顷 would. A figure and a place alone (生态保护红线236.90公顷，位于
    村域西部) act on nothing."""
    if not any(c in paragraph for c in cores) or not _BINDS.search(paragraph):
        return False
    sentences = [x for x in re.split(r"[。；;]", paragraph) if x.strip() and not is_status_quo(x)]
    if not any(not _LISTS_INDICATORS.search(x) and any(re.search(re.escape(c) + r"[^，,。；;、]{0,6}?" + _FIGURE.pattern, x)
                                                    for c in cores) for x in sentences):
        return False
    # the indicator's land in the rule's words: 永久基本农田 -> 农田, and 耕地 for any farmland
    land = {*cores, *(c[-2:] for c in cores), *(["耕地"] if any("农田" in c for c in cores) else [])}
    return any(_BINDS.search(x) and any(w in x for w in land) for x in sentences)


_BINDS = re.compile(r"严禁|禁止|不得|必须|应当|不准")


# a section that says which goal it carries out (本章落实“提升村庄宜居水平”目标, 围绕“做强茶产业”目标)
_CARRIES = re.compile(r"落实|围绕|实现|对应|服务于|支撑|推进")


def _carried(goal: Goal, lines: list[Line]) -> list[Goal]:
    """The goal, and the goal as carried out by each section that names it in quotes as its own
    (本章落实“提升村庄宜居水平”目标。硬化…道路，村内道路硬化率达到100%): the section's text is what
    the plan does for it, so its indicators and projects are the goal's."""
    key = goal.label or goal.text.strip("。；; ")
    if not 2 <= len(key) <= 20:
        return [goal]
    quoted = f"“{key}”"
    out = [goal]
    for path in dict.fromkeys(x.path for x in lines if quoted in x.text and x.path != goal.section
                              and any(_CARRIES.search(s) for s in re.split(r"[。；;]", x.text) if quoted in s)):
        body = "。".join(x.text for x in lines if x.path == path and not is_row(x.text))
        out.append(Goal(f"{goal.text}。{body}", goal.page, path, label=goal.label))
    return out


def _fmt(v: float) -> str:
    return f"{v:.4f}".rstrip("0").rstrip(".")


def _allocation_findings(indicators: list[Indicator], allocation: Allocation) -> list[TransmissionFinding]:
    by_name = {i.name: i for i in indicators}
    out = []
    for name, (relation, value, unit) in allocation.items():
        upper = allocation.sources.get(name) or f"{name}{relation}{_fmt(value)}{unit}"
        if allocation.file:
            upper = f"《{allocation.file}》：{upper}"
        floor = relation == "不低于"
        kind = "below_allocation" if floor else "above_allocation"
        ind = by_name.get(name)
        target = ind.target if ind is not None else None
        if ind is None or target is None:
            said = "规划未载明该指标" if ind is None else "规划只给出基期值，未给出规划目标值"
            out.append(TransmissionFinding(kind, name, f"上位规划下达{name}{relation}{_fmt(value)}{unit}，{said}，"
                                                       "无法确认已传导落实", ind.source if ind else "",
                                           ind.page if ind else None, upper))
            continue
        if ind.unit and unit and ind.unit != unit:
            continue  # not comparable (the indicator module normalises areas; a stray unit is not a breach)
        if (floor and target < value - 1e-6) or (not floor and target > value + 1e-6):
            gap = abs(target - value)
            word = "低于" if floor else "超出"
            out.append(TransmissionFinding(kind, name, f"规划目标{name} {_fmt(target)}{unit}{word}上位规划下达的"
                                                       f"{_fmt(value)}{unit}（{relation}），相差 {_fmt(gap)}{unit}",
                                           ind.source, ind.page, upper))
    return out


def _has_indicator_table(indicators: list[Indicator]) -> bool:
    """Some indicator was read from a table row: cells joined by | or tabs, or run together
    (3 耕地保有量亩 2,526.0 2,527.8 约束性: several figures and no sentence punctuation)."""
    for ind in indicators:
        for source in (ind.source, *getattr(ind, "sources", ())):
            if not source or (ind.base is None and ind.target is None):
                continue
            figures = re.findall(r"\d[\d,]*(?:\.\d+)?", source)
            if is_row(source) or "\t" in source or (len(figures) >= 2 and not re.search(r"[，。；]", source)):
                return True
    return False


def _without_serial(row: list[str]) -> list[str]:
    """A row's cells without its leading 序号 (3 | 森林康养 | 依托…: no figure of its own)."""
    return row[1:] if row and re.fullmatch(r"[0-9]{1,2}[.、]?", row[0]) else row


def check_transmission(doc: Document, indicators: list[Indicator],
                       allocation: Allocation | dict[str, tuple[str, float, str]] | str | Path | None = None) -> Transmission:
    """Read the plan's goals, indicators and projects and report where the chain breaks.

    Args:
        doc: the parsed plan (`ingest.load`).
        indicators: what `gapcheck.indicators.check_indicators` read from it.
        allocation: the upper plan's allocation to this village: `read_allocation(...)`, a plain
            {name: (relation, value, unit)} dict, or the upper plan's path (read for
            `village_of(doc)`). None: no allocation check.
    """
    if isinstance(allocation, (str, Path)):
        allocation = read_allocation(allocation, village_of(doc))
    elif allocation is not None and not isinstance(allocation, Allocation):
        allocation = Allocation(dict(allocation))
    lines = plan_lines(doc)
    goals = read_goals(lines)
    projects = read_projects(lines)
    result = Transmission(goals, projects, allocation=allocation)
    unread = "" if projects else unread_project_list(lines)
    if not goals and not projects and not unread and not _has_indicator_table(indicators):
        result.notes.append("文件中没有发展目标、规划指标表和近期建设项目，未核查规划传导")
        return result  # not a plan's text (a survey, a notice): there is no chain to check
    if unread:
        result.notes.append(f"规划载明了近期建设项目（{unread[:60]}），但项目表未能读出，目标—项目传导和项目要素未核实")
    indicator_texts = [f"{i.name} {i.source}" for i in indicators]
    # a table row with a figure (its unit may stand in a column of its own: 污水治理率 | % | 20 | 85)
    indicator_texts += [x.text for x in lines if is_row(x.text)
                        and re.search(r"\d", " ".join(_without_serial(cells(x.text))))
                        and not any(x.text == p.source for p in projects)]   # not a goal table's 3 | 森林康养 | …
    for g in goals:
        if g.headline:
            continue  # carried by the numbered sub-goals that follow it
        carried = _carried(g, lines)
        # a goal in an indicator table's 发展目标 column is measured by its own rows, if they give any
        quantified = bool(g.measures) if g.measures is not None else \
            _FIGURE.search(g.text) is not None or any(quantifies(x, t) for x in carried for t in indicator_texts)
        if not quantified:
            result.findings.append(TransmissionFinding(
                "goal_without_indicator", g.subject, "该目标没有量化指标：规划指标表和目标表述中都没有与之对应的指标",
                g.text, g.page))
        if not unread and not any(serves(x, p) for x in carried for p in projects):
            detail = ("规划没有列出近期建设项目，该目标没有项目落实" if not projects
                      else "近期建设项目中没有落实该目标的项目")
            result.findings.append(TransmissionFinding("goal_without_project", g.subject, detail, g.text, g.page))
    for p in projects:
        missing = p.missing()
        if missing:
            result.findings.append(TransmissionFinding(
                "project_incomplete", p.name, f"项目缺少{'、'.join(missing)}", p.source, p.page))
    land = _land_use_rows(lines)
    names = tuple(i.name for i in indicators)
    for ind in indicators:
        if ind.base is None and ind.target is None:
            continue
        if not ind.base and not ind.target:
            continue   # 生态保护红线面积 | 0 | 0: the village has none, there is nothing to act on
        if not _acted_on(ind, lines, projects, land, names):
            result.findings.append(TransmissionFinding(
                "indicator_without_action", ind.name,
                f"规划给出{ind.name}，但正文没有落实该指标的措施、管控规则或项目", ind.source, ind.page))
    for row in _binding_rows(lines, indicators):
        if not _acted_on(row, lines, projects, land, names):
            result.findings.append(TransmissionFinding(
                "indicator_without_action", row.name,
                f"规划指标表将{row.name}列为约束性指标，但正文没有落实该指标的措施、管控规则或项目", row.source, row.page))
    if allocation:
        result.findings.extend(_allocation_findings(indicators, allocation))
    return result


__all__ = ["Allocation", "AllocationUnreadable", "Goal", "Project", "Transmission", "TransmissionFinding",
           "KINDS_ZH", "check_transmission", "read_allocation", "read_goals", "read_projects", "village_of",
           "plan_lines", "Line", "cells", "is_row", "TOPICS", "topics_of", "families_of", "same_topic", "serves",
           "quantifies", "default_relation"]
