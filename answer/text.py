"""Sentences of a clause, quotable on their own: the unit extractive answers pick and the
verifier compares against."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest import Clause

_END = re.compile(r"[^。！？!?]*[。！？!?]+[”’」』）)]*|[^。！？!?]+$")
_ITEM = re.compile(r"^\s*(（[一二三四五六七八九十百\d]+）|\([一二三四五六七八九十百\d]+\)|[一二三四五六七八九十]+、|\d+[.．、])")
_CJK = re.compile(r"[\u3400-\u9fff]")

LONG = 120          # a sentence longer than this is split at its semicolons too
LIST_MERGE = 300    # a lead ending in ：is quoted with its items when together they are no longer;
LEAD_WITH_ITEM = 80  # in a longer list each item is quoted after a lead this short: lead……item


@dataclass(frozen=True)
class Piece:
    """One quotable sentence of a clause and its position there."""

    text: str
    position: int   # 0-based order within the clause


def body(clause: Clause) -> str:
    """The clause's text without its label (第二十二条) and its own title line."""
    text = clause.text.strip()
    if clause.label and text.startswith(clause.label):
        text = text[len(clause.label):].lstrip(" 　:：")
    if clause.title:
        first, _, rest = text.partition("\n")
        if first.strip().strip("【】[]") == clause.title and rest.strip():
            text = rest
    return text.strip()


def split_sentences(text: str) -> list[str]:
    """Sentences of running text: split at 。！？ and line breaks, long ones also at ；."""
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        for m in _END.finditer(line):
            s = m.group(0).strip()
            if len(s) > LONG and "；" in s[:-1]:
                out.extend(p for p in re.findall(r"[^；]*；|[^；]+$", s) if p.strip())
            elif s:
                out.append(s)
    return [s.strip() for s in out if len(_CJK.findall(s)) >= 4]


def pieces(clause: Clause) -> list[Piece]:
    """The quotable sentences of a clause, in order. A lead sentence ending in ：(有下列情形之一的，…：)
    is quoted together with its items when the whole stays short; otherwise each stands alone."""
    sentences = split_sentences(body(clause))
    out: list[Piece] = []
    n = 0
    while n < len(sentences):
        s = sentences[n]
        if s.endswith(("：", ":")):
            items = []
            m = n + 1
            while m < len(sentences) and _ITEM.match(sentences[m]):
                items.append(sentences[m])
                m += 1
            if items and len(s) + sum(map(len, items)) <= LIST_MERGE:
                out.append(Piece(s + "".join(items), len(out)))
                n = m
                continue
            if items and len(s) <= LEAD_WITH_ITEM:  # an item alone would not say what it lists
                out.append(Piece(s, len(out)))
                out.extend(Piece(f"{s}……{item}", len(out) + k) for k, item in enumerate(items))
                n = m
                continue
        out.append(Piece(s, len(out)))
        n += 1
    return out
