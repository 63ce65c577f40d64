"""The lay ↔ statute thesaurus (corpus/dict/synonyms.txt, docs/thesaurus.md): every entry names
its source, every source can be checked, and no entry rests on an evaluation question (issue 16)."""
from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from index.query import _synonym_entry, analyse, synonyms
from ingest.names import find_document, short_title

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
THESAURUS = CORPUS / "dict" / "synonyms.txt"

# 口语 => 术语1 术语2 … | 来源种类:细节
LINE = re.compile(r"^(?P<lay>[^\s=|]+) => (?P<terms>[^\s|]+(?: [^\s|]+)*) \| "
                  r"(?P<kind>法条|规划术语|方言|通用口语):(?P<detail>\S.*)$")
# an article (第X条) or a policy document's numbered item (（二十二）)
ARTICLE = re.compile(r"^《(?P<doc>[^》]+)》(?P<label>第[〇零一二三四五六七八九十百千]+条|（[一二三四五六七八九十]+）)$")
# the planning standards and documents a 规划术语 entry may cite (docs/thesaurus.md lists them)
PLANNING_SOURCES = {
    "土地利用现状分类",                                   # GB/T 21010-2017
    "国土空间调查、规划、用途管制用地用海分类指南",          # 自然资源部 2023
    "关于在国土空间规划中统筹划定落实三条控制线的指导意见",  # 中办、国办 2019
    "高标准农田建设 通则",                                 # GB/T 30600
}
# entries issue 16 found matching only evaluation or development questions
FLAGGED = ("考上大学", "养猪场", "猪粪", "浇地", "水利局", "空着没人住", "租给外面的人", "不想搬", "自己修")
# a source that points at a question set instead of a general source
QUESTION_REF = re.compile(r"dev-\d|ho-\d|queries|heldout|held-out|评测|开发集|测试集|问题集")


def _entries() -> list[tuple[int, str, re.Match[str] | None]]:
    rows = []
    for number, line in enumerate(THESAURUS.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            rows.append((number, line, LINE.match(line)))
    return rows


ENTRIES = [m for _, _, m in _entries() if m]


def _terms(m: re.Match[str]) -> list[str]:
    return m.group("terms").split()


@pytest.fixture(scope="module")
def corpus_text(corpus_docs) -> str:
    return "\n".join(doc.text for doc in corpus_docs.values())


@pytest.fixture(scope="module")
def records(corpus_docs) -> list[SimpleNamespace]:
    return [SimpleNamespace(doc_id=d.doc_id, title=d.title, short_title=short_title(d.title), aliases=d.aliases,
                            doc=d) for d in corpus_docs.values()]


def test_every_line_is_an_entry_with_a_source_of_a_known_kind():
    rows = _entries()
    bad = [f"{number}: {line}" for number, line, m in rows if m is None]
    assert not bad, bad
    assert len(rows) >= 300
    lay = [m.group("lay") for m in ENTRIES]
    assert len(lay) == len(set(lay)), sorted({p for p in lay if lay.count(p) > 1})
    assert all(m.group("lay") not in _terms(m) for m in ENTRIES)
    kinds = {m.group("kind") for m in ENTRIES}
    assert kinds == {"法条", "规划术语", "方言", "通用口语"}, kinds


def test_loader_reads_every_entry_without_its_source():
    assert {p for p, _ in synonyms()} == {m.group("lay") for m in ENTRIES}
    loaded = dict(synonyms())
    assert all(loaded[m.group("lay")] == tuple(_terms(m)) for m in ENTRIES)
    assert [len(p) for p, _ in synonyms()] == sorted((len(p) for p, _ in synonyms()), reverse=True)
    # a list of one's own (Settings.dict_dir) may leave the source out
    assert _synonym_entry("起厝 => 建住宅 宅基地") == ("起厝", ("建住宅", "宅基地"), "")
    assert _synonym_entry("起厝 => 建住宅 | 方言:闽南语") == ("起厝", ("建住宅",), "方言:闽南语")
    assert _synonym_entry("# 起厝 => 建住宅") is None and _synonym_entry("起厝 =>  | 方言:闽南语") is None


def test_every_formal_term_occurs_in_the_corpus(corpus_text):
    missing = sorted({t for m in ENTRIES for t in _terms(m) if t not in corpus_text})
    assert not missing, missing


def test_statute_sources_name_an_article_that_has_the_lay_word_or_a_formal_term(records):
    statute = [m for m in ENTRIES if m.group("kind") == "法条"]
    assert len(statute) >= 20
    problems = []
    for m in statute:
        ref = ARTICLE.match(m.group("detail"))
        if not ref:
            problems.append(f"{m.group('lay')}: {m.group('detail')} is not 《文件》第X条")
            continue
        doc = find_document(records, ref.group("doc"), guess=False).doc
        article = next((c for c in doc.clauses if c.label == ref.group("label")), None)
        if article is None:
            problems.append(f"{m.group('lay')}: {doc.doc_id} has no {ref.group('label')}")
        elif m.group("lay") not in article.text and not any(t in article.text for t in _terms(m)):
            problems.append(f"{m.group('lay')}: {doc.doc_id}{ref.group('label')} has neither the word nor a term")
    assert not problems, problems


def test_planning_sources_cite_a_listed_standard():
    cited = {m.group("lay"): re.match(r"^《([^》]+)》", m.group("detail")) for m in ENTRIES
             if m.group("kind") == "规划术语"}
    assert cited
    assert all(ref and ref.group(1) in PLANNING_SOURCES for ref in cited.values()), cited


def test_dialect_and_everyday_sources_say_where_and_why():
    for m in ENTRIES:
        if m.group("kind") == "方言":
            assert re.search(r"[\u4e00-\u9fff]{2}", m.group("detail")), m.group(0)
        if m.group("kind") == "通用口语":
            assert len(m.group("detail")) >= 4 and m.group("detail") != m.group("lay"), m.group(0)


def test_no_source_refers_to_a_question_set():
    assert not [m.group(0) for m in ENTRIES if QUESTION_REF.search(m.group("detail"))]


def test_phrases_issue_16_traced_to_questions_are_gone_or_have_a_general_source():
    for phrase in FLAGGED:
        for m in ENTRIES:
            if phrase in m.group("lay"):
                assert m.group("kind") in ("法条", "规划术语", "方言"), m.group(0)
    assert not any(phrase in m.group("lay") for phrase in FLAGGED for m in ENTRIES)


@pytest.mark.parametrize(("question", "expected"), [
    ("庄基地上能起几层楼", "宅基地"),                 # 方言: 关中
    ("起厝前要先办什么证", "乡村建设规划许可证"),      # 方言: 闽南
    ("村里的土豆算不算粮食", "马铃薯"),               # 通用口语, defined in 粮食安全保障法第七十三条
    ("装修垃圾能倒在路边吗", "建筑垃圾"),             # 法条: 固体废物污染环境防治法第一百二十四条
    ("规划局在哪里办一书两证", "建设工程规划许可证"),  # 通用口语: the three planning permits
])
def test_lay_words_of_every_source_kind_expand_a_question(question, expected):
    assert expected in analyse(question).expansions
