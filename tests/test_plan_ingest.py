"""Village plan texts as real ones come (issue 14 phenomena seen while building issue 15):
tables a TXT writes with tabs or aligned spaces, 附表 / 附件 / 附图 after the last article, a
目录 with chapter lines over unnumbered body headings, and titles on a site's page or a cover.

Every document here is written by the test (TXT, Markdown, DOCX with python-docx, PDF with
fpdf2, a saved county-site HTML page), not taken from a fixture.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import ingest
from ingest.readers.text import text_lines
from ingest.structure import attachment_line
from tests.docmaker import cjk_font, make_docx

PLAN_NAME = "临溪县白沙镇石桥村村庄规划（2021—2035年）"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _rows(doc: ingest.Document) -> list[str]:
    return [line for line in doc.text.split("\n") if " | " in line]


def _unit(doc: ingest.Document, label: str) -> ingest.Clause:
    found = [c for c in doc.clauses if c.label == label]
    assert len(found) == 1, [c.label for c in doc.clauses]
    return found[0]


# ---- 1. tables of a plain text -----------------------------------------------------------

TAB_PLAN = f"""{PLAN_NAME}

第一章 总则
第一条 规划范围
规划范围为石桥村行政村域，村域总面积412.36公顷。
第二条 规划指标
规划指标如下表：
序号\t指标名称\t单位\t基期年（2020年）\t目标年（2035年）\t属性
1\t耕地保有量\t亩\t2,526.0\t2,527.8\t约束性
2\t生态保护红线面积\t公顷\t1,236.85\t1,236.85\t约束性
3\t户均宅基地面积\t平方米/户\t\t120\t约束性
表中宅基地面积基期年未统计。
第三条 规划实施
本规划由白沙镇人民政府组织实施。
"""


def test_tab_separated_lines_become_rows_of_cells(tmp_path):
    doc = ingest.load(_write(tmp_path, "plan.txt", TAB_PLAN))
    assert [c.label for c in doc.clauses] == ["第一条", "第二条", "第三条"]
    table = _unit(doc, "第二条").text
    assert "序号 | 指标名称 | 单位 | 基期年（2020年） | 目标年（2035年） | 属性" in table
    assert "1 | 耕地保有量 | 亩 | 2,526.0 | 2,527.8 | 约束性" in table
    # an empty cell (two tabs in a row, every row the same width) stays a cell of its own
    assert "3 | 户均宅基地面积 | 平方米/户 | | 120 | 约束性" in table
    assert "耕地保有量亩" not in doc.text
    # the sentence under the table is text, not a row
    assert "表中宅基地面积基期年未统计。" in table.split("\n")
    assert len(_rows(doc)) == 4


def test_a_wider_tab_gap_is_no_empty_cell_when_rows_differ(tmp_path):
    text = "附表1 近期建设项目表\n序号\t项目名称\t\t投资（万元）\n1\t村道拓宽\t384\n2\t污水处理设施\t\t176\n"
    blocks = text_lines(text.splitlines(), None)
    assert [b.text for b in blocks if b.kind == "row"] == [
        "序号 | 项目名称 | 投资（万元）", "1 | 村道拓宽 | 384", "2 | 污水处理设施 | 176"]


@pytest.mark.parametrize("lines", [
    ["第一章 总则\t1", "第一条 规划范围\t1", "第二章 发展定位\t3"],     # a 目录 with tab leaders
    ["第一章\t总则", "第一条\t规划范围", "第二条\t规划期限"],           # labels and titles apart by a tab
    ["1.1\t规划背景\t2", "1.2\t规划范围\t3"],
    ["\t第一条 本规划适用于石桥村行政村域。", "\t第二条 规划期限为2021—2035年。"],  # tab-indented paragraphs
    ["耕地保有量\t168.40公顷"],                                              # one line alone
])
def test_tab_lines_that_are_no_table(lines):
    assert all(b.kind != "row" for b in text_lines(lines, None))


def test_a_toc_with_tab_leaders_still_reads_as_the_outline(tmp_path):
    text = (f"{PLAN_NAME}\n目录\n第一章 总则\t1\n第一条 规划范围\t1\n第二条 规划期限\t2\n"
            "第一章 总则\n第一条 规划范围\n规划范围为石桥村行政村域。\n第二条 规划期限\n规划期限为2021—2035年。\n")
    doc = ingest.load(_write(tmp_path, "plan.txt", text))
    assert [(e.label, e.title, e.printed_page) for e in doc.outline] == [
        ("第一章", "总则", 1), ("第一条", "规划范围", 1), ("第二条", "规划期限", 2)]
    assert [c.label for c in doc.clauses] == ["第一条", "第二条"]
    assert doc.clauses[0].path == ("第一章 总则",)


def test_a_site_panel_written_with_tabs_is_still_the_panel(tmp_path):
    text = ("发文机构：\t白沙镇人民政府\n发文字号：\t白府〔2024〕13号\n成文日期：\t2024-03-01\n"
            "白沙镇村庄规划实施管理办法\n第一条 为了规范村庄规划实施，制定本办法。\n第二条 本办法适用于本镇行政区域。\n")
    doc = ingest.load(_write(tmp_path, "办法.txt", text))
    assert doc.doc_number == "白府〔2024〕13号"
    assert doc.issuing_body == "白沙镇人民政府"
    assert doc.adopted == "2024-03-01"
    assert doc.title == "白沙镇村庄规划实施管理办法"
    assert " | " not in doc.text


ALIGNED = """第七条 用地布局
规划用地结构如下表：
用地类型        基期年面积（公顷）    目标年面积（公顷）    增减（公顷）
耕地            168.40                168.52                0.12
园地（茶园）    268.00                261.20                -6.80
村庄建设用地    38.62                 36.90                 -1.72
合计            2,846.20              2,846.20              0
村庄建设用地减少部分为零散闲置建设用地复垦。
"""


def test_columns_aligned_with_spaces_become_rows(tmp_path):
    doc = ingest.load(_write(tmp_path, "plan.txt", f"{PLAN_NAME}\n\n第一章 总则\n{ALIGNED}第八条 实施\n由镇人民政府组织实施。\n"))
    unit = _unit(doc, "第七条").text
    assert "用地类型 | 基期年面积（公顷） | 目标年面积（公顷） | 增减（公顷）" in unit
    assert "园地（茶园） | 268.00 | 261.20 | -6.80" in unit
    assert "合计 | 2,846.20 | 2,846.20 | 0" in unit
    assert len(_rows(doc)) == 5
    assert "村庄建设用地减少部分为零散闲置建设用地复垦。" in unit.split("\n")


def test_an_aligned_row_with_an_empty_cell_keeps_its_columns():
    lines = ["序号    项目名称        建设年限        投资（万元）",
             "1       村道拓宽        2023年          384",
             "2       公厕建设                        41",
             "3       污水处理设施    2023—2024年     176"]
    rows = [b.text for b in text_lines(lines, None) if b.kind == "row"]
    assert rows[2] == "2 | 公厕建设 |  | 41"
    assert rows[3] == "3 | 污水处理设施 | 2023—2024年 | 176"


@pytest.mark.parametrize("lines", [
    # an indented 目录 whose labels and titles are apart by two spaces
    ["第一章  总则", "    第一条  规划范围", "    第二条  规划期限", "    第三条  规划依据"],
    # indented prose, with the double spaces of a justified PDF line here and there
    ["    本规划范围为石桥村行政村域，东至白沙河，  南至县道，西至林场，北至镇界。",
     "村域总面积412.36公顷，  辖石桥、上屋、下屋三个自然村，  共9个村民小组，  户籍人口1580人。",
     "    规划期限为2021—2035年，  基期年为2020年，  目标年为2035年。"],
    # a signature block
    ["白沙镇人民政府        石桥村村民委员会", "二〇二二年十一月      二〇二二年十一月"],
    # two rows only
    ["指标    基期年    目标年", "耕地    168.40    168.52"],
])
def test_spaced_lines_that_are_no_table(lines):
    assert all(b.kind != "row" for b in text_lines(lines, None))


# ---- 2. what follows the last article -----------------------------------------------------

APPENDED = f"""{PLAN_NAME}

第一章 总则
第一条 规划范围
规划范围为石桥村行政村域。
第二章 规划实施
第二条 村民参与
本规划经村民代表会议讨论同意后报批。

附表

附表一  规划指标表
序号\t指标名称\t基期年\t目标年
1\t耕地保有量（公顷）\t168.40\t168.52
2\t户籍人口（人）\t1,580\t1,620

附表2：近期建设项目表
序号\t项目名称\t投资（万元）
1\t村道拓宽\t384

附件1
村民代表会议记录
2022年7月12日召开村民代表会议，应到代表36名，实到29名，同意27名。

附件2 规划公示情况
规划草案于2022年6月6日至2022年7月5日公示30日。

附图
1.村域综合现状图
2.村域综合规划图
"""


def test_annexes_after_the_last_article_are_units_of_their_own(tmp_path):
    doc = ingest.load(_write(tmp_path, "plan.txt", APPENDED))
    assert doc.mode == "article"
    assert [c.label for c in doc.clauses] == ["第一条", "第二条", "附表一", "附表2", "附件1", "附件2", "附图"]
    last = _unit(doc, "第二条").text
    assert last.endswith("本规划经村民代表会议讨论同意后报批。")
    indicators = _unit(doc, "附表一")
    assert indicators.title == "规划指标表" and indicators.path == ("附表",)
    assert "1 | 耕地保有量（公顷） | 168.40 | 168.52" in indicators.text
    assert "村道拓宽" not in indicators.text
    projects = _unit(doc, "附表2")
    assert projects.title == "近期建设项目表" and "1 | 村道拓宽 | 384" in projects.text
    meeting = _unit(doc, "附件1")
    assert meeting.title == "村民代表会议记录" and "实到29名" in meeting.text and meeting.path == ()
    assert _unit(doc, "附件2").title == "规划公示情况"
    assert "村域综合规划图" in _unit(doc, "附图").text
    assert [(h.label, h.title) for h in doc.headings if h.label.startswith("附")][:2] == [("附表", ""), ("附表一", "规划指标表")]


def test_annexes_in_markdown_with_headings(tmp_path):
    text = f"""# {PLAN_NAME}

# 第一章 总则

### 第一条 规划范围

规划范围为石桥村行政村域。

### 第二条 村民参与

本规划经村民会议讨论通过。

# **附表**

**附表1 规划目标表**

| 序号 | 指标名称 | 2020年 | 2035年 |
|---|---|---|---|
| 1 | 耕地保有量（公顷） | 168.40 | 168.52 |

# **附件 规划编制村民参与情况**

一、规划公示情况：规划草案公示30日。

二、村民会议情况：应到户代表412人，实到356人，同意341人。
"""
    doc = ingest.load(_write(tmp_path, "plan.md", text))
    assert [c.label for c in doc.clauses] == ["第一条", "第二条", "附表1", "附件"]
    assert "附表" not in _unit(doc, "第二条").text
    assert "1 | 耕地保有量（公顷） | 168.40 | 168.52" in _unit(doc, "附表1").text
    annex = _unit(doc, "附件")
    assert annex.title == "规划编制村民参与情况"
    assert "实到356人" in annex.text and "规划草案公示30日" in annex.text


def test_annexes_after_numbered_items_and_sections(tmp_path):
    items = """某村人居环境整治提升实施方案

一、总体要求
到2025年村庄环境明显改善。
二、重点任务
推进厕所革命和生活污水治理。

附表：重点项目表
序号\t项目\t投资（万元）
1\t公厕建设\t41
2\t污水管网\t176
"""
    doc = ingest.load(_write(tmp_path, "方案.txt", items))
    assert doc.mode == "items"
    assert [c.label for c in doc.clauses] == ["一、", "二、", "附表"]
    assert _unit(doc, "附表").title == "重点项目表" and "2 | 污水管网 | 176" in _unit(doc, "附表").text
    assert "公厕建设" not in _unit(doc, "二、").text

    outline = f"""# {PLAN_NAME}

## 1 规划总则

规划期限为2021—2035年。

## 2 规划实施

由镇人民政府组织实施。

附图

村域综合规划图、村庄建设规划图。
"""
    doc = ingest.load(_write(tmp_path, "plan.md", outline))
    assert doc.mode == "outline"
    assert [c.label for c in doc.clauses] == ["1", "2", "附图"]
    assert "村庄建设规划图" not in _unit(doc, "2").text


@pytest.mark.parametrize("text,label,title", [
    ("附表", "附表", ""), ("附表一", "附表一", ""), ("附表1：规划指标表", "附表1", "规划指标表"),
    ("附表三近期建设项目表", "附表三", "近期建设项目表"), ("附件", "附件", ""), ("附件1", "附件1", ""),
    ("附件 规划编制村民参与情况", "附件", "规划编制村民参与情况"), ("附 件 2：", "附件2", ""), ("附图", "附图", ""),
])
def test_annex_lines(text, label, title):
    att = attachment_line(text)
    assert att is not None and (att.label, att.title) == (label, title)


@pytest.mark.parametrize("text", [
    "附件：1.拟建设项目表", "附表所列项目应当在近期实施。", "附件、附表和附图是本规划的组成部分",
    "附图中标注的村庄建设边界，应当严格管控。", "附则",
])
def test_no_annex_lines(text):
    assert attachment_line(text) is None


def test_an_annex_named_in_a_list_first_is_the_annex_where_it_is_printed(tmp_path):
    text = """某镇关于印发村庄规划实施方案的通知

一、工作目标
到2025年完成全部村庄规划编制。
二、工作要求
各村按附件1的进度推进。

附件1：工作进度安排
附件2：村庄规划编制清单

某镇人民政府
2024年4月12日

附件1：工作进度安排
序号\t阶段\t时间
1\t调查\t2024年5月

附件2：村庄规划编制清单
序号\t村名
1\t石桥村
"""
    doc = ingest.load(_write(tmp_path, "通知.txt", text))
    assert [c.label for c in doc.clauses] == ["一、", "二、", "附件1", "附件2"]
    assert "1 | 调查 | 2024年5月" in _unit(doc, "附件1").text
    assert "1 | 石桥村" in _unit(doc, "附件2").text


# ---- 3. a 目录 with chapter lines, unnumbered body headings ------------------------------

TOC_MD = f"""# **{PLAN_NAME}**

**规划文本**

# **目  录**

第一章 总  则

第一条 规划范围

第二条 规划期限

第二章 发展定位与目标

第三条 村庄定位

附表1 规划指标表

# **总  则**

## **规划背景**

石桥村位于白沙镇北部，为落实乡村振兴战略编制本规划。

### 第一条 规划范围

规划范围为石桥村行政村域。

### 第二条 规划期限

规划期限为2021—2035年。

# **发展定位与目标**

### 第三条 村庄定位

石桥村为集聚提升类村庄。

# **附表**

**附表1 规划指标表**

| 序号 | 指标名称 | 2020年 | 2035年 |
|---|---|---|---|
| 1 | 耕地保有量（公顷） | 168.40 | 168.52 |
"""


def test_unnumbered_headings_under_a_toc_chapter_keep_its_path(tmp_path):
    doc = ingest.load(_write(tmp_path, "plan.md", TOC_MD))
    assert [c.label for c in doc.clauses] == ["第一条", "第二条", "第三条", "附表1"]
    first = _unit(doc, "第一条")
    assert first.path == ("第一章 总则", "规划背景")
    assert _unit(doc, "第二条").path == ("第一章 总则", "规划背景")
    # the next chapter closes both
    assert _unit(doc, "第三条").path == ("第二章 发展定位与目标",)
    assert _unit(doc, "附表1").path == ("附表",)
    assert "附表" not in _unit(doc, "第三条").text


def test_an_unnumbered_heading_beside_articles_does_not_hold_the_chapters(tmp_path):
    """DOCX with heading styles: 第一章 (Heading 1), articles and an unnumbered 规划原则 all
    Heading 2: the article after 规划原则 closes it, and no later chapter hangs under it. 规划原则's
    own text is its own unit, not the end of 第一条 规划范围 (this expectation read the text as part
    of 第一条 until the eighth session; the document shows a separate heading over it)."""
    path = make_docx(tmp_path / "plan.docx", [
        ("title", PLAN_NAME),
        ("h1", "第一章 总则"), ("h2", "第一条 规划范围"), ("p", "规划范围为石桥村行政村域。"),
        ("h2", "规划原则"), ("p", "坚持生态优先，坚持村民主体。"),
        ("h2", "第二条 规划期限"), ("p", "规划期限为2021—2035年。"),
        ("h1", "第二章 发展定位"), ("h2", "第三条 村庄定位"), ("p", "石桥村为集聚提升类村庄。"),
    ])
    doc = ingest.load(path)
    assert [c.label for c in doc.clauses] == ["第一条", "规划原则", "第二条", "第三条"]
    assert [c.path for c in doc.clauses] == [("第一章 总则",), ("第一章 总则",), ("第一章 总则",), ("第二章 发展定位",)]
    assert "坚持生态优先" not in doc.clauses[0].text


# ---- 4. titles -----------------------------------------------------------------------------

def _county_page(tmp_path: Path) -> Path:
    links = "".join(f'<li><a href="/col{i}.html">栏目{i}</a></li>' for i in range(24))
    articles = "".join(f"<p>第{n}条 本条规定石桥村村庄规划的第{n}项管控要求，村民委员会应当组织村民遵守，"
                       f"镇人民政府负责监督检查。</p>" for n in "一二三四五")
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>网站首页 | 无障碍 | 长者模式 | 临溪县人民政府</title>
<script>var a=1;</script><script>var b=2;</script><script>var c=3;</script></head>
<body><header><h1>临溪县人民政府</h1><div class="top">网站首页 | 无障碍 | 长者模式 | 登录</div>
<nav><ul>{links}</ul></nav></header>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 规划信息</div>
<div class="article"><h2 class="title">{PLAN_NAME}</h2>
<div class="info">发布时间：2022-11-20 来源：临溪县自然资源局</div>
<div class="content">{articles}
<p>附表1：规划指标表</p>
<table><tr><td>序号</td><td>指标</td><td>基期年</td><td>目标年</td></tr>
<tr><td>1</td><td>耕地保有量（公顷）</td><td>168.40</td><td>168.52</td></tr></table>
</div></div>
<footer><p>主办：临溪县人民政府办公室</p><p>网站标识码 1234567890</p></footer></body></html>"""
    path = tmp_path / "county.html"
    path.write_text(page, encoding="utf-8")
    return path


def test_a_site_pages_chrome_title_gives_way_to_the_articles_heading(tmp_path):
    doc = ingest.load(_county_page(tmp_path))
    assert doc.title == PLAN_NAME
    assert doc.kind == "规划"
    assert [c.label for c in doc.clauses] == ["第一条", "第二条", "第三条", "第四条", "第五条", "附表1"]
    everything = "\n".join(u.text for u in doc.units())
    assert "无障碍" not in everything and PLAN_NAME not in everything


def test_a_plain_pages_chrome_title_is_no_title(tmp_path):
    page = ("<html><head><meta charset='utf-8'><title>网站首页 | 无障碍 | 长者模式</title></head><body>"
            "<p>第一条 规划范围为石桥村行政村域。</p><p>第二条 规划期限为2021—2035年。</p></body></html>")
    doc = ingest.load(_write(tmp_path, "石桥村村庄规划.html", page))
    assert doc.title == "石桥村村庄规划"
    assert [c.label for c in doc.clauses] == ["第一条", "第二条"]


def _cover_pdf(path: Path, name_lines: list[str]) -> Path:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("cjk", "", cjk_font())
    pdf.add_page()  # the cover: large centred lines
    y = 60.0
    for text, size in [("规划文本", 20)] + [(n, 26) for n in name_lines] + [("临溪县白沙镇人民政府", 16),
                                                                         ("二〇二二年十一月", 16)]:
        pdf.set_font("cjk", size=size)
        pdf.set_xy(20, y)
        pdf.cell(170, 14, text, align="C")
        y += 30 if size >= 20 else 14
    body = ["第一章 总则", "第一条 规划范围", "规划范围为石桥村行政村域，村域总面积412.36公顷，辖三个自然村。",
            "第二条 规划期限", "规划期限为2021—2035年，基期年为2020年，目标年为2035年。",
            "第二章 规划实施", "第三条 实施保障", "本规划由白沙镇人民政府组织实施，石桥村村民委员会负责日常监督。"]
    pdf.add_page()
    pdf.set_font("cjk", size=10.5)
    y = 22.0
    for line in body:
        pdf.set_xy(20, y)
        pdf.cell(170, 6, line)
        y += 6.8
    pdf.output(str(path))
    return path


@pytest.mark.parametrize("name_lines", [
    [PLAN_NAME],
    ["临溪县白沙镇石桥村", "村庄规划（2021—2035年）"],
    ["临溪县白沙镇石桥村村庄规划", "（2021—2035年）"],
])
def test_a_cover_page_gives_the_plans_name_only(tmp_path, name_lines):
    doc = ingest.load(_cover_pdf(tmp_path / "plan.pdf", name_lines))
    assert re.sub(r"\s+", "", doc.title) == PLAN_NAME
    assert doc.kind == "规划"
    assert [c.label for c in doc.clauses] == ["第一条", "第二条", "第三条"]
    assert doc.clauses[0].page == 2
    # the cover's other lines are no 前言
    assert doc.preamble is None


def test_a_cover_in_text_keeps_the_name_and_drops_the_rest(tmp_path):
    text = ("规划文本\n临溪县白沙镇石桥村\n村庄规划（2021—2035年）\n组织编制单位：临溪县白沙镇人民政府\n"
            "编制单位：临溪县规划设计院有限公司\n二〇二二年十一月\n\n第一章 总则\n第一条 规划范围\n"
            "规划范围为石桥村行政村域。\n第二条 规划期限\n规划期限为2021—2035年。\n")
    doc = ingest.load(_write(tmp_path, "plan.txt", text))
    assert doc.title == PLAN_NAME
    assert doc.preamble is None
    assert [c.label for c in doc.clauses] == ["第一条", "第二条"]
    assert all("编制单位" not in c.text for c in doc.clauses)


def test_a_title_followed_by_an_issuer_and_a_full_date_is_left_alone(tmp_path):
    """A notice's signature-like lines under its title are no cover: they stay where they were."""
    text = ("某镇关于做好村庄规划公示工作的通知\n各村民委员会：\n为做好村庄规划公示工作，现将有关事项通知如下。\n"
            "一、公示时间\n公示时间不少于30日。\n二、公示地点\n村委会公告栏。\n")
    doc = ingest.load(_write(tmp_path, "通知.txt", text))
    assert doc.title == "某镇关于做好村庄规划公示工作的通知"
    assert [c.label for c in doc.clauses] == ["一、", "二、"]


def test_a_padded_pipe_table_in_plain_text_keeps_its_cells():
    """A TXT plan's pipe table padded with spaces to line up (as editors and converters write
    it) is a pipe table, not an aligned-space table: no empty cells between the real ones."""
    from ingest import parse_text

    text = ("附表1  规划指标表\n\n"
            "| 序号 | 指标名称               | 单位      | 基期年（2020年） | 目标年（2035年） | 属性   |\n"
            "|------|------------------------|-----------|------------------|------------------|--------|\n"
            "| 1    | 户籍人口               | 人        | 2,486            | 2,520            | 预期性 |\n"
            "| 2    | 永久基本农田保护面积   | 公顷      | 196.80           | 196.80           | 约束性 |\n"
            "| 3    | 生态保护红线面积       | 公顷      | 16.40            | 16.40            | 约束性 |\n")
    doc = parse_text(text, "规划.txt")
    rows = [ln for ln in doc.text.split("\n") if "永久基本农田" in ln]
    assert rows and [c.strip() for c in rows[0].strip("|").split("|")] == \
        ["2", "永久基本农田保护面积", "公顷", "196.80", "196.80", "约束性"]


def test_a_published_pdf_keeps_its_cover_name_its_approval_and_its_sections(tmp_path):
    """A plan as counties publish it: the 编制单位 above the name on the cover, the name wrapped
    inside its brackets, the county's 批复 (whose title holds the running header's plan name)
    before the text, and （一）（二） sections printed between the articles of a chapter."""
    from tests.docmaker import make_pdf

    cover = ["编制单位：临溪县规划设计院有限公司", "临溪县白沙镇石桥村村庄规划（2021—20", "35年）",
             "临溪县白沙镇人民政府", "二〇二三年六月"]
    approval = ["临溪县人民政府关于白沙镇石桥村村庄规划（2021—2035年）", "的批复", "临政函〔2023〕86号",
                "白沙镇人民政府：", "你镇报来的村庄规划收悉。经研究，原则同意该规划，请严格组织实施。",
                "临溪县人民政府", "2023年6月12日"]
    body = ["第一章 总则", "第一条 规划范围", "规划范围为石桥村行政村域，村域总面积435.80公顷。",
            "第二章 发展定位与目标", "（一）村庄定位", "第二条 村庄定位", "石桥村为集聚提升类村庄。",
            "（二）发展目标", "第三条 目标任务", "（一）守牢耕地红线。耕地保有量不减少。",
            "（二）壮大特色产业。村集体经济收入达到30万元。",
            "第三章 国土空间布局", "第四条 三区三线", "落实永久基本农田132.56公顷。"]
    path = make_pdf(tmp_path / "plan.pdf", [cover, approval, body, ["第五条 实施保障", "本规划由白沙镇人民政府组织实施。"]],
                    header=PLAN_NAME, header_from_page=2)
    doc = ingest.load(path)
    assert doc.title == PLAN_NAME
    assert "临溪县人民政府关于白沙镇石桥村村庄规划（2021—2035年）" in doc.text  # the 批复's title is no running line
    units = {u.label: u for u in doc.units()}
    assert units["第二条"].path == ("第二章 发展定位与目标", "（一）村庄定位")
    assert units["第三条"].path == ("第二章 发展定位与目标", "（二）发展目标")
    assert "发展目标" not in units["第二条"].text
    assert units["第四条"].path == ("第三章 国土空间布局",)


def test_an_aligned_cell_that_runs_into_the_next_empty_column_is_split_where_that_column_starts():
    lines = ["序号  项目名称              建设地点            建设规模            建设年限      资金来源",
             "1     石河两岸高标准农田    石河两岸            60公顷              2023—2024年   财政专项资金",
             "2     樱桃分拣冷藏中心      新村东侧原砖厂地块  0.36公顷，冷库800吨 2024年        衔接资金",
             "3     崮下至镇区道路拓宽    崮下至九山镇区      2.1公里 宽6米       2023年        县交通资金"]
    rows = [b.text for b in text_lines(lines, None)]
    assert rows[2] == "2 | 樱桃分拣冷藏中心 | 新村东侧原砖厂地块 | 0.36公顷，冷库800吨 | 2024年 | 衔接资金"
    # a space inside a cell whose next column has its own text stays in the cell
    assert rows[3] == "3 | 崮下至镇区道路拓宽 | 崮下至九山镇区 | 2.1公里 宽6米 | 2023年 | 县交通资金"


def test_the_last_item_of_a_list_is_no_section_over_the_articles_after_it():
    """第二条 规划依据's list ends with （七）《…总体规划》 before 第三条: it is the article's last item, not a
    section heading the next articles would sit under."""
    from ingest import parse_text

    doc = parse_text("某县某镇前岗村村庄规划（2021—2035年）\n\n第一章 总则\n\n第一条 编制目的\n为落实乡村振兴战略，编制本规划。\n\n"
                     "第二条 规划依据\n（一）《中华人民共和国土地管理法》\n（二）《中华人民共和国城乡规划法》\n"
                     "（三）《某县国土空间总体规划（2021—2035年）》\n\n第三条 规划范围和期限\n规划范围为前岗村行政村域。\n\n"
                     "第四条 村庄性质与定位\n前岗村为集聚提升类村庄。\n", "plan.txt")
    units = {c.label: c for c in doc.clauses}
    assert units["第三条"].path == ("第一章 总则",) and units["第四条"].path == ("第一章 总则",)
    assert "（三）《某县国土空间总体规划" in units["第二条"].text


def test_a_pages_title_that_adds_what_it_does_keeps_the_articles_own_name(tmp_path):
    """<title>…村庄规划（2021—2035年）批前公告 - 县政府</title> over an h1 of the plan's own name: the
    page publishes the plan under its name, and the name stays in the text as its heading, so the
    page is read as the plan it reproduces, not as a notice about it."""
    from gapcheck.plan_kind import plan_kind
    links = "".join(f'<li><a href="/c{i}">栏目{i}</a></li>' for i in range(24))
    body = "".join(f"<p>{t}</p>" for t in (
        "一、规划范围与期限", "规划范围为横樟坑村行政村全域，国土面积1,082.64公顷。规划期限为2021年至2035年。",
        "二、发展目标", "以传统村落和茶产业为特色，建设山区传统村落保护利用示范村。",
        "三、国土空间管控", "落实生态保护红线611.20公顷、永久基本农田保护面积760.50亩，严格用途管制，村庄建设边界内安排宅基地12宗。"
        "核心保护范围内不得新建与传统风貌不协调的建筑，建筑高度控制在两层以内，新建农房层数不超过三层。",
        "四、产业发展", "稳定茶园面积2,300亩，在上坑自然村利用闲置农房建设茶叶精制体验工坊，发展民宿不超过15家。",
        "五、基础设施和公共服务", "硬化通组路3.2公里，新建蓄水池2座，改造村卫生室80平方米；在文化礼堂设置居家养老服务站，"
        "配套老年食堂1处。村内主要道路两侧设置消防栓12处，沿溪护岸加固0.8公里，山洪沟口设警示牌。",
        "六、人居环境", "生活污水采用三格化粪池加人工湿地处理，覆盖全部农户；垃圾分类收集后由镇统一转运；改造户厕46户。",
        "七、实施保障", "规划草案在村内公示不少于30日，经村民代表会议讨论同意后，由大东坝镇人民政府报县人民政府审批。"))
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>松阳县大东坝镇横樟坑村村庄规划（2021—2035年）批前公告 - 松阳县人民政府</title></head>
<body><header><nav><ul>{links}</ul></nav></header>
<div class="crumb">您当前的位置：首页 &gt;&gt; 政务公开 &gt;&gt; 村庄规划</div>
<div class="article"><h1>松阳县大东坝镇横樟坑村村庄规划（2021—2035年）</h1>
<div class="info">发布时间：2023-07-14 信息来源：松阳县自然资源和规划局</div>
<div class="content">{body}<p>附表 规划指标表</p><table><tr><td>指标</td><td>基期年（2020）</td><td>目标年（2035）</td>
<td>属性</td></tr><tr><td>耕地保有量（亩）</td><td>1,125.6</td><td>1,125.6</td><td>约束性</td></tr>
<tr><td>生态保护红线面积（公顷）</td><td>611.20</td><td>611.20</td><td>约束性</td></tr>
<tr><td>户均宅基地面积（平方米）</td><td>128</td><td>125</td><td>约束性</td></tr>
<tr><td>村庄建设用地规模（公顷）</td><td>14.62</td><td>14.30</td><td>约束性</td></tr></table></div></div><footer><p>主办单位：松阳县人民政府办公室</p></footer></body></html>"""
    doc = ingest.load(_write(tmp_path, "page.html", page))
    assert doc.title == "松阳县大东坝镇横樟坑村村庄规划（2021—2035年）批前公告"
    assert doc.text.split("\n")[1] == "松阳县大东坝镇横樟坑村村庄规划（2021—2035年）"
    assert plan_kind(doc) == (True, [])
    notice = page.replace("<h1>松阳县大东坝镇横樟坑村村庄规划（2021—2035年）</h1>",
                          "<h1>松阳县大东坝镇横樟坑村村庄规划（2021—2035年）批前公告</h1>")
    doc = ingest.load(_write(tmp_path, "notice.html", notice))
    assert plan_kind(doc)[0] is False, "a page headed by the notice is the notice"


def test_a_table_under_the_first_article_is_no_headless_toc(tmp_path):
    # rows whose last cell is a figure look like 目录 entries with page numbers; they are the
    # article's table and stay its text
    path = tmp_path / "short.txt"
    path.write_text("某某县某某镇青山村村庄规划（2021—2035年）\n\n第一章 农村住房\n\n第一条 宅基地面积\n"
                    "户型 | 人口 | 宅基地面积上限（㎡）\n小户 | 3人及以下 | 90\n中户 | 4—5人 | 110\n"
                    "大户 | 6人及以上 | 130\n", encoding="utf-8")
    doc = ingest.load(path)
    assert doc.outline == []
    units = doc.units()
    assert [u.label for u in units] == ["第一条"]
    assert "大户 | 6人及以上 | 130" in units[0].text


def test_a_headless_toc_given_as_rows_with_numbered_entries_is_still_the_outline(tmp_path):
    path = tmp_path / "toc_rows.txt"
    path.write_text("某某县某某镇青山村村庄规划（2021—2035年）\n\n第一章 | 总则 | 1\n第二章 | 国土空间布局 | 3\n"
                    "第三章 | 实施保障 | 9\n\n第一章 总则\n\n第一条 规划范围\n规划范围为青山村行政村域。\n\n"
                    "第二章 国土空间布局\n\n第二条 布局\n全村形成一心两区的空间结构。\n\n第三章 实施保障\n\n"
                    "第三条 实施\n规划由村民委员会组织实施。\n", encoding="utf-8")
    doc = ingest.load(path)
    assert [e.title for e in doc.outline] == ["总则", "国土空间布局", "实施保障"]
    assert [u.label for u in doc.units()] == ["第一条", "第二条", "第三条"]


def test_numbered_sections_under_chapters_nest_below_them(tmp_path):
    """第一章  总则 over 1.1  规划目的 … 第二章 over 2.1 …: each numbered section's path is its chapter
    (they were read as siblings of the chapters, and a chapter as a child of the section before it)."""
    chapters = [("第一章  总则", ["1.1  规划目的", "1.2  规划范围"]), ("第二章  现状与发展定位", ["2.1  现状概况", "2.2  村庄定位"]),
                ("第三章  耕地保护", ["3.1  耕地和永久基本农田"])]
    text = "某县某镇南湾堡村村庄规划（2021—2035年）\n\n" + "".join(
        f"{chapter}\n\n" + "".join(f"{section}\n本节规定{section[5:]}的具体内容，共{n}项。\n\n" for n, section in enumerate(sections, 1))
        for chapter, sections in chapters)
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    units = {u.label: u.path for u in ingest.load(path).units() if u.label and "." in u.label}
    assert units == {"1.1": ("第一章 总则",), "1.2": ("第一章 总则",), "2.1": ("第二章 现状与发展定位",),
                     "2.2": ("第二章 现状与发展定位",), "3.1": ("第三章 耕地保护",)}
