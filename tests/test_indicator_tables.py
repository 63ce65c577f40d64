"""Indicators read from plans' tables as ingest gives them (Markdown with inline HTML tables,
DOCX with merged cells, PDF with ruled tables) and from sentences; their rules and basis.

Every plan here is written as a real file, parsed with `ingest.load`, then read: no table is
handed to the reader pre-split."""
from __future__ import annotations

import html
from pathlib import Path

import pytest
from docmaker import cjk_font

from gapcheck.catalogue import bundled_index, load_catalogue
from gapcheck.indicator_tables import number, split_cells, tables
from gapcheck.indicators import check_document, check_indicators, new_household_allowances, plan_years
from ingest import load
from ingest.settings import Settings

Cell = str | tuple[str, int, int]   # text, or (text, rowspan, colspan)


@pytest.fixture(scope="module")
def catalogue():
    """The village-plan catalogue, its basis resolved in the shipped index read in place."""
    return load_catalogue("village_plan", bundled_index(Settings.from_env()))


# ---- plans as files --------------------------------------------------------------------------

def _span(cell: Cell) -> tuple[str, int, int]:
    return (cell, 1, 1) if isinstance(cell, str) else cell


def html_table(rows: list[list[Cell]]) -> str:
    out = ["<table>"]
    for row in rows:
        tds = []
        for cell in row:
            text, rs, cs = _span(cell)
            attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            tds.append(f"<td{attrs}>{html.escape(text)}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    return "".join(out) + "</table>"


def _grid(rows: list[list[Cell]]) -> tuple[int, list[tuple[int, int, str, int, int]]]:
    """Place spanning cells on a grid: (width, [(row, col, text, rowspan, colspan)])."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            text, rs, cs = _span(cell)
            placed.append((r, c, text, rs, cs))
            taken.update((r + i, c + j) for i in range(rs) for j in range(cs))
            c += cs
    return max(c for _, c in taken) + 1, placed


def make_plan_md(path: Path, before: list[str], tables_: list[tuple[str, list[list[Cell]]]], after: list[str]) -> Path:
    """A plan as a converter writes it: Markdown headings and paragraphs, tables as inline HTML."""
    parts = before[:]
    for caption, rows in tables_:
        parts += [caption, html_table(rows)]
    path.write_text("\n\n".join(parts + after) + "\n", encoding="utf-8")
    return path


def make_plan_docx(path: Path, before: list[str], tables_: list[tuple[str, list[list[Cell]]]], after: list[str]) -> Path:
    """The same plan as Word writes it: headings, paragraphs, tables with merged cells."""
    import docx

    document = docx.Document()
    for line in before:
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            document.add_heading(line.lstrip("# "), level=0 if level == 1 else level - 1)
        else:
            document.add_paragraph(line)
    for caption, rows in tables_:
        document.add_paragraph(caption)
        width, placed = _grid(rows)
        table = document.add_table(rows=len(rows), cols=width)
        for r, c, text, rs, cs in placed:
            cell = table.cell(r, c)
            if rs > 1 or cs > 1:
                cell = cell.merge(table.cell(r + rs - 1, c + cs - 1))
            cell.text = text
    for line in after:
        document.add_paragraph(line.lstrip("# "))
    document.save(str(path))
    return path


def make_plan_pdf(path: Path, before: list[str], tables_: list[tuple[str, list[list[Cell]]]], after: list[str]) -> Path:
    """The same plan as a PDF: text lines, and each table ruled (fpdf2) with its merged cells."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("cjk", "", cjk_font())
    pdf.add_page()
    pdf.set_font("cjk", size=10.5)
    y = 20.0

    def text_line(line: str) -> None:
        nonlocal y
        if y > 270:
            pdf.add_page()
            y = 20.0
        pdf.set_xy(20, y)
        pdf.cell(170, 6, line.lstrip("# "))
        y += 7.5

    for line in before:
        text_line(line)
    for caption, rows in tables_:
        text_line(caption)
        width, _ = _grid(rows)
        pdf.set_font("cjk", size=8)
        pdf.set_xy(15, y + 2)
        with pdf.table(col_widths=tuple([180 / width] * width), text_align="CENTER",
                       first_row_as_headings=False, line_height=5) as table:
            for row in rows:
                out = table.row()
                for cell in row:
                    text, rs, cs = _span(cell)
                    out.cell(text, rowspan=rs, colspan=cs)
        y = pdf.get_y() + 6
        pdf.set_font("cjk", size=10.5)
    for line in after:
        text_line(line)
    pdf.output(str(path))
    return path


MAKERS = {"md": make_plan_md, "docx": make_plan_docx, "pdf": make_plan_pdf}

BEFORE = ["# 平安县青石镇溪口村村庄规划（2021—2035年）",
          "## 第一章 总则",
          "第一条 本规划范围为溪口村行政村村域，国土面积812.4公顷。溪口村位于广东省梅州市平安县，属山区村。",
          "第二条 规划期限为2021—2035年，基期年为2020年，目标年为2035年，近期至2025年。",
          "## 第二章 规划目标"]
AFTER = ["## 第三章 农村住房",
         "第十条 新建住房宅基地面积不超过120平方米，建筑面积不超过300平方米，层数不超过3层。"]

# 规划指标表 with a 序号 column, a rowspan'd 类别, a colspan'd 规划年份 over 2025年 / 2035年,
# the base year in its own column, a 单位 column, a 规划期内增减 column and 属性
TARGETS: list[list[Cell]] = [
    [("序号", 2, 1), ("类别", 2, 1), ("指标名称", 2, 1), ("单位", 2, 1), ("基期年（2020年）", 2, 1),
     ("规划年份", 1, 2), ("规划期内增减", 2, 1), ("属性", 2, 1)],
    ["2025年", "2035年"],
    ["1", ("资源保护", 3, 1), "耕地保有量", "公顷", "1,085.32", "1,085.40", "1,085.40", "+0.08", "约束性"],
    ["2", "永久基本农田保护面积", "公顷", "972.16", "972.16", "968.50", "-3.66", "约束性"],
    ["3", "生态保护红线面积", "公顷", "143.58", "143.58", "143.58", "0", "约束性"],
    ["4", ("建设用地", 3, 1), "村庄建设用地规模", "公顷", "21.47", "21.20", "20.95", "-0.52", "约束性"],
    ["5", "人均村庄建设用地", "平方米/人", "142.6", "138.0", "132.6", "-10.0", "预期性"],
    ["6", "户均宅基地面积", "平方米/户", "156", "140", "120", "-36", "约束性"],
]
# 土地利用结构调整表: 一级类 / 二级类 with nested rowspans (村庄建设用地 over 小计 and 其中宅基地)
LAND_USE: list[list[Cell]] = [
    [("一级类", 2, 1), ("二级类", 2, 2), ("基期年", 1, 2), ("目标年", 1, 2), ("变化量（公顷）", 2, 1)],
    ["面积（公顷）", "占比（%）", "面积（公顷）", "占比（%）"],
    [("农用地", 2, 1), ("耕地", 1, 2), "1,101.20", "40.1", "1,101.50", "40.1", "0.30"],
    [("林地", 1, 2), "1,320.00", "48.1", "1,318.00", "48.0", "-2.00"],
    [("建设用地", 2, 1), ("村庄建设用地", 2, 1), "小计", "21.47", "0.8", "22.60", "0.8", "1.13"],
    ["其中：宅基地", "15.20", "0.6", "16.90", "0.6", "1.70"],
]


def _plan(tmp_path: Path, fmt: str, tables_: list[tuple[str, list[list[Cell]]]], before=BEFORE, after=AFTER):
    path = MAKERS[fmt](tmp_path / f"溪口村村庄规划.{fmt}", before, tables_, after)
    return load(path)


def _by_name(doc, catalogue, allocation=None):
    return {i.name: i for i in check_document(doc, "广东省梅州市", catalogue, allocation)}


# ---- tables, three formats -------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["md", "docx", "pdf"])
def test_target_table_with_year_group_base_column_change_and_attribute(tmp_path, fmt, catalogue):
    doc = _plan(tmp_path, fmt, [("表1 规划指标表", TARGETS)])
    found = _by_name(doc, catalogue)
    farm = found["耕地保有量"]
    assert (farm.base, farm.near, farm.target, farm.unit) == (1085.32, 1085.4, 1085.4, "公顷")
    assert farm.status == "ok" and farm.attribute == "约束性"
    assert "耕地保有量" in farm.source and "1,085.32" in farm.source
    prime = found["永久基本农田保护面积"]
    assert (prime.base, prime.target, prime.status) == (972.16, 968.5, "conflict")
    assert "968.5" in prime.rule and "972.16" in prime.rule and prime.basis[0].label == "第三十五条"
    assert found["村庄建设用地规模"].target == 20.95 and found["村庄建设用地规模"].base == 21.47
    per_head = found["人均村庄建设用地"]
    assert (per_head.base, per_head.target, per_head.unit, per_head.attribute) == (142.6, 132.6, "平方米", "预期性")
    home = found["户均宅基地面积"]
    # the target (120) and the new-household allowance (120) are within 山区's 150; the base (156) is not
    assert (home.base, home.target, home.allowed_new) == (156.0, 120.0, 120.0)
    assert home.status == "conflict" and "基期" in home.rule and "150" in home.rule
    assert home.basis and home.basis[0].doc == "广东省土地管理条例"
    if fmt == "pdf":
        assert farm.page == 1
    assert [i.to_dict() for i in found.values()] and all(
        list(i.to_dict()) == ["name", "base", "target", "unit", "status", "rule", "basis"] for i in found.values())


@pytest.mark.parametrize("fmt", ["md", "docx", "pdf"])
def test_land_use_table_total_row_names_the_group_and_a_part_only_itself(tmp_path, fmt, catalogue):
    doc = _plan(tmp_path, fmt, [("附表2 土地利用结构调整表", LAND_USE)], after=[])
    found = _by_name(doc, catalogue)
    village = found["村庄建设用地规模"]
    assert (village.base, village.target) == (21.47, 22.6), village.source  # 小计, not 其中：宅基地
    assert "小计" in village.source
    assert "耕地保有量" not in found           # a land-use 耕地 row is no 耕地保有量 statement
    assert "户均宅基地面积" not in found or found["户均宅基地面积"].base is None


@pytest.mark.parametrize("fmt", ["md", "docx", "pdf"])
def test_upper_allocation_checks_the_land_use_total(tmp_path, fmt, catalogue):
    doc = _plan(tmp_path, fmt, [("附表2 土地利用结构调整表", LAND_USE)], after=[])
    found = _by_name(doc, catalogue, {"村庄建设用地规模": ("<=", 22.0, "公顷"), "人均村庄建设用地": ("<=", 130, "平方米")})
    village = found["村庄建设用地规模"]
    assert village.status == "conflict" and "22.6" in village.rule and "22" in village.rule and "上级规划" in village.rule
    assert found["人均村庄建设用地"].status == "unknown" and "未给出目标值" in found["人均村庄建设用地"].rule
    ok = _by_name(doc, catalogue, {"村庄建设用地": ("不超过", 340000, "平方米")})["村庄建设用地规模"]
    assert ok.status == "ok" and "符合" in ok.rule


def test_same_tables_same_indicators_in_every_format(tmp_path, catalogue):
    results = []
    for fmt in MAKERS:
        doc = _plan(tmp_path, fmt, [("表1 规划指标表", TARGETS), ("附表2 土地利用结构调整表", LAND_USE)])
        results.append({k: (v.base, v.target, v.near, v.unit, v.status) for k, v in _by_name(doc, catalogue).items()})
    assert results[0] == results[1] == results[2]
    assert results[0]["村庄建设用地规模"][:2] == (21.47, 20.95)  # the 规划指标表 row, before the land-use table


# ---- header forms ----------------------------------------------------------------------------

def _md(tmp_path: Path, body: str, name: str = "规划.md"):
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return load(path)


def test_unit_in_the_row_label_and_thousands_separators(tmp_path, catalogue):
    rows: list[list[Cell]] = [["指标", "现状", "规划期末"],
                              ["耕地保有量（亩）", "1,234.5", "1,230"],
                              ["永久基本农田面积(亩)", "900", "900"],
                              ["生态保护红线面积（hm²）", "12.5", "12.5"]]
    doc = _md(tmp_path, "# 某村村庄规划\n\n本村位于浙江省丽水市。\n\n" + html_table(rows) + "\n")
    found = _by_name(doc, catalogue)
    farm = found["耕地保有量"]
    assert farm.base == pytest.approx(82.3) and farm.target == pytest.approx(82.0, abs=1e-3)
    assert farm.status == "conflict" and farm.unit == "公顷"
    assert found["永久基本农田保护面积"].target == 60.0 and found["永久基本农田保护面积"].status == "ok"
    assert found["生态保护红线面积"].base == 12.5


def test_markdown_pipe_table_with_years_only(tmp_path, catalogue):
    body = ("# 某村村庄规划\n\n规划期限为2021—2035年。\n\n"
            "| 指标 | 单位 | 2020年 | 2025年 | 2035年 |\n|---|---|---|---|---|\n"
            "| 耕地保有量 | 公顷 | 100 | 98 | 101 |\n| 生态保护红线面积 | 公顷 | 50 | 50 | 50 |\n")
    found = _by_name(_md(tmp_path, body), catalogue)
    farm = found["耕地保有量"]
    assert (farm.base, farm.near, farm.target) == (100.0, 98.0, 101.0)
    assert farm.status == "conflict" and "近期" in farm.rule   # the 2025 figure shrinks


def test_status_quo_table_is_never_a_target(tmp_path, catalogue):
    rows: list[list[Cell]] = [["地类", "面积（公顷）", "占比（%）"], ["耕地面积", "86.67", "10.7"],
                              ["村庄建设用地", "21.47", "2.6"]]
    doc = _md(tmp_path, "# 某村村庄规划\n\n表3 土地利用现状表\n\n" + html_table(rows) + "\n")
    found = _by_name(doc, catalogue)
    assert found["耕地保有量"].base == 86.67 and found["耕地保有量"].target is None
    assert found["耕地保有量"].status == "unknown"
    assert found["村庄建设用地规模"].target is None


def test_ambiguous_table_is_unknown_with_its_reason(tmp_path, catalogue):
    rows: list[list[Cell]] = [["指标", "数值一", "数值二"], ["耕地保有量", "120", "110"]]
    found = _by_name(_md(tmp_path, "# 某村资料\n\n" + html_table(rows) + "\n"), catalogue)
    farm = found["耕地保有量"]
    assert farm.status == "unknown" and (farm.base, farm.target) == (None, None)
    assert "未标明" in farm.rule and "基期" in farm.rule


def test_table_columns_are_interpreted():
    lines = ["表2 规划指标表", "序号 | 指标 | 规划指标 | 规划指标 | 规划指标 | 属性",
             "序号 | 指标 | 现状值 | 规划目标值 | 变化量 | 属性",
             "1 | 耕地保有量 | 10 | 12 | 2 | 约束性", "2 | 户籍人口（人） | 1,506 | 1,580 | 74 | 预期性"]
    table = tables(lines)[0]
    assert [c.role for c in table.columns] == ["serial", "label", "base", "target", "change", "attribute"]
    assert table.caption == "表2 规划指标表"
    row = table.rows[1]
    assert row.name() == "户籍人口（人）" and row.unit() == "人" and row.values() == {"base": 1506, "target": 1580,
                                                                                   "change": 74}
    assert number("1,234.5公顷") == (1234.5, "公顷") and number("减少0.52") == (-0.52, "")
    assert number("2035年") is None and number("约束性") is None
    assert split_cells("| a | b |") == ["a", "b"] and split_cells(" | 2035年") == ["", "2035年"]
    assert split_cells("没有表格") is None


# ---- sentences -------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, name, base, target", [
    ("到2035年，耕地保有量不低于152.3公顷。", "耕地保有量", None, 152.3),
    ("耕地保有量由基期年的3450亩调整为目标年的3300亩。", "耕地保有量", 230.0, 220.0),
    ("规划至2035年村庄建设用地规模控制在20.95公顷以内，较基期年减少0.52公顷。", "村庄建设用地规模", 21.47, 20.95),
    ("基期年永久基本农田保护面积为1,234.5亩，目标年为1,230亩。", "永久基本农田保护面积", 82.3, 82.0),
    ("现状生态保护红线面积56.2公顷，规划生态保护红线面积50公顷。", "生态保护红线面积", 56.2, 50.0),
    ("人均村庄建设用地由142.6平方米/人降至132.6平方米/人。", "人均村庄建设用地", 142.6, 132.6),
    ("村庄建设用地规模不超过21.0公顷。", "村庄建设用地规模", None, 21.0),
])
def test_sentence_forms(sentence, name, base, target, catalogue):
    text = "某村村庄规划\n" + sentence
    found = {i.name: i for i in check_indicators(text, text.split("\n"), "广东省", catalogue)}
    ind = found[name]
    assert (ind.base, None if ind.target is None else round(ind.target, 2)) == (base, target)
    assert ind.source == sentence


def test_a_current_figure_is_never_a_target(catalogue):
    survey = "结窝村基本情况\n村域面积9平方公里，其中耕地面积1300多亩、林地面积900亩。全村现有耕地保有量1300亩。"
    found = {i.name: i for i in check_indicators(survey, survey.split("\n"), "广东省", catalogue, title="结窝村基本情况")}
    farm = found["耕地保有量"]
    assert farm.target is None and farm.base == pytest.approx(86.667, abs=1e-3) and farm.status == "unknown"
    report = "某村村庄规划现状调查报告\n规划基期耕地保有量1300亩。"
    farm = {i.name: i for i in check_indicators(report, report.split("\n"), "广东省", catalogue,
                                                title="某村村庄规划现状调查报告")}["耕地保有量"]
    assert farm.target is None and farm.base == pytest.approx(86.667, abs=1e-3)
    plain = "某村村庄规划\n全村耕地面积1300亩，林地面积900亩。"
    farm = {i.name: i for i in check_indicators(plain, plain.split("\n"), "广东省", catalogue)}["耕地保有量"]
    assert farm.target is None and farm.base is not None


def test_real_development_programme_reads_no_target(catalogue):
    doc = load(Path(__file__).parent / "data" / "real" / "markdown" / "广东_惠州市博罗县龙溪街道结窝村_基本情况简介及培育实施方案_2024_非法定村庄规划.md")
    for ind in check_document(doc, "广东省惠州市", catalogue):
        assert ind.target is None, ind


def test_parts_and_qualified_areas_are_not_the_indicator(catalogue):
    text = "某村村庄规划\n生态保护红线内耕地12亩逐步退出。永久基本农田储备区面积30亩。"
    assert check_indicators(text, text.split("\n"), "广东省", catalogue) == []
    text = "某村村庄规划\n永久基本农田保护面积由215.6公顷减少至198.3公顷，其中水田120公顷。"
    ind = check_indicators(text, text.split("\n"), "广东省", catalogue)[0]
    assert (ind.base, ind.target, ind.status) == (215.6, 198.3, "conflict")


def test_plan_years_and_base_year_sentences(catalogue):
    text = "某村村庄规划\n规划基期年为2020年，目标年为2035年。\n2020年耕地面积为3450亩，2035年耕地保有量为3300亩。"
    assert plan_years(text) == (2020, 2035)
    assert plan_years("规划期限为2021—2035年") == (None, 2035)
    ind = check_indicators(text, text.split("\n"), "广东省", catalogue)[0]
    assert (ind.base, ind.target, ind.status) == (230.0, 220.0, "conflict")


# ---- homestead ------------------------------------------------------------------------------

def test_new_household_allowance_against_the_cap(catalogue):
    text = "某村村庄规划\n本村位于平原地区。新建住房宅基地面积不超过130平方米，建筑面积不超过300平方米。"
    assert [v for v, _, _ in new_household_allowances(text)] == [130.0]
    ind = check_indicators(text, text.split("\n"), "广东省茂名市", catalogue)[0]
    assert ind.name == "户均宅基地面积" and ind.allowed_new == 130.0 and ind.status == "conflict"
    assert "新建住房" in ind.rule and "80" in ind.rule and ind.basis[0].label == "第四十二条"
    text = text.replace("130", "80")
    assert check_indicators(text, text.split("\n"), "广东省茂名市", catalogue)[0].status == "ok"


def test_base_above_cap_is_flagged_even_when_the_target_is_within(catalogue):
    rows = "指标 | 基期年 | 目标年 | 单位\n户均宅基地面积 | 165 | 140 | 平方米"
    text = "某村村庄规划\n本村地处山区。\n" + rows
    ind = check_indicators(text, text.split("\n"), "广东省", catalogue)[0]
    assert ind.status == "conflict" and "基期" in ind.rule and "165" in ind.rule and "规划户均" not in ind.rule
    within = text.replace("165", "145")
    assert check_indicators(within, within.split("\n"), "广东省", catalogue)[0].status == "ok"


# ---- tables whose ruling a conversion lost ---------------------------------------------------

LOOSE = [("序号", "指标名称", "单位", "基期年（2020年）", "目标年（2035年）", "属性"),
         ("1", "耕地保有量", "亩", "2,526.0", "2,490.0", "约束性"),
         ("2", "生态保护红线面积", "公顷", "1,236.85", "1,236.85", "约束性"),
         ("3", "人均村庄建设用地", "平方米/人", "229.3", "214.5", "预期性")]


@pytest.mark.parametrize("fmt", ["txt", "pdf"])
def test_table_without_rules_from_a_text_file_or_an_unruled_pdf(tmp_path, fmt, catalogue):
    lines = ["某县某镇某村村庄规划（2021—2035年）", "第一条 规划期限为2021—2035年。", "附表一 规划指标表"]
    if fmt == "txt":
        path = tmp_path / "规划.txt"
        path.write_text("\n".join(lines + ["\t".join(r) for r in LOOSE]) + "\n", encoding="utf-8")
    else:
        from docmaker import make_pdf
        path = make_pdf(tmp_path / "规划.pdf", [lines + ["  ".join(r) for r in LOOSE]])
    found = _by_name(load(path), catalogue)
    farm = found["耕地保有量"]
    assert (farm.base, farm.target, farm.unit, farm.attribute) == (168.4, 166.0, "公顷", "约束性")
    assert farm.status == "conflict"
    per_head = found["人均村庄建设用地"]
    assert (per_head.base, per_head.target, per_head.unit) == (229.3, 214.5, "平方米")
    assert found["生态保护红线面积"].status == "ok"


def test_loose_rows_without_a_header_are_ambiguous(catalogue):
    text = "某村村庄规划\n附表\n1 耕地保有量公顷 120.5 118.0\n2 生态保护红线面积公顷 50 50"
    found = {i.name: i for i in check_indicators(text, text.split("\n"), "广东省", catalogue)}
    assert found["耕地保有量"].status == "unknown" and found["耕地保有量"].target is None
    assert "表头" in found["耕地保有量"].rule


# ---- issue 15 item 2: general faults found on an evaluation run ------------------------------

# 规划指标 spans the year columns: a generic group header, no target word
GROUPED: list[list[Cell]] = [
    [("序号", 2, 1), ("指标名称", 2, 1), ("单位", 2, 1), ("规划指标", 1, 3), ("属性", 2, 1)],
    ["2020年", "2025年", "2035年"],
    ["1", "耕地保有量", "公顷", "310.25", "310.25", "310.40", "约束性"],
    ["2", "永久基本农田保护面积", "公顷", "268.80", "268.80", "266.10", "约束性"],
    ["3", "村庄建设用地规模", "公顷", "40.12", "39.60", "39.05", "约束性"],
]
GROUPED_BEFORE = ["# 清河县柳塘镇北坡村村庄规划（2021—2035年）",
                  "## 第一章 总则",
                  "第一条 北坡村位于广东省清远市清河县，地处丘陵地区。",
                  "第二条 本规划以2020年为基期年，2035年为目标年。",
                  "## 第二章 规划目标"]


@pytest.mark.parametrize("fmt", ["md", "docx", "pdf"])
def test_a_generic_group_header_over_years_leaves_the_base_year_the_base(tmp_path, fmt, catalogue):
    doc = _plan(tmp_path, fmt, [("表1 规划指标表", GROUPED)], before=GROUPED_BEFORE, after=[])
    assert plan_years(doc.text) == (2020, 2035)
    found = _by_name(doc, catalogue)
    farm = found["耕地保有量"]
    assert (farm.base, farm.near, farm.target, farm.status) == (310.25, 310.25, 310.4, "ok")
    prime = found["永久基本农田保护面积"]
    assert (prime.base, prime.target, prime.status) == (268.8, 266.1, "conflict")
    assert found["村庄建设用地规模"].base == 40.12


def test_the_earliest_year_is_the_base_when_no_column_says_base_and_the_plan_names_no_base_year():
    lines = ["表1 规划指标表", "指标 | 规划指标 | 规划指标 | 规划指标", "指标 | 2020年 | 2025年 | 2035年",
             "耕地保有量 | 100 | 99 | 101"]
    for years in ((None, None), (None, 2035), (2020, 2035)):
        assert [c.role for c in tables(lines, years)[0].columns] == ["label", "base", "mid", "target"], years
    own = ["表1 规划指标表", "指标 | 现状 | 近期目标（2025年） | 目标年（2035年）", "耕地保有量 | 100 | 99 | 101"]
    assert [c.role for c in tables(own, (2020, 2035))[0].columns] == ["label", "base", "mid", "target"]
    stated = ["表1 规划指标表", "指标 | 规划 | 规划", "指标 | 2019年 | 2020年", "耕地保有量 | 100 | 101"]
    assert [c.role for c in tables(stated, (2020, None))[0].columns][2] == "base"
    assert plan_years("规划以2020年为基期年，2035年为目标年。") == (2020, 2035)
    assert plan_years("现状基期：2020年。") == (2020, None)


# a land-use table whose 三级类 rows hold the indicator's name inside longer names, listed first
NESTED: list[list[Cell]] = [
    [("一级类", 1, 1), ("二级类", 1, 1), ("三级类", 1, 1), ("基期年（公顷）", 1, 1), ("目标年（公顷）", 1, 1)],
    [("建设用地", 4, 1), ("其他村庄建设用地", 1, 2), "3.10", "5.60"],
    [("村庄建设用地", 3, 1), "农村宅基地", "15.20", "16.90"],
    ["其中：村庄建设用地内的道路", "2.00", "2.10"],
    ["小计", "21.47", "20.95"],
]


@pytest.mark.parametrize("fmt", ["md", "docx", "pdf"])
def test_an_alias_inside_a_longer_row_name_names_no_indicator(tmp_path, fmt, catalogue):
    after = ["第十条 新增村庄建设用地1.2公顷，其他村庄建设用地3.1公顷。"]
    doc = _plan(tmp_path, fmt, [("附表2 土地利用结构调整表", NESTED)], after=after)
    village = _by_name(doc, catalogue)["村庄建设用地规模"]
    assert (village.base, village.target, village.status) == (21.47, 20.95, "ok"), village.sources
    assert all("其他" not in s and "新增" not in s for s in village.sources)


def test_a_flattened_row_names_its_last_name(catalogue):
    # rows whose category cells ran into the name (an unruled PDF or a TXT): 建设用地 | 村庄建设用地 |
    # 农村宅基地 flattened is the homestead row; 建设用地 | 村庄建设用地 (no 三级类) is the total
    text = "\n".join(["某村村庄规划", "第二条 规划期限为2021—2035年，基期年为2020年。", "附表 土地利用结构调整表",
                      "地类 基期年（2020年） 目标年（2035年）",
                      "1 建设用地村庄建设用地农村宅基地 15.20 16.90",
                      "2 其他村庄建设用地 3.10 5.60",
                      "3 建设用地村庄建设用地 21.47 20.95",
                      "4 资源保护耕地保有量 310.25 310.40"])
    found = {i.name: i for i in check_indicators(text, text.split("\n"), "广东省", catalogue)}
    assert (found["村庄建设用地规模"].base, found["村庄建设用地规模"].target) == (21.47, 20.95)
    assert (found["耕地保有量"].base, found["耕地保有量"].target) == (310.25, 310.4)
    part = "某村村庄规划\n地类 | 基期年 | 目标年\n建设用地 | 30 | 30\n其中：村庄建设用地 | 21.47 | 20.95"
    assert {i.name: i.base for i in check_indicators(part, part.split("\n"), "广东省", catalogue)} == \
        {"村庄建设用地规模": 21.47}


def test_a_raw_pipe_table_keeps_its_header_across_the_rule_line(tmp_path, catalogue):
    body = ["桃源县某镇南岭村村庄规划（2021—2035年）", "第一条 规划期限为2021—2035年，基期年为2020年，目标年为2035年。",
            "附表1 规划指标表",
            "| 序号 | 指标名称 | 单位 | 基期年 | 目标年 | 属性 |",
            "|:---:|---|---|---:|---:|---|",
            "| 一 | 资源保护 |  |  |  |  |",
            "| 1 | 耕地保有量 | 亩 | 4,650.0 | 4,620.0 | 约束性 |",
            "| 2 | 生态保护红线面积 | 公顷 | 88.6 | 88.6 | 约束性 |",
            "|---|---|---|---|---|---|",
            "| 3 | 村庄建设用地规模 | 公顷 | 52.4 | 51.9 | 约束性 |"]
    path = tmp_path / "南岭村村庄规划.txt"
    path.write_text("\n".join(body) + "\n", encoding="utf-8")
    doc = load(path)
    table = tables(doc.text.split("\n"), (2020, 2035))[0]
    assert [c.role for c in table.columns] == ["serial", "label", "unit", "base", "target", "attribute"]
    assert [r.text for r in table.rows if r.name() == "村庄建设用地规模"] == [body[-1]]
    found = _by_name(doc, catalogue)
    farm = found["耕地保有量"]
    assert (farm.base, farm.target, farm.unit, farm.status) == (310.0, 308.0, "公顷", "conflict")
    assert farm.source == body[6] and farm.attribute == "约束性"
    assert (found["生态保护红线面积"].status, found["村庄建设用地规模"].target) == ("ok", 51.9)


HOME_ROW = "\n户均宅基地面积 | 现状 | 规划 | 单位\n户均宅基地面积 | {base} | {target} | 平方米"


def _home(text: str, province: str, catalogue, base=100, target=110):
    full = "某村村庄规划\n" + text + HOME_ROW.format(base=base, target=target)
    return next(i for i in check_indicators(full, full.split("\n"), province, catalogue) if i.name == "户均宅基地面积")


def test_homestead_class_comes_from_terrain_or_homestead_sentences(catalogue):
    # 耕地 throughout a 浙江 plan is no class; its homestead sentence names 其他土地 (140)
    zj = ("全村耕地保有量不低于120公顷，耕地面积稳定。严禁占用耕地建房。"
          "新建农房优先利用村内空闲地等其他土地。")
    ind = _home(zj, "浙江省丽水市", catalogue, target=150)
    assert ind.status == "conflict" and "其他土地" in ind.rule and "140" in ind.rule
    assert _home(zj, "浙江省丽水市", catalogue, target=135).status == "ok"
    # 山区 in a sentence about income names no terrain; the province's standard restated is no class
    gd = ("带动周边山区群众增收。按照省规定，平原地区每户不超过80平方米、丘陵地区不超过120平方米、"
          "山区不超过150平方米。本村地形以低山丘陵为主。")
    ind = _home(gd, "广东省", catalogue, target=130)
    assert ind.status == "conflict" and "丘陵" in ind.rule and "120" in ind.rule and "山区每户" not in ind.rule
    assert _home(gd, "广东省", catalogue, target=118).status == "ok"


def test_homestead_class_unknown_is_judged_against_the_strictest_and_the_widest(catalogue):
    vague = "带动周边山区群众增收。"
    between = _home(vague, "广东省", catalogue, base=100, target=110)
    assert between.status == "unknown"
    assert "未说明" in between.rule and "80" in between.rule and "150" in between.rule and "须确认" in between.rule
    within = _home(vague, "广东省", catalogue, base=70, target=78)
    assert within.status == "ok" and "无论" in within.rule and "80" in within.rule
    above = _home(vague, "广东省", catalogue, base=160, target=155)
    assert above.status == "conflict" and "150" in above.rule and "最宽" in above.rule
    both = _home("本村地处丘陵山区。", "广东省", catalogue, base=100, target=130)
    assert both.status == "unknown" and "丘陵、山区" in both.rule and "平原" not in both.rule
    new = "某村村庄规划\n新建住房宅基地面积不超过100平方米。"
    ind = check_indicators(new, new.split("\n"), "广东省", catalogue)[0]
    assert ind.allowed_new == 100.0 and ind.status == "unknown" and "新建住房" in ind.rule
    # a plan restating each class's figure: each figure against the class its clause names
    both = "某村村庄规划\n新建住房使用耕地的，宅基地面积不超过125平方米，使用其他土地的不超过140平方米。"
    assert check_indicators(both, both.split("\n"), "浙江省", catalogue)[0].status == "ok"
    over = both.replace("125", "130")
    ind = check_indicators(over, over.split("\n"), "浙江省", catalogue)[0]
    assert ind.status == "conflict" and "130" in ind.rule and "耕地的上限 125" in ind.rule


SURVEY = ["某县某镇东岗村现状调查报告", "一、村庄基本情况",
          "东岗村村域面积5.6平方公里，全村耕地面积1,350亩，户均宅基地面积185平方米。",
          "表1 土地利用现状", "地类 | 2020年 | 2035年", "耕地面积 | 1,350亩 | 1,320亩",
          "村庄建设用地 | 36.2公顷 | 30.0公顷"]


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_a_survey_gets_no_rule_verdicts(tmp_path, fmt, catalogue):
    path = tmp_path / f"东岗村现状调查报告.{fmt}"
    if fmt == "md":
        path.write_text("\n\n".join(["# " + SURVEY[0], "## " + SURVEY[1], SURVEY[2], SURVEY[3],
                                     html_table([r.split(" | ") for r in SURVEY[4:]])]) + "\n", encoding="utf-8")
    else:
        make_plan_docx(path, ["# " + SURVEY[0], "## " + SURVEY[1], SURVEY[2]],
                       [(SURVEY[3], [r.split(" | ") for r in SURVEY[4:]])], [])
    found = _by_name(load(path), catalogue, {"村庄建设用地规模": ("<=", 30.0, "公顷")})
    assert set(found) >= {"耕地保有量", "户均宅基地面积", "村庄建设用地规模"}
    for ind in found.values():
        assert ind.status == "unknown" and ind.rule.startswith("非规划文件"), ind
        assert ind.target is None
    assert found["耕地保有量"].base == 90.0 and found["户均宅基地面积"].base == 185.0
    assert "上级规划" in found["村庄建设用地规模"].rule


def test_facts_titles_and_first_lines(catalogue):
    facts = "东岗村基本情况\n全村耕地面积1,350亩，户均宅基地面积185平方米。"
    for title in ("", "东岗村基本情况"):   # a caller that passes no title: the first line is read
        found = {i.name: i for i in check_indicators(facts, facts.split("\n"), "广东省", catalogue, title=title)}
        assert {i.status for i in found.values()} == {"unknown"} and "非规划文件" in found["户均宅基地面积"].rule
    plan = ("东岗村村庄规划基本情况说明\n规划期限为2021—2035年，基期年为2020年。本村位于平原地区。\n"
            "户均宅基地面积由185平方米调整为120平方米。")
    ind = check_indicators(plan, plan.split("\n"), "广东省", catalogue, title="东岗村村庄规划基本情况说明")[0]
    assert (ind.base, ind.target, ind.status) == (185.0, 120.0, "conflict") and "非规划文件" not in ind.rule
    opening = "一、村庄概况\n规划期限为2021—2035年。\n本村地处山区。户均宅基地面积由140平方米调整为130平方米。"
    ind = check_indicators(opening, opening.split("\n"), "广东省", catalogue)[0]
    assert ind.status == "ok" and ind.target == 130.0


def test_homestead_classes_named_by_planning_area(catalogue):
    from dataclasses import replace

    from gapcheck.catalogue import HomesteadCap
    basis = catalogue.homestead_caps[0].basis
    own = replace(catalogue, homestead_caps=(HomesteadCap("某省", {"城镇规划区内": 120, "城镇规划区外": 180}, basis),))
    outside = _home("本村位于城镇规划区外，耕地连片。", "某省某县", own, base=150, target=160)
    assert outside.status == "ok" and "城镇规划区外" in outside.rule and "180" in outside.rule
    inside = _home("本村位于城镇规划区内。", "某省某县", own, base=110, target=130)
    assert inside.status == "conflict" and "120" in inside.rule
    assert _home("本村交通便利。", "某省某县", own, base=110, target=130).status == "unknown"


def test_a_programme_keeps_its_figures_but_gets_no_plan_verdict(catalogue):
    text = "东岗村典型村培育实施方案\n到2026年，耕地保有量由120公顷减少为110公顷，户均宅基地面积不超过200平方米。"
    found = {i.name: i for i in check_indicators(text, text.split("\n"), "广东省", catalogue)}
    farm = found["耕地保有量"]
    assert (farm.base, farm.target, farm.status) == (120.0, 110.0, "unknown") and "非规划文件" in farm.rule
    assert "实施方案" in farm.rule and "现状" not in farm.rule
    plan = text.replace("东岗村典型村培育实施方案", "东岗村村庄规划（2021—2035年）")
    farm = {i.name: i for i in check_indicators(plan, plan.split("\n"), "广东省", catalogue)}["耕地保有量"]
    assert farm.status == "conflict"


def test_a_word_table_saved_as_text_keeps_its_two_row_header_over_the_values(tmp_path, catalogue):
    """A Word table saved as text loses its empty cells: 规划值 spans 基期年 / 目标年, and the row
    under it starts with empty cells. The values are still read under their years, and the
    province's cap in a sentence (不得超过267平方米（0.4亩）) is not the plan's own figure."""
    path = tmp_path / "plan.txt"
    path.write_text(
        "某某县某某镇石板村村庄规划（2021—2035年）\n\n第一章 总则\n\n第一条 规划期限\n"
        "规划期限为2021年至2035年，基期年为2020年，目标年为2035年。\n\n"
        "第二条 宅基地\n丘陵区每户宅基地面积不得超过267平方米（0.4亩）。户均宅基地面积200平方米。\n\n"
        "附表一 规划指标表\n序号\t指标名称\t单位\t规划值\t\t属性\n\t\t\t基期年（2020年）\t目标年（2035年）\t\n"
        "1\t户均宅基地面积\t平方米/户\t204\t200\t约束性\n2\t永久基本农田保护面积\t公顷\t256.30\t256.30\t约束性\n"
        "3\t生态保护红线面积\t公顷\t86.30\t86.30\t约束性\n", encoding="utf-8")
    found = {i.name: (i.base, i.target) for i in check_document(load(path), "山西省晋中市", catalogue)}
    assert found["永久基本农田保护面积"] == (256.3, 256.3)
    assert found["生态保护红线面积"] == (86.3, 86.3)
    assert found["户均宅基地面积"] == (204, 200)


def test_a_protected_area_the_plan_says_it_has_none_of_is_listed_with_nothing_to_check(tmp_path, catalogue):
    """村域内未划定生态保护红线 / 县级国土空间总体规划未在村域内划定永久基本农田: the reviewer sees the
    statement, as unknown, not silence; an area with figures is read as before."""
    path = tmp_path / "plan.md"
    path.write_text("# 某某县某某镇西杜庄村村庄规划（2021—2035年）\n\n## 四、国土空间布局\n\n"
                    "1．生态保护红线：村域内未划定生态保护红线。\n\n"
                    "2．永久基本农田：村域耕地均为一般耕地，县级国土空间总体规划未在村域内划定永久基本农田。\n\n"
                    "3．耕地保有量不低于152.30公顷。\n", encoding="utf-8")
    found = {i.name: i for i in check_document(load(path), "河北省衡水市", catalogue)}
    for name in ("生态保护红线面积", "永久基本农田保护面积"):
        assert (found[name].base, found[name].target, found[name].status) == (None, None, "unknown")
        assert "划定" in found[name].source and "无数值可核" in found[name].rule
    assert found["耕地保有量"].target == 152.3


def test_a_plan_for_two_villages_is_read_by_its_total_columns(catalogue):
    text = ("某县两村村庄规划（2021—2035年）\n附表1 规划指标表\n"
            "序号 | 指标名称 | 单位 | 东营子村2020年 | 东营子村2035年 | 西营子村2020年 | 西营子村2035年 | 两村合计2020年 | 两村合计2035年 | 属性\n"
            "1 | 耕地保有量 | 公顷 | 312.45 | 312.80 | 268.30 | 268.30 | 580.75 | 581.10 | 约束性\n"
            "2 | 村庄建设用地规模 | 公顷 | 32.18 | 31.60 | 27.45 | 27.02 | 59.63 | 58.62 | 约束性\n")
    found = {i.name: i for i in check_indicators(text, text.split("\n"), "辽宁省", catalogue)}
    assert (found["耕地保有量"].base, found["耕地保有量"].target) == (580.75, 581.10)
    assert (found["村庄建设用地规模"].base, found["村庄建设用地规模"].target) == (59.63, 58.62)


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_a_table_with_indicators_as_columns_and_years_as_rows_is_read(tmp_path, catalogue, fmt):
    """年份 | 耕地保有量（亩） | … with one row per year (2020年（基期） / 2035年（目标）) and a 指标属性 row:
    each column is an indicator, read in its own unit; the base year row is never a target."""
    rows: list[list[Cell]] = [
        ["年份", "耕地保有量（亩）", "永久基本农田保护面积（亩）", "村庄建设用地规模（亩）", "人均村庄建设用地（平方米/人）"],
        ["2020年（基期）", "3,150.0", "2,940.0", "412.5", "156.3"],
        ["2035年（目标）", "3,162.0", "2,925.0", "398.0", "149.0"],
        ["指标属性", "约束性", "约束性", "约束性", "预期性"],
    ]
    path = MAKERS[fmt](tmp_path / f"plan.{fmt}", ["# 某某县某某镇河湾村村庄规划（2021—2035年）",
                                                  "规划期限为2021年至2035年，基期年为2020年。"],
                       [("附表1 规划指标表", rows)], ["以上指标以县级国土空间总体规划下达为准。"])
    found = {i.name: i for i in check_document(load(path), "黑龙江省绥化市", catalogue)}
    assert found["耕地保有量"].base == pytest.approx(210.0) and found["耕地保有量"].target == pytest.approx(210.8)
    farmland = found["永久基本农田保护面积"]
    assert (farmland.base, farmland.target) == (pytest.approx(196.0), pytest.approx(195.0))
    assert farmland.status == "conflict"
    assert found["村庄建设用地规模"].target == pytest.approx(26.5333, abs=1e-3)
    assert (found["人均村庄建设用地"].base, found["人均村庄建设用地"].target) == (156.3, 149.0)


def test_a_per_head_row_in_a_table_in_mu_keeps_its_square_metres(catalogue):
    """单位：亩 over the table is its areas' unit: 户均宅基地面积 | 180 | 160 with no unit of its own
    is 160 m² a household, not 160 亩; a row giving 0.25亩 is read in 亩."""
    text = ("某县某镇岭下村村庄规划（2021—2035年）\n附表1 规划指标表（单位：亩）\n"
            "序号 | 指标名称 | 基期（2020年） | 目标（2035年） | 属性\n"
            "1 | 耕地保有量 | 1,520.5 | 1,526.0 | 约束性\n"
            "2 | 户均宅基地面积 | 180 | 160 | 约束性\n"
            "3 | 人均村庄建设用地 | 132.5 | 126.0 | 预期性\n")
    found = {i.name: i for i in check_indicators(text, text.split("\n"), "湖南省", catalogue)}
    assert found["耕地保有量"].target == pytest.approx(101.7333, abs=1e-3)
    assert (found["户均宅基地面积"].base, found["户均宅基地面积"].target) == (180, 160)
    assert (found["人均村庄建设用地"].base, found["人均村庄建设用地"].target) == (132.5, 126.0)
    own = text.replace("| 户均宅基地面积 | 180 | 160 |", "| 户均宅基地面积（亩） | 0.27 | 0.24 |")
    found = {i.name: i for i in check_indicators(own, own.split("\n"), "湖南省", catalogue)}
    assert found["户均宅基地面积"].target == pytest.approx(160.0, abs=0.1)


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_a_year_column_beside_each_value_dates_it_and_names_nothing(tmp_path, fmt, catalogue):
    # 基期 and 目标 each span a 年份 and a 数值 column (merged cells in a second header row)
    rows: list[list[Cell]] = [
        [("序号", 2, 1), ("指标名称", 2, 1), ("基期", 1, 2), ("目标", 1, 2), ("属性", 2, 1)],
        ["年份", "数值", "年份", "数值"],
        ["1", "耕地保有量（公顷）", "2020", "88.40", "2035", "88.60", "约束性"],
        ["2", "生态保护红线面积（公顷）", "2020", "210.50", "2035", "209.70", "约束性"],
        ["3", "人均村庄建设用地（平方米/人）", "2020", "152.3", "2035", "148.0", "预期性"],
    ]
    found = _by_name(_plan(tmp_path, fmt, [("附表1 规划指标表", rows)], before=["规划期限为2021—2035年。"], after=[]),
                     catalogue)
    assert (found["耕地保有量"].base, found["耕地保有量"].target) == (88.4, 88.6)
    red = found["生态保护红线面积"]
    assert (red.base, red.target, red.status) == (210.5, 209.7, "conflict")
    assert (found["人均村庄建设用地"].base, found["人均村庄建设用地"].target) == (152.3, 148.0)
