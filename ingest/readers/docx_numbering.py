"""Word list numbering (numbering.xml): the number Word prints before a numbered paragraph.

A paragraph's w:numPr names a list (numId) and a level (ilvl); the list's abstract
definition gives each level a start value, a format (decimal, chineseCounting …) and a
text pattern (lvlText, e.g. "%1、", "（%2）", "%1.%2", "第%1条"). Counters run in document
order, per abstract list (lists that share a definition continue each other unless one
restarts with a startOverride); a level restarts when a higher level advances.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..numerals import int_to_cn
from .docx_styles import StyleSheet, W, on

_PLACEHOLDER_RE = re.compile(r"%([1-9])")
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN_DIGITS = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_LEGAL_DIGITS = str.maketrans("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟")
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
# a label that ends in punctuation is written straight before the text (一、总则, （一）总则)
_TIGHT_END = "、，,．.）)：:]】〕"


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # lvlRestart: restart after this (1-based) level; 0 = never
    legal: bool = False         # isLgl: show every level as decimal
    style: str | None = None    # the paragraph style bound to this level


@dataclass
class _List:
    levels: dict[int, Level] = field(default_factory=dict)
    counts: dict[int, int] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)  # numIds seen so far


def format_number(n: int, fmt: str) -> str:
    """One counter value in a numFmt: 3 / chineseCounting -> 三, ideographTraditional -> 丙."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting",
               "taiwaneseCountingThousand", "japaneseCounting", "koreanCounting"):
        return int_to_cn(n) if 0 < n < 10000 else str(n)
    if fmt in ("chineseLegalSimplified", "japaneseLegal", "koreanLegal"):
        return int_to_cn(n).translate(_LEGAL_DIGITS) if 0 < n < 10000 else str(n)
    if fmt == "ideographTraditional" and 0 < n <= len(_TIANGAN):
        return _TIANGAN[n - 1]
    if fmt == "ideographZodiac" and 0 < n <= len(_DIZHI):
        return _DIZHI[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 0 < n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt == "decimalEnclosedParen" and 0 < n <= len(_PAREN_DIGITS):
        return _PAREN_DIGITS[n - 1]
    if fmt == "decimalEnclosedFullstop":
        return f"{n}."
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter") and n > 0:
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and 0 < n < 4000:
        out = ""
        for value, sym in _ROMAN:
            while n >= value:
                out += sym
                n -= value
        return out if fmt == "upperRoman" else out.lower()
    return str(n)


def attach(label: str, text: str) -> str:
    """Write a numbering label before its paragraph's text, as Word prints it."""
    if not label:
        return text
    body = text.lstrip()
    if not body:
        return label
    tight = label.endswith(tuple(_TIGHT_END)) and not (label.endswith(".") and body[:1].isdigit())
    return label + body if tight else f"{label} {body}"


def _int(value: str | None, default: int) -> int:
    value = (value or "").strip()
    return int(value) if value.lstrip("-").isdigit() and len(value) < 6 else default


def _level(node) -> Level:  # type: ignore[no-untyped-def]
    def val(tag: str) -> str | None:
        child = node.find(f"{W}{tag}")
        return child.get(f"{W}val") if child is not None else None

    start = val("start")
    restart = val("lvlRestart")
    return Level(start=_int(start, 1),
                 fmt=val("numFmt") or "decimal",
                 text=val("lvlText") or "",
                 restart=_int(restart, -1) if restart else None,
                 legal=on(node.find(f"{W}isLgl")),
                 style=val("pStyle"))


class Numbering:
    """numbering.xml of one document with running counters; `label` is called once per
    numbered paragraph, in document order."""

    def __init__(self, numbering_element, styles: StyleSheet) -> None:  # type: ignore[no-untyped-def]
        self._abstract: dict[str, dict[int, Level]] = {}
        self._links: dict[str, str] = {}         # abstractNumId -> numbering style it follows
        self._style_owner: dict[str, str] = {}   # numbering style id -> abstractNumId defining it
        self._nums: dict[str, tuple[str, dict[int, int], dict[int, Level]]] = {}
        self._lists: dict[str, _List] = {}
        self._styles = styles
        if numbering_element is None:
            return
        for absn in numbering_element.iterchildren(f"{W}abstractNum"):
            aid = absn.get(f"{W}abstractNumId") or ""
            self._abstract[aid] = {_int(lvl.get(f"{W}ilvl"), 0): _level(lvl)
                                   for lvl in absn.iterchildren(f"{W}lvl")}
            link = absn.find(f"{W}numStyleLink")
            if link is not None:
                self._links[aid] = link.get(f"{W}val") or ""
            owner = absn.find(f"{W}styleLink")
            if owner is not None:
                self._style_owner[owner.get(f"{W}val") or ""] = aid
        for num in numbering_element.iterchildren(f"{W}num"):
            nid = num.get(f"{W}numId") or ""
            ref = num.find(f"{W}abstractNumId")
            if ref is None:
                continue
            starts: dict[int, int] = {}
            replaced: dict[int, Level] = {}
            for override in num.iterchildren(f"{W}lvlOverride"):
                ilvl = _int(override.get(f"{W}ilvl"), 0)
                so = override.find(f"{W}startOverride")
                if so is not None:
                    starts[ilvl] = _int(so.get(f"{W}val"), 1)
                lvl = override.find(f"{W}lvl")
                if lvl is not None:
                    replaced[ilvl] = _level(lvl)
            self._nums[nid] = (self._resolve(ref.get(f"{W}val") or ""), starts, replaced)

    def _resolve(self, aid: str) -> str:
        """An abstract list that only points at a numbering style takes that style's list."""
        style_id = self._links.get(aid)
        if not style_id:
            return aid
        if style_id in self._style_owner:
            return self._style_owner[style_id]
        style = self._styles.numbering_style(style_id)
        node = style.find(f"{W}pPr/{W}numPr/{W}numId") if style is not None else None  # type: ignore[attr-defined]
        target = self._nums.get(node.get(f"{W}val") or "") if node is not None else None
        return target[0] if target else aid

    def level_for_style(self, num_id: str, style_id: str | None, chain: list) -> int:
        """The level a style-numbered paragraph sits on: the level bound to its style."""
        entry = self._nums.get(num_id)
        if entry is None:
            return 0
        ids = {s.get(f"{W}styleId") for s in chain} | {style_id}
        for ilvl, level in sorted(self._abstract.get(entry[0], {}).items()):
            if level.style and level.style in ids:
                return ilvl
        return 0

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the list's counter at `ilvl` and return the printed label ('' for bullets,
        none, or a numId that is 0 or undefined)."""
        entry = self._nums.get(num_id)
        if num_id in ("", "0") or entry is None:
            return ""
        aid, starts, replaced = entry
        levels = dict(self._abstract.get(aid, {}))
        levels.update(replaced)
        if ilvl not in levels:
            return ""
        state = self._lists.setdefault(aid, _List())
        if num_id not in state.used:
            state.used.add(num_id)
            for lvl_no, start in starts.items():  # "restart numbering": a new num with an override
                state.counts[lvl_no] = start - 1
                for deeper in [k for k in state.counts if k > lvl_no]:
                    del state.counts[deeper]
        level = levels[ilvl]
        state.counts[ilvl] = state.counts.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in state.counts if k > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            if restart != 0 and (restart is None or restart - 1 >= ilvl):
                del state.counts[deeper]
        if level.fmt in ("bullet", "none") or not level.text:
            return ""

        def value(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lvl = levels.get(k, Level())
            n = state.counts.get(k, lvl.start)
            fmt = "decimal" if level.legal else lvl.fmt
            return "" if fmt == "none" else format_number(n, fmt)

        return _PLACEHOLDER_RE.sub(value, level.text).strip()
