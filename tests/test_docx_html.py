"""DOCX (heading styles, tables, page breaks) and HTML documents."""
from __future__ import annotations

from docmaker import make_docx

from ingest import load

PLAN_ARTICLES = [
    ("title", "浙江省湖州市安吉县余村村庄规划（2021—2035年）"),
    ("p", "安吉县人民政府 2022年6月"),
    ("h1", "第一章 总则"),
    ("p", "第一条 规划目的。为深入实施乡村振兴战略，统筹村庄发展与保护，根据《中华人民共和国城乡规划法》"
          "《中华人民共和国土地管理法》及《浙江省村庄规划编制技术要点》，编制本规划。"),
    ("p", "第二条 规划范围。本次规划范围为余村村域，总面积486.52公顷。"),
    ("p", "第三条 规划期限。规划期限为2021—2035年，近期至2025年。"),
    ("pagebreak", ""),
    ("h1", "第二章 国土空间布局"),
    ("h2", "第一节 耕地和永久基本农田保护"),
    ("p", "第四条 严格落实上位规划下达的耕地保有量和永久基本农田保护任务，依照本规划第二条确定的范围划定保护线。"),
    ("p", "第二条规定的范围内不得擅自调整永久基本农田。"),
    ("table", "指标|基期年|目标年|单位\n耕地保有量|152.30|152.30|公顷\n永久基本农田保护面积|138.60|138.60|公顷"),
    ("h2", "第二节 农村住房与宅基地"),
    ("p", "第五条 新建农房户均宅基地面积不超过125平方米，严格执行一户一宅。"),
    ("pagebreak", ""),
    ("h1", "第三章 实施保障"),
    ("p", "第六条 本规划经村民代表会议讨论同意，报安吉县人民政府批准后实施。"),
]


def test_docx_plan_with_articles(tmp_path):
    doc = load(make_docx(tmp_path / "余村村庄规划.docx", PLAN_ARTICLES))
    assert doc.title == "浙江省湖州市安吉县余村村庄规划（2021—2035年）"
    assert doc.kind == "规划"
    assert doc.region == "浙江省湖州市"
    assert [c.label for c in doc.clauses] == [f"第{n}条" for n in "一二三四五六"]
    by_label = {c.label: c for c in doc.clauses}
    assert by_label["第四条"].path == ("第二章 国土空间布局", "第一节 耕地和永久基本农田保护")
    assert by_label["第五条"].path == ("第二章 国土空间布局", "第二节 农村住房与宅基地")
    # the cross-reference paragraph and the indicator table stay inside 第四条
    assert "第二条规定的范围内不得擅自调整" in by_label["第四条"].text
    assert "耕地保有量 | 152.30 | 152.30 | 公顷" in by_label["第四条"].text
    # explicit page breaks give page numbers
    assert (by_label["第一条"].page, by_label["第四条"].page, by_label["第六条"].page) == (1, 2, 3)


def test_docx_outline_plan_with_styled_headings(tmp_path):
    items = [
        ("title", "河南省信阳市新县丁李湾村村庄规划"),
        ("h1", "1 规划总则"),
        ("h2", "1.1 规划范围"),
        ("p", "规划范围为丁李湾村行政村村域，面积约325公顷。"),
        ("h2", "1.2 规划期限"),
        ("p", "规划期限为2021年至2035年。"),
        ("h1", "2 国土空间保护"),
        ("h2", "2.1 生态保护修复"),
        ("p", "落实生态保护红线，严格管控生态空间。"),
        ("h2", "历史文化传承与保护"),
        ("p", "保护传统村落格局和历史建筑。"),
    ]
    doc = load(make_docx(tmp_path / "丁李湾村规划.docx", items))
    assert doc.mode == "outline"
    labels = [c.label for c in doc.clauses]
    assert labels == ["1", "1.1", "1.2", "2", "2.1", "历史文化传承与保护"]
    last = doc.clauses[-1]
    assert last.path == ("2 国土空间保护",) and "传统村落格局" in last.text
    assert doc.region == "河南省信阳市"
    assert all(c.page is None for c in doc.clauses), "no page breaks: no page numbers"


def test_docx_core_title_used_when_text_has_none(tmp_path):
    items = [("p", "第一条 为规范农村建房，制定本办法。"), ("p", "第二条 本办法自公布之日起施行。")]
    doc = load(make_docx(tmp_path / "x.docx", items, core_title="某县农村建房管理办法"))
    assert doc.title == "某县农村建房管理办法"
    assert [c.label for c in doc.clauses] == ["第一条", "第二条"]


def test_html_with_headings_and_table(tmp_path):
    html = """<!DOCTYPE html><html><head><meta charset="gbk"><title>村庄规划管理办法</title>
    <style>p{margin:0}</style><script>var x = "第九条 不是正文";</script></head><body>
    <h1>某市村庄规划管理办法</h1>
    <h2>第一章 总则</h2>
    <p>第一条 为加强村庄规划管理，制定本办法。</p>
    <p>第二条 村庄规划应当符合国土空间总体规划。<br>依照本办法第一条的规定执行。</p>
    <h2>第二章 指标</h2>
    <p>第三条 规划指标如下：</p>
    <table><tr><th>指标</th><th>目标</th></tr><tr><td>户均宅基地面积</td><td>120平方米</td></tr></table>
    </body></html>"""
    path = tmp_path / "办法.html"
    path.write_bytes(html.encode("gbk"))
    doc = load(path)
    assert doc.title == "某市村庄规划管理办法"
    assert [c.label for c in doc.clauses] == ["第一条", "第二条", "第三条"]
    assert doc.clauses[2].path == ("第二章 指标",)
    assert "户均宅基地面积 | 120平方米" in doc.clauses[2].text
    assert "不是正文" not in doc.text
    assert "依照本办法第一条的规定执行" in doc.clauses[1].text
