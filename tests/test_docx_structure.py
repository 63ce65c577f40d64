"""DOCX structure beyond Heading styles: outline levels, list numbering, bold hand-made
headings, the first-page title, merged and nested table cells (issue 14, item 6).

Every document here is a real DOCX written with python-docx, with the Word XML that
python-docx has no API for (numbering definitions, merged cells) added as Word writes it.
"""
from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor

from ingest import load
from ingest.readers.docx import read_docx
from ingest.readers.docx_numbering import attach, format_number

BODY = "各地要结合实际制定实施方案，明确责任分工和时间安排，确保各项任务落到实处。"


def _raw(path: Path):
    return read_docx(path, path.read_bytes())


def _para(document, text: str, *, bold: bool = False, size: float | None = None, centre: bool = False,
          color: RGBColor | None = None, font: str | None = None):
    p = document.add_paragraph()
    run = p.add_run(text)
    run.bold = bold or None
    if size:
        run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = color
    if font:
        run.font.name = font
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    if centre:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return p


def _number(paragraph, num_id: int, ilvl: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def _add_list(document, abstract_id: int, num_id: int, levels: list[tuple[str, str]],
              start_override: int | None = None, abstract: bool = True) -> None:
    """Add an abstract list (levels: (numFmt, lvlText)) and a num pointing at it."""
    numbering = document.part.numbering_part.element
    if abstract:
        lvls = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                       f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
                       for i, (fmt, text) in enumerate(levels))
        node = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>')
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(node)
        else:
            numbering.append(node)
    override = (f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start_override}"/></w:lvlOverride>'
                if start_override else "")
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                               f'<w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'))


# ---- numbering labels --------------------------------------------------------------------

def test_format_number_and_attach():
    assert [format_number(n, "chineseCounting") for n in (1, 10, 11, 23)] == ["一", "十", "十一", "二十三"]
    assert format_number(3, "ideographTraditional") == "丙"
    assert format_number(2, "decimalEnclosedCircle") == "②"
    assert format_number(4, "upperRoman") == "IV"
    assert attach("一、", "总体要求") == "一、总体要求"
    assert attach("（二）", "\t基本原则") == "（二）基本原则"
    assert attach("第三条", "本办法所称") == "第三条 本办法所称"
    assert attach("1.", "5公顷") == "1. 5公顷"


def test_policy_numbered_by_word_lists_gets_its_labels(tmp_path):
    """一、/（一） typed by Word's numbering (not in the text) are read as Word prints them."""
    document = docx.Document()
    _para(document, "关于加强村庄规划管理的实施意见", bold=True, size=22, centre=True)
    _add_list(document, 90, 91, [("chineseCounting", "%1、"), ("chineseCounting", "（%2）")])
    for part, items in (("总体要求", ("指导思想", "基本原则")), ("重点任务", ("优化布局", "保护耕地", "改善人居"))):
        _number(_para(document, part, bold=True), 91, 0)
        for item in items:
            _number(_para(document, f"{item}。{BODY}"), 91, 1)
    path = tmp_path / "意见.docx"
    document.save(path)
    texts = [b.text for b in _raw(path).blocks]
    assert "一、总体要求" in texts and "二、重点任务" in texts
    assert any(t.startswith("（二）基本原则。") for t in texts)
    assert any(t.startswith("（三）改善人居。") for t in texts), "the second level restarts under 二、"
    doc = load(path)
    assert doc.title == "关于加强村庄规划管理的实施意见"
    assert [c.label for c in doc.clauses] == ["（一）", "（二）", "（一）", "（二）", "（三）"]
    assert doc.clauses[3].path == ("二、重点任务",)
    assert doc.clauses[3].text.startswith("（二）保护耕地。")


def test_article_numbering_and_restart(tmp_path):
    """第%1条 lists become articles; a list restarted with a startOverride counts from its start."""
    document = docx.Document()
    _para(document, "某县农村宅基地管理办法", bold=True, size=22, centre=True)
    _add_list(document, 80, 81, [("chineseCounting", "第%1条")])
    _add_list(document, 70, 71, [("decimal", "%1.")])
    _add_list(document, 70, 72, [], start_override=1, abstract=False)
    _number(_para(document, "为规范宅基地管理，制定本办法。"), 81, 0)
    _number(_para(document, "宅基地审批应当符合下列条件："), 81, 0)
    for item in ("符合村庄规划；", "一户一宅。"):
        _number(_para(document, item), 71, 0)
    _number(_para(document, "有下列情形之一的，不予批准："), 81, 0)
    for item in ("不符合规划的；", "占用永久基本农田的。"):
        _number(_para(document, item), 72, 0)
    path = tmp_path / "办法.docx"
    document.save(path)
    doc = load(path)
    assert [c.label for c in doc.clauses] == ["第一条", "第二条", "第三条"]
    assert "1.符合村庄规划；" in doc.clauses[1].text and "2.一户一宅。" in doc.clauses[1].text
    assert "1.不符合规划的；" in doc.clauses[2].text, "the restarted list counts from 1 again"


def test_bullets_get_no_label(tmp_path):
    document = docx.Document()
    _add_list(document, 60, 61, [("bullet", "\uf0b7")])
    _number(_para(document, "第一条 本办法适用于全县。"), 61, 0)
    path = tmp_path / "b.docx"
    document.save(path)
    assert [b.text for b in _raw(path).blocks] == ["第一条 本办法适用于全县。"]


# ---- headings ----------------------------------------------------------------------------

def test_outline_level_direct_and_through_style_chain(tmp_path):
    document = docx.Document()
    styles = document.styles.element
    styles.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="ZhangTitle"><w:name w:val="章标题"/>'
        f'<w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'))
    styles.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="ZhangSub"><w:name w:val="章标题二"/>'
        f'<w:basedOn w:val="ZhangTitle"/></w:style>'))
    chapter = _para(document, "规划总则")
    chapter._p.get_or_add_pPr().style = "ZhangSub"
    _para(document, BODY)
    section = _para(document, "规划范围")
    section._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="1"/>'))
    _para(document, BODY)
    body = _para(document, "这是正文段落。")
    body._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="9"/>'))
    path = tmp_path / "o.docx"
    document.save(path)
    got = [(b.kind, b.level, b.text) for b in _raw(path).blocks]
    assert ("heading", 1, "规划总则") in got, "outline level 0 inherited through basedOn"
    assert ("heading", 2, "规划范围") in got
    assert ("para", 0, "这是正文段落。") in got, "outline level 9 is body text"


BOLD_SECTIONS = ("规划背景", "规划目标", "空间布局", "实施保障")


def _bold_titled(tmp_path: Path) -> Path:
    document = docx.Document()
    _para(document, "某某村村庄规划（2021—2035年）", bold=True, size=22, centre=True)
    _para(document, "某某县人民政府 2022年6月", centre=True)
    for n, title in enumerate(BOLD_SECTIONS):
        _para(document, title, bold=True, size=16)
        for k in range(3):
            _para(document, f"{title}第{k + 1}段：{BODY * (n + 1)}", size=16)
    _para(document, "某某县人民政府", size=16).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    path = tmp_path / "村庄规划.docx"
    document.save(path)
    return path


def test_short_bold_paragraphs_are_headings(tmp_path):
    """Section titles typed in bold without a style: each section is its own unit."""
    path = _bold_titled(tmp_path)
    blocks = _raw(path).blocks
    headings = [(b.level, b.text) for b in blocks if b.kind == "heading"]
    assert headings == [(0, "某某村村庄规划（2021—2035年）")] + [(2, t) for t in BOLD_SECTIONS]
    doc = load(path)
    assert doc.title == "某某村村庄规划（2021—2035年）"
    assert [c.label for c in doc.clauses] == list(BOLD_SECTIONS)
    longest = max(len(c.text) for c in doc.clauses)
    assert longest < 0.5 * sum(len(c.text) for c in doc.clauses)
    assert "空间布局第3段" in doc.clauses[2].text and "实施保障" not in doc.clauses[2].text


def test_bold_lines_that_are_not_headings(tmp_path):
    """A bold sentence, a bold lead-in ending in ：, a bold caption over a table, a bold last
    line and a document in bold throughout are not headings."""
    document = docx.Document()
    _para(document, "请各单位于6月30日前报送材料。", bold=True)
    _para(document, BODY)
    _para(document, "主要指标如下：", bold=True)
    _para(document, BODY)
    _para(document, "表1 规划指标表", bold=True)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "指标", "目标"
    table.cell(1, 0).text, table.cell(1, 1).text = "耕地保有量", "152公顷"
    _para(document, BODY)
    _para(document, "联系人：张三", bold=True)
    path = tmp_path / "n.docx"
    document.save(path)
    assert not [b for b in _raw(path).blocks if b.kind == "heading"]

    all_bold = docx.Document()
    for title in ("总体要求", "重点任务"):
        _para(all_bold, title, bold=True)
        _para(all_bold, BODY, bold=True)
    path = tmp_path / "all_bold.docx"
    all_bold.save(path)
    assert not [b for b in _raw(path).blocks if b.kind == "heading"]


def test_heavy_face_headings_and_levels_by_look(tmp_path):
    """公文 headings: 一级 in 黑体, 二级 in bold at body size; larger or centred ranks higher."""
    document = docx.Document()
    _para(document, "某某镇国土空间总体规划", bold=True, size=22, centre=True)
    _para(document, "第一部分 现状分析", bold=True, size=18, centre=True)
    _para(document, "人口与用地", font="黑体", size=16)
    _para(document, BODY, font="仿宋_GB2312", size=16)
    _para(document, "产业发展", bold=True, size=16)
    _para(document, BODY, font="仿宋_GB2312", size=16)
    _para(document, BODY, font="仿宋_GB2312", size=16)
    path = tmp_path / "h.docx"
    document.save(path)
    got = [(b.level, b.text) for b in _raw(path).blocks if b.kind == "heading"]
    assert got == [(0, "某某镇国土空间总体规划"), (2, "第一部分 现状分析"), (3, "人口与用地"), (3, "产业发展")]


def test_first_page_title_not_the_masthead(tmp_path):
    """The red 版头 (…文件) and the 文号 above it are not the title; a title broken over two
    centred lines is one title."""
    document = docx.Document()
    _para(document, "某某市人民政府文件", bold=True, size=36, centre=True, color=RGBColor(0xFF, 0, 0))
    _para(document, "某府〔2024〕12号", size=16, centre=True)
    _para(document, "某某市人民政府关于印发", bold=True, size=22, centre=True)
    _para(document, "农村宅基地管理办法的通知", bold=True, size=22, centre=True)
    _para(document, "各区人民政府，市政府各部门：", size=16)
    _para(document, "现将《农村宅基地管理办法》印发给你们，请认真贯彻执行。", size=16)
    path = tmp_path / "t.docx"
    document.save(path)
    blocks = _raw(path).blocks
    titles = [b.text for b in blocks if b.kind == "heading" and b.level == 0]
    assert titles == ["某某市人民政府关于印发农村宅基地管理办法的通知"]
    assert blocks[0].kind == "para" and blocks[0].text == "某某市人民政府文件"


def test_long_styled_heading_is_body_text(tmp_path):
    document = docx.Document()
    document.add_heading("总则", level=1)
    document.add_heading("本规划是村庄开发保护建设的法定依据。" + BODY * 2, level=2)
    path = tmp_path / "l.docx"
    document.save(path)
    kinds = [b.kind for b in _raw(path).blocks]
    assert kinds == ["heading", "para"]


# ---- text and pages ----------------------------------------------------------------------

def test_hidden_deleted_and_content_control_text(tmp_path):
    document = docx.Document()
    p = _para(document, "第一条 为规范管理，制定本办法。")
    hidden = p.add_run("（内部批注）")
    hidden.font.hidden = True
    p._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="a" w:date="2024-01-01T00:00:00Z">'
                          f'<w:r><w:delText>已删除的文字</w:delText></w:r></w:del>'))
    p._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="2" w:author="a" w:date="2024-01-01T00:00:00Z">'
                          f'<w:r><w:t>修订插入。</w:t></w:r></w:ins>'))
    document.element.body.insert(1, parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtContent><w:p><w:r><w:t>第二条 本办法自公布之日起施行。</w:t></w:r></w:p>'
        f'</w:sdtContent></w:sdt>'))
    path = tmp_path / "s.docx"
    document.save(path)
    texts = [b.text for b in _raw(path).blocks]
    assert texts == ["第一条 为规范管理，制定本办法。修订插入。", "第二条 本办法自公布之日起施行。"]


def test_soft_line_break_starts_a_paragraph(tmp_path):
    document = docx.Document()
    p = document.add_paragraph()
    p.add_run("第一条 为规范管理，制定本办法。")
    p.add_run().add_break()
    p.add_run("第二条 本办法自公布之日起施行。")
    path = tmp_path / "br.docx"
    document.save(path)
    assert [c.label for c in load(path).clauses] == ["第一条", "第二条"]


def test_switched_off_page_break_before_is_no_break(tmp_path):
    """<w:pageBreakBefore w:val="0"/> (WPS writes it on every paragraph) breaks nothing."""
    document = docx.Document()
    for text in ("第一条 为规范管理，制定本办法。", "第二条 本办法自公布之日起施行。"):
        p = _para(document, text)
        p._p.get_or_add_pPr().append(parse_xml(f'<w:pageBreakBefore {nsdecls("w")} w:val="0"/>'))
    on = _para(document, "第三条 本办法由县人民政府负责解释。")
    on._p.get_or_add_pPr().append(parse_xml(f'<w:pageBreakBefore {nsdecls("w")}/>'))
    path = tmp_path / "pb.docx"
    document.save(path)
    raw = _raw(path)
    assert [b.page for b in raw.blocks] == [1, 1, 2] and raw.pages == 2


def test_rendered_page_breaks_are_the_pagination(tmp_path):
    """When Word recorded where pages broke, those marks count, an explicit break not twice."""
    document = docx.Document()
    _para(document, "第一条 为规范管理，制定本办法。")
    p = document.add_paragraph()
    p.add_run().add_break(docx.enum.text.WD_BREAK.PAGE)
    second = _para(document, "第二条 本办法自公布之日起施行。")
    second.runs[0]._r.insert(0, OxmlElement("w:lastRenderedPageBreak"))
    third = _para(document, "第三条 本办法由县人民政府负责解释。")
    third.runs[0]._r.insert(0, OxmlElement("w:lastRenderedPageBreak"))
    path = tmp_path / "rp.docx"
    document.save(path)
    assert [(b.text[:3], b.page) for b in _raw(path).blocks] == [("第一条", 1), ("第二条", 2), ("第三条", 3)]


# ---- tables ------------------------------------------------------------------------------

def test_merged_cells_repeat_their_value(tmp_path):
    document = docx.Document()
    _para(document, "第一条 规划指标如下：")
    table = document.add_table(rows=4, cols=4)
    values = [["类别", "指标", "基期年", "目标年"],
              ["耕地", "耕地保有量", "152.3", "152.3"],
              ["", "永久基本农田", "138.6", "138.6"],
              ["建设用地", "村庄建设用地", "45.2", ""]]
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            if value:
                table.cell(r, c).text = value
    table.cell(1, 0).merge(table.cell(2, 0))      # vMerge: 耕地 over two rows
    table.cell(3, 2).merge(table.cell(3, 3))      # gridSpan: 45.2 over two columns
    path = tmp_path / "m.docx"
    document.save(path)
    rows = [b.text for b in _raw(path).blocks if b.kind == "row"]
    assert rows == ["类别 | 指标 | 基期年 | 目标年",
                    "耕地 | 耕地保有量 | 152.3 | 152.3",
                    "耕地 | 永久基本农田 | 138.6 | 138.6",
                    "建设用地 | 村庄建设用地 | 45.2 | 45.2"]
    assert "耕地 | 永久基本农田 | 138.6 | 138.6" in load(path).clauses[0].text


def test_grid_before_and_nested_table(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for c, v in enumerate(("项目", "内容", "备注")):
        table.cell(0, c).text = v
    table.cell(1, 0).text = "村庄分类"
    inner = table.cell(1, 1).add_table(rows=2, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "集聚提升类", "3个"
    inner.cell(1, 0).text, inner.cell(1, 1).text = "城郊融合类", "1个"
    table.cell(1, 2).text = "详见附表"
    # a row that starts one grid column in (gridBefore) keeps its cells in their columns
    tr = table.add_row()._tr
    tr.remove(tr.findall(qn("w:tc"))[0])
    tr.get_or_add_trPr().insert(0, parse_xml(f'<w:gridBefore {nsdecls("w")} w:val="1"/>'))
    tcs = tr.findall(qn("w:tc"))
    tcs[0].append(parse_xml(f'<w:p {nsdecls("w")}><w:r><w:t>合计</w:t></w:r></w:p>'))
    tcs[1].append(parse_xml(f'<w:p {nsdecls("w")}><w:r><w:t>4个</w:t></w:r></w:p>'))
    path = tmp_path / "n.docx"
    document.save(path)
    rows = [b.text for b in _raw(path).blocks if b.kind == "row"]
    assert rows[0] == "项目 | 内容 | 备注"
    assert rows[1] == "村庄分类 | 集聚提升类 3个；城郊融合类 1个 | 详见附表", "a small nested table is its cell's value"
    assert rows[2] == " | 合计 | 4个"


def test_a_large_nested_table_follows_its_row(tmp_path):
    """A nested table of four columns is a table of its own: its rows come after the row holding it."""
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "附表"
    inner = table.cell(0, 1).add_table(rows=2, cols=4)
    for c, v in enumerate(("序号", "指标", "2020年", "2035年")):
        inner.cell(0, c).text = v
    for c, v in enumerate(("1", "耕地保有量", "152.3", "152.3")):
        inner.cell(1, c).text = v
    path = tmp_path / "big.docx"
    document.save(path)
    rows = [b.text for b in _raw(path).blocks if b.kind == "row"]
    assert rows == ["附表 | ", "序号 | 指标 | 2020年 | 2035年", "1 | 耕地保有量 | 152.3 | 152.3"]


def test_one_column_frame_table_is_read_as_paragraphs(tmp_path):
    """A whole text pasted into a one-cell table (web pages saved as Word) keeps its articles."""
    document = docx.Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.text = "第一条 为规范管理，制定本办法。"
    cell.add_paragraph("第二条 本办法自公布之日起施行。")
    path = tmp_path / "f.docx"
    document.save(path)
    assert [c.label for c in load(path).clauses] == ["第一条", "第二条"]


REAL = Path(__file__).parent / "data" / "real" / "docx"


@pytest.mark.parametrize("name, count", [("中华人民共和国劳动争议调解仲裁法.docx", 54), ("工伤保险条例.docx", 67)])
def test_real_law_database_docx_gives_every_article(name, count):
    from ingest.numerals import int_to_cn

    doc = load(REAL / name)
    assert [c.label for c in doc.clauses] == [f"第{int_to_cn(n)}条" for n in range(1, count + 1)]
    assert doc.title == name.removesuffix(".docx")
    assert all(c.page is None for c in doc.clauses), "no page breaks in these files: no page numbers"
    assert doc.clauses[0].path[0] == "第一章 总则"


def test_outline_level_on_every_paragraph_says_nothing(tmp_path):
    """Converters that stamp w:outlineLvl 0 on every line: the articles are still articles."""
    document = docx.Document()
    for n in "一二三四五六":
        p = _para(document, f"第{n}条 本办法第{n}项规定。")
        p._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="0"/>'))
    path = tmp_path / "all.docx"
    document.save(path)
    assert not [b for b in _raw(path).blocks if b.kind == "heading"]
    assert len(load(path).clauses) == 6


def test_table_of_contents_styles_are_not_headings(tmp_path):
    document = docx.Document()
    styles = document.styles.element
    styles.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="TOCHeading"><w:name w:val="TOC Heading"/>'
        f'<w:basedOn w:val="Heading1"/></w:style>'))
    toc = _para(document, "目录")
    toc._p.get_or_add_pPr().style = "TOCHeading"
    document.add_heading("总则", level=1)
    _para(document, BODY)
    path = tmp_path / "toc.docx"
    document.save(path)
    assert [(b.kind, b.text) for b in _raw(path).blocks][:2] == [("para", "目录"), ("heading", "总则")]


def test_title_found_under_the_masthead_by_load(tmp_path):
    document = docx.Document()
    _para(document, "某某县人民政府办公室文件", bold=True, size=36, centre=True, color=RGBColor(0xE0, 0x10, 0x10))
    _para(document, "某府办〔2023〕5号", size=16, centre=True)
    _para(document, "某某县人民政府办公室关于加强农村建房管理的通知", bold=True, size=22, centre=True)
    _para(document, "各乡镇人民政府，县政府各部门：", size=16)
    _para(document, "一、严格规划管控。" + BODY, size=16)
    _para(document, "二、规范审批程序。" + BODY, size=16)
    path = tmp_path / "通知.docx"
    document.save(path)
    assert load(path).title == "某某县人民政府办公室关于加强农村建房管理的通知"


def test_damaged_numbers_in_the_xml_do_not_break_reading(tmp_path):
    """A gridSpan of a million and a list level that is not a number: read, bounded, no crash."""
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "指标", "目标"
    table.cell(0, 1)._tc.get_or_add_tcPr().append(parse_xml(f'<w:gridSpan {nsdecls("w")} w:val="1000000"/>'))
    numbering = document.part.numbering_part.element
    numbering.find(qn("w:num")).addprevious(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="77"><w:lvl w:ilvl="x"><w:start w:val="y"/>'
        f'<w:numFmt w:val="decimal"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="78"><w:abstractNumId w:val="77"/></w:num>'))
    _number(_para(document, "总体要求"), 78, 0)
    path = tmp_path / "d.docx"
    document.save(path)
    blocks = _raw(path).blocks
    row = next(b.text for b in blocks if b.kind == "row")
    assert row.startswith("指标 | 目标") and row.count("|") < 300
    assert any(b.text == "1、总体要求" for b in blocks)


def test_first_section_right_under_the_title_is_not_part_of_it(tmp_path):
    document = docx.Document()
    _para(document, "临溪县2024年乡村振兴重点工作", bold=True, size=22, centre=True)
    for head in ("总体要求", "重点任务"):
        _para(document, head, bold=True, size=16)
        _para(document, BODY, size=16)
    path = tmp_path / "要点.docx"
    document.save(path)
    doc = load(path)
    assert doc.title == "临溪县2024年乡村振兴重点工作"
    assert [c.label for c in doc.clauses] == ["总体要求", "重点任务"]
