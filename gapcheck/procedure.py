"""Procedure as numbers: the villagers' meeting that adopted the plan and the plan's 公示.

The participation record (usually an 附件: 村民会议 / 村民代表会议 with date, members or
representatives, attendance and votes; the 公示 with its start and end dates or its length) is
read from prose, lists and tables anywhere in the plan and checked against the law:

- 村民委员会组织法 第二十二条: a 村民会议 needs more than half of the villagers aged 18 and
  over, or two thirds of the households' representatives; its decisions more than half of
  those present;
- 第二十五、二十六条: a 村民代表会议 needs two thirds of its members (以上 includes the
  number itself); its decisions more than half of those present;
- 城乡规划法 第二十二条 (a village plan goes to the 村民会议 or 村民代表会议 before approval)
  and 第二十六条 (the draft is published for no less than thirty days).

What cannot be read is `unverifiable` (无法核实), never passed. Days of a 公示 are calendar days
counted with both ends included (3月1日至3月30日 = 30 days); the detail says what the count
would be under 民法典 第二百零一条 (the first day not counted) when that changes the verdict.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from ingest import Document

from .catalogue import Basis, resolve_basis

if TYPE_CHECKING:
    from index.search import Index

MEETING_ZH = {"ok": "符合", "no_quorum": "到会人数不足", "no_majority": "同意票未过半数", "unverifiable": "无法核实"}
PUBLICITY_ZH = {"ok": "符合", "too_short": "公示期不足三十日", "unverifiable": "无法核实"}

_CITES = {  # what each check rests on: (document as the library names it, full title, label)
    "村民会议": (("村民委员会组织法", "中华人民共和国村民委员会组织法", "第二十二条"),
             ("村民委员会组织法", "中华人民共和国村民委员会组织法", "第二十四条"),
             ("城乡规划法", "中华人民共和国城乡规划法", "第二十二条")),
    "村民代表会议": (("村民委员会组织法", "中华人民共和国村民委员会组织法", "第二十五条"),
               ("村民委员会组织法", "中华人民共和国村民委员会组织法", "第二十六条"),
               ("城乡规划法", "中华人民共和国城乡规划法", "第二十二条")),
    "公示": (("城乡规划法", "中华人民共和国城乡规划法", "第二十六条"),),
}


def _basis(which: str, index: Index | None) -> tuple[Basis, ...]:
    """The clauses a check rests on, with their text from the knowledge base when one is given
    (else cited by label only)."""
    return tuple((resolve_basis(index, doc, label) if index is not None else None) or Basis(doc, label, "", title)
                 for doc, title, label in _CITES[which])


# ---- the plan's lines ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Line:
    text: str
    page: int | None
    context: str  # the unit's heading path and title


# a figure broken from its words or its unit at a printed line's end (应到代表\n29人, 同意12\n人)
_BROKEN_FIGURE = re.compile(r"(?<=[\u4e00-\u9fff])\n(?=[0-9零〇一二两三四五六七八九十]+\s*(?:人|名|户|位|票))"
                            r"|(?<=[0-9])\n(?=(?:人|名|户|位|票)(?!数|员|口)(?![\u4e00-\u9fff]*\s*[：:|]))")   # 表决同意12\n人


# a date range cut after its 至 at a printed line's end (公示时间：2023年10月9日至\n11月7日)
_BROKEN_RANGE = re.compile(r"(?<=日)\s*(至|到|—+|-|~|～)\n(?=(?:(?:19|20)[0-9]{2}\s*年)?\s*[0-9]{1,2}\s*月)")


# a count cut inside its digits at a printed line's end (村民1,34\n2人, 应到代表3\n5名)
_SPLIT_COUNT = re.compile(r"([\u4e00-\u9fff][0-9][0-9,]{0,4})\n([0-9]{1,3}\s*(?:人|名|户|位|票))")


# a scan read with a space between every character (2 0 2 3 年 7 月 1 8 日, 应到 3 1 人)
_LETTER_SPACED = re.compile(r"(?:[0-9] ){3}[0-9] ?年")


def _lines(doc: Document) -> list[_Line]:
    out = []
    for unit in doc.units():
        context = " ".join([*unit.path, unit.label, unit.title])
        whole = unit.text
        if _LETTER_SPACED.search(whole):
            whole = re.sub(r"(?<=[0-9]) (?=[0-9])", "", whole)
        # a figure broken from its words at a printed line's end joins them again (应到代表\n29人)
        whole = _BROKEN_RANGE.sub(r"\1", whole)
        for text in _BROKEN_FIGURE.sub("", _SPLIT_COUNT.sub(r"\1\2", whole)).split("\n"):
            if text.strip():
                out.append(_Line(text.strip(), unit.page, context))
    return out


# ---- numbers and dates as plans write them -----------------------------------------------------

_CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
NUM = r"([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+|[零〇一二两三四五六七八九十百千]+)"  # 1,386 / 45 / 四十五


def cn_int(text: str) -> int | None:
    """123, 一百二十三, 四十五, 十五 -> int; None if not a number."""
    text = text.strip().replace(",", "")
    if text.isdigit():
        return int(text)
    if not text or any(c not in _CN_DIGITS and c not in _CN_UNITS for c in text):
        return None
    if all(c in _CN_DIGITS for c in text):  # 二〇二二
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    total, digit = 0, None
    for c in text:
        if c in _CN_DIGITS:
            digit = _CN_DIGITS[c]
        else:
            total += (digit if digit is not None else 1) * _CN_UNITS[c]
            digit = None
    return total + (digit or 0)


_DATE = re.compile(r"((?:19|20)\d\d|[二〇○零一三四五六七八九]{4})\s*年\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*"
                   r"([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*日"
                   r"|((?:19|20)\d\d)[.\-/]([0-9]{1,2})[.\-/]([0-9]{1,2})(?!\d)")


def _date(m: re.Match[str]) -> date | None:
    parts = m.groups()[:3] if m.group(1) else m.groups()[3:]
    numbers = [cn_int(p) for p in parts]
    if any(n is None for n in numbers):
        return None
    try:
        return date(*numbers)  # type: ignore[arg-type]
    except ValueError:
        return None


# ---- the meeting --------------------------------------------------------------------------------

@dataclass
class Meeting:
    """The villagers' meeting that decided on the plan, as the plan records it."""

    status: str = "unverifiable"
    kind: str = ""
    date: str | None = None
    total: int | None = None
    attended: int | None = None
    votes_for: int | None = None
    households: bool = False      # total and attendance counted in households (户的代表)
    evidence: str = ""
    page: int | None = None
    detail: str = ""
    basis: tuple[Basis, ...] = ()
    share: float | None = None         # attendance stated as a share (参会率85%, 三分之二以上), no count
    share_text: str = ""
    against: int | None = None         # votes against and abstentions, where the 同意 count is not given
    abstained: int | None = None
    carried: bool = False              # the record says the rest agreed or the motion passed (表决通过)
    unanimous: bool = False
    for_share: float | None = None     # votes for given only as a share of those present (同意率96.3%)

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "kind": self.kind, "date": self.date, "total": self.total,
                "attended": self.attended, "for": self.votes_for, "evidence": self.evidence,
                "basis": [b.to_dict() for b in self.basis], "detail": self.detail, "page": self.page}


_KIND = re.compile(r"村民代表会议|村民会议|户代表会议|村民代表大会|村民大会")
_TOTAL = (re.compile(r"(?:应到|应出席|应参会|应参加|应到会|应签到)[^0-9零〇一二两三四五六七八九十，。；\n|]{0,8}?" + NUM + r"\s*(人|名|户|位)"),
          re.compile(r"(?:组成人员|代表总数|总人数|总户数|共有|现有|全村共|全村有|全村|本村共有|本村有|"
                     r"(?:十八|18)周岁以上(?:的)?村民|年满(?:十八|18)周岁(?:的)?村民|选民|(?<![应实])共(?!到|出席|参加|参会|收到|有效)|总数为?|总计)[^0-9零〇一二两三四五六七八九十，。；\n|]{0,8}?" + NUM + r"\s*(人|名|户|位)"))
_ATTENDED = (re.compile(r"(?<![应未])(?:实到|实际到会|实际参会|实际出席|实际签到|实签到|到会|出席|参会|参加会议|参加|签到)"
                        r"[^0-9零〇一二两三四五六七八九十，。；\n|应]{0,8}?" + NUM + r"\s*(人|名|户|位)"),
             re.compile(NUM + r"\s*(?:人|名|户|位)[^，。；\n|]{0,6}?(?:出席|到会|参会|参加)"))
# (not 36人同意、2人弃权: a count after 、 is the next one's)
_FOR = (re.compile(r"(?<!不)(?:同意|赞成|通过票)[^0-9零〇一二两三四五六七八九十，。；、\n|]{0,6}?" + NUM + r"\s*(?:票|人|名|户|位)"),
        re.compile(NUM + r"\s*(?:票|人|名|户|位)\s*(?:同意|赞成)"))
_UNANIMOUS = re.compile(r"全票通过|一致同意|一致通过|全体.{0,8}同意")
# 村民代表周正明、王桂香…等34人 in a list of who attended
_ATTENDED_LIST = re.compile(r"(?:参会|出席|到会)(?:人员|代表|村民)[：:][^。；\n|（(]{0,60}?(?:等|共|计)\s*" + NUM
                            + r"\s*(人|名|户|位)")
_SHARE = re.compile(r"(?:参会|到会|出席|参加)(?:率|比例)[^0-9，。；\n|]{0,4}?([0-9]{1,3}(?:\.[0-9]+)?)\s*[%％]")
_SHARE_WORDS = re.compile(r"(?:到会|出席|参会|参加)[^，。；\n|]{0,16}?(三分之二以上|过半数|超过半数|超过二分之一)")
_AGAINST = re.compile(r"反对[^0-9零〇一二两三四五六七八九十，。；\n|]{0,4}?" + NUM + r"\s*(?:票|人|名|户|位)")
_ABSTAINED = re.compile(r"弃权[^0-9零〇一二两三四五六七八九十，。；\n|]{0,4}?" + NUM + r"\s*(?:票|人|名|户|位)")
_FOR_SHARE = re.compile(r"(?:同意|赞成)(?:率|票率|比例|票占(?:到会|参会|出席|实到)[^0-9，。；\n|]{0,6}?)[^0-9，。；\n|]{0,4}?"
                        r"([0-9]{1,3}(?:\.[0-9]+)?)\s*[%％]")   # 同意率96.3% / 同意票占到会人数的92%
_CARRIED = re.compile(r"其余[^。；;\n]{0,12}(?:同意|赞成)|表决通过|审议通过|获得通过|予以通过")
# meetings that are not the one the law means: their figures belong to no 村民会议 record
_OTHER_MEETING = re.compile(r"座谈会|党员大会|党员会议|两委|村民小组会议|小组会议|联席会议|听证会|协商会|征求意见会")
_ADOPTS_PLAN = re.compile(r"规划|草案|方案")
_HEADING = re.compile(r"^\s*(?:附件|附表|附图|第[一二三四五六七八九十百零〇]+[条章节]|[一二三四五六七八九十]+、|#)")


def _first(patterns: tuple[re.Pattern[str], ...], text: str) -> tuple[int | None, str]:
    for p in patterns:
        m = p.search(text)
        if m:
            unit = m.group(2) if m.lastindex and m.lastindex >= 2 else ""
            return cn_int(m.group(1)), unit
    return None, ""


_THOUSANDS = re.compile(r"(?<=\d)[,，](?=\d{3}(?!\d))")   # 1,126


def _count_unit(header: str) -> str:
    """The unit a bare count in a column or row named `header` is in: 同意（票）, 应到户数, else 人."""
    return "票" if "票" in header else "户" if "户" in header else "人"


def _meeting_kind(name: str) -> str:
    return "村民代表会议" if "代表" in name and "户代表" not in name else "村民会议"


def _header_of(lines: list[_Line], i: int) -> list[str] | None:
    """The header cells over the table row at `i` (the nearest row above without a figure)."""
    header_at = i - 1
    while header_at >= 0 and " | " in lines[header_at].text and _has_figure_cell(lines[header_at].text):
        header_at -= 1
    if header_at < 0 or " | " not in lines[header_at].text:
        return None
    return [c.strip() for c in lines[header_at].text.split("|")]


def _table_record(lines: list[_Line], i: int, row: list[str] | None = None) -> str:
    """A table row (or `row`, cells for it) read with its header: 应到人数：45；实到人数：38 …"""
    header = _header_of(lines, i)
    if header is None:
        return lines[i].text
    row = row or [_THOUSANDS.sub("", c.strip()) for c in lines[i].text.split("|")]
    out = []
    for h, v in zip(header, row):
        unit = "" if re.search(r"[人名户票日天]$", v) else _count_unit(h)
        out.append(f"{h}{v}{unit if re.fullmatch(r'[0-9]+', v) else ''}")
    return "；".join(out)


def _has_figure_cell(row: str) -> bool:
    """A table row holding a count or a date in a cell of its own (a data row, not a header:
    18周岁以上村民 is a header's words)."""
    return any(re.fullmatch(r"[0-9][0-9,]*\s*[人名户位票%％]?", c.strip()) or _DATE.search(c) or _MONTH_DAY.search(c)
               for c in row.split("|"))


# an item of a numbered record (四、表决结果：同意25人…), not a section heading
_LIST_ITEM = re.compile(r"^\s*[一二三四五六七八九十]+、[^：:，。]{1,8}[：:]")
_COLUMN = re.compile(r"应到|实到|应出席|实际出席|出席|到会|参会|同意|赞成|反对|弃权")


def _column_names(line: str) -> list[str]:
    """The column names a line of a table given as text holds (应到（人）实到（人）同意（人）…), if it
    is such a line: two names or more and no figure."""
    names = [m.group() for m in _COLUMN.finditer(line)]
    return names if len(names) >= 2 and not re.search(r"\d", line) else []


def _spaced_tables(read: list[str]) -> list[str]:
    """A table a PDF gives as text: a line of column names (应到（人）实到（人）同意（人）…) over a
    line of figures (39 25 24 0 1), read as 应到39人；实到25人；同意24人 …"""
    out: list[str] = []
    i = 0
    while i < len(read):
        names = _column_names(read[i])
        # the figures of the line below, its words and dates aside (村民代表会议 2023年6月20日 42 27 25 1 1 …)
        values = [v for v in read[i + 1].split() if re.fullmatch(r"[0-9]+", v)] if i + 1 < len(read) else []
        if names and len(values) == len(names):
            unit = "户" if "户" in read[i] else "人"
            dates = [m.group(0) for m in _DATE.finditer(read[i + 1])]
            out.append("；".join([*(f"{n}{v}{unit}" for n, v in zip(names, values)), *dates]))
            i += 2
            continue
        out.append(read[i])
        i += 1
    return out


def _key_value_block(lines: list[_Line], i: int) -> tuple[str, str, int, int] | None:
    """A record laid out as a two-column table of labels and values (会议时间 | 2023年5月12日;
    应到人数 | 33（村民委员会成员5人…）; 实到人数 | 21), read whole from the row at `i`: (text to
    read, quoted evidence, index of its first row, index after it), or None when the table is not
    of that form. A 备注 column is no value; a row of two pairs is two rows."""
    j = i
    while j > 0 and " | " in lines[j - 1].text and lines[j - 1].context == lines[i].context:
        j -= 1
    end = i
    while end < len(lines) and " | " in lines[end].text and lines[end].context == lines[i].context:
        end += 1
    rows = []
    first = [c.strip() for c in lines[j].text.strip().strip("|").split("|")]
    remarks = len(first) == 3 and re.fullmatch(r"备注|说明|依据|数据来源|来源", first[-1]) is not None
    for k in range(j, end):   # a merged cell repeats: 应到 | 412户 | 412户 is 应到 | 412户
        cells = [c.strip() for c in lines[k].text.strip().strip("|").split("|")]
        if remarks and not _has_figure_cell(cells[-1]):   # 到会村民 | 597人 | 按签到表统计: no value
            cells = cells[:-1]
        row = [c for n, c in enumerate(cells) if c and (n == 0 or c != cells[n - 1])]
        if len(row) == 4 and all(_label_cell(c) for c in row[0::2]):
            rows += [row[:2], row[2:]]   # 会议时间 | 2023年4月18日 | 地点 | 村委会会议室: two pairs
        elif len(row) > 1:   # a title spanning the table (河洼子村村民代表会议决议) holds no figure
            rows.append(row)
    if len(rows) < 3 or any(len(r) < 2 or len(r) > 3 or not all(_label_cell(c) for c in r[:-1]) for r in rows):
        return None
    read = []
    for *keys, value in rows:    # 表决 | 同意 | 195人 -> 同意：195人 (参会情况 | 实到户数: the row's own key)
        key = keys[-1] if len(keys[-1]) >= 2 else "".join(keys)
        value = re.sub(r"^([0-9]+)(?![0-9./\-]|\s*[人名户位票日天年%％])", rf"\g<1>{_count_unit(key)}",
                       _THOUSANDS.sub("", value))   # 33（…） -> 33人（…）
        read.append(f"{key}：{value}")
    return "；".join(read), "\n".join(lines[k].text for k in range(j, end)), j, end


# the rows of a numbered record table that belong to the meeting row above them (参会情况, 表决结果,
# 会议结论), not the next step of the procedure (公示, 报批, 意见处理)
_MEETING_ITEM = re.compile(r"参会|到会|出席|应到|实到|人数|表决|投票|同意|赞成|结论|决议|签到")


def _numbered_record(lines: list[_Line], i: int) -> tuple[str, str, int] | None:
    """A meeting in a numbered table of procedure steps (序号 | 事项 | 记录: 7 | 村民会议召开 |
    会议时间：…; 8 | 参会情况 | …到会548人; 9 | 表决结果 | 同意531人…), read from its row at `i`
    through the rows about it: (text to read, quoted evidence, index after them), or None when
    the table is not of that form."""
    header = _header_of(lines, i)
    cells = [c.strip() for c in lines[i].text.strip().strip("|").split("|")]
    # three columns: a serial, the step and its record in words (not a meeting's figures in columns)
    if (not header or len(header) != 3 or re.fullmatch(r"序号|编号", header[0]) is None or len(cells) != 3
            or re.fullmatch(r"[0-9]+", cells[0]) is None):
        return None
    read, end = [f"{cells[1]}：{cells[2]}"], i + 1
    while end < len(lines) and " | " in lines[end].text and lines[end].context == lines[i].context:
        row = [c.strip() for c in lines[end].text.strip().strip("|").split("|")]
        if len(row) != 3 or not _MEETING_ITEM.search(row[1]) or _PUBLICITY.search(row[1]):
            break
        read.append(f"{row[1]}：{row[2]}")
        end += 1
    return "；".join(read), "\n".join(x.text for x in lines[i:end]), end


def _label_cell(cell: str) -> bool:
    """A key/value table's label (会议时间, 应到人数): short words, no figure."""
    return len(cell) <= 12 and re.search(r"[\u4e00-\u9fff]", cell) is not None and not _has_figure_cell(cell)


def _year_before(lines: list[_Line], i: int) -> int | None:
    """The year of the last full date up to line `i` (程序 | 时间 rows: 2023年2月20日起至3月21日止 over
    村民代表会议审议 | 3月28日)."""
    for line in reversed(lines[max(0, i - 30):i + 1]):
        found = [d for m in _DATE.finditer(line.text) if (d := _date(m))]
        if found:
            return found[-1].year
    return None


def _meeting_records(lines: list[_Line]) -> list[tuple[str, str, int | None, str, int | None]]:
    """(kind, text to read numbers from, page, quoted evidence, the year of the nearest full date
    before it) per mention of a meeting."""
    out = []
    skip_to = 0
    for i, line in enumerate(lines):
        if i < skip_to:
            continue
        m = _KIND.search(line.text) or (_KIND.search(line.context) if re.search(r"\d", line.text) else None)
        if m is None:
            continue
        kind = _meeting_kind(m.group(0))
        if " | " in line.text and (columns := _meeting_columns(lines, i)):
            # meetings as the columns of a table (项目 | 村务监督委员会会议 | 村民代表会议; 应到人数 | 5 | 35):
            # each meeting's column is its record
            for column_kind, text, end in columns:
                out.append((column_kind, text, line.page, text, _year_before(lines, i)))
                skip_to = max(skip_to, end)
            continue
        numbered = _numbered_record(lines, i) if " | " in line.text else None
        if numbered is not None:
            text, evidence, skip_to = numbered
            out.append((kind, text, line.page, evidence, _year_before(lines, i)))
            continue
        record = _key_value_block(lines, i) if " | " in line.text else None
        if record is not None:
            text, evidence, start, skip_to = record
            if not _DATE.search(text):   # the date in the sentence over the table
                text = "；".join([text, *_dated_above(lines, start)])
            out.append((kind, text, line.page, evidence, _year_before(lines, i)))
            continue
        if re.search(r"村民会议或(?:者)?村民代表会议|村民会议、村民代表会议", line.text) and not re.search(r"\d", line.text):
            continue  # the law's wording, quoted
        if " | " in line.text and not _TOTAL_ROW.search(line.text) and _total_below(lines, i):
            continue   # a group's row of a table whose 合计 row below holds the meeting's figures
        if " | " in line.text:
            # a sign-in row (村民代表会议组成人员 | 38 | 33) with the vote table under it and the
            # 会议时间 line above
            votes = [_table_record(lines, j) for j in range(i + 1, min(i + 8, len(lines)))
                     if lines[j].context == line.context and " | " in lines[j].text
                     and _has_figure_cell(lines[j].text) and re.search(r"同意|赞成", " ".join(_header_of(lines, j) or []))]
            text = "；".join([_table_record(lines, i), *votes, *_dated_above(lines, i)])
            evidence = text
        elif len(events := _events(line.text)) > 1:
            # 7月6日 a 征求意见 meeting. 7月10日至8月13日 the 公示. 8月25日 the 村民代表会议 that voted:
            # each dated event is its own record, and only those naming a meeting are meetings
            for event in events:
                if (k := _KIND.search(event)) is not None:
                    out.append((_meeting_kind(k.group(0)), event, line.page, event, _year_before(lines, i)))
            continue
        else:
            own = _own_sentences(line.text, m.start()) if _KIND.search(line.text) else line.text
            if not own.strip():
                continue   # the line is another meeting's
            block, read, rows = [line.text], [own], []
            if i > 0 and lines[i - 1].context == line.context and _column_names(lines[i - 1].text):
                read.insert(0, lines[i - 1].text)   # 会议名称召开时间应到人数实到人数同意… over the figures
            for j in range(i + 1, min(i + 16, len(lines))):  # a list (会议时间：…／应到：…) or a table under it
                nxt = lines[j]
                if " | " in nxt.text and nxt.context == line.context:
                    block.append(nxt.text)
                    if _has_figure_cell(nxt.text) and not _OTHER_MEETING.search(nxt.text):
                        rows.append(j)   # not 征求意见座谈会 | 2023年1月10日 | — | 46
                    continue
                # minutes (一、会议时间：… 五、参会人员：…) whose items ingest reads as headings stay one record
                if ((nxt.context != line.context and not _LIST_ITEM.match(nxt.text)) or _KIND.search(nxt.text)
                        or (len(nxt.text) > 80 and not _KEY_VALUE.match(nxt.text))
                        or (_PUBLICITY.search(nxt.text) and _DATE.search(nxt.text))
                        or (_HEADING.match(nxt.text) and not _LIST_ITEM.match(nxt.text))
                        or not re.search(r"[0-9：:]|同意|通过|赞成|反对|弃权", nxt.text)):
                    break
                block.append(nxt.text)
                read.append(nxt.text)
            read = _spaced_tables(read) + _rows_read(lines, rows)
            read += _dated_above(lines, i)
            if not any(_DATE.search(x) for x in read) and re.search(r"今日|今天|本日|当日", own):
                read += _signed_below(lines, i)
            text = "；".join(read)
            evidence = "\n".join(block)
        out.append((kind, text, line.page, evidence, _year_before(lines, i)))
    return out


def _meeting_columns(lines: list[_Line], i: int) -> list[tuple[str, str, int]]:
    """A table at `i` whose header names meetings in its columns after a label column: per column
    naming a 村民会议 / 村民代表会议, (kind, its column read as 应到人数35；实到人数34；…, the index after
    the table)."""
    head = [c.strip() for c in lines[i].text.split("|")]
    # 会议名称 | 大杖子村村民会议: a field and its value, not meetings as columns
    if len(head) < 2 or _KIND.search(head[0]) or re.search(r"\d|会议|名称|类型", head[0]):
        return []
    wanted = [(c, _meeting_kind(k.group(0))) for c, cell in enumerate(head) if c and (k := _KIND.search(cell))
              and not _OTHER_MEETING.search(cell)]
    if not wanted:
        return []
    rows, j = [], i + 1
    while j < len(lines) and " | " in lines[j].text and lines[j].context == lines[i].context:
        rows.append([c.strip() for c in lines[j].text.split("|")])
        j += 1
    if len(rows) < 2:
        return []
    out = []
    for col, kind in wanted:
        parts = []
        for row in rows:
            if col >= len(row) or not row[col]:
                continue
            value = re.sub(r"(同意|赞成|反对|弃权)\s*([0-9]+)(?![0-9人票名户位])", r"\1\2票", _THOUSANDS.sub("", row[col]))
            unit = _count_unit(row[0]) if re.fullmatch(r"[0-9]+", value) else ""
            parts.append(f"{row[0]}{value}{unit}")
        out.append((kind, f"{head[col]}：" + "；".join(parts), j))
    return out


# a line of a record's list: 参会人员：王保国、郭丽萍…（however long its list of names）
_KEY_VALUE = re.compile(r"^[\u4e00-\u9fff]{2,8}[：:]")

_TOTAL_ROW = re.compile(r"^\s*(?:[0-9]+\s*\|\s*)?(?:合计|总计|小计|全村|总数)")


def _rows_read(lines: list[_Line], rows: list[int]) -> list[str]:
    """The table rows under a meeting's record, read: its total row where it has one; rows of
    groups under one header (第一组 | 6 | 4 | 4 …) summed; else each row."""
    totals = [j for j in rows if _TOTAL_ROW.search(lines[j].text)]
    if totals:
        return [_table_record(lines, totals[-1])]
    # one meeting voting on several items (宅基地分配方案 | 36 | 31 | 30; 村庄规划成果 | 36 | 31 | 27): the plan's row
    plans = [j for j in rows if "规划" in lines[j].text]
    per_row = [sum(1 for c in lines[j].text.split("|") if re.fullmatch(r"\s*[0-9]+\s*", c)) for j in rows]
    if plans and len(plans) < len(rows) and min(per_row) >= 3:   # each row a full vote (应到 | 实到 | 同意 …)
        return [_table_record(lines, j) for j in plans]
    cells = [[_THOUSANDS.sub("", c.strip()) for c in lines[j].text.split("|")] for j in rows]
    if len(rows) >= 2 and all(re.search(r"组|村民委员会|第.{1,3}场|场次|片区", c[0] + (c[1] if len(c) > 1 else ""))
                              for c in cells) and len({len(c) for c in cells}) == 1:
        summed = []
        for k in range(len(cells[0])):   # counts added (到会312人 + 到会241人), a date all share kept
            column = [c[k] for c in cells]
            counts = [m for v in column if (m := re.fullmatch(r"[^0-9]{0,4}?([0-9]+)\s*[人名户位票]?", v))]
            summed.append(str(sum(int(m.group(1)) for m in counts)) if len(counts) == len(column)
                          else column[0] if len(set(column)) == 1 and _DATE.search(column[0]) else "合计")
        return [_table_record(lines, rows[-1], summed)]
    return [_table_record(lines, j) for j in rows]


def _total_below(lines: list[_Line], i: int) -> bool:
    """A total row (合计 | 826 | 612 | 583) further down the table that lines[i] is a row of."""
    for x in lines[i + 1:]:
        if x.context != lines[i].context or " | " not in x.text:
            return False
        if _TOTAL_ROW.search(x.text):
            return True
    return False


def _dated_above(lines: list[_Line], i: int) -> list[str]:
    """会议时间：2022年6月28日 on a line of the record above the one naming the meeting, or the
    sentence over a table that dates the meeting (2023年4月20日晚，…召开村民会议)."""
    return [x.text for x in lines[max(0, i - 6):i] if x.context == lines[i].context
            and (re.search(r"时间|日期", x.text) or _KIND.search(x.text)) and _DATE.search(x.text)
            and not _PUBLICITY.search(x.text) and not _OTHER_MEETING.search(x.text)]


def _signed_below(lines: list[_Line], i: int) -> list[str]:
    """The date a resolution is signed with, on a line of its own at its foot (西峪村村民委员会（盖章）
    / 2023年6月12日) under a record that dates itself 今日; nothing past another meeting or heading."""
    for x in lines[i + 1:i + 8]:
        if x.context != lines[i].context or _KIND.search(x.text) or _PUBLICITY.search(x.text):
            break
        if _DATE.fullmatch(x.text.strip()):
            return [x.text.strip()]
    return []


def _own_sentences(text: str, at: int) -> str:
    """The sentences of a paragraph from the one naming the meeting at `at` on, without those
    about other meetings: 各村民小组会议参会村民共312人。3月20日召开村民代表会议，应到代表43人… is read
    from 3月20日."""
    start = max(text.rfind(c, 0, at) for c in "。；;") + 1
    return "".join(x for x in re.findall(r"[^。；;]+[。；;]?", text[start:]) if not _about_another_meeting(x))


def _about_another_meeting(sentence: str) -> bool:
    """党员大会…应到党员32名…一致同意提交村民代表会议审议: another meeting's sentence, naming the deciding
    one only as where the plan goes next."""
    other, kind = _OTHER_MEETING.search(sentence), _KIND.search(sentence)
    return other is not None and (kind is None or other.start() < kind.start())


def _events(text: str) -> list[str]:
    """A paragraph told as dated events, one piece per event: a sentence with a date starts a new
    piece once the piece before has its own date (a paragraph with one date is one piece)."""
    pieces: list[str] = []
    dated = False
    for sentence in re.findall(r"[^。]+。?", text):
        has_date = _DATE.search(sentence) is not None
        if pieces and not (has_date and dated):
            pieces[-1] += sentence
        else:
            pieces.append(sentence)
            dated = False
        dated = dated or has_date
    return pieces


_MONTH_DAY = re.compile(r"(?<![0-9年])([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*日")


# a meeting held in sessions, summed up (两场合计到会村民402人…合计同意377人): the totals decide
_SUMMED = re.compile(r"(?:合计|共计|累计|总计)(?=[^，。；\n|]{0,8}?(?:到会|出席|参会|参加|实到|同意|赞成))")
# who did not come (应到代表41人，缺席3人，请假2人): the rest attended
_ABSENT = re.compile(r"(?:缺席|请假|未到会?|未出席|未参会)[^0-9零〇一二两三四五六七八九十，。；\n|]{0,4}?" + NUM + r"\s*(?:人|名|位|户)")


def _meeting_date(text: str, year: int | None) -> date | None:
    """The date of the meeting a record tells: the first in a piece of it not about the 公示 (a
    record table's 规划草案公示 | 2022年8月29日至9月30日 row dates the notice, not the meeting that
    came after it), or the first of all where every dated piece is; `year` dates a 3月28日."""
    pieces = [p for p in re.split(r"[；;。\n]", text) if p.strip()]
    own = "；".join(p for p in pieces if _KIND.search(p) or not _PUBLICITY.search(p))
    for part in (own, text):
        if (d := next((x for m in _DATE.finditer(part) if (x := _date(m))), None)) is not None:
            return d
        if year is not None and (md := _MONTH_DAY.search(part)):
            try:
                return date(year, cn_int(md.group(1)) or 0, cn_int(md.group(2)) or 0)
            except ValueError:
                return None
    return None


def _meeting_from(kind: str, text: str, page: int | None, evidence: str, year: int | None = None) -> Meeting:
    """A meeting's figures from its record's text; `year` dates a 3月28日 the record gives without one."""
    total, total_unit = _first(_TOTAL, text)
    attended, attended_unit = _first(_ATTENDED + (_ATTENDED_LIST,), text)
    votes_for, _ = _first(_FOR, text)
    if (summed := _SUMMED.search(text)) is not None:
        tail = text[summed.start():]
        if (tail_attended := _first(_ATTENDED, tail))[0] is not None:
            attended, attended_unit = tail_attended
        if (tail_for := _first(_FOR, tail)[0]) is not None:
            votes_for = tail_for
    if attended is None and total is not None and (absent := [cn_int(m.group(1)) for m in _ABSENT.finditer(text)]) \
            and all(x is not None for x in absent):
        attended, attended_unit = total - sum(x for x in absent if x is not None), total_unit
    unanimous = _UNANIMOUS.search(text) is not None
    if votes_for is None and unanimous and attended is not None:
        votes_for = attended
    d = _meeting_date(text, year)
    households = kind == "村民会议" and (total_unit == "户" or attended_unit == "户" or "户代表" in text)
    meeting = Meeting(kind=kind, date=d.isoformat() if d else None, total=total, attended=attended,
                      votes_for=votes_for, households=households, evidence=evidence, page=page, unanimous=unanimous)
    if attended is None:
        if (share := _SHARE.search(text)) is not None:
            meeting.share, meeting.share_text = float(share.group(1)) / 100, share.group(0)
        elif (words := _SHARE_WORDS.search(text)) is not None:
            meeting.share = 2 / 3 if "三分之二" in words.group(1) else 0.5 + 1e-9
            meeting.share_text = words.group(0)
    if votes_for is None:
        meeting.against = cn_int(a.group(1)) if (a := _AGAINST.search(text)) else None
        meeting.abstained = cn_int(b.group(1)) if (b := _ABSTAINED.search(text)) else None
        meeting.carried = _CARRIED.search(text) is not None
        if (share := _FOR_SHARE.search(text)) is not None:
            meeting.for_share = float(share.group(1)) / 100
    return meeting


def _majority(m: Meeting) -> bool | None:
    """Did more than half of those present vote for? Decided from the 同意 count, from its share
    of those present (同意率96.3%), or from the votes against and abstentions when the record says
    the rest agreed or the motion passed (or gives so many against that too few can have agreed);
    None when it cannot be told."""
    if m.votes_for is not None:
        if m.attended is not None:
            return m.votes_for * 2 > m.attended
        if m.total is not None and m.votes_for * 2 > m.total:
            return True     # more than half of all members, so of those present
        return None
    if m.for_share is not None:
        return m.for_share > 0.5   # 同意率96.3%: of those present
    if m.unanimous and (m.attended is not None or m.share is not None):
        return True
    if m.against is None and m.abstained is None:
        return None
    others = (m.against or 0) + (m.abstained or 0)
    least = m.attended if m.attended is not None else (
        math.ceil(m.share * m.total - 1e-6) if m.share is not None and m.total is not None else None)
    if m.attended is not None and (m.attended - others) * 2 <= m.attended:
        return False        # 33 present, 15 against and 6 abstaining: at most 12 for
    if m.carried and least is not None and least > 2 * others:
        return True         # 其余到会代表均表示同意 / 草案表决通过, with few against
    return None


def _judge_meeting(m: Meeting) -> None:
    by_half = m.kind != "村民代表会议" and not m.households   # adults: more than half; else two thirds
    if m.kind == "村民代表会议":
        quorum_rule = "村民代表会议须有三分之二以上的组成人员参加"
    elif m.households:
        quorum_rule = "村民会议须有本村三分之二以上的户的代表参加"
    else:
        quorum_rule = "村民会议须有本村十八周岁以上村民的过半数参加"
    if m.total is not None and m.attended is not None:
        quorum_ok: bool | None = m.attended * 2 > m.total if by_half else m.attended * 3 >= m.total * 2
    elif m.share is not None:   # 参会率85% / 到会代表占应到代表的三分之二以上
        quorum_ok = m.share > 0.5 if by_half else m.share >= 2 / 3 - 0.005
    else:
        quorum_ok = None
    majority_ok = _majority(m)
    numbers = []
    if m.total is not None:
        numbers.append(f"应到{m.total}{'户' if m.households else '人'}")
    if m.attended is not None:
        numbers.append(f"实到{m.attended}{'户' if m.households else '人'}")
    elif m.share_text:
        numbers.append(m.share_text)
    if m.votes_for is not None:
        numbers.append(f"同意{m.votes_for}票")
    else:
        numbers += [f"{w}{v}票" for w, v in (("反对", m.against), ("弃权", m.abstained)) if v is not None]
        if m.for_share is not None:
            numbers.append(f"同意率{m.for_share:.1%}")
        if m.unanimous:
            numbers.append("全票通过")
    said = "，".join(numbers) or "未载明人数"
    if quorum_ok is False:
        m.status, m.detail = "no_quorum", f"{said}：{quorum_rule}，到会人数不足，会议不能有效召开"
    elif majority_ok is False:
        m.status, m.detail = "no_majority", f"{said}：所作决定须经到会人员的过半数同意，同意票未过半数"
    elif quorum_ok and majority_ok:
        m.status, m.detail = "ok", f"{said}：到会人数和同意票数均符合法定要求"
    else:
        lacking = [w for w, v, ok in (("应到人数", m.total, quorum_ok), ("实到人数", m.attended, quorum_ok),
                                      ("同意票数", m.votes_for, majority_ok)) if v is None and ok is None]
        m.status = "unverifiable"
        m.detail = f"{said}；规划未载明{'、'.join(lacking)}，无法核实{m.kind}是否依法召开和表决"


# what a meeting is counted against, written apart from its record: the body's roster (以上组成人员
# 共计33人, 村民代表会议由33名代表组成), the village's households (现有农户412户) or adults (18周岁以上村民1,021人)
_ROSTER = re.compile(r"(?:村民代表|组成人员|代表名单)[^0-9零〇一二两三四五六七八九十，。；\n|]{0,8}?(?:共计|共有|共|合计|总计|计)\s*"
                     + NUM + r"\s*(?:人|名)|村民代表会议(?:由|共有|有)\s*" + NUM + r"\s*名")
_HOUSEHOLDS = re.compile(r"(?:现有|共有|全村|总户数|辖)[^0-9零〇一二两三四五六七八九十，。；\n|]{0,6}?" + NUM + r"\s*户(?!代表)")
_ADULTS = re.compile(r"(?:(?:十八|18)周岁以上|年满(?:十八|18)周岁|选民)[^0-9零〇一二两三四五六七八九十，。；\n|]{0,8}?" + NUM
                     + r"\s*(?:人|名)")
_ATTENDANCE_WORDS = re.compile(r"实到|到会|出席|参会|参加|签到")


def _total_elsewhere(best: Meeting, records: list[Meeting], lines: list[_Line]) -> None:
    """The members of the deciding meeting when its record leaves them out: what another record of
    the same body gives (the 审议 session gave 应到代表35名, the 表决 session only who came) and what
    the plan says of the roster, the households or the adults it is counted against, when all of
    these agree on one count. A count the plan gives in two different figures is left unread."""
    found: dict[int, str] = {}
    for other in records:
        if other is not best and other.total is not None and other.kind == best.kind \
                and other.households == best.households:
            found.setdefault(other.total, next((x.strip() for x in re.findall(r"[^。；;\n]+", other.evidence)
                                                if str(other.total) in x), ""))
    pattern = _ROSTER if best.kind == "村民代表会议" else _HOUSEHOLDS if best.households else _ADULTS
    for line in lines:
        for sentence in re.findall(r"[^。；;]+", line.text):
            if (m := pattern.search(sentence)) and not _ATTENDANCE_WORDS.search(sentence) \
                    and not _OTHER_MEETING.search(sentence):
                value = cn_int(next(g for g in m.groups() if g))
                if value:
                    found.setdefault(value, sentence.strip())
    if len(found) == 1:
        (best.total, where), = found.items()
        if where and where not in best.evidence:
            best.evidence += "\n" + where


def _votes_elsewhere(best: Meeting, lines: list[_Line]) -> None:
    """The votes of the deciding meeting when its record leaves them to a section of their own
    (附件三 表决结果：同意20票，反对1票，弃权1票) that names no meeting: taken when the plan gives
    one such result only."""
    found: dict[int, str] = {}
    for line in lines:
        for sentence in re.findall(r"[^。；;]+", line.text):
            if "表决" in sentence and not _KIND.search(sentence) and not _OTHER_MEETING.search(sentence) \
                    and (value := _first(_FOR, sentence)[0]) is not None:
                found.setdefault(value, sentence.strip())
    if len(found) == 1:
        (best.votes_for, where), = found.items()
        best.evidence += "\n" + where


def read_meeting(doc: Document, index: Index | None = None) -> Meeting:
    """The meeting that decided on the plan: among the records of 村民会议 / 村民代表会议, the
    one with the most figures, preferring one that concerns the plan and the latest date."""
    lines = _lines(doc)
    records = [_meeting_from(*r) for r in _meeting_records(lines)]
    if not records:
        m = Meeting(detail="规划没有村民会议或村民代表会议的记录，无法核实是否经村民会议或者村民代表会议讨论同意",
                    basis=_basis("村民代表会议", index))
        return m

    def rank(m: Meeting) -> tuple[int, int, int, str]:
        votes = m.votes_for if m.votes_for is not None else m.against if m.against is not None else m.abstained
        figures = sum(v is not None for v in (m.total, m.attended if m.attended is not None else m.share,
                                               votes if votes is not None or not m.unanimous else True))
        return (figures, int(bool(_ADOPTS_PLAN.search(m.evidence))), int(m.date is not None), m.date or "")

    best = max(records, key=rank)
    if best.date is None:
        # the same meeting told twice: a vote table with no date beside the sentence that dates it
        # (2022年8月16日，…召开村民代表会议，审议…) and gives no other figures
        dates = Counter(m.date for m in records if m is not best and m.kind == best.kind and m.date
                        and all(getattr(m, f) in (None, getattr(best, f)) for f in ("total", "attended", "votes_for")))
        if dates and (top := dates.most_common(1)[0])[1] > sum(dates.values()) / 2:
            best.date = top[0]
    if best.total is None:
        _total_elsewhere(best, records, lines)
    if best.votes_for is None and not best.unanimous and best.for_share is None:
        _votes_elsewhere(best, lines)
    _judge_meeting(best)
    best.basis = _basis(best.kind, index)
    return best


# ---- the 公示 -----------------------------------------------------------------------------------

@dataclass
class Publicity:
    """The plan's 公示 before approval, as the plan records it."""

    status: str = "unverifiable"
    start: str | None = None
    end: str | None = None
    days: int | None = None
    evidence: str = ""
    page: int | None = None
    detail: str = ""
    basis: tuple[Basis, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "start": self.start, "end": self.end, "days": self.days,
                "evidence": self.evidence, "basis": [b.to_dict() for b in self.basis], "detail": self.detail,
                "page": self.page}


MIN_DAYS = 30
_PUBLICITY = re.compile(r"公示|公告|张贴|公开征求")
_AFTER_APPROVAL = re.compile(r"批准后|批复后|审批后|批准之日|批复之日|经批准|公布实施|日内")
_RANGE_SEP = r"\s*(?:起)?\s*(?:至|到|—+|–|-|~|～)\s*"
_PARTIAL_END = re.compile(r"^\s*(?:((?:19|20)\d\d|[二〇○零一三四五六七八九]{4})\s*年)?\s*(?:([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*月)?"
                          r"\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*日"
                          r"|^\s*(?:((?:19|20)\d\d)[.\-/])?([0-9]{1,2})[.\-/]([0-9]{1,2})(?!\d)")
# a length stated as a rule (公示时间不少于30日, 应当公示30日) is no record of a 公示 that took place
_LENGTH_RULE = re.compile(r"不少于|不得少于|至少|应当|应|须|必须")
_LENGTH = (re.compile(r"(?:公示|公告)(?:期|时间|期限|期间)?(?:为|共|计|满|时长)?\s*" + NUM + r"\s*(个工作日|天|日|个自然日)(?!内)"),
           re.compile(r"为期\s*" + NUM + r"\s*(个工作日|天|日|个自然日)"),
           re.compile(r"之日起(?:计)?\s*" + NUM + r"\s*(个工作日|天|日|个自然日)(?!内)"),   # 自公告发布之日起30日
           # 进行公示，公示期至2022年10月7日，共40天
           re.compile(r"(?:公示|公告)[^。；;]{0,30}?[，,]\s*(?:共|计)\s*" + NUM + r"\s*(个工作日|天|日|个自然日)(?!内)"),
           re.compile(r"(?<![月0-9零〇一二两三四五六七八九十])" + NUM + r"\s*(个工作日|天|日|个自然日)的?(?:公示|公告)"))


def _clause_before(text: str, at: int) -> str:
    """The clause up to `at`: 规划草案应当进行30日的公示 -> 规划草案应当进行 at 30."""
    start = max(text.rfind(c, 0, at) for c in "，,。；;") + 1
    return text[start:at]


_NEXT_ROUND = re.compile(r"再次|重新|第二轮|第二次|调整后|修改后|修改完善后")


def _range(text: str) -> tuple[date, date] | None:
    """The 公示's start and end; where one text gives several (网站 4月3日至5月8日, 公示栏 4月6日至5月5日),
    the last when it is a later round, else the shortest: the channel villagers had least time on."""
    found = _ranges(text)
    if len(found) > 1:
        return found[-1] if _NEXT_ROUND.search(text) else min(found, key=lambda r: r[1] - r[0])
    return found[0] if found else None


def _ranges(text: str) -> list[tuple[date, date]]:
    out = []
    for m in _DATE.finditer(text):
        start = _date(m)
        if start is None:
            continue
        rest = text[m.end():]
        sep = re.match(_RANGE_SEP, rest)
        if not sep:
            continue
        end_m = _PARTIAL_END.match(rest[sep.end():])
        if not end_m:
            continue
        g = end_m.groups()
        year, month, day = (g[0], g[1], g[2]) if g[2] else (g[3], g[4], g[5])
        try:
            end = date(cn_int(year) or 0 if year else start.year, cn_int(month) or 0 if month else start.month,
                       cn_int(day) or 0)
        except ValueError:
            continue
        if end < start and not year:  # 12月20日至1月18日: the next year
            end = date(end.year + 1, end.month, end.day)
        if end >= start:
            out.append((start, end))
    return out


_UNTIL = re.compile(r"至|到|截至|截止|结束|止")
# the notice's own date, joined to the text that counts its length from it (自公告发布之日起30日)
_ISSUED = "发布日期："
_SINCE_NOTICE = re.compile(r"自(?:本)?(?:公告|公示|通知)?(?:发布|张贴|刊登|公布)?之日起")
# a date the 公示 ended on, the words after it (2023年4月7日公示期满后撤下, 于7月20日公示期满)
_ENDED = re.compile(r"^[\s，,]*(?:公示)?(?:期满|届满|结束|截止|撤下|撤除|揭下)")
# the words before a date the 公示 ended on (公示期满日为2023年4月21日, 公示截止时间：…)
_ENDED_BEFORE = re.compile(r"(?:公示)?(?:期满|届满|结束|截止)(?:之)?(?:日|日期|时间)?\s*(?:为|是|：|:)?\s*$")
_PUT_UP = re.compile(r"^\s*(?:起|开始)|^[\s，,]*[^。；;\n]{0,24}?(?:张贴|发布|公示)")
_FROM = re.compile(r"^\s*(?:起|开始)")


def _start_and_end(text: str, days: int | None) -> tuple[date, date] | None:
    """A 公示 whose dates stand apart: 于2022年8月29日…进行公示，公示期至2022年10月7日 (an end led by 至),
    or 自2023年4月10日起…公示30日 (a start and a length: the end is the length's last day)."""
    dates = [(m, d) for m in _DATE.finditer(text) if (d := _date(m))]
    for (m1, d1), (m2, d2) in zip(dates, dates[1:]):
        between = text[m1.end():m2.start()]   # ，公示期至 / ；公示结束 |
        if len(between) <= 30 and _UNTIL.search(between[-8:]) and d2 > d1:
            return d1, d2
    for n, (m1, d1) in enumerate(dates):
        # 2023年3月6日张贴 … (a photo of 3月20日 …) 2023年4月7日公示期满后撤下
        if _PUT_UP.match(text[m1.end():]):
            ended = next(((m2, d2) for m2, d2 in dates[n + 1:] if _ends(text, m2)), None)
            if ended and ended[1] > d1:
                return d1, ended[1]
    if days and len(dates) == 1 and _FROM.match(text[dates[0][0].end():]):
        return dates[0][1], dates[0][1] + timedelta(days=days - 1)
    return None


def _ended_dates(text: str) -> list[date]:
    """The dates in `text` a 公示 ended on (于2023年7月20日公示期满, 2023年4月7日撤下)."""
    return [d for m in _DATE.finditer(text) if (d := _date(m)) and _ends(text, m)]


def _ends(text: str, m: re.Match[str]) -> bool:
    """The date `m` is the day the 公示 ended (2023年4月7日公示期满, 公示期满日为2023年4月21日)."""
    return _ENDED.match(text[m.end():]) is not None or _ENDED_BEFORE.search(text[max(0, m.start() - 12):m.start()]) is not None


def _end_only(text: str) -> date | None:
    """The date a 公示 ended on where its start is not written (于2023年7月20日公示期满)."""
    ended = _ended_dates(text)
    return ended[0] if len(ended) == 1 and len(_DATE.findall(text)) == 1 else None


def _publicity_candidates(lines: list[_Line]) -> list[tuple[int, _Line, str]]:
    """Lines about the plan's 公示 (not a 宅基地 application's, not a publication after approval),
    scored: 2 when the line itself names the plan, 1 when its section or the lines before do."""
    out = []
    for i, whole in enumerate(lines):
        if not _PUBLICITY.search(whole.text):
            continue
        # a paragraph told as dated events (a meeting, the 公示, the vote, approval): each apart
        for text in _events(whole.text):
            line = _Line(text, whole.page, whole.context) if text != whole.text else whole
            if _PUBLICITY.search(text) and not _AFTER_APPROVAL.search(text) \
                    and not re.search(r"宅基地申请|建房申请|申请人|审核|资格|决议|表决结果|会议结果|分配结果|分配方案|"
                                      r"名单|补贴|低保|选举", text) \
                    and (found := _publicity_candidate(lines, i, line)) is not None:
                out.append(found)
    return out


def _publicity_candidate(lines: list[_Line], i: int, line: _Line) -> tuple[int, _Line, str] | None:
    """The 公示 `line` (lines[i] or one event of it) records, with the list lines under it, scored;
    None if nothing around it says it is the plan's."""
    text = line.text
    if " | " in text and i + 1 < len(lines) and " | " in lines[i + 1].text and lines[i + 1].context == line.context \
            and not re.search(r"\d", text) and _DATE.search(lines[i + 1].text) and not _PUBLICITY.search(lines[i + 1].text.split("|")[0]):
        # a table's header (公示内容 | 公示起始 | 公示截止) over its row (村庄规划草案 | 2023年5月22日 | 2023年6月20日)
        head = [c.strip() for c in text.split("|")]
        row = [c.strip() for c in lines[i + 1].text.split("|")]
        start = next((c for c, h in enumerate(head) if re.search(r"起始|开始|起$|始$", h)), None)
        end = next((c for c, h in enumerate(head) if re.search(r"截止|结束|止$|期满", h)), None)
        if start is not None and end is not None and max(start, end) < len(row):
            text += f"；公示时间：{row[start]}至{row[end]}"
        text += "；" + "；".join(f"{h}{v}" for h, v in zip(head, row) if v)
    for nxt in lines[i + 1:i + 4]:  # 公示时间：… on the next lines of a list, or a line broken in two
        if _DATE.search(text) and (_range(text) or any(p.search(text) for p in _LENGTH)):
            break
        ends = re.match(r"^[^|：:]{0,8}(?:结束|截止|止)", nxt.text) is not None   # 公示结束 | 2023年2月20日
        if (nxt.context != line.context or len(nxt.text) > 80 or (_PUBLICITY.search(nxt.text) and not ends)
                or _HEADING.match(nxt.text) or re.match(r"^[（(]?[一二三四五六七八九十0-9]{1,2}[、.．)）]", nxt.text)):
            break
        text += "；" + nxt.text
    if _DATE.search(text) and not _range(text) and not _ended_dates(text):
        # put up on one date, taken down on another, lines apart (公示照片1：2023年3月6日张贴… /
        # 公示照片3：2023年4月7日公示期满后撤下)
        for nxt in lines[i + 1:i + 6]:
            if nxt.context != line.context or _HEADING.match(nxt.text):
                break
            if _ended_dates(nxt.text):
                text += "；" + nxt.text
                break
            if _DATE.search(nxt.text) and not re.match(r"^(?:图|照片|公示照片)\s*[0-9一二三四五六七八九十]", nxt.text):
                break   # a photo taken during the 公示 (图2 2023年10月20日…) leaves the end to come
    if _SINCE_NOTICE.search(text) and not _DATE.search(text):
        # 公示期：自公告发布之日起30日, dated by the notice's signature line (二〇二三年二月十日)
        for nxt in lines[i + 1:i + 10]:
            if _DATE.fullmatch(nxt.text.strip()):
                text += f"；{_ISSUED}" + nxt.text.strip()
                break
    near = " ".join(x.text for x in lines[max(0, i - 3):i]) + " " + line.context
    # the plan's, or in the record of the meeting that decided on it (附件：村民代表会议及公示情况)
    score = 2 if _ADOPTS_PLAN.search(line.text) else 1 if _ADOPTS_PLAN.search(near) or _KIND.search(near) else 0
    return (score, line, text) if score else None


def read_publicity(doc: Document, index: Index | None = None) -> Publicity:
    basis = _basis("公示", index)
    candidates = _publicity_candidates(_lines(doc))
    if not candidates:
        return Publicity(detail="规划没有规划草案公示的记录，无法核实公示时间是否不少于三十日", basis=basis)
    found: list[tuple[int, Publicity]] = []
    for score, line, text in candidates:
        p = Publicity(evidence=text, page=line.page, basis=basis)
        r = _range(text)
        stated = next(((cn_int(m.group(1)), m.group(2)) for pat in _LENGTH if (m := pat.search(text))
                       and not _LENGTH_RULE.search(_clause_before(text, m.start()))), None)
        if r is None:
            r = _start_and_end(text, stated[0] if stated and stated[1] != "个工作日" else None)
        if r is None and (ended := _end_only(text)) is not None:
            p.end = ended.isoformat()
        if r is None and (issued := re.search(_ISSUED + r"(.+)$", text)) and (m := _DATE.match(issued.group(1))) \
                and (d := _date(m)) is not None:
            p.start = d.isoformat()   # the length runs from the notice's date
        if r:
            p.start, p.end, p.days = r[0].isoformat(), r[1].isoformat(), (r[1] - r[0]).days + 1
        elif stated and stated[0] is not None and stated[1] != "个工作日":
            p.days = stated[0]
        elif stated and stated[0] is not None:  # working days: calendar days depend on the dates
            if stated[0] >= 22:  # 22 working days span at least 30 calendar days
                p.days = None
                p.status, p.detail = "ok", f"公示{stated[0]}个工作日，折合不少于三十个日历日"
            else:
                p.detail = f"公示{stated[0]}个工作日，未载明起止日期，无法核实是否不少于三十日"
            found.append((score, p))
            continue
        found.append((score, p))
        if p.days is None:
            p.detail = (f"规划载明公示于{p.end}期满，但未载明开始日期或公示天数，无法核实是否不少于三十日" if p.end else
                        "规划提到公示，但未载明起止日期或公示天数，无法核实是否不少于三十日")
            continue
        how = (f"{p.start}至{p.end}，按日历日计算、起止日均计入，共{p.days}日" if r else f"规划载明公示{p.days}日")
        if p.days >= MIN_DAYS:
            p.status = "ok"
            p.detail = how + "，不少于三十日"
            if r and p.days == MIN_DAYS:
                p.detail += "（若按民法典第二百零一条开始当日不计入，则为二十九日，请复核）"
        else:
            p.status = "too_short"
            p.detail = how + "，少于城乡规划法规定的三十日"
        if r and stated and stated[0] is not None and stated[1] != "个工作日" and stated[0] != p.days:
            p.detail += f"；另载明公示{stated[0]}日，与起止日期不一致"

    def rank(item: tuple[int, Publicity]) -> tuple[int, int, int, int, str]:
        score, p = item   # a later round (调整后的规划草案再次公示) supersedes the first; an end read beats none
        return (int(p.start is not None), int(p.days is not None or p.status != "unverifiable"), int(p.end is not None),
                score, p.start or "")

    return max(found, key=rank)[1]


# ---- both ---------------------------------------------------------------------------------------

@dataclass
class Procedure:
    meeting: Meeting = field(default_factory=Meeting)
    publicity: Publicity = field(default_factory=Publicity)

    def to_dict(self) -> dict[str, Any]:
        """{"meeting": {"status", "kind", "date", "total", "attended", "for", "evidence", "basis",
        "detail", "page"}, "publicity": {"status", "start", "end", "days", "evidence", "basis",
        "detail", "page"}}."""
        return {"meeting": self.meeting.to_dict(), "publicity": self.publicity.to_dict()}

    def to_record(self) -> dict[str, Any]:
        """As `to_dict`, with each basis's title and region (the review store keeps these)."""
        def basis(bs: tuple[Basis, ...]) -> list[dict[str, str]]:
            return [{"doc": b.doc, "label": b.label, "text": b.text, "title": b.title, "region": b.region} for b in bs]
        data = self.to_dict()
        data["meeting"]["basis"] = basis(self.meeting.basis)
        data["meeting"]["households"] = self.meeting.households
        data["publicity"]["basis"] = basis(self.publicity.basis)
        return data

    @classmethod
    def from_record(cls, d: dict[str, Any]) -> Procedure:
        def basis(items: list[dict[str, Any]]) -> tuple[Basis, ...]:
            return tuple(Basis(str(b["doc"]), str(b["label"]), str(b.get("text", "")), str(b.get("title", "")),
                               str(b.get("region", ""))) for b in items or [])
        m, p = d.get("meeting") or {}, d.get("publicity") or {}
        meeting = Meeting(str(m.get("status", "unverifiable")), str(m.get("kind", "")), m.get("date"), m.get("total"),
                          m.get("attended"), m.get("for"), bool(m.get("households", False)), str(m.get("evidence", "")),
                          m.get("page"), str(m.get("detail", "")), basis(m.get("basis", [])))
        publicity = Publicity(str(p.get("status", "unverifiable")), p.get("start"), p.get("end"), p.get("days"),
                              str(p.get("evidence", "")), p.get("page"), str(p.get("detail", "")),
                              basis(p.get("basis", [])))
        return cls(meeting, publicity)


def check_procedure(doc: Document, index: Index | None = None) -> Procedure:
    """Read and check the plan's participation record.

    Args:
        doc: the parsed plan (`ingest.load`).
        index: the knowledge base, to quote the law clauses; without it they are cited by label.
    """
    return Procedure(read_meeting(doc, index), read_publicity(doc, index))


__all__ = ["MEETING_ZH", "PUBLICITY_ZH", "Meeting", "Procedure", "Publicity", "check_procedure", "cn_int",
           "read_meeting", "read_publicity"]
