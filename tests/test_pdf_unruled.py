"""Tables printed without ruled cells (columns held by alignment) read as rows of cells: a wrapped
cell is one cell, a row starts at its 序号, a label over sub-columns gives two header rows, a table
cut by a page break goes on under its columns, grey bands bound no cell; and prose, a 目录 and a
signature block are never read as tables.

The PDFs are drawn here with fpdf2 (text only, or with grey bands or rules above and below), in
layouts of their own: not the calibration set's."""
from __future__ import annotations

from pathlib import Path

from docmaker import cjk_font

import ingest
from gapcheck.plan_text import cells, plan_lines
from gapcheck.projects import read_projects

MM = 72 / 25.4


def _wrap(text: str, chars: int) -> list[str]:
    return [text[i:i + chars] for i in range(0, len(text), chars)] or [""]


class _Sheet:
    """An A4 page writer: prose lines at 11 pt, tables at 9 pt, a running header and a page number."""

    def __init__(self) -> None:
        from fpdf import FPDF

        self.pdf = FPDF(format="A4")
        self.pdf.set_auto_page_break(False)
        self.pdf.add_font("cjk", "", cjk_font())
        self.y = 0.0
        self.page()

    def page(self) -> None:
        self.pdf.add_page()
        self.pdf.set_font("cjk", size=8)
        self.pdf.set_xy(20, 10)
        self.pdf.cell(170, 4, "某县某镇某村村庄规划（2021—2035年）", align="C")
        self.pdf.set_xy(20, 285)
        self.pdf.cell(170, 4, f"{self.pdf.page_no()}", align="C")
        self.y = 22.0

    def prose(self, *lines: str, size: float = 11) -> None:
        self.pdf.set_font("cjk", size=size)
        for line in lines:
            for part in _wrap(line, 36):
                self.pdf.set_xy(20, self.y)
                self.pdf.cell(170, 6, part)
                self.y += 7.0

    def table(self, widths: list[float], header: list[list[str]], rows: list[list[str]],
              group: tuple[str, int, int] | None = None, zebra: bool = False, centred: bool = False,
              rules: bool = False, caption: str = "", break_after: int | None = None,
              repeat_header: bool = False, continued: str = "") -> None:
        """Header labels given line by line (top-aligned), body cells wrapped to their column;
        `group`: a label over columns [a, b] on a line above the header's sub-labels."""
        pdf = self.pdf
        if caption:
            self.prose(caption, size=10)
        xs = [20.0]
        for w in widths:
            xs.append(xs[-1] + w)
        pdf.set_font("cjk", size=9)
        line_h = 4.2

        def draw_header() -> None:
            if rules:
                pdf.line(20, self.y, xs[-1], self.y)
            top = self.y + 1.0
            if group is not None:
                label, a, b = group
                pdf.set_xy(xs[a], top)
                pdf.cell(xs[b + 1] - xs[a], line_h, label, align="C")
            depth = max(len(h) for h in header)
            for c, labels in enumerate(header):
                start = top + (line_h if group is not None and group[1] <= c <= group[2] else 0.0)
                for k, label in enumerate(labels):
                    pdf.set_xy(xs[c], start + k * line_h)
                    pdf.cell(widths[c], line_h, label, align="C")
            extra = 1 if group is not None else 0
            self.y = top + (depth + extra) * line_h + 2.0

        draw_header()
        for n, row in enumerate(rows):
            if break_after is not None and n == break_after:
                self.page()
                if continued:
                    self.prose(continued, size=10)
                pdf.set_font("cjk", size=9)
                if repeat_header:
                    draw_header()
            wrapped = [_wrap(cell, max(1, int(widths[c] / 3.4))) for c, cell in enumerate(row)]
            depth = max(len(w) for w in wrapped)
            if zebra and n % 2 == 0:
                pdf.set_fill_color(225, 225, 225)
                pdf.rect(20, self.y, xs[-1] - 20, depth * line_h + 2.0, style="F")
            for c, parts in enumerate(wrapped):
                for k, part in enumerate(parts):
                    pdf.set_xy(xs[c] + 0.8, self.y + 1.0 + k * line_h)
                    pdf.cell(widths[c] - 1.6, line_h, part, align="C" if centred and c > 0 else "L")
            self.y += depth * line_h + 3.0
        if rules:
            pdf.line(20, self.y, xs[-1], self.y)
        self.y += 4.0

    def save(self, path: Path) -> Path:
        self.pdf.output(str(path))
        return path


PROJECTS = [
    ["1", "果园提质增效", "北山组", "改造老果园30公顷，配套水肥一体化设施", "2024—2025年", "210", "县级衔接资金"],
    ["2", "冷链仓储中心", "村部东侧", "新建冷库1500立方米", "2025年", "300", "社会资本"],
    ["3", "村内道路硬化", "全村", "硬化道路4.2公里", "2024年", "160", "县交通运输局补助资金"],
    ["4", "污水处理设施", "南湾组", "新建处理设施1座，管网2.4公里", "2025年", "120", "待定"],
]
HEADER = [["序号"], ["项目名称"], ["建设", "地点"], ["建设规模"], ["实施年限"], ["投资", "（万元）"], ["资金来源"]]
WIDTHS = [12.0, 28.0, 22.0, 40.0, 22.0, 18.0, 28.0]


def _rows(path: Path) -> list[list[str]]:
    return [cells(x.text) for x in plan_lines(ingest.load(path)) if " | " in x.text]


def test_a_table_without_rules_is_read_row_by_row_with_wrapped_cells_and_labels_joined(tmp_path: Path) -> None:
    sheet = _Sheet()
    sheet.prose("第十条 近期建设项目", "近期安排项目4个，见表3。")
    sheet.table(WIDTHS, HEADER, PROJECTS, caption="表3 近期建设项目表")
    sheet.prose("第十一条 规划实施", "本规划经村民会议讨论通过后报县人民政府批准实施。")
    rows = _rows(sheet.save(tmp_path / "plan.pdf"))
    assert rows[0] == ["序号", "项目名称", "建设地点", "建设规模", "实施年限", "投资（万元）", "资金来源"]
    assert rows[1:] == PROJECTS
    projects = read_projects(plan_lines(ingest.load(tmp_path / "plan.pdf")))
    assert [p.name for p in projects] == [r[1] for r in PROJECTS]
    assert projects[3].funding == "" and projects[0].years == "2024—2025年"
    text = ingest.load(tmp_path / "plan.pdf").text
    assert "本规划经村民会议讨论通过后报县人民政府批准实施。" in text   # the prose after it stays prose


def test_centred_zebra_body_and_a_label_over_sub_columns_give_two_header_rows(tmp_path: Path) -> None:
    widths = [12.0, 30.0, 40.0, 20.0, 20.0, 20.0, 20.0]
    header = [["序号"], ["项目名称"], ["建设规模"], ["总投资"], ["财政"], ["村集体"], ["社会资本"]]
    rows = [["1", "民宿改造", "改造民居12栋", "240", "100", "—", "140"],
            ["2", "游步道", "新建游步道3公里", "90", "90", "—", "—"],
            ["3", "停车场", "新建停车场2000平方米", "80", "—", "80", "—"]]
    sheet = _Sheet()
    sheet.prose("第九条 近期建设项目")
    sheet.table(widths, header, rows, group=("资金来源（万元）", 4, 6), zebra=True, centred=True)
    got = _rows(sheet.save(tmp_path / "plan.pdf"))
    assert got[0] == ["序号", "项目名称", "建设规模", "总投资"] + ["资金来源（万元）"] * 3
    assert got[1] == ["序号", "项目名称", "建设规模", "总投资", "财政", "村集体", "社会资本"]
    assert got[2:] == rows
    projects = read_projects(plan_lines(ingest.load(tmp_path / "plan.pdf")))
    assert [p.funding for p in projects] == ["财政 100；社会资本 140", "财政 90", "村集体 80"]


def test_a_table_cut_by_a_page_break_goes_on_under_its_columns_with_or_without_its_header(tmp_path: Path) -> None:
    for repeat in (False, True):
        sheet = _Sheet()
        sheet.prose("第十条 近期建设项目")
        sheet.table(WIDTHS, HEADER, PROJECTS, rules=True, break_after=2, repeat_header=repeat,
                    continued="续表3")
        sheet.prose("第十一条 规划实施", "本规划自批准之日起实施。")
        path = sheet.save(tmp_path / f"plan{int(repeat)}.pdf")
        body = [r for r in _rows(path) if r[0] != "序号"]
        assert body == PROJECTS, repeat
        projects = read_projects(plan_lines(ingest.load(path)))
        assert [p.name for p in projects] == [r[1] for r in PROJECTS], repeat


def test_prose_a_contents_page_and_a_signature_block_are_no_tables(tmp_path: Path) -> None:
    sheet = _Sheet()
    sheet.prose("目  录")
    for n, (title, page) in zip("一二", [("总则", 1), ("发展目标与规划指标", 3)]):
        sheet.pdf.set_font("cjk", size=11)
        sheet.pdf.set_xy(20, sheet.y)
        sheet.pdf.cell(20, 6, f"第{n}章")
        sheet.pdf.set_xy(45, sheet.y)
        sheet.pdf.cell(100, 6, title)
        sheet.pdf.set_xy(170, sheet.y)
        sheet.pdf.cell(20, 6, str(page))
        sheet.y += 7.0
    sheet.page()
    sheet.prose("第一章 总则", "第一条 规划范围", "本规划范围为某村行政村村域，规划期限为2021—2035年，序号、项目名称和单位详见附表。",
                "第二条 规划原则", "坚持农民主体地位，尊重村民意愿，保护耕地和生态。", "第二章 发展目标与规划指标",
                "第三条 发展目标", "发展特色产业，改善人居环境，到2035年建成宜居宜业和美乡村。")
    for left, right in (("编制单位：某规划设计院", "项目负责人：张某"), ("审核单位：某县自然资源局", "日期：2023年5月")):
        sheet.pdf.set_xy(20, sheet.y)
        sheet.pdf.cell(80, 6, left)
        sheet.pdf.set_xy(110, sheet.y)
        sheet.pdf.cell(80, 6, right)
        sheet.y += 7.0
    path = sheet.save(tmp_path / "plan.pdf")
    assert _rows(path) == []
    assert "本规划范围为某村行政村村域" in ingest.load(path).text
