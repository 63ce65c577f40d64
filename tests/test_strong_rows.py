"""The rows priors, strong evidence, citations and 文号 point to (`index.strong_rows`), on a
small real index built here (real SQLite catalogue and BM25; the fake embedder, since nothing
here reads vectors): three documents, ten clauses, every row known."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from index.hybrid import SearchTuning
from index.lifecycle import build
from index.query import analyse
from index.search import Index
from index.strong_rows import KEYWORD_SURE_PLACE, StrongRows
from ingest.settings import Settings

ZHEJIANG = """# 浙江省村庄规划条例

2020年5月1日 浙江省第十三届人民代表大会常务委员会第十次会议通过

第一条 为了加强村庄规划管理，制定本条例。

第二条 村庄规划报送审批前，应当经村民会议或者村民代表会议讨论同意。

第三条 农村村民一户只能拥有一处宅基地，面积不得超过一百二十平方米。

第四条 本条例自2020年7月1日起施行。
"""
GUANGDONG = """# 广东省农村生活污水处理条例

2019年9月27日 广东省人民代表大会常务委员会通过

第一条 为了规范农村生活污水处理设施的运行维护，制定本条例。

第二条 农村生活污水处理设施的运行维护由乡镇人民政府负责，村民委员会协助。

第三条 任何单位和个人不得损坏污水管网。
"""
COUNTY = """某县闲置农房激活利用办法
某政办发〔2022〕8号

第一条 为盘活利用农村闲置农房，制定本办法。

第二条 农户可以将闲置农房委托村股份经济合作社统一收储，由两山合作社统一招商、统一运营。

第三条 闲置农房经营收益按照比例分配，村集体所得收益主要用于村内公益事业。
"""
FILES = {"浙江省村庄规划条例.md": ZHEJIANG, "广东省农村生活污水处理条例.md": GUANGDONG,
         "某县闲置农房激活办法.txt": COUNTY}
ZJ, GD, COUNTY_ID = "浙江省村庄规划条例", "广东省农村生活污水处理条例", "某县闲置农房激活办法"


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docs")
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    settings = Settings.from_env(home=tmp_path_factory.mktemp("kb"), embedder="fake", store="faiss")
    report = build(settings, folder, seed=False)
    assert sorted(report.added) == sorted([ZJ, GD, COUNTY_ID]) and not report.errors
    opened = Index.open(settings)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def strong(index):
    """Built from the loaded index's parts, as `Index` builds its own."""
    return StrongRows(index.catalogue, index.keyword, index.docs, index.names, index._row_doc)


def row_of(index, doc_id: str, label: str) -> int:
    return next(r.row for r in index.catalogue.chunk_rows(doc_id) if r.label == label)


def rows_of(index, doc_id: str) -> list[int]:
    d = index.by_id[doc_id]
    return list(range(d.row_start, d.row_end))


def test_the_small_index_is_what_the_tests_assume(index):
    assert index.keyword.count == 10
    assert (index.by_id[ZJ].region, index.by_id[GD].region, index.by_id[COUNTY_ID].region) == ("浙江省", "广东省", "")
    assert index.by_id[COUNTY_ID].doc_number == "某政办发〔2022〕8号"


# -- cited articles --------------------------------------------------------------------------
def test_an_article_of_a_named_document_is_a_strong_citation(index, strong):
    assert strong.cited_rows(analyse("浙江省村庄规划条例第三条"), None) == ([row_of(index, ZJ, "第三条")], [])


def test_a_bare_label_is_a_weak_citation_in_every_document_that_has_it(index, strong):
    cited, weak = strong.cited_rows(analyse("第二条讲的是什么"), None)
    assert cited == []
    assert sorted(weak) == sorted(row_of(index, d, "第二条") for d in (ZJ, GD, COUNTY_ID))


def test_a_bare_label_within_a_filter_of_few_documents_is_strong(index, strong):
    allowed = np.array(rows_of(index, GD), dtype=np.int64)
    assert strong.allowed_docs(allowed) == {GD}
    assert strong.allowed_docs(None) is None
    assert strong.cited_rows(analyse("第二条"), allowed) == ([row_of(index, GD, "第二条")], [])


def test_a_document_the_knowledge_base_lacks_points_nowhere(strong):
    cit = analyse("物业管理条例第十条").citations[0]
    assert strong.citation_docs(cit, None) == ([], True)
    assert strong.cited_rows(analyse("物业管理条例第十条"), None) == ([], [])


# -- documents named by 文号 or title --------------------------------------------------------
def test_a_query_of_nothing_but_a_doc_number_opens_the_document_in_order(index, strong):
    rows = rows_of(index, COUNTY_ID)
    scored = {rows[-1]: 5.0, row_of(index, ZJ, "第二条"): 9.0}   # how the clauses scored does not matter
    out = strong.numbered_rows(analyse("某政办发〔2022〕8号"), None, scored, SearchTuning())
    assert sorted(out) == rows
    assert sorted(out, key=lambda r: -out[r]) == rows   # first unit first


def test_a_doc_number_outside_the_filter_opens_nothing(index, strong):
    allowed = np.array(rows_of(index, ZJ), dtype=np.int64)
    assert strong.numbered_rows(analyse("某政办发〔2022〕8号"), allowed, {}, SearchTuning()) == {}


def test_a_doc_number_with_other_words_keeps_the_documents_rows_as_they_scored(index, strong):
    first, second = rows_of(index, COUNTY_ID)[:2]
    scores = {first: 0.2, second: 0.7, row_of(index, ZJ, "第二条"): 0.9}
    out = strong.numbered_rows(analyse("某政办发〔2022〕8号 收储期限"), None, scores, SearchTuning())
    assert set(out) == {first, second} and out[second] > out[first]


def test_a_bare_title_opens_the_document_only_with_strong_evidence(index, strong):
    info = analyse("《浙江省村庄规划条例》")
    opened = strong.numbered_rows(info, None, {}, SearchTuning())
    assert sorted(opened, key=lambda r: -opened[r]) == rows_of(index, ZJ)
    assert strong.numbered_rows(info, None, {}, SearchTuning(strong_evidence=False)) == {}


# -- strong evidence -------------------------------------------------------------------------
def test_a_clause_holding_the_query_as_a_phrase_ranks_first(index, strong):
    target = row_of(index, COUNTY_ID, "第二条")
    others = [r for r in range(index.keyword.count) if r != target]
    scores = {r: 1.0 - n / 20 for n, r in enumerate(others)} | {target: 0.01}
    kw_rows = [others[0], target, others[1]]
    kw_fused = (np.array([2.0, 1.9, 1.8]), np.array(kw_rows))   # keyword search not sure
    info = analyse("农户可以将闲置农房委托村股份经济合作社统一收储")
    out, phrase = strong.keep_strong(info, scores, kw_rows, kw_fused, None, None)
    assert phrase == [target]
    assert max(out, key=lambda r: out[r]) == target
    assert {r: out[r] for r in others} == {r: scores[r] for r in others}   # the rest unchanged


def test_keyword_search_sure_of_its_best_clause_lifts_it(index, strong):
    target = row_of(index, GD, "第三条")
    others = [r for r in range(index.keyword.count) if r != target]
    scores = {r: 1.0 - n / 20 for n, r in enumerate(others)} | {target: 0.01}
    info = analyse("污水")   # too short to be a phrase, one word: no rare rows either
    sure = (np.array([3.0, 1.0]), np.array([target, others[0]]))
    out, phrase = strong.keep_strong(info, scores, [target, others[0]], sure, None, None)
    order = sorted(out, key=lambda r: -out[r])
    assert phrase == [] and order.index(target) == KEYWORD_SURE_PLACE - 1
    unsure = (np.array([3.0, 2.5]), np.array([target, others[0]]))
    assert strong.keep_strong(info, scores, [target, others[0]], unsure, None, None) == (scores, [])


def test_a_clause_holding_every_rare_word_is_kept_in_the_top_three(index, strong):
    target = row_of(index, COUNTY_ID, "第二条")
    others = [r for r in range(index.keyword.count) if r != target]
    scores = {r: 1.0 - n / 20 for n, r in enumerate(others)}   # fusion lost it altogether
    info = analyse("两山合作社 统一招商")
    kw_rows = [target]
    out, _ = strong.keep_strong(info, scores, kw_rows, (np.array([1.0]), np.array(kw_rows)), None, None)
    assert sorted(out, key=lambda r: -out[r]).index(target) < 3
    elsewhere = np.array(rows_of(index, ZJ), dtype=np.int64)   # a filter that excludes it
    assert strong.keep_strong(info, scores, kw_rows, (np.array([1.0]), np.array(kw_rows)), elsewhere, None)[0] == scores


# -- priors ----------------------------------------------------------------------------------
def test_a_named_document_is_boosted_and_uploads_are_never_penalised(index, strong):
    tuning = SearchTuning()
    scores = {r: 1.0 for r in range(index.keyword.count)}
    out = strong.apply_priors(analyse("广东省农村生活污水处理条例怎么规定运行维护"), scores, tuning)
    for r in range(index.keyword.count):
        named = r in rows_of(index, GD)
        # 广东 named: its own rows boosted twice over (document and region), 浙江's penalised
        expected = (tuning.doc_mention_boost * tuning.region_match_boost if named
                    else tuning.region_other_penalty if r in rows_of(index, ZJ) else 1.0)
        assert out[r] == pytest.approx(expected), r
    plain = strong.apply_priors(analyse("运行维护由谁负责"), scores, tuning)
    assert plain == scores   # no name, no region; local rules the user added keep their scores


def test_scope_boost_favours_the_document_that_owns_a_query_word(index, strong):
    scores = {r: 1.0 for r in range(index.keyword.count)}
    info = analyse("闲置农房")   # in every clause of the county's 办法 and nowhere else
    assert strong.apply_priors(info, scores, SearchTuning()) == scores   # scope_boost off by default
    out = strong.apply_priors(info, scores, replace(SearchTuning(), scope_boost=2.0))
    assert {r for r, s in out.items() if s == 2.0} == set(rows_of(index, COUNTY_ID))
    assert all(out[r] == 1.0 for r in range(index.keyword.count) if r not in rows_of(index, COUNTY_ID))


def test_the_index_searches_through_its_strong_rows(index):
    """The pipeline uses these rows: the cited article first, the 文号 document opened."""
    assert [(h.clause.doc_id, h.clause.label) for h in index.search("浙江省村庄规划条例第三条", k=1)] == [(ZJ, "第三条")]
    hits = index.search("某政办发〔2022〕8号", k=3)
    assert [(h.clause.doc_id, h.clause.label, h.pinned) for h in hits] == [
        (COUNTY_ID, "第一条", True), (COUNTY_ID, "第二条", True), (COUNTY_ID, "第三条", True)]
