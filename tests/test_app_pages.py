"""检索 and 阅读 under streamlit.testing (AppTest): state that follows every input, links,
the contents tree, and the last-resort error handler. The browser journeys (test_journey_*.py)
drive the same pages in Chromium."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app import toc
from app.state import UNEXPECTED
from index.search import Index
from ingest import load
from ingest.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "app" / "views"
JUDICIAL = "最高人民法院关于审理涉及农村土地承包纠纷案件适用法律问题的解释"


def page(name: str) -> AppTest:
    return AppTest.from_file(str(PAGES / f"{name}.py"), default_timeout=120)


def first_card(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("<b>1. "))


def test_search_answers_each_question_typed_in_a_row(home):
    at = page("search")
    at.run()
    for question, article in (("村庄规划报送审批前需要经过什么程序", "《中华人民共和国城乡规划法》第二十二条"),
                              ("农村村民一户只能拥有几处宅基地", "《中华人民共和国土地管理法》第六十二条"),
                              ("城乡规划法第十八条", "《中华人民共和国城乡规划法》第十八条"),
                              ("农村村民一户只能拥有几处宅基地", "《中华人民共和国土地管理法》第六十二条")):
        at.text_input(key="q_box").input(question).run()
        assert not at.exception
        assert first_card(at).startswith(f"<b>1. {article}"), question
        assert at.query_params["q"] == question


def test_search_takes_the_question_from_a_link_only_once(home):
    at = page("search")
    at.query_params["q"] = "土地管理法第六十二条"
    at.run()
    assert first_card(at).startswith("<b>1. 《中华人民共和国土地管理法》第六十二条")
    # the user's next question wins over the link that opened the page
    at.text_input(key="q_box").input("城乡规划法第十八条").run()
    assert first_card(at).startswith("<b>1. 《中华人民共和国城乡规划法》第十八条")


def test_an_unexpected_error_is_one_chinese_sentence(home, monkeypatch):
    def broken(self, *args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(Index, "search_many", broken)
    at = page("search")
    at.run()
    at.text_input(key="q_box").input("宅基地").run()
    assert not at.exception
    assert [e.value for e in at.error] == [UNEXPECTED]


def test_read_opens_the_law_at_its_first_article_and_follows_choices(home):
    at = page("read")
    at.run()
    assert not at.exception
    assert at.title[0].value == "中华人民共和国城乡规划法"
    assert at.markdown and any(m.value.startswith("### 第一条") for m in at.markdown)
    at.selectbox(key="read_doc").select(JUDICIAL).run()
    assert at.title[0].value == JUDICIAL
    assert any(m.value.startswith("### 第一条") for m in at.markdown), "not the 前言"
    at.selectbox(key="read_doc").select("土地管理法").run()
    pos = next(n for n, c in enumerate(Index.open(Settings.from_env()).clauses("土地管理法")) if c.label == "第六十二条")
    at.selectbox(key="read_pos").select(pos).run()
    assert any(m.value.startswith("### 第六十二条") for m in at.markdown)
    assert at.query_params["doc"] == "土地管理法" and at.query_params["label"] == "第六十二条"
    assert any(c.value.endswith("/read?doc=%E5%9C%9F%E5%9C%B0%E7%AE%A1%E7%90%86%E6%B3%95&label="
                                "%E7%AC%AC%E5%85%AD%E5%8D%81%E4%BA%8C%E6%9D%A1") and c.value.startswith("http")
               for c in at.code)


def test_read_link_with_full_title_and_arabic_numerals(home):
    at = page("read")
    at.query_params["doc"] = "中华人民共和国城乡规划法"
    at.query_params["label"] = "第22条"
    at.run()
    assert at.title[0].value == "中华人民共和国城乡规划法"
    assert any(m.value.startswith("### 第二十二条") for m in at.markdown)


def test_read_link_to_a_missing_clause_says_so(home):
    at = page("read")
    at.query_params["doc"] = "城乡规划法"
    at.query_params["label"] = "第九十九条"
    at.run()
    assert any("没有“第九十九条”" in w.value for w in at.warning)
    assert at.title[0].value == "中华人民共和国城乡规划法"


def test_contents_tree_follows_chapters_and_folds_flat_documents():
    law = load(ROOT / "corpus" / "laws" / "土地管理法_2019-08-26.md")
    tree = toc.build(law.clauses)
    assert [n.title for n in tree][:2] == ["第一章 总则", "第二章 土地的所有权和使用权"]
    pos = next(n for n, c in enumerate(law.clauses) if c.label == "第六十二条")
    chapter = toc.chapter(tree, pos)
    assert chapter.title == "第五章 建设用地"
    labels = [law.clauses[p].label for p in chapter.positions()]
    assert labels[0] == "第四十四条" and labels[-1] == "第六十六条"
    # a document without headings folds into groups instead of one long list
    flat = [c for c in law.clauses[:45]]
    flat = [type(c)(**{**c.__dict__, "path": ()}) for c in flat]
    groups = toc.build(flat)
    assert [g.title for g in groups] == ["第一条—第二十条", "第二十一条—第四十条", "第四十一条—第四十五条"]
    assert toc.entry(law.clauses[pos]).startswith("第六十二条 农村村民一户只能拥有")


def test_an_error_escaping_every_handler_is_shown_in_chinese(tmp_path):
    """A callback that fails runs outside the page's handlers: Streamlit's own redacted message
    is replaced by ours (the app runs with client.showErrorDetails=none)."""
    script = tmp_path / "page.py"
    script.write_text(
        "import streamlit as st\n"
        "from app.chinese import localise\n"
        "localise()\n"
        "def fail():\n"
        "    raise RuntimeError('simulated bug in a callback')\n"
        "st.button('保存', on_click=fail)\n", encoding="utf-8")
    from streamlit import config
    before = config.get_option("client.showErrorDetails")
    config.set_option("client.showErrorDetails", "none")   # as `plankb app` runs it
    try:
        at = AppTest.from_file(str(script), default_timeout=60)
        at.run()
        at.button[0].click().run()
    finally:
        config.set_option("client.showErrorDetails", before)
    assert [e.message for e in at.exception] == [UNEXPECTED]
    assert not at.exception[0].stack_trace


@pytest.mark.parametrize("english, chinese", [
    ("100MB per file • PDF, DOCX", "单个文件不超过 100 MB　PDF, DOCX"),
    ("Limit 200MB per file", "单个文件不超过 200 MB"),
    ("option 土地管理法, selected", "土地管理法，已选中"),
    ("土地管理法, selected.", "土地管理法，已选中"),
    ("87 options available.", "共 87 个选项"),
])
def test_streamlit_texts_with_numbers_become_chinese(english, chinese):
    """The page script's patterns (JavaScript regular expressions, the same syntax here)."""
    import re

    from app.chinese import PATTERNS
    pattern, replacement = next((p, r) for p, r in PATTERNS if re.match(p, english))
    m = re.match(pattern, english)
    assert m is not None
    got = re.sub(r"\$(\d)", lambda g: m.group(int(g.group(1))) or "", replacement).rstrip()
    assert got == chinese
