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

    >>> result = check_transmission(doc, indicators, allocation=read_allocation("乡镇规划.docx", village_of(doc)))
    >>> [f.to_dict() for f in result.findings]
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ingest import Document, load
from ingest.errors import UnreadableDocument
from ingest.resources import catalogue_dir

from .evidence import LAND_HEADER, LAND_TABLE, STATUS_QUO_HEADING
from .indicators import Indicator

KINDS_ZH = {"goal_without_indicator": "目标无指标支撑", "goal_without_project": "目标无项目落实",
            "project_incomplete": "项目要素不全", "indicator_without_action": "指标无措施落实",
            "below_allocation": "低于上位规划下达", "above_allocation": "超出上位规划下达"}

# ---- the plan's text, line by line, with where each line stands --------------------------------


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
            if text.strip():
                out.append(Line(text.strip(), unit.page, section, path))
    return out


def _heading_line(text: str, label: str) -> str:
    """A unit's title when it is only the first line of its text: 第一条 规划范围 -> 规划范围."""
    first = text.split("\n", 1)[0].strip()
    if label and first.startswith(label) and len(first) <= len(label) + 30 and not re.search(r"[。；，]", first):
        return first[len(label):].strip()
    return ""


def cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def is_row(line: str) -> bool:
    return " | " in line or line.count("|") >= 2


# ---- topics: the shared vocabulary of goals, indicators and projects ---------------------------

# family -> kind -> words. The kind "" holds a family's broad words (产业, 基础设施, 人居环境):
# a goal that names only those is served by anything of its family, one that names a specific
# kind (乡村旅游) only by that kind.
TOPICS: dict[str, dict[str, tuple[str, ...]]] = {
    "耕地": {"": ("耕地", "基本农田", "农田", "良田", "粮田", "粮食", "复垦", "垦造", "农用地", "梯田")},
    "生态": {"": ("生态", "林地", "森林", "水源", "河道", "河流", "湿地", "绿化", "水土", "山体", "植被", "公益林",
                  "水系", "岸线", "碧水", "青山", "退化林", "造林", "防护林", "天然林", "封育", "补植", "护岸", "复绿", "淤地坝")},
    "产业": {
        "": ("产业", "经济", "增收", "收入", "富民", "共富", "致富", "合作社", "一二三产", "三产融合", "兴旺", "业态"),
        "乡村旅游": ("旅游", "民宿", "农家乐", "研学", "游客", "游览", "观光", "景区", "景点", "露营", "康养", "休闲农业",
                 "农旅", "文旅", "茶旅", "商旅", "体旅", "游步道", "游线", "接待"),
        "农产品加工": ("加工", "初制", "精制", "深加工", "冷链", "冷库", "仓储", "烘干", "包装", "物流", "电商",
                  "车间", "茶厂", "工坊", "作坊", "手工"),
        "种植养殖": ("种植", "养殖", "茶园", "果园", "菜园", "桑园", "蚕桑", "水产", "渔业", "鱼塘", "畜禽", "畜牧",
                 "苗木", "中药材", "药材", "大棚", "特色农业", "现代农业", "高效农业", "设施农业", "油茶", "果蔬",
                 "食用菌"),
    },
    "人居": {
        "": ("人居环境", "村容", "村貌", "环境整治", "村庄整治", "综合整治", "宜居", "环境卫生", "清洁", "整洁"),
        "污水": ("污水", "排水", "雨污"),
        "垃圾": ("垃圾", "保洁", "收集点", "转运"),
        "厕所": ("厕所", "改厕", "户厕", "公厕"),
        "风貌": ("风貌", "庭院", "立面", "美化", "亮化"),
    },
    "交通": {"": ("道路", "交通", "村道", "硬化", "停车", "公路", "路网", "桥梁", "巷道", "通组", "通村")},
    "设施": {
        "": ("公共服务", "基础设施", "设施", "配套", "便民"),
        "供水": ("供水", "饮水", "自来水", "人饮", "给水", "水厂"),
        "电力通信": ("电力", "通信", "网络", "宽带", "光纤", "5G", "电网", "变压器"),
        "养老": ("养老", "颐养", "幸福院", "敬老", "日间照料", "老年", "老有所", "养老服务中心", "养老服务站"),
        "教育": ("学校", "幼儿园", "小学", "教学", "托育"),
        "医疗": ("卫生室", "卫生院", "医疗", "诊所"),
        "文体": ("文化广场", "活动中心", "文化服务中心", "文化礼堂", "体育", "健身", "文体", "农家书屋"),
        "服务中心": ("服务中心", "党群", "便民服务"),
    },
    "住房": {"": ("宅基地", "住房", "农房", "建房", "一户一宅", "危房", "居住")},
    "安全": {"": ("防灾", "减灾", "地质灾害", "防洪", "排涝", "消防", "避险", "避难", "应急")},
    "历史文化": {"": ("历史文化", "传统村落", "文物", "古建", "古树", "历史建筑", "传统建筑", "传统民居", "古民居", "古村",
                  "非物质文化", "传承", "传统风貌", "历史风貌", "村落格局", "宗祠", "苗寨", "古寨")},
    "乡风": {"": ("乡风", "文明", "文化活动", "文化广场", "文化礼堂", "村规民约", "移风易俗", "文体")},
    "用地": {"": ("建设用地", "用地规模", "节约集约", "存量", "闲置", "低效用地", "建设边界")},
}
# generic words a shared-word fallback must not count
_GENERIC = set("规划 建设 发展 村庄 提升 完善 加强 目标 实现 全面 基本 推进 打造 建成 形成 推动 促进 "
               "改善 保障 落实 以上 以下 达到 不低于 不少于 不超过 年 万元 公顷 平方米 亩 个 处 项 本村 全村 "
               "村民 近期 远期 2025 2035 2030 到 至 的 和 与 及 等 为 在 将 工程 项目 新建 改造 完成".split())


_TOPIC_WORDS = sorted(((w, family, kind) for family, kinds in TOPICS.items() for kind, words in kinds.items()
                      for w in words), key=lambda x: -len(x[0]))


def topics_of(text: str) -> set[tuple[str, str]]:
    """(family, kind) of every topic word in the text, longest words first: a word inside a longer
    one counts only for the longer (居家养老服务中心 is 养老, not a 服务中心); kind "" for a
    family's broad words."""
    out = set()
    for word, family, kind in _TOPIC_WORDS:
        if word in text:
            out.add((family, kind))
            text = text.replace(word, "\0")
    return out


def families_of(text: str) -> set[str]:
    return {family for family, _ in topics_of(text)}


def _words(text: str) -> set[str]:
    from ingest.tokenize import tokenize
    return {w for w in tokenize(text) if len(w) >= 2 and w not in _GENERIC and not re.fullmatch(r"[\d.%]+", w)}


def same_topic(goal: str, other: str) -> bool:
    """`other` works on what `goal` names: for each family the goal names, a specific kind it names
    (乡村旅游) is needed on the other side; a family it names only broadly (产业) takes any kind."""
    mine, theirs = topics_of(goal), topics_of(other)
    their_families = {f for f, _ in theirs}
    for family in {f for f, _ in mine}:
        specific = {k for f, k in mine if f == family and k}
        if specific and specific & {k for f, k in theirs if f == family}:
            return True
        if not specific and family in their_families:
            return True
    return False


_NAME_SUFFIX = re.compile(r"(?:提升|改造|新建|扩建|建设|工程|项目|及.*|[（(][^）)]*[）)]"
                          r"|产业园|园区|园|基地|中心|厂房|车间|工坊|站|馆)+$")


def serves(goal: Goal, project: Project) -> bool:
    """A project works towards a goal: the goal names the project (建成颐养之家一处), the two share
    a topic (the goal's specific kind, if it names one) or two content words. The goal's
    statement decides its topic; its label only when the statement names none (茶旅富民: 村集体经济
    年收入… is about income, which any 产业 project serves)."""
    text, aims = _aims(goal)
    core = _NAME_SUFFIX.sub("", project.name)   # 量具产业园（一期） -> 量具, 颐养之家 stays whole
    if (len(core) >= 3 or (len(core) == 2 and core in _words(text))) and core in text:
        return True
    what = f"{project.name} {project.content}"
    return any(same_topic(aim, what) for aim in aims) or len(_words(text) & _words(what)) >= 2


def quantifies(goal: Goal, indicator: str) -> bool:
    """An indicator (a 规划指标表 row, or a catalogue indicator with its source) measures a goal:
    the goal's own kind where it names one (乡村旅游 is not measured by 村集体经济收入; 生活污水
    得到治理 is by 生活污水治理率), else its family, or two shared content words."""
    text, aims = _aims(goal)
    return any(same_topic(aim, indicator) for aim in aims) or len(_words(text) & _words(indicator)) >= 2


def _aims(goal: Goal) -> tuple[str, list[str]]:
    """The goal's text without what it builds on, and what it aims at: its statement (its label
    when the statement names no topic) as a whole, then each of its clauses that names a topic of
    its own: 发展古村研学和民宿，增加村集体和农户收入 aims at tourism and at income, and either aim's
    indicator or project carries the goal down."""
    text, statement = _RELYING.sub("", goal.text), _RELYING.sub("", goal.statement)
    whole = statement if topics_of(statement) else text
    clauses = [c for c in re.split(r"[，,；;。]", whole) if c.strip() and topics_of(c)]
    return text, [whole, *clauses] if len(clauses) > 1 else [whole]


# what a goal builds on, not what it aims at: 依托岩茶资源和茶园景观，发展乡村旅游 is about tourism
_RELYING = re.compile(r"(?:依托|凭借|借助|立足|利用|发挥)[^，,。；;]{0,30}?(?:[，,]|(?=发展|打造|建设|推动|做强|壮大))")


_FIGURE = re.compile(r"(?:\d[\d,]*(?:\.\d+)?|[一二两三四五六七八九十百]+)\s*(%|％|公顷|亩|平方米|㎡|公里|千米|米|万元|亿元|元|"
                     r"人|户|处|座|个|项|条|家|床|吨|栋|所|间|套|张|万人次|人次|倍)")


# ---- goals -----------------------------------------------------------------------------------


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
_NOT_GOALS = re.compile(r"依据|目录|任务|指标表|指标$")
# an item's number: 1. 1、 (1) （一） 一、 ① 一是 (never the 2. of 2.5公里)
_NUMBER = r"(?:[（(][0-9一二三四五六七八九十]{1,2}[)）]|[0-9]{1,2}[)）.、．](?!\d)|[一二三四五六七八九十]{1,2}[、.．]|[①-⑳]|[一二三四五六七八九]是)"
_NUMBERING = re.compile(rf"^\s*{_NUMBER}\s*")
_ITEM_START = re.compile(rf"(?:^|(?<=[。；;：:\s]))\s*(?={_NUMBER})|(?<=[，,])(?=[一二三四五六七八九]是)")
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
        numbered = bool(_NUMBERING.match(piece))
        body = _NUMBERING.sub("", piece).strip().strip("。；;，, ")
        if _GOAL_SENTENCE.match(body):
            body = _GOAL_SENTENCE.sub("", body, count=1).strip()
        m = _GOAL_LABEL.match(body)
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
        number = _NUMBERING.match(line.text)
        name = line.text[number.end():].strip().rstrip("。：:") if number else ""
        if number and _HEADING_LIKE.match(name) and not _GOAL_SECTION.search(name) and name != line.section:
            j = i + 1
            while j < len(lines) and lines[j].path == line.path and not _NUMBERING.match(lines[j].text) \
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
            _NUMBERING.match(text) and _GOAL_SECTION.search(line.path) and not STATUS_QUO_HEADING.search(line.section))
        if in_goals and not text.endswith(line.section) and len(text) > len(line.section) + 6:
            if re.search(r"定位为|村庄类型|村庄分类|属于.{0,6}类", text) and not re.search(r"目标|到20\d\d|至20\d\d|建成|实现", text):
                continue  # the village's type or positioning, not a goal
            add(text, line)
    def under(section: str, head: str) -> bool:   # the same section, or one inside it
        return "".join(section.split()).startswith("".join(head.split()))

    def headline(g: Goal) -> bool:   # an overall statement over two or more numbered goals
        return sum(1 for x, n in goals if n and under(x.section, g.section)) >= 2

    return [Goal(g.text, g.page, g.section, headline=not numbered and headline(g), label=g.label)
            for g, numbered in goals]


# ---- projects --------------------------------------------------------------------------------


@dataclass
class Project:
    name: str
    place: str = ""
    scale: str = ""
    years: str = ""
    investment: str = ""
    funding: str = ""
    content: str = ""
    source: str = ""
    page: int | None = None

    def missing(self) -> list[str]:
        """What a reviewer needs and the plan does not give: 规模, 建设时序, 资金来源."""
        out = []
        if not self.scale:
            out.append("建设规模")
        if not self.years:
            out.append("建设时序")
        if not self.funding:
            out.append("资金来源")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "place": self.place, "scale": self.scale, "years": self.years,
                "investment": self.investment, "funding": self.funding, "page": self.page}


_COLUMNS = (  # field, header words (checked in order: the first field a header cell names wins)
    ("funding", ("资金来源", "资金渠道", "筹资", "筹措", "来源")),
    ("investment", ("投资", "估算", "资金", "万元")),
    ("years", ("时序", "年限", "时间", "年份", "期限", "起止", "完成", "实施年", "建设年", "计划")),
    ("place", ("地点", "位置", "选址", "所在", "区位", "建设点")),
    ("scale", ("规模", "面积", "数量", "长度", "工程量")),
    ("content", ("建设内容", "内容", "主要建设")),
    ("name", ("项目名称", "名称")),
)
_EMPTY = {"", "-", "—", "--", "——", "/", "／", "无", "待定", "暂无", "—/—", "_"}
_PROJECT_SECTION = re.compile(r"近期|项目|行动计划|实施计划|建设计划|重点工程")
_SCALE = re.compile(r"\d+(?:\.\d+)?\s*(?:公里|千米|km|米|m(?![²2])|公顷|亩|平方米|㎡|m²|m2|处|座|个|户|间|盏|套|口|条|栋|"
                    r"台|吨|床|亩|立方米|m³|延米|宗|块|栋)")
_YEARS = re.compile(r"20\d\d\s*年?(?:\s*\d{1,2}\s*月)?(?:\s*(?:[—–\-~～]+|至|到)\s*(?:20\d\d\s*年?)?(?:\s*\d{1,2}\s*月)?)?(?:底|前|内|以前)?")
_MONEY = re.compile(r"\d+(?:\.\d+)?\s*(?:万元|亿元|万)")
_FUNDING = re.compile(r"资金来源[为是：:]?\s*([^，。；;]{2,40})|((?:上级|中央|省级|市级|县级|镇级|财政|专项|"
                      r"衔接|奖补|补助|自筹|社会资本|企业投资|村集体|债券|整合|涉农)[^，。；;]{0,30}(?:资金|投入|自筹|"
                      r"补助|奖补|筹措|投资))")


def _header_fields(row: list[str]) -> dict[int, str]:
    fields: dict[int, str] = {}
    for i, cell in enumerate(row):
        for name, words in _COLUMNS:
            if any(w in cell for w in words) and name not in fields.values():
                fields[i] = name
                break
    if "name" not in fields.values():  # a bare 项目 column names the project (not 项目类别 / 项目编号)
        at = next((i for i, c in enumerate(row) if i not in fields and "项目" in c
                   and not re.search(r"类别|类型|编号|序号|性质|主体|个数", c)), None)
        if at is not None:
            fields[at] = "name"
    return fields


def _is_project_header(row: list[str]) -> bool:
    fields = set(_header_fields(row).values())
    return "name" in fields and len(fields - {"name"}) >= 2 and not any(re.fullmatch(r"[\d.,%\s]+", c) for c in row)


_HEADER_WORD = re.compile(r"序号|编号|名称|单位|类别|类型|备注|属性|指标|内容|地点|位置|选址|时间|年限|时序|期限|来源|渠道|"
                          r"估算|投资|规模|面积|数量|基期|目标|现状|规划值|比例|说明|主体|用途|地类|级类|用地")


def _header_like(row: list[str]) -> bool:
    """A table's header row: cells without figures (years and bracketed units aside) that name
    columns (序号 | 指标名称 | 单位 | 2020年（基期）)."""
    filled = [c for c in row if c.strip()]
    if not filled or any(re.search(r"\d", re.sub(r"20\d\d\s*年?|[（(][^）)]*[）)]", "", c)) for c in filled):
        return False
    named = sum(1 for c in filled if len(c) <= 14 and _HEADER_WORD.search(c))
    return named >= 2 and named * 2 >= len(filled)


def _same_width(lines: list[Line], i: int, width: int) -> bool:
    """Row i belongs to a table of `width` columns: as many cells, or fewer where the row lost empty
    edge cells (3.2公里 |) or is one short row (Markdown lets a row end early) and not the first of
    a run of rows of another width."""
    n = len(cells(lines[i].text))
    if n == width:
        return True
    if n > width:
        return False
    text = lines[i].text.strip()
    if text.endswith("|") or text.startswith("|"):
        return True
    after = lines[i + 1].text if i + 1 < len(lines) else ""
    return not (is_row(after) and len(cells(after)) == n)


def _filled(value: str) -> str:
    value = value.strip()
    return "" if value in _EMPTY else value


def _table_projects(lines: list[Line], start: int, context: str) -> tuple[list[Project], int]:
    """The project rows of a table whose header is lines[start]; returns them and the index after."""
    header = cells(lines[start].text)
    fields = _header_fields(header)
    i = start + 1
    while i < len(lines) and is_row(lines[i].text) and _is_project_header(cells(lines[i].text)):
        merged = [f"{a}{b}" if a != b else a for a, b in zip(header, cells(lines[i].text))]
        header, fields, i = merged, _header_fields(merged), i + 1
    shared_years = _YEARS.search(context)
    shared_funding = _FUNDING.search(context)
    projects = []
    while i < len(lines) and is_row(lines[i].text):
        row = cells(lines[i].text)
        if _header_like(row) or not _same_width(lines, i, len(header)):
            break  # the next table, with no blank line between (the plan's lines drop them)
        edge = lines[i].text.strip()
        if len(row) < len(header) and edge.startswith("|"):
            row = ["", *row]  # an empty first cell the line lost: | 村道硬化 | …
        if len(row) < len(header) and edge.endswith("|"):
            row = [*row, ""]
        i += 1
        if len(set(row)) == 1 or re.match(r"^(合计|总计|小计|备注|注)", row[0] + (row[1] if len(row) > 1 else "")):
            continue  # a group label, a total or a note spanning the table
        values = {name: _filled(row[col]) for col, name in fields.items() if col < len(row)}
        name = values.get("name", "")
        if not name or re.fullmatch(r"[\d.]+", name) or (re.match(r"^(合计|总计|小计)", name)):
            continue
        rest = " ".join(v for k, v in values.items() if k in ("content", "name", "scale"))
        p = Project(name=name, place=values.get("place", ""), investment=values.get("investment", ""),
                    content=values.get("content", ""), source=lines[i - 1].text, page=lines[i - 1].page)
        p.scale = values.get("scale", "") or (m.group(0) if (m := _SCALE.search(rest)) else "")
        p.years = values.get("years", "")
        if "years" not in fields.values() and shared_years:
            p.years = shared_years.group(0)
        p.funding = values.get("funding", "")
        if "funding" not in fields.values() and shared_funding:
            p.funding = (shared_funding.group(1) or shared_funding.group(2)).strip()
        projects.append(p)
    return projects, i


_LOOSE_ROW = re.compile(r"^\s*(\d{1,3})[\s.、]+(\S+)")
_FUNDING_WORDS = re.compile(r"资金|自筹|补助|配套|财政|资本|奖补|投入|债券|捐资|筹措")


def _loose_table_projects(lines: list[Line]) -> list[Project]:
    """A project table whose cells lost their separators (a TXT's tabs, an unruled PDF): a header
    line naming 项目名称 and two other columns, then lines that open with a 序号. Name and place
    may run together; scale, years, investment and funding are read by their form."""
    projects: list[Project] = []
    for i, line in enumerate(lines):
        head = line.text
        if is_row(head) or "项目名称" not in head or len({f for _, f in _header_fields_loose(head)}) < 3:
            continue
        for row in lines[i + 1:]:
            m = _LOOSE_ROW.match(row.text)
            if m is None or is_row(row.text):
                break
            whole = row.text[m.start(2):]
            tokens = whole.split()
            funding = tokens[-1] if len(tokens) > 1 and _FUNDING_WORDS.search(tokens[-1]) else ""
            content = " ".join(tokens[:-1] if funding else tokens)
            years = _YEARS.search(content)
            scale = _SCALE.search(_YEARS.sub(" ", content))
            money = next((t for t in tokens[1:] if re.fullmatch(r"\d[\d,]*(?:\.\d+)?(?:万元)?", t)), "")
            projects.append(Project(name=m.group(2), scale=scale.group(0) if scale else "",
                                    years=years.group(0) if years else "", investment=money, funding=funding,
                                    content=content, source=row.text, page=row.page))
        if projects:
            break
    return projects


def _header_fields_loose(text: str) -> list[tuple[str, str]]:
    """(header word, field) for each column a run-together header line names."""
    return [(w, name) for name, words in _COLUMNS for w in words if w in text]


def _prose_project(text: str, line: Line, shared_years: str, shared_funding: str) -> Project | None:
    body = _NUMBERING.sub("", text).strip()
    m = re.match(r"^([^：:，,。；]{2,30}?)(?:[：:]|，|,)", body)
    if not m:
        return None
    name = m.group(1).strip("*# ")
    if not re.search(r"工程|项目|建设|改造|提升|整治|修复|新建|扩建|复垦|治理|设施|中心|广场|道路|基地|站|馆|园", name):
        return None
    scale = _SCALE.search(body[m.end():])
    years = _YEARS.search(body)
    money = _MONEY.search(body)
    funding = _FUNDING.search(body)
    return Project(name=name, scale=scale.group(0) if scale else "",
                   years=years.group(0) if years else shared_years,
                   investment=money.group(0) if money else "",
                   funding=(funding.group(1) or funding.group(2)).strip() if funding else shared_funding,
                   content=body[m.end():], source=text, page=line.page)


def read_projects(lines: list[Line]) -> list[Project]:
    """The near-term projects: rows of a project table (a header naming 项目名称 and two of
    place, scale, years, investment, funding), else the items of a 近期建设项目 section. Years
    or funding a table's caption or its section states once hold for every row of a table
    without such a column."""
    projects: list[Project] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if is_row(line.text) and _is_project_header(cells(line.text)):
            before = " ".join(x.text for x in lines[max(0, i - 3):i] if not is_row(x.text))
            found, i = _table_projects(lines, i, before + " " + line.section)
            projects.extend(found)
            continue
        i += 1
    if projects:
        return projects
    projects = _loose_table_projects(lines)
    if projects:
        return projects
    sections: dict[str, list[Line]] = {}
    for line in lines:
        if _PROJECT_SECTION.search(line.section) and not re.search(r"产业项目|项目准入|依据", line.section):
            sections.setdefault(line.path, []).append(line)
    for section_lines in sections.values():
        text = " ".join(x.text for x in section_lines if not _NUMBERING.match(x.text))  # what holds for all items
        years = _YEARS.search(text)
        funding = _FUNDING.search(text)
        shared_years = years.group(0) if years else ""
        shared_funding = (funding.group(1) or funding.group(2)).strip() if funding else ""
        for line in section_lines:
            if is_row(line.text) or line.text == line.section:
                continue
            p = _prose_project(line.text, line, shared_years, shared_funding) if _NUMBERING.match(line.text) else None
            if p is not None:
                projects.append(p)
        if projects:
            continue
        for line in section_lines:  # 安排建设项目8项，包括高标准农田建设、村道拓宽、…等
            m = re.search(r"(?<!不)(?:包括|主要有|分别为)([^。；]{4,200}?)(?:等|。|；|$)", line.text)
            if m and "项目" in line.text and "、" in m.group(1):
                for name in re.split(r"[、，,]", m.group(1)):
                    name = name.strip()
                    if 2 <= len(name) <= 30:
                        projects.append(Project(name=name, years=shared_years, funding=shared_funding,
                                                source=line.text, page=line.page))
    return projects


def _unread_project_list(lines: list[Line]) -> str:
    """The sentence of a plan that has a project list this module could not read (见附表三, 安排项目7个)."""
    for line in lines:
        if _PROJECT_SECTION.search(line.section) and not is_row(line.text) and \
                re.search(r"(?:见|详见)[^。；]{0,6}附表|(?:安排|实施|建设)[^。；]{0,6}项目\s*\d+\s*[个项]", line.text):
            return line.text
    return ""


# ---- the upper plan's allocation ------------------------------------------------------------

class AllocationUnreadable(UnreadableDocument):
    """An upper plan (or allocation table) from which no allocation to the village can be read."""


class Allocation(dict[str, tuple[str, float, str]]):
    """{indicator name: (relation, value, unit)} as the upper plan allocates them to a village:
    relation 不低于 (a floor) or 不超过 (a ceiling); areas in 公顷, per-person and per-household
    areas in 平方米. `sources` keeps the text each was read from, `file` the upper plan's name."""

    def __init__(self, items: dict[str, tuple[str, float, str]] | None = None, sources: dict[str, str] | None = None,
                 file: str = "") -> None:
        super().__init__(items or {})
        self.sources: dict[str, str] = dict(sources or {})
        self.file = file


_FLOOR = ("不低于", "不少于", "不小于", "至少", "以上", "≥", ">=", "下限", "min")
_CEILING = ("不高于", "不超过", "不大于", "控制在", "以内", "以下", "≤", "<=", "上限", "max")
_TO_HECTARE = {"公顷": 1.0, "hm2": 1.0, "hm²": 1.0, "亩": 1 / 15, "万亩": 10000 / 15, "平方米": 1e-4, "㎡": 1e-4,
               "m2": 1e-4, "m²": 1e-4, "平方千米": 100.0, "平方公里": 100.0, "km2": 100.0, "km²": 100.0}
_UNIT_RE = r"(万亩|公顷|hm2|hm²|亩|平方米|㎡|m2|m²|平方千米|平方公里|km2|km²)"


@dataclass(frozen=True)
class _Spec:
    name: str
    aliases: tuple[str, ...]
    kind: str


def _specs() -> tuple[_Spec, ...]:
    """The indicators the bundled village-plan catalogue knows, with their aliases."""
    data = yaml.safe_load((catalogue_dir() / "village_plan.yaml").read_text(encoding="utf-8"))
    return tuple(_Spec(str(s["name"]), tuple(str(a) for a in s.get("aliases", [s["name"]])), str(s.get("kind", "area")))
                 for s in data.get("indicators", []) or [])


def _spec_for(text: str, specs: tuple[_Spec, ...]) -> _Spec | None:
    best, best_len = None, 0
    for spec in specs:
        for alias in (spec.name, *spec.aliases):
            if alias in text and len(alias) > best_len:
                best, best_len = spec, len(alias)
    return best


def default_relation(name: str) -> str:
    """Protected land may not fall below what is allocated; construction land may not exceed it."""
    return "不超过" if re.search(r"建设用地|宅基地|开发", name) else "不低于"


def _relation(text: str, name: str) -> str:
    if any(w in text for w in _CEILING):
        return "不超过"
    if any(w in text for w in _FLOOR):
        return "不低于"
    return default_relation(name)


def _normalise(value: float, unit: str, kind: str) -> tuple[float, str]:
    unit = unit.strip().strip("()（）")
    if kind == "area":
        return (value * _TO_HECTARE[unit], "公顷") if unit in _TO_HECTARE else (value, unit or "公顷")
    if unit in _TO_HECTARE:
        return value * _TO_HECTARE[unit] * 1e4, "平方米"
    return value, unit or "平方米"


def _number(text: str) -> float | None:
    m = re.search(r"\d[\d,，]*(?:\.\d+)?", text)
    return float(m.group(0).replace(",", "").replace("，", "")) if m else None


def _add(out: Allocation, spec: _Spec, relation: str, value: float, unit: str, source: str) -> None:
    if spec.name in out:
        return
    v, u = _normalise(value, unit, spec.kind)
    out[spec.name] = (relation, round(v, 4), u)
    out.sources[spec.name] = source.strip()


def _from_records(records: list[dict[str, Any]], specs: tuple[_Spec, ...], file: str) -> Allocation:
    out = Allocation(file=file)
    for rec in records:
        name = str(rec.get("indicator") or rec.get("指标") or rec.get("name") or rec.get("名称") or "")
        spec = _spec_for(name, specs)
        raw = rec.get("value", rec.get("数值", rec.get("值", rec.get("指标值"))))
        value = raw if isinstance(raw, (int, float)) else _number(str(raw or ""))
        if spec is None or value is None:
            continue
        unit = str(rec.get("unit") or rec.get("单位") or "")
        relation = str(rec.get("relation") or rec.get("关系") or rec.get("要求") or "")
        source = "，".join(str(v) for v in (name, relation, raw, unit) if v not in (None, ""))
        _add(out, spec, _relation(relation, spec.name) if relation else default_relation(spec.name),
             float(value), unit, source)
    return out


def _read_csv(text: str, specs: tuple[_Spec, ...], file: str) -> Allocation:
    rows = [r for r in csv.reader(io.StringIO(text)) if any(c.strip() for c in r)]
    if not rows:
        return Allocation(file=file)
    keys = ["indicator", "value", "unit", "relation"]
    first = [c.strip().lower() for c in rows[0]]
    if any(k in first for k in keys) or any(k in "".join(first) for k in ("指标", "数值", "单位", "关系")):
        aliases = {"指标": "indicator", "指标名称": "indicator", "name": "indicator", "数值": "value", "指标值": "value",
                   "值": "value", "单位": "unit", "关系": "relation", "要求": "relation"}
        keys = [aliases.get(c, c) for c in first]
        rows = rows[1:]
    return _from_records([dict(zip(keys, (c.strip() for c in r))) for r in rows], specs, file)


def _read_yaml(text: str, specs: tuple[_Spec, ...], file: str) -> Allocation:
    data = yaml.safe_load(text)
    if isinstance(data, dict) and isinstance(data.get("indicators"), (list, dict)):
        data = data["indicators"]
    records: list[dict[str, Any]] = []
    if isinstance(data, list):
        records = [d for d in data if isinstance(d, dict)]
    elif isinstance(data, dict):
        for name, spec in data.items():
            if isinstance(spec, dict):
                records.append({"indicator": name, **spec})
            else:  # 耕地保有量: 不低于 85.3 公顷
                text_value = str(spec)
                unit = re.search(_UNIT_RE, text_value)
                records.append({"indicator": name, "value": text_value, "unit": unit.group(1) if unit else "",
                                "relation": text_value})
    return _from_records(records, specs, file)


_VILLAGE = re.compile(r"([\u4e00-\u9fff]{1,6}?村)(?=村庄规划|规划|下达|耕地|永久|生态|村庄建设|建设用地|的|：|:|\s|$)")


def village_of(doc: Document) -> str:
    """The village a plan is for, from its title: 临溪县白沙镇石桥村村庄规划（2021—2035年） -> 石桥村."""
    m = re.search(r"([\u4e00-\u9fff]{1,8}?村)村庄规划|([\u4e00-\u9fff]{2,8}?村)(?:实用性)?(?:村庄)?规划", doc.title)
    name = (m.group(1) or m.group(2)) if m else ""
    for cut in ("镇", "乡", "街道", "县", "区", "市"):  # keep the village: 白沙镇石桥村 -> 石桥村
        if cut in name:
            name = name.rsplit(cut, 1)[1]
    return name


def _village_matches(text: str, village: str) -> bool:
    return bool(village) and (village in text or village.removesuffix("村") + "村" in text)


def _read_document(doc: Document, specs: tuple[_Spec, ...], village: str, file: str) -> Allocation:
    """Allocations to one village in a township or county plan: a table with a row per village
    and a column per indicator, or sentences that name the village and the indicator
    (下达石桥村耕地保有量不低于85.32公顷)."""
    lines = [x.text for x in plan_lines(doc)]
    villages: set[str] = set()
    out = Allocation(file=file)
    header: list[str] = []
    for text in lines:
        if not is_row(text):
            header = []
            continue
        row = cells(text)
        named = [_spec_for(c, specs) for c in row]
        if sum(1 for s in named if s) >= 1 and not any(_number(c) is not None and _spec_for(c, specs) is None
                                                      and not re.search(r"[（(]", c) for c in row[1:]):
            header = row
            continue
        if not header:
            continue
        who = next((c for c in row if re.search(r"村$|村[（(]", c)), "")
        if who:
            villages.add(who)
        if not _village_matches(" ".join(row), village):
            continue
        for col, title in enumerate(header):
            spec = _spec_for(title, specs)
            if spec is None or col >= len(row) or (value := _number(row[col])) is None:
                continue
            unit = re.search(_UNIT_RE, title) or re.search(_UNIT_RE, row[col])
            _add(out, spec, _relation(title + row[col], spec.name), value, unit.group(1) if unit else "",
                 f"{' | '.join(header)}\n{text}")
    for text in lines:
        if is_row(text):
            continue
        for sentence in re.split(r"[。；;\n]", text):
            for v in _VILLAGE.findall(sentence):
                if _spec_for(sentence, specs):
                    villages.add(v)
            if not _village_matches(sentence, village):
                continue
            for m in re.finditer(r"([\u4e00-\u9fff]{2,14}?)([^0-9，,、；。]{0,10}?)(\d[\d,，]*(?:\.\d+)?)\s*" + _UNIT_RE,
                                 sentence):
                spec = _spec_for(m.group(1) + m.group(2), specs)
                if spec is None:
                    continue
                _add(out, spec, _relation(m.group(2), spec.name), float(m.group(3).replace(",", "").replace("，", "")),
                     m.group(4), sentence)
    if not out and not village and len(villages) > 1:
        raise AllocationUnreadable(file, f"上位规划向{len(villages)}个村下达指标，请指明本村村名")
    if not out and not village and len(villages) <= 1:  # a plan for one village: every allocation is its
        return _read_document(doc, specs, next(iter(villages), "村"), file) if villages else out
    return out


def read_allocation(path: str | Path, village: str = "") -> Allocation:
    """What the upper plan allocates to the village.

    Args:
        path: a CSV (indicator,value,unit,relation; a header row optional), a YAML of the same
            (a list of mappings, or indicator: {value, unit, relation}, or indicator: 不低于 85.3 公顷),
            or a township/county plan (MD, DOCX, PDF, TXT, HTML) that allocates to named villages.
        village: the village (石桥村; `village_of(doc)` reads it from a plan's title); needed
            when a plan document allocates to several villages.

    Raises:
        UnreadableDocument: the file cannot be read, or no allocation to the village is in it.
    """
    path = Path(path)
    specs = _specs()
    suffix = path.suffix.lower()
    if suffix in (".csv", ".yaml", ".yml"):
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise AllocationUnreadable(path.name, "无法读取上位规划指标文件（须为 UTF-8 编码）") from exc
        try:
            out = _read_csv(text, specs, path.name) if suffix == ".csv" else _read_yaml(text, specs, path.name)
        except (yaml.YAMLError, csv.Error) as exc:
            raise AllocationUnreadable(path.name, f"上位规划指标文件格式错误（{type(exc).__name__}）") from exc
    else:
        out = _read_document(load(path), specs, village, path.name)
    if not out:
        where = f"下达给{village}的" if village else "下达的"
        raise AllocationUnreadable(path.name, f"上位规划中没有读到{where}约束性指标")
    return out


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
                     r"审批|执行|不超过|不低于|不少于|不减少|确保|守住|坚守|恢复|退出|新建|建设|改造|治理|用途管制")


# built land given back (空心院落实施复垦, 拆除废弃旧屋, 闲置宅基地腾退): acts on 建设用地 indicators
_BUILT = r"院落|宅基地|旧宅|老宅|空心|闲置|废弃|农房|旧屋|旧房|厂房|砖瓦厂|建设用地"
_GIVE_BACK = r"复垦|拆旧|腾退|减量|拆除|退出"
_BUILT_LAND_RETURNED = re.compile(rf"(?:{_BUILT})[^。；;]{{0,14}}?(?:{_GIVE_BACK})|(?:{_GIVE_BACK})[^。；;]{{0,14}}?(?:{_BUILT})"
                                  # or built land laid out in figures (规划集体经营性建设用地0.92公顷, 新增宅基地24宗)
                                  r"|(?:规划|新增|安排|预留)[^。；;，,]{0,8}?(?:经营性建设用地|宅基地|建设用地)[^。；;，,]{0,6}?[0-9]")


def _core(name: str) -> str:
    core = _CORE_SUFFIX.sub("", name.removeprefix("人均").removeprefix("户均"))
    return core or name


# the evidence rules' land-use accounting table (caption, header), and 国土空间用途结构调整表
_LAND_CAPTION = re.compile(LAND_TABLE.pattern + r"|用途结构")


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
        if LAND_HEADER.search(lines[i].text) or _LAND_CAPTION.search(caption):
            out.update(range(i, j))
        i = j
    return out


def _acted_on(ind: Indicator, lines: list[Line], projects: list[Project], land: set[int]) -> bool:
    """Something in the plan acts on the indicator: a sentence with a measure, a project, or a
    row of a land-use adjustment table (`land`: `_land_use_rows(lines)`) that changes it."""
    core = _core(ind.name)
    names = sorted({ind.name, core}, key=len, reverse=True)
    own = [x for x in (ind.source, *getattr(ind, "sources", ())) if x]
    built = "建设用地" in core
    for at, line in enumerate(lines):
        if at in land and core in line.text and re.search(r"\d", line.text) and not any(line.text in x for x in own):
            return True   # 村庄建设用地 13.80 → 13.40 in the 土地利用结构调整表: the adjustment is the action
        if is_row(line.text) or any(line.text in x for x in own):
            continue
        for sentence in re.split(r"[。；;]", line.text):
            if built and _BUILT_LAND_RETURNED.search(sentence):
                return True   # 对小王庄空心院落实施复垦, 规划新增宅基地24宗: built land given back or laid out
            if core not in sentence:
                continue
            rest = sentence
            for n in names:
                rest = rest.replace(n, "")
            if _ACTION.search(rest):
                return True
    return any(core in f"{p.name} {p.content}" for p in projects)


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
    unread = "" if projects else _unread_project_list(lines)
    if not goals and not projects and not unread and not _has_indicator_table(indicators):
        result.notes.append("文件中没有发展目标、规划指标表和近期建设项目，未核查规划传导")
        return result  # not a plan's text (a survey, a notice): there is no chain to check
    if unread:
        result.notes.append(f"规划载明了近期建设项目（{unread[:60]}），但项目表未能读出，目标—项目传导和项目要素未核实")
    indicator_texts = [f"{i.name} {i.source}" for i in indicators]
    # a table row with a figure (its unit may stand in a column of its own: 污水治理率 | % | 20 | 85)
    indicator_texts += [x.text for x in lines if is_row(x.text) and re.search(r"\d", x.text)
                        and not any(x.text == p.source for p in projects)]
    for g in goals:
        if g.headline:
            continue  # carried by the numbered sub-goals that follow it
        if not _FIGURE.search(g.text) and not any(quantifies(g, t) for t in indicator_texts):
            result.findings.append(TransmissionFinding(
                "goal_without_indicator", g.subject, "该目标没有量化指标：规划指标表和目标表述中都没有与之对应的指标",
                g.text, g.page))
        if not unread and not any(serves(g, p) for p in projects):
            detail = ("规划没有列出近期建设项目，该目标没有项目落实" if not projects
                      else "近期建设项目中没有落实该目标的项目")
            result.findings.append(TransmissionFinding("goal_without_project", g.subject, detail, g.text, g.page))
    for p in projects:
        missing = p.missing()
        if missing:
            result.findings.append(TransmissionFinding(
                "project_incomplete", p.name, f"项目缺少{'、'.join(missing)}", p.source, p.page))
    land = _land_use_rows(lines)
    for ind in indicators:
        if ind.base is None and ind.target is None:
            continue
        if not _acted_on(ind, lines, projects, land):
            result.findings.append(TransmissionFinding(
                "indicator_without_action", ind.name,
                f"规划给出{ind.name}，但正文没有落实该指标的措施、管控规则或项目", ind.source, ind.page))
    if allocation:
        result.findings.extend(_allocation_findings(indicators, allocation))
    return result


__all__ = ["Allocation", "AllocationUnreadable", "Goal", "Project", "Transmission", "TransmissionFinding",
           "KINDS_ZH", "check_transmission", "read_allocation", "read_goals", "read_projects", "village_of",
           "plan_lines"]
