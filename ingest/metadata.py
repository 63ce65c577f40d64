"""Document metadata: id, kind, issuing body, region and dates, read from the front lines,
the title, the file name and the text. Callers may override any field."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .front import DATE_RE
from .names import has_state_prefix
from .numerals import cn_to_int
from .panels import number_in_file_name
from .regions import _index as region_index
from .regions import region_in_text, region_of_title

# the legal hierarchy (Legislation Law): laws, administrative regulations, departmental rules,
# local regulations, local government rules, judicial interpretations; then the normative
# documents (规范性文件: binding, numbered 规〔year〕N号 in many provinces), policy documents,
# plans, technical standards and anything else
KINDS = ("法律", "行政法规", "部门规章", "地方性法规", "地方政府规章", "司法解释", "规范性文件", "政策文件",
         "规划", "标准规范", "其他")
_FOLDER_KINDS = {"laws": "法律", "regulations": "行政法规", "rules": "部门规章", "local": "地方性法规",
                 "judicial": "司法解释", "normative": "规范性文件", "policy": "政策文件", "plans": "规划",
                 "standards": "标准规范"}
_FILE_DATE_RE = re.compile(r"[_\-（(]?(\d{4}-\d{2}-\d{2})[）)]?$")
# a numbering prefix an archive puts before a name: 13_, 01-2 , 36b_, (3)、
_FILE_PREFIX_RE = re.compile(r"^[（(]?\d{1,4}[a-zA-Z]?(?:[-.]\d{1,3}[a-zA-Z]?)*[）)]?[\s._、\-]+")
_FILE_PART_NUMBER_RE = re.compile(r"^[\d\s\-—~～.]+$")  # 2024, 2024-2027: a period, not a name
_CONGRESS_RE = re.compile(
    r"([\u4e00-\u9fff]*?)第[一二三四五六七八九十百]+届([\u4e00-\u9fff]*?人民代表大会(?:常务委员会)?)")
_EFFECTIVE_RE = re.compile(r"自\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日起(?:施行|实施|生效)")
_POLICY_ENDINGS = ("意见", "通知", "决定", "方案", "纲要", "要点", "指南", "措施", "批复", "函", "通告", "公告")
_RULE_ENDINGS = ("条例", "规定", "办法", "细则", "规则")
# technical standards: a code (GB/T 50180, TD/T 1061, CJJ 83, DB33/T 1234) or the name's last word
_STANDARD_CODE_RE = re.compile(r"(?<![A-Za-z])(?:GB|TD|CJJ|JGJ|CJ|HJ|LY|NY|SL|DZ|CH|TB|JTG|DB\d{2,6}|T/[A-Z]{2,10})"
                               r"(?:\s*/\s*[TZ])?\s*\d{1,6}")
_STANDARD_ENDINGS = ("标准", "规范", "规程", "导则", "技术要求", "技术指南", "技术规定")
# who made it, as its promulgation says: an order of the State Council, a ministry, a local government
_ORDER_RE = re.compile(r"^(.+?)(?:令第|第.+号令)")
_LOCAL_GOVERNMENT_RE = re.compile(r"(?:省|市|自治区|自治州|州|盟|县|区)人民政府$")
_CONGRESS_NOTICE_RE = re.compile(r"人民代表大会(?:常务委员会)?公告")
_MINISTRY_MEETING_RE = re.compile(r"(?:部务|局务|委务|署务|行务|委员会)会议(?:审议)?通过")
_GOVERNMENT_MEETING_RE = re.compile(r"人民政府(?:第[^，。]{1,20}次)?常务会议(?:审议)?通过")


def split_file_name(path: str | Path) -> tuple[str, tuple[str, ...], str | None]:
    """土地管理法_2019-08-26.md -> ('土地管理法', (), '2019-08-26');
    …重点工作的意见_2023中央一号文件.md -> (…意见, ('2023中央一号文件',), None);
    13_公共租赁住房保障办法_穗府办规2024-13号.html -> ('公共租赁住房保障办法', ('穗府办规2024-13号',), None):
    an archive's numbering prefix (13_, 01-2 , 36b_) and a leading region or issuer part
    (广东_…, 国家_中共中央国务院_…) are not the document's name; a period (2024-2027) is no alias."""
    stem, version = _stem_and_version(path)
    parts = [p for p in stem.split("_") if p.strip()]
    if not parts:
        return "document", (), version
    named = next((n for n, part in enumerate(parts) if not _is_place_or_organ(part)), 0)
    doc_id = re.sub(r"[\s/\\#?]+", "-", parts[named].strip())
    aliases = tuple(p.strip() for n, p in enumerate(parts) if n > named and not _FILE_PART_NUMBER_RE.match(p))
    return doc_id, aliases, version


def file_title(path: str | Path) -> str:
    """What a file's name says the document is called, when the text names no title:
    13_公共租赁住房保障办法_穗府办规2024-13号.html -> 公共租赁住房保障办法."""
    stem, _ = _stem_and_version(path)
    parts = [p.strip() for p in stem.split("_") if p.strip()]
    named = next((n for n, part in enumerate(parts) if not _is_place_or_organ(part)), 0)
    return parts[named] if parts else stem


def file_doc_number(path: str | Path) -> str:
    """A 文号 spelled in the file's name (穗府办规2024-13号 -> 穗府办规〔2024〕13号), '' if none."""
    stem, _ = _stem_and_version(path)
    return next((n for part in re.split(r"[_\s]+", stem) if (n := number_in_file_name(part))), "")


def _stem_and_version(path: str | Path) -> tuple[str, str | None]:
    stem = Path(path).stem.strip()
    version = None
    m = _FILE_DATE_RE.search(stem)
    if m:
        version = m.group(1)
        stem = stem[:m.start()].rstrip("_- ")
    bare = _FILE_PREFIX_RE.sub("", stem, count=1).strip()
    return (bare or stem), version


@lru_cache(maxsize=1)
def _region_names() -> frozenset[str]:
    entries, shorts = region_index()
    return frozenset(shorts) | {name for name, _, _ in entries}


def _is_place_or_organ(part: str) -> bool:
    """广东, 惠州市, 国家, 中共中央国务院: a part that files a document, not its name."""
    part = re.sub(r"\s+", "", part)
    if part in ("国家", "全国", "中央") or _FILE_PART_NUMBER_RE.match(part):
        return True
    if part in _region_names():
        return True
    organs = _split_organs(part)
    return bool(organs) and all(o in _ORGANS for o in organs)


def iso_date(match: re.Match[str]) -> str:
    y, mo, d = (int(g) for g in match.groups()[:3])
    return f"{y:04d}-{mo:02d}-{d:02d}"


def infer_kind(title: str, front_lines: list[str], folder: str = "", doc_number: str = "") -> str:
    """The document's place in the legal hierarchy (one of `KINDS`).

    From what made it, first: its promulgation (a 主席令 promulgates a 法律, a 国务院令 a
    行政法规, a ministry's order a 部门规章, a local government's order a 地方政府规章, a
    people's congress adopts 法律 and 地方性法规); then its 文号 (…规〔2021〕19号, …规字 mark a
    规范性文件); then its title (…法, …条例, …办法, 关于…的通知, …规划, GB/T codes); last the
    folder it was filed in.
    """
    t = re.sub(r"\s+", "", title)
    front = " ".join(front_lines)
    core = re.sub(r"[（(][^（）()]*[）)]$", "", t)  # drop a trailing (2021—2035年) / (试行)
    if t.startswith(("最高人民法院", "最高人民检察院")) and core.endswith(("解释", "规定", "批复", "决定")):
        return "司法解释"
    if "最高人民法院" in front and "审判委员会" in front:
        return "司法解释"
    if _STANDARD_CODE_RE.search(title) or (core.endswith(_STANDARD_ENDINGS) and "关于" not in core):
        return "标准规范"
    if core.endswith("规划") or re.search(r"规划[（(]\d{4}", t):
        return "规划"
    region = region_of_title(t)
    made = _kind_of_promulgation(doc_number, front, bool(region))
    if made:
        return made
    if (core.endswith("法") and not core.endswith("办法")) or "民法典" in core:
        return "法律"
    if core.endswith(_RULE_ENDINGS) and "关于" not in core:
        if region:
            # only a people's congress makes a local 条例; a local 办法 or 规定 that no congress
            # adopted and no government order promulgated is a department's normative document
            if core.endswith("条例") or folder == "local":
                return "地方性法规"
            return "规范性文件"
        if "国务院" in front or has_state_prefix(t) or core.endswith("条例"):
            return "行政法规"
        if doc_number:
            return _kind_of_number(doc_number, t)
    if core.endswith(_POLICY_ENDINGS) or "关于" in core:
        return "规范性文件" if folder == "normative" else _kind_of_number(doc_number, t)
    return _FOLDER_KINDS.get(folder, "其他")


def _kind_of_promulgation(doc_number: str, front: str, local: bool) -> str:
    """The kind an order or an adoption line says: '' when they say none."""
    if "人民代表大会" in doc_number and "公告" in doc_number:
        return "法律" if doc_number.startswith(("全国", "中华人民共和国全国")) else "地方性法规"
    order = _ORDER_RE.match(doc_number)
    if order:
        organ = order.group(1)
        if organ.endswith("主席"):
            return "法律"
        if organ in ("国务院", "中华人民共和国国务院"):
            return "行政法规"
        if _LOCAL_GOVERNMENT_RE.search(organ):
            return "地方政府规章"
        if not region_of_title(organ):
            return "部门规章"
    if _GOVERNMENT_MEETING_RE.search(front) and not re.search(r"国务院(?:第[^，。]{1,20}次)?常务会议", front):
        return "地方政府规章"
    if _MINISTRY_MEETING_RE.search(front) and "人民代表大会" not in front and not local:
        return "部门规章"
    if "人民代表大会" in front and ("通过" in front or _CONGRESS_NOTICE_RE.search(front)):
        return "地方性法规" if local or "全国人民代表大会" not in front else "法律"
    return ""


def _kind_of_number(doc_number: str, title: str) -> str:
    """A 文号's kind: 穗府办规〔2024〕13号 and 穗人社规字〔2019〕6号 are numbered as normative
    documents; another 〔year〕N号 is a policy document, unless it issues a 办法 or 规定
    (关于印发…管理办法的通知), which binds as a normative document does."""
    org = re.split(r"[〔\[［(（【]", doc_number, maxsplit=1)[0]
    if "规" in org:
        return "规范性文件"
    issued = re.search(r"(?:印发|发布|颁布)(.+?)的(?:通知|决定)$", title)
    if issued and re.sub(r"[（(][^（）()]*[）)]$", "", issued.group(1).strip("《》")).endswith(_RULE_ENDINGS):
        return "规范性文件"
    return "政策文件"


def issuing_body(title: str, front_lines: list[str], kind: str, signed: str = "") -> str:
    """The body that adopted or issued the document, without session numbers: as its adoption
    lines say, else as its signature block says (`signed`), else as its title names it."""
    for line in front_lines:
        if "通过" in line or "批准" not in line:
            m = _CONGRESS_RE.search(DATE_RE.sub(" ", line))
            if m:
                return m.group(1) + m.group(2)
            if "国务院" in line:
                return "国务院"
            m = re.search(r"(最高人民法院|最高人民检察院)", line)
            if m:
                return m.group(1)
    if signed:
        return signed
    t = re.sub(r"\s+", " ", title).strip()
    if "关于" in t:
        issuer = t.split("关于", 1)[0].strip()
        if 0 < len(issuer) <= 40:
            return "、".join(_split_organs(issuer))
    if kind == "司法解释":
        m = re.match(r"(最高人民法院|最高人民检察院)", t)
        if m:
            return m.group(1)
    if kind == "行政法规":  # administrative regulations are the State Council's by definition
        return "国务院"
    return ""


_ORGANS = ("中共中央办公厅", "国务院办公厅", "中共中央", "国务院", "全国人民代表大会常务委员会",
           "最高人民法院", "最高人民检察院", "中央军委")


def _split_organs(issuer: str) -> list[str]:
    """中共中央国务院 -> [中共中央, 国务院]; unknown issuers stay whole (split on spaces)."""
    out: list[str] = []
    for chunk in issuer.split():
        rest = chunk
        while rest:
            organ = next((o for o in _ORGANS if rest.startswith(o)), None)
            if organ is None:
                out.append(rest)
                break
            out.append(organ)
            rest = rest[len(organ):]
    return out


def dates(front_lines: list[str], text: str, head: list[str] | None = None) -> tuple[str | None, str | None, str | None]:
    """(adopted, effective, amended) as ISO dates, or None where the text does not say.

    A front line may hold several events, each starting at its date: (2003年4月27日…令第375号
    公布　根据2010年12月20日《…的决定》修订) is adopted 2003-04-27, amended 2010-12-20. An
    order printed above the text (`head`) dates the adoption where the front does not:
    《…办法》已经2021年1月8日市人民政府…常务会议通过，现予公布.
    """
    adopted = amended = effective = None
    for event in (piece for line in front_lines for piece in _events(line)):
        m = DATE_RE.search(event)
        if not m:
            continue
        if re.search(r"修正|修订|修改", event):
            amended = max(amended or "", iso_date(m))
        elif re.search(r"通过|发布|公布|印发", event) and adopted is None:
            adopted = iso_date(m)
        elif re.search(r"施行|实施", event):
            effective = iso_date(m)
    for line in head or []:
        m = _ORDER_ADOPTED_RE.search(line)
        if m and adopted is None:
            adopted = iso_date(m)
    if effective is None:
        hits = list(_EFFECTIVE_RE.finditer(text))
        if hits:
            effective = iso_date(hits[-1])
    return adopted, effective, amended


# a promulgation event of a front line: 国务院令第375号公布, 2019年8月26日发布, 最高人民法院公告公布
# (words inside a cited title, 《…发布…的决定》, do not count)
_PUBLISHED_EVENT_RE = re.compile(r"公布|发布|颁布")
_CITED_TITLE_RE = re.compile(r"《[^》]*》")
# an order (主席令, 国务院令, 政府令, 常委会公告) that makes the text public: …通过，现予公布
_ORDER_PUBLISHES_RE = re.compile(r"(?:现予|予以|现将[^。]{0,40}?)(?:公布|发布|颁布)")
_ORDER_DATE_REACH = 4  # the order's own date line follows its sentence within this many lines
# the text comes into force when it is published: 本办法自发布之日起施行
_ON_PUBLICATION_RE = re.compile(r"本[\u4e00-\u9fff]{1,8}?自(?:发布|公布|颁布)之日起(?:施行|实施|生效)")


def published_date(front_lines: list[str], head: list[str]) -> str | None:
    """The date the document was made public, as its own lines state it (YYYY-MM-DD), else None.

    A promulgation order printed above the text (…已经…通过，现予公布 / signature / 2021年1月29日)
    is dated on its own line after its sentence: that date (never the adoption date inside the
    sentence). Else the last promulgation event of the front lines (2003年4月27日…国务院令第375号公布,
    2019年8月26日发布): the latest one made public the text as it now stands.
    """
    for n, line in enumerate(head):
        if not _ORDER_PUBLISHES_RE.search(line):
            continue
        for after in head[n + 1:n + 1 + _ORDER_DATE_REACH]:
            found = _own_date(after)
            if found:
                return found
    published = None
    for event in (piece for line in front_lines for piece in _events(line)):
        m = DATE_RE.search(event)
        if m and _PUBLISHED_EVENT_RE.search(_CITED_TITLE_RE.sub("", event[m.end():])):
            published = max(published or "", iso_date(m))
    return published


def _own_date(line: str) -> str | None:
    """An order's date line: the date alone, or after the signer's name (市长 温国辉 2021年1月29日)."""
    line = " ".join(line.split())
    if len(line) > 40:
        return None
    return date_line(line) or (date_line(line.rsplit(" ", 1)[-1]) if " " in line else None)


def takes_effect_on_publication(text: str) -> bool:
    """The text says it takes effect when published (本办法自发布之日起施行)."""
    return _ON_PUBLICATION_RE.search(text) is not None


_ORDER_ADOPTED_RE = re.compile(r"已(?:经|由)[^。；]{0,60}?(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日[^。；]{0,60}?通过")


def _events(line: str) -> list[str]:
    """A front line cut before each of its dates (one event each)."""
    starts = [m.start() for m in DATE_RE.finditer(line)]
    if len(starts) <= 1:
        return [line]
    cuts = [0, *starts[1:], len(line)]
    return [line[a:b] for a, b in zip(cuts, cuts[1:])]


# a signature block: the issuing bodies, one a line, then the date alone on its line
_ORGAN_LINE_RE = re.compile(r"^[\u4e00-\u9fff（）()]{3,40}(?:人民政府|办公厅|办公室|办事处|委员会|局|厅|部|委|院|署|中心|党委|"
                            r"党组|小组|指挥部|银行|分行|联合会|协会)$")
_CN_DATE_RE = re.compile(r"^([〇○零Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日$")
_CN_DIGITS = {c: str(n) for n, chars in enumerate(("〇○零Ｏ", "一", "二", "三", "四", "五", "六", "七", "八", "九"))
              for c in chars}
SIGNATURE_ORGANS = 6


def signature(lines: list[str]) -> tuple[str, str | None]:
    """(issuing bodies, date) of the first signature block: one or more body names, each alone
    on its line (or before the date on the date's line), then the date alone: 2021年3月5日 or
    二〇二一年三月五日. ("", None) when the text has none. Co-issuers are joined by a space."""
    for n, raw in enumerate(lines):
        if len(raw) > 80 or "日" not in raw or "年" not in raw:  # a signature's date line is short
            continue
        line = " ".join(raw.split())
        date = date_line(line)
        organs: list[str] = []
        if date is None:
            head, _, tail = line.rpartition(" ")
            date = date_line(tail) if head and all(_ORGAN_LINE_RE.match(w) for w in head.split()) else None
            if date is None:
                continue
            organs = head.split()
        back = n - 1
        while back >= 0 and len(organs) < SIGNATURE_ORGANS and _ORGAN_LINE_RE.match(organ := "".join(lines[back].split())):
            organs.insert(0, organ)
            back -= 1
        if organs:
            return " ".join(dict.fromkeys(organs)), date
    return "", None


def date_line(text: str) -> str | None:
    """A date standing alone (2021年3月5日, 二〇二一年三月五日) as YYYY-MM-DD, else None."""
    text = text.strip().strip("（）() ")
    m = DATE_RE.fullmatch(text)
    if m:
        return iso_date(m)
    m = _CN_DATE_RE.match(text.replace(" ", ""))
    if not m:
        return None
    year = int("".join(_CN_DIGITS[c] for c in m.group(1)))
    month, day = cn_to_int(m.group(2)), cn_to_int(m.group(3))
    if not month or not day or not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def region_for(title: str, kind: str, text: str) -> str:
    """Region of a local document from its title; of a plan from its text."""
    region = region_of_title(title)
    if not region and kind == "规划":
        region = region_in_text(title + "\n" + text)
    return region
