"""Markdown as converters write it (MinerU, pandoc, markitdown, DOCX→Markdown), HTML tables with
merged cells, and the sections sites append to scraped text."""
from __future__ import annotations

from ingest import load
from ingest.readers import read
from ingest.readers.markdown import inline_text, latex_text, unspace_heading
from ingest.readers.tables import MAX_SPAN, Cell, expand, fragment_blocks

MINERU = """# **某某村村庄规划（2021—2035年）**

![](images/3f2a9c0d1e.jpg)

# **总  则**

## **规划背景**

为落实乡村振兴战略，编制本规划。村域面积 $3.2\\mathrm{km}^{2}$，森林覆盖率不低于 $60\\%$ 。

## **规划指标**

<table><tr><td rowspan="2">类别</td><td colspan="2">指标</td><td>单位</td></tr><tr><td>耕地保有量</td><td>152.30</td><td>公顷</td></tr><tr><td>建设用地</td><td>村庄建设用地</td><td>38.5<br>（其中宅基地 30.1）</td><td>公顷</td></tr></table>

表中数据来源于第三次全国国土调查。
"""


def _blocks(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read(path).blocks


def test_mineru_headings_lose_bold_and_letter_spacing(tmp_path):
    blocks = _blocks(tmp_path, "plan.md", MINERU)
    headings = [(b.level, b.text) for b in blocks if b.kind == "heading"]
    assert headings == [(1, "某某村村庄规划（2021—2035年）"), (1, "总则"), (2, "规划背景"), (2, "规划指标")]
    assert not any("images/" in b.text or "![" in b.text for b in blocks)


def test_mineru_html_table_rows_are_full_lists_of_cells(tmp_path):
    rows = [b.text for b in _blocks(tmp_path, "plan.md", MINERU) if b.kind == "row"]
    assert rows == ["类别 | 指标 | 指标 | 单位",
                    "类别 | 耕地保有量 | 152.30 | 公顷",
                    "建设用地 | 村庄建设用地 | 38.5 （其中宅基地 30.1） | 公顷"]


def test_mineru_plan_parses_without_markup(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text(MINERU, encoding="utf-8")
    doc = load(path)
    assert doc.title.startswith("某某村村庄规划（2021—2035年）")
    every = [doc.title, doc.text] + [c.text for c in doc.clauses] + [p for c in doc.clauses for p in c.path]
    assert not any(mark in s for s in every for mark in ("**", "<td", "<table", "$", "\\mathrm", "images/"))
    assert "3.2km²" in doc.text.replace(" ", "") and "60%" in doc.text
    assert "类别 | 耕地保有量 | 152.30 | 公顷" in doc.text


def test_pandoc_escapes_attributes_links_and_grid_table(tmp_path):
    text = """规划说明
========

本规划依据[《中华人民共和国土地管理法》](https://flk.npc.gov.cn/detail.html?id=1)编制，[重点]{.underline}如下\\
（详见附图）。

2021\\. 年度计划见下表 \\* 为约束性指标。

![](media/image1.png){width="5.7in" height="3.2in"}

+----------+-----------+
| 指标     | 目标      |
+==========+===========+
| 耕地保有 | 152.30    |
| 量 \\*    | 公顷      |
+----------+-----------+
| 林地     | 80        |
+----------+-----------+
"""
    blocks = _blocks(tmp_path, "说明.md", text)
    assert (blocks[0].kind, blocks[0].level, blocks[0].text) == ("heading", 1, "规划说明")
    lines = [b.text for b in blocks if b.kind == "line"]
    assert "本规划依据《中华人民共和国土地管理法》编制，重点如下" in lines
    assert "2021. 年度计划见下表 * 为约束性指标。" in lines
    assert not any("media/" in t or "http" in t or "{" in t for t in lines)
    assert [b.text for b in blocks if b.kind == "row"] == ["指标 | 目标", "耕地保有 量 * | 152.30 公顷", "林地 | 80"]


def test_markitdown_escaped_underscores_and_bold_cells(tmp_path):
    text = """# 村庄规划\\_文本

| **指标** | **目标年** |
| --- | --- |
| 户均宅基地面积 | ≤120m<sup>2</sup> |
| file\\_name\\_v2 | 见 [附表](#t1) |

![img](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==)
甲方：________ 乙方：__________
"""
    blocks = _blocks(tmp_path, "规划.md", text)
    assert blocks[0].text == "村庄规划_文本"
    assert [b.text for b in blocks if b.kind == "row"] == ["指标 | 目标年", "户均宅基地面积 | ≤120m²", "file_name_v2 | 见 附表"]
    lines = [b.text for b in blocks if b.kind == "line"]
    assert lines == ["甲方：________ 乙方：__________"]


def test_docx_converter_pipe_table_with_line_breaks_in_cells(tmp_path):
    text = """<!-- converted from 实施方案.docx -->

某村培育实施方案
一、工作措施
| 分类 | 指标 | 责任单位 |
| --- | --- | --- |
| 和美乡貌 | 环境整洁
有序 | 乡村振兴办
环卫公司 |
| 和美乡建 | 道路 | 交通办 |
附件：任务清单
"""
    blocks = _blocks(tmp_path, "方案.md", text)
    assert not any("converted from" in b.text for b in blocks)
    assert [b.text for b in blocks if b.kind == "row"] == [
        "分类 | 指标 | 责任单位", "和美乡貌 | 环境整洁 有序 | 乡村振兴办 环卫公司", "和美乡建 | 道路 | 交通办"]
    assert [b.text for b in blocks if b.kind == "line"][-1] == "附件：任务清单"


def test_blockquote_panel_at_the_top_of_a_markdown_file(tmp_path):
    text = """# 某省乡村振兴规划（2024—2027年）

> **发布机构**：某省人民政府
> **来源**：https://www.example.gov.cn/zhengce/1.htm

---

为推进乡村全面振兴，制定本规划。

## 一、总体要求

坚持农业农村优先发展。
"""
    path = tmp_path / "规划.md"
    path.write_text(text, encoding="utf-8")
    doc = load(path)
    assert doc.issuing_body == "某省人民政府"
    assert "来源" not in doc.text and "发布机构" not in doc.text and "---" not in doc.text
    assert "为推进乡村全面振兴" in doc.text


def test_inline_rules_keep_what_is_not_markup():
    assert inline_text("《关于修改<中华人民共和国农业法>的决定》") == "《关于修改<中华人民共和国农业法>的决定》"
    assert inline_text("面积<5公顷且>2公顷") == "面积<5公顷且>2公顷"
    assert inline_text("2*3*4 与 *强调*") == "2*3*4 与 强调"
    assert inline_text("snake_case_name 与 _斜体_ 与 __粗体__") == "snake_case_name 与 斜体 与 粗体"
    assert inline_text("***重点*** 与 ~~删除~~") == "重点 与 删除"
    assert inline_text("`代码_x_` 与 \\# 号") == "代码_x_ 与 # 号"
    assert inline_text("注释[^1] &nbsp;A&amp;B &lt;b&gt;") == "注释 \u00a0A&B <b>"
    assert inline_text("<span style=\"color:red\">红色</span>文字<br>第二行") == "红色文字\n第二行"
    assert inline_text("a<br/>b", cell=True) == "a b"


def test_latex_as_mineru_writes_symbols():
    assert latex_text(r"\geq 30\%") == "≥ 30%"
    assert latex_text(r"\mathrm{m}^{3}/\mathrm{d}") == "m³/d"
    assert latex_text(r"\textcircled{2}") == "②"
    assert latex_text(r"\frac{1}{2}") == "1/2"


def test_letter_spacing_closed_only_in_short_headings():
    assert unspace_heading("总  则") == "总则"
    assert unspace_heading("第一章  总  则") == "第一章 总则"
    assert unspace_heading("附 件 1") == "附件 1"
    assert unspace_heading("规划 目标") == "规划 目标"  # words, not spaced-out letters
    long = "关 于 进 一 步 加 强 村 庄 规 划 管 理 的 通 知"
    assert unspace_heading(long) == long


def test_expand_rowspan_colspan_and_ragged_rows():
    rows = [[Cell("a", colspan=2), Cell("b", rowspan=3)], [Cell("c"), Cell("d")], [Cell("e", colspan=2)]]
    assert expand(rows) == [["a", "a", "b"], ["c", "d", "b"], ["e", "e", "b"]]
    assert expand([[Cell("x"), Cell("y"), Cell("z", rowspan=2)], [Cell("w")]]) == [["x", "y", "z"], ["w", "", "z"]]
    assert expand([[Cell("x")], [Cell("p"), Cell("q")]]) == [["x", ""], ["p", "q"]]


def test_hostile_spans_are_capped():
    blocks = fragment_blocks('<table><tr><td colspan="100000" rowspan="abc">x</td></tr></table>')
    assert len(blocks) == 1 and blocks[0].text.count("x") == MAX_SPAN


def test_html_page_table_with_merged_cells(tmp_path):
    html = """<html><head><meta charset="utf-8"><title>指标表</title></head><body>
    <h1>某村规划指标表</h1>
    <p>第一条 规划指标如下：</p>
    <table>
      <tr><th rowspan="2">类别</th><th colspan="2">指标</th></tr>
      <tr><td>耕地保有量</td><td>152.30公顷</td></tr>
      <tr><td>建设用地</td><td>村庄建设用地</td><td>38.5公顷</td></tr>
    </table>
    <p>第二条 本规划自批准之日起施行。</p>
    </body></html>"""
    path = tmp_path / "指标.html"
    path.write_text(html, encoding="utf-8")
    doc = load(path)
    assert [c.label for c in doc.clauses] == ["第一条", "第二条"]
    assert "类别 | 耕地保有量 | 152.30公顷" in doc.clauses[0].text
    assert "类别 | 指标 | 指标" in doc.clauses[0].text


def test_html_layout_table_around_a_data_table_keeps_reading_order(tmp_path):
    html = """<html><body><table><tr><td>
    <p>第一条 为规范管理，制定本办法。</p>
    <table><tr><td>项目</td><td>标准</td></tr><tr><td>层数</td><td>不超过三层</td></tr></table>
    <p>第二条 本办法自公布之日起施行。</p>
    </td></tr></table></body></html>"""
    path = tmp_path / "办法.html"
    path.write_text(html, encoding="utf-8")
    text = load(path).text
    assert text.index("第一条") < text.index("层数 | 不超过三层") < text.index("第二条")


LAW_TXT = """某某村民自治条例
第一章 总则
第一条
为了保障村民依法办理自己的事情，制定本条例。
第二条
村民委员会是村民自我管理的基层群众性自治组织。
第三条
村民委员会应当支持和组织村民依法发展各种形式的合作经济。
第四条
村民委员会应当尊重和支持集体经济组织依法独立进行经济活动的自主权。
第二章 附则
第五条
本条例自公布之日起施行。
"""


def test_scraped_read_more_section_is_not_part_of_the_last_article(tmp_path):
    text = LAW_TXT + """延 伸 阅 读
READ MORE
10月28日
，常委会会议表决通过关于修改村民委员会组织法的决定。
问：这次修改的背景是什么？
答：
基层群众自治制度是我国的一项基本政治制度。
"""
    path = tmp_path / "条例.txt"
    path.write_text(text, encoding="utf-8")
    doc = load(path)
    assert [c.label for c in doc.clauses][-1] == "第五条"
    assert doc.clauses[-1].text.endswith("本条例自公布之日起施行。")
    assert "READ MORE" not in doc.text and "答记者问" not in doc.text and "基层群众自治制度是" not in doc.text


def test_news_trailers_and_bylines_cut(tmp_path):
    text = LAW_TXT + "来源：新华社\n责任编辑：张三\n相关链接\n某地开展村民自治培训\n"
    path = tmp_path / "条例.txt"
    path.write_text(text, encoding="utf-8")
    doc = load(path)
    assert doc.clauses[-1].text.endswith("本条例自公布之日起施行。")
    assert not any(w in doc.text for w in ("新华社", "张三", "相关链接", "培训"))


def test_trailer_words_inside_the_document_are_kept(tmp_path):
    # 相关链接 at the top and 来源： inside an article are the document's own text
    text = "相关阅读\n" + LAW_TXT.replace("本条例自公布之日起施行。", "来源：村集体经济收入。\n本条例自公布之日起施行。") \
        .replace("制定本条例。", "制定本条例，相关链接见附件。")
    path = tmp_path / "条例.txt"
    path.write_text(text, encoding="utf-8")
    doc = load(path)
    assert "相关链接见附件" in doc.text
    assert "来源：村集体经济收入。" in doc.clauses[-1].text


def test_web_page_panel_row_written_on_one_source_line(tmp_path):
    body = "".join(f"<p>第{n}条 村民建房应当依法办理乡村建设规划许可，并按照批准的内容施工建设。</p>"
                   for n in ("一", "二", "三", "四"))
    html = f"""<html><head><meta charset="utf-8"><title>某县农村建房管理办法_某县人民政府网站</title></head><body>
    <nav><a href="/">首页</a></nav>
    <table class="panel"><tr><th>发文机构：</th><td>某县人民政府办公室</td><th>成文日期：</th><td>2023-03-10</td></tr><tr><th>发文字号：</th><td>某府办规〔2023〕5号</td><th>发布日期：</th><td>2023-03-14</td></tr></table>
    <div class="article"><h1>某县农村建房管理办法</h1>{body}</div>
    <footer>版权所有 某县人民政府</footer></body></html>"""
    path = tmp_path / "办法.html"
    path.write_text(html, encoding="utf-8")
    doc = load(path)
    assert doc.doc_number == "某府办规〔2023〕5号"
    assert doc.issuing_body == "某县人民政府办公室"
    assert doc.adopted == "2023-03-10"


def test_pandoc_simple_table(tmp_path):
    text = """规划指标如下：

  指标         基期年    目标年
  ------------ --------- --------
  耕地保有量   152.30    152.30
  **林地**     80        82

以上指标为约束性指标。
"""
    blocks = _blocks(tmp_path, "指标.md", text)
    assert [b.text for b in blocks if b.kind == "row"] == ["指标 | 基期年 | 目标年", "耕地保有量 | 152.30 | 152.30", "林地 | 80 | 82"]
    assert [b.text for b in blocks if b.kind == "line"] == ["规划指标如下：", "以上指标为约束性指标。"]
