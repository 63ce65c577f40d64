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


# ---- the general rules, each on a plan written for it ---------------------------------------

def _found(index, catalogue, body: str) -> dict[str, dict[str, str | None]]:
    """Per requirement, per sub-item: where it was found in a Markdown plan (None: not found),
    judged as `check` judges it (the index's model, the calibrated thresholds)."""
    from gapcheck import _Similarity

    doc = parse_text(f"# {TITLE}\n\n{body}", "龙溪村村庄规划.md")
    similarity = _Similarity(index)
    found = find_evidence(doc, catalogue.requirements, tuning_for(index.embedder_name), similarity.passages,
                          similarity.requirements(catalogue.requirements))
    return {f.requirement.id: {n: (p.text if p is not None else None) for n, p in f.where.items()} for f in found}


LAND_USE = ("**附表2 土地利用结构调整表**\n\n| 一级类 | 二级类 | 2020年面积（公顷） | 2035年面积（公顷） | 增减（公顷） |\n"
            "|---|---|---|---|---|\n| 农用地 | 耕地 | 186.20 | 186.40 | 0.20 |\n| 农用地 | 林地 | 702.50 | 703.10 | 0.60 |\n"
            "| 建设用地 | 农村宅基地 | 24.10 | 24.90 | 0.80 |\n| 建设用地 | 村庄建设用地 | 41.30 | 40.80 | -0.50 |\n")


def test_land_use_accounting_rows_count_for_no_requirement(index, catalogue):
    """耕地, 林地, 农村宅基地 areas in a 土地利用结构调整表 are accounting: no protection rule, no
    homestead standard, no ecological control, no 规划期限 (its header's years)."""
    got = _found(index, catalogue, "## 附表\n\n" + LAND_USE)
    for rid in ("VP01", "VP03", "VP04", "VP07"):
        assert set(got[rid].values()) == {None}, (rid, got[rid])


def test_a_homestead_standard_needs_a_limit_per_household_or_one_plot_per_household(index, catalogue):
    chapter = "## 第五章 农村住房与宅基地\n\n第十五条　宅基地\n\n"
    none = _found(index, catalogue, chapter + "规划农村宅基地24.90公顷，较基期年增加0.80公顷，主要位于上坪、下坪。\n\n" + LAND_USE)
    assert none["VP07"]["宅基地标准"] is None
    limit = _found(index, catalogue, chapter + "新批宅基地每户不超过120平方米。\n")
    assert limit["VP07"]["宅基地标准"] == "新批宅基地每户不超过120平方米。"
    rule = _found(index, catalogue, chapter + "村民申请宅基地严格执行一户一宅，出租、出卖住房的不再批准。\n")
    assert rule["VP07"]["宅基地标准"] is not None


def test_each_sub_item_needs_its_own_content(index, catalogue):
    """A word of the sub-item with some content is not enough: building floor area of a clinic is
    no house-building control, a 居民点 named as a place no housing layout, 基期年 of a
    population figure no plan period, income in 万元 no project investment."""
    got = _found(index, catalogue, "\n\n".join([
        "## 第二章 发展目标与规划指标", "第五条　户籍人口由基期年的1860人增至1920人，村集体经济年收入由15万元增至50万元。",
        "## 第五章 村庄建设与公共服务设施", "第九条　村卫生室一处，建筑面积100平方米，配乡村医生2名。",
        "第十条　划定村庄建设边界40.15公顷，集中于上坪、下坪两个居民点。"]))
    assert got["VP07"] == {"住房布局": None, "宅基地标准": None, "建房管控": None}
    assert got["VP01"]["规划期限"] is None
    assert got["VP12"]["规模投资时序"] is None
    assert got["VP09"]["医疗"] is not None  # the clinic is content, for 公共服务设施
    with_limits = _found(index, catalogue, "## 第五章 农村住房\n\n第九条　新建农房层数不超过3层，建筑高度不超过10米。\n\n"
                         "第十条　规划保留上坪、下坪两个居民点，新建住房集中安排在下坪东侧。")
    assert with_limits["VP07"]["建房管控"] and with_limits["VP07"]["住房布局"]


def test_generic_words_make_no_passage_about_a_requirement(index, catalogue):
    """总面积 of a refuge, 文化 of a goal, 用途 of a forest rule, 管控要求 of a village compact are
    words many requirements' passages use: none of them evidences VP01, VP09, VP14 or VP03."""
    got = _found(index, catalogue, "\n\n".join([
        "## 第二章 发展目标", "第五条　到2035年建成民族文化特色鲜明、生态宜居的和美乡村。",
        "## 第七章 村庄安全和防灾减灾", "第十二条　以村委会广场为应急避难场所，总面积0.45公顷，设疏散指示牌。",
        "## 第八章 规划实施保障", "第十三条　将规划管控要求纳入村规民约，由村民共同遵守，每年评估一次。",
        "## 第三章 生态保护修复", "第十四条　公益林内不得采伐，不得擅自改变林地用途。"]))
    assert got["VP01"]["规划范围"] is None
    assert got["VP09"]["文化体育"] is None
    assert got["VP14"]["用途管制"] is None
    assert "公益林内不得采伐" in (got["VP03"]["生态空间管控"] or "")  # a rule about forest land is content


def test_a_task_list_spread_over_semicolons_is_one_list(index, catalogue):
    """本规划的主要任务是：…；…；… names many topics across its ；-pieces: no piece counts."""
    got = _found(index, catalogue, "## 第一章 总则\n\n第一条　本规划的主要任务是：明确村庄发展定位与目标；落实生态保护红线、"
                 "永久基本农田和村庄建设边界；统筹耕地保护、生态保护修复和历史文化保护；安排产业发展空间和农村住房布局；"
                 "完善道路、供水、排水、供电、通信等基础设施和教育、医疗、养老、文化等公共服务设施。")
    assert all(set(subs.values()) == {None} for subs in got.values()), {k: v for k, v in got.items() if set(v.values()) != {None}}


def test_under_another_topics_heading_a_passage_counts_only_for_what_it_is_most_about(index, catalogue):
    """A refuge at the school playground and the culture square, under 防灾减灾, is about safety:
    it gives 公共服务设施 nothing; a public toilet at the culture square gives 人居环境 its 厕所 only."""
    got = _found(index, catalogue, "\n\n".join([
        "## 第七章 村庄安全和防灾减灾",
        "第十二条　村委会设微型消防站一处，主要巷道宽度不小于4米，作为消防通道。以文化广场和龙溪小学操场为应急避难场所，面积0.35公顷。",
        "## 第六章 人居环境整治", "第十三条　完成剩余140户户厕改造；在村委会和文化广场各新建水冲式公厕一座。"]))
    assert set(got["VP09"].values()) == {None}, got["VP09"]
    assert got["VP11"]["消防"] and got["VP11"]["应急避难"]
    assert got["VP10"]["厕所"]


def test_a_table_row_is_about_what_its_name_cell_names(index, catalogue):
    """In a project table (under 近期建设, VP12's heading) a row named 供水管网改造工程 carries 供水;
    a 居民点 in its 建设地点 cell is where it is built, no housing layout."""
    got = _found(index, catalogue, "## 附表\n\n**附表3 近期建设项目表**\n\n"
                 "| 序号 | 项目名称 | 建设地点 | 建设规模 | 建设年限 | 投资（万元） | 资金来源 |\n|---|---|---|---|---|---|---|\n"
                 "| 1 | 供水管网改造工程 | 上坪、下坪居民点 | 主管6.2公里 | 2023年 | 96 | 财政资金 |\n"
                 "| 2 | 生活污水收集处理工程 | 下坪居民点 | 管网3.8公里 | 2024年 | 150 | 专项资金 |\n")
    assert got["VP08"]["供水"] and got["VP08"]["供水"].startswith("1 | 供水管网改造工程")
    assert got["VP10"]["生活污水"] and got["VP12"]["项目清单"] and got["VP12"]["规模投资时序"]
    assert got["VP07"]["住房布局"] is None


def test_an_articles_own_title_names_the_sub_item_its_sentences_carry(index, catalogue):
    """第六条 发展目标 over sentences that never repeat the words: its goals are 发展目标."""
    got = _found(index, catalogue, "## 第二章 发展定位与目标\n\n### 第六条 发展目标\n\n"
                 "到2025年基本建成设施完善、环境整洁的生态茶村；到2035年建成茶产业兴旺、生态宜居的和美乡村。\n")
    assert got["VP02"]["发展目标"] is not None
    bare = _found(index, catalogue, "## 第二章 发展定位与目标\n\n### 第六条 发展目标\n\n具体目标如下。\n")
    assert bare["VP02"]["发展目标"] is None  # the title carries the term, not content


def test_a_term_only_one_requirement_has_counts_under_another_topics_heading(index, catalogue):
    """乡村建设规划许可证 in the housing chapter is VP14's 规划许可, and gives VP07 nothing."""
    got = _found(index, catalogue, "## 第五章 农村住房\n\n第十一条　村民建房应当依法办理乡村建设规划许可证。")
    assert "乡村建设规划许可证" in (got["VP14"]["规划许可"] or "")
    assert set(got["VP07"].values()) == {None}


def test_content_patterns_are_a_catalogue_field_and_a_bad_one_is_refused(tmp_path, index):
    """`content:` holds a sub-item's patterns; the older '/…/' entries among the terms are still
    read as patterns, not as words; an invalid pattern is refused with the sub-item's name."""
    from gapcheck.catalogue import Requirement, SubItem, load_catalogue
    from gapcheck.evidence import Topics, patterns_of, words_of
    from ingest.errors import CatalogueError

    s = SubItem("宅基地标准", ("宅基地", "一户一宅"), ("每户[^。]{0,8}不超过",))
    assert words_of(s) == ("宅基地", "一户一宅") and patterns_of(s)[0].search("每户不超过120平方米")
    bad = Requirement("X1", "宅基地", "", ("宅基地",), (SubItem("标准", ("宅基地",), ("每户[",)),), ())
    with pytest.raises(CatalogueError, match="标准 的内容模式"):
        Topics((bad,))
    path = tmp_path / "c.yaml"
    path.write_text("id: c\nname: 测试\nversion: 1\nrequirements:\n"
                    "  - id: X1\n    name: 宅基地\n    sub_items:\n"
                    "      - {name: 新式, terms: [宅基地], content: ['每户.{0,4}不超过']}\n"
                    "      - {name: 旧式, terms: [一户一宅, '/一户一宅/']}\n", encoding="utf-8")
    new, old = load_catalogue(str(path), index).requirements[0].sub_items
    assert (new.terms, new.content) == (("宅基地",), ("每户.{0,4}不超过",))
    assert (old.terms, old.content) == (("一户一宅",), ("一户一宅",))


def test_a_sub_items_other_terms_are_content_for_it():
    """排水实行雨污分流: 雨污分流 is 排水's own term, so it is the content; a bare list of
    catalogue words is not."""
    from gapcheck.catalogue import Requirement, SubItem
    from gapcheck.evidence import Topics, hits_in

    req = Requirement("X8", "基础设施", "", ("基础设施",), (SubItem("排水", ("排水", "雨污分流")),), ())
    topics = Topics((req,))
    doc = parse_text("# 规划\n\n## 基础设施\n\n排水实行雨污分流。\n\n排水、雨污分流、供电。\n", "p.md")
    ps = passages(doc)
    assert [h.name for h in hits_in(req, ps[0], topics)] == ["排水"]
    assert hits_in(req, ps[1], topics) == []


def test_another_sub_items_term_and_a_catalogue_rule_word_are_content():
    """保护古厝，不得拆除: 不得拆除 is the requirement's own 保护措施 term, so it is content for its
    保护对象; 不得擅自 is another requirement's term but still a rule (边界外…不得擅自改变用途)."""
    from gapcheck.catalogue import Requirement, SubItem
    from gapcheck.evidence import Topics, hits_in

    heritage = Requirement("X5", "历史文化", "", ("历史文化",),
                           (SubItem("保护对象", ("古厝",)), SubItem("保护措施", ("不得拆除",))), ())
    control = Requirement("X14", "实施保障", "", ("实施保障",), (SubItem("用途管制", ("用途管制",)),), ())
    farmland = Requirement("X4", "耕地保护", "", ("耕地保护",), (SubItem("措施", ("不得擅自",)),), ())
    topics = Topics((heritage, control, farmland))
    doc = parse_text("# 规划\n\n## 历史文化\n\n保护村内古厝，不得拆除。\n\n村内有古厝、祠堂。\n\n"
                     "## 用途管制\n\n边界外的农用地不得擅自改变用途。\n\n"
                     "## 其他\n\n加强用途管制。\n", "p.md")
    ps = passages(doc)
    assert "保护对象" in [h.name for h in hits_in(heritage, ps[0], topics)]
    assert hits_in(heritage, ps[1], topics) == []
    assert [h.name for h in hits_in(control, ps[2], topics)] == ["用途管制"]
    assert hits_in(control, ps[3], topics) == []


def test_a_statement_pattern_states_the_sub_item_under_any_heading():
    """以脐橙种植为主导 in a 定位 under the goals' heading states the leading industry (specific to
    the industry requirement); 以政府为主导 and 以水源涵养为主导功能 do not, nor does the present."""
    from gapcheck.catalogue import Requirement, SubItem
    from gapcheck.evidence import Topics, hits_in

    industry = Requirement("X6", "产业发展", "", ("产业发展",), (SubItem(
        "产业定位", ("主导产业", "特色产业"),
        statement=("以(?![^，。；]{0,8}(?:政府|村民))[^，。；]{2,24}?为主导(?!功能)",)),), ())
    goals = Requirement("X2", "发展定位", "", ("发展定位",), (SubItem("定位", ("定位",)),), ())
    topics = Topics((industry, goals))
    doc = parse_text("# 规划\n\n## 发展定位\n\n规划定位为“脐橙特色产业村”，以脐橙种植和分选加工为主导。\n\n"
                     "坚持以政府为主导、村民为主体。\n\n生态保护红线以水源涵养为主导功能。\n\n"
                     "现状以水稻种植为主导。\n", "p.md")
    ps = passages(doc)
    hit, = hits_in(industry, ps[0], topics)
    assert (hit.name, hit.specific, hit.term) == ("产业定位", True, "以脐橙种植和分选加工为主导")
    assert [hits_in(industry, p, topics) for p in ps[1:]] == [[], [], []]
    assert Topics((industry,)).requirements[0].sub_items[0].statement


def test_a_rule_on_what_is_needed_and_a_boundary_are_no_mention_or_list(catalogue):
    """确需建设的零星设施实行准入管理 applies 准入 to the exception (content); 确需建设的交通设施 names
    交通 as one. 村庄建设边界 and 村庄建设用地 name a line and a land class, not the 村庄建设 topic, so
    a rule naming them with three topics is no list of topics."""
    from gapcheck.evidence import Topics, only_mentioned

    assert not only_mentioned("准入", "边界外不得新建住宅，确需建设的零星设施实行准入管理；")
    assert only_mentioned("交通", "确需建设的交通设施除外")
    assert only_mentioned("文化广场", "以上院文化广场和中坝晒坝为应急避难场所，面积共2000平方米")
    assert not only_mentioned("文化广场", "以上院文化广场为主，新建健身场地1处")
    topics = Topics(catalogue.requirements)
    rule = ("村庄建设边界外原则上不得新增建设用地，确需建设的设施实行准入管理；"
            "生态保护红线和永久基本农田按国家规定实施用途管制。")
    assert topics.mentioned(rule) == 3
    assert topics.mentioned("统筹村庄建设、生态保护红线、永久基本农田和用途管制。") == 4


def test_indicators_named_as_a_class_and_a_publicity_record_carry_no_content(catalogue):
    """耕地保有量、永久基本农田保护面积…等约束性指标 names indicators, it sets none (耕地保有量不低于
    76.85公顷，为约束性指标 does); a record of the plan's 公示 (规划草案在村务公开栏、各居民点公示，意见
    主要涉及新增宅基地选址) is content for the procedure requirement only."""
    from gapcheck.evidence import Topics, hits_in, only_mentioned

    listed = "规划确定耕地保有量、永久基本农田保护面积、生态保护红线面积等约束性指标和人口、村集体经济收入等预期性指标。"
    assert only_mentioned("耕地保有量", listed) and only_mentioned("生态保护红线", listed)
    assert not only_mentioned("耕地保有量", "耕地保有量不低于76.85公顷，为约束性指标。")
    topics = Topics(catalogue.requirements)
    by_id = {r.id: r for r in catalogue.requirements}
    doc = parse_text("# 规划\n\n## 附件 规划公示情况\n\n2022年6月6日至2022年7月8日，规划草案在村务公开栏、"
                     "各居民点和微信公众号进行公示，收到意见18条，主要涉及新增宅基地选址和道路走向。\n", "p.md")
    p, = passages(doc)
    assert hits_in(by_id["VP07"], p, topics) == [] and hits_in(by_id["VP08"], p, topics) == []
    assert [h.name for h in hits_in(by_id["VP13"], p, topics)] == ["公告公示"]


def test_a_term_named_as_an_exception_a_role_or_a_means_is_a_mention():
    """村庄建设边界外不得新增建设用地，必要的道路、水利设施除外 does not plan the roads; 主要道路兼作
    消防通道 is about fire access; 利用村北林地林下套种中药材，发展林下经济 is about the industry.
    A term in a bracketed note after the means (依托扎染技艺（非物质文化遗产）发展…) is not the means."""
    from gapcheck.evidence import only_mentioned

    assert only_mentioned("道路", "村庄建设边界外不得新增建设用地，农业设施和必要的道路、水利设施除外。")
    assert only_mentioned("道路", "除村内道路外，不得硬化。")
    assert only_mentioned("道路", "村内主要道路兼作消防通道，宽度不小于4米。")
    assert only_mentioned("停车", "以村委会停车场作为应急避难场所，总面积0.45公顷。")
    assert only_mentioned("林地", "利用村北商品林地林下套种黄精约20公顷，发展林下经济。")
    assert not only_mentioned("非物质文化遗产", "依托扎染技艺（县级非物质文化遗产代表性项目）发展文化体验旅游。")
    assert not only_mentioned("道路", "村内主要道路拓宽至6米，兼作消防通道。")   # planned, and a role besides
    assert not only_mentioned("林地", "村北林地实行封山育林，不得开垦。")
    assert not only_mentioned("林地", "利用村北林地林下套种黄精约20公顷。")            # no other aim: the land's own use


def test_a_term_held_whole_by_another_requirements_word_belongs_to_that_word():
    """田间道路 is farmland infrastructure (高标准农田), not the village's 道路; 村内道路 is a 道路."""
    from gapcheck.evidence import occurs

    foreign = frozenset({"田间道路"})
    assert not occurs("道路", "配套低压管道灌溉8.5公里和田间道路3.2公里。", (), foreign)
    assert occurs("道路", "配套田间道路3.2公里，村内道路硬化5公里。", (), foreign)
    assert occurs("道路", "村内道路硬化5公里。", (), foreign)


def test_a_longer_word_a_sub_item_lists_as_not_naming_it_holds_no_term(index, catalogue):
    """村小 is a village school (教育); 村小组 is a villagers' group and plans no school."""
    school = _found(index, catalogue, "## 第七章 公共服务设施\n\n第二十条　保留槐坪村小（4个班），改造教学楼300平方米。\n")
    assert "村小" in (school["VP09"]["教育"] or "")
    group = _found(index, catalogue, "## 第七章 公共服务设施\n\n第二十条　陈屋村小组新建停车场1处，面积500平方米。\n")
    assert group["VP09"]["教育"] is None


def test_the_villages_own_positioning_is_stated_outright(index, catalogue):
    """本规划将柑园村定位为“…” in a 前言 states the 发展定位; an industry's 定位 does not."""
    village = _found(index, catalogue, "## 前言\n\n本规划将柑园村定位为“汉江之滨的蜜桔之乡、宜居宜业和美乡村”。\n")
    assert "定位为" in (village["VP02"]["发展定位"] or "")
    industry = _found(index, catalogue, "## 第六章 产业发展\n\n第十三条　柑橘产业定位为高端鲜果，建设标准化果园80公顷。\n")
    assert industry["VP02"]["发展定位"] is None


def test_compliance_in_general_words_is_no_content():
    assert not has_substance("严格落实国土空间用途管制制度，各类开发建设活动应当符合本规划。", "用途管制")
    assert has_substance("村庄建设边界外不得新增建设用地，严格落实用途管制。", "用途管制")
    assert has_substance("新建农房应当符合本规划，每户宅基地面积不超过120平方米。", "宅基地")


def test_a_finding_pattern_makes_an_identification_content(index, catalogue):
    """主要灾害风险为洪涝和内涝 identifies the risks (灾害风险's `finding` in the catalogue) with no
    figure, place, measure or rule; 注意防范洪涝 does not."""
    from gapcheck.evidence import Topics, hits_in

    req = next(r for r in catalogue.requirements if r.id == "VP11")
    topics = Topics(catalogue.requirements)
    doc = parse_text("# 规划\n\n## 防灾减灾\n\n村域主要灾害风险为汛期洪涝和暴雨内涝。\n\n"
                     "村域内无地质灾害隐患点。\n\n注意洪涝。\n", "p.md")
    found = [[h.name for h in hits_in(req, p, topics)] for p in passages(doc)]
    assert found == [["灾害风险"], ["灾害风险"], []]


def test_one_sub_items_terms_in_two_clauses_make_a_sentence_content_for_it_under_any_heading(index, catalogue):
    """坡面补植…1.20公顷，恢复植被、减少水土流失 under 地质灾害防治 is 生态修复 as well (补植 and 水土流失
    in two clauses); 防洪排涝能力明显提升 is one compound in one clause, not two findings."""
    from gapcheck.evidence import Topics, _clauses_with

    topics = Topics(catalogue.requirements)
    vp03 = next(r for r in catalogue.requirements if r.id == "VP03")
    repair = next(s for s in vp03.sub_items if s.name == "生态修复")
    vp11 = next(r for r in catalogue.requirements if r.id == "VP11")
    flood = next(s for s in vp11.sub_items if s.name == "防洪排涝")
    sentence = "对后山2处滑坡隐患点实施削坡减载，坡面补植云南松1.20公顷，恢复植被、减少水土流失。"
    assert _clauses_with(repair.terms, sentence, topics.vocabulary, topics.foreign("VP03")) == 2
    assert _clauses_with(flood.terms, "到2025年防洪排涝能力明显提升。", topics.vocabulary, topics.foreign("VP11")) == 1
    found = _found(index, catalogue, "## 第十二章 村庄安全和防灾减灾\n\n### 第三十四条 地质灾害防治\n\n" + sentence + "\n")
    assert found["VP03"]["生态修复"] == sentence
    assert found["VP11"]["灾害风险"] == sentence


def test_a_headings_term_is_not_carried_into_a_paragraph_plainly_about_another_requirement(index, catalogue):
    """（二）乡村旅游 over a paragraph on the village's 传统民居 and 古树名木: the paragraph is
    历史文化 content, not the industry the heading names; a paragraph under the same heading
    that never names 乡村旅游 but is about it still counts for it."""
    heritage = "古村保存清代至民国时期传统民居46栋、古树名木12株。传统民居不得拆除，修缮应当保持黄泥墙、小青瓦的原有做法。"
    found = _found(index, catalogue, f"## 五、产业发展\n\n### （二）乡村旅游\n\n{heritage}\n")
    assert found["VP05"]["保护对象"] == heritage
    assert found["VP06"]["产业定位与布局"] is None
    tourism = "依托古村和茶园开发民宿，到2025年民宿床位达到300张，建设游客服务中心一处。"
    found = _found(index, catalogue, f"## 五、产业发展\n\n### （二）乡村旅游\n\n{tourism}\n\n{heritage}\n")
    assert found["VP06"]["产业定位与布局"] == tourism


def test_more_mentions_that_plan_nothing():
    from gapcheck.evidence import named_absent, only_mentioned

    # named as absent: nothing to plan (a risk that is absent is a finding: the catalogue's `finding`)
    assert named_absent("文物保护单位", "经调查，村域内无文物保护单位、历史建筑和传统民居，未发现古树名木。")
    assert named_absent("古树名木", "经调查，村域内无文物保护单位、历史建筑和传统民居，未发现古树名木。")
    assert not named_absent("垃圾", "生活垃圾无害化处理率达到100%。")
    assert not named_absent("文化广场", "建设无障碍通道和文化广场600平方米。")
    # a conditional exception, a place things stand along, the subject of villagers' opinions
    assert only_mentioned("交通", "确需建设的交通、水利等基础设施应当依法办理用地手续。")
    assert only_mentioned("道路", "居民点沿主要道路设室外消火栓8个。")
    assert only_mentioned("产业发展", "在村民代表会议上听取了各村民小组对产业发展和道路建设的意见。")
    assert not only_mentioned("道路", "沿河新建道路1.2公里，路面宽5米。")
    # compliance in general words
    assert only_mentioned("监督", "规划实施中的重大事项应当向村民公示，接受村民监督。")
    assert not only_mentioned("监督", "村务监督委员会负责日常监督，每年评估一次。")
    assert not has_substance("严格执行国土空间用途管制，各类建设活动应当符合本规划。", "用途管制")


def test_a_rule_left_to_other_regulations_and_a_site_named_after_a_former_use_plan_nothing(index, catalogue):
    from gapcheck.evidence import only_mentioned

    assert only_mentioned("生态保护红线", "生态保护红线内的准入按照国家和四川省有关规定执行。")
    assert not only_mentioned("宅基地", "每户宅基地面积不超过150平方米，超出部分按照省有关规定执行。")
    assert only_mentioned("村小", "规划集体经营性建设用地0.42公顷，位于村委会东侧原村小闲置校舍地块。")
    assert not only_mentioned("小学", "改扩建原小学教学楼600平方米。")
    # 现状与问题 says the present twice: a description, not the plan's target
    got = _found(index, catalogue, "## 第二章 发展目标\n\n### 第五条 现状与问题\n\n2020年全村耕地面积311.80公顷，"
                 "坡耕地比重大，灌溉设施不足。\n")
    assert got["VP04"]["耕地保有量"] is None


def test_services_shared_with_the_township_and_an_ecological_bank_are_content(index, catalogue):
    got = _found(index, catalogue, "## 六、配套设施\n\n### （三）公共服务设施\n\n村委会设卫生室；学前教育和小学依托辛口镇中心幼儿园和"
                 "辛口小学；新建老年日间照料中心1处。\n\n## 七、生态\n\n### （一）沟渠整治\n\n对周圩大沟等3条沟渠实施清淤和"
                 "生态护坡，河坡种植芦苇等水生植物。\n")
    assert "辛口小学" in (got["VP09"]["教育"] or "")
    assert "生态护坡" in (got["VP03"]["生态修复"] or "")


def test_boundaries_sewage_wetlands_farmland_use_control_and_land_accounting_are_no_other_topics_content(index, catalogue):
    from gapcheck.evidence import only_mentioned

    assert only_mentioned("永久基本农田", "新建脐橙园选在永久基本农田以外的缓坡园地，鼓励农户开办民宿。")
    assert not only_mentioned("永久基本农田", "永久基本农田以外的一般耕地转为其他农用地的，落实进出平衡。")
    got = _found(index, catalogue,
                 "## 第五章 耕地保护\n\n### 第十四条 耕地保护\n\n规划至2035年耕地保有量不低于402.60公顷。严格耕地用途管制，"
                 "耕地优先用于粮食生产。\n\n## 附表3 近期建设项目表\n\n| 序号 | 项目名称 | 建设地点 | 建设规模 | 建设年限 |\n"
                 "|---|---|---|---|---|\n| 4 | 污水管网和人工湿地 | 古村、下徐 | 管网4.6公里，湿地2座 | 2023—2024年 |\n\n"
                 "## 附表2 土地利用结构调整表（单位：亩）\n\n一级类二级类基期年目标年增减\n\n| 林地 | 10,919.5 | 10,919.5 | 0 |\n")
    assert got["VP14"]["用途管制"] is None
    assert got["VP03"]["生态空间管控"] is None


def test_opinions_land_classes_and_a_permits_scope_plan_nothing_and_a_heading_naming_two_topics_serves_both(
        index, catalogue):
    from gapcheck.evidence import only_mentioned

    assert only_mentioned("道路", "原宅基地、院落和村内道路等建设用地9.13公顷中，4.55公顷复垦为耕地。")
    assert only_mentioned("住宅", "在下坪居民点进行农村村民住宅和公共设施建设的，应当依法办理乡村建设规划许可证。")
    assert not only_mentioned("住宅", "新建住宅集中布局在下坪居民点北侧，规划宅基地24宗。")
    got = _found(index, catalogue,
                 "## 附件 公众参与\n\n### 征求意见情况\n\n| 意见类别 | 数量 | 采纳情况 |\n|---|---|---|\n"
                 "| 道路和停车 | 6 | 采纳4条 |\n\n## 第七章 农房建设与宅基地\n\n### 风貌与建房管控\n\n"
                 "新建农房层数不超过3层，建筑高度不超过11米，采用干栏式木构，屋面为小青瓦坡屋面，禁止使用琉璃瓦。\n")
    assert got["VP08"]["道路"] is None
    assert "小青瓦" in (got["VP05"]["格局与风貌"] or "")
    assert "层数" in (got["VP07"]["建房管控"] or "")


def test_use_control_rules_naming_the_three_lines_are_rules_for_use_control_only(index, catalogue):
    from gapcheck.evidence import only_mentioned

    rule = ("两村国土空间按生态保护红线、永久基本农田和村庄建设边界实施用途管制，边界外不得新增村庄建设用地；"
            "村庄建设边界内的农房和公共设施建设，应当向乡人民政府申请乡村建设规划许可证。")
    assert only_mentioned("生态保护红线", rule.split("；")[0] + "；")
    got = _found(index, catalogue, f"## 第十一章 实施保障\n\n### 第二十七条 用途管制与规划许可\n\n{rule}\n")
    assert got["VP14"]["用途管制"] is not None and got["VP14"]["规划许可"] is not None
    assert got["VP03"]["生态保护红线"] is None and got["VP04"]["永久基本农田"] is None
    # a shelter named by the places it uses; water from a regional network
    assert only_mentioned("文化广场", "以哨子河中心小学操场和西营子村文化广场为应急避难场所。")
    water = _found(index, catalogue, "## 第六章 基础设施\n\n### 第十五条 基础设施\n\n全村由射阳县区域供水管网供水；集中居住区雨污分流。\n")
    assert water["VP08"]["供水"] is not None


def test_principles_are_declarations_and_a_mixed_chapters_inner_heading_decides(index, catalogue):
    """规划原则 declares (严守生态保护红线), it provides nothing; 第七条 发展定位 inside 第二章 村庄概况与
    发展定位 is the plan's, 第六条 村庄概况 there is a description."""
    found = _found(index, catalogue,
                   "## 第一章 总则\n\n### 第四条 规划原则\n\n（一）生态优先。严守生态保护红线，保护势江水系和石山林地。\n\n"
                   "## 第二章 村庄概况与发展定位\n\n### 第六条 村庄概况\n\n村庄定位历经多次调整，2015年被列为传统村落。\n\n"
                   "### 第七条 发展定位\n\n长塘坪村为特色保护类村庄，定位为“月柿产业强村”，发展柿饼加工。\n")
    assert found["VP03"]["生态保护红线"] is None and found["VP03"]["生态空间管控"] is None
    assert found["VP02"]["发展定位"] == "长塘坪村为特色保护类村庄，定位为“月柿产业强村”，发展柿饼加工。"


def test_a_present_state_and_the_plans_provision_in_one_sentence_count_together(index, catalogue):
    """现状村小学已撤并，学生在镇中心小学就读；规划保留校车停靠点1处: the sentence is the plan's
    provision for 教育, though its first half describes the present."""
    sentence = "现状村小学已于2012年撤并，学生在镇中心小学就读；规划保留校车停靠点1处，设幼儿看护点一处。"
    found = _found(index, catalogue, f"## 第八章 公共服务设施\n\n{sentence}\n")
    assert found["VP09"]["教育"] is not None
    found = _found(index, catalogue, "## 第八章 公共服务设施\n\n现状村小学已于2012年撤并，学生在镇中心小学就读。\n")
    assert found["VP09"]["教育"] is None


def test_a_project_rows_name_cell_decides_its_term():
    """6 | 村小学运动场改造 | … | 教育专项资金: the row is about 小学 (its name cell), not the 教育 of
    its funding cell, so the row counts for 教育 by its name."""
    from gapcheck.catalogue import Requirement, SubItem
    from gapcheck.evidence import Topics, hits_in

    req = Requirement("X9", "公共服务设施", "", ("公共服务",), (SubItem("教育", ("教育", "学校", "小学")),), ())
    doc = parse_text("# 规划\n\n## 近期建设项目表\n\n| 序号 | 项目名称 | 建设地点 | 建设规模 | 资金来源 |\n|---|---|---|---|---|\n"
                     "| 6 | 村小学运动场改造 | 村小学 | 运动场800平方米 | 教育专项资金 |\n", "p.md")
    row = next(p for p in passages(doc) if p.row)
    assert [h.term for h in hits_in(req, row, Topics((req,)))] == ["小学"]


def test_rules_met_in_the_retired_test_plans():
    """Forms met when the first test set became calibration data: a long statement of the plan's
    role, 就近 and 内设 arrangements, a condition (未经批准), risks named after their order
    (洪涝为主要灾害风险), and a land-use table set as aligned text under its caption."""
    from gapcheck.evidence import Passage, is_absence_or_role, is_land_use_row, only_mentioned
    from ingest.clause import Clause

    assert is_absence_or_role("本规划是禾坪村开展国土空间开发保护活动、实施国土空间用途管制、核发乡村建设项目规划许可、"
                              "进行各项建设的法定依据，是乡镇级国土空间规划的细化落实。")
    # the plan's force once approved is no approval procedure (two writers call it bare)
    assert is_absence_or_role("规划经批准后，任何单位和个人不得擅自修改。")
    assert not is_absence_or_role("规划草案经村民代表会议讨论同意后，报县人民政府批准。")
    assert has_substance("村民子女就近到成佳镇小学、幼儿园就读", "小学")
    assert has_substance("村党群服务中心内设文化活动室和健身场地", "健身")
    assert only_mentioned("批准", "未经批准，任何单位和个人不得改变规划确定的土地用途。")
    unit = Clause(doc_id="p", doc_title="p", label="", text="")
    caption = ("附表", "附表2 土地利用结构调整表（单位：公顷）")
    assert is_land_use_row(Passage(unit, "其他用地陆地水域 35.48 35.48 0.00", caption))
    assert not is_land_use_row(Passage(unit, "规划期内耕地保有量不低于95.62公顷。", caption))


def test_risks_named_after_their_order_are_a_finding(index, catalogue):
    from gapcheck.evidence import Topics, hits_in

    req = next(r for r in catalogue.requirements if r.id == "VP11")
    doc = parse_text("# 规划\n\n## 防灾减灾\n\n杨溪村地势低洼，洪涝为主要灾害风险。\n", "p.md")
    assert [h.name for h in hits_in(req, passages(doc)[0], Topics(catalogue.requirements))] == ["灾害风险"]


def test_plain_words_for_a_hazard_a_fire_item_the_villages_type_and_vegetation_given_back(index, catalogue):
    """主要灾害为汛期洪水、春季风灾 identifies risks; an item titled 4.消防 under 九、基础设施 is 消防
    content; 前岗村为集聚提升类村庄 and 规划定位为“…” state the 定位; 恢复河岸植被 is 生态修复; 在东片
    现状废弃砖厂处安排设施农业用地3.20公顷 lays out industrial land at a present place."""
    found = _found(index, catalogue,
                   "## 第一章 总则\n\n### 第四条 村庄性质与定位\n\n前岗村为集聚提升类村庄。规划定位为“豫中花木特色村”。\n\n"
                   "## 六、产业发展\n\n2.产业用地。在东片现状废弃砖厂处安排设施农业用地3.20公顷，建设肉牛养殖园区。\n\n"
                   "## 八、生态保护\n\n对洺河后营段淤积河道实施清淤，岸坡种植杨树和护坡草皮，恢复河岸植被。\n\n"
                   "## 九、基础设施\n\n4.消防。村内主要道路兼作消防车道，文化广场北侧设消防水池1座，配备室外消火栓6个。\n\n"
                   "5.防灾。福源村主要灾害为通肯河汛期洪水、春季风灾和冬季暴雪，通肯河西岸堤防按20年一遇标准加固。\n")
    assert found["VP02"]["发展定位"] is not None
    assert found["VP06"]["产业用地"] is not None and "设施农业用地" in found["VP06"]["产业用地"]
    assert found["VP03"]["生态修复"] is not None and "植被" in found["VP03"]["生态修复"]
    assert found["VP11"]["消防"] is not None and "消火栓" in found["VP11"]["消防"]
    assert found["VP11"]["灾害风险"] is not None and "风灾" in found["VP11"]["灾害风险"]


def test_mentions_that_plan_nothing_for_their_topic(index, catalogue):
    """A row of a 国土空间用途结构调整表 (林地 | 48.85 | 48.85) is accounting; 边界外除必要的道路、水利等基础设施外
    不得新增建设用地 names roads only as an exception; 完成重点项目库所列近期项目 points at the project list;
    污水管网接入窦店再生水厂 says where sewage goes, not where water comes from."""
    found = _found(index, catalogue,
                   "## 第九条 用途结构\n\n**附表2 国土空间用途结构调整表**\n\n| 一级类 | 二级类 | 2020年 | 2035年 | 增减 |\n"
                   "|---|---|---|---|---|\n| 农用地 | 林地 | 48.85 | 48.85 | 0.00 |\n| 自然保护与保留用地 | 陆地水域 | 2.86 | 2.86 | 0 |\n\n"
                   "## 第二十七条 用途管制\n\n村庄建设边界外除必要的道路、水利等基础设施外不得新增建设用地。\n\n"
                   "## 第六条 规划目标\n\n近期目标（至2025年）：完成重点项目库所列近期项目，村集体经济收入达到25万元。\n\n"
                   "## 第二十条 排水\n\n村庄污水管网接入窦店再生水厂，污水管道3.8公里。\n")
    assert found["VP03"]["生态空间管控"] is None
    assert found["VP08"]["道路"] is None and found["VP08"]["供水"] is None
    assert found["VP12"]["项目清单"] is None
    assert found["VP02"]["发展目标"] is not None


def test_local_words_for_heritage_elder_care_flood_works_shelter_belts_use_control_and_new_houses(index, catalogue):
    """区级非遗土布染织技艺 is what is protected; 长者照护之家 is elder care; 山洪沟口设导流堤 is flood works;
    防风固沙林带…严禁砍伐 is ecological space under control; 用途管控 titles use control; 新增分户建房
    优先使用村内闲置宅基地 says where new houses go."""
    found = _found(index, catalogue,
                   "## 六、非物质文化遗产传承\n\n土布染织技艺为区级非物质文化遗产，现有传承人2名，规划建设传习所1处。\n\n"
                   "## 九、公共服务设施\n\n在村委会东侧设长者照护之家1处，床位20张。\n\n"
                   "## 十一、综合防灾\n\n山洪沟2条，沟口设导流堤1.2公里，沟道两侧20米内不得建房。\n\n"
                   "## 五、生态保护\n\n戈壁与农田交界处保留防风固沙林带，宽度不小于30米，严禁砍伐和占用。\n\n"
                   "## 第二十四条 用途管控\n\n村庄建设边界外严禁新建住宅，设施农业用地使用后应当恢复原状。\n\n"
                   "## 第十四条 居民点与宅基地\n\n新增分户建房优先使用村内闲置宅基地和空闲地。\n")
    assert found["VP05"]["保护对象"] is not None and "土布" in found["VP05"]["保护对象"]
    assert found["VP09"]["养老"] is not None
    assert found["VP11"]["防洪排涝"] is not None and "导流堤" in found["VP11"]["防洪排涝"]
    assert found["VP03"]["生态空间管控"] is not None and "林带" in found["VP03"]["生态空间管控"]
    assert found["VP14"]["用途管制"] is not None and "严禁新建住宅" in found["VP14"]["用途管制"]
    assert found["VP07"]["住房布局"] is not None and "分户建房" in found["VP07"]["住房布局"]


def test_rules_left_to_others_a_households_application_and_a_place_within_the_plan_area(index, catalogue):
    """生态保护红线…内的用途按国家和天津市规定管控 leaves the rule to others; 村民建房经村民代表会议讨论 is a
    household's application, not the plan's own procedure; 规划范围内生态保护红线现状面积… says where the
    red line lies, not the plan's extent."""
    found = _found(index, catalogue,
                   "## 第二十四条 实施保障\n\n生态保护红线和河道管理范围内的用途按国家和天津市规定管控。\n\n"
                   "## 第十五条 农房建设管理\n\n新建农房层数不超过2层。村民建房经村民代表会议讨论同意后报镇政府审批。\n\n"
                   "## 第十三条 生态\n\n规划范围内生态保护红线现状面积312.80公顷。\n")
    assert found["VP03"]["生态空间管控"] is None
    assert all(v is None for v in found["VP13"].values()), found["VP13"]
    assert found["VP01"]["规划范围"] is None


def test_farmland_given_back_in_a_land_use_change_is_accounting(index, catalogue):
    """村庄建设用地由34.62公顷减少至33.85公顷，…拆除后复垦为耕地 accounts for built land; it is not a
    farmland protection measure. 实施高标准农田建设62公顷 is one."""
    found = _found(index, catalogue,
                   "## 第十一条 用地结构调整\n\n规划期内村庄建设用地由34.62公顷减少至33.85公顷，减少部分主要为闲置农房拆除后复垦为耕地。\n")
    assert found["VP04"]["保护措施"] is None
    found = _found(index, catalogue, "## 第十一条 耕地保护\n\n在南部粮油生产片实施高标准农田建设62公顷，新建蓄水池8口。\n")
    assert found["VP04"]["保护措施"] is not None


def test_words_plans_use_for_sub_items_the_catalogue_named_otherwise(index, catalogue):
    """本规划覆盖大溪村全域 gives the extent; 发展定位：… states it; 生态红线 is the red line; 耕地不少于2860亩
    keeps farmland; 基本农田保护区 is permanent farmland; 通组路, 人饮, 光缆, 化粪池, 卫生间, 长者饭堂 and
    感烟 name roads, drinking water, telecoms, sewage, toilets, elder care and fire safety."""
    found = _found(index, catalogue,
                   "## 第一章 总则\n\n### 第二条 编制对象\n\n本规划覆盖大溪村全域，含大溪、里岙2个自然村，总面积约6.82平方公里。\n\n"
                   "### 第三条 村庄类型与定位\n\n村庄类型：特色保护类。发展定位：河湟传统庄廓文化展示村、高原夏季休闲农业体验地。\n\n"
                   "## 第三章 国土空间布局\n\n### 第十四条 三线落实\n\n生态红线划定面积48.2公顷，分布于老鹰岩至石门水库一带，红线内不得新增建设用地。\n\n"
                   "## 第四章 耕地保护\n\n### 第十五条 耕地数量\n\n规划期末全村耕地不少于2860亩，较现状净增46亩。\n\n"
                   "### 第十六条 基本农田\n\n基本农田保护区面积1530亩，全部位于渭河二级阶地，任何单位和个人不得改变或占用。\n\n"
                   "## 第八章 基础设施\n\n### 第三十条 通组道路\n\n桐木寨至坳上组通组路硬化1.8公里，宽4.5米。\n\n"
                   "### 第三十一条 饮水\n\n实施人饮安全巩固提升工程，更换PE管5.6公里，新建蓄水池200立方米。\n\n"
                   "### 第三十二条 信息化\n\n新建光缆12公里，在村部设置公共WiFi点位5处。\n\n"
                   "## 第九章 人居环境\n\n### 第三十五条 分散处理\n\n居住分散的农户采用三格化粪池处理，每10户共用1套设施。\n\n"
                   "### 第三十六条 公共卫生间\n\n拆除露天旱厕9座，在村委会附近新建水冲式公共卫生间1处。\n\n"
                   "## 第十章 公共服务\n\n### 第三十八条 长者服务\n\n腾退用地约0.08公顷规划作为长者饭堂，建筑面积200平方米。\n\n"
                   "## 第十一章 防灾\n\n### 第四十条 古民居防火\n\n古民居内电气线路穿阻燃管敷设，祠堂安装独立式感烟探测器12个。\n")
    assert found["VP01"]["规划范围"] is not None and "全域" in found["VP01"]["规划范围"]
    assert found["VP02"]["发展定位"] is not None
    assert found["VP03"]["生态保护红线"] is not None
    assert found["VP04"]["耕地保有量"] is not None and "2860亩" in found["VP04"]["耕地保有量"]
    assert found["VP04"]["永久基本农田"] is not None and "1530亩" in found["VP04"]["永久基本农田"]
    for rid, name, word in (("VP08", "道路", "通组路"), ("VP08", "供水", "人饮"), ("VP08", "通信", "光缆"),
                            ("VP10", "生活污水", "化粪池"), ("VP10", "厕所", "卫生间"), ("VP09", "养老", "长者饭堂"),
                            ("VP11", "消防", "感烟")):
        assert found[rid][name] is not None and word in found[rid][name], (rid, name)


def test_a_sentence_leaving_the_matter_to_other_rules_provides_nothing(index, catalogue):
    """按照《基本农田保护条例》…有关规定执行, 按照国家和省有关消防技术规范…的要求执行 and 以…批复的实施方案为准
    defer; 村庄建设边界外不得新增建设用地，…按准入要求办理农用地转用审批 has a rule of its own."""
    found = _found(index, catalogue,
                   "## 第四章 耕地保护\n\n### 第十七条 永久基本农田\n\n永久基本农田的划定、占用和补划，按照《基本农田保护条例》和上级自然资源主管部门的有关规定执行。\n\n"
                   "## 第十一章 防灾\n\n### 第四十一条 消防\n\n村庄消防设施的配置和建设标准，按照国家和省有关消防技术规范以及县消防救援部门的要求执行。\n\n"
                   "## 第十二章 近期建设\n\n### 第四十五条 实施安排\n\n近期各项目的具体建设规模、投资和实施年度，以发改、财政等部门批复的项目实施方案为准。\n")
    assert found["VP04"]["永久基本农田"] is None
    assert found["VP11"]["消防"] is None
    assert found["VP12"]["规模投资时序"] is None
    found = _found(index, catalogue, "## 第十三章 实施保障\n\n### 第五十条 用途管制\n\n"
                   "村庄建设边界外不得新增村庄建设用地，确需建设的交通、水利等设施按准入要求办理农用地转用审批。\n")
    assert found["VP14"]["用途管制"] is not None


def test_a_land_class_heading_a_rule_term_and_a_project_count_said_in_a_sentence(index, catalogue):
    """村庄建设用地管制 heads use control, not the 村庄建设 chapter; 不得改变用途 is a rule in itself;
    近期安排产业发展类项目3项（…） lists the projects; a table of homestead caps (宅基地面积上限) sets the
    standard; 距县道边线不少于15米 controls where houses are built."""
    found = _found(index, catalogue,
                   "## 第十二章 规划实施保障\n\n### 第五十一条 村庄建设用地管制\n\n"
                   "宅基地不得用于商品房开发；公共服务设施用地不得改变用途。\n\n"
                   "## 第十一章 近期实施项目\n\n### 第四十七条 项目安排\n\n"
                   "近期安排产业发展类项目3项（高原夏菜冷库、肉牛养殖小区、农产品展销中心），基础设施类项目2项（通社路硬化、人饮管网延伸）。\n\n"
                   "## 第七章 农村住房\n\n### 第三十二条 宅基地面积\n\n| 户型 | 人口 | 宅基地面积上限（㎡） |\n|---|---|---|\n"
                   "| 小户 | 3人及以下 | 90 |\n| 大户 | 6人及以上 | 130 |\n\n"
                   "### 第三十三条 安全间距\n\n农房建设须与道路保持安全距离：距县道边线不少于15米。\n")
    assert found["VP14"]["用途管制"] is not None and "不得改变用途" in found["VP14"]["用途管制"]
    assert found["VP12"]["项目清单"] is not None and "3项" in found["VP12"]["项目清单"]
    assert found["VP07"]["宅基地标准"] is not None
    assert found["VP07"]["建房管控"] is not None and "15米" in found["VP07"]["建房管控"]


def test_a_pointer_after_a_record_or_a_figure_leaves_the_content(index, catalogue):
    """决议见附件 after a meeting's figures, 详见附表1 after a floor: the sentence still holds its
    content; a sentence that only points elsewhere holds none. 由现状…调整为… is a plan, not the
    present."""
    got = _found(index, catalogue, "\n\n".join([
        "## 第十章 规划编制与审批", "第三十条　本规划于2023年9月12日提交村民代表会议审议，应到代表45人，实到41人，40人同意，决议见附件。",
        "## 第四章 耕地和永久基本农田保护", "第十二条　耕地由现状412.6公顷调整为415.1公顷，满足乡镇分解下达的耕地保护任务。",
        "## 第三章 生态保护修复", "第十一条　生态保护红线的管控要求详见第十三条。"]))
    assert "40人同意" in (got["VP13"]["村民会议或村民代表会议同意"] or "")
    assert "调整为415.1公顷" in (got["VP04"]["耕地保有量"] or "")
    assert got["VP03"]["生态保护红线"] is None


def test_a_plan_declining_to_arrange_and_a_summary_of_its_contents_are_no_content(index, catalogue):
    got = _found(index, catalogue, "\n\n".join([
        "## 第一章 总则", "第二条　本次规划的主要内容：分析村庄发展条件，预测人口规模，确定建设用地规模和布局，提出耕地保护、生态修复和村庄建设要求。",
        "## 第九章 近期建设", "第二十条　近期实施项目由村委会根据每年到位资金情况和村民意愿另行研究确定，本规划不作具体安排。"]))
    assert got["VP02"]["规划指标"] is None
    assert got["VP12"]["项目清单"] is None


def test_objects_and_measures_in_local_words_and_the_space_outside_the_red_line(index, catalogue):
    """传统朝鲜族民居 and 古榆树 are protected objects though no catalogue word names them whole; 田长制
    and 撂荒地复耕 protect farmland; the land outside the 生态保护红线 is 生态空间, not the red line."""
    got = _found(index, catalogue, "\n\n".join([
        "## 第五章 民俗文化与村庄风貌", "第十五条　传统朝鲜族民居不得拆除，修缮时保持歇山式屋顶；古榆树设围栏挂牌保护。",
        "## 第十章 规划实施保障", "第三十条　实行田长制，村支书任村级田长，每月巡田不少于2次，发现乱占耕地建房当日上报乡镇。",
        "## 第三章 国土空间布局", "第九条　生态保护红线以外的林地、河湖水域划为一般生态空间，共计312.6公顷，不得开垦。"]))
    assert "古榆树" in (got["VP05"]["保护对象"] or "")
    assert "田长制" in (got["VP04"]["保护措施"] or "")
    assert got["VP03"]["生态保护红线"] is None
    assert "一般生态空间" in (got["VP03"]["生态空间管控"] or "")


def test_a_design_flood_standard_a_submission_beside_a_pointer_and_farmland_conversion(index, catalogue):
    """河道按10年一遇防洪标准整治 under the ecology chapter is flood control; 由…镇人民政府报…县人民政府
    审批，公示和会议情况见附件 states the submission though it points to an annex; 农用地转为建设用地的，
    依法办理农用地转用审批 is use control, no building permit."""
    found = _found(index, catalogue, "## 第四章 生态保护修复\n\n### 第十四条 溪流整治\n\n对船场溪2.4公里实施清淤疏浚和生态护岸，"
                   "河道按10年一遇防洪标准整治，沿岸补植枫杨1,600株。\n\n"
                   "## 第十三章 实施保障\n\n### 第三十四条 用途管制\n\n严格按照本规划确定的用途使用土地；农用地转为建设用地的，"
                   "依法办理农用地转用审批。\n\n### 第三十七条 村民参与和审批\n\n规划草案经公示和村民会议讨论同意后，"
                   "由书洋镇人民政府报南靖县人民政府审批，公示和会议情况见附件。\n")
    assert found["VP11"]["防洪排涝"] is not None and "10年一遇" in found["VP11"]["防洪排涝"]
    assert found["VP13"]["报批"] is not None
    assert found["VP14"]["用途管制"] is not None and found["VP14"]["规划许可"] is None


def test_a_mixed_heading_a_courtyard_form_and_aims_strung_in_a_goal_sentence(index, catalogue):
    """Under 农房建设与风貌 a height rule is a building rule, not 风貌, while a roof-and-wall rule is
    carried by the heading's 风貌; 保持四合院布局 and 新村农房采用坡屋顶 are forms, not where houses go;
    a 定位 sentence's 守住耕地和永久基本农田 is an aim without content, its 耕地保有量不低于…公顷 is one."""
    got = _found(index, catalogue, "\n\n".join([
        "## 第二章 现状与定位", "### 第六条 村庄定位与发展目标",
        "规划定位为“淮南丘陵红色传承村”，以虾稻共作为主导产业，守住耕地和永久基本农田，改善人居环境，传承红色文化。",
        "## 第七章 农房建设", "### 7.3 农房建设与风貌",
        "新建农房以一层为主，不超过两层，建筑高度不超过7.5米，屋脊高度不得超过堡墙。",
        "堡内翻建农房保持一进院四合院布局和硬山坡屋顶；新村农房采用坡屋顶和灰色墙面，不得使用彩钢瓦屋面。"]))
    assert got["VP04"]["永久基本农田"] is None
    assert got["VP07"]["建房管控"] is not None and "7.5米" in got["VP07"]["建房管控"]
    assert got["VP07"]["住房布局"] is None
    assert got["VP05"]["格局与风貌"] is not None and "坡屋顶" in got["VP05"]["格局与风貌"]
    got = _found(index, catalogue, "## 第二章 发展目标\n\n### 第六条 规划目标\n\n"
                 "至2025年，耕地保有量不低于286.60公顷、永久基本农田不减少，改善人居环境，传承红色文化。\n")
    assert got["VP04"]["耕地保有量"] is not None and "286.60公顷" in got["VP04"]["耕地保有量"]


def test_a_short_provision_an_amendment_rule_a_siting_left_to_law_and_a_labelled_position(index, catalogue):
    """保留村幼儿园 is a provision however short; 对荒坡实施人工造林 restores; 古戏台修缮 is heritage work,
    not a cultural venue; 本规划确需修改的，应经村民代表会议讨论同意 is how a later change goes, no record;
    交通设施依法选址 leaves the road to law; a 定位 label naming an industry states the
    industry no more than one naming none (four calibration writers against two)."""
    got = _found(index, catalogue, "\n\n".join([
        "## 第七章 公共服务设施", "### 第二十条 设施配置", "村卫生室设在村委会一楼；保留村幼儿园；利用宗祠前广场开展文化活动。",
        "## 第三章 生态保护", "### 第九条 生态修复", "对北部荒坡实施人工造林42公顷，种植山桃、山杏和油松。",
        "## 第十章 实施保障", "### 第三十条 用途管制", "边界外不得进行集中建设，农业设施和交通、水利设施依法选址。",
        "### 第三十一条 规划修改", "本规划确需修改的，应经村民代表会议讨论同意后，报西吉县人民政府审批。",
        "## 附表", "**附表3 近期建设项目表**\n\n| 序号 | 项目名称 | 建设地点 | 建设规模 | 建设年限 | 投资（万元） | 资金来源 |\n"
        "|---|---|---|---|---|---|---|\n| 1 | 周氏宗祠及古戏台修缮 | 大岭自然村 | 宗祠1座、戏台1座 | 2023年 | 210 | 文物保护专项资金 |"]))
    assert got["VP09"]["教育"] is not None and "幼儿园" in got["VP09"]["教育"]
    assert got["VP03"]["生态修复"] is not None and "造林" in got["VP03"]["生态修复"]
    assert got["VP09"]["文化体育"] is not None and "古戏台" not in got["VP09"]["文化体育"]
    assert got["VP08"]["道路"] is None
    assert got["VP13"]["村民会议或村民代表会议同意"] is None and got["VP13"]["报批"] is None
    for label in ("关中猕猴桃产业强村、渭河南岸宜居村庄", "六盘山下红色马莲村"):
        got = _found(index, catalogue, f"## 第二章 村庄定位\n\n### 第五条 村庄定位\n\n本村为集聚提升类村庄，规划定位为“{label}”。\n")
        assert got["VP06"]["产业定位与布局"] is None, label


def test_fire_lanes_evacuation_and_flow_sections_count_under_other_topics_headings(index, catalogue):
    """A road that doubles as the fire lane, a detector in old houses, who moves where in the flood
    season and a river section restored are safety content whatever chapter holds them; a list of
    facilities to improve is not."""
    got = _found(index, catalogue, "## 第四章 基础设施\n\n第十一条　村内道路\n\n"
                 "环村路路面宽度不小于4.5米，兼作消防车道，路口设置回车场地。\n\n"
                 "## 第五章 历史文化保护\n\n第十二条　传统建筑\n\n传统木构民居内电气线路一律穿阻燃管敷设。\n\n"
                 "## 第六章 生态修复\n\n第十三条　溪流整治\n\n对龙溪村段实施清淤，拓宽过水断面，两岸种植乡土树种。\n\n"
                 "第十四条　山洪沟\n\n暴雨预警发布后，沟口两侧11户由村干部组织向村小学转移。\n")
    assert got["VP11"]["消防"] is not None and got["VP11"]["防洪排涝"] is not None
    assert got["VP11"]["应急避难"] is not None
    bare = _found(index, catalogue, "## 第四章 基础设施\n\n第十一条　设施配套\n\n完善道路、供水、排水、消防和通信等设施。\n")
    assert bare["VP11"]["消防"] is None
