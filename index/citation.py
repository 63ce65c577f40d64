"""Citations in queries: 土地管理法第六十二条, 《城乡规划法》第十八条, 第22条, 中央一号文件（二十四）."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.numerals import CN_NUMERAL_CHARS, cn_to_int, int_to_cn

_NUM = f"[{CN_NUMERAL_CHARS}0-9]+"
ARTICLE_RE = re.compile(rf"第\s*({_NUM})\s*条(之[一二三四五六七八九十]+)?")
ITEM_RE = re.compile(rf"[（(]({_NUM})[）)]")
_BOUNDARY = re.compile(r"[\s，,。；;：:？?！!、“”\"'（）()]")


@dataclass(frozen=True)
class Citation:
    label: str          # normalised: 第六十二条 / 第二十九条之一 / （二十四）
    doc_hint: str       # text naming the document, '' when the query names none
    span: tuple[int, int]


def normalise_label(number: str, suffix: str = "", item: bool = False) -> str | None:
    n = cn_to_int(number)
    if n is None or n <= 0 or n > 9999:
        return None
    return f"（{int_to_cn(n)}）" if item else f"第{int_to_cn(n)}条{suffix or ''}"


def _hint_before(query: str, start: int) -> str:
    """The words just before a label: 《城乡规划法》 -> 城乡规划法; 请问土地管理法 -> 请问土地管理法."""
    before = query[:start].rstrip()
    m = re.search(r"《([^》]+)》$", before)
    if m:
        return m.group(1).strip()
    parts = _BOUNDARY.split(before)
    return parts[-1] if parts else ""


def find_citations(query: str) -> list[Citation]:
    """Every article (第X条) or item (（X）after a document name) cited in the query."""
    out: list[Citation] = []
    for m in ARTICLE_RE.finditer(query):
        label = normalise_label(m.group(1), m.group(2) or "")
        if label:
            out.append(Citation(label, _hint_before(query, m.start()), m.span()))
    for m in ITEM_RE.finditer(query):
        hint = _hint_before(query, m.start())
        if hint:  # a bare （二） is too ambiguous to be a citation
            label = normalise_label(m.group(1), item=True)
            if label:
                out.append(Citation(label, hint, m.span()))
    return out


def resolve_document(hint: str, names: dict[str, list[str]]) -> list[str]:
    """Doc ids whose name ends the hint best: the longest name that is a suffix of the hint.

    `names` maps doc_id -> the names it is known by (short title, title, aliases).
    """
    hint = re.sub(r"\s+", "", hint).replace("中华人民共和国", "")
    if not hint:
        return []
    best_len, best = 0, []
    for doc_id, doc_names in names.items():
        for name in doc_names:
            name = name.replace("中华人民共和国", "").replace(" ", "")
            if len(name) >= 2 and (hint.endswith(name) or _alias_match(hint, name)):
                if len(name) > best_len:
                    best_len, best = len(name), [doc_id]
                elif len(name) == best_len and doc_id not in best:
                    best.append(doc_id)
    return best


def _alias_match(hint: str, name: str) -> bool:
    """2023年中央一号文件 names the document aliased 2023中央一号文件."""
    return hint.replace("年", "").endswith(name.replace("年", ""))
