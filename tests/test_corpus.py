"""Every bundled document parses into exactly its units, with the right metadata."""
from __future__ import annotations

import re

import pytest
from conftest import CORPUS

from ingest.numerals import cn_to_int

ARTICLE_LINE = re.compile(r"^(第[一二三四五六七八九十百零]+)\s*条(之[一二三四五六七八九十]+)?", re.M)
LAW_DIRS = ("laws", "regulations", "local", "judicial")


def _law_files():
    return sorted(str(p.relative_to(CORPUS)) for d in LAW_DIRS for p in (CORPUS / d).glob("*.md"))


def _sources_table():
    """SOURCES.md rows: file -> (title, issuing body, articles, section heading)."""
    rows, section = {}, ""
    for line in (CORPUS / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line
        m = re.match(r"^\| `([^`]+\.md)` \| [^|]* \| ([^|]+) \| ([^|]+) \| [^|]+ \| (\d+) \|", line)
        if m:
            rows[m.group(1)] = (m.group(2).strip(), m.group(3).strip(), int(m.group(4)), section)
    return rows


SOURCES = _sources_table()
SECTION_KIND = {"National laws": "法律", "State Council": "行政法规", "Judicial": "司法解释",
                "Local regulations": "地方性法规"}


def test_sources_table_lists_every_law_file():
    assert set(_law_files()) == set(SOURCES)


@pytest.mark.parametrize("rel", _law_files())
def test_law_yields_exactly_its_articles_in_order(rel, corpus_docs):
    doc = corpus_docs[rel]
    source = (CORPUS / rel).read_text(encoding="utf-8")
    expected = [m.group(1) + "条" + (m.group(2) or "") for m in ARTICLE_LINE.finditer(source)]
    labels = [c.label for c in doc.clauses]
    assert labels == expected
    # SOURCES.md counts lines starting 第X条; one source line reads 第三十五 条 (noted there)
    defect = 1 if "第三十五 条" in source else 0
    assert len(labels) == SOURCES[rel][2] + defect
    numbers = [cn_to_int(label[1:label.index("条")]) for label in labels]
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers))), "articles must be consecutive"
    for c in doc.clauses:
        assert c.text.startswith(c.label), c.text[:30]
        assert doc.text[c.start:c.end] == c.text


@pytest.mark.parametrize("rel", _law_files())
def test_law_metadata_matches_sources(rel, corpus_docs):
    doc = corpus_docs[rel]
    title, body, _, section = SOURCES[rel]
    assert re.sub(r"\s+", "", doc.title) == re.sub(r"\s+", "", title)
    assert doc.issuing_body == body
    kind = next(k for key, k in SECTION_KIND.items() if key in section)
    assert doc.kind == kind
    if kind == "地方性法规":
        assert doc.region, "a local regulation must name its region"
    else:
        assert doc.region == ""


def test_cross_references_never_become_units(corpus_docs):
    doc = corpus_docs["laws/土地管理法_2019-08-26.md"]
    by_label = {c.label: c for c in doc.clauses}
    # 第六十二条 refers to other articles in running text; they stay inside it
    assert "第四十四条" in by_label["第六十二条"].text or "本法" in by_label["第六十二条"].text
    for c in doc.clauses:
        inner = re.findall(r"\n(第[一二三四五六七八九十百]+条)", c.text)
        assert not inner, f"{c.label} swallowed a following article {inner}"


def test_articles_keep_their_paragraphs_and_items(corpus_docs):
    doc = corpus_docs["laws/土地管理法_2019-08-26.md"]
    art = next(c for c in doc.clauses if c.label == "第六十二条")
    assert art.path == ("第五章 建设用地",)
    assert "一户只能拥有一处宅基地" in art.text
    assert art.text.count("\n") >= 5  # its 款 stay inside the article
    art4 = next(c for c in doc.clauses if c.label == "第四条")
    assert "第一章 总则" in art4.path[0]


def test_central_document_yields_33_items_under_nine_parts(corpus_docs):
    rel = next(k for k in corpus_docs if k.startswith("policy/"))
    doc = corpus_docs[rel]
    assert doc.kind == "政策文件"
    assert doc.issuing_body == "中共中央、国务院"
    from ingest.numerals import int_to_cn
    assert [c.label for c in doc.clauses] == [f"（{int_to_cn(n)}）" for n in range(1, 34)]
    parts = []
    for c in doc.clauses:
        if not parts or parts[-1] != c.path:
            parts.append(c.path)
    assert len(parts) == 9 and all(len(p) == 1 for p in parts)
    assert parts[0][0] == "一、抓紧抓好粮食和重要农产品稳产保供"
    assert parts[-1][0].startswith("九、")
    assert doc.clauses[5].title == "加强耕地保护和用途管控"
    assert doc.preamble is not None and doc.preamble.text.startswith("党的二十大")
    assert "2023中央一号文件" in doc.aliases


def test_judicial_interpretation_part_titles_are_headings(corpus_docs):
    doc = corpus_docs["judicial/最高人民法院关于审理涉及农村土地承包纠纷案件适用法律问题的解释_2020-12-29.md"]
    assert doc.clauses[0].path == ("一、受理与诉讼主体",)
    assert doc.preamble is not None and doc.preamble.text.startswith("为正确审理")


def test_front_matter_dates(corpus_docs):
    doc = corpus_docs["laws/土地管理法_2019-08-26.md"]
    assert doc.adopted == "1986-06-25"
    assert doc.amended == "2019-08-26"
    assert doc.preamble is None, "wrapped amendment lines are front matter, not a preamble"
    civil = corpus_docs["laws/民法典物权编_2020-05-28.md"]
    assert civil.title == "中华人民共和国民法典 物权编"
    assert civil.adopted == "2020-05-28" and civil.effective == "2021-01-01"
    assert civil.issuing_body == "全国人民代表大会"


def test_regions_of_local_regulations(corpus_docs):
    assert corpus_docs["local/绍兴市村庄规划建设条例_2020-08-18.md"].region == "浙江省绍兴市"
    assert corpus_docs["local/汕尾市农村建房条例_2022-12-02.md"].region == "广东省汕尾市"
    assert corpus_docs["local/北京市城乡规划条例_2021-09-24.md"].region == "北京市"
    assert corpus_docs["local/石柱土家族自治县西沱国家历史文化名镇保护条例_2013-10-08.md"].region \
        == "重庆市石柱土家族自治县"


def test_defective_label_in_source_is_normalised(corpus_docs):
    doc = corpus_docs["local/浙江省农村生活污水处理设施管理条例_2019-09-27.md"]
    labels = [c.label for c in doc.clauses]
    assert labels[34] == "第三十五条" and labels[-1] == "第三十六条"  # the source reads 第三十五 条
