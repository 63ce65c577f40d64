"""Evidence by substance (issue 15, items 1 and 7): sub-items found passage by passage wherever
they stand, bare mentions never counting, and the same plan giving the same result as MD, DOCX,
text PDF and HTML.

The plan here is written for these tests, the way real plans are written: a 目录 of 第X条
entries, a 规划依据 list of laws, a 总则 listing the plan's tasks, topics under chapters named
otherwise (生态保护红线 and 永久基本农田 in 国土空间布局, the 村庄定位 in 总则, roads and water
supply inside 公共服务设施), a 规划指标表 and a 近期建设项目表.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from docmaker import cjk_font, make_docx

from gapcheck import check
from gapcheck.evidence import find_evidence, has_substance, is_title_list, passages
from gapcheck.match import tuning_for
from ingest import parse_text

TITLE = "乳源瑶族自治县大桥镇龙溪村村庄规划（2021—2035年）"
BASIS = ["《中华人民共和国土地管理法》（2019年修正）", "《中华人民共和国城乡规划法》（2019年修正）",
         "《中华人民共和国乡村振兴促进法》", "《广东省土地管理条例》", "《广东省村庄规划编制基本技术指南（试行）》"]
TASKS = ("本规划的主要任务是统筹生态保护修复、耕地和永久基本农田保护、历史文化传承与保护、产业发展空间、"
         "农村住房布局、基础设施和公共服务设施布局、人居环境整治以及村庄安全和防灾减灾。")
INDICATORS = [["指标名称", "2020年", "2035年", "单位", "属性"],
              ["耕地保有量", "186.20", "186.20", "公顷", "约束性"],
              ["永久基本农田保护面积", "152.40", "152.40", "公顷", "约束性"],
              ["生态保护红线面积", "312.50", "312.50", "公顷", "约束性"],
              ["村庄建设用地规模", "41.30", "40.80", "公顷", "预期性"],
              ["户均宅基地面积", "118", "120", "平方米", "约束性"]]
PROJECTS = [["序号", "项目名称", "建设地点", "建设规模", "建设年限", "投资（万元）", "资金来源"],
            ["1", "村道硬化工程", "上坪至下坪", "3.2公里", "2023—2024", "160", "财政资金"],
            ["2", "一体化污水处理设施", "下坪居民点", "日处理80吨", "2024", "95", "专项资金"],
            ["3", "村民文化活动中心", "村委会东侧", "600平方米", "2024—2025", "120", "村集体自筹"]]
# the rows of each table that are a topic's passages (removed with it)
ROW_TOPIC = {"耕地保有量": "VP04", "永久基本农田保护面积": "VP04", "生态保护红线面积": "VP03",
             "户均宅基地面积": "VP07"}
TABLE_TOPIC = {"附表2 近期建设项目表": "VP12"}   # tables that are wholly one topic's passages

# (chapter, [(topic, article text)]): the topic is the requirement the article is about; "" for
# articles about none (or only bare mentions)
CHAPTERS: list[tuple[str, list[tuple[str, str]]]] = [
    ("第一章 总则", [
        ("", "规划依据：" + "".join(BASIS) + "等法律法规和技术规范。"),
        ("", TASKS),
        ("VP01", "规划范围为广东省韶关市乳源瑶族自治县大桥镇龙溪村行政村域，东至大桥镇石门村，南至柳坑水库，"
                 "西至观澜河，北至县道X318，村域总面积1024.60公顷，下辖上坪、下坪、塘尾3个自然村。"),
        ("VP01", "规划期限为2021年至2035年，规划基期年为2020年，近期至2025年，目标年为2035年。"),
        ("VP02", "村庄定位：龙溪村属集聚提升类村庄，发展定位为“粤北瑶乡生态茶旅示范村”，以茶叶种植和乡村旅游为主导功能。"),
    ]),
    ("第二章 发展目标与规划指标", [
        ("VP02", "发展目标：近期目标（至2025年）建成茶旅服务中心，村集体经营性收入达到50万元；远期目标（至2035年）"
                 "建成生态宜居的和美乡村。户籍人口由基期年的1860人增至1920人，常住人口1540人。"),
        ("VP02", "规划指标见附表1规划指标表，其中耕地保有量、永久基本农田保护面积、生态保护红线面积为约束性指标。"),
    ]),
    ("第三章 国土空间布局", [
        ("VP03", "落实县级国土空间总体规划划定的生态保护红线312.50公顷，主要分布于村域北部船底顶山林，"
                 "红线内严格禁止开发性、生产性建设活动。"),
        ("VP03", "林地、水域和湿地等生态空间实行管控，不得擅自改变用途；对塘尾水土流失区域开展生态修复，复绿12公顷。"),
        ("VP04", "落实耕地保有量186.20公顷、永久基本农田保护面积152.40公顷，集中分布于观澜河两岸。严禁占用永久基本农田"
                 "挖塘养鱼和种植林果，实施高标准农田建设60公顷。"),
    ]),
    ("第四章 历史文化与产业发展", [
        ("VP05", "村内有清代黄氏祠堂、盘王庙2处历史建筑和古树名木6株，划定保护范围和建设控制地带，建设控制地带内不得拆除"
                 "历史建筑，保持上坪瑶寨依山而建的传统格局和历史风貌，对盘王庙实施修缮。"),
        ("VP06", "主导产业为高山茶叶种植和乡村旅游，在下坪东侧布局茶叶加工区，沿观澜河发展农事体验和民宿。"),
        ("VP06", "规划集体经营性建设用地1.20公顷，位于下坪居民点东侧，用于茶叶加工和游客服务；设施农业用地0.40公顷。"),
    ]),
    ("第五章 村庄建设与公共服务设施", [
        ("VP07", "新建住房集中布局在上坪、下坪两个居民点，严格执行一户一宅，户均宅基地面积不超过120平方米，"
                 "建房层数不超过3层，建筑高度不超过10米。"),
        ("VP09", "保留龙溪小学，新建幼儿园1所；村委会设卫生室1处，配置医疗设备；新建居家养老服务站1处，"
                 "面积200平方米；建设村民文化活动中心600平方米，配套健身广场。"),
        ("VP08", "村道硬化3.2公里，路面宽度不小于4.5米，在村委会设置停车场1处；供水接入大桥镇水厂，自来水普及率100%；"
                 "排水实行雨污分流；新增变压器2台；建设5G移动基站1座，宽带入户率95%。"),
    ]),
    ("第六章 人居环境整治", [
        ("VP10", "生活污水经污水管网收集进入下坪一体化污水处理设施，日处理80吨；生活垃圾实行分类收集，由镇统一转运处理；"
                 "改造卫生户厕120座，新建公厕2座。"),
    ]),
    ("第七章 村庄安全和防灾减灾", [
        ("VP11", "村域内有地质灾害隐患点2处，均为小型滑坡，位于塘尾自然村后山，周边50米内禁止新建住房；观澜河段按20年一遇"
                 "标准设防，排涝按10年一遇；主要道路兼作消防通道，宽度不小于4米；以村委会广场为应急避难场所。"),
    ]),
    ("第八章 近期建设与规划实施", [
        ("VP12", "近期（2021—2025年）安排建设项目3项，总投资375万元，项目名称、建设规模、建设年限和资金来源见附表2近期建设项目表。"),
        ("VP13", "规划草案于2022年5月10日至6月10日在村务公开栏公示30日，征求村民意见；2022年6月15日召开村民代表会议，"
                 "应到45人，实到41人，同意39人，讨论通过本规划；规划报乳源瑶族自治县人民政府审批。"),
        ("VP14", "村庄建设边界内的建设活动应当依法办理乡村建设规划许可证；村庄建设边界外不得进行城镇集中建设，"
                 "实行用途管制；建立规划实施动态监测和评估机制，将规划主要内容纳入村规民约。"),
    ]),
]
TABLES = [("附表1 规划指标表", INDICATORS), ("附表2 近期建设项目表", PROJECTS)]


def _cn(n: int) -> str:
    """1 -> 一, 12 -> 十二, 21 -> 二十一."""
    units = "一二三四五六七八九"
    if n < 10:
        return units[n - 1]
    tens = "" if n < 20 else units[n // 10 - 1]
    return tens + "十" + (units[n % 10 - 1] if n % 10 else "")


def _articles(without: str = "") -> list[tuple[str, list[str]]]:
    """Chapters with their numbered articles (第X条), the articles about `without` left out."""
    n = 0
    out = []
    for chapter, arts in CHAPTERS:
        kept = []
        for topic, text in arts:
            if topic and topic == without:
                continue
            n += 1
            kept.append(f"第{_cn(n)}条　{text}")
        out.append((chapter, kept))
    return out


def _tables(without: str = "") -> list[tuple[str, list[list[str]]]]:
    return [(caption, [r for r in rows if ROW_TOPIC.get(r[0]) != without or not without]) for caption, rows in TABLES
            if not without or TABLE_TOPIC.get(caption) != without]


def _toc(chapters: list[tuple[str, list[str]]]) -> list[str]:
    """目录: chapters and their articles' first words, as a converted plan prints them."""
    lines = ["目录"]
    for chapter, arts in chapters:
        lines.append(chapter)
        lines += [a.split("　")[0] + " " + re.split(r"[：，。]", a.split("　")[1])[0][:10] for a in arts]
    return lines


def markdown(without: str = "") -> str:
    chapters = _articles(without)
    out = [f"# {TITLE}", "", "组织编制单位：乳源瑶族自治县大桥镇人民政府", "", *[ln + "\n" for ln in _toc(chapters)]]
    for chapter, arts in chapters:
        out += [f"## {chapter}", ""] + [a + "\n" for a in arts]
    for caption, rows in _tables(without):
        out += [f"**{caption}**", "", "| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
        out += ["| " + " | ".join(r) + " |" for r in rows[1:]] + [""]
    return "\n".join(out)


def html_page(without: str = "") -> str:
    e = html.escape
    chapters = _articles(without)
    body = [f"<h1>{e(TITLE)}</h1>", "<p>组织编制单位：乳源瑶族自治县大桥镇人民政府</p>"]
    body += [f"<p>{e(ln)}</p>" for ln in _toc(chapters)]
    for chapter, arts in chapters:
        body += [f"<h2>{e(chapter)}</h2>"] + [f"<p>{e(a)}</p>" for a in arts]
    for caption, rows in _tables(without):
        body.append(f"<p><b>{e(caption)}</b></p><table>")
        body += ["<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in rows]
        body.append("</table>")
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{e(TITLE)}</title></head><body>"
            + "\n".join(body) + "</body></html>")


def docx_file(path: Path, without: str = "") -> Path:
    chapters = _articles(without)
    items: list[tuple[str, str]] = [("title", TITLE), ("p", "组织编制单位：乳源瑶族自治县大桥镇人民政府")]
    items += [("p", ln) for ln in _toc(chapters)]
    for chapter, arts in chapters:
        items += [("h1", chapter)] + [("p", a) for a in arts]
    for caption, rows in _tables(without):
        items += [("p", caption), ("table", "\n".join("|".join(r) for r in rows))]
    return make_docx(path, items)


def pdf_file(path: Path, without: str = "") -> Path:
    """A typeset text PDF: paragraphs wrapped by the layout, the tables ruled."""
    from fpdf import FPDF

    chapters = _articles(without)
    pdf = FPDF(format="A4")
    pdf.add_font("cjk", "", cjk_font())
    pdf.set_title(TITLE)
    pdf.add_page()
    pdf.set_font("cjk", size=16)
    pdf.multi_cell(0, 10, TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=10.5)
    pdf.multi_cell(0, 7, "组织编制单位：乳源瑶族自治县大桥镇人民政府", new_x="LMARGIN", new_y="NEXT")
    for ln in _toc(chapters):
        pdf.multi_cell(0, 7, ln, new_x="LMARGIN", new_y="NEXT")
    for chapter, arts in chapters:
        pdf.set_font("cjk", size=13)
        pdf.multi_cell(0, 9, chapter, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("cjk", size=10.5)
        for a in arts:
            pdf.multi_cell(0, 7, a, new_x="LMARGIN", new_y="NEXT")
    for caption, rows in _tables(without):
        pdf.multi_cell(0, 8, caption, align="C", new_x="LMARGIN", new_y="NEXT")
        with pdf.table(line_height=7, first_row_as_headings=False) as table:
            for r in rows:
                row = table.row()
                for c in r:
                    row.cell(c)
    pdf.output(str(path))
    return path


def write_plan(folder: Path, fmt: str, without: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"龙溪村村庄规划{('_无' + without) if without else ''}"
    if fmt == "md":
        path = folder / f"{stem}.md"
        path.write_text(markdown(without), encoding="utf-8")
        return path
    if fmt == "html":
        path = folder / f"{stem}.html"
        path.write_text(html_page(without), encoding="utf-8")
        return path
    if fmt == "docx":
        return docx_file(folder / f"{stem}.docx", without)
    return pdf_file(folder / f"{stem}.pdf", without)


def statuses(report) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {f.requirement.id: f.status for f in report.findings}


# ---- the whole plan, and each topic removed ---------------------------------------------------

@pytest.fixture(scope="module")
def full(index, catalogue, tmp_path_factory):
    return check(write_plan(tmp_path_factory.mktemp("plan"), "md"), catalogue, index)


def test_a_complete_plan_is_all_covered_with_its_sub_items_located(full):
    assert statuses(full) == {f"VP{n:02d}": "covered" for n in range(1, 15)}
    assert full.is_plan and full.not_plan_reasons == []
    for f in full.findings:
        assert [s["name"] for s in f.sub_items] == [s.name for s in f.requirement.sub_items]
        assert all(set(s) == {"name", "found", "where"} for s in f.sub_items)
        assert f.evidence[-1].section == "子项核对" and f.evidence[-1].text.startswith("子项：")
        assert f.evidence[0].clause is not None and f.evidence[0].text
    # topics found under chapters named otherwise, and where
    where = {f.requirement.id: {s["name"]: s["where"] for s in f.sub_items} for f in full.findings}
    assert where["VP03"]["生态保护红线"].startswith("第三章 国土空间布局")
    assert where["VP02"]["发展定位"].startswith("第一章 总则")
    assert where["VP08"]["供水"].startswith("第五章 村庄建设与公共服务设施")
    d = full.findings[0].to_dict()
    assert list(d) == ["id", "name", "status", "score", "evidence", "basis", "sub_items"]


@pytest.mark.parametrize("rid", [f"VP{n:02d}" for n in range(1, 15)])
def test_removing_a_topic_wherever_it_stands_flips_exactly_that_requirement(rid, full, index, catalogue, tmp_path):
    report = check(write_plan(tmp_path, "md", without=rid), catalogue, index)
    got, before = statuses(report), statuses(full)
    changed = {k for k in got if got[k] != before[k]}
    assert changed == {rid}, {k: got[k] for k in changed}
    assert got[rid] in ("missing", "partial")
    finding = next(f for f in report.findings if f.requirement.id == rid)
    assert any(not s["found"] and s["where"] is None for s in finding.sub_items)
    assert "未找到" in finding.evidence[-1].text


def test_bare_mentions_never_count(index, catalogue, tmp_path):
    """A document holding only a 目录, a 规划依据 list, the 总则's list of tasks and a chapter
    list names every topic and evidences none."""
    toc = _toc(_articles())
    text = "\n\n".join([f"# {TITLE}", *toc, "## 第一章 总则", "第一条　规划依据：" + "".join(BASIS) + "。",
                        "第二条　" + TASKS,
                        "第三条　本规划共分八章，分别为总则、发展目标与规划指标、国土空间布局、历史文化与产业发展、"
                        "村庄建设与公共服务设施、人居环境整治、村庄安全和防灾减灾、近期建设与规划实施。"])
    plan = tmp_path / "只有目录的规划.md"
    plan.write_text(text, encoding="utf-8")
    report = check(plan, catalogue, index)
    assert set(statuses(report).values()) == {"missing"}, statuses(report)


def test_a_term_alone_is_not_content():
    assert not has_substance("（三）生态保护红线", "生态保护红线")
    assert not has_substance("生态保护红线", "生态保护红线")
    assert has_substance("落实生态保护红线312.50公顷", "生态保护红线")
    assert has_substance("生态保护红线内严格禁止开发性建设活动", "生态保护红线")


def test_passages_keep_their_place_and_leave_the_toc_out():
    doc = parse_text(markdown(), "龙溪村村庄规划.md")
    ps = passages(doc)
    assert doc.outline and not any(p.text.startswith("目录") for p in ps)
    toc = {ln for ln in _toc(_articles()) if ln.startswith("第") and "条" in ln}
    assert not any(p.text in toc for p in ps)
    basis = next(p for p in ps if "规划依据" in p.text)
    assert is_title_list(basis.text)  # a list of laws: never evidence
    red = next(p for p in ps if "生态保护红线312.50公顷" in p.text)
    assert red.context[0] == "第三章 国土空间布局" and red.unit.label.startswith("第")
    rows = [p for p in ps if p.row]
    assert any("耕地保有量" in p.text and "指标名称" in p.terms_text for p in rows)  # a row read with its header


def test_cheap_signals_first_passages_no_requirement_concerns_are_never_embedded(index, catalogue):
    """Only passages with a sub-item's term in real content are given to the model."""
    filler = ["村民热情好客，民风淳朴，每逢节庆举办舞龙舞狮活动，外出乡贤常回乡探亲。" + "乡亲们和睦相处。" * n
              for n in range(1, 6)]
    doc = parse_text(markdown().replace("## 第二章", "\n\n".join(filler) + "\n\n## 第二章"), "龙溪村村庄规划.md")
    seen: list[str] = []

    def embed(texts: list[str]):  # type: ignore[no-untyped-def]
        seen.extend(texts)
        return index.embed_passages(texts)

    from gapcheck import _Similarity
    vectors = _Similarity(index).requirements(catalogue.requirements)
    find_evidence(doc, catalogue.requirements, tuning_for(index.embedder_name), embed, vectors)
    assert seen and not any("舞龙舞狮" in t for t in seen)
    assert len(seen) < len(passages(doc))


# ---- same plan, same result (item 7) ----------------------------------------------------------

def test_same_plan_in_four_formats_gives_the_same_statuses_and_indicators(index, catalogue, tmp_path, full):
    results = {}
    for fmt in ("md", "docx", "pdf", "html"):
        report = check(write_plan(tmp_path / fmt, fmt), catalogue, index)
        results[fmt] = (statuses(report), {i.name: (i.base, i.target, i.unit, i.status) for i in report.indicators})
    assert results["md"][0] == statuses(full)
    for fmt in ("docx", "pdf", "html"):
        assert results[fmt][0] == results["md"][0], fmt
        assert results[fmt][1] == results["md"][1], (fmt, results[fmt][1], results["md"][1])
    assert results["md"][1]["耕地保有量"][:2] == (186.2, 186.2)
