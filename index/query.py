"""Query analysis: tokens, lay-language expansion, documents and regions the query names."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ingest.regions import _index as gazetteer
from ingest.tokenize import dict_dir, tokenize

from .citation import Citation, find_citations

# question words that carry no content (beyond the stop-word list)
_FILLER_RE = re.compile(r"(请问|怎么办|怎么样|是什么|有哪些|哪些|什么|怎样|如何|多少|能不能|可不可以|是否|吗|呢|吧|啊|呀)")


@lru_cache(maxsize=1)
def synonyms() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(colloquial phrase, formal terms) pairs from corpus/dict/synonyms.txt, longest first."""
    path = dict_dir() / "synonyms.txt"
    pairs = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line or line.startswith("#") or "=>" not in line:
                continue
            left, right = line.split("=>", 1)
            terms = tuple(t for t in right.split() if t)
            if left.strip() and terms:
                pairs.append((left.strip(), terms))
    pairs.sort(key=lambda p: -len(p[0]))
    return tuple(pairs)


@lru_cache(maxsize=1)
def region_names() -> tuple[tuple[str, str, str], ...]:
    """(name as people say it, province, city): 浙江 / 浙江省, 绍兴 / 绍兴市 …, longest first."""
    entries, shorts = gazetteer()
    out: set[tuple[str, str, str]] = set()
    for name, province, city in entries:
        out.add((name, province, city))
        core = re.sub(r"(市|地区|盟|自治州|自治县|县|区)$", "", name) if city else ""
        if city and len(core) >= 2:
            out.add((core, province, city))
    for short, province in shorts.items():
        if len(short) >= 2:
            out.add((short, province, ""))
    return tuple(sorted(out, key=lambda e: -len(e[0])))


@dataclass
class QueryInfo:
    text: str
    keyword_tokens: list[str]
    terms: list[str]
    expansions: list[str] = field(default_factory=list)
    regions: list[tuple[str, str]] = field(default_factory=list)  # (province, city)
    citations: list[Citation] = field(default_factory=list)

    @property
    def dense_text(self) -> str:
        return self.text


def analyse(query: str) -> QueryInfo:
    """Tokens for BM25 (with lay-language expansions), highlight terms, regions, citations."""
    text = " ".join(query.split())
    expansions: list[str] = []
    for phrase, terms in synonyms():
        if phrase in text:
            expansions.extend(t for t in terms if t not in expansions)
    core = _FILLER_RE.sub(" ", text)
    tokens = tokenize(core, search=True)
    tokens += [t for term in expansions for t in tokenize(term, search=True)]
    terms = [t for t in dict.fromkeys(tokenize(core)) if len(t) >= 2 or re.match(r"[\u4e00-\u9fff]", t) is None]
    regions: list[tuple[str, str]] = []
    rest = text
    for name, province, city in region_names():
        if name in rest:
            regions.append((province, city))
            rest = rest.replace(name, " ")
    return QueryInfo(text, tokens, terms, expansions, list(dict.fromkeys(regions)), find_citations(text))
