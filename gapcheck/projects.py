"""Reading a plan's near-term project list (近期建设项目表): name, place, scale, years, investment
and funding source, from a table (ruled, or run together in a TXT or unruled PDF) or from the
numbered items of a 近期建设项目 section."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from .plan_text import NUMBER, NUMBERING, Line, cells, has_figure, is_row


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
    ("funding", ("资金来源", "资金渠道", "资金构成", "资金组成", "资金结构", "筹资", "筹措", "来源", "出资")),
    ("investment", ("投资", "估算", "资金", "万元")),
    ("years", ("时序", "年限", "时限", "时间", "年份", "年度", "期限", "起止", "完成", "实施年", "建设年", "计划")),
    ("place", ("地点", "位置", "选址", "所在", "区位", "建设点")),
    ("scale", ("规模", "面积", "数量", "长度", "工程量")),
    ("content", ("建设内容", "内容", "主要建设")),
    ("name", ("项目名称", "名称")),
)
# one column for a project's name and what it builds (项目名称及建设内容, 项目名称及规模)
_NAME_AND_CONTENT = re.compile(r"名称[及和与、/]?(?:建设)?(?:内容|规模)")
_FUNDING_GROUP = re.compile(r"资金来源|资金渠道|资金筹措|资金构成|资金组成|资金结构|筹资|出资")
_EMPTY = {"", "-", "—", "--", "——", "/", "／", "无", "待定", "暂无", "—/—", "_"}
# a tick in a column headed by a year (2023年 | 2024年 | 2025年 under 实施年度)
_TICK = re.compile(r"^[√✓✔●■☑]$")
_YEAR_HEADER = re.compile(r"20\d\d\s*年?")
_PROJECT_SECTION = re.compile(r"近期|项目|行动计划|实施计划|建设计划|重点工程")
_SCALE = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*(?:公里|千米|km|米|m(?![²2])|公顷|亩|平方米|㎡|m²|m2|处|座|个|户|间|盏|套|口|条|栋|"
                    r"台|吨|床|张|亩|立方米|m³|延米|宗|块|栋|辆|艘|眼|棵|株|名|人|家|批|组|幢|孔|根)")
_YEARS = re.compile(r"20\d\d\s*年?(?:\s*\d{1,2}\s*月)?(?:\s*(?:[—–\-~～]+|至|到)\s*(?:20\d\d\s*年?)?(?:\s*\d{1,2}\s*月)?)?(?:底|前|内|以前)?")
_MONEY = re.compile(r"\d+(?:\.\d+)?\s*(?:万元|亿元|万)")
_FUNDING = re.compile(r"资金来源[为是：:]?\s*([^，。；;]{2,40})|((?:上级|中央|省级|市级|县级|镇级|财政|专项|"
                      r"衔接|奖补|补助|自筹|社会资本|企业投资|村集体|债券|整合|涉农)[^，。；;]{0,30}(?:资金|投入|自筹|"
                      r"补助|奖补|筹措|投资))|资金以([^，。；;]{2,30})")   # 资金以社会资本为主


def _funding_text(m: re.Match[str]) -> str:
    return next(g for g in m.groups() if g).strip()


def _header_fields(row: list[str], sub: list[str] | None = None) -> dict[int, str]:
    """Column index -> field, from a header row; under a group header (资金筹措 over 投资估算（万元）
    and 资金来源) each column is named by its own sub-header first, then by the group's."""
    fields: dict[int, str] = {}
    for i, cell in enumerate(row):
        if _NAME_AND_CONTENT.search(cell) and "name" not in fields.values():
            fields[i] = "name"   # 项目名称及建设内容: 村道硬化：硬化村道2.3公里
            continue
        own = [sub[i]] if sub is not None and i < len(sub) and sub[i] and sub[i] != cell else []
        for text in [*own, cell]:
            name = next((n for n, words in _COLUMNS if any(w in text for w in words) and n not in fields.values()), None)
            if name is not None:
                fields[i] = name
                break
    if "name" not in fields.values():  # a bare 项目 column names the project (not 项目类别 / 项目编号)
        at = next((i for i, c in enumerate(row) if i not in fields and "项目" in c
                   and not re.search(r"类别|类型|编号|序号|性质|主体|个数", c)), None)
        if at is not None:
            fields[at] = "name"
    return fields


# a meeting's record (会议名称 | 时间 | 地点 | 应到 | 实到 | 同意): names, times and places, but no projects
_MEETING_HEADER = re.compile(r"会议|应到|实到|表决|同意|反对|弃权")


def _is_project_header(row: list[str]) -> bool:
    fields = set(_header_fields(row).values())
    return "name" in fields and len(fields - {"name"}) >= 2 and not any(re.fullmatch(r"[\d.,%\s]+", c) for c in row) \
        and not any(_MEETING_HEADER.search(c) for c in row)


_HEADER_WORD = re.compile(r"序号|编号|名称|单位|类别|类型|备注|属性|指标|内容|地点|位置|选址|时间|年限|时序|期限|来源|渠道|"
                          r"估算|投资|规模|面积|数量|基期|目标|现状|规划值|比例|说明|主体|用途|地类|级类|用地")


def _header_like(row: list[str]) -> bool:
    """A table's header row: cells without figures (years and bracketed units aside) that name
    columns (序号 | 指标名称 | 单位 | 2020年（基期）)."""
    filled = [c for c in row if c.strip()]
    if not filled or any(has_figure(c) for c in filled):
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


_FUNDING_NOTE = re.compile(r"(?:以上|上述|表中|各)[^。；]{0,6}项目[^。；]{0,6}资金(?:来源)?[^。；]{0,2}?(?:均为|均来自|均由|为|来自)([^。；]+)")
_SAME_AS_ABOVE = re.compile(r"同上|同上行|〃|”")
# a sub-column of the money naming a source (其中：财政资金, 自筹, 社会资本, 中央, 村集体)
_SOURCE_COLUMN = re.compile(r"^(?:其中[：:]?)?(?:财政|自筹|社会|中央|省|市|县|区|镇|乡|村集体|集体|企业|群众|农户|专项|衔接|"
                            r"奖补|银行|贷款|债券|整合|上级|部门|帮扶|东西部|援建)")
_SUB_PROJECT = re.compile(r"子项目?(?:名称)?|分项(?:名称)?|分期|期次")
_FUNDING_ROW = re.compile(r"(?:资金来源|资金渠道|资金筹措)[：:]\s*(.*)")
_AMOUNT = re.compile(r"(?!0+(?:\.0+)?$)\d[\d,]*(?:\.\d+)?\s*(?:万元|万)?")
_SERIAL = re.compile(r"[一二三四五六七八九十]+[、.．]?|[（(][一二三四五六七八九十]+[）)]|[A-Z][、.．]?")


def _filled(value: str) -> str:
    value = value.strip()
    return "" if value in _EMPTY else value


# a time a project can be held to: a year or a month (2024年度, 2025年底前, 2024.6), not 适时,
# 根据资金情况, 近期 or “十四五”期间 (every row of a 近期 table is 近期: the stage dates nothing)
_DATED = re.compile(r"(?:19|20)\d\d|[〇零一二三四五六七八九]{4}\s*年|\d{1,2}\s*月")


def _dated(years: str) -> str:
    return years if _DATED.search(years) else ""


def _source(funding: str) -> str:
    """A funding cell naming where the money comes from; an amount alone (85万元) names no source."""
    return "" if re.fullmatch(r"[\d.,\s]+(?:万元|元|万)?", funding) else funding


_CONTINUED = re.compile(r"\s*续(?:附)?表\s*[0-9一二三四五六七八九十]")


def _overleaf(lines: list[Line], i: int) -> int:
    """Where a table goes on after the non-row lines at i: a 续表2 caption, or the page's running
    header and number (short lines) where the rows resume on a later page; else i."""
    k = i
    while k < len(lines) and k - i < 3 and not is_row(lines[k].text) and len(lines[k].text) <= 40:
        k += 1
    if k == i or k >= len(lines) or not is_row(lines[k].text) or i == 0:
        return i
    if _CONTINUED.match(lines[k - 1].text) or (lines[k].page or 0) > (lines[i - 1].page or 0):
        return k
    return i


_PLACE_AND_SCALE = re.compile(r"(?:地点|位置|选址)[及和与、/]?(?:建设)?规模")
_AMOUNT_FIRST = re.compile(r"\s*(\d[\d,]*(?:\.\d+)?\s*(?:万元|亿元|元|万))\s*[，,；;、]?\s*(.*)")


def _split_combined(values: dict[str, str], headers: dict[str, str]) -> None:
    """Cells of a combined column split into their fields: 建设地点及规模 `芒景坪组，新建晾晒棚1200平方米`
    (the place before the first ，, the scale after it; a place alone is no scale), 投资及资金来源
    `260万元` ↵ `省级茶产业发展资金` (the amount, then the source; an amount alone is no source)."""
    place = values.get("place", "")
    if place and _PLACE_AND_SCALE.search(headers.get("place", "")) and not values.get("scale"):
        head, comma, rest = place.partition("，") if "，" in place else place.partition(",")
        if comma:
            values["place"], values["scale"] = head.strip(), rest.strip()
        elif _SCALE.search(place) and re.search(r"新建|改造|建设|修缮|提升|铺设|硬化|整治|安装|配套", place):
            values["place"], values["scale"] = "", place
    funding = values.get("funding", "")
    if funding and "投资" in headers.get("funding", "") and not values.get("investment") \
            and (m := _AMOUNT_FIRST.fullmatch(funding)):
        values["investment"], values["funding"] = m.group(1), _filled(m.group(2))


def _table_projects(lines: list[Line], start: int, context: str) -> tuple[list[Project], int]:
    """The project rows of a table whose header is lines[start]; returns them and the index after."""
    header = cells(lines[start].text)
    fields = _header_fields(header)
    names = header   # each column's own name: the sub-header under a group header
    i = start + 1
    # a second header row: sub-headers (财政资金 | 村集体), or the years under 实施年度 (2021 | 2022 | 2023)
    while i < len(lines) and is_row(lines[i].text) and (_is_project_header(sub := cells(lines[i].text))
                                                        or _header_like(sub)):
        merged = [f"{a}{b}" if a != b else a for a, b in zip(header, sub)]
        header, fields, names, i = merged, _header_fields(merged, sub), sub, i + 1
    # 资金来源 over 中央 | 省级 | 县级 | 村集体 | 社会资本, each with an amount: the funding is every source
    # with an amount in its row (中央 100；省级 40), not the first column alone
    # so is 投资估算（万元） over 总投资 | 其中：财政资金 | 自筹: the sub-columns naming where money comes from
    sources = [c for c, h in enumerate(header) if fields.get(c, "funding") == "funding" and c < len(names)
               and names[c] != header[c] and (_FUNDING_GROUP.search(h) or _SOURCE_COLUMN.match(names[c]))]
    # 分年度投资（万元） over 2023年 | 2024年 | 2025年: the years a project has money in are its years
    by_year = [c for c in range(len(names)) if re.fullmatch(_YEAR_HEADER.pattern + "度?", names[c].strip())]
    if len(by_year) >= 2:
        fields = {c: f for c, f in fields.items() if c not in by_year}
    named_with = next((col for col, f in fields.items() if f == "name"), None)
    # a 备注 column that states the money (估算投资200万元，资金来源：省级茶产业发展资金)
    remark = next((c for c, h in enumerate(header) if c not in fields and re.search(r"备注|说明", h)), None)
    shared_years = _YEARS.search(context)
    shared_funding = _FUNDING.search(context)
    projects: list[Project] = []
    above: list[str] = []
    group, previous_row = "", list[str]()   # the 序号 of a group of sub-projects (1 over 1.1, 1.2), its last sub-row
    while i < len(lines) and (is_row(lines[i].text) or (i := _overleaf(lines, i)) < len(lines) and is_row(lines[i].text)):
        row = cells(lines[i].text)
        # 同上: the cell above's value (资金来源 | 同上 under 区级衔接资金)
        row = [above[c] if _SAME_AS_ABOVE.fullmatch(cell.strip()) and c < len(above) else cell for c, cell in enumerate(row)]
        above = row
        spanning = {c.strip() for c in row if c.strip()}
        if projects and len(spanning) == 1 and (m := _FUNDING_ROW.fullmatch(spanning.pop())):
            projects[-1].funding = _source(_filled(m.group(1)))
            i += 1
            continue   # | 资金来源：县交通运输局 | … spanning the row under a project: its funding
        if len(row) > 2 and _SERIAL.fullmatch(row[0].strip()) and (
                len(set(row[1:])) == 1 or not any(c.strip() for c in row[2:])) \
                or re.match(r"[一二三四五六七八九十]+[、.．]", row[0].strip()) and all(not c.strip() or c == row[0] for c in row):
            i += 1
            continue   # 一 | 产业发展类 | 产业发展类 … (or blank cells after it), or 一、产业发展类 over the first
                       # columns of an unruled table: a category over the rows below
        if _header_like(row) or not _same_width(lines, i, len(header)):
            break  # the next table, with no blank line between (the plan's lines drop them)
        edge = lines[i].text.strip()
        if len(row) < len(header) and edge.startswith("|"):
            row = ["", *row]  # an empty first cell the line lost: | 村道硬化 | …
        if len(row) < len(header) and edge.endswith("|"):
            row = [*row, ""]
        i += 1
        if len(set(row)) == 1 or re.match(r"^(合计|总计|小计|备注|注)", row[0] + (row[1] if len(row) > 1 else "")) \
                or all(re.fullmatch(r"\s*:?[-—=]*:?\s*", c) for c in row):   # |------|----| under a Markdown header
            continue  # a group label, a total or a note spanning the table
        serial = row[0].strip()
        if re.fullmatch(r"\d{1,2}[、.．]?", serial) and i < len(lines) and \
                cells(lines[i].text)[0].strip().startswith(f"{serial.rstrip('、.．')}."):
            group = serial.rstrip("、.．")
            continue   # 1、 | 猕猴桃产业提升工程 | … | 560 over 1.1 and 1.2: a group of projects, not one
        part = re.fullmatch(r"(\d{1,2})\.(\d{1,2})", serial)
        if part and part.group(2) != "1" and part.group(1) == group and previous_row:
            # a sub-row's blank place, years or funding is the merged cell of the sub-row above
            row = [previous_row[c] if not row[c].strip() and c < len(previous_row)
                   and fields.get(c) in ("place", "years", "funding") else row[c] for c in range(len(row))]
        previous_row = row if part else []
        values = {name: _filled(row[col]) for col, name in fields.items() if col < len(row)}
        _split_combined(values, {name: header[col] for col, name in fields.items()})
        name = values.get("name", "")
        if not name or re.fullmatch(r"[\d.]+", name) or (re.match(r"^(合计|总计|小计)", name)):
            continue
        if named_with is not None and _NAME_AND_CONTENT.search(header[named_with]) and re.search(r"[：:]", name):
            name, values["content"] = (x.strip() for x in re.split(r"[：:]", name, maxsplit=1))
        if named_with is not None and named_with + 1 < len(row) and _filled(row[named_with + 1]) not in ("", name) \
                and (header[named_with + 1] == header[named_with] or _SUB_PROJECT.fullmatch(header[named_with + 1])):
            # 项目名称 spanning two columns, or a 子项目 column: 板栗精深加工园 | 一期
            name = f"{name}（{row[named_with + 1].strip()}）"
        rest = " ".join(v for k, v in values.items() if k in ("content", "name", "scale"))
        p = Project(name=name, place=values.get("place", ""), investment=values.get("investment", ""),
                    content=values.get("content", ""), source=lines[i - 1].text, page=lines[i - 1].page)
        p.scale = values.get("scale", "") or (m.group(0) if (m := _SCALE.search(rest)) else "")
        p.years = _dated(values.get("years", ""))
        ticked = [y.group(0) for c, cell in enumerate(row)
                  if c < len(header) and _TICK.match(cell.strip()) and (y := _YEAR_HEADER.search(header[c]))]
        if ticked:
            p.years = "、".join(ticked)
        if len(by_year) >= 2 and not p.years:
            p.years = "、".join(names[c].strip() for c in by_year if c < len(row) and _AMOUNT.fullmatch(row[c].strip()))
        if "years" not in fields.values() and shared_years and len(by_year) < 2:
            p.years = shared_years.group(0)
        p.funding = _source(values.get("funding", ""))
        if len(sources) >= 2:
            p.funding = "；".join(f"{re.sub(r'^其中[：:]?', '', names[c])} {row[c].strip()}"
                                 for c in sources if c < len(row) and _filled(row[c]))
        if "funding" not in fields.values() and shared_funding:
            p.funding = _funding_text(shared_funding)
        if remark is not None and remark < len(row):
            if not p.funding and (m := _FUNDING_ROW.search(row[remark])):
                p.funding = _source(_filled(re.split(r"[。；;]", m.group(1))[0]))
            if not p.investment and (m := _MONEY.search(row[remark])):
                p.investment = m.group(0)
        last = projects[-1] if projects else None
        if last is not None and last.name == p.name and row[0].strip() and last.source.split("|", 1)[0] == lines[i - 1].text.split("|", 1)[0] \
                and (last.years, last.investment, last.funding) == (p.years, p.investment, p.funding):
            # one project whose merged cells (序号, name, years, money) span rows that differ only in
            # what they build: 茶园提质增效 | 改造老茶园30公顷 / 新建茶园机耕道2.2公里
            last.scale = "；".join(x for x in (last.scale, p.scale) if x)
            last.content = "；".join(x for x in (last.content, p.content) if x)
            continue
        projects.append(p)
    return projects, i


# a cell or token that is only an amount (320, 1,200.5, 85万元)
_MONEY_CELL = re.compile(r"\d[\d,]*(?:\.\d+)?(?:万元)?")
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
        for k, row in enumerate(lines[i + 1:]):
            if is_row(row.text):
                if (p := _headless_row(cells(row.text))) is None:
                    if projects or k > 2:
                        break
                    continue
                projects.append(replace(p, source=row.text, page=row.page))
                continue
            m = _LOOSE_ROW.match(row.text)
            if m is None and not projects and k < 2 and not has_figure(row.text):
                continue   # the header's wrapped second and third lines (号万元）单位)
            if m is None:
                break
            whole = row.text[m.start(2):]
            tokens = whole.split()
            funding = tokens[-1] if len(tokens) > 1 and _FUNDING_WORDS.search(tokens[-1]) else ""
            content = " ".join(tokens[:-1] if funding else tokens)
            years = _YEARS.search(content)
            scale = _SCALE.search(_YEARS.sub(" ", content))
            money = next((t for t in tokens[1:] if _MONEY_CELL.fullmatch(t)), "")
            projects.append(Project(name=m.group(2), scale=scale.group(0) if scale else "",
                                    years=years.group(0) if years else "", investment=money, funding=funding,
                                    content=content, source=row.text, page=row.page))
        if projects:
            break
    return projects


def _headless_row(row: list[str]) -> Project | None:
    """A project row under a header that was not read as one (its cells wrapped over lines): the
    序号 and name open the first cell (1 丹霞游客驿站), the other cells are read by their form."""
    if len(row) >= 3 and re.fullmatch(r"\d{1,3}[、.．]?", row[0].strip()):
        row = [f"{row[0].strip()} {row[1]}", *row[2:]]   # 1 | 丹霞游客驿站 | …: the 序号 in a cell of its own
    m = _LOOSE_ROW.match(row[0]) if row else None
    if m is None or re.match(r"合计|总计|小计", row[0].strip()):
        return None
    name = row[0][m.start(2):].strip()
    rest = [c.strip() for c in row[1:] if c.strip()]
    money = next((c for c in rest if _MONEY_CELL.fullmatch(c)), "")
    funding = next((c for c in rest if _FUNDING_WORDS.search(c) and c != money), "")
    dated = next((y.group(0) for c in rest if (y := _YEARS.search(c))), "")
    scale = next((x.group(0) for c in rest if c not in (money, funding) and (x := _SCALE.search(_YEARS.sub(" ", c)))), "")
    return Project(name=name, scale=scale, years=dated, investment=money, funding=funding,
                   content=" ".join(c for c in rest if c not in (money, funding)))


def _header_fields_loose(text: str) -> list[tuple[str, str]]:
    """(header word, field) for each column a run-together header line names."""
    return [(w, name) for name, words in _COLUMNS for w in words if w in text]


# a field written as its key and value (建设地点：南岭)
_FIELD = re.compile(r"^\s*([\u4e00-\u9fff]{2,6})[：:]\s*(.*)")


def _keyed_project(body: str, line: Line) -> Project | None:
    """A project written as fields (名称：山地果园提升；地点：南岭；规模：…；时间：2024年；资金：…)."""
    fields: dict[str, str] = {}
    for part in re.split(r"[；;]", body):
        m = _FIELD.match(part)
        if m is None:
            continue
        key, value = m.group(1), _filled(m.group(2))
        field = "funding" if re.search(r"资金|来源|出资", key) and not re.search(r"投资|估算|金额", key) else \
            next((n for n, words in _COLUMNS if any(w in key for w in words)), "")
        if field and field not in fields:
            fields[field] = value
    if not fields.get("name") or len(fields) < 3:
        return None
    return Project(name=fields["name"], place=fields.get("place", ""), scale=fields.get("scale", "") or fields.get("content", ""),
                   years=_dated(fields.get("years", "")), investment=fields.get("investment", ""),
                   funding=_source(fields.get("funding", "")), content=fields.get("content", ""), source=line.text, page=line.page)


def _prose_project(text: str, line: Line, shared_years: str, shared_funding: str) -> Project | None:
    body = NUMBERING.sub("", text).strip()
    if re.match(r"(?:项目)?名称[：:]", body):
        return _keyed_project(body, line)
    m = re.match(r"^([^：:，,。；]{2,30}?)(?:[：:]|，|,)", body)
    if not m:
        return None
    name = m.group(1).strip("*# ")
    if not re.search(r"工程|项目|建设|改造|提升|整治|修复|新建|扩建|复垦|治理|设施|中心|广场|道路|基地|站|馆|园|"
                     r"修缮|拓宽|硬化|加固|还林|还草|饭堂|食堂|车间|厂|场|亭|库|池|厕|桥|路|堤|渠|室|廊|栈道|管网|"
                     r"提质|改建|安装|整修|维修|绿化|亮化|美化", name):
        return None
    scale = _SCALE.search(body[m.end():])
    years = _YEARS.search(body)
    money = _MONEY.search(body)
    funding = _FUNDING.search(body)
    return Project(name=name, scale=scale.group(0) if scale else "",
                   years=years.group(0) if years else shared_years,
                   investment=money.group(0) if money else "",
                   funding=_filled(_funding_text(funding)) if funding else shared_funding,   # 资金来源待定: none
                   content=body[m.end():], source=text, page=line.page)


# a project card's head: its number and name on a line of their own (项目一  翠兰茶园提质增效)
_CARD_HEAD = re.compile(rf"^\s*(?:项目\s*[0-9一二三四五六七八九十]{{1,3}}\s*[：:、.．]?|{NUMBER})\s*([^：:，,。；;]{{2,30}})$")


def _card_projects(section_lines: list[Line]) -> list[Project]:
    """Projects written as cards: a head line (项目一  名称) and a field a line under it (建设地点：…
    / 估算投资：210万元 / 资金来源：…), read as one project written as fields."""
    projects = []
    for n, line in enumerate(section_lines):
        head = _CARD_HEAD.match(line.text)
        if head is None:
            continue
        fields = []
        for nxt in section_lines[n + 1:]:
            if not (m := _FIELD.match(nxt.text)) or not m.group(2).strip():
                break
            fields.append(nxt.text.strip())
        if len(fields) >= 2:
            body = "；".join([f"项目名称：{head.group(1).strip()}", *(f.replace("；", "，") for f in fields)])
            if (p := _keyed_project(body, line)) is not None:
                projects.append(p)
    return projects


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
            timed = {"years", "investment", "funding"} & set(_header_fields(cells(line.text)).values())
            if not timed and not _PROJECT_SECTION.search(f"{before} {line.section}"):
                i += 1   # 设施名称 | 现状 | 规划 | 位置 | 规模 under 公共服务设施配置: facilities, not projects
                continue
            found, i = _table_projects(lines, i, before + " " + line.section)
            note = next((m for x in lines[i:i + 2] if not is_row(x.text) and (m := _FUNDING_NOTE.search(x.text))), None)
            for project in found:
                if note is not None and not project.funding:   # 注：以上项目资金来源均为县级衔接资金和村集体自筹
                    project.funding = note.group(1).strip()
            projects.extend(found)
            continue
        i += 1
    if projects:
        return _merged(projects)
    projects = _loose_table_projects(lines)
    if projects:
        return projects
    sections: dict[str, list[Line]] = {}
    for line in lines:
        # a numbered item read as a unit of its own (1.南梗田洋高标准农田建设：位于…) under 近期建设项目
        item = NUMBERING.match(line.text) is not None and bool(line.section) and line.section in line.text[:len(line.section) + 6] \
            and _PROJECT_SECTION.search(line.path.removesuffix(line.section)) is not None
        if (_PROJECT_SECTION.search(line.section) or item) and not re.search(r"产业项目|项目准入|依据", line.section):
            sections.setdefault(line.path, []).append(line)
    for section_lines in sections.values():
        text = " ".join(x.text for x in section_lines if not NUMBERING.match(x.text))  # what holds for all items
        years = _YEARS.search(text)
        funding = _FUNDING.search(text)
        shared_years = years.group(0) if years else ""
        shared_funding = _funding_text(funding) if funding else ""
        cards = _card_projects(section_lines)
        if cards:
            projects.extend(cards)
            continue
        for line in section_lines:
            if is_row(line.text) or line.text == line.section:
                continue
            p = _prose_project(line.text, line, shared_years, shared_funding) if NUMBERING.match(line.text) else None
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


def _merged(projects: list[Project]) -> list[Project]:
    """One project per name: a plan listing its projects twice (a short table in the text, the full
    one in 附表) gives each project once, with what either table says of it."""
    out: dict[str, Project] = {}
    for p in projects:
        key = re.sub(r"[\s\W_]", "", p.name)
        first = out.setdefault(key, p)
        if first is not p:
            for f in ("place", "scale", "years", "investment", "funding", "content"):
                if not getattr(first, f) and getattr(p, f):
                    setattr(first, f, getattr(p, f))
    return list(out.values())


def unread_project_list(lines: list[Line]) -> str:
    """The sentence of a plan that has a project list this module could not read (见附表三, 安排项目7个)."""
    for line in lines:
        if _PROJECT_SECTION.search(line.section) and not is_row(line.text) and \
                re.search(r"(?:见|详见)[^。；]{0,6}附表|(?:安排|实施|建设)[^。；]{0,6}项目\s*\d+\s*[个项]"
                          r"|项目(?:一览|安排|汇总|计划)?表|项目[^。；]{0,6}(?:如|见)下表", line.text):
            return line.text
    return ""

