"""Evidence by substance: each requirement's sub-items found passage by passage over the whole plan.

A plan is cut into passages (`passages`): the paragraphs of its units, long paragraphs split at
sentence ends, and every table row (read with its table's header row). Each passage keeps its
heading context, from the chapter down to a short heading line inside the unit.

A sub-item of a requirement is *found* in a passage when one of its terms occurs in a sentence
with real content (`has_substance`: a figure, a place, a measure, a rule; not the term alone)
that is content for THAT sub-item (the catalogue's `content` patterns of the sub-item:
宅基地标准 needs a per-household limit or 一户一宅), and the passage is about that requirement.
A term in the passage's own heading (第六条 发展目标) is carried by its sentences. Whether a
passage is about a requirement is decided by several signals, none of them a gate by itself:
  heading  — the innermost heading of the passage that names any topic names this requirement;
  row name — a table row's name cell (项目名称, 指标名称) holds the requirement's term;
  meaning  — the requirement is among the passage's closest requirements by cosine (within
             `MatchTuning.margin` of the closest, at least `sim_match`) and, under another
             topic's heading, closer than that topic; computed only for the passages the cheap
             signals leave undecided;
  specific — a term only this requirement has (生态保护红线, 乡村建设规划许可证 …), in a
             passage under no topical heading or within `specific_margin` of its closest topic;
  terms    — one sub-item's terms in two clauses of one sentence (坡面补植…，减少水土流失), within
             `specific_margin` of the passage's closest topic.
A heading's term carried into a paragraph that never names it yields to a requirement the
paragraph holds terms of and is plainly closer to (（二）乡村旅游 over a paragraph on 传统民居).
A passage may evidence several requirements. Bare mentions never count: the 目录 (outline
entries), 规划依据 lists (titles of laws), sentences that list many topics (a 总则's tasks over
many ；-pieces, a chapter list), land-use accounting rows (土地利用结构调整表: 耕地, 林地,
农村宅基地 areas are no rule, standard or layout), a list of the plan's deliverables (规划成果),
descriptions of the village as it is (a 现状/概况 chapter; a sentence such as 现状村道长4.5公里
or 2020年末全村户籍人口2,368人 with no provision in it), sentences that point elsewhere
(管控要求见第十三条), compliance in general words (各类开发建设活动应当符合本规划), and a term
named only as an exception (必要的道路、水利设施除外), in a role for another topic (主要道路兼作
消防通道), as the means to another aim (利用村北林地…，发展林下经济), or inside another
requirement's longer word (田间道路 is 高标准农田, not the village's roads).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

import numpy as np

from ingest import Clause, Document
from ingest.clause import join_label
from ingest.errors import CatalogueError

from .catalogue import Requirement, SubItem
from .match import MatchTuning

LIST_MENTION = 4           # a sentence naming this many requirements' topics is a list, not content
HEADING_CHARS = 24         # a line this short without a sentence end is a heading inside a unit
EMBED_CHARS = 400          # the part of a passage the model reads
SPLIT_CHARS = 300          # longer paragraphs are cut at sentence ends into pieces about this long
SPECIFIC_MIN = 4           # a term this long, held by one requirement only, is specific to it
DENSE_TERMS = 2            # a sentence with one sub-item's terms in this many clauses is about that sub-item
BASIS_HEADINGS = ("规划依据", "编制依据", "规划成果", "成果构成", "成果组成",
                  # principles and guiding ideas declare, they provide nothing (严守生态保护红线，保护水系)
                  "规划原则", "基本原则", "编制原则", "指导思想", "规划目的", "编制目的")
# a chapter or heading that describes the village as it is: what it says is no provision
STATUS_QUO_HEADING = re.compile(r"现状|概况|基本情况|村情|发展基础|发展条件|现状分析|问题与|存在问题")
# a sentence that describes the present (现状村道…, 目前…, 2020年末全村…) with no provision in it
_STATUS_QUO_LEAD = re.compile(r"^[\s*（(一二三四五六七八九十0-9)）、.．]*(?:[^，。；]{0,6}现状|目前|现有|截至|截止|"
                              r"(?:19|20)\d{2}\s*年(?:末|底)|全村现)")
_PROVISION = re.compile(r"规划|将|拟|计划|新建|新增|改造|提升|扩建|应|须|不得|严禁|禁止|控制在|不超过|不低于|到20|至20|"
                        r"安排|预留|布置|配置|调整为|调整到|增加到|增至|提高到|减少到|降至|降低到")   # 在东片现状废弃砖厂处安排设施农业用地: a plan, at a present place
# a sentence that points elsewhere (见第十三条, 详见附表2, 按本规划第十部分的要求管理) carries no content
_REFERENCE = re.compile(r"(?:详见|参见|另见|(?<![意可])见)(?:本规划)?(?:第[零一二三四五六七八九十百0-9]+[章节条部分]|附[表图件]|下文|上文|专章)"
                        r"|按(?:照)?本规划第[零一二三四五六七八九十百0-9]+(?:章|节|条|部分)"
                        r"|按(?:照)?(?:本规划)?(?:近期建设项目表|附表[0-9一二三四五六七八九十]*)")
_BRACKETED_REFERENCE = re.compile(r"[（(][^（）()]{0,20}见[^（）()]{0,20}[）)]")
REFERENCE_MARK = "〔见〕"
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")

_SENTENCE = re.compile(r"(?<=[。；！？;!?])")
_FIGURE = re.compile(
    r"[0-9０-９]+(?:[.,][0-9]+)*\s*(?:公顷|hm2|hm²|亩|平方米|㎡|m2|m²|平方千米|平方公里|km2|km²|千米|公里|km|米|m\b"
    r"|万元|亿元|元|万人|人|户|座|处|个|所|间|栋|宗|条|棵|株|台|套|吨|立方米|%|％|床|千伏|kV|年|项|层|辆|盏|口|亩)"
    r"|[0-9０-９]{2,}|[一二两三四五六七八九十百]+(?:处|座|个|所|条|项|层|栋|类|片|组)")
_PLACE = re.compile(r"“[^”]{4,}”|[\u4e00-\u9fff]{2,}(?:镇|乡|县|市|区)人民政府|[\u4e00-\u9fff]{2}(?:镇|乡)(?:中心|区|政府|卫生院)|[\u4e00-\u9fff]{2}(?:水厂|管网|泵站|变电站)|[东南西北]至|[东南西北]侧|位于|沿[\u4e00-\u9fff]|片区|节点|入口|自然村|村民小组|[\u4e00-\u9fff]{2}(?:组|屯|寨|坞|岭|坪|塘|桥|河|溪|江|湖|山|路|街|广场|水库)")
_MEASURE = re.compile(r"新增|实行|采用|采取|推行|纳入|组织|新建|改建|扩建|建设|建成|改造|修复|整治|治理|配置|配备|设置|布置|布局|实施|推进|提升|完善|硬化|铺设|安装|设立|增设"
                      r"|划定|落实|保留|延续|保持|拆除|修缮|迁建|复垦|(?<!、)雨污分流|分流制|种植|管控|疏浚|加固|覆盖|接入|收集|处理|安排|开展|建立|选址"
                      r"|讨论同意|讨论通过|审议|表决|就近|内设|就读|设(?![施计备立置定想])"
                      r"|补充|补划|垦造|开垦|先补后占|腾退|搬迁|退出|清淤|拓宽|更换|架设|敷设|埋设|预留|划入|划为|调整为"
                      r"|由[^，。；]{1,10}?(?:统一|负责|供给|供应|清运|转运|处理|延伸)")
_RULE = re.compile(r"应当|应|须|必须|不得|严禁|禁止|原则上|方可|不超过|不低于|不少于|不高于|不大于|不小于|控制在|确保|严格|执行|以内|以上|以下"
                   r"|(?:主要|只能|重点|仅|优先|专门)用于|不再|只减不增|≤|≥")
_NUMBERING = re.compile(r"第[零一二三四五六七八九十百千0-9]+[编章节条款项]|^\s*(?:[（(][一二三四五六七八九十0-9]+[）)]|[一二三四五六七八九十]+、|[0-9]+(?:\.[0-9]+)*[.、．]?\s)")
_ARTICLE = re.compile(r"^\s*第[零一二三四五六七八九十百千0-9]+[编章节条款项]\s*")
_TITLE_QUOTE = re.compile(r"《[^》]{2,60}》")
LAND_TABLE = re.compile(r"土地利用|用地结构|用途结构|用地平衡|用地汇总|地类|用地面积(?:统计|汇总)|国土空间(?:功能)?结构")
LAND_HEADER = re.compile(r"用地类型|用地名称|用地分类|用地代码|地类|一级类|二级类|三级类")
_SERIAL = re.compile(r"[0-9０-９]+[.、]?|[一二三四五六七八九十]+[、.]?|[（(][一二三四五六七八九十0-9]+[）)]|[①-⑳]|合计|小计|总计")
# compliance that names no rule of its own: 严格落实…制度 / 各类开发建设活动应当符合本规划
_BOILERPLATE = re.compile(r"(?:严格)?(?:落实|执行|遵守|贯彻)[^，,。；;]{0,12}?(?:制度|政策|规定|要求|精神)"
                          r"|(?:^|(?<=[，,。；;：:]))\s*(?:严格)?(?:落实|执行|遵守|贯彻)[^，,。；;0-9０-９]{0,16}(?=[，,。；;]|$)"
                          r"|接受[^，,。；;]{0,6}监督"
                          r"|[^，,。；;]{0,12}?(?:应当|应|须|必须)?(?:符合|服从|遵守)(?:本规划|规划|上位规划|国土空间规划|相关规定|有关规定|相关要求)"
                          r"(?=[，,。；;]|$)"
                          # 生态保护红线内的准入按照国家和四川省有关规定执行: the rule stands elsewhere
                          r"|[^，,。；;0-9０-９]{0,16}?按(?:照)?[^，,。；;0-9０-９]{0,14}?(?:有关|相关)(?:规定|要求|办法|政策)"
                          r"(?:执行|办理|实施|管理)?(?=[，,。；;]|$)")
_HEADING_MARK = re.compile(r"^\s*(?:[（(][一二三四五六七八九十0-9]+[）)]|[一二三四五六七八九十]+、|[0-9]+(?:\.[0-9]+)*[.、．]?\s)")


@dataclass(frozen=True)
class Passage:
    """One paragraph, piece of a paragraph or table row of a plan, where it stands."""

    unit: Clause
    text: str                     # what is quoted (a table row as its cells joined by " | ")
    context: tuple[str, ...]      # headings, outermost first: chapter … unit … heading line or table caption
    match_text: str = ""          # what terms are looked for in (a row with its table's header)
    embed_text: str = ""          # what the model reads (a row: the table's caption, header and row)
    row: bool = False

    @property
    def terms_text(self) -> str:
        return self.match_text or self.text

    @property
    def where(self) -> str:
        """第三章 国土空间布局 › 第九条 生态保护红线（第4页）."""
        c = self.unit
        parts = [*c.path, join_label(c.label, c.title)]
        inner = self.context[-1] if self.context else ""
        if inner and inner not in parts and not any(inner in p for p in parts):
            parts.append(inner)
        where = " › ".join(p for p in parts if p)
        return where + (f"（第{c.page}页）" if c.page else "")


def _is_heading_line(line: str) -> bool:
    s = line.strip().strip("*#").strip()
    bare = _ARTICLE.sub("", _HEADING_MARK.sub("", s))   # 第五条 发展定位: the number is no figure
    return 0 < len(s) <= HEADING_CHARS and not re.search(r"[。；;，,：:！？]", s) and " | " not in line \
        and not _FIGURE.search(bare)


def _lead(body: str) -> str:
    """第五条 发展定位。根据… -> 发展定位 (an article's own title run into its text)."""
    body = re.sub(r"^第[零一二三四五六七八九十百千0-9]+条\s*", "", body)
    head = re.split(r"[。：:]", body, maxsplit=1)[0]
    return head if len(head) <= 16 and "，" not in head and head != body else ""


def _pieces(line: str) -> list[str]:
    if len(line) <= SPLIT_CHARS:
        return [line]
    out, cur = [], ""
    for sentence in _SENTENCE.split(line):
        if cur and len(cur) + len(sentence) > SPLIT_CHARS:
            out.append(cur)
            cur = ""
        cur += sentence
    return out + ([cur] if cur else [])


def passages(doc: Document) -> list[Passage]:
    """Every paragraph and table row of the plan's units with its heading context. The 目录 is
    not in the units (ingest keeps it as `Document.outline`); a line that is only an outline
    entry's title is left out as well."""
    outline = {"".join(e.display.split()) for e in doc.outline} | {"".join(e.title.split()) for e in doc.outline}
    out: list[Passage] = []
    for u in doc.units():
        lines = [ln for ln in u.text.split("\n") if ln.strip()]
        if lines and u.title and u.title in lines[0] and len(lines[0]) <= len(join_label(u.label, u.title)) + 4 \
                and _is_heading_line(lines[0]):
            lines = lines[1:]  # the unit's own heading line (not a one-sentence unit: 3．排水：实行雨污分流。)
        base = tuple(p for p in (*u.path, join_label(u.label, u.title)) if p)
        local = ""            # a heading line inside the unit, or a table's caption
        header = ""           # the header row of the table being read
        for n, line in enumerate(lines):
            text = line.strip()
            if _TABLE_RULE.match(text):   # |------|:---| under a pipe table's header
                continue
            if " | " in text:
                if not header:
                    header = text
                    continue
                ctx = base + ((local,) if local else ())
                caption = local
                out.append(Passage(u, text, ctx, match_text=f"{header}\n{text}",
                                   embed_text=f"{caption}\n{header}\n{text}"[:EMBED_CHARS], row=True))
                continue
            header = ""
            if _is_heading_line(text):
                local = text.strip("*#").strip()
                continue
            if "".join(text.split()) in outline:
                continue
            lead = _lead(text) if n == 0 and not u.title else ""
            ctx = base + tuple(x for x in (local, lead) if x)
            for piece in _pieces(text):
                out.append(Passage(u, piece, ctx))
    return out


# ---- what a sentence carries ---------------------------------------------------------------

_KEPT_OR_BUILT = re.compile(r"^[\s、，,]*(?:保留|新建|改建|扩建|迁建|增设|新增|撤并)[\u4e00-\u9fff]")


def has_substance(sentence: str, term: str, vocabulary: Sequence[str] = ()) -> bool:
    """A figure, a place, a measure or a rule besides the term itself and the catalogue's other
    words (`vocabulary`, longest first): 严格落实生态保护红线143.58公顷 has, （三）生态保护红线
    and 其中耕地保有量、永久基本农田保护面积为约束性指标 have not."""
    # a term that is itself a rule (不得改变用途) stays: it is the rule
    rest = _BOILERPLATE.sub("、", sentence)
    rest = rest if _RULE.match(term) else rest.replace(term, "")
    for word in vocabulary:
        if not _RULE.match(word):   # 不得擅自, 严禁 are catalogue terms and still rules
            rest = rest.replace(word, "、")
    rest = _BOILERPLATE.sub("、", rest)
    if _FIGURE.search(_HEADING_MARK.sub("", rest)):
        return True
    if _KEPT_OR_BUILT.match(rest):
        return True   # 保留村幼儿园, 新建村卫生室: a short provision is still one
    if len(re.sub(r"[\s\W_0-9]", "", rest)) < 4:
        return False
    return bool(_PLACE.search(rest) or _MEASURE.search(rest) or _RULE.search(rest))


def words_of(s: SubItem) -> tuple[str, ...]:
    """A sub-item's terms: the words that name it."""
    return s.terms


def patterns_of(s: SubItem) -> tuple[re.Pattern[str], ...]:
    """A sub-item's content patterns (its `content`): when it has any, a sentence counts for it
    only if it matches one (宅基地标准: an area limit per household or 一户一宅, not any
    sentence naming 宅基地)."""
    return tuple(_compiled(c, s.name) for c in s.content)


def findings_of(s: SubItem) -> tuple[re.Pattern[str], ...]:
    """A sub-item's finding patterns (its `finding`): a sentence matching one is content for it
    without a figure, place, measure or rule (灾害风险: 主要灾害风险为洪涝和内涝)."""
    return tuple(_compiled(c, s.name) for c in s.finding)


def statements_of(s: SubItem) -> tuple[re.Pattern[str], ...]:
    """A sub-item's statement patterns (its `statement`): a sentence matching one states the
    sub-item (产业定位与布局: 以青稞种植和盘绣加工为主导) under any heading."""
    return tuple(_compiled(c, s.name) for c in s.statement)


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _compiled(pattern: str, sub_item: str) -> re.Pattern[str]:
    if pattern not in _PATTERNS:
        try:
            _PATTERNS[pattern] = re.compile(pattern)
        except re.error as exc:
            raise CatalogueError("要求目录", None, f"子项 {sub_item} 的内容模式 {pattern} 不是有效的正则表达式") from exc
    return _PATTERNS[pattern]


def is_land_use_row(p: Passage) -> bool:
    """A row of a land-use accounting table (土地利用结构调整表, 用地平衡表: land classes and their
    areas). Its land classes (耕地, 林地, 农村宅基地) are accounting, not evidence of a protection
    rule, a standard or a layout; it counts for no requirement. A table set as aligned text
    (其他用地陆地水域 35.48 35.48 0.00) is no row to the reader, but stands under its caption or
    its header line."""
    # under its caption, or under its header read as a line (一级类二级类基期年目标年增减)
    under = any(LAND_TABLE.search(c) or LAND_HEADER.search(c) for c in p.context[-2:])
    if not p.row:
        return under and not re.search(r"[。；;]", p.text)
    header = p.terms_text.split("\n", 1)[0] if "\n" in p.terms_text else ""
    return under or bool(LAND_HEADER.search(header))


def row_subject(p: Passage) -> str:
    """What a table row is about: its name cell (the column headed 名称/项目/指标, else the first
    cell that is not a serial number). 供水管网改造工程 in a project table, 卫生厕所普及率 in an
    indicator table; not the place or funding cells (榆林营居民点 is where, not what)."""
    if not p.row:
        return ""
    cells = [c.strip() for c in p.text.split(" | ")]
    header = p.terms_text.split("\n", 1)[0].split(" | ") if "\n" in p.terms_text else []
    for n, h in enumerate(header):
        if n < len(cells) and re.search(r"名称|项目|指标|内容", h) and not re.search(r"地点|位置|来源|序号", h):
            return cells[n]
    return next((c for c in cells if c and not _SERIAL.fullmatch(c)), "")


def is_title_list(text: str) -> bool:
    """A 规划依据 line: mostly titles of laws and plans (《…》《…》)."""
    titles = sum(len(m) for m in _TITLE_QUOTE.findall(text))
    return titles > 0 and titles >= 0.5 * len("".join(text.split()))


_NOT_TOPIC_AFTER = r"(?!边界|用地|规模)"
# a record of the plan's 公示 or meeting (规划草案在村务公开栏、各居民点公示，意见主要涉及宅基地选址): the
# places and subjects it names are no content but for the requirement that owns 公示
_PROCEDURE_RECORD = re.compile(r"(?:规划|草案|方案|成果)[^。；;]{0,40}?(?:进行|予以)?公示|公示期间|"
                               r"召开[^。；;]{0,12}村民(?:代表)?会议|村民(?:代表)?会议[^。；;]{0,20}(?:审议|表决|讨论)")

# the header of a table of villagers' opinions (意见类别 | 数量 | 采纳情况)
_OPINION_ROW = re.compile(r"意见|建议|诉求|采纳")


_LIMITED = r"[^，,。；;]{0,6}?(?:不超过|不得超过|不高于|不大于|不低于|不少于|不小于|控制在|≤|[0-9０-９])"


@dataclass
class Topics:
    """Which requirements each heading word and term belongs to, for one catalogue."""

    requirements: tuple[Requirement, ...]
    specific: dict[str, set[str]] = field(default_factory=dict)    # requirement id -> its specific terms
    vocabulary: tuple[str, ...] = ()    # every term and heading word, longest first
    owners: dict[str, set[str]] = field(default_factory=dict)      # word -> requirements that have it
    _foreign: dict[str, frozenset[str]] = field(default_factory=dict)
    _others: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _named: dict[str, frozenset[str]] = field(default_factory=dict)   # heading -> the requirements it names

    def __post_init__(self) -> None:
        owners = self.owners
        for r in self.requirements:
            for s in r.sub_items:
                patterns_of(s)   # a content, finding or statement pattern that is no regular expression is refused here
                findings_of(s)
                statements_of(s)
            for t in {t for s in r.sub_items for t in words_of(s)} | set(r.headings):
                owners.setdefault(t, set()).add(r.id)
        self.vocabulary = tuple(sorted((t for t in owners if len(t) >= 2), key=len, reverse=True))
        for r in self.requirements:
            mine = {t for s in r.sub_items for t in words_of(s)}
            own = f"{r.name}{r.description}{''.join(r.headings)}"
            base = {t for t in mine if len(t) >= SPECIFIC_MIN and t in own and owners[t] == {r.id}
                    and not any(t in o and owners[o] != {r.id} for o in owners if o != t)}
            # 乡村建设规划许可证 is as specific as the 规划许可 it names
            self.specific[r.id] = base | {t for t in mine if owners[t] == {r.id} and any(b in t for b in base)}

    def others(self, rid: str) -> tuple[str, ...]:
        """The catalogue's words (longest first) but requirement `rid`'s own terms."""
        if rid not in self._others:
            own = {t for r in self.requirements if r.id == rid for s in r.sub_items for t in words_of(s)}
            self._others[rid] = tuple(w for w in self.vocabulary if w not in own)
        return self._others[rid]

    def foreign(self, rid: str, s: SubItem | None = None) -> frozenset[str]:
        """Catalogue words no sub-item or heading of requirement `rid` has, and the longer words
        sub-item `s` names as holding its terms without naming it (`SubItem.not_in`)."""
        if rid not in self._foreign:
            self._foreign[rid] = frozenset(t for t, who in self.owners.items() if rid not in who)
        if s is None or not s.not_in:
            return self._foreign[rid]
        key = f"{rid}/{s.name}"
        if key not in self._foreign:
            self._foreign[key] = self._foreign[rid] | frozenset(s.not_in)
        return self._foreign[key]

    def limits_own_terms(self, sentence: str, rids: set[str]) -> bool:
        """`sentence` sets a limit or a figure on a term only the requirements `rids` have
        (建筑高度不超过7.5米, 屋脊高度不得超过堡墙): it is their content."""
        return any(t in sentence and len(self.owners[t]) == 1 and self.owners[t] <= rids
                   and re.search(re.escape(t) + _LIMITED, sentence)
                   for r in self.requirements if r.id in rids for s in r.sub_items for t in words_of(s))

    def names(self, heading: str, rid: str) -> bool:
        """The heading holds one of requirement `rid`'s words (a heading word or a term)."""
        return any(w in heading and rid in self.owners[w] for w in self.vocabulary if len(w) >= 2)

    def named(self, heading: str) -> set[str]:
        """The requirements a heading names (by their heading words); a heading word that heads a
        boundary or a land class (村庄建设用地管制, 村庄建设边界) names none."""
        if heading not in self._named:
            self._named[heading] = frozenset(
                r.id for r in self.requirements
                if any(h in heading and re.search(re.escape(h) + _NOT_TOPIC_AFTER, heading) for h in r.headings))
        return set(self._named[heading])

    def mentioned(self, sentence: str) -> int:
        """How many requirements a sentence names by heading words (4+ characters) or name; a
        heading word that heads a boundary or a land class (村庄建设边界, 村庄建设用地) names none."""
        return sum(1 for r in self.requirements
                   if any(len(h) >= 4 and re.search(re.escape(h) + _NOT_TOPIC_AFTER, sentence) for h in r.headings)
                   or re.split(r"[（(与和]", r.name)[0] in sentence)


def topic_heading(context: Sequence[str], topics: Topics) -> str:
    """The innermost heading that names any requirement ("" if none does)."""
    return next((h for h in reversed(context) if topics.named(h)), "")


def innermost_topics(context: Sequence[str], topics: Topics) -> set[str]:
    """The requirements named by the innermost heading that names any."""
    heading = topic_heading(context, topics)
    return topics.named(heading) if heading else set()


# 依据, 法律依据, 依据与原则 head the list of laws; 许可依据, 审批依据 head what the plan rules on permits
_BASIS_WORD = re.compile(r"(?<!许可)(?<!审批)(?<!管理)(?<!执法)(?<!实施)依据")


def is_bare_context(context: Sequence[str]) -> bool:
    return any(any(b in h for b in BASIS_HEADINGS) or _BASIS_WORD.search(h) is not None for h in context)


def is_status_quo_context(context: Sequence[str], topics: Topics) -> bool:
    """Under a heading that describes the village as it is (第二章 现状概况, 二、村庄概况,
    设施现状): a description, not a provision of the plan. The innermost heading that says
    either decides: 第七条 发展定位 inside 第二章 村庄概况与发展定位 is the plan's; a heading that
    says both (村庄概况与发展定位, 道路现状与规划) leaves it to the headings outside it."""
    for h in reversed(context):
        # 现状与定位, 道路现状与规划: a heading that says both leaves it to the headings outside
        # (现状与问题, 现状及存在问题 say the present twice)
        status = bool(STATUS_QUO_HEADING.search(h)) and not re.search(
            r"现状(?:与|和|及)(?!(?:存在)?问题|分析|评价|特征)|(?<!问题)(?:与|和|及)现状", h)
        topical = bool(topics.named(h))
        if status and not topical:
            return True
        if topical and not status:
            return False
    return False


# nothing planned: 村域内未划定生态保护红线 / 不涉及永久基本农田 states that a designation is absent
# (a risk that is absent, 村内无地质灾害隐患点, is still a finding about risk); 本规划作为…用途管制
# 和规划许可的依据 states the plan's role, and 经批准后不得擅自修改 its force
_ABSENCE = re.compile(r"未[^，。；]{0,8}?(?:划定|划入|涉及|纳入)|不涉及")
_ROLE = re.compile(r"作为[^。；]{0,60}(?:依据|基础)|是[^。；]{0,80}(?:法定)?依据")
# a step of the plan's procedure (由书洋镇人民政府报南靖县人民政府审批), which a pointer beside it leaves standing
_SUBMITTED = re.compile(r"报[^，,。；;]{0,16}(?:审批|批准|审查|备案)")
# its force once approved (规划经批准后，任何单位和个人不得擅自修改): no approval procedure, unless the
# sentence also says who submits it to whom (乡镇人民政府审核上报，经县级人民政府批准后…)
_STEP = re.compile(rf"上报|报送|{_SUBMITTED.pattern}")
_FORCE = re.compile(r"批准后[^。；]{0,16}(?:不得|严禁)擅自(?:修改|变更|调整)")


def is_absence_or_role(sentence: str) -> bool:
    return bool(_ABSENCE.search(sentence) or _ROLE.search(sentence)
                or (_FORCE.search(sentence) and not _STEP.search(sentence)))


def is_status_quo(sentence: str) -> bool:
    """现状村道长4.5公里。 / 2020年末全村户籍人口2,368人 — the present, with no provision."""
    return bool(_STATUS_QUO_LEAD.search(sentence)) and not _PROVISION.search(sentence)


def mark_references(text: str) -> str:
    """管控要求见第十三条 / 按本规划第十部分的要求管理: the content stands elsewhere, so the pointer
    is marked (the numbering is stripped later). A reference in brackets after content
    (不低于95.62公顷（见附表1）) is dropped and leaves the content."""
    return _REFERENCE.sub(REFERENCE_MARK, _BRACKETED_REFERENCE.sub("", text))


_NAMES_INDICATORS = re.compile(r"等[^，,。；;]{0,10}指标")


def _points_away(term: str, sentence: str) -> bool:
    """Every clause naming `term` only points elsewhere (…生态保护红线、永久基本农田的管控要求分别见
    第十九条) or names it among the plan's indicators (本规划确定耕地保有量、生态保护红线面积等约束性指标)."""
    holding = [c for c in re.split(r"[，,]", sentence) if term in c]
    return bool(holding) and all(REFERENCE_MARK in c or _NAMES_INDICATORS.search(c) for c in holding)


def is_reference(sentence: str) -> bool:
    """The sentence only points elsewhere (管控要求见第十三条): its clauses other than the pointer's
    carry no figure or rule. 村民代表会议应到45人，实到41人，40人同意，决议见附件 keeps its record."""
    if REFERENCE_MARK not in sentence:
        return False
    rest = [_NUMBERING.sub(" ", c) for c in re.split(r"[，,]", sentence) if c.strip() and REFERENCE_MARK not in c]
    # a figure in digits (实到41人), not 分近期和远期两个阶段控制; a step of the procedure (由…报…县人民政府审批)
    return not any((_FIGURE.search(c) and re.search(r"[0-9０-９]", c)) or _RULE.search(c) or _SUBMITTED.search(c)
                   for c in rest)




# a clause that names something only as an exception (农业设施和必要的道路、水利设施除外, 除…外) or
# only in a role it plays for another topic (主要道路兼作消防通道, 以停车场作为应急避难场所): the
# thing itself is not planned there
_CLAUSE = re.compile(r"[，,；;：:。！？]")
_ROLE_AFTER = r"[^，,；;：:。]{0,6}?(?:兼作|兼做|兼为|作为|用作|兼顾)"


_MEANS_BEFORE = r"(?:利用|依托|借助|凭借)[^，,；;：:。（(]{0,12}?"   # not into a bracketed note
_AIM = re.compile(r"发展|打造|开展|培育|形成")


_NEGATION = r"(?:无(?!障碍|害化|偿|序|人|线|公害|污染|违)|没有|未发现|不存在)"


class _Mention(NamedTuple):
    """The patterns that place `term` in a mention rather than content, compiled once per term
    (ten per term over a catalogue's few hundred terms would overflow `re`'s own cache)."""

    absent: re.Pattern[str]       # 村域内无文物保护单位
    opinion: re.Pattern[str]      # 意见…主要涉及分户建房选址
    indicator: re.Pattern[str]    # 耕地保有量…等约束性指标
    needed: re.Pattern[str]       # 确需建设的交通设施
    unapproved: re.Pattern[str]   # 未经批准的宅基地
    role: re.Pattern[str]         # 道路兼作消防通道
    used_as: re.Pattern[str]      # 以文化广场为应急避难场所
    along: re.Pattern[str]        # 沿主要道路设消火栓
    asked: re.Pattern[str]        # 对宅基地的意见
    means: re.Pattern[str]        # 利用村北林地…发展林下经济
    former: re.Pattern[str]       # 原村小闲置校舍地块: a site named after what stood there
    outside: re.Pattern[str]      # 新建脐橙园选在永久基本农田以外的缓坡园地: a boundary for something else
    land_class: re.Pattern[str]   # 原宅基地、院落和村内道路等建设用地9.13公顷: one of a land class's parts
    permit: re.Pattern[str]       # 进行农村村民住宅建设的，应当依法办理…许可证: the scope of a procedure
    controlled: re.Pattern[str]   # 按生态保护红线、永久基本农田…实施用途管制: the lines use control follows
    listed: re.Pattern[str]       # 完成重点项目库所列近期项目: what the list holds, pointed at
    deferred: re.Pattern[str]     # 生态保护红线…内的用途按国家和天津市规定管控: rules left to others
    applied: re.Pattern[str]      # 村民建房经村民代表会议讨论: a household's application, not the plan's
    accounted: re.Pattern[str]    # 村庄建设用地由34.62公顷减少至33.85公顷，…拆除后复垦为耕地: land accounting


@cache
def _mention(term: str) -> _Mention:
    t = re.escape(term)
    return _Mention(
        absent=re.compile(_NEGATION + r"[^，,；;：:。]{0,20}?" + t),
        opinion=re.compile(r"(?:意见|建议|诉求)[^。]{0,30}?涉及[^。；]{0,24}?" + t),
        indicator=re.compile(t + r"[^。；;0-9０-９]{0,40}?(?:等|为)[^，,；;：:。]{0,4}(?:约束性|预期性|控制性|引导性|规划)?指标"
                                 r"(?![^。；;]*[0-9０-９])"),
        # 确需建设的交通设施 names an exception; 确需建二层的檐口高度不超过7米 sets the term's own limit
        needed=re.compile(r"确需[^，,；;：:。]{0,4}的(?:(?!实行|执行|办理|履行|按)[^，,；;：:。应须要]){0,12}?" + t
                          + r"(?![^，,；;：:。]{0,8}?(?:不超过|不得超过|不高于|不大于|控制在))"),
        # 未经批准的宅基地 is no standard; 未经许可擅自建房的，责令停止建设 is the permit's own rule
        unapproved=re.compile(r"(?!)" if "许可" in term else r"未经[^，,；;：:。]{0,4}?" + t),
        role=re.compile(t + _ROLE_AFTER),
        used_as=re.compile(r"以[^，,；;：:。]{0,20}?" + t + r"[^，,；;：:。为]{0,12}?为(?!主)"),
        along=re.compile(r"沿[^，,；;：:。]{0,8}?" + t + r"[^，,；;：:。]{0,4}?(?:设|布置|配置|安装|种植|栽植)"),
        asked=re.compile(r"对[^，,；;：:。]{0,16}?" + t + r"[^，,；;：:。]{0,8}?(?:意见|建议|诉求|看法)"),
        means=re.compile(_MEANS_BEFORE + t),
        former=re.compile(r"(?<![还复])[原旧]" + t + r"[^，,；;：:。]{0,6}?(?:地块|旧址|原址|校舍|用地|场地|闲置|厂房)"),
        outside=re.compile(r"(?:选在|选址于|布局在|布置在|安排在|位于)[^，,；;：:。]{0,6}?" + t + r"(?:范围)?(?:以外|之外)"),
        land_class=re.compile(t + r"[^，,；;：:。]{0,12}?等[^，,；;：:。]{0,4}?用地"),
        permit=re.compile(t + r"[^，,；;：:。]{0,20}?的[，,]\s*(?:应当|应|须|需|必须)?(?:依法)?(?:办理|申请|取得|报批)"),
        controlled=re.compile(r"(?:按|按照|依据|根据)[^，,；;：:。]{0,30}?" + t
                              + r"[^，,；;：:。]{0,30}?(?:实施|实行|进行|落实)(?:国土空间)?(?:用途)?管制"),
        listed=re.compile(t + r"(?:中|内)?(?:所列|列出的|确定的)"),
        deferred=re.compile(t + r"[^，,；;：:。]{0,24}?(?:按|按照|依照|依据)(?:国家|省|市|县|区|上级|有关)[^，,；;：:。]{0,12}?"
                                r"(?:规定|要求|办法)(?:管控|执行|管理|办理)?"),
        applied=re.compile(r"(?:村民|农户|农民|个人)?(?:建房|宅基地申请|宅基地审批|分户)[^。；;]{0,8}?(?:经|须经|应经|由|报)"
                           r"[^。；;]{0,24}?" + t),
        accounted=re.compile(r"建设用地[^。；;]{0,40}?(?:减少|减量|调整为|腾退)[^。；;]{0,60}?" + t))


def named_absent(term: str, sentence: str) -> bool:
    """Every occurrence of `term` is named as absent (经调查，村域内无文物保护单位、历史建筑，未发现
    古树名木): a statement that there is nothing to plan for it."""
    clauses = [c for c in _CLAUSE.split(sentence) if term in c]
    absent = _mention(term).absent
    return bool(clauses) and all(absent.search(c) for c in clauses)


def only_mentioned(term: str, sentence: str) -> bool:
    """Every occurrence of `term` in `sentence` stands in an exception clause, before a role
    verb (道路兼作消防通道), as the means to another aim (利用村北林地林下套种…，发展林下经济) or
    as the name of a site after what stood there (原村小闲置校舍地块): a mention of the term, not
    content for it."""
    clauses = [c for c in _CLAUSE.split(sentence) if term in c]
    if not clauses:
        return False
    boilerplate = [m.group() for m in _BOILERPLATE.finditer(sentence)]
    if all(term in b for b in boilerplate) and sentence.count(term) == sum(b.count(term) for b in boilerplate):
        return True   # only in compliance in general words (接受村民监督)
    m = _mention(term)
    if m.opinion.search(sentence):
        return True   # what villagers' opinions concerned (意见…主要涉及分户建房选址)
    if m.indicator.search(sentence):
        return True   # 耕地保有量、永久基本农田保护面积…等约束性指标: the indicators named, not set
    if m.applied.search(sentence) or m.accounted.search(sentence):
        return True   # a household's application, or built land accounted for: the whole sentence
    for clause in clauses:
        c = clause.strip()
        if m.permit.search(sentence, max(0, sentence.find(c))) is not None or m.land_class.search(c) is not None \
                or m.controlled.search(c) is not None or m.deferred.search(c) is not None:
            continue
        exception = c.endswith("除外") or re.search(r"除[^外]*" + re.escape(term) + r"[^外]*外", c) is not None \
            or m.needed.search(c) is not None or m.unapproved.search(c) is not None
        role = m.role.search(c) is not None or m.used_as.search(c) is not None \
            or m.along.search(c) is not None or m.asked.search(c) is not None \
            or m.former.search(c) is not None or m.outside.search(c) is not None or m.listed.search(c) is not None
        means = m.means.search(c)
        aimed = means is not None and _AIM.search(sentence, sentence.find(c) + means.end()) is not None
        if not (exception or role or aimed):
            return False
    return True


@dataclass
class SubItemHit:
    name: str
    term: str
    specific: bool
    titled: bool = False      # the term stands only in the passage's heading, which carries it
    dense: bool = False       # two or more of the sub-item's terms in one sentence with content


def hits_in(req: Requirement, p: Passage, topics: Topics) -> list[SubItemHit]:
    """The sub-items of `req` found in `p`: a term in a sentence with real content that matches
    the sub-item's content patterns, if it has any (a table row: the term in the row or its
    header, the content in the row's own cells); a sentence naming many topics is a list and
    carries none."""
    text = _NUMBERING.sub(" ", mark_references(p.terms_text))   # 第二条, （三）: numbering is no figure
    if p.row:
        sentences = [text]
    else:
        sentences = [s for s in _SENTENCE.split(text) if s.strip()]
    heading = _own_heading(p.context, topics)
    # a heading naming two topics (农房建设与风貌) carries its words only to sentences that are not
    # plainly the other topic's (建筑高度不超过7.5米 under it is a building rule, not 风貌)
    named = topics.named(heading)
    beside = named - {req.id}
    # a goal or 定位 sentence strings several topics' aims together (以虾稻共作为主导产业，守住耕地和永久
    # 基本农田，改善人居环境): each aim has content only in its own clause
    aims = not p.row and bool(_AIMS_HEADING.search(heading)) and req.id not in named
    # a row's content stands in its own cells; its content patterns may stand in its header too
    # (宅基地面积上限（㎡） over 小户 | 3人 | 90)
    row_own = _NUMBERING.sub(" ", p.text) if p.row else ""
    row_shaped = _NUMBERING.sub(" ", p.match_text) if p.row else ""
    out = []
    # the requirement's other terms are content for it (排水实行雨污分流; 古厝…不得拆除, a protected
    # object with its rule), other requirements' words are not
    vocabulary = topics.others(req.id)
    records_procedure = req.id in topics.owners.get("公示", set())
    for s in req.sub_items:
        patterns = patterns_of(s)
        findings = findings_of(s)
        mine = words_of(s)
        if p.row:   # the term the row's name cell holds first (村小学运动场改造: 小学, not 教育专项资金's 教育)
            subject = row_subject(p)
            mine = tuple(sorted(mine, key=lambda t: t not in subject))
        for term in mine:
            if p.row and any(term in w and w in subject for w in s.not_in):
                continue   # 污水管网和人工湿地 | 湿地2座: the row is about the longer word
            # a term in the passage's own heading (第六条 发展目标) is carried by each of its sentences
            titled = term in heading and not is_bare_context((heading,))
            if term not in text and not titled:
                continue
            ok = False
            for sentence in sentences:
                if not titled and (not occurs(term, sentence, vocabulary, topics.foreign(req.id, s))
                                   or only_mentioned(term, sentence)):
                    continue
                if titled and term not in sentence and beside and topics.limits_own_terms(sentence, beside):
                    continue
                if not titled and _points_away(term, sentence):
                    continue   # 生态保护红线的管控要求见第十九条: the term's own clause only points elsewhere
                if not titled and all(_SITED_BY_LAW.search(c) for c in _clauses_holding(term, sentence)):
                    continue   # 边界外不得集中建设，交通、水利设施依法选址: the term's own clause leaves it to law
                # 村域内无地质灾害隐患点 is a finding about risk; 村域内无文物保护单位 plans nothing
                if not titled and named_absent(term, sentence) and not any(x.search(sentence) for x in findings):
                    continue
                if records_procedure and not p.row and _AMENDMENT.search(sentence):
                    continue   # 本规划确需修改的，应经村民代表会议讨论同意: how a later change goes, no record
                own = row_own if p.row else _own_clauses(term, sentence) if aims and not titled else sentence
                if not records_procedure and (_OPINION_ROW.search(p.match_text.split("\n", 1)[0]) if p.row
                                              else _PROCEDURE_RECORD.search(sentence)):
                    continue   # the record of the plan's making: what villagers raised, not what it plans
                if not p.row and (_no_provision(text, sentence, topics) or is_absence_or_role(sentence)):
                    continue
                # a table's caption carries its term and what the rows give (表5-2 宅基地面积标准 over
                # 3人及以下户 | 不超过100平方米)
                shaped = (f"{heading}\n{row_shaped}" if titled else row_shaped) if p.row else sentence
                ok = (has_substance(own, term, vocabulary) or any(x.search(own) for x in findings)) and (
                    not patterns or any(x.search(shaped) for x in patterns))
                if ok:
                    break
            if ok:
                dense = _clauses_with(mine, sentence, vocabulary, topics.foreign(req.id, s)) >= DENSE_TERMS
                out.append(SubItemHit(s.name, term, term in topics.specific[req.id],
                                      titled=titled and term not in text, dense=dense))
                break
        if not p.row and not any(h.name == s.name and h.specific for h in out):
            hit = _stated(s, sentences, text, topics)
            if hit is not None:   # stated outright: as strong as a specific term
                out = [h for h in out if h.name != s.name] + [hit]
    return out


_AMENDMENT = re.compile(r"(?:确需|需要|如需|若需|需)(?:对本规划)?(?:修改|调整|变更)(?:本规划|规划)?(?:的|时)")
_AIMS_HEADING = re.compile(r"(?<!指)目标|定位")


def _clauses_holding(term: str, sentence: str) -> list[str]:
    """The clauses of `sentence` (between commas) that hold `term`."""
    return [c for c in re.split(r"[，,；;]", sentence) if term in c]


def _own_clauses(term: str, sentence: str) -> str:
    """The clauses of `sentence` that hold `term`, as one text (the sentence if none does)."""
    return "，".join(_clauses_holding(term, sentence)) or sentence


def _own_heading(context: Sequence[str], topics: Topics) -> str:
    """The heading whose terms a passage's sentences carry: its innermost, or, where that names
    no topic, the section right above it (（三）发展目标 over （一）守牢耕地红线。…), but never the
    outermost chapter (第三章 基础设施和公共服务设施 over 第十条 道路交通)."""
    if not context:
        return ""
    if len(context) >= 3 and not topics.named(context[-1]) and topics.named(context[-2]):
        return context[-2]
    return context[-1]


def _stated(s: SubItem, sentences: Sequence[str], text: str, topics: Topics) -> SubItemHit | None:
    """The sub-item stated by one of its statement patterns in a sentence of the plan's own
    provisions (not the present state, a reference or a list of topics): specific to it."""
    for pattern in statements_of(s):
        for sentence in sentences:
            m = pattern.search(sentence)
            if m is None:
                continue
            # 本规划是…核发乡村建设规划许可的法定依据: the plan's role, no provision
            if not _no_provision(text, sentence, topics) and not is_absence_or_role(sentence):
                return SubItemHit(s.name, m.group(), True)
    return None


# a sentence that leaves the matter to rules elsewhere (按照《基本农田保护条例》和有关规定执行,
# 具体指标按上级规划分解下达的数值执行): nothing of the plan's own
_DEFERRAL = re.compile(r"(?:按|按照|依照|依据|参照|遵照)[^。；;]{0,50}?(?:规定|要求|标准|办法|数值|规范|程序|条例|规划|预案|法规|法律)"
                       r"[^。；;，,]{0,4}(?:执行|办理|实施|管理|管控|进行|组织)"
                       r"|应(?:当)?(?:符合|遵守|服从)[^。；;，,]{0,30}(?:规定|要求|标准|规划)"
                       r"|以[^。；;，,]{2,40}?为准|另行(?:规划|确定|安排|编制)"
                       # 本规划不再另行规定 / 不另作规定 / 不再赘述: the plan says it provides nothing here
                       r"|(?:本规划)?不(?:再)?(?:另行|另作)?(?:规定|赘述)|不作(?:具体|专门)?(?:安排|规定)")
# a clause that leaves where something goes to the law (交通、水利设施依法选址): nothing of the plan's own
_SITED_BY_LAW = re.compile(r"依法(?:依规)?选址")


def _no_provision(text: str, sentence: str, topics: Topics) -> bool:
    """A ；-piece of `text` that provides nothing: its sentence lists topics or describes the
    present, points elsewhere or leaves the matter to other rules."""
    whole = _whole_sentence(text, sentence)
    return _is_topic_list(whole, topics) or is_reference(sentence) or is_status_quo(whole) or _deferred(sentence) \
        or _TASK_LIST.match(whole) is not None or _is_slogan(sentence)


# 加强组织领导，强化规划实施监督，形成工作合力，确保规划落地见效: exhortations, no provision
_EXHORT = re.compile(r"^\s*(?:加强|强化|形成|确保|坚持|做好|推动|注重|切实|全面|着力|一张蓝图|加快|推进|助力|让)")


def _is_slogan(sentence: str) -> bool:
    """Every clause of the sentence but perhaps its last exhorts (加强…, 强化…, 确保…), and it
    names no figure and binds no one: a call to act, not a provision."""
    clauses = [c for c in re.split(r"[，,；;。]", sentence) if c.strip()]
    return len(clauses) >= 2 and all(_EXHORT.match(c) for c in clauses[:-1]) \
        and sum(1 for c in clauses if _EXHORT.match(c)) >= len(clauses) - 1 \
        and not _FIGURE.search(_NUMBERING.sub(" ", sentence)) and not _BINDING.search(sentence)


# the 总则's list of the plan's tasks (规划主要任务包括：…（七）开展村庄安全和防灾减灾规划…): what the plan
# will do, named, not done
_TASK_LIST = re.compile(r"[\s…]*(?:本规划|规划)?(?:的)?(?:主要|重点)?(?:任务|内容|工作)(?:主要)?(?:包括|有|为|是)[：:]"
                        r"|[\s…]*(?:本次|本)规划的?(?:主要|重点)(?:任务|内容)[：:]")


def _deferred(sentence: str) -> bool:
    """Every clause of the sentence either defers to other rules or says nothing of its own (no
    figure or rule): 永久基本农田的划定、占用和补划，按照《基本农田保护条例》执行. A clause with a rule
    of its own (村庄建设边界外不得新增建设用地，…按准入要求办理) keeps the sentence."""
    bare = _TITLE_QUOTE.sub("", sentence)
    clauses = [c for c in re.split(r"[，,]", bare) if c.strip()]
    deferring = [c for c in clauses if _DEFERRAL.search(c)]
    return bool(deferring) and not any(
        _FIGURE.search(_NUMBERING.sub(" ", c)) or _RULE.search(c) for c in clauses if c not in deferring)


def _clauses_with(terms: Sequence[str], sentence: str, vocabulary: Sequence[str], foreign: frozenset[str]) -> int:
    """How many clauses of `sentence` hold one of `terms` as content (坡面补植…1.20公顷，恢复植被、
    减少水土流失: two; 防洪排涝能力明显提升 or 主要用于产业用地和留白用地: one, a compound or a list)."""
    return sum(1 for c in _CLAUSE.split(sentence)
               if any(occurs(t, c, vocabulary, foreign) and not only_mentioned(t, c) for t in terms))


def occurs(term: str, sentence: str, vocabulary: Sequence[str], foreign: frozenset[str] = frozenset()) -> bool:
    """`term` stands in `sentence` as a word of its own: not as the front of a longer catalogue
    word that runs past its end (规划目标年 is 目标年, a year, not the 规划目标: a Chinese compound's
    head is its last part), nor inside a longer word of another requirement that holds it whole
    (田间道路 is farmland infrastructure, not the village's 道路)."""
    start = sentence.find(term)
    while start >= 0:
        end = start + len(term)
        if not any(w != term and _crosses(w, sentence, start, end) for w in vocabulary if w in sentence) \
                and not any(len(w) > len(term) and term in w and _holds(w, sentence, start, end)
                            for w in foreign if w in sentence):
            return True
        start = sentence.find(term, start + 1)
    return False


def _holds(word: str, sentence: str, start: int, end: int) -> bool:
    """An occurrence of `word` covers [start, end)."""
    j = sentence.find(word, max(0, end - len(word)))
    while 0 <= j <= start:
        if j + len(word) >= end:
            return True
        j = sentence.find(word, j + 1)
    return False


def _crosses(word: str, sentence: str, start: int, end: int) -> bool:
    """An occurrence of `word` begins inside [start, end) and ends after `end`."""
    j = sentence.find(word, start + 1)
    while 0 <= j < end:
        if j + len(word) > end:
            return True
        j = sentence.find(word, j + 1)
    return False


def _is_topic_list(sentence: str, topics: Topics) -> bool:
    """A sentence naming LIST_MENTION or more requirements' topics lists them (a 总则's tasks, a
    chapter list), figures or not; one whose ；-parts are two rules or more is rules, whatever they
    name (按生态保护红线、永久基本农田和村庄建设边界实施用途管制，边界外不得…；…农房和公共设施建设，应当
    申请乡村建设规划许可证)."""
    rules = sum(1 for piece in re.split(r"[；;]", sentence) if _BINDING.search(piece))
    return topics.mentioned(sentence) >= LIST_MENTION and rules < 2


_BINDING = re.compile(r"应当|不得|严禁|禁止|必须|依法")


def _whole_sentence(text: str, piece: str) -> str:
    """The full sentence (to 。！？) a ；-piece belongs to: a task list runs over many pieces
    (落实生态保护红线、永久基本农田；统筹耕地保护、生态保护修复；…)."""
    start = text.find(piece)
    if start < 0:
        return piece
    left = max(text.rfind(c, 0, start) for c in "。！？\n")
    ends = [i for i in (text.find(c, start + len(piece) - 1) for c in "。！？\n") if i >= 0]
    return text[left + 1:(min(ends) + 1 if ends else len(text))]


# ---- matching ---------------------------------------------------------------------------------

@dataclass
class Found:
    """One requirement's evidence: per sub-item the passage it was found in (None: not found)."""

    requirement: Requirement
    where: dict[str, Passage | None]
    passages: list[tuple[Passage, list[str], float]]   # (passage, sub-items it carries, rank key)

    @property
    def coverage(self) -> float:
        return sum(1 for p in self.where.values() if p is not None) / max(1, len(self.where))

    @property
    def present(self) -> list[str]:
        return [n for n, p in self.where.items() if p is not None]


@dataclass(frozen=True)
class Decision:
    """Why a passage did or did not count for a requirement (for calibration and debugging)."""

    requirement: str
    passage: Passage
    hits: list[str]            # sub-items whose terms occur with real content
    credited: list[str]        # those that count
    reason: str                # heading | row name | meaning | specific | other topic
    cos: float | None          # cosine with the requirement (None: not embedded)
    top: float | None          # the passage's highest cosine with any requirement
    named: list[str]           # requirements its innermost topical heading names
    specific: bool


Embed = Callable[[list[str]], np.ndarray]   # passages -> normalised vectors


def requirement_text(r: Requirement) -> str:
    return f"{r.name}：{r.description}（{'、'.join(s.name for s in r.sub_items)}）"


def find_evidence(doc: Document, requirements: tuple[Requirement, ...], tuning: MatchTuning,
                  embed: Embed | None, req_vectors: np.ndarray | None,
                  trace: list[Decision] | None = None) -> list[Found]:
    """Each requirement's sub-items, found where they stand in `doc`.

    Args:
        embed: the knowledge base's passage encoder (`Index.embed_passages`); None, or a
            `tuning` without a cosine calibration, judges by headings and specific terms only.
        req_vectors: one query vector per requirement, in order.
        trace: if given, every decision on a passage with sub-item terms is appended (for
            calibration: bench/calibrate_check.py).
    """
    topics = Topics(requirements)
    ids = [r.id for r in requirements]
    candidates: list[tuple[Passage, dict[str, list[SubItemHit]], set[str], set[str]]] = []
    for p in passages(doc):
        if is_bare_context(p.context) or is_status_quo_context(p.context, topics) or is_title_list(p.text) \
                or is_land_use_row(p):
            continue
        hits = {r.id: h for r in requirements if (h := hits_in(r, p, topics))}
        if hits:
            subject = row_subject(p)
            named_by_row = {rid for rid, hs in hits.items() if subject and any(h.term in subject for h in hs)}
            candidates.append((p, hits, innermost_topics(p.context, topics), named_by_row))
    by_meaning = tuning.by_meaning and embed is not None and req_vectors is not None
    # cheap signals first: only passages whose verdict for some requirement depends on meaning
    undecided = [n for n, (p, hits, named, by_row) in enumerate(candidates)
                 if any(rid not in named and rid not in by_row and not (named == set() and any(h.specific for h in hs))
                        for rid, hs in hits.items())]
    sims: dict[int, np.ndarray] = {}
    if by_meaning and undecided:
        assert embed is not None and req_vectors is not None
        texts = [(candidates[n][0].embed_text or candidates[n][0].text)[:EMBED_CHARS] for n in undecided]
        distinct = list(dict.fromkeys(texts))
        vectors = embed(distinct)
        rows = dict(zip(distinct, vectors @ req_vectors.T))
        sims = {n: rows[t] for n, t in zip(undecided, texts)}
    found = {r.id: Found(r, {s.name: None for s in r.sub_items}, []) for r in requirements}
    for n, (p, hits, named, by_row) in enumerate(candidates):
        row = sims.get(n)
        top = float(row.max()) if row is not None else 0.0
        # the heading's own topics: a passage under another topic's heading is about this
        # requirement by meaning only if it is closer to it than to the heading's topics
        rival = max((float(row[ids.index(x)]) for x in named), default=-1.0) if row is not None else -1.0
        for rid, hs in hits.items():
            cos = float(row[ids.index(rid)]) if row is not None else 0.0
            topical = row is not None and tuning.sim_match is not None and cos >= tuning.sim_match \
                and cos >= top - tuning.margin and cos > rival
            if rid in named and not _heading_yields(rid, hs, hits, row, ids, cos, tuning, topics, p.context):
                credited, strength, reason = [h.name for h in hs], 2.0, "heading"
            elif rid in by_row:
                credited, strength, reason = [h.name for h in hs], 0.5, "row name"
            elif topical:
                credited, strength, reason = [h.name for h in hs], 1.0, "meaning"
            elif any(h.specific for h in hs) and (not named or (row is not None and cos >= top - tuning.specific_margin)):
                # a term only this requirement has makes the passage about it: all its sub-items count
                credited, strength, reason = [h.name for h in hs], 0.9, "specific"
            elif any(h.dense for h in hs) and (row is None or cos >= top - tuning.specific_margin):
                # 坡面补植…，减少水土流失 under 地质灾害防治: several of one sub-item's own terms in one
                # sentence make it content for that sub-item too
                credited, strength, reason = [h.name for h in hs if h.dense], 0.8, "terms"
            else:
                credited, strength, reason = [], 0.0, "other topic"
            if trace is not None:
                trace.append(Decision(rid, p, [h.name for h in hs], credited, reason, cos if row is not None else None,
                                      top if row is not None else None, sorted(named), any(h.specific for h in hs)))
            if not credited:
                continue
            f = found[rid]
            f.passages.append((p, credited, strength + len(credited) / 10 + cos / 100))
            for name in credited:
                if f.where[name] is None:
                    f.where[name] = p
    for f in found.values():
        f.passages.sort(key=lambda x: -x[2])
        # each sub-item quoted from the strongest passage that carries it
        for name in f.where:
            best = next((p for p, names, _ in f.passages if name in names), None)
            f.where[name] = best
    return [found[r.id] for r in requirements]


def _heading_yields(rid: str, hs: list[SubItemHit], hits: dict[str, list[SubItemHit]], row: np.ndarray | None,
                    ids: list[str], cos: float, tuning: MatchTuning, topics: Topics, context: Sequence[str]) -> bool:
    """A heading carries its term into a paragraph that never names it (（二）乡村旅游 over a
    paragraph on the 古村's 传统民居 and 文物保护单位) only while the paragraph is not plainly about
    another requirement: one whose own terms it holds and which it is closer to by meaning, and
    which the heading does not name as well (风貌与建房管控 over the rules for new houses' style:
    both)."""
    if row is None or not all(h.titled for h in hs):
        return False
    heading = topic_heading(context, topics)
    return any(q != rid and not all(h.titled for h in qs) and float(row[ids.index(q)]) > cos + tuning.margin
               and not topics.names(heading, q) for q, qs in hits.items())


def quotes(f: Found, limit: int = 3) -> list[Passage]:
    """The passages to quote: the strongest first, then any that adds a sub-item not yet shown."""
    shown: set[str] = set()
    out: list[Passage] = []
    for p, names, _ in f.passages:
        if len(out) >= limit:
            break
        if not out or set(names) - shown:
            out.append(p)
            shown |= set(names)
    return out


def summary(f: Found) -> str:
    """子项：规划范围 见 第一章 总则 › 第五条 规划范围；规划期限 未找到."""
    parts = [f"{name} 见 {p.where}" if p is not None else f"{name} 未找到" for name, p in f.where.items()]
    return "子项：" + "；".join(parts)


def sub_items(f: Found) -> list[dict[str, object]]:
    return [{"name": name, "found": p is not None, "where": p.where if p is not None else None}
            for name, p in f.where.items()]
