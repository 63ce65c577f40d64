"""Government metadata panels, and the 文号 (document number) a document states.

Pure functions over text lines and HTML meta pairs: issuing body, 文号, dates and validity
as a site's panel states them (the readers attach the result to the `RawDocument` and drop
the panel lines from the text); the 文号 a document prints under or above its title or in
its promulgation line (`front_number`); a 文号 spelled in a file name; and the one spelling
of a 文号 that lookups compare (`doc_number_key`: 京政发[2020]15号, 京政发2020年15号 and
京政发〔2020〕15号 are one number).

    >>> read_lines(["[发文机构]北京市农业农村局", "[成文日期]2025-03-31"])[0].adopted
    '2025-03-31'
    >>> normalise_doc_number("京政发[2020] 15号")
    '京政发〔2020〕15号'
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace

from .numerals import cn_to_int


@dataclass(frozen=True)
class Panel:
    """What a page's metadata panel or meta tags state; "" / None where not stated.

    adopted = 成文日期, published = 发布日期, effective = 实施日期 (YYYY-MM-DD); validity =
    有效性 / 时效性 / 效力状态 in plankb's words (`normalise_validity`).
    """

    issuing_body: str = ""
    doc_number: str = ""
    adopted: str | None = None
    published: str | None = None
    effective: str | None = None
    validity: str = ""

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def merged(self, other: Panel) -> Panel:
        """This panel, with fields it leaves empty taken from `other`."""
        return replace(self, **{f.name: getattr(other, f.name) for f in fields(self)
                                if not getattr(self, f.name) and getattr(other, f.name)})


# panel label -> field; a label may be spaced out on the page (文 号：)
_LABELS = {
    "发文机构": "issuing_body", "发文机关": "issuing_body", "发布机构": "issuing_body",
    "发布机关": "issuing_body", "发文单位": "issuing_body",
    "发文字号": "doc_number", "文号": "doc_number",
    "成文日期": "adopted", "成文时间": "adopted",
    "发布日期": "published", "公布日期": "published", "发布时间": "published", "公布时间": "published",
    "实施日期": "effective", "施行日期": "effective", "生效日期": "effective", "实施时间": "effective",
    "施行时间": "effective",
    "有效性": "validity", "时效性": "validity", "效力状态": "validity", "时效状态": "validity",
}
_LABEL_ALT = "|".join(r"\s*".join(label) for label in sorted(_LABELS, key=len, reverse=True))
# [发文机构]value, 【发文字号】value, 发文字号：value, 文 号：value (value may be empty)
_LINE_RE = re.compile(rf"^\s*(?:[\[【]\s*({_LABEL_ALT})\s*[\]】]\s*[:：]?|({_LABEL_ALT})\s*[:：])\s*(.*?)\s*$")
_DATE_RE = re.compile(r"^(\d{4})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
# 文号 pieces: an issuer's abbreviation, a year in any bracket, a number; an order 某某令第N号
_OPEN, _CLOSE = "〔[［(（【", "〕]］)）】"
_OPEN_CLASS, _CLOSE_CLASS = (f"[{re.escape(chars)}]" for chars in (_OPEN, _CLOSE))
_CN_NUM = "0-9一二三四五六七八九十百千零〇两"
_YEAR_NUMBER = re.compile(rf"(?P<org>[\u4e00-\u9fff]{{1,20}}?)\s*{_OPEN_CLASS}\s*(?P<year>(?:19|20)\d{{2}})\s*"
                          rf"{_CLOSE_CLASS}\s*第?\s*(?P<no>\d{{1,5}})\s*号")
# 京政发2020年15号, 穗府办规2024-13号 (a file name or a query has no brackets)
_LOOSE_NUMBER = re.compile(r"(?P<org>[\u4e00-\u9fff]{1,20}?)\s*(?P<year>(?:19|20)\d{2})\s*[年\-—_－.]?\s*"
                           r"第?\s*(?P<no>\d{1,5})\s*号")
_ORDER = re.compile(rf"(?P<org>[\u4e00-\u9fff]{{2,30}}?)令\s*第\s*(?P<no>[{_CN_NUM}]{{1,6}})\s*号")
_ORDER_AFTER = re.compile(rf"(?P<org>[\u4e00-\u9fff]{{2,30}}?)第\s*(?P<no>[{_CN_NUM}]{{1,6}})\s*号令")  # 某部第5号令
_NOTICE = re.compile(rf"(?P<org>[\u4e00-\u9fff]{{2,40}}?)公告\s*(?P<session>{_OPEN_CLASS}[\u4e00-\u9fff0-9]{{1,8}}"
                     rf"{_CLOSE_CLASS})?\s*第\s*(?P<no>[{_CN_NUM}]{{1,6}})\s*号")  # 某省人大常委会公告〔十四届〕第12号
_NUMBER_FORMS = (_YEAR_NUMBER, _LOOSE_NUMBER, _ORDER, _ORDER_AFTER, _NOTICE)
_ORDER_HEAD_RE = re.compile(r"^([\u4e00-\u9fff]{2,30})令$")
_ORDER_NO_RE = re.compile(rf"^第\s*([{_CN_NUM}]{{1,6}})\s*号$")
# a people's congress promulgates a local regulation by a numbered 公告: 某省人民代表大会常务委员会公告 /
# 〔十四届〕第12号 (or 第12号)
_NOTICE_HEAD_RE = re.compile(r"^([\u4e00-\u9fff]{2,30}人民代表大会(?:常务委员会)?)公告$")
_NOTICE_NO_RE = re.compile(rf"^(?:{_OPEN_CLASS}[\u4e00-\u9fff0-9]{{1,8}}{_CLOSE_CLASS})?第\s*[{_CN_NUM}]{{1,6}}\s*号$")
_DATE_IN_LINE_RE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_AMENDING = ("修正", "修订", "修改", "废止")
_STATE = "中华人民共和国"
# meta name -> field (publishing date only: ContentSource names the publishing office, which is
# not always the issuer — 广州市人民政府令 pages carry 广州市人民政府办公厅)
_META = {"pubdate": "published", "publishdate": "published", "firstpublishedtime": "published"}


def iso_date(text: str) -> str | None:
    """2019年10月16日, 2024-07-26, 2021-02-09 17:53 -> YYYY-MM-DD; None if not a valid date."""
    m = _DATE_RE.match(" ".join(text.split()))
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1949 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _field_value(name: str, value: str) -> str | None:
    value = " ".join(value.split())
    if name in ("adopted", "published", "effective"):
        return iso_date(value)
    if name == "doc_number":
        return re.sub(r"\s+", "", value) or None
    if name == "validity":
        return normalise_validity(value) or None
    return value or None


# validity as sites and law databases state it -> the one word plankb shows; a state outside
# this list (部分失效) is kept as stated
VALIDITY = ("有效", "失效", "废止", "已修改", "尚未生效")
_VALIDITY_WORDS = {
    "有效": ("有效", "现行有效", "现行", "生效", "已生效", "继续有效"),
    "失效": ("失效", "已失效", "全部失效", "已经失效"),
    "废止": ("废止", "已废止", "已被废止", "被废止", "全文废止", "已经废止"),
    "已修改": ("已修改", "已被修改", "被修改", "已修订", "已被修订", "已修正", "已被修正"),
    "尚未生效": ("尚未生效", "未生效", "尚未施行", "待生效"),
}
_VALIDITY_OF = {word: state for state, words in _VALIDITY_WORDS.items() for word in words}
_NOT_STATED = ("", "-", "--", "—", "——", "无", "暂无", "/", "空")
_VALIDITY_MAX = 12  # a longer value is a sentence, not a state


def normalise_validity(text: str) -> str:
    """A stated validity as one of `VALIDITY` (现行有效 -> 有效, 已废止 -> 废止, 已被修改 ->
    已修改); another short statement (部分失效) as stated; '' when nothing is stated."""
    flat = re.sub(r"[\s：:。.【】\[\]]+", "", text)
    if flat in _NOT_STATED or len(flat) > _VALIDITY_MAX:
        return ""
    return _VALIDITY_OF.get(flat, flat)


def read_lines(lines: Sequence[str]) -> tuple[Panel, set[int]]:
    """The panel stated in `lines` and the indices of the lines it occupies.

    A label with its value on the same line (`[发文字号]京政发〔2019〕7号`, `成文日期：2024-07-26`)
    or on the next line (an HTML panel's label and value cells). The first value of a field wins.
    """
    found: dict[str, str] = {}
    used: set[int] = set()
    i = 0
    while i < len(lines):
        m = _LINE_RE.match(lines[i])
        if not m:
            i += 1
            continue
        name = _LABELS[re.sub(r"\s+", "", m.group(1) or m.group(2))]
        value = m.group(3)
        used.add(i)
        if not value and i + 1 < len(lines) and lines[i + 1].strip() and not _LINE_RE.match(lines[i + 1]):
            value = lines[i + 1]
            i += 1
            used.add(i)
        parsed = _field_value(name, value)
        if parsed and name not in found:
            found[name] = parsed
        i += 1
    return Panel(**found), used


def read_meta(pairs: Iterable[tuple[str, str]]) -> Panel:
    """The panel stated by HTML meta tags (name, content): the publishing date."""
    found: dict[str, str] = {}
    for name, content in pairs:
        key = _META.get(name.strip().lower())
        if key and key not in found:
            value = _field_value(key, content)
            if value:
                found[key] = value
    return Panel(**found)


def normalise_doc_number(text: str) -> str:
    """One 文号 as documents print it: brackets 〔〕, no spaces, an order as printed
    (中华人民共和国国务院令第375号, 自然资源部第5号令). '' when `text` is not a 文号."""
    flat = re.sub(r"\s+", "", text)
    m = _YEAR_NUMBER.fullmatch(flat) or _LOOSE_NUMBER.fullmatch(flat)
    if m:
        return f"{m.group('org')}〔{m.group('year')}〕{int(m.group('no'))}号"
    m = _ORDER.fullmatch(flat)
    if m:
        return f"{m.group('org')}令第{m.group('no')}号"
    m = _ORDER_AFTER.fullmatch(flat)
    if m:
        return f"{m.group('org')}第{m.group('no')}号令"
    m = _NOTICE.fullmatch(flat)
    if m:
        session = f"〔{m.group('session')[1:-1]}〕" if m.group("session") else ""
        return f"{m.group('org')}公告{session}第{m.group('no')}号"
    return ""


def doc_number_key(text: str) -> str:
    """The spelling lookups compare: 京政发[2020]15号 / 京政发2020年15号 -> 京政发〔2020〕15号;
    中华人民共和国国务院令第七百四十六号 / 国务院第746号令 -> 国务院令第746号. '' if not a 文号."""
    number = normalise_doc_number(text)
    m = _ORDER.fullmatch(number) or _ORDER_AFTER.fullmatch(number)
    if m:
        n = cn_to_int(m.group("no"))
        return f"{_without_state(m.group('org'))}令第{n if n is not None else m.group('no')}号"
    m = _NOTICE.fullmatch(number)
    if m:
        n = cn_to_int(m.group("no"))
        return f"{_without_state(m.group('org'))}公告{m.group('session') or ''}第{n if n is not None else m.group('no')}号"
    return number


def doc_numbers_in(text: str) -> list[str]:
    """The 文号-like spans of a query, as written (京政发〔2020〕15号, 国务院令第746号); the
    issuer part may carry words before it (请问京政发…), so compare by suffix."""
    return [text[s:e] for s, e in doc_number_spans(text)]


def doc_number_spans(text: str) -> list[tuple[int, int]]:
    """Where `doc_numbers_in` finds them (to blank them before reading article citations)."""
    spans: list[tuple[int, int]] = []
    for form in _NUMBER_FORMS:
        for m in form.finditer(text):
            if all(m.end() <= s or m.start() >= e for s, e in spans):
                spans.append(m.span())
    return sorted(spans)


def _without_state(org: str) -> str:
    return org[len(_STATE):] if org.startswith(_STATE) and len(org) > len(_STATE) else org


def _order_issuer(org: str) -> str:
    """The body an order names: 国务院, 自然资源部, 广州市人民政府; a 主席令 promulgates a law,
    whose issuer is the congress that adopted it, so it names none."""
    org = _without_state(org)
    return "" if org.endswith("主席") else org


def front_number(lines: Sequence[str], promulgation: Sequence[str] = ()) -> Panel:
    """The document's own 文号 among its first lines (the title, the lines above and under it,
    the promulgation line): never one a sentence merely cites.

    A line that is a 文号 (`穗府办规〔2024〕13号`, `（京政发[2020]15号）`), a government order
    (`广州市人民政府令` / `第179号` on one line or two, `国务院令第746号`), or an order inside a
    promulgation line (`2003年4月27日中华人民共和国国务院令第375号公布`, `（…自然资源部第5号令）`)
    rather than in an amending one. An order also names the issuing body.
    """
    flat = [re.sub(r"\s+", "", line) for line in lines]
    for n, line in enumerate(flat):
        bare = line[1:-1] if line[:1] in _OPEN and line[-1:] in _CLOSE else line
        if _YEAR_NUMBER.fullmatch(bare):
            return Panel(doc_number=normalise_doc_number(bare))
        if _ORDER.fullmatch(bare) or _ORDER_AFTER.fullmatch(bare):
            return _order_panel(bare)
        head = _ORDER_HEAD_RE.match(line)
        if head and n + 1 < len(flat) and _ORDER_NO_RE.match(flat[n + 1]):
            return _order_panel(line + flat[n + 1])
        notice = _NOTICE_HEAD_RE.match(line) or _NOTICE_HEAD_RE.match(line.split("公告", 1)[0] + "公告")
        rest = line[len(notice.group(0)):] if notice and line.startswith(notice.group(0)) else ""
        if rest[:1] in _OPEN and rest[-1:] in _CLOSE and _NOTICE_NO_RE.match(rest[1:-1]):
            rest = rest[1:-1]  # 公告（第12号）
        if notice and (_NOTICE_NO_RE.match(rest) or (not rest and n + 1 < len(flat) and _NOTICE_NO_RE.match(flat[n + 1]))):
            number = normalise_doc_number(notice.group(0) + (rest or flat[n + 1]))
            return Panel(issuing_body=_without_state(notice.group(1)), doc_number=number)
    for line in promulgation:
        if not _DATE_IN_LINE_RE.search(line) or len(line) >= 300:
            continue
        text = _DATE_IN_LINE_RE.sub(" ", " ".join(line.split()))
        for form in (_ORDER, _ORDER_AFTER):
            for m in form.finditer(text):
                # 国务院令第375号公布, not the order of an amending decision (…令第666号修订)
                if not any(w in text[m.end():m.end() + 6] for w in _AMENDING):
                    return _order_panel(m.group(0))
    return Panel()


# words that end the clause before an order's issuer: …部务会议审议通过自然资源部令第5号
_BEFORE_ISSUER_RE = re.compile(r"^.*(?:通过|公布|发布|批准|会议|现予|经|以|根据|依据)")


def _order_panel(text: str) -> Panel:
    m = _ORDER.fullmatch(text) or _ORDER_AFTER.fullmatch(text)
    if m:
        org = _BEFORE_ISSUER_RE.sub("", m.group("org"))
        text = org + text[m.end("org"):] if len(org) >= 2 else text
    number = normalise_doc_number(text)
    m = _ORDER.fullmatch(number) or _ORDER_AFTER.fullmatch(number)
    return Panel(issuing_body=_order_issuer(m.group("org")) if m else "", doc_number=number)


def number_in_file_name(part: str) -> str:
    """A 文号 spelled in a file name part: 穗府办规2024-13号 -> 穗府办规〔2024〕13号 ('' if none;
    an order's number alone, 政府令179号, names no issuer and is not taken)."""
    flat = re.sub(r"\s+", "", part)
    if _YEAR_NUMBER.fullmatch(flat) or _LOOSE_NUMBER.fullmatch(flat):
        return normalise_doc_number(flat)
    return ""


def without_site(panel: Panel, site_name: str) -> Panel:
    """A panel's issuing body that is the site's own name is the reposting site, not the issuer."""
    if site_name and re.sub(r"\s+", "", panel.issuing_body) == re.sub(r"\s+", "", site_name):
        return replace(panel, issuing_body="")
    return panel
