"""The front of a document: its title, the adoption/amendment lines under it, a table of contents."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .markers import find_marker, looks_like_title
from .readers.base import Block
from .toc import Toc, find_toc, is_header

DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_FRONT_WORDS = ("通过", "修正", "修订", "修改", "公布", "施行", "批准", "发布", "印发", "颁布", "会议", "命令", "令")
_DOC_NUMBER_RE = re.compile(r"^[\u4e00-\u9fff]{1,8}[〔\[【(（]\d{4}[〕\]】)）]\s*\d+\s*号$|令\s*第\s*\d+\s*号")
# a 目录 with a `目录` line may stand this far into the document (a cover page, 前言 before it)
_TOC_REACH = 120
# a cover page's lines around the document's name: what the document is (规划文本, 说明书, 送审稿),
# who made it (郸城县汲冢镇人民政府, 编制单位：…) and when (二〇二二年十一月)
_COVER_LABEL_RE = re.compile(r"^(?:(?:规划)?(?:文本|说明书?|图集|图册)(?:[（(][\u4e00-\u9fff]{1,8}[）)])?|"
                             r"[（(【]?[\u4e00-\u9fff]{2,6}稿[）)】]?)$")
_COVER_ORGAN_RE = re.compile(r"^(?:(?:组织)?编制(?:单位|机关)|委托单位|设计单位|承担单位)\s*[:：].{2,40}$|"
                             r"^[\u4e00-\u9fff（）()]{3,40}(?:人民政府|委员会|办公室|局|院|公司|中心)$")
_COVER_DATE_RE = re.compile(r"^(?:[〇○零Ｏ一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,2}\s*月(?:\s*[一二三四五六七八九十]{1,3}\s*日)?|"
                            r"\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|\d{4}\s*[.．/]\s*\d{1,2})$")
# a plan's period on a line of its own under the name: （2021—2035年）
_PERIOD_RE = re.compile(r"^[（(]\s*\d{4}\s*年?\s*[—\-–~～至－]+\s*\d{4}\s*年?\s*[）)]$")


@dataclass
class Front:
    """Where the body starts, and what came before it."""

    title: str
    title_index: int | None          # block index of the title, if it is in the text
    lines: list[str] = field(default_factory=list)  # adoption/amendment/number lines
    indices: list[int] = field(default_factory=list)  # every block index that is front matter
    body_start: int = 0
    toc: Toc | None = None            # the 目录, kept as the outline; its blocks are never units
    lead: int | None = None           # a first page's own title, read as the heading of that page
    skip: list[int] = field(default_factory=list)  # the document's title printed inside the body


def is_front_line(text: str) -> bool:
    """An adoption/amendment/promulgation line (1986年6月25日 …会议通过) or a document number."""
    if _DOC_NUMBER_RE.search(text) and len(text) < 60:
        return True
    if not DATE_RE.search(text) or len(text) > 300:
        return False
    if find_marker(text) is not None and not text.startswith(("（", "(")):
        return False
    core = text.strip("（）() ")
    if DATE_RE.fullmatch(core):
        return True
    return any(w in text for w in _FRONT_WORDS) and not text.rstrip().endswith("。")


def _title_candidate(block: Block) -> bool:
    if block.kind == "row" or find_marker(block.text) is not None or is_front_line(block.text) \
            or is_header(block.text):
        return False
    if is_cover_label(block.text):
        return False
    return looks_like_title(block.text, limit=60) or (block.kind == "heading" and block.level <= 1)


def is_cover_label(text: str) -> bool:
    """规划文本 / 说明书 / （送审稿）: what a cover says the document is, never its name."""
    return bool(_COVER_LABEL_RE.match("".join(text.split())))


def _cover_line(block: Block) -> str:
    """`label`, `organ` or `date` for a line of a cover page around the name, else ""."""
    if block.kind == "row":
        return ""
    text = "".join(block.text.split())
    if _COVER_LABEL_RE.match(text):
        return "label"
    if _COVER_DATE_RE.match(text):
        return "date"
    if _COVER_ORGAN_RE.match(text) and find_marker(text) is None:
        return "organ"
    return ""


def _closes_wrap(parts: list[str], block: Block) -> bool:
    """The short tail of a name wrapped inside its brackets: …村庄规划（2021—20 / 35年）."""
    text = "".join(parts)
    return text.count("（") + text.count("(") > text.count("）") + text.count(")") \
        and len(block.text) <= 12 and block.text.rstrip().endswith(("）", ")"))


def _credit_above_plan(blocks: list[Block], i: int) -> bool:
    """A cover's credit line above the plan's name (编制单位：…, or the 镇人民政府 that made
    it over …村庄规划): no part of the name. A government body above 关于…的通知 stays, as the
    issuer that begins the notice's full title."""
    kind = _cover_line(blocks[i])
    if kind != "organ":
        return False
    if re.search(r"[：:]", blocks[i].text):
        return True
    nxt = next((b for b in blocks[i + 1:i + 3] if _cover_line(b) != "organ"), None)
    return nxt is not None and "规划" in nxt.text and not nxt.text.lstrip().startswith("关于")


def _cover_end(blocks: list[Block], i: int) -> int:
    """The end of a cover page's lines under the name (规划文本 / the issuing body / a date), or
    `i` if blocks[i:] do not start with such lines. Only lines that are plainly a cover's: a
    run holding 规划文本 or a year-month date (二〇二二年十一月), or one that fills the rest of
    the first page."""
    j, kinds = i, []
    while j < len(blocks) and j - i < 8 and (kind := _cover_line(blocks[j])):
        kinds.append(kind)
        j += 1
    if not kinds:
        return i
    month_date = any(k == "date" and "日" not in blocks[i + n].text for n, k in enumerate(kinds))
    page_ends = j < len(blocks) and blocks[j].page is not None and blocks[j].page != blocks[j - 1].page
    return j if "label" in kinds or month_date or page_ends else i


def find_front(blocks: list[Block], meta_title: str = "") -> Front:
    """Find the title, the front-matter lines and the start of the body.

    The title is an explicit top heading (Markdown #, DOCX Title/Heading 1) among the first
    blocks, else the first short lines of the text (a PDF title may wrap onto two lines). A
    cover page's 规划文本 (above or below the name), its issuing body and its year-month date
    (二〇二二年十一月) are front matter: neither part of the title nor a 前言.
    """
    front = Front(title="", title_index=None)
    s = _order_end(blocks)  # a promulgation order printed above the title (主席令 第五十九号 …)
    # (its lines are front matter, not the document's own adoption lines: the order's text
    # names the body that adopted the amendment, not this text's issuer)
    i = s
    # leading explicit title heading
    for j, b in enumerate(blocks[s:s + 3], start=s):
        if b.kind == "heading" and b.level <= 1 and _title_candidate(b):
            front.title, front.title_index = b.text, j
            i = j + 1
            # 中华人民共和国民法典 / 物权编: a second top heading continues the title
            # (a title that is already whole, …村庄规划（2021—2035年）, is not continued by 规划文本)
            if i < len(blocks) and blocks[i].kind == "heading" and blocks[i].level <= 1 \
                    and _title_candidate(blocks[i]) and not _title_complete(front.title):
                front.title += " " + blocks[i].text
                i += 1
            front.indices.extend(range(i))
            break
    if front.title_index is None:
        # a cover's 规划文本 above the name is no part of it
        while s < len(blocks) - 1 and blocks[s].kind != "row" and (
                is_cover_label(blocks[s].text) or _credit_above_plan(blocks, s)):
            s += 1
    if front.title_index is None and s < len(blocks) and _title_candidate(blocks[s]):
        parts = [blocks[s].text]
        i = s + 1
        while i < len(blocks) and len(parts) < 3 and (_title_candidate(blocks[i]) or _closes_wrap(parts, blocks[i])) \
                and blocks[i].kind == blocks[s].kind and len("".join(parts)) < 40 \
                and (not _title_complete(parts[-1]) or _PERIOD_RE.match(blocks[i].text.strip())) \
                and not re.search(r"[：:]", blocks[i].text) \
                and i + 1 < len(blocks) and not _looks_like_body_start(blocks, i):
            parts.append(blocks[i].text)
            i += 1
        front.title, front.title_index = "".join(parts), s
        front.indices.extend(range(i))
    if front.title_index is not None and not _title_complete(front.title):
        second = _document_title_after(blocks, i)
        if second is not None:
            # a background page (…简介) with its own title, then the document proper: the
            # document's title is the second; the first stays as the heading of its page
            first = front.title_index
            front.title, front.title_index = "".join(blocks[k].text for k in second), second[0]
            front.lead = first
            front.skip = list(second)
            front.indices = [k for k in front.indices if k < first] + list(second)
            i = first
    if front.title_index is not None:
        # the rest of a cover page: 规划文本, the issuing body, 二〇二二年十一月
        cover = _cover_end(blocks, i)
        front.indices.extend(range(i, cover))
        i = cover
    # adoption / amendment lines, a date line, a table of contents
    while i < len(blocks):
        text = blocks[i].text
        if is_front_line(text):
            front.lines.append(text)
            front.indices.append(i)
            i += 1
            continue
        if front.lines and _continues_front_line(front.lines[-1], text):
            front.lines[-1] += text
            front.indices.append(i)
            i += 1
            continue
        repeat = _title_repeat_end(blocks, i, front.title)
        if repeat > i:  # the title printed again, wrapped over several lines
            front.indices.extend(range(i, repeat))
            i = repeat
            continue
        if is_header(text):
            toc = find_toc(blocks, i, i + 1)
            end = toc.end if toc is not None else i + 1
            front.toc = front.toc or toc
            front.indices.extend(range(i, end))
            i = end
            continue
        break
    front.body_start = i
    if front.toc is None:
        # a 目录 further on (after a cover page or a 前言), or one without a `目录` line
        front.toc = find_toc(blocks, i, i + max(_TOC_REACH, len(blocks) // 3))
        if front.toc is not None:
            front.indices.extend(range(front.toc.first, front.toc.end))
            if front.toc.first == i:
                front.body_start = front.toc.end
    if not front.title:
        front.title = meta_title
    return front


_TITLE_ENDINGS = ("法", "条例", "规定", "办法", "细则", "意见", "通知", "决定", "方案", "规划", "纲要", "解释",
                  "）", ")", "》")


_ORDER_HEAD_RE = re.compile(r"^\S{2,20}令$")
_ORDER_NUMBER_RE = re.compile(r"^[（(]?第\s*[0-9零〇一二两三四五六七八九十百千]+\s*号[）)]?$")
_DOC_TYPES = ("法", "法典", "条例", "规定", "办法", "细则", "意见", "通知", "决定", "方案", "规划", "纲要", "解释",
              "规则", "措施", "计划", "公告", "通告", "批复", "报告", "指引", "导则", "标准")
_TRAILING_BRACKET_RE = re.compile(r"[（(][^（()）]*[）)]$")


def _order_end(blocks: list[Block]) -> int:
    """The blocks of a promulgation order above the text it promulgates (中华人民共和国主席令 /
    第五十九号 / …现予公布… / 中华人民共和国主席 习近平 / 2025年10月28日): its end, or 0."""
    if len(blocks) < 4 or not _ORDER_HEAD_RE.match(blocks[0].text.replace(" ", "")) \
            or not _ORDER_NUMBER_RE.match(blocks[1].text.replace(" ", "")):
        return 0
    for j in range(2, min(len(blocks) - 1, 14)):
        if DATE_RE.fullmatch(blocks[j].text.strip()):
            return j + 1
    return 0


def names_document(text: str) -> bool:
    """…培育实施方案, …办法（试行）: a line that ends with the name of a kind of document."""
    core = _TRAILING_BRACKET_RE.sub("", text.strip())
    return core.endswith(_DOC_TYPES)


def _document_title_after(blocks: list[Block], start: int) -> list[int] | None:
    """The blocks of a document's own title printed after a first page of text (a 简介 page
    before the 实施方案): one to three short lines after a paragraph, naming a kind of document."""
    stop = min(len(blocks), start + max(60, len(blocks) // 3))
    for j in range(max(start, 1), stop):
        prev = blocks[j - 1]
        if prev.kind != "para" or len(prev.text) < 20 or not prev.text.rstrip().endswith("。"):
            continue
        group: list[int] = []
        k = j
        while k < stop and len(group) < 3 and _title_candidate(blocks[k]) and blocks[k].kind in ("para", "heading") \
                and not re.search(r"[：:]", blocks[k].text) and len(blocks[k].text) <= 30:
            group.append(k)
            k += 1
        if group and k < len(blocks) and names_document("".join(blocks[g].text for g in group)) \
                and len("".join(blocks[g].text for g in group)) <= 60:
            return group
    return None


def _title_complete(text: str) -> bool:
    """A line that already ends like a whole title (…村庄规划（2021—2035年）)."""
    return text.rstrip().endswith(_TITLE_ENDINGS)


def _continues_front_line(prev: str, text: str) -> bool:
    """…《关于修改〈中华人民共和国土地管理法〉 / 〈…〉的决定》第三次修正: one line, wrapped."""
    return (not prev.endswith(_FRONT_WORDS) and text.endswith(_FRONT_WORDS)
            and not DATE_RE.search(text) and len(text) < 150 and "。" not in text)


def _title_repeat_end(blocks: list[Block], i: int, title: str) -> int:
    """If blocks i.. spell the title again (over up to 4 lines), return the index after them."""
    target = re.sub(r"\s+", "", title)
    if not target:
        return i
    acc = ""
    for j in range(i, min(i + 4, len(blocks))):
        acc += re.sub(r"\s+", "", blocks[j].text)
        if acc == target:
            return j + 1
        if not target.startswith(acc):
            break
    return i


def _looks_like_body_start(blocks: list[Block], i: int) -> bool:
    """A short line followed by real sentences is a subtitle or heading, not a title line."""
    nxt = blocks[i + 1].text if i + 1 < len(blocks) else ""
    return len(blocks[i].text) > 20 or (find_marker(nxt) is None and "。" in nxt and len(blocks[i].text) < 6)
