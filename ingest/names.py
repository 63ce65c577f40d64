"""Document identity: the names a document goes by and which document a reference names.

One place for this (ingest is the lowest layer, so ingest, index and gapcheck all use it):

- `short_title`: 中华人民共和国土地管理法 -> 土地管理法 (how people cite a national law);
- `plain`: a name as compared (without 中华人民共和国, 《》 and spaces);
- abbreviations: derived from the short title (村组法 -> 村民委员会组织法, 规划法 -> 城乡规划法,
  see `abbreviation_key`) plus the table corpus/dict/abbreviations.txt (物权编, 房地产法 …);
- `DocumentNames`: which document an id, title, short title, alias, abbreviation, 文号
  (京政发〔2020〕15号 however bracketed, 国务院令第746号), a citation's hint or a query names;
- `find_document` (raises) and `resolve` (None) for a reference among records.

A record is anything with `doc_id`, `title`, `short_title` and `aliases` (index's `DocRecord`),
and optionally `doc_number`.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Protocol, TypeVar

from .errors import DocumentNotFound
from .panels import doc_number_key, doc_numbers_in
from .tokenize import dict_dir

STATE_PREFIX = "中华人民共和国"
# the last word of a document's name says what it is; an abbreviation keeps it (土地法 is a 法,
# never its 实施条例), longest first
KIND_WORDS = ("实施条例", "实施办法", "实施细则", "条例", "办法", "细则", "规定", "解释", "决定", "意见", "法")
QUALIFIER_CHARS = 4  # 农村土地承包法 -> 承包法: a qualifier of at most this many characters may go
# words before a document's name that are not part of it: 请问土地管理法第六十二条
_LEADING_RE = re.compile(r"^(请问|请|帮我|查询|查一下|查找|查看|查|看看|关于|根据|依照|按照|依据)+")


class NamedRecord(Protocol):
    """What `DocumentNames` reads of a document record."""

    @property
    def doc_id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def short_title(self) -> str: ...
    @property
    def aliases(self) -> Sequence[str]: ...


R = TypeVar("R", bound=NamedRecord)


# -- single names ------------------------------------------------------------------------
def short_title(title: str) -> str:
    """中华人民共和国土地管理法 -> 土地管理法 (how people cite a national law)."""
    t = title.strip().strip("《》")
    return t[len(STATE_PREFIX):] if has_state_prefix(t) and len(t) > len(STATE_PREFIX) + 1 else t


def has_state_prefix(title: str) -> bool:
    """Does a title begin with 中华人民共和国 (a national law or regulation)?"""
    return title.startswith(STATE_PREFIX)


def plain(name: str) -> str:
    """A name as compared: without 中华人民共和国, 《》 and spaces."""
    return re.sub(r"[\s《》]", "", name).replace(STATE_PREFIX, "")


def kind_word(name: str) -> str:
    """The word that says what a document is: 土地管理法 -> 法, 物业管理条例 -> 条例 ('' if none)."""
    return next((w for w in KIND_WORDS if name.endswith(w)), "")


def document_name_in(hint: str) -> str:
    """The document name a hint spells, or '' when it does not look like one:
    请问物业管理条例 -> 物业管理条例; 违反 -> ''."""
    name = _LEADING_RE.sub("", plain(hint))
    kind = kind_word(name)
    return name if kind and len(name) >= len(kind) + 2 else ""


# -- abbreviations -----------------------------------------------------------------------
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


# -- names of a set of documents ---------------------------------------------------------
class DocumentNames:
    """Which document a name, a citation's hint or a query refers to."""

    def __init__(self, docs: Iterable[NamedRecord]) -> None:
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
        numbers: dict[str, str] = {}
        for d in reversed(docs):  # the first document keeps a shared number
            key = doc_number_key(getattr(d, "doc_number", "") or "")
            if key:
                numbers[key] = d.doc_id
        self._numbers = numbers

    def by_number(self, ref: str) -> str | None:
        """The document whose 文号 `ref` spells (京政发[2020]15号, 京政发2020年15号 and
        京政发〔2020〕15号 alike; 国务院令第746号 with or without 中华人民共和国); words before
        it (请问京政发〔2020〕15号) do not matter. None if no document has it."""
        key = doc_number_key(ref)
        if not key:
            return None
        found = self._numbers.get(key)
        if found is None:
            tails = [doc_id for number, doc_id in self._numbers.items() if key.endswith(number)]
            found = tails[0] if len(set(tails)) == 1 else None
        return found

    def numbered(self, text: str) -> list[str]:
        """Documents a query names by 文号, in the order it names them."""
        return list(dict.fromkeys(d for span in doc_numbers_in(text) if (d := self.by_number(span))))

    def is_name_of(self, ref: str, doc_id: str) -> bool:
        """Does `ref` spell one of the document's own names (id, title, short title, alias)?"""
        return plain(ref) in self._names.get(doc_id, ())

    def lookup(self, ref: str, derive: bool = True) -> str | None:
        """The doc id an exact reference names: id, title (with or without 《》), short title,
        alias, 文号, or an abbreviation (listed, or derived unless `derive` is False). None if it
        names none, or several."""
        ref = plain(ref)
        found = self._exact.get(ref) or self._abbreviations.get(ref) or self.by_number(ref)
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
        numbered = self.numbered(hint)  # 京政发〔2020〕15号第三条, 国务院令第746号第十条
        if numbered:
            return numbered[-1:]
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


# -- one reference among records ---------------------------------------------------------
def find_document(docs: Sequence[R], ref: str, names: DocumentNames | None = None, guess: bool = True) -> R:
    """A document by id, title, short title, alias, 文号, abbreviation, or a unique title fragment.

    Args:
        names: the `DocumentNames` of `docs`, when the caller keeps one (built here otherwise).
        guess: False (removing or editing a document) counts only what names it exactly: id,
            title, short title, alias or a listed abbreviation, or a fragment of one title only.

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


def resolve(reference: str, records: Sequence[R], names: DocumentNames | None = None) -> R | None:
    """The record `reference` names (see `find_document`, guesses allowed); None if none or several."""
    try:
        return find_document(records, reference, names)
    except DocumentNotFound:
        return None
