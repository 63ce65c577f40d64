"""Property-based tests (hypothesis): the parser, tokenizer and indicator reader never fail,
and the parse accounts for every character of the cleaned text exactly once."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gapcheck.catalogue import bundled_index, load_catalogue
from gapcheck.indicators import read_sentences, read_tables
from ingest import parse_text
from ingest.errors import EmptyDocument
from ingest.settings import Settings
from ingest.tokenize import tokenize

PIECES = [
    "第一条 为了加强土地管理，制定本法。", "第二条 依照本法第六十二条的规定执行。", "第二十二条规定的程序",
    "第五章 建设用地", "第一节 一般规定", "一、总体要求", "（一）指导思想", "（二）加强耕地保护。严格落实。",
    "1 总则", "1.1 规划范围", "2.3 村庄道路", "（1）村庄道路；", "1.村内供水", "# 某村村庄规划", "## 第一章 总则",
    "| 指标 | 基期年 | 目标年 | 单位 |", "| 耕地保有量 | 12.5 | 12.0 | 公顷 |", "目录", "前款规定的村民会议",
    "2019年8月26日 第十三届全国人民代表大会常务委员会第十二次会议通过", "- 3 -", "第 12 页", "",
    "耕地保有量由基期年的3450亩调整为目标年的3400亩。", "户均宅基地面积控制在120平方米以内",
]
line = st.one_of(st.sampled_from(PIECES), st.text(max_size=60))
documents = st.lists(line, min_size=1, max_size=40).map("\n".join)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_partition(doc) -> None:
    text = doc.text
    segments = doc.segments()
    pos = 0
    for start, end, _, _ in segments:
        assert 0 <= start <= end <= len(text)
        assert text[pos:start].strip("\n") == "", "text between pieces must only be line breaks"
        pos = end
    assert text[pos:].strip("\n") == ""
    rebuilt = "\n".join(text[s:e] for s, e, _, _ in segments)
    assert rebuilt.replace("\n", "") == text.replace("\n", "")
    for (_, e1, _, _), (s2, _, _, _) in zip(segments, segments[1:]):
        assert e1 <= s2, "no character is in two pieces"


@FAST
@given(documents, st.sampled_from(["文件.txt", "文件.md"]))
def test_parser_never_fails_and_accounts_for_every_character(text, name):
    try:
        doc = parse_text(text, name)
    except EmptyDocument:
        return
    _check_partition(doc)
    last = -1
    for c in doc.units():
        assert doc.text[c.start:c.end] == c.text
        assert c.start > last
        last = c.start
        if c.page is not None:
            assert c.page_end is not None and c.page <= c.page_end


@FAST
@given(st.lists(st.lists(line.filter(lambda x: "\f" not in x), min_size=1, max_size=8).map("\n".join),
                min_size=1, max_size=4))
def test_page_ranges_with_form_feeds(pages):
    try:
        doc = parse_text("\f".join(pages), "分页.txt")
    except EmptyDocument:
        return
    _check_partition(doc)
    for c in doc.units():
        if len(pages) == 1:  # no form feed: a text file has no pages
            assert c.page is None
        else:
            assert c.page is not None and 1 <= c.page <= (c.page_end or c.page) <= len(pages)


@FAST
@given(st.text(max_size=300))
def test_tokenizer_never_fails(text):
    for search in (False, True):
        tokens = tokenize(text, search=search)
        assert all(t and t == t.strip() and t == t.lower() for t in tokens)


CATALOGUE = load_catalogue("village_plan", bundled_index(Settings.from_env()))  # the shipped index, read in place


@FAST
@given(documents)
def test_indicator_reading_never_fails(text):
    specs = CATALOGUE.indicators
    for reading in list(read_sentences(text, specs).values()) + list(read_tables(text.split("\n"), specs).values()):
        assert reading.base is None or reading.base >= 0
        assert reading.target is None or reading.target >= 0


def test_corpus_documents_are_partitioned(corpus_docs):
    for doc in corpus_docs.values():
        _check_partition(doc)
