"""Numbering markers at the start of a paragraph: 第X条, 第X章, 一、, （一）, 1.1, （1）.

Pure functions shared by the clean-up (a marker line is never glued to the line before)
and the structure parser (markers decide units and headings).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .numerals import CN_NUMERAL_CHARS, cn_to_int

_N = f"[{CN_NUMERAL_CHARS}0-9]+"
_CN = f"[{CN_NUMERAL_CHARS}]+"

# Law-style labels. `之一` articles are inserted by amendments (第二十九条之一).
ARTICLE_RE = re.compile(rf"^第({_N})条(之[一二三四五六七八九十]+)?")
LAW_HEADING_RE = re.compile(rf"^第({_N})(编|分编|章|节)")
CN1_RE = re.compile(rf"^({_CN})[、．.]")               # 一、
CN2_RE = re.compile(rf"^[（(]({_CN})[）)]")            # （一）
AR1_RE = re.compile(r"^(\d{1,2})(?:[、．]|\.(?!\d))")   # 1. 1、 (not 1.1)
AR2_RE = re.compile(r"^(?:[（(](\d{1,2})[）)]|(\d{1,2})[）)])")  # （1） 1）
DOTTED_RE = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})(?:\s+|(?=[\u4e00-\u9fff]))")

SENTENCE_END = "。！？!?；;"
# Words that follow a cross-reference (依照本法第六十二条规定) rather than start an article.
_XREF_FOLLOWERS = ("规定", "的", "所", "中", "至", "、", "和", "及", "或", "第", "款", "项",
                   "条", "之规定", "列", "前款", "以及", "同", "修改", "确定", "并", "，", ",")

LAW_LEVELS = {"编": 1, "分编": 2, "章": 3, "节": 4}


@dataclass(frozen=True)
class Marker:
    """A numbering marker found at the start of a paragraph."""

    kind: str          # article | law_heading | cn1 | cn2 | ar1 | ar2 | dotted
    number: tuple[int, ...]
    label: str         # normalised label: 第六十二条, 第五章, 一、, （一）, 1.1
    rest: str          # the paragraph text after the label, stripped
    level_name: str = ""  # 编/分编/章/节 for law headings


def find_marker(text: str) -> Marker | None:
    """Return the numbering marker at the start of `text`, if any (no sequence check)."""
    m = ARTICLE_RE.match(text)
    if m:
        n = cn_to_int(m.group(1))
        if n is not None:
            suffix = m.group(2) or ""
            sub = cn_to_int(suffix[1:]) if suffix else 0
            return Marker("article", (n, sub or 0), m.group(0), text[m.end():].strip())
    m = LAW_HEADING_RE.match(text)
    if m:
        n = cn_to_int(m.group(1))
        if n is not None:
            return Marker("law_heading", (n,), m.group(0), text[m.end():].strip(), m.group(2))
    m = CN2_RE.match(text)
    if m:
        n = cn_to_int(m.group(1))
        if n is not None:
            return Marker("cn2", (n,), f"（{m.group(1)}）", text[m.end():].strip())
    m = CN1_RE.match(text)
    if m:
        n = cn_to_int(m.group(1))
        if n is not None:
            return Marker("cn1", (n,), f"{m.group(1)}、", text[m.end():].strip())
    m = AR2_RE.match(text)
    if m:
        num = m.group(1) or m.group(2)
        return Marker("ar2", (int(num),), f"（{num}）", text[m.end():].strip())
    m = DOTTED_RE.match(text)
    if m and "." in m.group(1):
        nums = tuple(int(x) for x in m.group(1).split("."))
        return Marker("dotted", nums, m.group(1), text[m.end():].strip())
    m = AR1_RE.match(text)
    if m:
        return Marker("ar1", (int(m.group(1)),), f"{m.group(1)}.", text[m.end():].strip())
    if m := DOTTED_RE.match(text):  # a bare section number: "1 城乡规划与…"
        return Marker("dotted", (int(m.group(1)),), m.group(1), text[m.end():].strip())
    return None


def looks_like_title(rest: str, limit: int = 40) -> bool:
    """A heading's text: short, and no sentence punctuation inside or at the end."""
    rest = rest.strip()
    if not rest or len(rest) > limit:
        return False
    return not any(p in rest for p in "。！？；;，,") and not rest.endswith(("：", ":"))


def looks_like_heading(rest: str, limit: int = 60) -> bool:
    """A heading's text that may hold commas, colons or a closing full stop
    (坚持规划引领管控，落实村民户有所居; 实施地质灾害风险隐患调查评价工程。) but no sentence inside."""
    rest = rest.strip()
    if not rest or len(rest) > limit:
        return False
    core = rest.rstrip("。.：: ")
    return bool(core) and not any(p in core for p in "。！？；;!?")


def is_cross_reference(marker: Marker, raw_after_label: str) -> bool:
    """True if an article label at a paragraph start is really a reference (第二十二条规定的…)."""
    if marker.kind != "article":
        return False
    if raw_after_label[:1].isspace():
        return False
    return raw_after_label.startswith(_XREF_FOLLOWERS)
