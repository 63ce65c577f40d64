"""Citations in queries: articles (第X条) and items (（X）) and the notes for those a document lacks.

A query cites 土地管理法第六十二条, 《城乡规划法》第十八条, 第22条 or 中央一号文件（二十四）. Which
document a citation's hint names is decided by `ingest.names` (`DocumentNames`).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ingest.numerals import CN_NUMERAL_CHARS, cn_to_int, int_to_cn

_NUM = f"[{CN_NUMERAL_CHARS}0-9]+"
ARTICLE_RE = re.compile(rf"第\s*({_NUM})\s*条(之[一二三四五六七八九十]+)?")
ITEM_RE = re.compile(rf"[（(]\s*({_NUM})\s*[）)]")
_BARE_ARTICLE_RE = re.compile(rf"第?({_NUM})条(之[一二三四五六七八九十]+)?")
_BOUNDARY = re.compile(r"[\s，,。；;：:？?！!、“”\"'（）()]")


@dataclass(frozen=True)
class Citation:
    label: str          # normalised: 第六十二条 / 第二十九条之一 / （二十四）
    doc_hint: str       # text naming the document, '' when the query names none
    span: tuple[int, int]


@dataclass(frozen=True)
class CitationNote:
    """A cited article or item the named document does not have (or a document not in the
    knowledge base, then `doc_id` is '' and `doc_title` the name as asked)."""

    doc_id: str
    doc_title: str
    label: str                  # as normalised from the query: 第九十九条, （四十）
    count: int                  # the highest article (item) number the document has: 共七十条
    nearest: tuple[str, ...]    # the existing labels closest to the one asked

    @property
    def message(self) -> str:
        """One line for the user: 《中华人民共和国城乡规划法》没有第九十九条（共七十条），最接近的是第七十条."""
        if not self.doc_id:
            return f"知识库中没有《{self.doc_title}》，无法查到其{self.label}"
        unit = "项" if self.label.startswith("（") else "条"
        if not self.count:
            return f"《{self.doc_title}》没有{self.label}（该文件不按{unit}编号）"
        line = f"《{self.doc_title}》没有{self.label}（共{int_to_cn(self.count)}{unit}）"
        return line + (f"，最接近的是{'、'.join(self.nearest)}" if self.nearest else "")


# -- labels ------------------------------------------------------------------------------
def normalise_label(number: str, suffix: str = "", item: bool = False) -> str | None:
    n = cn_to_int(number)
    if n is None or n <= 0 or n > 9999:
        return None
    return f"（{int_to_cn(n)}）" if item else f"第{int_to_cn(n)}条{suffix or ''}"


def label_forms(label: str) -> list[str]:
    """The labels a user's spelling may mean, most likely first: 第22条 / 第 22 条 / 22条 ->
    第二十二条; (24) -> （二十四）; a bare 22 or 二十二 -> 第二十二条, then （二十二）."""
    text = re.sub(r"\s+", "", label)
    forms = [text]
    article = _BARE_ARTICLE_RE.fullmatch(text)
    item = ITEM_RE.fullmatch(text)
    if article:
        forms.append(normalise_label(article.group(1), article.group(2) or "") or "")
    elif item:
        forms.append(normalise_label(item.group(1), item=True) or "")
    elif re.fullmatch(_NUM, text):
        forms += [normalise_label(text) or "", normalise_label(text, item=True) or ""]
    return [f for f in dict.fromkeys(forms) if f]


def _label_key(label: str) -> tuple[str, int, int] | None:
    """第二十九条之一 -> ('条', 29, 1); （二十四） -> ('项', 24, 0); other labels -> None."""
    m = ARTICLE_RE.fullmatch(label)
    if m:
        n = cn_to_int(m.group(1))
        sub = cn_to_int(m.group(2)[1:]) if m.group(2) else 0
        return ("条", n, sub or 0) if n else None
    m = ITEM_RE.fullmatch(label)
    n = cn_to_int(m.group(1)) if m else None
    return ("项", n, 0) if n else None


def missing_label_note(doc_id: str, doc_title: str, label: str, labels: Iterable[str]) -> CitationNote | None:
    """A note when `label` is not among a document's `labels`, naming its count and the
    nearest labels it does have (the one before and the one after; the last one when the
    number asked lies past the end). None when the label exists or cannot be compared."""
    labels = list(labels)
    asked = _label_key(label)
    if label in labels or asked is None:
        return None
    keyed = sorted({k: lb for lb in labels if (k := _label_key(lb)) and k[0] == asked[0]}.items())
    before = [lb for k, lb in keyed if k < asked][-1:]
    after = [lb for k, lb in keyed if k > asked][:1]
    count = max((k[1] for k, _ in keyed), default=0)
    return CitationNote(doc_id, doc_title, label, count, tuple(before + after))


# -- citations in a query ----------------------------------------------------------------
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
