"""Document metadata: id, kind, issuing body, region and dates, read from the front lines,
the title, the file name and the text. Callers may override any field."""
from __future__ import annotations

import re
from pathlib import Path

from .front import DATE_RE
from .names import has_state_prefix
from .regions import region_in_text, region_of_title

KINDS = ("法律", "行政法规", "地方性法规", "司法解释", "政策文件", "规划", "其他")
_FOLDER_KINDS = {"laws": "法律", "regulations": "行政法规", "local": "地方性法规",
                 "judicial": "司法解释", "policy": "政策文件", "plans": "规划"}
_FILE_DATE_RE = re.compile(r"[_\-（(]?(\d{4}-\d{2}-\d{2})[）)]?$")
_CONGRESS_RE = re.compile(
    r"([\u4e00-\u9fff]*?)第[一二三四五六七八九十百]+届([\u4e00-\u9fff]*?人民代表大会(?:常务委员会)?)")
_EFFECTIVE_RE = re.compile(r"自\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日起(?:施行|实施|生效)")
_POLICY_ENDINGS = ("意见", "通知", "决定", "方案", "纲要", "要点", "指南", "措施", "批复", "函", "通告", "公告")
_RULE_ENDINGS = ("条例", "规定", "办法", "细则", "规则")


def split_file_name(path: str | Path) -> tuple[str, tuple[str, ...], str | None]:
    """土地管理法_2019-08-26.md -> ('土地管理法', (), '2019-08-26');
    …重点工作的意见_2023中央一号文件.md -> (…意见, ('2023中央一号文件',), None)."""
    stem = Path(path).stem.strip()
    version = None
    m = _FILE_DATE_RE.search(stem)
    if m:
        version = m.group(1)
        stem = stem[:m.start()].rstrip("_- ")
    parts = [p for p in stem.split("_") if p]
    if not parts:
        return "document", (), version
    doc_id = re.sub(r"[\s/\\#?]+", "-", parts[0])
    return doc_id, tuple(parts[1:]), version


def iso_date(match: re.Match[str]) -> str:
    y, mo, d = (int(g) for g in match.groups()[:3])
    return f"{y:04d}-{mo:02d}-{d:02d}"


def infer_kind(title: str, front_lines: list[str], folder: str = "") -> str:
    """Guess 法律 / 行政法规 / 地方性法规 / 司法解释 / 政策文件 / 规划 / 其他 from the title."""
    t = re.sub(r"\s+", "", title)
    front = " ".join(front_lines)
    core = re.sub(r"[（(][^（）()]*[）)]$", "", t)  # drop a trailing (2021—2035年) / (试行)
    if t.startswith(("最高人民法院", "最高人民检察院")) and core.endswith(("解释", "规定", "批复", "决定")):
        return "司法解释"
    if "最高人民法院" in front and "审判委员会" in front:
        return "司法解释"
    if core.endswith("规划") or re.search(r"规划[（(]\d{4}", t):
        return "规划"
    region = region_of_title(t)
    if (core.endswith("法") and not core.endswith("办法")) or "民法典" in core:
        return "法律"
    if core.endswith(_RULE_ENDINGS):
        if region:
            return "地方性法规"
        if "关于" in core and not core.endswith("条例"):
            return "政策文件"
        if "国务院" in front or has_state_prefix(t) or core.endswith("条例"):
            return "行政法规"
    if core.endswith(_POLICY_ENDINGS) or "关于" in core:
        return "政策文件"
    return _FOLDER_KINDS.get(folder, "其他")


def issuing_body(title: str, front_lines: list[str], kind: str) -> str:
    """The body that adopted or issued the document, without session numbers."""
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


def dates(front_lines: list[str], text: str) -> tuple[str | None, str | None, str | None]:
    """(adopted, effective, amended) as ISO dates, or None where the text does not say."""
    adopted = amended = effective = None
    for line in front_lines:
        m = DATE_RE.search(line)
        if not m:
            continue
        if re.search(r"修正|修订|修改", line):
            amended = max(amended or "", iso_date(m))
        elif re.search(r"通过|发布|公布|印发", line) and adopted is None:
            adopted = iso_date(m)
        elif re.search(r"施行|实施", line):
            effective = iso_date(m)
    if effective is None:
        hits = list(_EFFECTIVE_RE.finditer(text))
        if hits:
            effective = iso_date(hits[-1])
    return adopted, effective, amended


def region_for(title: str, kind: str, text: str) -> str:
    """Region of a local document from its title; of a plan from its text."""
    region = region_of_title(title)
    if not region and kind == "规划":
        region = region_in_text(title + "\n" + text)
    return region
