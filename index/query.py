"""Query analysis: tokens, lay-language expansion, documents (by name or 文号) and regions the
query names, the articles it cites."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ingest.numerals import CN_NUMERAL_CHARS
from ingest.panels import doc_number_spans
from ingest.regions import _index as gazetteer
from ingest.regions import county_names
from ingest.tokenize import dict_dir, tokenize

from .citation import Citation, find_citations

# characters of a numbered label: a term made only of these is a label or a fragment of one
_LABEL_CHARS = frozenset(f"{CN_NUMERAL_CHARS}0123456789第条之")
_NUMERALS = frozenset(f"{CN_NUMERAL_CHARS}0123456789")

# question words that carry no content (beyond the stop-word list)
_FILLER_RE = re.compile(r"(请问|怎么办|怎么样|是什么|有哪些|哪些|什么|怎样|如何|多少|能不能|可不可以|是否|吗|呢|吧|啊|呀)")


# What a kind of question asks, in the words statutes use for it (issue 16: lay questions
# without a language model). General question forms of spoken Chinese, not phrases of any
# evaluation or development question: may one (能不能, 可以吗, 算不算) -> 是否允许 / 禁止 / 属于;
# what to do, whom to ask (怎么办, 找谁, 去哪) -> 程序 / 手续 / 主管部门 / 申请; how much
# compensation (赔多少, 给多少钱) -> 补偿标准 / 补偿费; how long (多久, 多长时间) -> 期限 / 日内;
# legality (合法吗, 对吗) -> 禁止 / 不得; penalties (罚不罚, 罚多少) -> 罚款 / 法律责任.
QUESTION_FORMS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (re.compile(pattern), terms) for pattern, terms in (
        (r"能不能|能否|可不可以|可以吗|可以不|行不行|行吗|让不让|准不准|许不许|允许吗|能.{0,8}吗|会不会", ("允许", "禁止", "不得")),
        (r"算不算|属不属于|是不是|算是|属于.{0,6}吗", ("属于", "是指")),
        (r"怎么办|咋办|怎么处理|找谁|去哪|到哪|向谁|谁来管|谁管|有没有人管|怎么申请|如何申请|怎么办理|办什么手续",
         ("程序", "手续", "主管部门", "申请")),
        (r"赔多少|赔偿多少|补多少|给多少钱|补偿多少|给不给钱|给钱|赔钱|补偿款|赔偿款|补贴多少",
         ("补偿标准", "补偿费", "补助")),
        (r"多久|多长时间|多少天|几天|几个月|几年|什么时候|期限是", ("期限", "日内", "之日起")),
        (r"合法吗|违法吗|犯法|合不合法|对吗|对不对|这样行吗|能这样", ("禁止", "不得")),
        (r"罚不罚|罚多少|会被罚|怎么罚|罚款多少|处罚吗|罚他|罚吗", ("罚款", "法律责任", "责令")),
    ))


def question_terms(text: str) -> list[str]:
    """The formal words for what a question asks (`QUESTION_FORMS`): 能不能拒绝 -> 允许 禁止 不得."""
    out: list[str] = []
    for pattern, terms in QUESTION_FORMS:
        if pattern.search(text):
            out.extend(t for t in terms if t not in out)
    return out


DENSE_EXPANSIONS = 4  # formal terms appended to the embedded question when it uses lay words
DENSE_MAX_CHARS = 60   # ... as long as the embedded text stays this short


@lru_cache(maxsize=1)
def _phrase_words() -> dict[str, tuple[str, ...]]:
    return {phrase: tuple(tokenize(phrase, keep_stopwords=True)) for phrase, _ in synonyms()}


def _synonym_entry(line: str) -> tuple[str, tuple[str, ...], str] | None:
    """One line of synonyms.txt as (colloquial phrase, formal terms, source), or None for a
    comment, a blank line or a line without `=>`.

    `盖房 => 建住宅 宅基地 | 通用口语:建造住宅的日常说法`: the source after `|` says where the
    entry comes from (docs/thesaurus.md); a line without one (a user's own list) still loads.
    """
    line = line.strip()
    if not line or line.startswith("#") or "=>" not in line:
        return None
    left, right = line.split("=>", 1)
    right, _, source = right.partition("|")
    terms = tuple(t for t in right.split() if t)
    if not left.strip() or not terms:
        return None
    return left.strip(), terms, source.strip()


@lru_cache(maxsize=1)
def synonyms() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(colloquial phrase, formal terms) pairs from corpus/dict/synonyms.txt, longest first."""
    path = dict_dir() / "synonyms.txt"
    pairs = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            entry = _synonym_entry(line)
            if entry:
                pairs.append(entry[:2])
    pairs.sort(key=lambda p: -len(p[0]))
    return tuple(pairs)


@lru_cache(maxsize=1)
def region_names() -> tuple[tuple[str, str, str], ...]:
    """(name as people say it, province, city): 浙江 / 浙江省, 绍兴 / 绍兴市 …, longest first."""
    entries, shorts = gazetteer()
    out: set[tuple[str, str, str]] = set()
    for name, province, city in entries:
        out.add((name, province, city))
        core = re.sub(r"(市|地区|盟|自治州|自治县|县|区)$", "", name) if city and name not in county_names() else ""
        if city and len(core) >= 2:
            out.add((core, province, city))
    for short, province in shorts.items():
        if len(short) >= 2:
            out.add((short, province, ""))
    # a short name several places share (濮阳: the city and its county; 吉林: the province and a
    # city; 河北: the province and 天津's district) means the widest of them, in a fixed order
    # (a set's order changes with the interpreter's hash seed, and the query's region with it)
    def widest(e: tuple[str, str, str]) -> tuple[int, int, str, str]:
        return -len(e[0]), (0 if not e[2] else 1 if e[2].endswith("市") else 2), e[1], e[2]
    return tuple(sorted(out, key=widest))


def _phrase_in(phrase: str, text: str, tokens: set[str], slack: int = 3) -> bool:
    """A colloquial phrase occurs if its characters appear in order within a short window
    (挖鱼塘 in 挖成了鱼塘), or all its words occur in the query (卖房子 in 房子卖给别人)."""
    if phrase in text:
        return True
    first = phrase[0]
    start = text.find(first)
    while start != -1:
        pos, ok = start, True
        for ch in phrase[1:]:
            pos = text.find(ch, pos + 1, start + len(phrase) + slack)
            if pos == -1:
                ok = False
                break
        if ok:
            return True
        start = text.find(first, start + 1)
    if len(phrase) <= 4:  # 房子卖给别人 says 卖房子 in another order
        width = len(phrase) + slack
        for i in range(max(1, len(text) - width + 1)):
            window = text[i:i + width]
            if all(window.count(ch) >= phrase.count(ch) for ch in set(phrase)):
                return True
    words = _phrase_words().get(phrase) or tuple(tokenize(phrase, keep_stopwords=True))
    return len(words) >= 2 and all(w in tokens or (len(w) == 1 and w in text) for w in words)


@dataclass
class QueryInfo:
    text: str
    keyword_tokens: list[str]
    terms: list[str]
    expansions: list[str] = field(default_factory=list)
    expansion_tokens: list[str] = field(default_factory=list)
    regions: list[tuple[str, str]] = field(default_factory=list)  # (province, city)
    citations: list[Citation] = field(default_factory=list)
    doc_numbers: list[str] = field(default_factory=list)  # 文号 as written: 京政发[2020]15号, 国务院令第746号
    question: list[str] = field(default_factory=list)     # formal words for what it asks (question_terms)

    @property
    def only_doc_numbers(self) -> bool:
        """Does the query say nothing but 文号 (and filler)? Then it asks for those documents."""
        rest = self.text
        for number in self.doc_numbers:
            rest = rest.replace(number, " ")
        return bool(self.doc_numbers) and not re.search(r"[\u4e00-\u9fffA-Za-z0-9]", _FILLER_RE.sub(" ", rest))

    @property
    def dense_text(self) -> str:
        """What is embedded: the question without the labels it cites (第九十九条 would find
        第九条), plus its formal terms when it uses lay words."""
        # encoding costs ~0.6 ms a token: the appended terms stop before the text gets long
        text = without_citations(self.text, self.citations).strip() or self.text
        terms: list[str] = []
        for term in self.expansions[:DENSE_EXPANSIONS]:
            if len(text) + sum(len(t) + 1 for t in terms) + len(term) + 2 > DENSE_MAX_CHARS:
                break
            terms.append(term)
        return f"{text}（{'、'.join(terms)}）" if terms else text


def analyse(query: str) -> QueryInfo:
    """Tokens for BM25 (with lay-language expansions), highlight terms, regions, citations."""
    text = " ".join(query.split())
    numbers = doc_number_spans(text)
    # (2020) in 京政发(2020)15号 is a year, not an item (（二十）)
    citations = [c for c in find_citations(text) if all(c.span[1] <= s or c.span[0] >= e for s, e in numbers)]
    # a cited label counts whole (第十八条), never by its fragments (十八条 is in 第二十八条)
    core = _FILLER_RE.sub(" ", without_citations(text, citations))
    labels = [c.label for c in citations]
    tokens = tokenize(core, search=True) + [lb for lb in labels if lb.startswith("第")]
    token_set = set(tokenize(core, search=True, keep_stopwords=True))
    expansions: list[str] = []
    chars = set(text)
    for phrase, formal in synonyms():
        if chars.issuperset(phrase) and _phrase_in(phrase, text, token_set):
            expansions.extend(t for t in formal if t not in expansions)
    own = set(tokens)
    # whole terms only: inner words of 乡镇人民政府 such as 民政 would only add noise
    expansion_tokens = [t for term in expansions for t in tokenize(term) if t not in own]
    terms = [t for t in dict.fromkeys(tokens + labels) if len(t) >= 2 or not re.match(r"[\u4e00-\u9fff]", t)]
    regions: list[tuple[str, str]] = []
    rest = text
    for name, province, city in region_names():
        if name in rest:
            regions.append((province, city))
            rest = rest.replace(name, " ")
    return QueryInfo(text, tokens, terms, expansions, list(dict.fromkeys(expansion_tokens)),
                     list(dict.fromkeys(regions)), citations, [text[s:e] for s, e in numbers],
                     [t for t in question_terms(text) if t not in own])


_ASKING_RE = re.compile(r"^(请问|请|帮我|查询|查一下|查找|查看|查|看看|打开|关于)+|(的?(全文|原文|内容|条文|规定)|是什么)+$")


def bare_name(text: str) -> str:
    """What is left of a query that may be only a document's name: without 《》, spaces,
    punctuation, asking words before it (请问, 查一下) and after it (全文, 的内容):
    请问《土地管理法》的全文 -> 土地管理法."""
    name = re.sub(r"[\s《》〈〉“”\"'？?！!。，,；;：:、]", "", text)
    return _ASKING_RE.sub("", name)


def without_citations(text: str, citations: list[Citation]) -> str:
    """The text with the cited labels blanked out (the document names stay)."""
    for c in sorted(citations, key=lambda c: -c.span[0]):
        text = text[:c.span[0]] + " " + text[c.span[1]:]
    return text


def term_spans(text: str, term: str) -> list[tuple[int, int]]:
    """Where `term` occurs in `text` as a whole term: a label or number (第十八条, 十八, 62)
    only where it is not part of a longer one (not 十八条 in 第二十八条, not 二十 in 一百二十)."""
    spans = [m.span() for m in re.finditer(re.escape(term), text)]
    if not term or not _LABEL_CHARS.issuperset(term) or not _NUMERALS.intersection(term):
        return spans
    return [(s, e) for s, e in spans if not _inside_label(text, s, e)]


def _inside_label(text: str, start: int, end: int) -> bool:
    """Does text[start:end] continue a numeral or label on either side (第…, …条, …之一)?"""
    before, after, then = text[start - 1:start], text[end:end + 1], text[end + 1:end + 2]
    return (before in _NUMERALS or before == "第" or after in _NUMERALS or after == "条"
            or (after == "之" and then in _NUMERALS))


def highlight_terms(text: str, terms: tuple[str, ...]) -> list[tuple[int, int]]:
    """Spans of `terms` in `text` (for the app to mark), longest terms first, no overlaps; a
    label or number only where it stands whole (十八条 is not marked inside 第二十八条)."""
    spans: list[tuple[int, int]] = []
    for term in sorted(set(terms), key=len, reverse=True):
        for start, end in term_spans(text, term):
            if all(end <= s or start >= e for s, e in spans):
                spans.append((start, end))
    return sorted(spans)
