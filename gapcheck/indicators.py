"""Indicators of a plan (its tables and its sentences) and the rules that apply to them.

Where values come from:

- tables (`gapcheck.indicator_tables`): 规划指标表 and 土地利用结构调整表 as ingest gives them,
  columns placed by their headers (基期 / 现状 / 目标 / 规划期末 / 规划期内增减, years, units,
  序号, 属性); a total row of a land-use table (村庄建设用地 | 小计) names its group, a part
  (其中：宅基地) only itself;
- sentences: 耕地保有量不低于152.3公顷, 由3450亩调整为3400亩, 控制在20.95公顷以内，较基期年减少
  0.52公顷, 基期年…目标年…, 现状…规划….

A value labelled 现状 (in its sentence, column, table caption, or a document that is a
status-quo survey) is a base, never a target; a bare figure (全村耕地面积1300亩) is a base too,
except for words that are targets by definition (耕地保有量, 保护任务).

Areas are normalised to 公顷 (1 亩 = 1/15 公顷, 1 平方米 = 1/10,000 公顷); plot areas
(户均宅基地面积) and per-capita areas to 平方米.

A row names an indicator only when the indicator's name opens it (after a 序号, 其中, a time
word or a category cell run into it): 其他村庄建设用地 and a flattened 建设用地村庄建设用地农村宅基地
name none.

Rules: 耕地保有量, 永久基本农田保护面积 and 生态保护红线面积 must not shrink (target and any
intermediate year against the base); 户均宅基地面积 within the province's cap for the plan's
target, for the base year's figure and for what the plan allows new households (新建住房宅基地面
积不超过…); any indicator against an upper plan's allocation when one is given. The cap's class
(平原 / 丘陵 / 山区, 耕地 / 其他土地 …) comes from the plan's sentences about its terrain or its
homesteads; when they do not settle it, a value within the strictest class is ok, one above the
widest a conflict, and one in between unknown, naming the classes for the reviewer to confirm.

A document that is no plan (a 现状调查 / 基本情况 survey, whose figures are all bases, or a
实施方案 / 项目简介) gets no rule verdict: every indicator is unknown, 非规划文件.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .catalogue import Basis, Catalogue, HomesteadCap, IndicatorSpec
from .indicator_tables import UNIT_RE, Row, loose_tables, nfkc, tables

if TYPE_CHECKING:
    from ingest import Document

_NUM = r"(\d+(?:\.\d+)?)"
_UNIT = UNIT_RE
_TO_HECTARE = {"公顷": 1.0, "hm2": 1.0, "亩": 1 / 15, "万亩": 10000 / 15, "平方米": 1e-4, "m2": 1e-4,
               "万平方米": 1.0, "平方千米": 100.0, "平方公里": 100.0, "km2": 100.0}
EPS = 1e-6
_BASE_MARKS = ("基期年", "基期", "现状", "现有", "目前", "现为", "基准年", "规划前", "现存")
_TARGET_MARKS = ("目标年", "规划期末", "规划目标", "目标", "规划", "不低于", "不少于", "不小于", "不得低于",
                 "不超过", "不得超过", "不大于", "不高于", "控制在", "控制为", "保持在", "保持", "稳定在",
                 "确保", "落实", "划定", "达到", "规划至", "预留", "安排")
_AT_LEAST = ("不低于", "不少于", "不小于", "不得低于", "保持", "稳定在", "以上", "不减少")
_AT_MOST = ("不超过", "不得超过", "不大于", "不高于", "控制在", "以内", "以下")
_TARGET_CONCEPTS = ("保有量", "保护目标", "保护任务")   # a target by definition
_NOT_THE_AREA = ("内", "外", "以内", "以外", "储备", "整备", "范围", "调整", "补划", "占用", "中的", "核心")
_SURVEY_TITLE = re.compile(r"现状调查|现状报告|现状分析|现状评估|调查报告|调研报告")   # a survey, whatever else it names
_FACTS_TITLE = re.compile(r"基本情况|村情|村况|概况")                                # facts, unless it is a plan
_OTHER_TITLE = re.compile(r"实施方案|工作方案|行动方案|建设方案|培育方案|简介|情况介绍|项目资料|项目建议书|可行性研究")
_VILLAGE_PLAN_TITLE = re.compile(r"村庄规划|村(?:庄)?国土空间规划|村(?:庄)?建设规划")
_PLAN_PERIOD = re.compile(r"规划期限|规划期为|目标年|规划期末|规划基期|基期年")
NOT_A_PLAN = "非规划文件"


def not_a_plan(title: str, text: str, guessed: bool = False) -> str:
    """Why a document states no plan's targets ("" if it may): a status-quo survey (现状调查报告,
    调研报告, whatever plan it serves), or facts about a village (基本情况, 村情, 概况) unless its
    title names a 规划 and its text a planning period (规划期限, 目标年). A title `guessed` from
    the first line (a plan's text may open with 一、村庄概况) only counts with no planning period.
    See `other_document` for programmes and project notes."""
    survey = _SURVEY_TITLE.search(title)
    if survey and not (guessed and _PLAN_PERIOD.search(text)):
        return f"标题“{title}”表明是{survey.group(0)}材料"
    facts = _FACTS_TITLE.search(title)
    if facts and not (("规划" in title or guessed) and _PLAN_PERIOD.search(text)):
        return f"标题“{title}”表明是{facts.group(0)}材料，未载明规划期限或目标年"
    return ""


def other_document(title: str, text: str, guessed: bool = False) -> str:
    """Why a document that states figures of its own is still no village plan ("" if it may
    be one): a programme or project note (实施方案, 培育方案, 项目简介) whose title names no
    village plan. Its figures are read as stated, but no plan rule judges them."""
    other = _OTHER_TITLE.search(title)
    if other and not _VILLAGE_PLAN_TITLE.search(title) and not (guessed and _PLAN_PERIOD.search(text)):
        return f"标题“{title}”表明是{other.group(0)}，不是村庄规划"
    return ""
_HOMESTEAD_NEW = ("新建", "新批", "新申请", "新增", "新审批", "新分户", "分户", "申请", "审批", "每户", "一户")
_FILLER = re.compile(r"[为是的达年到至在约将共计由从，,\s]")
_FROM_TO = re.compile(
    r"(?:由|从)[^0-9，,。]{0,14}?" + _NUM + r"\s*(?:多)?\s*" + _UNIT + r"?[^0-9]{0,16}?"
    r"(?:调整|减少|增加|降低|下降|提高|提升|增长|扩大|缩减|缩小|变化|变|减|增|降)?(?:为|到|至)"
    r"[^0-9]{0,12}?" + _NUM + r"\s*(?:多)?\s*" + _UNIT)
_CHANGE = re.compile(r"(?:较|比|相比|相较)[^0-9]{0,10}?(减少|下降|降低|净减|缩减|增加|增长|提高|净增|扩大)[^0-9]{0,4}$")


@dataclass
class Indicator:
    """One indicator read from a plan, and the verdict of its rules."""

    name: str
    base: float | None
    target: float | None
    unit: str
    status: str = "ok"          # ok | conflict | unknown
    rule: str = ""
    basis: tuple[Basis, ...] = ()
    source: str = ""            # the table row or sentence it was read from
    page: int | None = None
    near: float | None = None   # an intermediate year's value (近期 / 2025年), if the plan gives one
    attribute: str = ""         # 约束性 / 预期性 as the plan's table states it
    allowed_new: float | None = None   # 户均宅基地面积: what the plan allows a new household
    sources: tuple[str, ...] = ()      # every row or sentence the values were read from

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "base": self.base, "target": self.target, "unit": self.unit,
                "status": self.status, "rule": self.rule, "basis": [b.to_dict() for b in self.basis]}


@dataclass
class _Reading:
    base: float | None = None
    target: float | None = None
    unit: str = ""
    source: str = ""
    near: float | None = None
    relation: str = ""          # what the target bounds: ">=" (不低于), "<=" (不超过), "" (equal)
    attribute: str = ""
    ambiguous: str = ""         # why the values could not be placed (table without base/target)
    offset: int | None = None   # where in the text (for the page)
    origin: str = "sentence"    # table | sentence

    def complete(self) -> int:
        return (self.base is not None) + (self.target is not None)


# ---- numbers and units ------------------------------------------------------------------------

def _convert(value: float, unit: str, kind: str) -> tuple[float, str]:
    unit = nfkc(unit).replace("hm²", "hm2") if unit else ("公顷" if kind == "area" else "平方米")
    if kind == "area" and unit in _TO_HECTARE:
        return value * _TO_HECTARE[unit], "公顷"
    if kind in ("plot_area", "per_capita_area") and unit in _TO_HECTARE:
        return value * _TO_HECTARE[unit] * 1e4, "平方米"
    return value, unit


def _usable(unit: str, kind: str) -> bool:
    """A unit that can measure the indicator (not 人, 户 or % for an area)."""
    return unit not in ("人", "户", "%") or kind not in ("area", "plot_area", "per_capita_area")


def _plain_digits(text: str) -> str:
    """Full-width digits and points as ASCII; thousands separators dropped (1,234.5 -> 1234.5)."""
    text = text.translate(str.maketrans("０１２３４５６７８９．", "0123456789."))
    return re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)


_SERIAL_LEAD = re.compile(r"^\s*(?:[（(]?(?:\d{1,3}|[一二三四五六七八九十]{1,3})[)）]|\d{1,3}(?:\.\d{1,2})*[.．、]?|"
                         r"[一二三四五六七八九十]{1,3}[、.．]|[①-⑳])\s*")
_PART_LEAD = re.compile(r"^\s*(?:其中|含)\s*[:：]?\s*")
_TIME_LEAD = re.compile(r"^(?:(?:现状|规划|基期|目标|近期|远期)(?:年|值)?|村域|全村|本村|陆域|行政村)+")
# the end of a category cell a flattened row keeps before its own name (建设用地 | 村庄建设用地)
_CATEGORY_END = re.compile(r"(?:用地|地|类|保护|底线|红线|开发|利用|指标|资源|空间|农业|生态|建设|管控|控制|安全|"
                           r"约束性|预期性)$")
_OTHER_CLASS = re.compile(r"[地田林园]")   # what follows the alias names another land class
_OTHER_QUANTITY = ("其他", "其它", "新增", "非")   # 其他村庄建设用地, 新增村庄建设用地 are other quantities


def _row_label(text: str) -> str:
    """A row name without its 序号, 其中 and bracketed unit: 1. 其中：宅基地（公顷） -> 宅基地."""
    text = _SERIAL_LEAD.sub("", nfkc(text).strip())
    text = _PART_LEAD.sub("", text)
    return re.sub(r"\s", "", text)


def _opens_the_name(text: str, at: int, end: int) -> bool:
    """An alias found at text[at:end] names the row: it opens the name (after a 序号, 其中,
    a time word or an enclosing category cell run into the name), and what follows is no other
    land class (建设用地村庄建设用地农村宅基地 names 农村宅基地; 其他村庄建设用地 is another area)."""
    rest = re.sub(r"[(（][^)）]*[)）]", "", text[end:])
    if _OTHER_CLASS.search(rest):
        return False
    lead = _TIME_LEAD.sub("", text[:at]) if at else ""
    if not lead:
        return True
    if lead.endswith(_OTHER_QUANTITY) or len(lead) > 14:
        return False
    return bool(_CATEGORY_END.search(lead))


def _match_spec(text: str, specs: tuple[IndicatorSpec, ...]) -> IndicatorSpec | None:
    """The indicator a row label names (longest alias wins: 人均村庄建设用地 before 村庄建设用地;
    生态保护红线内耕地 and 永久基本农田储备区 name no indicator). The alias must open the name
    (see `_opens_the_name`): 其他村庄建设用地 names no indicator; a 其中 row names only itself."""
    label = _row_label(text)
    best, best_len = None, 0
    for spec in specs:
        for alias in spec.aliases:
            if len(alias) <= best_len:
                continue
            at = label.find(alias)
            while at >= 0 and not (not label[at + len(alias):].startswith(_NOT_THE_AREA)
                                   and _opens_the_name(label, at, at + len(alias))):
                at = label.find(alias, at + 1)
            if at < 0:
                continue
            best, best_len = spec, len(alias)
    return best


def plan_years(text: str) -> tuple[int | None, int | None]:
    """The plan's base and target years as it states them (基期年为2020年, 现状基期：2020年,
    以2020年为基期, 目标年为2035年, 规划期限为2021—2035年: target 2035)."""
    head = _plain_digits(text[:20000])
    base = re.search(r"(?:基期|基准)年?(?:为|是|：|:)?\s*(20\d\d)\s*年", head) or \
        re.search(r"以\s*(20\d\d)\s*年?(?:底|末)?(?:为|作为)(?:规划)?(?:基期|基准)", head)
    target = re.search(r"目标年?(?:为|是|：|:)?\s*(20\d\d)\s*年", head) or \
        re.search(r"(?<!\d)(20\d\d)\s*年?(?:为|作为)(?:规划)?目标年", head)
    span = re.search(r"规划期限[^0-9]{0,8}(20\d\d)\s*年?\s*(?:[—\-－–~～至到]+)\s*(20\d\d)\s*年", head)
    b = int(base.group(1)) if base else None
    t = int(target.group(1)) if target else (int(span.group(2)) if span else None)
    return b, t


# ---- tables ----------------------------------------------------------------------------------

# a figure per person or per household above this many square metres is no such figure: the
# unit it was read in (the table's 单位：亩) is its areas' unit, and the row's figure is in m²
_MOST_PER_HEAD = 2000.0


def _row_reading(row: Row, spec: IndicatorSpec) -> _Reading | None:
    found = row.value_units()
    if spec.kind in ("plot_area", "per_capita_area") and any(
            _convert(v, u, spec.kind)[0] > _MOST_PER_HEAD for v, u in found.values() if u):
        own = row.value_units(inherit=False)
        if all(_convert(v, u, spec.kind)[0] <= _MOST_PER_HEAD for v, u in own.values()):
            found = own
    if not found:
        if row.table.ambiguous and row.unplaced():
            return _Reading(unit=_convert(1, "", spec.kind)[1], source=row.text, attribute=row.attribute(),
                            ambiguous=row.table.ambiguous, origin="table")
        return None
    converted: dict[str, float] = {}
    unit_out = _convert(1, "", spec.kind)[1]
    for role, (value, unit) in found.items():
        if not _usable(unit, spec.kind):
            return None
        converted[role], unit_out = _convert(value, unit, spec.kind)
    base, target, change = converted.get("base"), converted.get("target"), converted.get("change")
    if target is None and base is not None and change is not None:
        target = base + change
    elif base is None and target is not None and change is not None:
        base = target - change
    base = base if base is None or base >= 0 else None
    target = target if target is None or target >= 0 else None
    near = converted.get("mid")
    ambiguous = ""
    if base is None and target is None and near is None:
        if not row.table.ambiguous and "unplaced" not in {c.role for c in row.table.columns}:
            return None
        ambiguous = row.table.ambiguous or "表头未标明数值列是基期还是目标"
    return _Reading(base, target, unit_out, row.text, near=near if near is None or near >= 0 else None,
                    attribute=row.attribute(), ambiguous=ambiguous, origin="table")


def _table_readings(lines: list[str], specs: tuple[IndicatorSpec, ...],
                    years: tuple[int | None, int | None], survey: bool = False) -> list[tuple[str, _Reading, int]]:
    out = []
    for table in tables(lines, years) + loose_tables(lines, years):
        for row in table.rows:
            spec = _match_spec(row.name(), specs)
            if spec is None:
                continue
            reading = _row_reading(row, spec)
            if reading is None:
                continue
            if survey and reading.target is not None:  # a survey's table states the present
                reading.base, reading.target = reading.base if reading.base is not None else reading.target, None
            out.append((spec.name, reading, row.line))
    return out


def read_tables(lines: list[str], specs: tuple[IndicatorSpec, ...],
                years: tuple[int | None, int | None] = (None, None)) -> dict[str, _Reading]:
    """Indicator rows of every table in the lines (the best row per indicator)."""
    out: dict[str, _Reading] = {}
    for name, reading, _line in _table_readings(lines, specs, years):
        if name not in out or reading.complete() > out[name].complete():
            out[name] = reading
    return out


# ---- sentences -------------------------------------------------------------------------------

def _occurrences(sentence: str, specs: tuple[IndicatorSpec, ...]) -> list[tuple[int, int, IndicatorSpec]]:
    """Where the sentence names indicators: (start, end, spec), longest alias at each place."""
    out: list[tuple[int, int, IndicatorSpec]] = []
    i = 0
    while i < len(sentence):
        best: tuple[int, IndicatorSpec] | None = None
        for spec in specs:
            for alias in spec.aliases:
                if sentence.startswith(alias, i) and (best is None or len(alias) > best[0]):
                    best = (len(alias), spec)
        if best is None:
            i += 1
            continue
        end = i + best[0]
        if not sentence[end:].startswith(_NOT_THE_AREA) and not sentence[:i].endswith(_OTHER_QUANTITY):
            out.append((i, end, best[1]))
        i = end
    return out


def _continues(clause: str) -> bool:
    """A clause after a comma still speaks of the same indicator: 目标年为3400亩, 较基期年减少
    0.52公顷, 规划1320亩 (its words before the number are time or change words only)."""
    m = re.search(r"\d", clause)
    if not m:
        return False
    prefix = clause[:m.start()]
    if _CHANGE.search(prefix):
        return True
    for mark in sorted(_BASE_MARKS + _TARGET_MARKS + ("调整为", "调整至", "减少", "增加", "到", "至"), key=len,
                       reverse=True):
        prefix = prefix.replace(mark, "")
    return bool(re.search(r"(?:基期|现状|目标|规划|到|至|较|比|不低于|不超过|控制|保持)", clause[:m.start()])) \
        and len(_FILLER.sub("", prefix)) <= 2


def _role_of(context: str, after: str, alias: str, years: tuple[int | None, int | None],
             survey: bool) -> tuple[str, str]:
    """(base | target, relation) for a number from the words before it (nearest wins) and after."""
    base_year, target_year = years
    positions: list[tuple[int, str]] = []
    for mark in _BASE_MARKS:
        at = context.rfind(mark)
        if at >= 0:
            positions.append((at + len(mark), "base"))
    for mark in _TARGET_MARKS:
        at = context.rfind(mark)
        if at >= 0:
            positions.append((at + len(mark), "target"))
    for m in re.finditer(r"(到|至)?\s*(20\d\d)\s*年", context):
        year = int(m.group(2))
        if m.group(1) or year == target_year:
            positions.append((m.end(), "target"))
        elif year == base_year:
            positions.append((m.end(), "base"))
    relation = ">=" if any(w in context[-12:] or after.startswith(w) for w in _AT_LEAST) else \
        "<=" if any(w in context[-12:] or after.startswith(w) for w in _AT_MOST) else ""
    if survey:
        return "base", ""
    if positions:
        role = max(positions)[1]
    elif after.startswith(("以内", "以下", "以上")):
        role = "target"
    else:
        role = "target" if any(c in alias for c in _TARGET_CONCEPTS) else "base"
    return role, relation if role == "target" else ""


def _sentence_readings(text: str, specs: tuple[IndicatorSpec, ...], years: tuple[int | None, int | None],
                       survey: bool) -> list[tuple[str, _Reading]]:
    out: list[tuple[str, _Reading]] = []
    pos = 0
    for raw in re.split(r"(?<=[。；;\n])", text):
        start, pos = pos, pos + len(raw)
        if "|" in raw:
            continue
        sentence = _plain_digits(raw)
        occ = _occurrences(sentence, specs)
        for k, (a, b, spec) in enumerate(occ):
            stop = occ[k + 1][0] if k + 1 < len(occ) else len(sentence)
            lead_from = occ[k - 1][1] if k else 0
            lead = sentence[lead_from:a]
            lead = re.split(r"[，,、]", lead)[-1] if not re.search(r"(到|至)\s*20\d\d\s*年[，,]?\s*$", lead) \
                else lead
            clauses = re.split(r"(?<=[，,、])", sentence[b:stop])
            scope = clauses[0]
            for c in clauses[1:]:
                if not _continues(c) or re.match(r"\s*其中", c):
                    break
                scope += c
            scope = scope.split("其中")[0]
            reading = _read_scope(lead, scope, sentence[a:b], spec, years, survey)
            if reading is not None:
                reading.source, reading.offset = raw.strip(), start
                out.append((spec.name, reading))
    return out


def _read_scope(lead: str, scope: str, alias: str, spec: IndicatorSpec, years: tuple[int | None, int | None],
                survey: bool) -> _Reading | None:
    reading = _Reading(unit=_convert(1, "", spec.kind)[1])
    m = _FROM_TO.search(scope)
    if m and _usable(m.group(4), spec.kind):
        unit_a = m.group(2) or m.group(4)
        base = _convert(float(m.group(1)), unit_a, spec.kind)
        target = _convert(float(m.group(3)), m.group(4), spec.kind)
        reading.base, reading.target, reading.unit = base[0], target[0], target[1]
        if survey:
            reading.target = None
        return reading
    previous_end = 0
    change = None
    first = True
    for n in re.finditer(_NUM + r"\s*(多)?\s*" + _UNIT, scope):
        unit = n.group(3)
        before, after = scope[previous_end:n.start()], scope[n.end():]
        previous_end = n.end()
        if not _usable(unit, spec.kind) or re.search(r"(建筑面积|层数|高度|占地率)[^0-9]{0,6}$", before):
            first = False
            continue
        value, unit_out = _convert(float(n.group(1)), unit, spec.kind)
        cm = _CHANGE.search(before)
        if cm:
            change = value if cm.group(1) in ("增加", "增长", "提高", "净增", "扩大") else -value
            continue
        context = lead + before if first else before
        first = False
        role, relation = _role_of(context, after, alias, years, survey)
        if getattr(reading, role) is None:
            setattr(reading, role, value)
            reading.unit = unit_out
            if role == "target":
                reading.relation = relation
    if change is not None and not survey:
        if reading.target is not None and reading.base is None and reading.target - change >= 0:
            reading.base = reading.target - change
        elif reading.base is not None and reading.target is None and reading.base + change >= 0:
            reading.target = reading.base + change
    return reading if reading.complete() else None


def read_sentences(text: str, specs: tuple[IndicatorSpec, ...], years: tuple[int | None, int | None] = (None, None),
                   survey: bool = False) -> dict[str, _Reading]:
    """Indicators stated in sentences (the most complete statement per indicator)."""
    out: dict[str, _Reading] = {}
    for name, reading in _sentence_readings(text, specs, years, survey):
        if name not in out or reading.complete() > out[name].complete():
            out[name] = reading
    return out


def new_household_allowances(text: str) -> list[tuple[float, str, int]]:
    """What the plan allows a new household's 宅基地 (新建住房宅基地面积不超过120平方米):
    (square metres, sentence, offset), one per bound stated."""
    out = []
    pos = 0
    for raw in re.split(r"(?<=[。；;\n])", text):
        start, pos = pos, pos + len(raw)
        sentence = _plain_digits(raw)
        if "|" in sentence or not ("宅基地" in sentence or ("占地面积" in sentence and re.search("住房|农房|建房", sentence))):
            continue
        if not any(w in sentence for w in _HOMESTEAD_NEW) or re.search(r"现状|现有|目前", sentence):
            continue
        for m in re.finditer(r"(不超过|不得超过|不大于|不高于|控制在|最大|上限为?)[^0-9，。]{0,6}?" + _NUM
                             + r"\s*(平方米|m2|㎡|m²)", sentence):
            before = sentence[max(0, m.start() - 12):m.start()]
            if "建筑面积" in before or "层" in before[-4:]:
                continue
            out.append((float(m.group(2)), raw.strip(), start))
    return out


# ---- rules -----------------------------------------------------------------------------------

def _cap_for(province: str, catalogue: Catalogue) -> HomesteadCap | None:
    return next((c for c in catalogue.homestead_caps if province.startswith(c.province)), None)


# the cap's class is read from sentences about the village's terrain or its homesteads only:
# 耕地 or 山区 elsewhere in a plan (耕地保有量, 山区特色产业) says nothing about which cap applies
_TERRAIN_KEY = re.compile(r"平原|丘陵|山|郊|坝|盆地|牧区|湖|圩|规划区|城区")
_TERRAIN_CONTEXT = ("地形", "地貌", "地势", "地处", "位于", "属于", "属", "境内", "海拔", "村域", "全村", "本村",
                    "该村", "为主")
_HOMESTEAD_CONTEXT = ("宅基地", "建房", "住房", "农房", "住宅")
_NEGATION = re.compile(r"(?:不得|严禁|禁止|不占|少占|不宜|避免|不|非)[^，。；]{0,4}$")


def _class_words(key: str) -> tuple[str, ...]:
    """The words a plan may use for a cap class: 山区 or 山地; 城市郊区, 城郊 or 近郊."""
    words = [key]
    if key.endswith("区") and len(key) == 2:
        words.append(key[0] + "地")
    if "郊区" in key:
        words += ["郊区", "城郊", "近郊"]
    return tuple(words)


@dataclass
class _CapClass:
    """Which of a province's cap classes the plan's own words make applicable."""

    classes: tuple[str, ...]    # the applicable classes, strictest first
    stated: bool                # the plan names them (else every class of the province)

    def bounds(self, cap: HomesteadCap) -> tuple[float, float]:
        return min(cap.caps[k] for k in self.classes), max(cap.caps[k] for k in self.classes)


def _cap_class(cap: HomesteadCap, text: str) -> _CapClass:
    """The classes (平原 / 丘陵 / 山区 …, or 耕地 / 其他土地 where the province caps by the land
    used) the plan places itself in, read from its sentences about its terrain (地处平原地区,
    地形以山地为主) or its homesteads (新建农房使用耕地); a sentence restating the province's
    whole standard (平原80、丘陵120、山区150平方米) and negated words (严禁占用耕地) do not count.
    When the plan names none, every class of the province applies."""
    present: list[str] = []
    for raw in re.split(r"[。；;\n]", text):
        sentence = _plain_digits(raw)
        homestead = any(w in sentence for w in _HOMESTEAD_CONTEXT)
        terrain = any(w in sentence for w in _TERRAIN_CONTEXT)
        if not (homestead or terrain):
            continue
        named = []
        for key in cap.caps:
            if not (homestead or _TERRAIN_KEY.search(key)):
                continue
            for word in _class_words(key):
                if any(not _NEGATION.search(sentence[:m.start()]) for m in re.finditer(re.escape(word), sentence)):
                    named.append(key)
                    break
        if len({cap.caps[k] for k in named}) > 1 and len(re.findall(r"\d\s*(?:平方米|m2|㎡|m²)", sentence)) > 1:
            continue   # the province's standard restated, class by class
        present += [k for k in named if k not in present]
    classes = present or list(cap.caps)
    return _CapClass(tuple(sorted(classes, key=lambda k: (cap.caps[k], k))), bool(present))


def _allowance_class(cap: HomesteadCap, sentence: str, value: float) -> str:
    """The class an allowance names for itself: the only class its sentence names, or, where
    it names several (使用耕地的，不超过125平方米；使用其他土地的，不超过140平方米), the last one
    named between the previous figure and this value ("" if none)."""
    sentence = _plain_digits(sentence)
    everywhere = [k for k in cap.caps if any(w in sentence for w in _class_words(k))]
    if len(everywhere) <= 1:
        return everywhere[0] if everywhere else ""
    previous = 0
    for n in re.finditer(r"\d+(?:\.\d+)?", sentence):
        if abs(float(n.group(0)) - value) < EPS:
            segment = sentence[previous:n.start()]
            spots = [(segment.rfind(w), k) for k in cap.caps for w in _class_words(k) if w in segment]
            if spots:
                return max(spots)[1]
        previous = n.end()
    return ""


def _class_list(cap: HomesteadCap, classes: tuple[str, ...]) -> str:
    return "、".join(f"{k} {cap.caps[k]:g}" for k in classes)


def _homestead_rule(values: dict[str, float | None], allowances: list[tuple[float, str, int]], province: str,
                    text: str, catalogue: Catalogue) -> tuple[str, str, tuple[Basis, ...]]:
    """户均宅基地面积 (target, base) and the new-household allowances against the province's cap.

    When the plan does not say which class applies (or names several with different caps), a
    value within the strictest applicable class is within whichever applies (ok), one above the
    most generous breaks every class (conflict), and one in between is unknown: the reviewer is
    told which class it would break and that the village's class must be confirmed."""
    cap = _cap_for(province, catalogue)
    if cap is None:
        return "unknown", f"文库中没有{province or '该地区'}的宅基地面积标准（可在文库上传该省、市的土地管理条例或实施办法），未检查", ()
    which = _cap_class(cap, text)
    low, high = which.bounds(cap)
    source = f"（{cap.basis.doc}{cap.basis.label}）"
    if low == high:
        standard = f"{cap.province}{'、'.join(which.classes)}每户宅基地不得超过 {low:g} 平方米{source}"
        why = ""
    else:
        why = (f"规划同时写到{'、'.join(which.classes)}，适用类别不明" if which.stated
               else f"规划未说明本村宅基地适用哪一类标准（{'、'.join(which.classes)}）")
        standard = f"{cap.province}每户宅基地上限按类别为 {_class_list(cap, which.classes)} 平方米{source}"
    strictest = which.classes[0]
    problems: list[str] = []
    open_: list[str] = []
    ranged: list[str] = []     # what was judged against every class (within the strictest)
    own_used = False           # an allowance judged against the class its own sentence names

    def judge(what: str, value: float, bound_low: float, bound_high: float, breach: str) -> None:
        if bound_low != bound_high:
            ranged.append(what)
        if value > bound_high + EPS:
            widest = "" if bound_low == bound_high else f"（高于各类别中最宽的 {bound_high:g} 平方米）"
            problems.append(f"{what} {_fmt(value)} 平方米{widest}{breach}")
        elif value > bound_low + EPS:
            open_.append(f"{what} {_fmt(value)} 平方米超过最严类别（{strictest}）的 {bound_low:g} 平方米，"
                         f"未超过最宽的 {bound_high:g} 平方米")

    if values.get("target") is not None:
        judge("规划户均宅基地面积", values["target"], low, high, "超过上限")  # type: ignore[arg-type]
    if values.get("base") is not None:
        judge("基期（现状）户均宅基地面积", values["base"], low, high,  # type: ignore[arg-type]
              "已超过上限，规划须明确超标宅基地的处置")
    for value, sentence, _ in allowances:
        own = _allowance_class(cap, sentence, value)
        if own:   # the sentence names its own class (山区每户不超过150平方米)
            judge("规划允许新建住房宅基地", value, cap.caps[own], cap.caps[own],
                  f"，超过{own}的上限 {cap.caps[own]:g} 平方米（{sentence[:60]}）")
            own_used = True
        else:
            judge("规划允许新建住房宅基地", value, low, high, f"，超过上限（{sentence[:60]}）")
    if problems:
        return "conflict", "；".join(problems) + "：" + standard + (f"；{why}" if why else ""), (cap.basis,)
    if open_:
        return "unknown", (f"{why}：" + "；".join(open_) + f"，须确认本村适用类别后核对：{standard}"), (cap.basis,)
    checked = [w for w, v in (("目标值", values.get("target")), ("基期值", values.get("base"))) if v is not None]
    if allowances:
        checked.append("新建住房宅基地标准")
    if ranged:
        return "ok", (f"{'、'.join(checked)}未超过最严类别（{strictest}）的上限 {low:g} 平方米"
                      f"{'（新建住房标准按其所写类别）' if own_used else ''}，无论本村属哪一类均符合（{why}）："
                      f"{standard}"), (cap.basis,)
    return "ok", f"{'、'.join(checked)}未超过上限：" + standard, (cap.basis,)


_RELATIONS = {"<=": "<=", "≤": "<=", "不超过": "<=", "不大于": "<=", "上限": "<=", "max": "<=",
              ">=": ">=", "≥": ">=", "不低于": ">=", "不少于": ">=", "下限": ">=", "min": ">=",
              "=": "=", "==": "=", "等于": "="}


def _allocation_rule(ind: Indicator, spec: IndicatorSpec, target: float | None,
                     bound: tuple[Any, ...]) -> tuple[str, str]:
    """(status, message) of an indicator against the upper plan's allocation."""
    relation = _RELATIONS.get(str(bound[0]).strip(), "")
    value, unit = _convert(float(bound[1]), str(bound[2]) if len(bound) > 2 else "", spec.kind)
    words = {"<=": "不超过", ">=": "不低于", "=": "为"}.get(relation, "为")
    given = f"上级规划下达{spec.name}{words} {_fmt(value)} {unit}"
    if not relation:
        return "unknown", f"{given}（关系“{bound[0]}”无法识别），未核对"
    if target is None:
        return "unknown", f"{given}；规划未给出目标值，无法核对是否落实"
    if (relation == "<=" and target > value + EPS) or (relation == ">=" and target < value - EPS) or \
            (relation == "=" and abs(target - value) > max(EPS, value * 1e-4)):
        side = "超过" if target > value else "低于"
        return "conflict", f"规划目标 {_fmt(target)} {ind.unit}{side}{given}"
    return "ok", f"{given}，规划目标 {_fmt(target)} {ind.unit}，符合"


def _no_decrease(spec: IndicatorSpec, r: _Reading) -> tuple[str, str]:
    if r.ambiguous and r.base is None and r.target is None:
        return "unknown", f"{spec.name}须不减少；{r.ambiguous}，无法判断基期和目标，未检查"
    if r.base is None or (r.target is None and r.near is None):
        return "unknown", f"{spec.name}须不减少；规划未同时给出基期和目标值，未检查"
    later = [(w, v) for w, v in (("目标年", r.target), ("近期", r.near)) if v is not None]
    drops = [(w, v) for w, v in later if v < r.base - EPS]
    if drops:
        w, v = drops[0]
        return "conflict", (f"{spec.name}不得减少：{w} {_fmt(v)} {r.unit} 少于基期 {_fmt(r.base)} {r.unit}"
                            f"（减少 {_fmt(r.base - v)} {r.unit}）")
    return "ok", f"{spec.name}不得减少：目标年不低于基期，符合"


# ---- the whole plan --------------------------------------------------------------------------

def _merge(readings: list[tuple[_Reading, int | None]]) -> tuple[_Reading, list[str], int | None]:
    """One reading per indicator: the most complete table row, then the most complete sentence;
    a value it lacks is taken from the others (a table's target with a sentence's base)."""
    ordered = sorted(readings, key=lambda x: (-x[0].complete(), x[0].origin != "table"))
    best, offset = ordered[0]
    merged = _Reading(best.base, best.target, best.unit, best.source, best.near, best.relation, best.attribute,
                      best.ambiguous, best.offset, best.origin)
    sources = [best.source]
    for other, _ in ordered[1:]:
        used = False
        for name in ("base", "target", "near"):
            if getattr(merged, name) is None and getattr(other, name) is not None and other.unit == merged.unit:
                setattr(merged, name, getattr(other, name))
                used = True
        if not merged.attribute and other.attribute:
            merged.attribute = other.attribute
        if used and other.source not in sources:
            sources.append(other.source)
    if merged.complete():
        merged.ambiguous = ""
    return merged, sources, offset


def check_indicators(doc_text: str, lines: list[str], province: str, catalogue: Catalogue,
                     allocation: dict[str, tuple[Any, ...]] | None = None, *, title: str = "",
                     pages: list[tuple[int, int, int | None]] | None = None,
                     allocation_basis: tuple[Basis, ...] = ()) -> list[Indicator]:
    """Read every indicator the catalogue knows from a plan and apply its rules.

    Args:
        doc_text: the plan's text; `lines` its lines (`doc_text.split("\\n")`), tables included.
        province: the plan's region (广东省梅州市), for the homestead cap.
        allocation: what the upper plan allocates to this village, by indicator name (or any
            alias): (relation, value, unit), relation "<=" / ">=" / "=" (or 不超过 / 不低于);
            e.g. {"村庄建设用地规模": ("<=", 21.0, "公顷")}.
        title: the document's title (a 现状调查 / 基本情况 document states no targets).
        pages: (start, end, page) spans of the text, to give each indicator its page.
        allocation_basis: the basis of the allocation rule (土地管理法第十六条), if resolved.
    """
    specs = catalogue.indicators
    years = plan_years(doc_text)
    guessed = not title   # a caller that gives no title: the first line is read as one
    title = title or next((ln.strip().lstrip("#").strip() for ln in doc_text.split("\n") if ln.strip()), "")
    status_quo = not_a_plan(title, doc_text, guessed)
    not_plan = status_quo or other_document(title, doc_text, guessed)
    survey = bool(status_quo)
    line_starts = _line_starts(lines) if "\n".join(lines) == doc_text else None
    found: dict[str, list[tuple[_Reading, int | None]]] = {}
    for name, reading, line in _table_readings(lines, specs, years, survey):
        offset = line_starts[line] if line_starts is not None else None
        found.setdefault(name, []).append((reading, offset))
    for name, reading in _sentence_readings(doc_text, specs, years, survey):
        found.setdefault(name, []).append((reading, reading.offset))
    allowances = [] if survey else new_household_allowances(doc_text)
    bounds = {}
    for key, bound in (allocation or {}).items():
        spec = next((s for s in specs if s.name == key), None) or _match_spec(str(key), specs)
        if spec is not None:
            bounds[spec.name] = bound
    out: list[Indicator] = []
    for spec in specs:
        if spec.name not in found and spec.name not in bounds and not (spec.rule == "homestead_cap" and allowances):
            said = _stated_absent(doc_text, spec)
            if said:   # 村域内未划定生态保护红线: listed, with nothing to check
                out.append(Indicator(spec.name, None, None, _convert(1, "", spec.kind)[1], status="unknown",
                                     rule=f"规划载明村域内没有{spec.name.removesuffix('面积').removesuffix('保护')}（{said}），无数值可核", basis=spec.basis,
                                     source=said, page=_page(doc_text.find(said), pages), sources=(said,)))
            continue
        if spec.name in found:
            r, sources, offset = _merge(found[spec.name])
        else:
            r, sources, offset = _Reading(unit=_convert(1, "", spec.kind)[1]), [], None
            if spec.rule == "homestead_cap" and allowances:
                r.source, offset = allowances[0][1], allowances[0][2]
                sources = [allowances[0][1]]
        ind = Indicator(spec.name, _round(r.base), _round(r.target), r.unit, source=r.source, basis=spec.basis,
                        page=_page(offset, pages), near=_round(r.near), attribute=r.attribute,
                        sources=tuple(sources))
        if not_plan:   # a survey states the present, a programme no plan: no plan rule judges them
            ind.status = "unknown"
            ind.rule = f"{NOT_A_PLAN}（{not_plan}）：" + ("数值均按现状（基期）读取，" if survey else "") + "不作规则判断"
            if spec.name in bounds:
                ind.rule += "，也不核对上级规划下达的指标"
                ind.basis = tuple(dict.fromkeys(ind.basis + allocation_basis))
            out.append(ind)
            continue
        if spec.rule == "no_decrease" and spec.name in found:
            ind.status, ind.rule = _no_decrease(spec, r)
        elif spec.rule == "homestead_cap":
            mine = allowances
            own = [v for v, sentence, _ in mine if re.search(r"新建|新批|新申请|新增|新审批|分户", sentence)]
            ind.allowed_new = max(own or [v for v, _, _ in mine]) if mine else None
            if r.base is None and r.target is None and not mine:
                ind.status = "unknown"
                ind.rule = f"{spec.name}：{r.ambiguous or '规划未给出数值'}，未检查"
            else:
                ind.status, ind.rule, ind.basis = _homestead_rule({"base": r.base, "target": r.target}, mine,
                                                                  province, doc_text, catalogue)
        elif spec.name in found:
            ind.status = "unknown" if r.ambiguous else "ok"
            ind.rule = f"{spec.name}：{r.ambiguous}，未检查" if r.ambiguous else "仅提取，无对应规则"
        if spec.name in bounds:
            status, message = _allocation_rule(ind, spec, r.target, bounds[spec.name])
            if spec.name not in found or ind.rule == "仅提取，无对应规则":
                ind.status, ind.rule = status, message
            else:
                ind.rule = f"{ind.rule}；{message}"
                ind.status = _worst(ind.status, status)
            ind.basis = tuple(dict.fromkeys(ind.basis + allocation_basis))
        out.append(ind)
    return out


_ABSENT = re.compile(r"未[^，。；]{0,8}?(?:划定|划入|涉及)|不涉及|没有划定|无(?=[^，。；]{0,4}(?:永久基本农田|生态保护红线))")


def _stated_absent(doc_text: str, spec: IndicatorSpec) -> str:
    """The sentence saying the village has none of a protected area (村域内未划定生态保护红线;
    县级国土空间总体规划未在村域内划定永久基本农田), '' if there is none. Only for the areas that
    must not shrink; a survey's or a plan's 现状 statement of having none is the same fact."""
    if spec.rule != "no_decrease":
        return ""
    names = sorted({a.removesuffix("面积").removesuffix("保护") for a in spec.aliases} | set(spec.aliases), key=len,
                   reverse=True)
    for sentence in re.split(r"(?<=[。；\n])", doc_text):
        bare = re.sub(r"^\s*(?:[（(]?[0-9一二三四五六七八九十]{1,2}[)）.．、]\s*)+", "", sentence)   # 1．… is no figure
        if any(n in bare for n in names) and _ABSENT.search(bare) and not re.search(r"\d", bare):
            return sentence.strip().strip("；。") + "。"
    return ""


def check_document(doc: Document, province: str, catalogue: Catalogue,
                   allocation: dict[str, tuple[Any, ...]] | None = None,
                   allocation_basis: tuple[Basis, ...] = ()) -> list[Indicator]:
    """`check_indicators` on a parsed plan: its title, and its units' pages for each indicator."""
    pages = sorted((u.start, u.end, u.page) for u in doc.units())
    return check_indicators(doc.text, doc.text.split("\n"), province, catalogue, allocation, title=doc.title,
                            pages=pages, allocation_basis=allocation_basis)


def _worst(a: str, b: str) -> str:
    order = {"conflict": 2, "unknown": 1, "ok": 0}
    return a if order.get(a, 0) >= order.get(b, 0) else b


def _line_starts(lines: list[str]) -> list[int]:
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    return starts


def _page(offset: int | None, pages: list[tuple[int, int, int | None]] | None) -> int | None:
    if offset is None or not pages:
        return None
    k = bisect_right([s for s, _, _ in pages], offset) - 1
    if k < 0:
        return None
    start, end, page = pages[k]
    return page if offset <= end else None


def _round(v: float | None) -> float | None:
    return None if v is None else round(v, 4)


def _fmt(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


__all__ = ["Indicator", "NOT_A_PLAN", "not_a_plan", "other_document", "check_indicators", "check_document", "read_tables", "read_sentences", "plan_years",
           "new_household_allowances"]
