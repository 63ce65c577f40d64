"""The planning paper whose text came out of a PDF: broken lines re-joined, sections as units."""
from __future__ import annotations

from conftest import sample_paper

from ingest import load
from ingest.clean import TERMINAL

SECTIONS = ["1", "1.1", "1.2", "1.3", "2", "2.1", "2.2", "2.3", "2.4",
            "3", "3.1", "3.2", "3.3", "3.4", "4"]


def test_sample_paper_sections_come_out_as_units():
    doc = load(sample_paper())
    assert [c.label for c in doc.clauses] == SECTIONS
    by_label = {c.label: c for c in doc.clauses}
    assert by_label["1.2"].path == ("1 城乡规划与乡村振兴融合发展可行性与必要性",)
    # a heading wrapped over two lines is one title
    assert by_label["3.1"].title == "强化顶层设计与规划体系融合：构建全域全要素统筹机制"
    assert by_label["3.2"].title == "推动产业空间协同与特色发展：优化城乡产业布局与价值链"
    assert by_label["4"].title == "结束语"
    assert doc.title == "城乡规划与乡村振兴融合发展探究"
    assert doc.kind == "其他"


def test_sample_paper_has_no_mid_sentence_line_breaks():
    doc = load(sample_paper())
    headings = {c.text.split("\n", 1)[0] for c in doc.clauses}
    lines = doc.text.split("\n")
    for line in lines[:-1]:
        if line in headings or line == doc.title:
            continue
        assert line.rstrip("”’）)》").endswith(tuple(TERMINAL)), f"broken line: …{line[-30:]}"
    # words the PDF split across lines are whole again
    assert "各项建设活动" in doc.text
    assert "城乡各具特色之美" in doc.text


def test_sample_paper_abstract_is_the_preamble():
    doc = load(sample_paper())
    assert doc.preamble is not None
    assert doc.preamble.text.startswith("[摘要]")
    assert "Firstly, the feasibility" in doc.preamble.text
