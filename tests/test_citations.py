"""Citations on the bundled corpus (issue 12): articles that do not exist, abbreviated law names,
whole-label highlights, and the references the read page's links carry."""
from __future__ import annotations

import pytest
from conftest import CORPUS

from index.catalogue import Catalogue
from index.citation import CitationNote, label_forms, missing_label_note
from index.lifecycle import find_document
from index.query import analyse
from index.search import Filters, highlight_terms
from ingest.errors import DocumentNotFound
from ingest.names import DocumentNames, abbreviation_key, abbreviations

CHENGXIANG = "中华人民共和国城乡规划法"
NO_1 = "中共中央国务院关于做好2023年全面推进乡村振兴重点工作的意见"



@pytest.fixture(scope="module")
def names():
    cat = Catalogue(CORPUS / "index" / "catalogue.sqlite", readonly=True)
    try:
        return DocumentNames(cat.documents())
    finally:
        cat.close()


# -- an article the document does not have ---------------------------------------------
def test_missing_article_says_so_in_one_line(index):
    notes = index.citation_notes("城乡规划法第九十九条")
    assert notes == [CitationNote("城乡规划法", CHENGXIANG, "第九十九条", 70, ("第七十条",))]
    assert notes[0].message == "《中华人民共和国城乡规划法》没有第九十九条（共七十条），最接近的是第七十条"


def test_missing_article_results_are_not_look_alike_labels(index):
    hits = index.search("城乡规划法第九十九条", k=10)
    assert hits and all(h.clause.doc_id == "城乡规划法" for h in hits[:5])  # still about the law asked
    assert {h.clause.label for h in hits[:5]}.isdisjoint({"第九条", "第十九条", "第四十九条", "第六十九条"})
    fragments = {"九十九", "十九", "九条", "第九", "九十"}
    assert all(fragments.isdisjoint(h.matched_terms) for h in hits)


def test_missing_policy_item_names_the_count_of_items(index):
    notes = index.citation_notes("2023年中央一号文件（四十）")
    assert [n.message for n in notes] == [f"《{NO_1}》没有（四十）（共三十三项），最接近的是（三十三）"]


def test_missing_article_between_two_offers_both_neighbours(index):
    [note] = index.citation_notes("土地管理法第六十二条之一")
    assert note.nearest == ("第六十二条", "第六十三条") and note.count == 87


def test_existing_citations_have_no_notes(index):
    for query in ("城乡规划法第二十二条", "土地法第62条", "2023年中央一号文件（二十四）", "宅基地面积标准", "第九十九条"):
        assert index.citation_notes(query) == [], query


def test_missing_article_under_a_document_filter(index):
    [note] = index.citation_notes("第九十九条", Filters(doc="城乡规划法"))
    assert note.doc_id == "城乡规划法" and note.label == "第九十九条"


def test_a_document_not_in_the_knowledge_base_is_named_not_replaced(index):
    notes = index.citation_notes("请问物业管理条例第十条")
    assert [n.message for n in notes] == ["知识库中没有《物业管理条例》，无法查到其第十条"]
    # other documents' 第十条 do not answer it
    assert all(h.clause.label != "第十条" for h in index.search("物业管理条例第十条", k=5))


def test_missing_label_note_is_none_for_an_existing_or_unnumbered_label():
    labels = ["第一条", "第二条", "第三条"]
    assert missing_label_note("d", "某条例", "第二条", labels) is None
    assert missing_label_note("d", "某条例", "前言", labels) is None
    note = missing_label_note("d", "某规划", "第五条", ["1 总则", "2 目标"])
    assert note is not None and note.message == "《某规划》没有第五条（该文件不按条编号）"


# -- abbreviations ----------------------------------------------------------------------
@pytest.mark.parametrize(("query", "doc_id", "label"), [
    ("土地法第62条", "土地管理法", "第六十二条"),
    ("土管法第六十二条", "土地管理法", "第六十二条"),
    ("规划法第二十二条", "城乡规划法", "第二十二条"),
    ("城规法第二十二条", "城乡规划法", "第二十二条"),
    ("承包法第三十一条", "农村土地承包法", "第三十一条"),
    ("村组法第十三条", "村民委员会组织法", "第十三条"),
    ("村委会组织法第二十四条", "村民委员会组织法", "第二十四条"),
    ("土地法实施条例第三条", "土地管理法实施条例", "第三条"),
    ("房屋征收条例第十七条", "国有土地上房屋征收与补偿条例", "第十七条"),
])
def test_abbreviated_law_names_cite_the_law(index, query, doc_id, label):
    hit = index.search(query, k=3)[0]
    assert (hit.clause.doc_id, hit.clause.label) == (doc_id, label)


def test_abbreviation_of_a_law_is_never_its_implementing_regulation(names):
    assert names.resolve("土地法") == ["土地管理法"]
    assert names.resolve("请问土地法") == ["土地管理法"]
    assert names.resolve("文物法实施条例") == ["文物保护法实施条例"]
    assert names.lookup("土地法") == "土地管理法"


@pytest.mark.parametrize("ambiguous", ["管理条例", "管理法", "保护法", "土地整治条例", "规划条例", "仲裁法", "物权法"])
def test_ambiguous_or_foreign_abbreviations_resolve_to_nothing(names, ambiguous):
    """Several documents fit (保护法; 规划条例 is in every 城乡规划条例's name), or the name is another
    law (仲裁法; 物权法, repealed, numbered differently from 民法典物权编)."""
    assert names.lookup(ambiguous) is None
    assert names.resolve(ambiguous) == []


def test_abbreviation_key_prefers_the_tail_then_fewest_skips():
    assert abbreviation_key("承包法", "农村土地承包法") == (True, 0)
    assert abbreviation_key("村组法", "村民委员会组织法") == (False, -5)
    assert abbreviation_key("土地法", "土地管理法实施条例") is None  # another kind of document
    assert abbreviation_key("仲裁法", "农村土地承包经营纠纷调解仲裁法") is None  # qualifier too long


def test_abbreviation_table_targets_exist_in_the_corpus(names):
    assert abbreviations(), "corpus/dict/abbreviations.txt is missing or empty"
    for short, full in abbreviations():
        assert names.lookup(full, derive=False), f"{short} => {full}: no such document"
        assert names.lookup(short) == names.lookup(full), short


# -- highlights ------------------------------------------------------------------------
def test_citation_highlights_the_whole_label_only(index):
    hits = index.search("城乡规划法第十八条", k=10)
    first = hits[0]
    assert first.clause.label == "第十八条" and "第十八条" in first.matched_terms
    spans = highlight_terms(first.clause.text, first.matched_terms)
    assert (0, 4) in spans  # 第十八条 at the start, whole
    for hit in hits:
        marked = [hit.clause.text[s:e] for s, e in highlight_terms(hit.clause.text, hit.matched_terms)]
        assert not any(set(m) <= set("第十八条") and m != "第十八条" for m in marked), (hit.clause.label, marked)


def test_label_fragments_never_match_inside_longer_labels():
    text = "第二十八条 依照本法第十八条规定，年满十八周岁，面积一百二十平方米，第十八条之一另有规定。"
    marked = [text[s:e] for s, e in highlight_terms(text, ("十八条", "第十八条", "十八", "二十"))]
    assert marked == ["第十八条", "十八"]


def test_citation_label_fragments_are_not_query_terms():
    info = analyse("城乡规划法第十八条")
    assert "第十八条" in info.terms and "城乡规划法" in info.terms
    assert not {"十八", "十八条", "第十", "八条", "第十八"} & set(info.terms + info.keyword_tokens)
    assert analyse("土地管理法第62条").terms[-1] == "第六十二条"


# -- references from links and the CLI ---------------------------------------------------
@pytest.mark.parametrize("ref", ["城乡规划法", CHENGXIANG, f"《{CHENGXIANG}》", "《城乡规划法》", " 城乡规划法 ",
                                 "规划法", "城规法"])
def test_find_document_accepts_what_people_write(index, ref):
    record = index.find_document(ref)
    assert record is not None and record.doc_id == "城乡规划法"


def test_find_document_aliases_and_misses(index):
    assert index.find_document("2023中央一号文件").doc_id == NO_1
    assert index.find_document("村组法").doc_id == "村民委员会组织法"
    assert index.find_document("民法典 物权编").doc_id == "民法典物权编"
    assert index.find_document("土地管理法实施条例").doc_id == "土地管理法实施条例"
    assert index.find_document("物业管理条例") is None
    assert index.find_document("城乡规划") is None  # a fragment of several titles


@pytest.mark.parametrize(("doc", "label", "expected"), [
    (CHENGXIANG, "第22条", ("城乡规划法", "第二十二条")),  # read?doc=中华人民共和国城乡规划法&label=第22条
    ("城乡规划法", "第二十二条", ("城乡规划法", "第二十二条")),
    ("城乡规划法", "第 22 条", ("城乡规划法", "第二十二条")),
    ("城乡规划法", "22", ("城乡规划法", "第二十二条")),
    ("土地法", "62", ("土地管理法", "第六十二条")),
    ("2023中央一号文件", "（二十四）", (NO_1, "（二十四）")),
    ("2023中央一号文件", "(24)", (NO_1, "（二十四）")),
    ("2023中央一号文件", "二十四", (NO_1, "（二十四）")),
])
def test_find_clause_accepts_labels_as_people_write_them(index, doc, label, expected):
    clause = index.find_clause(doc, label)
    assert clause is not None and (clause.doc_id, clause.label) == expected


def test_find_clause_misses_are_none(index):
    assert index.find_clause("城乡规划法", "第99条") is None
    assert index.find_clause("物业管理条例", "第十条") is None


def test_label_forms():
    assert label_forms("第 22 条") == ["第22条", "第二十二条"]
    assert label_forms("第二十九条之一") == ["第二十九条之一"]
    assert label_forms("(24)") == ["(24)", "（二十四）"]
    assert label_forms("22") == ["22", "第二十二条", "（二十二）"]
    assert label_forms("前言") == ["前言"]


def test_lifecycle_find_document_keeps_its_contract(index):
    assert find_document(index.docs, "《中华人民共和国土地管理法》").doc_id == "土地管理法"
    assert find_document(index.docs, "名镇保护条例").doc_id == "石柱土家族自治县西沱国家历史文化名镇保护条例"
    # a derived abbreviation is good enough to read a document, not to remove or edit one
    assert index.find_document("村组法").doc_id == "村民委员会组织法"
    with pytest.raises(DocumentNotFound, match="知识库中没有文件“村组法”"):
        find_document(index.docs, "村组法")
    with pytest.raises(DocumentNotFound, match="匹配多个文件"):
        find_document(index.docs, "城乡规划")
    with pytest.raises(DocumentNotFound, match="知识库中没有文件“不存在的文件”"):
        find_document(index.docs, "《不存在的文件》")


def test_document_filter_accepts_abbreviations(index):
    hits = index.search("村民会议", k=5, filters=Filters(doc="村组法"))
    assert hits and all(h.clause.doc_id == "村民委员会组织法" for h in hits)
