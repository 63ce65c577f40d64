"""A plan article's own title goes to `Clause.title`: 第五条 发展定位 on a line of its own, the
body on the next, is label 第五条 and title 发展定位, whatever the format (DOCX, TXT, MD, PDF).
The unit's text is unchanged: it still starts with the title line, and offsets point into the
cleaned text. A law's article (第一条 为了加强城乡规划管理，…) has no title; a bracketed title
(第一条【立法目的】…) is its bracket's content.

The expected titles were written by reading the calibration plans (for the DOCX and PDF, their
sources under tests/fixtures/plans_calibration/sources/), not from the parser's output. The DOCX
also has two unnumbered sections between 第三条 and 第四条 (## 村庄概况, ## 规划原则 in its source):
since the eighth session they are units of their own, so the first ten *articles* are compared.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import ingest

CAL = Path(__file__).parent / "fixtures" / "plans_calibration"

FIRST_TEN = {
    "jiangxi_wuyuan.docx": ["规划范围", "规划期限", "规划依据", "规划任务", "发展定位", "发展目标", "规划指标",
                            "三区三线", "用地布局", "耕地保护"],
    "fujian_wuyishan.txt": ["规划范围", "规划期限", "规划依据", "规划原则", "村庄定位", "发展目标", "规划指标",
                            "三区三线", "用地布局", "耕地保护"],
    "guizhou_leishan.pdf": ["规划范围", "规划期限", "村庄定位", "规划主要内容", "发展目标", "规划指标", "三区三线",
                            "用途管制", "耕地保护", "永久基本农田保护"],
    "henan_dancheng.md": ["规划范围", "规划期限", "规划依据", "规划任务", "村庄定位", "发展目标", "规划指标",
                          "三区三线", "用地布局", "用途管制规则"],
}
LABELS = ["第一条", "第二条", "第三条", "第四条", "第五条", "第六条", "第七条", "第八条", "第九条", "第十条"]


def _articles(doc: ingest.Document) -> list[ingest.Clause]:
    return [c for c in doc.clauses if re.fullmatch(r"第[一二三四五六七八九十百]+条", c.label)]


def test_unnumbered_sections_between_articles_are_units_of_their_own(plans):
    """## 村庄概况 under 第三条 规划依据 in the DOCX's source: its text is not the end of 第三条."""
    doc = plans["jiangxi_wuyuan.docx"]
    basis = next(c for c in doc.clauses if c.label == "第三条")
    survey = next(c for c in doc.clauses if c.label == "村庄概况")
    assert "始建于南宋" not in basis.text and "始建于南宋" in survey.text
    assert survey.path == ("第一章 总则",)


@pytest.fixture(scope="module")
def plans() -> dict[str, ingest.Document]:
    return {name: ingest.load(CAL / name) for name in FIRST_TEN}


@pytest.mark.parametrize("name", sorted(FIRST_TEN))
def test_plan_articles_carry_their_own_title_in_every_format(name, plans):
    doc = plans[name]
    got = [(c.label, c.title) for c in _articles(doc)[:10]]
    assert got == list(zip(LABELS, FIRST_TEN[name], strict=True))


@pytest.mark.parametrize("name", sorted(FIRST_TEN))
def test_titled_article_text_still_starts_with_its_title_line(name, plans):
    doc = plans[name]
    for c in _articles(doc)[:10]:
        assert c.text == doc.text[c.start:c.end]
        first, _, body = c.text.partition("\n")
        assert re.sub(r"\s+", "", first) == c.label + c.title
        assert body.strip(), c.label


@pytest.mark.parametrize("name", sorted(FIRST_TEN))
def test_every_article_of_a_plan_has_a_title(name, plans):
    articles = [c for c in plans[name].clauses if re.fullmatch(r"第[一二三四五六七八九十百]+条", c.label)]
    assert len(articles) >= 26
    assert all(c.title for c in articles), [c.label for c in articles if not c.title]


@pytest.mark.parametrize("rel", ["laws/城乡规划法_2019-04-23.md", "laws/土地管理法_2019-08-26.md",
                                 "laws/村民委员会组织法_2018-12-29.md"])
def test_law_articles_get_no_title(rel, corpus_docs):
    doc = corpus_docs[rel]
    assert doc.clauses[0].label == "第一条" and doc.clauses[0].text.startswith("第一条 为了")
    assert len(doc.clauses) > 40
    assert [c.label for c in doc.clauses if c.title] == []


def test_no_article_of_the_bundled_laws_and_regulations_gets_a_title(corpus_docs):
    titled = [(rel, c.label, c.title) for rel, doc in corpus_docs.items() if doc.mode == "article"
              for c in doc.clauses if c.label.startswith("第") and c.label.endswith("条") and c.title]
    assert titled == []


def test_bracketed_article_title_is_the_bracket_content():
    doc = ingest.parse_text("石桥县村庄规划管理办法\n"
                            "第一条【立法目的】为了加强村庄规划管理，制定本办法。\n"
                            "第二条 【适用范围】本办法适用于本县行政区域内的村庄规划。\n"
                            "第三条 本办法自2024年1月1日起施行。\n", "办法.txt")
    assert [(c.label, c.title) for c in doc.clauses] == [("第一条", "立法目的"), ("第二条", "适用范围"),
                                                         ("第三条", "")]
    assert doc.clauses[0].text == "第一条【立法目的】为了加强村庄规划管理，制定本办法。"


def test_short_line_without_a_body_or_too_long_is_no_title():
    doc = ingest.parse_text("石桥村村庄规划（2021—2035年）\n"
                            "第一条 规划范围\n"
                            "规划范围为石桥村行政村域。\n"
                            "第二条 县级以上人民政府自然资源主管部门负责本村庄规划的实施管理工作\n"
                            "各相关部门按照职责分工做好规划实施工作。\n"
                            "第三条 本规划自批准之日起施行\n", "规划.txt")
    assert [(c.label, c.title) for c in doc.clauses] == [("第一条", "规划范围"), ("第二条", ""), ("第三条", "")]
    assert [c.text for c in doc.clauses][0] == "第一条 规划范围\n规划范围为石桥村行政村域。"


def test_titled_article_as_markdown_heading_and_as_plain_line_agree(tmp_path):
    body = [("第一条 规划范围", "规划范围为石桥村行政村域，面积412.36公顷。"),
            ("第二条 规划期限", "规划期限为2021—2035年。")]
    md = tmp_path / "plan.md"
    md.write_text("# 石桥村村庄规划\n\n" + "\n\n".join(f"### {h}\n\n{p}" for h, p in body) + "\n", encoding="utf-8")
    txt = tmp_path / "plan.txt"
    txt.write_text("石桥村村庄规划\n" + "\n".join(f"{h}\n{p}" for h, p in body) + "\n", encoding="utf-8")
    got = {p.suffix: [(c.label, c.title) for c in ingest.load(p).clauses] for p in (md, txt)}
    assert got == {".md": [("第一条", "规划范围"), ("第二条", "规划期限")],
                   ".txt": [("第一条", "规划范围"), ("第二条", "规划期限")]}


def test_dotted_plan_sections_keep_their_titles():
    doc = ingest.parse_text("石桥村村庄规划说明\n1 规划总则\n1.1 规划范围\n规划范围为石桥村行政村域。\n"
                            "1.2 规划期限\n规划期限为2021—2035年。\n", "说明.txt")
    assert [(c.label, c.title) for c in doc.clauses] == [("1", "规划总则"), ("1.1", "规划范围"), ("1.2", "规划期限")]


def test_the_read_page_shows_a_title_once():
    """阅读 prints 第五条 发展定位 as the heading; the unit's own title line is not repeated under
    it, while a first line that says more than the title (a policy item's lead sentence) stays."""
    from app.views.read import body_text
    from ingest.clause import Clause

    titled = Clause("p", "某村规划", "第五条", "第五条 发展定位\n西坑村为特色保护类村庄。", title="发展定位")
    assert body_text(titled) == "西坑村为特色保护类村庄。"
    lead = Clause("p", "意见", "（六）", "（六）加强耕地保护。严格落实耕地占补平衡。\n其他。", title="加强耕地保护")
    assert body_text(lead) == lead.text
    law = Clause("l", "城乡规划法", "第一条", "第一条　为了加强城乡规划管理，制定本法。")
    assert body_text(law) == law.text
