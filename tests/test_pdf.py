"""Real PDFs with an embedded CJK font: text, structure and page numbers survive."""
from __future__ import annotations

import re

import pytest
from conftest import CORPUS
from docmaker import chapter_paragraphs, make_pdf, paginate, wrap

from ingest import load

PER_PAGE = 30


@pytest.fixture(scope="module")
def law_pdf(tmp_path_factory):
    """土地管理法 第五章 typeset over several pages: title on page 1, running header from
    page 2, page numbers in the footer, paragraphs wrapped in mid-sentence."""
    source = (CORPUS / "laws" / "土地管理法_2019-08-26.md").read_text(encoding="utf-8")
    chapter = chapter_paragraphs(source, "第五章")
    lines = ["中华人民共和国土地管理法", "2019年8月26日第十三届全国人民代表大会常务委员会第十二次会议第三次修正"]
    lines += wrap(chapter[:1]) + wrap(chapter[1:], indent=True)
    pages = paginate(lines, PER_PAGE)
    path = tmp_path_factory.mktemp("pdf") / "土地管理法.pdf"
    make_pdf(path, pages, header="中华人民共和国土地管理法（2019年修正）", header_from_page=2)
    # where each article starts and ends, by the pagination we chose
    where: dict[str, tuple[int, int]] = {}
    line_no = 2
    current = None
    for para in chapter:
        n = len(wrap([para], indent=para is not chapter[0]))
        label = re.match(r"第[一二三四五六七八九十百]+条", para)
        if label:
            first, last = line_no // PER_PAGE + 1, (line_no + n - 1) // PER_PAGE + 1
            where[label.group(0)] = (first, last)
            current = label.group(0)
        elif current:
            where[current] = (where[current][0], (line_no + n - 1) // PER_PAGE + 1)
        line_no += n
    return path, chapter, where, len(pages)


def test_pdf_law_yields_its_articles_with_pages(law_pdf):
    path, chapter, where, pages = law_pdf
    doc = load(path)
    assert pages >= 4
    assert doc.pages == pages and doc.source_format == "pdf"
    assert doc.title == "中华人民共和国土地管理法"
    assert doc.kind == "法律"
    assert [c.label for c in doc.clauses] == list(where)
    for c in doc.clauses:
        assert (c.page, c.page_end) == where[c.label], c.label
        assert c.path == ("第五章 建设用地",)
    assert any(c.page != c.page_end for c in doc.clauses), "some article must span a page break"


def test_pdf_text_is_whole_again(law_pdf):
    path, chapter, _, _ = law_pdf
    doc = load(path)
    expected = {}
    for para in chapter[1:]:
        m = re.match(r"第[一二三四五六七八九十百]+条", para)
        if m:
            key = m.group(0)
            expected[key] = para
        else:
            expected[key] += "\n" + para
    for c in doc.clauses:
        assert c.text.replace(" ", "") == expected[c.label].replace(" ", ""), c.label
    assert "（2019年修正）" not in doc.text, "running header must be dropped"
    assert not re.search(r"^- ?\d+ ?-$", doc.text, re.M), "page numbers must be dropped"


def test_pdf_cross_reference_at_line_start_is_not_an_article(tmp_path):
    lines = [
        "第一条 为了规范村庄规划的编制和实施，根据有关法律、行政法",
        "规，结合本地实际，制定本办法。",
        "第二条 村庄规划草案报送审批前，应当经村民会议或者村民代",
        "表会议讨论同意，并在村内公示无异议后，由乡镇人民政府依照本办法",
        "第二十二条规定的程序报县级人民政府审批。公告期满后，由乡镇人",
        "民政府将规划成果报送备案。",
        "第三条 本办法自公布之日起施行。村庄规划经批准后，应当在批准",
        "后二十日内通过政府网站以及村务公开栏等方式公布。",
    ]
    path = make_pdf(tmp_path / "办法.pdf", [lines], page_numbers=False)
    doc = load(path)
    assert [c.label for c in doc.clauses] == ["第一条", "第二条", "第三条"]
    assert "由乡镇人民政府依照本办法第二十二条规定的程序报县级人民政府审批" in doc.clauses[1].text
    assert "\n" not in doc.clauses[1].text


def test_pdf_with_a_scanned_page_keeps_the_others(tmp_path):
    source = (CORPUS / "laws" / "城乡规划法_2019-04-23.md").read_text(encoding="utf-8")
    chapter = chapter_paragraphs(source, "第二章")
    pages = paginate(["中华人民共和国城乡规划法"] + wrap(chapter), PER_PAGE)
    path = make_pdf(tmp_path / "城乡规划法.pdf", pages[:2] + [[]] + pages[2:], blank_pages=(3,))
    doc = load(path)
    assert any("第 3 页" in w for w in doc.warnings), doc.warnings
    labels = [c.label for c in doc.clauses]
    assert labels[0] == "第十二条" and "第十八条" in labels and "第二十二条" in labels
    assert all(c.page != 3 for c in doc.clauses)
    last = doc.clauses[-1]
    assert last.page >= 4
