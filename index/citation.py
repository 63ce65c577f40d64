"""Citations in queries and the names documents go by.

A query cites 土地管理法第六十二条, 《城乡规划法》第十八条, 第22条 or 中央一号文件（二十四）. A document
is named by its id, title, short title or an alias, by an abbreviation listed in
corpus/dict/abbreviations.txt (物权编), or by one derived from its short title: 村组法 ->
村民委员会组织法, 规划法 -> 城乡规划法 (see `DocumentNames`).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ingest.errors import DocumentNotFound
from ingest.numerals import CN_NUMERAL_CHARS, cn_to_int, int_to_cn
from ingest.tokenize import dict_dir

if TYPE_CHECKING:
    from .catalogue import DocRecord

_NUM = f"[{CN_NUMERAL_CHARS}0-9]+"
ARTICLE_RE = re.compile(rf"第\s*({_NUM})\s*条(之[一二三四五六七八九十]+)?")
ITEM_RE = re.compile(rf"[（(]\s*({_NUM})\s*[）)]")
_BARE_ARTICLE_RE = re.compile(rf"第?({_NUM})条(之[一二三四五六七八九十]+)?")
_BOUNDARY = re.compile(r"[\s，,。；;：:？?！!、“”\"'（）()]")
# words before a document's name that are not part of it: 请问土地管理法第六十二条
_LEADING_RE = re.compile(r"^(请问|请|帮我|查询|查一下|查找|查看|查|看看|关于|根据|依照|按照|依据)+")
# the last word of a document's name says what it is; an abbreviation keeps it (土地法 is a 法,
# never its 实施条例), longest first
KIND_WORDS = ("实施条例", "实施办法", "实施细则", "条例", "办法", "细则", "规定", "解释", "决定", "意见", "法")
QUALIFIER_CHARS = 4  # 农村土地承包法 -> 承包法: a qualifier of at most this many characters may go


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


def document_name_in(hint: str) -> str:
    """The document name a hint spells, or '' when it does not look like one:
    请问物业管理条例 -> 物业管理条例; 违反 -> ''."""
    name = _LEADING_RE.sub("", plain(hint))
    kind = kind_word(name)
    return name if kind and len(name) >= len(kind) + 2 else ""


# -- document names ----------------------------------------------------------------------
def plain(name: str) -> str:
    """A name as compared: without 中华人民共和国, 《》 and spaces."""
    return re.sub(r"[\s《》]", "", name).replace("中华人民共和国", "")


def kind_word(name: str) -> str:
    return next((w for w in KIND_WORDS if name.endswith(w)), "")


@lru_cache(maxsize=1)
def abbreviations() -> tuple[tuple[str, str], ...]:
    """(abbreviation, name) pairs from corpus/dict/abbreviations.txt, longest first."""
    path = dict_dir() / "abbreviations.txt"
    pairs = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if "=>" in line:
                short, full = (plain(part) for part in line.split("=>", 1))
                if short and full:
                    pairs.append((short, full))
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def abbreviation_key(abbr: str, name: str) -> tuple[bool, int] | None:
    """How well `abbr` abbreviates the short title `name`, or None if it does not.

    Both must end in the same kind word (土地法 abbreviates 土地管理法, not its 实施条例) and
    the abbreviation's characters must occur in the name in order, either from its first
    character (村组法, 城规法) or as its tail after a short qualifier (承包法 of 农村土地承包法).
    The key prefers a tail, then the fewest characters skipped.
    """
    kind = kind_word(abbr)
    if not kind or kind_word(name) != kind or len(abbr) < len(kind) + 2 or len(abbr) >= len(name):
        return None
    tail = name.endswith(abbr) and len(name) - len(abbr) <= QUALIFIER_CHARS
    if not tail and abbr[0] != name[0]:
        return None
    positions, pos = [], -1
    for ch in abbr:
        pos = name.find(ch, pos + 1)
        if pos == -1:
            return None
        positions.append(pos)
    return tail, -(positions[-1] - positions[0] + 1 - len(abbr))


class DocumentNames:
    """Which document a name, a citation's hint or a query refers to."""

    def __init__(self, docs: Iterable[DocRecord]) -> None:
        docs = list(docs)
        self._names = {d.doc_id: list(dict.fromkeys(plain(n) for n in (d.doc_id, d.title, d.short_title, *d.aliases)
                                                     if plain(n)))
                       for d in docs}
        exact: dict[str, str] = {}
        for doc_id, names in reversed(self._names.items()):  # the first document keeps a shared name
            exact.update({n: doc_id for n in names})
        exact.update({d.doc_id: d.doc_id for d in docs})
        self._exact = exact
        self._abbreviations = {short: exact[full] for short, full in abbreviations() if full in exact}
        self._spoken = {d.doc_id: [n for n in (plain(d.short_title), *map(plain, d.aliases)) if len(n) >= 3]
                        for d in docs}

    def lookup(self, ref: str, derive: bool = True) -> str | None:
        """The doc id an exact reference names: id, title (with or without 《》), short title,
        alias, or an abbreviation (listed, or derived unless `derive` is False). None if it
        names none, or several."""
        ref = plain(ref)
        found = self._exact.get(ref) or self._abbreviations.get(ref)
        return found or (self.derived(ref) if derive else None)

    def derived(self, abbr: str) -> str | None:
        """The one document `abbr` abbreviates best (see `abbreviation_key`), or None when
        several fit as well, or the words occur as they stand in another document's name of
        that kind (规划条例 is part of every 城乡规划条例's name)."""
        keyed = [(key, doc_id) for doc_id, names in self._names.items()
                 if (key := max((k for n in names if (k := abbreviation_key(abbr, n))), default=None))]
        keyed.sort(reverse=True)
        if not keyed or (len(keyed) > 1 and keyed[0][0] == keyed[1][0]):
            return None
        best = keyed[0][1]
        kind = kind_word(abbr)
        if any(abbr in n and kind_word(n) == kind for doc_id, names in self._names.items() if doc_id != best
               for n in names):
            return None
        return best

    def resolve(self, hint: str) -> list[str]:
        """Doc ids a citation's hint names: the longest name ending the hint (请问土地管理法 ->
        土地管理法; ties give several), else an abbreviation ending it (土地法)."""
        hint = plain(hint)
        if not hint:
            return []
        best_len, best = 0, []
        for doc_id, names in self._names.items():
            for name in names:
                if len(name) >= 2 and (hint.endswith(name) or _year_alias(hint, name)):
                    if len(name) > best_len:
                        best_len, best = len(name), [doc_id]
                    elif len(name) == best_len and doc_id not in best:
                        best.append(doc_id)
        if best:
            return best
        for short, doc_id in self._abbreviations.items():
            if hint.endswith(short):
                return [doc_id]
        for start in range(len(hint) - 2):  # the longest tail that abbreviates one document
            found = self.derived(hint[start:])
            if found:
                return [found]
        return []

    def mentioned(self, text: str) -> set[str]:
        """Documents a query names by short title, alias or listed abbreviation (3+ characters)."""
        text = plain(text)
        found = {doc_id for doc_id, names in self._spoken.items() if any(n in text for n in names)}
        return found | {doc_id for short, doc_id in self._abbreviations.items() if len(short) >= 3 and short in text}


def _year_alias(hint: str, name: str) -> bool:
    """2023年中央一号文件 names the document aliased 2023中央一号文件."""
    return hint.replace("年", "").endswith(name.replace("年", ""))


def find_document(docs: Sequence[DocRecord], ref: str, names: DocumentNames | None = None,
                  guess: bool = True) -> DocRecord:
    """A document by id, title, short title, alias, abbreviation, or a unique title fragment.

    With `guess` False (removing or editing a document), only what names it exactly counts:
    id, title, short title, alias or a listed abbreviation, or a fragment of one title only.

    Raises:
        DocumentNotFound: no document, or a fragment of several titles (the message lists them).
    """
    names = names or DocumentNames(docs)
    by_id = {d.doc_id: d for d in docs}
    key = plain(ref)
    found = names.lookup(key, derive=False)
    partial = [d for d in docs if key and key in plain(d.title)]
    if found is None and len(partial) != 1 and guess:  # a literal fragment of one title beats a derived guess
        found = names.derived(key)
    if found is not None:
        return by_id[found]
    if len(partial) == 1:
        return partial[0]
    shown = ref.strip().strip("《》")
    if partial:
        listed = "、".join(d.doc_id for d in partial[:5])
        raise DocumentNotFound(f"“{shown}”匹配多个文件：{listed}，请给出完整的文件编号")
    raise DocumentNotFound(f"知识库中没有文件“{shown}”（plankb list 可列出所有文件）")
