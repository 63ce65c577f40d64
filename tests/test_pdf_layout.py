"""公报-layout PDFs: running headers and footers found by repetition, page-number forms, ruled
tables as rows of cells, the same clean-up for OCR'd scans, and scraped text broken inside words."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from docmaker import cjk_font, make_scanned_pdf, paginate, wrap

import ingest
from ingest.clean import PAGE_NUMBER_RE, normalize_line
from ingest.pdf_tables import ruled_pages

HEADER = ["某某省人民政府公报", "某某省村庄规划管理办法", "2024年第3期 发布"]
TITLE = "某某省村庄规划管理办法"
ARTICLES = [
    "第一条 为了加强村庄规划管理，规范村庄规划的编制、审批、实施和监督，推进乡村全面振兴，根据有关法律、行政法规，结合本省实际，制定本办法。",
    "第二条 本省行政区域内村庄规划的编制、审批、实施、修改和监督检查，适用本办法。法律、行政法规另有规定的，从其规定。",
    "第三条 村庄规划是法定规划，是国土空间规划体系中乡村地区的详细规划，是开展国土空间开发保护活动、实施国土空间用途管制、核发乡村建设项目规划许可、进行各项建设等的法定依据。",
    "第四条 村庄规划编制应当坚持农民主体地位，尊重村民意愿，反映村民诉求，可以以一个或者几个行政村为单元编制，做到应编尽编、不搞一刀切。",
    "第五条 县级人民政府负责组织本行政区域内村庄规划的编制工作，乡镇人民政府具体承担村庄规划的编制，县级自然资源主管部门负责技术指导和审查。",
    "第六条 村庄规划应当统筹安排村庄发展目标、生态保护修复、耕地和永久基本农田保护、历史文化传承、基础设施和公共服务设施布局、产业发展空间、农村住房布局等内容。",
    "第七条 村庄规划草案报送审批前，应当在村内公示不少于三十日，并经村民会议或者村民代表会议讨论同意。公示期间，乡镇人民政府应当采取座谈会、入户走访等方式听取村民意见。",
    "第八条 村庄规划由乡镇人民政府报县级人民政府审批。县级人民政府应当自收到报批材料之日起六十日内作出是否批准的决定。经批准的村庄规划应当自批准之日起二十日内公布。",
    "第九条 经依法批准的村庄规划，任何单位和个人不得擅自修改。因国家重大战略调整、重大项目建设或者行政区划调整等确需修改的，应当按照原审批程序报批。",
    "第十条 本办法自2024年5月1日起施行。",
]
FOOTERS = ["— {n} —", "-{n}-", "第 {n} 页 共 {total} 页", "{n}/{total}", "- {n} -"]
INDICATORS = [  # (类别, 指标, 现状, 规划); None: covered by the merged cell above / to the left
    ("类别", "指标", "现状", "规划"),
    ("耕地", "耕地保有量（公顷）", "120.5", "121.0"),
    (None, "永久基本农田（公顷）", "100.2", "100.2"),
    ("建设用地总规模（公顷）", None, "35.6", "33.1"),
]


def _gazette_pdf(path: Path, footer: str, table_on: int | None = None) -> Path:
    """The articles wrapped at 30 characters over several pages: title on page 1, a three-line
    header from page 2 with a rule under it, `footer` at the foot of every page, and, on page
    `table_on`, the indicator table ruled and with merged cells under the page's text."""
    from fpdf import FPDF

    lines = [TITLE] + wrap(ARTICLES, 30, indent=True)
    pages = paginate(lines, 8)
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("cjk", "", cjk_font())
    for n, page in enumerate(pages, start=1):
        pdf.add_page()
        if n >= 2:
            pdf.set_font("cjk", size=9)
            for i, h in enumerate(HEADER):
                pdf.set_xy(20, 8 + 5 * i)
                pdf.cell(170, 5, h, align="C")
            pdf.line(20, 24, 190, 24)
        pdf.set_font("cjk", size=10.5)
        y = 30.0
        for line in page:
            pdf.set_xy(20, y)
            pdf.cell(170, 6, line)
            y += 6.8
        if n == table_on:
            pdf.set_xy(20, y + 3)
            with pdf.table(col_widths=(30, 60, 30, 30), text_align="LEFT", first_row_as_headings=False) as table:
                for values in INDICATORS:
                    row = table.row()
                    for k, value in enumerate(values):
                        if value is None:
                            continue
                        if k == 0 and values[1] is None:
                            row.cell(value, colspan=2)
                        elif k == 0 and values == INDICATORS[1]:
                            row.cell(value, rowspan=2)
                        else:
                            row.cell(value)
        pdf.set_font("cjk", size=9)
        pdf.set_xy(20, 282)
        pdf.cell(170, 6, footer.format(n=n, total=len(pages)), align="C")
    pdf.output(str(path))
    return path


def _flat(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("footer", FOOTERS)
def test_three_line_header_and_page_numbers_are_dropped_and_paragraphs_rejoined(tmp_path, footer):
    doc = ingest.load(_gazette_pdf(tmp_path / "办法.pdf", footer))
    assert doc.pages >= 4
    assert doc.title == TITLE  # page 1 carries the title that later pages repeat in their header
    assert [c.label for c in doc.clauses] == [a.split()[0] for a in ARTICLES]
    for c, article in zip(doc.clauses, ARTICLES):
        assert _flat(c.text) == _flat(article), c.label
        assert "\n" not in c.text, c.label  # one paragraph, even across a page break
    assert any(c.page != c.page_end for c in doc.clauses)
    for leaked in ("公报", "发布", "页"):
        assert leaked not in doc.text


def test_ruled_table_comes_out_as_full_rows_and_only_once(tmp_path):
    path = _gazette_pdf(tmp_path / "规划.pdf", "— {n} —", table_on=3)
    doc = ingest.load(path)
    holding = [c for c in doc.clauses if " | " in c.text]
    assert len(holding) == 1 and holding[0].page == 3
    rows = [ln for ln in holding[0].text.split("\n") if " | " in ln]
    assert rows == ["类别 | 指标 | 现状 | 规划",
                    "耕地 | 耕地保有量（公顷） | 120.5 | 121.0",
                    "耕地 | 永久基本农田（公顷） | 100.2 | 100.2",
                    "建设用地总规模（公顷） | 建设用地总规模（公顷） | 35.6 | 33.1"]
    loose = [ln for ln in doc.text.split("\n") if " | " not in ln]
    assert not any("120.5" in ln or "永久基本农田（公顷）" in ln for ln in loose)
    # the articles around the table keep their text and labels
    assert [c.label for c in doc.clauses] == [a.split()[0] for a in ARTICLES]
    for c, article in zip(doc.clauses, ARTICLES):
        assert _flat(c.text.split("\n类别")[0]) == _flat(article), c.label


def test_pdfplumber_runs_only_on_pages_that_draw_a_table(tmp_path):
    from pypdf import PdfReader

    path = _gazette_pdf(tmp_path / "规划.pdf", "— {n} —", table_on=3)
    assert ruled_pages(PdfReader(io.BytesIO(path.read_bytes()))) == [3]  # header rules are one line each


@pytest.mark.parametrize("line", ["— 2 —", "-2-", "- 2 -", "第2页", "第 2 页 共 8 页", "共8页 第2页", "2/8",
                                  "-2一", "一4一", "一 12 一", "—12—", "·3·", "Page 3 of 9"])
def test_page_number_forms(line):
    assert PAGE_NUMBER_RE.match(normalize_line(line))


@pytest.mark.parametrize("line", ["一", "一、总则", "2024年", "第二条", "1.5", "2/3以上", "（一）", "第一章 总则"])
def test_lines_that_are_not_page_numbers(line):
    assert not PAGE_NUMBER_RE.match(normalize_line(line))


SCRAPED = """某某村民自治条例
第一章 总则
第一条
为了健全基层群众自治制度，根据宪法，制定本条例。
第二条
村民委员会是村民
自我管理、自我服务、自我教育、自我监督的基层群众性自治组织。
第二章 民主管理和民主监
督
第三条
乡、民族乡、镇的人民政府或者县级人
民政府应当为村务工作者提供培训，帮助其提升服务能
力。
第四条
不
设区的市设立村民委员会的，适用本条例有关规定。
第五条
村民委员会应当及时公布下列事项：
（一）财务收支情况
（二）集体资产管理情况
第三章 附则
第六条
本条例自公布之日起施行。
某某省人民代表大会常务委员会
2025年10月28日
"""


def test_scraped_text_broken_inside_words_is_rejoined():
    doc = ingest.parse_text(SCRAPED, "某某村民自治条例.txt")
    by_label = {c.label: c for c in doc.clauses}
    assert "村民委员会是村民自我管理、自我服务" in by_label["第二条"].text
    assert [h.title for h in doc.headings][:2] == ["总则", "民主管理和民主监督"]
    assert "县级人民政府应当为村务工作者提供培训，帮助其提升服务能力。" in by_label["第三条"].text
    assert "不设区的市设立村民委员会的" in by_label["第四条"].text
    # real paragraph ends, list items, headings, signatures stay apart
    assert by_label["第五条"].text.split("\n")[-2:] == ["（一）财务收支情况", "（二）集体资产管理情况"]
    assert "常务委员会2025" not in doc.text and "施行。某某" not in doc.text


@pytest.mark.parametrize("lines", [
    ["规划背景", "本村位于县城东部，村域面积3.2平方公里。"],                   # an unnumbered heading
    ["一、总体要求", "各地要坚持规划先行。"],                                  # a numbered heading
    ["（一）坚持规划引领，强化管控", "各地要坚持规划先行，统筹安排。"],        # a heading with a comma
    ["北京市农业农村局、北京市财政局", "2020年5月1日"],                        # a signature and its date
    ["附件", "村庄规划编制技术要点"],
    ["本办法自公布之日起施行。", "附件"],
])
def test_paragraph_ends_in_scraped_text_stay(lines):
    from ingest.clean import clean_blocks
    from ingest.readers.base import Block

    blocks = clean_blocks([Block(text) for text in lines], None, join_lines=True)
    assert [b.text for b in blocks] == lines


def _scan(pages: list[list[str]], dpi: int = 200) -> list:
    """Render pages as a scanner would, with the header and a page-number footer that OCR
    reads back as 一1一 or -2一."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = int(8.27 * dpi), int(11.69 * dpi)
    size, small = int(dpi * 0.16), int(dpi * 0.13)
    font, hfont = ImageFont.truetype(cjk_font(), size), ImageFont.truetype(cjk_font(), small)
    images = []
    for n, lines in enumerate(pages, start=1):
        img = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(img)
        margin, top = int(dpi * 0.9), int(dpi * 0.9)
        if n >= 2:
            for i, h in enumerate(HEADER):
                draw.text(((width - draw.textlength(h, font=hfont)) / 2, dpi * 0.35 + i * small * 1.6), h,
                          font=hfont, fill=0)
            top = int(dpi * 0.35 + 3 * small * 1.6 + size)
        for i, line in enumerate(lines):
            indent = size * 2 if line.startswith("\u3000\u3000") else 0
            draw.text((margin + indent, top + i * size * 1.8), line.lstrip("\u3000"), font=font, fill=0)
        foot = f"— {n} —"
        draw.text(((width - draw.textlength(foot, font=hfont)) / 2, height - dpi * 0.6), foot, font=hfont, fill=0)
        images.append(img)
    return images


def test_scanned_gazette_gets_the_same_clean_up(tmp_path):
    pages = paginate([TITLE] + wrap(ARTICLES, 30, indent=True), 10)
    assert len(pages) == 3
    doc = ingest.load(make_scanned_pdf(tmp_path / "扫描办法.pdf", _scan(pages)))
    assert set(doc.ocr_pages) == {1, 2, 3}
    assert doc.title == TITLE
    assert [c.label for c in doc.clauses] == [a.split()[0] for a in ARTICLES]
    for leaked in ("公报", "发布"):
        assert leaked not in doc.text
    assert not any(ln.strip("—-一 ").isdigit() or len(ln) <= 4 for ln in doc.text.split("\n")), doc.text
    spanning = [c for c in doc.clauses if c.page != c.page_end]
    assert spanning and all("\n" not in c.text for c in spanning)


def test_a_cover_title_that_later_pages_repeat_as_their_header_stays_the_title(tmp_path):
    """The plan's name on the cover over its credits (镇人民政府 / 2023年7月), and as the one-line running
    header of every later page: the header goes, the cover's name stays and titles the document."""
    from fpdf import FPDF

    name = "某县某镇白岩村村庄规划（2021—2035年）"
    pdf = FPDF(format="A4")
    pdf.add_font("cjk", "", cjk_font())
    pdf.set_font("cjk", size=12)
    pdf.add_page()
    for y, line in ((60, name), (120, "某县自然资源局"), (130, "某镇人民政府"), (140, "2023年7月")):
        pdf.set_xy(20, y)
        pdf.cell(170, 8, line)
    for n in range(1, 5):
        pdf.add_page()
        pdf.set_xy(20, 10)
        pdf.cell(170, 6, name)
        pdf.set_xy(20, 30)
        pdf.cell(170, 6, f"第{'一二三四'[n - 1]}条 规划期限为2021—2035年，村域面积{n}00公顷，耕地保有量不低于96公顷。")
    path = tmp_path / "plan.pdf"
    pdf.output(str(path))
    doc = ingest.load(path)
    assert doc.title == name
    assert doc.text.count(name) == 1


PROJECT_ROWS = [
    ("序号", "项目名称", "建设内容及规模", "建设地点", "建设年限", "投资（万元）", "资金来源"),
    ("1", "高标准农田建设", "建设高标准农田16公顷，配套田间道路2.4公里", "河套片", "2024年", "96", "中央和省级农田建设补助资金"),
    ("2", "林下参基地提质", "林下参基地提质40公顷", "北沟林地", "2024—2025年", "120", "省级林业专项、合作社自筹"),
    ("3", "冷链仓储库", "新建冷库600立方米", "村部西侧", "2025年", "110", "中央财政衔接资金"),
]


def test_a_table_ruled_off_row_by_row_without_column_lines_comes_out_as_rows(tmp_path):
    """Plans often print tables with horizontal rules only. Without column lines pdfplumber's
    ruled tables miss them and the cells ran together (1 高标准农田建设建设高标准农田16公顷…河套片):
    the columns are the blank strips down the band between the rules."""
    from fpdf import FPDF
    from fpdf.enums import TableBordersLayout

    pdf = FPDF(format="A4")
    pdf.add_font("cjk", "", cjk_font())
    pdf.add_page()
    pdf.set_font("cjk", size=10.5)
    pdf.set_xy(20, 20)
    pdf.multi_cell(170, 7, "某县某镇参园沟村村庄规划（2021—2035年）\n第一条 近期建设项目\n近期建设项目3个，见下表。")
    pdf.set_font("cjk", size=9)
    pdf.set_y(pdf.get_y() + 4)
    with pdf.table(col_widths=(10, 28, 42, 20, 24, 16, 30), text_align="LEFT", first_row_as_headings=False,
                   borders_layout=TableBordersLayout.HORIZONTAL_LINES) as table:
        for values in PROJECT_ROWS:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.set_font("cjk", size=10.5)
    pdf.set_xy(20, pdf.get_y() + 6)
    pdf.multi_cell(170, 7, "第二条 规划实施\n各项目由村民委员会组织实施。")
    path = tmp_path / "规划.pdf"
    pdf.output(str(path))
    doc = ingest.load(path)
    rows = [ln for c in doc.clauses for ln in c.text.split("\n") if " | " in ln]
    assert rows == [" | ".join(r) for r in PROJECT_ROWS]
    assert [c.label for c in doc.clauses] == ["第一条", "第二条"]
    assert doc.clauses[1].text.endswith("各项目由村民委员会组织实施。")


def _three_line_table_pdf(path: Path, rows: list[tuple[str, ...]], widths: tuple[int, ...], page_rule: bool) -> Path:
    """A page (with a running header over its own rule, if `page_rule`) holding a 三线表: a rule over
    the header, one under it and one under the body, whose rows are not ruled off."""
    from fpdf import FPDF
    from fpdf.enums import TableBordersLayout

    pdf = FPDF(format="A4")
    pdf.add_font("cjk", "", cjk_font())
    pdf.add_page()
    pdf.set_font("cjk", size=9)
    if page_rule:
        pdf.set_xy(20, 12)
        pdf.cell(170, 5, "某县某镇红杉沟村村庄规划（2021—2035年）", align="C")
        pdf.line(20, 19, 190, 19)
    pdf.set_font("cjk", size=10.5)
    pdf.set_xy(20, 26)
    pdf.multi_cell(170, 7, "第一条 近期建设项目\n近期建设项目3个，见表2。\n表2 近期建设项目表")
    pdf.set_font("cjk", size=9)
    tops = []
    for part in (rows[:1], rows[1:]):
        tops.append(pdf.get_y() + 2)
        pdf.set_y(pdf.get_y() + 3)
        with pdf.table(col_widths=widths, width=170, text_align="LEFT", first_row_as_headings=False,
                       borders_layout=TableBordersLayout.NONE, padding=(1, 1, 2, 1)) as table:
            for values in part:
                row = table.row()
                for value in values:
                    row.cell(value)
    tops.append(pdf.get_y() + 1)
    for y in tops:
        pdf.line(20, y, 190, y)
    pdf.set_font("cjk", size=10.5)
    pdf.set_xy(20, pdf.get_y() + 8)
    pdf.multi_cell(170, 7, "第二条 规划实施\n各项目由村民委员会组织实施。")
    pdf.output(str(path))
    return path


@pytest.mark.parametrize("page_rule", [False, True])
def test_a_three_line_table_comes_out_as_rows_however_its_cells_wrap(tmp_path, page_rule):
    """A 三线表 (rules over and under the header and under the body, the body's rows unruled) came
    out as loose lines (1 高标准农田建设建设高标准农田20公 / 顷，修建机耕路…): its rows open at a line
    whose 序号 cell holds text after the wider gap between rows, its columns are the blank strips.
    A running header's rule over the page is no part of it."""
    rows = [("序号", "项目名称", "建设内容及规模", "建设地点", "建设年限", "投资（万元）", "资金来源"),
            ("1", "高标准农田建设", "建设高标准农田16公顷，配套田间道路2.4公里、灌溉管道2.2公里", "河套片", "2024年", "96",
             "中央和省级农田建设补助资金"),
            ("2", "林下参基地提质", "林下参基地提质40公顷", "北沟林地", "2024—2025年", "120", "省级林业专项、合作社自筹"),
            ("3", "冷链仓储库", "新建冷库600立方米", "村部西侧", "2025年", "110", "中央财政衔接资金")]
    path = _three_line_table_pdf(tmp_path / "规划.pdf", rows, (8, 22, 46, 20, 22, 18, 34), page_rule)
    doc = ingest.load(path)
    got = [ln for c in doc.clauses for ln in c.text.split("\n") if " | " in ln]
    assert [[cell.replace(" ", "") for cell in ln.split(" | ")] for ln in got] == [list(r) for r in rows]
    assert [c.label for c in doc.clauses] == ["第一条", "第二条"]
    assert doc.clauses[1].text.endswith("各项目由村民委员会组织实施。")


def test_a_short_plan_whose_headings_outnumber_its_full_lines_still_has_its_paragraphs_rejoined(tmp_path):
    """In a short plan the headings (第三条 发展目标) share one width more often than the text's
    wrapped lines share theirs; the measure is the width most lines share that few exceed. A
    goal item led by its name (1．稳粮保田。…) still opens a paragraph of its own, and a range
    wrapped at its dash is rejoined without a space."""
    from fpdf import FPDF

    paragraphs = [
        ("第一条 规划范围与期限", "规划范围为梯云村全域，面积1362.09公顷，共8个自然村（组）。规划期限为2021—2035年，近期至2025年，远期至2035年，基期年为2020年。"),
        ("第二条 村庄现状", "梯云村位于哈尼梯田遗产区内，户籍人口1296人，分上寨、中寨、下寨三个寨子。梯田种植红米，部分灌溉沟渠淤塞；传统蘑菇房约200栋，部分改成了平顶砖房。"),
        ("第三条 发展目标", "一是守护哈尼梯田，梯田面积不减少，灌溉沟渠畅通；二是做优梯田红米产业，推广稻鱼鸭综合种养；三是保护哈尼传统村落，蘑菇房风貌得到延续。"),
        ("第四条 分项目标", "1．稳粮保田。梯田连片，粮食产能不下降，灌溉沟渠全部疏浚。"),
        ("", "2．红米增收。红米加工与梯田观光带动增收，村集体经济收入达到60万元。"),
        ("第五条 梯田保护", "耕地保有量不低于168.42公顷，永久基本农田保护面积不低于139.70公顷；梯田不得改旱地、不得撂荒。"),
        ("第六条 红米产业", "梯田红米种植面积达到130公顷，在下寨梯田示范稻鱼鸭综合种养。"),
        ("第七条 传统村落", "传统蘑菇房保有量不少于200栋，不得拆除。"),
        ("第八条 消防", "每寨设消防水池1座。"),
    ]
    pdf = FPDF(format="A4")
    pdf.add_font("cjk", "", cjk_font())
    pdf.add_page()
    pdf.set_font("cjk", size=12)
    pdf.set_xy(20, 20)
    pdf.cell(170, 8, "元阳县新街镇梯云村村庄规划（2021—2035年）", align="C")
    pdf.set_xy(20, 32)
    for heading, text in paragraphs:
        if heading:
            pdf.set_x(20)
            pdf.cell(170, 8, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_x(20)
        pdf.multi_cell(150, 8, "\u3000\u3000" + text, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "规划.pdf"
    pdf.output(str(path))
    doc = ingest.load(path)
    texts = {c.label: c.text for c in doc.clauses}
    assert "二是做优梯田红米产业" in _flat(texts["第三条"]) and "\n" not in texts["第三条"].split("\n", 1)[1]
    assert "2021—2035年" in texts["第一条"]
    assert texts["第四条"].split("\n")[1:] == ["1．稳粮保田。梯田连片，粮食产能不下降，灌溉沟渠全部疏浚。",
                                              "2．红米增收。红米加工与梯田观光带动增收，村集体经济收入达到60万元。"]


def test_rules_drawn_cell_by_cell_give_the_columns_a_spanning_header_and_a_merged_cell(tmp_path):
    """A table printed with horizontal rules only, each drawn cell by cell: the joints between rule
    pieces are the column edges; a header cell drawn whole over two sub-columns (建设规模 over 数量 |
    单位) stays one cell, and a column whose rule piece is missing between two rows holds one cell
    over both (资金来源 merged over two projects), repeated in each row."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("cjk", "", cjk_font())
    pdf.add_page()
    pdf.set_font("cjk", size=10.5)
    pdf.set_xy(20, 20)
    pdf.multi_cell(170, 7, "某县某镇板栗峪村村庄规划（2021—2035年）\n第一条 近期建设项目")
    xs = [20, 32, 70, 100, 120, 140, 175, 190]          # 建设规模 spans 100–140 over 数量 | 单位

    def rule(y: float, pieces: list[tuple[float, float]]) -> None:
        for a, b in pieces:
            pdf.line(a, y, b, y)

    cells = list(zip(xs, xs[1:]))
    whole = [(20, 32), (32, 70), (70, 100), (100, 140), (140, 175), (175, 190)]
    rule(40, whole)
    rule(48, [(100, 120), (120, 140)])
    rule(56, cells)
    rule(64, [c for c in cells if c != (140, 175)])     # 资金来源 merged over rows 1 and 2
    rule(72, cells)
    rule(80, cells)
    pdf.set_font("cjk", size=8)

    def text(x0: float, x1: float, y: float, value: str) -> None:
        pdf.set_xy(x0 + 0.5, y)
        pdf.cell(x1 - x0 - 1, 6, value)

    for (a, b), value in zip(whole, ("序号", "项目名称", "建设地点", "建设规模", "资金来源", "实施年限")):
        text(a, b, 41 if value == "建设规模" else 45, value)
    text(100, 120, 49, "数量")
    text(120, 140, 49, "单位")
    rows = [("1", "板栗低产园改造", "东沟", "40", "公顷", "省级林业资金", "2024年"),
            ("2", "板栗嫁接更新", "北梁", "20", "公顷", "", "2025年"),
            ("3", "游客服务点", "村口", "200", "平方米", "县级文旅资金", "2025年")]
    for y, values in zip((57, 65, 73), rows):
        for (a, b), value in zip(cells, values):
            text(a, b, y, value)
    pdf.set_font("cjk", size=10.5)
    pdf.set_xy(20, 90)
    pdf.multi_cell(170, 7, "第二条 规划实施\n各项目由村民委员会组织实施。")
    path = tmp_path / "规划.pdf"
    pdf.output(str(path))
    got = [ln for c in ingest.load(path).clauses for ln in c.text.split("\n") if " | " in ln]
    assert got == ["序号 | 项目名称 | 建设地点 | 建设规模 | 建设规模 | 资金来源 | 实施年限",
                   "序号 | 项目名称 | 建设地点 | 数量 | 单位 | 资金来源 | 实施年限",
                   "1 | 板栗低产园改造 | 东沟 | 40 | 公顷 | 省级林业资金 | 2024年",
                   "2 | 板栗嫁接更新 | 北梁 | 20 | 公顷 | 省级林业资金 | 2025年",
                   "3 | 游客服务点 | 村口 | 200 | 平方米 | 县级文旅资金 | 2025年"]
