"""规划传导 (issue 15 item 4): goals, indicators and the near-term project list read from real plan
files (MD, TXT, DOCX), the upper plan's allocation (CSV, YAML, a township plan as DOCX and TXT),
and the report carrying 传导 and 程序 through --json, records and the XLSX/HTML/MD/CSV writers."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from gapcheck.catalogue import load_catalogue
from gapcheck.indicators import check_indicators
from gapcheck.plan_text import plan_lines
from gapcheck.procedure import check_procedure
from gapcheck.projects import read_projects
from gapcheck.report import Report, from_record, to_csv, to_html, to_markdown, to_record, to_xlsx
from gapcheck.transmission import (
    AllocationUnreadable,
    check_transmission,
    read_allocation,
    village_of,
)
from ingest import load

PLAN = """# 某某县白沙镇青山村村庄规划（2021—2035年）

## 第一章 总则

### 第一条 规划范围

规划范围为青山村行政村域，村域总面积412.36公顷。

### 第二条 发展目标

近期目标（2021—2025年）：完成村道拓宽和污水管网建设，生活污水处理率达到80%。

远期目标（2026—2035年）：传统村落格局和历史建筑得到有效保护，古树名木全部挂牌。

产业目标：发展油茶种植和乡村旅游，村集体经济年收入达到60万元。

### 第三条 规划指标

| 序号 | 指标名称 | 单位 | 2020年（基期） | 2035年（目标） | 属性 |
|---|---|---|---|---|---|
| 1 | 耕地保有量 | 公顷 | 85.32 | 85.40 | 约束性 |
| 2 | 永久基本农田保护面积 | 公顷 | 72.16 | 72.16 | 约束性 |
| 3 | 生态保护红线面积 | 公顷 | 143.58 | 143.58 | 约束性 |
| 4 | 村庄建设用地规模 | 公顷 | 21.47 | 20.95 | 约束性 |
| 5 | 户均宅基地面积 | 平方米 | 138 | 120 | 约束性 |

## 第二章 国土空间布局

### 第四条 耕地保护

严格落实耕地保有量，严禁占用耕地挖塘养鱼；永久基本农田一经划定，任何单位和个人不得擅自占用或者改变用途。

### 第五条 村庄建设

村庄建设用地控制在20.95公顷以内，优先盘活闲置宅基地。新建住房宅基地面积不超过120平方米。

## 第三章 近期建设

### 第六条 近期建设项目

| 序号 | 项目名称 | 建设地点 | 建设规模 | 建设时序 | 投资估算（万元） | 资金来源 |
|---|---|---|---|---|---|---|
| 1 | 村道拓宽工程 | 青山组至上屋组 | 1.2公里 | 2023年 | 120 | 县级交通专项资金 |
| 2 | 污水管网工程 | 青山组 | 3.2公里 | 2024年 | 80 |  |
| 3 | 油茶种植基地 | 北部缓坡 | 40公顷 | — | 200 | 村集体自筹、社会资本 |
| 4 | 村民文化广场 | 村委会旁 |  | 2025年 | 60 | 上级奖补资金 |
"""


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """The bundled corpus's shipped index, read where it lies."""
    from gapcheck.catalogue import bundled_index
    from ingest.settings import Settings

    return bundled_index(Settings.from_env(home=tmp_path_factory.mktemp("kb")))


@pytest.fixture(scope="module")
def catalogue(shipped):
    return load_catalogue("village_plan", shipped)


@pytest.fixture
def plan(tmp_path):
    path = tmp_path / "青山村.md"
    path.write_text(PLAN, encoding="utf-8")
    return load(path)


def _indicators(doc, catalogue):
    return check_indicators(doc.text, doc.text.split("\n"), "湖南省", catalogue)


def _kinds(result) -> set[tuple[str, str]]:
    return {(f.kind, f.subject) for f in result.findings}


def test_goals_projects_and_indicators_of_a_markdown_plan(plan, catalogue):
    result = check_transmission(plan, _indicators(plan, catalogue))
    assert [g.text[:4] for g in result.goals] == ["完成村道", "传统村落", "发展油茶"]
    projects = {p.name: p for p in result.projects}
    assert list(projects) == ["村道拓宽工程", "污水管网工程", "油茶种植基地", "村民文化广场"]
    road = projects["村道拓宽工程"]
    assert (road.place, road.scale, road.years, road.investment, road.funding) == \
        ("青山组至上屋组", "1.2公里", "2023年", "120", "县级交通专项资金")
    incomplete = {f.subject: f.detail for f in result.findings if f.kind == "project_incomplete"}
    assert incomplete == {"污水管网工程": "项目缺少资金来源", "油茶种植基地": "项目缺少建设时序",
                          "村民文化广场": "项目缺少建设规模"}
    culture = "传统村落格局和历史建筑得到有效保护，古树名木全部挂牌"
    assert ("goal_without_indicator", culture) in _kinds(result)
    assert ("goal_without_project", culture) in _kinds(result)
    quantified = [f for f in result.findings if f.kind.startswith("goal_") and f.subject != culture]
    assert quantified == [], "the two quantified goals have figures and projects of their own topic"
    idle = {f.subject for f in result.findings if f.kind == "indicator_without_action"}
    assert idle == {"生态保护红线面积"}, "only the red line is stated in the table and nowhere acted on"
    red = next(f for f in result.findings if f.kind == "indicator_without_action")
    assert "143.58" in red.evidence and red.upper is None
    data = result.to_dict()
    assert set(data["findings"][0]) == {"kind", "subject", "detail", "evidence", "page", "upper"}


def test_allocation_from_csv_flags_what_is_not_carried_down(plan, catalogue, tmp_path):
    csv_file = tmp_path / "下达指标.csv"
    csv_file.write_text("indicator,value,unit,relation\n耕地保有量,86.00,公顷,不低于\n"
                        "永久基本农田保护面积,1082.4,亩,不少于\n村庄建设用地规模,20.50,公顷,不超过\n"
                        "生态保护红线面积,143.58,公顷,不低于\n", encoding="utf-8")
    allocation = read_allocation(csv_file)
    assert allocation["永久基本农田保护面积"] == ("不低于", 72.16, "公顷")
    assert allocation["村庄建设用地规模"] == ("不超过", 20.5, "公顷")
    result = check_transmission(plan, _indicators(plan, catalogue), allocation)
    upper = {f.subject: f for f in result.findings if f.kind in ("below_allocation", "above_allocation")}
    assert set(upper) == {"耕地保有量", "村庄建设用地规模"}, "72.16 公顷 = 1082.4 亩: carried down"
    below, above = upper["耕地保有量"], upper["村庄建设用地规模"]
    assert below.kind == "below_allocation" and "85.4" in below.detail and "86" in below.detail
    assert "85.40" in below.evidence, "the plan's side is quoted"
    assert below.upper is not None and "下达指标.csv" in below.upper and "86.00" in below.upper
    assert above.kind == "above_allocation" and "20.95" in above.evidence


def test_allocation_from_yaml_and_an_indicator_the_plan_omits(plan, catalogue, tmp_path):
    yml = tmp_path / "allocation.yaml"
    yml.write_text("耕地保有量: {value: 85.0, unit: 公顷, relation: 不低于}\n"
                   "人均村庄建设用地: 不超过 130 平方米\n", encoding="utf-8")
    allocation = read_allocation(yml)
    assert allocation == {"耕地保有量": ("不低于", 85.0, "公顷"), "人均村庄建设用地": ("不超过", 130.0, "平方米")}
    result = check_transmission(plan, _indicators(plan, catalogue), allocation)
    upper = [f for f in result.findings if f.kind.endswith("_allocation")]
    assert [(f.kind, f.subject) for f in upper] == [("above_allocation", "人均村庄建设用地")]
    assert "规划未载明" in upper[0].detail and "130" in (upper[0].upper or "")


def _township_docx(path: Path) -> Path:
    from docx import Document as Docx

    d = Docx()
    d.add_heading("某某县白沙镇国土空间规划（2021—2035年）", 0)
    d.add_heading("第五章 村庄规划指引", 1)
    d.add_paragraph("各行政村村庄规划应落实本规划下达的约束性指标，见下表。")
    rows = (("行政村", "耕地保有量（公顷）", "永久基本农田保护面积（公顷）", "生态保护红线面积（公顷）", "村庄建设用地规模（公顷）"),
            ("竹园村", "120.50", "101.20", "80.00", "30.10"),
            ("青山村", "85.40", "72.16", "150.00", "21.00"))
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            cell.text = value
    d.save(str(path))
    return path


def test_allocation_from_a_township_plan_docx_table(plan, catalogue, tmp_path):
    upper = _township_docx(tmp_path / "白沙镇国土空间规划.docx")
    assert village_of(plan) == "青山村"
    allocation = read_allocation(upper, village_of(plan))
    assert allocation == {"耕地保有量": ("不低于", 85.4, "公顷"), "永久基本农田保护面积": ("不低于", 72.16, "公顷"),
                          "生态保护红线面积": ("不低于", 150.0, "公顷"), "村庄建设用地规模": ("不超过", 21.0, "公顷")}
    assert "青山村" in allocation.sources["耕地保有量"]
    result = check_transmission(plan, _indicators(plan, catalogue), upper)  # the path, read for the plan's village
    found = [(f.kind, f.subject) for f in result.findings if f.kind.endswith("_allocation")]
    assert found == [("below_allocation", "生态保护红线面积")]
    with pytest.raises(AllocationUnreadable, match="2个村"):
        read_allocation(upper)


def test_allocation_from_township_sentences(tmp_path):
    upper = tmp_path / "白沙镇国土空间规划.txt"
    upper.write_text("某某县白沙镇国土空间规划（2021—2035年）\n\n第五章 村庄规划指引\n\n"
                     "向竹园村下达耕地保有量不低于120.50公顷，村庄建设用地规模不超过30.10公顷。\n"
                     "向青山村下达耕地保有量不低于1290亩，永久基本农田保护面积72.16公顷，村庄建设用地规模不超过20.50公顷。\n",
                     encoding="utf-8")
    allocation = read_allocation(upper, "青山村")
    assert allocation == {"耕地保有量": ("不低于", 86.0, "公顷"), "永久基本农田保护面积": ("不低于", 72.16, "公顷"),
                          "村庄建设用地规模": ("不超过", 20.5, "公顷")}
    assert allocation.sources["耕地保有量"].startswith("向青山村下达")
    with pytest.raises(AllocationUnreadable, match="没有读到下达给石桥村"):
        read_allocation(upper, "石桥村")


def test_bad_allocation_files_are_one_line_errors(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("耕地保有量: [unclosed\n", encoding="utf-8")
    with pytest.raises(AllocationUnreadable, match="格式错误"):
        read_allocation(bad)
    empty = tmp_path / "empty.csv"
    empty.write_text("indicator,value\n人口,1500\n", encoding="utf-8")
    with pytest.raises(AllocationUnreadable, match="没有读到"):
        read_allocation(empty)


def test_projects_as_a_numbered_list_in_text(tmp_path, catalogue):
    path = tmp_path / "plan.txt"
    path.write_text(
        "某某县某某镇竹园村村庄规划（2021—2035年）\n\n第一章 发展目标\n\n第一条 发展目标\n"
        "到2035年，建成生态宜居的美丽乡村，人居环境整治成效显著，村内道路全面硬化。\n\n"
        "第二章 近期建设\n\n第二条 近期实施项目\n近期（2021—2025年）重点实施以下项目：\n"
        "1.村道硬化工程：硬化村内道路2.5公里，2022年实施，投资150万元，资金来源为县交通专项资金。\n"
        "2.垃圾收集点建设：新建垃圾收集点6处，2023年实施，投资30万元。\n", encoding="utf-8")
    doc = load(path)
    result = check_transmission(doc, _indicators(doc, catalogue))
    assert [(p.name, p.scale, p.years) for p in result.projects] == \
        [("村道硬化工程", "2.5公里", "2022年"), ("垃圾收集点建设", "6处", "2023年")]
    assert result.projects[0].funding == "县交通专项资金" and result.projects[0].investment == "150万元"
    assert [(f.kind, f.subject, f.detail) for f in result.findings if f.kind == "project_incomplete"] == \
        [("project_incomplete", "垃圾收集点建设", "项目缺少资金来源")]
    assert not [f for f in result.findings if f.kind == "goal_without_project"]


def test_project_table_with_a_category_column_and_years_in_its_header(tmp_path, catalogue):
    path = tmp_path / "plan.md"
    path.write_text("# 某某县某某镇竹园村村庄规划（2021—2035年）\n\n## 第一条 近期建设项目\n\n"
                    "| 序号 | 项目类别 | 项目名称 | 建设内容 | 实施时间（2021—2025年） | 资金筹措 |\n|---|---|---|---|---|---|\n"
                    "| 1 | 基础设施类 | 村道硬化 | 硬化道路1.8公里 | 2022年 | 县交通专项资金 |\n"
                    "| 2 | 产业发展类 | 农产品冷库 | 新建冷库 | 2023年 | 村集体自筹 |\n", encoding="utf-8")
    doc = load(path)
    result = check_transmission(doc, [])
    assert [(p.name, p.scale, p.years, p.funding) for p in result.projects] == \
        [("村道硬化", "1.8公里", "2022年", "县交通专项资金"), ("农产品冷库", "", "2023年", "村集体自筹")]
    assert [(f.kind, f.subject) for f in result.findings] == [("project_incomplete", "农产品冷库")]


def test_a_tab_separated_project_table_in_text(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("某某县某某镇竹园村村庄规划（2021—2035年）\n\n第一章 近期建设\n\n第一条 近期建设项目\n"
                    "近期安排项目2个，见附表。\n\n附表 近期建设项目表\n"
                    "序号\t项目名称\t建设地点\t建设规模\t建设年限\t投资（万元）\t资金来源\n"
                    "1\t村道硬化工程\t竹园组\t2.5公里\t2022年\t150\t县交通专项资金\n"
                    "2\t游客服务中心\t村口\t建筑面积300平方米\t2024年\t200\t\n", encoding="utf-8")
    result = check_transmission(load(path), [])
    assert [p.name[:4] for p in result.projects] == ["村道硬化", "游客服务"]
    first, second = result.projects
    assert (first.scale, first.years, first.investment, first.funding) == ("2.5公里", "2022年", "150", "县交通专项资金")
    assert "300平方米" in second.scale and (second.years, second.funding) == ("2024年", "")
    assert [f.kind for f in result.findings] == ["project_incomplete"] and "资金来源" in result.findings[0].detail


def test_a_plan_without_a_project_list_leaves_every_goal_without_project(tmp_path, catalogue):
    path = tmp_path / "plan.md"
    path.write_text("# 某某县某某镇竹园村村庄规划（2021—2035年）\n\n## 第一条 规划目标\n\n"
                    "规划目标：到2035年，耕地保有量不低于85公顷，农业基础更加稳固；村庄风貌整治全面完成。\n", encoding="utf-8")
    doc = load(path)
    result = check_transmission(doc, _indicators(doc, catalogue))
    assert result.projects == []
    missing = [f for f in result.findings if f.kind == "goal_without_project"]
    assert len(missing) == 2 and all("没有列出近期建设项目" in f.detail for f in missing)
    unquantified = [f.subject for f in result.findings if f.kind == "goal_without_indicator"]
    assert unquantified == ["村庄风貌整治全面完成"], "the 耕地 goal carries its own figure"


def test_task_lists_and_the_table_of_contents_are_not_goals(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("某某县某某镇竹园村村庄规划（2021—2035年）\n\n目录\n第一章 总则……1\n第一条 规划任务……1\n"
                    "第二条 规划依据……1\n\n第一章 总则\n\n第一条 规划任务\n"
                    "明确村庄发展定位和发展目标，统筹安排生态、农业和建设空间。\n\n第二条 规划依据\n"
                    "1.《中华人民共和国城乡规划法》；\n2.《村庄规划编制技术导则》（发展目标、规划目标的编制要求）。\n",
                    encoding="utf-8")
    doc = load(path)
    assert [c.label for c in doc.clauses] == ["第一条", "第二条"]
    assert check_transmission(doc, []).goals == []


# ---- the report carries 传导 and 程序 ------------------------------------------------------------

ANNEX = """
## 附件

### 附件1 村民代表会议决议

会议时间：2022年10月15日

应到村民代表：45人

实到村民代表：28人

表决结果：同意26票

### 附件2 规划公示

规划草案于2022年9月1日至9月20日在村委会公示栏公示。
"""


@pytest.fixture
def report(tmp_path, catalogue):
    path = tmp_path / "青山村.md"
    path.write_text(PLAN + ANNEX, encoding="utf-8")
    doc = load(path)
    indicators = _indicators(doc, catalogue)
    return Report(plan=str(path), title=doc.title, province="湖南省", findings=[], indicators=indicators,
                  transmission=check_transmission(doc, indicators).findings, procedure=check_procedure(doc))


def test_json_contract_adds_transmission_and_procedure_after_the_existing_keys(report):
    data = report.to_dict()
    assert list(data)[:3] == ["plan", "results", "indicators"]
    assert list(data)[-2:] == ["transmission", "procedure"]
    assert {t["kind"] for t in data["transmission"]} >= {"project_incomplete", "indicator_without_action"}
    assert data["procedure"]["meeting"]["status"] == "no_quorum"
    assert data["procedure"]["publicity"]["days"] == 20
    json.dumps(data, ensure_ascii=False)
    bare = Report(plan="p.md", title="", province="", findings=[], indicators=[])
    assert bare.to_dict()["transmission"] == [] and bare.to_dict()["procedure"] == {}


def test_records_round_trip_and_old_records_load(report):
    record = json.loads(json.dumps(to_record(report), ensure_ascii=False))
    back = from_record(record)
    assert back.transmission == report.transmission
    assert back.procedure is not None and back.procedure.to_dict() == report.procedure.to_dict()
    assert back.to_dict() == report.to_dict()
    old = {k: v for k, v in record.items() if k not in ("transmission", "procedure")}
    loaded = from_record(old)
    assert loaded.transmission == [] and loaded.procedure is None


def test_writers_show_transmission_and_procedure(report):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(to_xlsx([report])))
    assert {"规划传导", "程序"} <= set(book.sheetnames)
    chain = [[c.value for c in row] for row in book["规划传导"].iter_rows()]
    assert chain[0] == ["规划", "类型", "对象", "说明", "规划原文", "页码", "上位规划"]
    assert any(row[1] == "项目要素不全" and row[2] == "污水管网工程" for row in chain[1:])
    steps = [[c.value for c in row] for row in book["程序"].iter_rows()]
    assert steps[1][1:3] == ["村民代表会议", "到会人数不足"] and steps[2][1:3] == ["规划公示", "公示期不足三十日"]
    assert "应到45人" in steps[1][4] and steps[2][4] == "20日"
    html = to_html([report])
    assert "<h3>规划传导</h3>" in html and "<h3>程序</h3>" in html and "污水管网工程" in html
    md = to_markdown([report])
    assert "### 规划传导" in md and "**规划公示：公示期不足三十日**" in md
    text = to_csv([report])
    assert "规划传导" not in text.splitlines()[0] and "项目要素不全" in text and "到会人数不足" in text


def test_writers_on_a_report_from_before(report):
    old = Report(plan="p.md", title="旧", province="", findings=[], indicators=[])
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(to_xlsx([old])))
    assert [c.value for c in next(book["程序"].iter_rows())][:3] == ["规划", "事项", "结论"]
    assert "未检查" in to_markdown([old]) and "未检查" in to_html([old])
    assert "到会人数" not in to_csv([old])


# ---- goals named by their lead phrase, projects by specific topic, tables that end, non-plans ----

GOALS_MD = """# 某某县白沙镇河口村村庄规划（2021—2035年）

## 第二章 发展目标

### 第五条 发展目标

到2035年，建成产业兴旺、生态宜居的江南水乡。分项目标如下：

（一）水产和蚕桑产业共富增收。到2025年新建标准化鱼塘20亩。桑园面积稳定在50公顷以上，村集体经济年收入达到35万元。

（二）农村人居环境整治提升：到2025年卫生厕所普及率达到100%。生活垃圾收集处理实现全覆盖。

（三）历史文化保护传承。传统村落格局和历史建筑得到有效保护。古树名木全部挂牌保护。

## 第三章 近期建设

### 第六条 近期建设项目

| 序号 | 项目名称 | 建设地点 | 建设规模 | 建设年限 | 投资（万元） | 资金来源 |
|---|---|---|---|---|---|---|
| 1 | 标准化鱼塘改造 | 河口组 | 20亩 | 2023年 | 60 | 衔接资金 |
| 2 | 户厕改造 | 全村 | 120户 | 2022年 | 36 | 农村改厕奖补资金 |
"""


def test_a_numbered_goal_is_one_goal_named_by_its_lead_phrase(tmp_path):
    path = tmp_path / "河口村.md"
    path.write_text(GOALS_MD, encoding="utf-8")
    result = check_transmission(load(path), [])
    items = [g for g in result.goals if not g.headline]
    assert [g.label for g in items] == ["水产和蚕桑产业共富增收", "农村人居环境整治提升", "历史文化保护传承"]
    assert items[0].text.endswith("村集体经济年收入达到35万元"), "the item's sentences stay one goal"
    assert "生活垃圾收集处理实现全覆盖" in items[1].text
    assert [g.text[:9] for g in result.goals if g.headline] == ["到2035年，建成"]
    flagged = {(f.kind, f.subject) for f in result.findings if f.kind.startswith("goal_")}
    assert flagged == {("goal_without_indicator", "历史文化保护传承"), ("goal_without_project", "历史文化保护传承")}, \
        "the long-named goals carry figures and projects; only the unquantified one without a project is flagged"


def _plan_docx(path: Path, goals: list[str], *tables: tuple[tuple[str, ...], ...]) -> Path:
    from docx import Document as Docx

    d = Docx()
    d.add_heading("某某县白沙镇河口村村庄规划（2021—2035年）", 0)
    d.add_heading("第二章 发展目标", 1)
    d.add_paragraph("第五条 发展目标")
    for text in goals:
        d.add_paragraph(text)
    d.add_heading("第三章 近期建设", 1)
    d.add_paragraph("第六条 近期建设项目")
    for rows in tables:
        table = d.add_table(rows=len(rows), cols=len(rows[0]))
        for row, values in zip(table.rows, rows):
            for cell, value in zip(row.cells, values):
                cell.text = value
    d.save(str(path))
    return path


PROJECT_HEADER = ("序号", "项目名称", "建设地点", "建设规模", "建设年限", "投资（万元）", "资金来源")


def test_a_goal_named_on_its_own_line_in_docx(tmp_path):
    goals = ["①水产和蚕桑产业共富增收", "到2025年新建标准化鱼塘20亩。", "桑园面积稳定在50公顷以上，村集体经济年收入达到35万元。",
             "②老有所养和幸福院服务全覆盖", "到2025年建成村级幸福院一处。"]
    projects = (PROJECT_HEADER, ("1", "标准化鱼塘改造", "河口组", "20亩", "2023年", "60", "衔接资金"),
                ("2", "村级幸福院", "村委会旁", "建筑面积300平方米", "2024年", "90", "民政专项资金"))
    result = check_transmission(load(_plan_docx(tmp_path / "plan.docx", goals, projects)), [])
    assert [(g.label, g.headline) for g in result.goals] == \
        [("水产和蚕桑产业共富增收", False), ("老有所养和幸福院服务全覆盖", False)]
    assert "桑园面积稳定在50公顷以上" in result.goals[0].text and "鱼塘20亩" in result.goals[0].text
    assert [f for f in result.findings if f.kind.startswith("goal_")] == []


def test_a_project_serves_a_goal_of_its_specific_kind(tmp_path):
    goals = ["（一）乡村旅游提质。依托万亩生态茶园，发展民宿和农家乐，到2030年年接待游客达到5万人次。",
             "（二）集体经济壮大。到2030年村集体经济年收入达到50万元。",
             "（三）老有所养。到2025年建成村级幸福院一处，日间照料全覆盖。"]
    tea = ("1", "茶叶初制加工厂", "村北", "800平方米", "2024年", "150", "社会资本")
    water = ("2", "供水管网改造", "全村", "管网3.5公里", "2023年", "80", "农村供水保障资金")
    garden = ("5", "生态茶园提升改造", "东山", "50公顷", "2023年", "100", "市级茶产业资金")
    result = check_transmission(load(_plan_docx(tmp_path / "a.docx", goals, (PROJECT_HEADER, tea, water, garden))), [])
    unserved = [f.subject for f in result.findings if f.kind == "goal_without_project"]
    assert unserved == ["乡村旅游提质", "老有所养"], "a tea factory or the tea garden the tourism goal builds on is " \
        "no tourism project, a water main no care home; the income goal takes any 产业 project"
    inn = ("3", "闲置农房民宿改造", "河口组", "农房6栋", "2025年", "120", "社会资本")
    home = ("4", "日间照料中心", "村委会旁", "建筑面积260平方米", "2024年", "70", "民政专项资金")
    again = check_transmission(load(_plan_docx(tmp_path / "b.docx", goals, (PROJECT_HEADER, tea, water, inn, home))), [])
    assert [f for f in again.findings if f.kind == "goal_without_project"] == []


LAND_USE = (("序号", "地类", "基期面积（公顷）", "目标面积（公顷）", "变化量（公顷）", "占比", "备注"),
            ("1", "耕地", "85.32", "85.40", "0.08", "20%", "—"),
            ("2", "林地", "143.58", "143.58", "0", "35%", "—"))


def test_a_table_right_after_the_project_table_is_not_read_as_projects(tmp_path):
    projects = (PROJECT_HEADER, ("1", "标准化鱼塘改造", "河口组", "20亩", "2023年", "60", "衔接资金"),
                ("2", "村级幸福院", "村委会旁", "300平方米", "2024年", "90", "民政专项资金"))
    goals = ["（一）水产增收。到2025年新建标准化鱼塘20亩。", "（二）老有所养。到2025年建成村级幸福院一处。"]
    same_width = check_transmission(load(_plan_docx(tmp_path / "a.docx", goals, projects, LAND_USE)), [])
    assert [p.name for p in same_width.projects] == ["标准化鱼塘改造", "村级幸福院"], "a header row starts a new table"
    assert same_width.findings == []
    narrow = (("序号", "设施名称", "数量"), ("1", "公厕", "2座"), ("2", "垃圾收集点", "6处"))
    other = check_transmission(load(_plan_docx(tmp_path / "b.docx", goals, projects, narrow[1:])), [])
    assert [p.name for p in other.projects] == ["标准化鱼塘改造", "村级幸福院"], \
        "rows of another width are another table, header or not"
    assert other.findings == []
    md = tmp_path / "plan.md"
    table = "\n".join("| " + " | ".join(r) + " |" for r in projects[:1]) + "\n|" + "---|" * 7 + "\n" + \
        "\n".join("| " + " | ".join(r) + " |" for r in projects[1:])
    md.write_text("# 某某县白沙镇河口村村庄规划（2021—2035年）\n\n## 第五条 发展目标\n\n" + "\n\n".join(goals) +
                  "\n\n## 第六条 近期建设项目\n\n" + table + "\n\n| 序号 | 设施名称 | 数量 |\n|---|---|---|\n"
                  "| 1 | 公厕 | 2座 |\n| 2 | 垃圾收集点 | 6处 |\n", encoding="utf-8")
    assert [p.name for p in check_transmission(load(md), []).projects] == ["标准化鱼塘改造", "村级幸福院"]


def test_a_document_without_goals_indicator_table_or_projects_gets_no_findings(tmp_path, catalogue):
    survey = tmp_path / "青山村人居环境现状调查报告.md"
    survey.write_text("# 青山村人居环境现状调查报告\n\n## 一、基本情况\n\n青山村位于白沙镇北部，全村耕地保有量85.32公顷，"
                      "永久基本农田保护面积72.16公顷，村庄建设用地规模21.47公顷。\n\n## 二、存在问题\n\n"
                      "村内道路狭窄，生活污水直排现象较多。\n", encoding="utf-8")
    doc = load(survey)
    indicators = _indicators(doc, catalogue)
    assert {i.name for i in indicators} >= {"耕地保有量", "村庄建设用地规模"}, "the survey's figures are read"
    result = check_transmission(doc, indicators, {"耕地保有量": ("不低于", 86.0, "公顷")})
    assert result.findings == [] and result.goals == [] and result.projects == []
    assert result.notes and "未核查规划传导" in result.notes[0]
    table_only = tmp_path / "指标.md"
    table_only.write_text(PLAN[PLAN.index("# "):PLAN.index("### 第二条")] + PLAN[PLAN.index("### 第三条"):PLAN.index("## 第二章")],
                          encoding="utf-8")
    doc = load(table_only)
    tabled = check_transmission(doc, _indicators(doc, catalogue))
    assert tabled.goals == [] and tabled.projects == []
    assert "生态保护红线面积" in {f.subject for f in tabled.findings if f.kind == "indicator_without_action"}, \
        "an indicator table alone is still checked"


def test_rows_with_empty_edge_cells_stay_in_their_columns(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text("# 某某县某某镇竹园村村庄规划（2021—2035年）\n\n## 第六条 近期建设项目\n\n"
                    "| 序号 | 项目名称 | 建设地点 | 建设规模 | 建设年限 | 资金来源 |\n|---|---|---|---|---|---|\n"
                    "|  | 村道硬化 | 竹园组 | 2公里 | 2023年 | 县级交通专项资金 |\n"
                    "| 2 | 污水管网 | 青山组 | 3.2公里 | 2024年 |  |\n"
                    "| 3 | 垃圾收集点 | 各组 | 6处 |\n", encoding="utf-8")
    result = check_transmission(load(path), [])
    assert [(p.name, p.place, p.scale, p.years, p.funding) for p in result.projects] == [
        ("村道硬化", "竹园组", "2公里", "2023年", "县级交通专项资金"), ("污水管网", "青山组", "3.2公里", "2024年", ""),
        ("垃圾收集点", "各组", "6处", "", "")]
    assert {f.subject: f.detail for f in result.findings} == {"污水管网": "项目缺少资金来源",
                                                             "垃圾收集点": "项目缺少建设时序、资金来源"}


def test_numbered_goals_with_titles_of_their_own_are_goals_and_the_overall_one_a_headline():
    """（一）发展目标 with an overall sentence over 1．生态茶业。… 2．乡村旅游。… items (each item a
    unit with its own title): the items are the goals, the overall sentence a headline; a
    numbered 现状 item in a 定位与目标 chapter is no goal."""
    import gapcheck.transmission as T
    from ingest import parse_text

    text = ("# 某村村庄规划（2021—2035年）\n\n## 三、发展目标与规划指标\n\n### （一）发展目标\n\n"
            "到2035年把某村建成茶业兴旺、宜居宜游的特色保护类村庄。近期目标：\n\n"
            "1．生态茶业。到2025年有机茶园由45公顷扩大到60公顷。\n\n"
            "2．乡村旅游。到2025年民宿床位由120张增加到300张。\n\n"
            "## 四、发展定位与目标\n\n（一）现状概况。全村户籍人口2,460人，油茶以原果销售为主，加工环节缺失。\n")
    goals = T.read_goals(T.plan_lines(parse_text(text, "某村村庄规划.md")))
    named = {g.text.split("。")[0]: g.headline for g in goals}
    assert named.get("生态茶业") is False and named.get("乡村旅游") is False
    assert any(h for t, h in named.items() if t.startswith("到2035年把某村建成"))
    assert not any("油茶以原果销售" in g.text for g in goals)



CHAIN = """# 某某县某某镇石坪村村庄规划（2021—2035年）

## 第二条 发展目标

（一）量具产业升级。家庭作坊入园集中生产，形成加工、电商销售一体的量具产业集群。

（二）发展乡村旅游。依托古村和梯田开发民宿和研学，打造县域旅游目的地。

（三）建设宜居乡村。生活污水得到有效治理，卫生厕所全面普及。

（四）服务提升。建成居家养老服务中心一处，为留守老人提供助餐。

## 第三条 规划指标

| 序号 | 指标名称 | 单位 | 2020年 | 2035年 | 属性 |
|---|---|---|---|---|---|
| 1 | 村庄建设用地规模 | 公顷 | 27.56 | 26.90 | 约束性 |
| 2 | 村集体经济收入 | 万元 | 12 | 80 | 预期性 |
| 3 | 生活污水治理率 | % | 20 | 90 | 预期性 |
| 4 | 居家养老服务中心 | 处 | 0 | 1 | 预期性 |

## 第四条 土地利用结构调整

| 用地类型 | 2020年 | 2035年 | 增减 |
|---|---|---|---|
| 村庄建设用地 | 27.56 | 26.90 | -0.66 |

## 第五条 近期建设项目

| 序号 | 项目名称 | 建设地点 | 建设规模 | 建设年限 | 投资（万元） | 资金来源 |
|---|---|---|---|---|---|---|
| 1 | 量具产业园（一期） | 村东 | 标准化厂房4,000平方米 | 2023—2024年 | 860 | 村集体、社会资本 |
| 2 | 综合文化服务中心提升 | 村委会 | 600平方米 | 2024年 | 90 | 衔接资金 |
| 3 | 生活污水收集处理 | 全村 | 管网4.8公里 | 2023年 | 280 | 县财政 |
"""


def test_goals_meet_what_serves_and_measures_them_by_kind(tmp_path, catalogue):
    """量具产业园（一期） serves 量具产业升级 (the project's name without its phase and 园);
    村集体经济收入 does not measure a 乡村旅游 goal; a 污水治理率 row whose unit stands in its own
    column measures 生活污水得到治理; a 居家养老服务中心 goal is not served by a 综合文化服务中心
    (a word inside a longer one counts for the longer); the 土地利用结构调整表 acts on 村庄建设用地."""
    path = tmp_path / "plan.md"
    path.write_text(CHAIN, encoding="utf-8")
    doc = load(path)
    result = check_transmission(doc, _indicators(doc, catalogue))
    found = {(f.kind, f.subject) for f in result.findings}
    assert ("goal_without_project", "量具产业升级") not in found
    assert ("goal_without_indicator", "发展乡村旅游") in found
    assert ("goal_without_indicator", "建设宜居乡村") not in found
    assert ("goal_without_project", "服务提升") in found
    assert not any(k == "indicator_without_action" and "村庄建设用地" in s for k, s in found), found


def test_each_aim_of_a_goal_is_carried_by_its_own_kind_and_built_land_given_back_acts(tmp_path, catalogue):
    """古村活化：发展古村研学和民宿，增加村集体和农户收入 aims at tourism and at income, so 村集体经济收入
    measures it and a tea processing centre (产业) serves it; 发展乡村旅游 alone is still not measured
    by income. 空心院落实施复垦 gives built land back: the plan acts on 村庄建设用地规模."""
    path = tmp_path / "plan.md"
    path.write_text(
        "# 某县某镇枫山村村庄规划（2021—2035年）\n\n## 第七条 发展目标\n\n"
        "（一）古村活化。在保护的前提下发展古村研学和民宿，增加村集体和农户收入。\n\n"
        "（二）乡村旅游。发展乡村旅游，打造精品民宿。\n\n"
        "## 第十二条 农村住房\n\n对小王庄空心院落实施复垦，新增耕地0.35公顷。\n\n"
        "## 附表1 规划指标表\n\n| 序号 | 指标名称 | 单位 | 2020年 | 2035年 | 属性 |\n|---|---|---|---|---|---|\n"
        "| 1 | 村庄建设用地规模 | 公顷 | 52.80 | 51.96 | 约束性 |\n| 2 | 村集体经济收入 | 万元 | 15 | 40 | 预期性 |\n\n"
        "## 附表3 近期建设项目表\n\n| 序号 | 项目名称 | 建设地点 | 建设规模 | 建设年限 | 投资（万元） | 资金来源 |\n"
        "|---|---|---|---|---|---|---|\n| 1 | 茶叶初制加工中心 | 村东 | 0.56公顷 | 2023年 | 450 | 村集体 |\n",
        encoding="utf-8")
    doc = load(path)
    found = {(f.kind, f.subject) for f in check_transmission(doc, _indicators(doc, catalogue)).findings}
    assert ("goal_without_indicator", "古村活化") not in found
    assert ("goal_without_project", "古村活化") not in found
    assert ("goal_without_indicator", "乡村旅游") in found
    assert ("goal_without_project", "乡村旅游") in found
    assert not any(k == "indicator_without_action" and "村庄建设用地" in s for k, s in found), found


def test_the_next_section_after_numbered_goals_is_no_goal_and_built_land_laid_out_acts(tmp_path, catalogue):
    """（四）规划指标 after goals （一）…（三）… is the next section; 良田 is farmland and 复绿 ecology, so a
    高标准农田 project serves 粮田稳产、山林常绿; 规划新增宅基地24宗 lays out built land, acting on
    村庄建设用地规模."""
    from gapcheck.transmission import topics_of

    assert {f for f, _ in topics_of("田坝良田集中连片，山体复绿")} == {"耕地", "生态"}
    path = tmp_path / "plan.md"
    path.write_text(
        "# 某县某镇青杠坝村村庄规划（2021—2035年）\n\n## 发展定位与目标\n\n**（三）发展目标**\n\n"
        "（一）茶业兴村。村集体经济收入达到50万元。\n\n（二）粮田稳产、山林常绿。田坝良田集中连片、旱涝保收。\n\n"
        "**（四）规划指标**\n\n规划确定约束性指标和预期性指标共11项，见附表1。\n\n"
        "## 农村住房\n\n新增住房集中安排在湾头自然村北侧，规划新增宅基地24宗。\n\n"
        "## 附表1 规划指标表\n\n| 序号 | 指标名称 | 单位 | 2020年 | 2035年 | 属性 |\n|---|---|---|---|---|---|\n"
        "| 1 | 村庄建设用地规模 | 公顷 | 29.88 | 29.35 | 约束性 |\n| 2 | 村集体经济收入 | 万元 | 15 | 50 | 预期性 |\n\n"
        "## 附表3 近期建设项目表\n\n| 序号 | 项目名称 | 建设地点 | 建设规模 | 建设年限 | 投资（万元） | 资金来源 |\n"
        "|---|---|---|---|---|---|---|\n| 1 | 田坝高标准农田建设 | 田坝 | 52公顷 | 2022年 | 156 | 农田建设资金 |\n"
        "| 2 | 茶叶精制加工厂 | 村东 | 1.12公顷 | 2023年 | 680 | 村集体 |\n",
        encoding="utf-8")
    doc = load(path)
    result = check_transmission(doc, _indicators(doc, catalogue))
    assert "规划指标" not in [g.subject for g in result.goals]
    found = {(f.kind, f.subject) for f in result.findings}
    assert ("goal_without_project", "粮田稳产、山林常绿") not in found, found
    assert not any(k == "indicator_without_action" and "村庄建设用地" in s for k, s in found), found


def test_a_use_control_table_row_acts_on_the_red_line(tmp_path, catalogue):
    """The red line stated only in the indicator table is acted on by a use-control table whose
    row for the 生态保护区 forbids building inside it; without that table nothing acts on it."""
    head = PLAN[PLAN.index("# "):PLAN.index("### 第二条")] + PLAN[PLAN.index("### 第三条"):PLAN.index("## 第二章")]
    control = ("\n## 第十条 用途管制\n\n| 管控分区 | 面积（公顷） | 管控要求 |\n|---|---|---|\n"
               "| 生态保护区 | 143.58 | 生态保护红线内，禁止开发性、生产性建设活动 |\n")
    for text, idle in ((head, True), (head + control, False)):
        path = tmp_path / "plan.md"
        path.write_text(text, encoding="utf-8")
        doc = load(path)
        found = check_transmission(doc, _indicators(doc, catalogue))
        assert ("生态保护红线面积" in {f.subject for f in found.findings if f.kind == "indicator_without_action"}) is idle


def test_goals_are_judged_by_what_they_aim_at_not_by_the_forest_place_or_sales_they_name(tmp_path, catalogue):
    """森林康养 is tourism: the 生态保护红线 row does not measure it. 在大石河东岸打造采摘观光带 names a
    place a 大石河东岸堤防加固 project shares, not an aim. 花木电商 sells on line: a 盆景加工车间 does
    not carry it. Each of the three goals is reported twice; 休闲农业 with a 观光 project is carried."""
    path = tmp_path / "plan.md"
    path.write_text(
        "# 某县某镇后垄村村庄规划（2021—2035年）\n\n## 第六条 发展目标\n\n"
        "1.森林康养：依托大仙峰生态公益林，发展森林康养和研学旅游，打造闽中康养目的地。\n\n"
        "2.发展都市休闲农业，在大石河东岸打造近郊采摘观光带。\n\n"
        "3.花木电商带动增收：培育花木电商带头人，发展直播销售和网络订单。\n\n"
        "4.油茶产业：建成油茶低产林改造示范片，村集体经济收入达到40万元。\n\n"
        "## 第七条 规划指标\n\n规划指标见附表1。\n\n## 附表1 规划指标表\n\n| 序号 | 指标名称 | 单位 | 2020年 | 2035年 | 属性 |\n|---|---|---|---|---|---|\n"
        "| 1 | 生态保护红线面积 | 公顷 | 236.90 | 236.90 | 约束性 |\n| 2 | 村集体经济收入 | 万元 | 12 | 40 | 预期性 |\n\n"
        "## 附表2 近期建设项目表\n\n| 序号 | 项目名称 | 建设地点 | 建设规模 | 建设年限 | 投资（万元） | 资金来源 |\n"
        "|---|---|---|---|---|---|---|\n| 1 | 大石河东岸堤防加固 | 大石河 | 1.2公里 | 2025年 | 380 | 水务资金 |\n"
        "| 2 | 花木交易市场及盆景加工车间 | 省道北侧 | 1.20公顷 | 2024年 | 480 | 社会资本 |\n"
        "| 3 | 油茶低产林改造 | 岭头 | 30公顷 | 2023年 | 90 | 林业资金 |\n", encoding="utf-8")
    doc = load(path)
    found = {(f.kind, f.subject[:4]) for f in check_transmission(doc, _indicators(doc, catalogue)).findings}
    for goal in ("森林康养", "发展都市", "花木电商"):
        assert ("goal_without_indicator", goal) in found and ("goal_without_project", goal) in found, (goal, found)
    assert not any(s == "油茶产业" for _, s in found), found
    path.write_text(path.read_text(encoding="utf-8") + "| 4 | 近郊采摘观光园 | 东岸 | 5公顷 | 2024年 | 120 | 村集体 |\n",
                    encoding="utf-8")
    doc = load(path)
    found = {(f.kind, f.subject[:4]) for f in check_transmission(doc, _indicators(doc, catalogue)).findings}
    assert ("goal_without_project", "发展都市") not in found, found


def test_a_training_goal_is_carried_by_training_not_by_the_trade_it_trains_for(tmp_path, catalogue):
    """开展芒果种植、电商等技能培训 aims at skills: an 电商直播服务站 does not carry it, a 技能培训 project does."""
    path = tmp_path / "plan.md"
    head = ("# 某县某镇芒果坡村村庄规划（2021—2035年）\n\n## 第六条 发展目标\n\n"
            "1.提高村民就业技能，每年开展芒果种植、电商等技能培训。\n\n"
            "## 附表2 近期建设项目表\n\n| 序号 | 项目名称 | 建设地点 | 建设规模 | 建设年限 | 投资（万元） | 资金来源 |\n"
            "|---|---|---|---|---|---|---|\n| 1 | 电商直播服务站 | 村部 | 120平方米 | 2024年 | 30 | 县商务局 |\n")
    path.write_text(head, encoding="utf-8")
    doc = load(path)
    found = {(f.kind, f.subject[:4]) for f in check_transmission(doc, _indicators(doc, catalogue)).findings}
    assert ("goal_without_project", "提高村民") in found, found
    path.write_text(head + "| 2 | 农民技能培训基地 | 村部 | 培训室200平方米 | 2025年 | 40 | 县人社局 |\n", encoding="utf-8")
    doc = load(path)
    found = {(f.kind, f.subject[:4]) for f in check_transmission(doc, _indicators(doc, catalogue)).findings}
    assert ("goal_without_project", "提高村民") not in found, found


def test_a_list_of_indicator_names_acts_on_none_and_an_area_the_village_has_none_of_needs_no_action(
        tmp_path, catalogue):
    """规划确定耕地保有量、永久基本农田保护面积、生态保护红线面积等约束性指标 names indicators (保护 in a
    name is no measure), so the red line stated only as a figure and a place is reported; a red line
    of 0 (村域内无生态保护红线) has nothing to act on and is not."""
    text = ("# 某县某镇后垄村村庄规划（2021—2035年）\n\n## 第七条 规划指标\n\n"
            "规划确定耕地保有量、永久基本农田保护面积、生态保护红线面积等约束性指标，详见附表1。\n\n"
            "## 第八条 三区三线\n\n生态保护红线236.90公顷，位于村域西部大仙峰南麓。\n\n"
            "## 附表1 规划指标表\n\n| 序号 | 指标名称 | 单位 | 2020年 | 2035年 | 属性 |\n|---|---|---|---|---|---|\n"
            "| 1 | 生态保护红线面积 | 公顷 | 236.90 | 236.90 | 约束性 |\n")
    for body, idle in ((text, True),
                       (text.replace("236.90", "0").replace("生态保护红线0公顷，位于村域西部大仙峰南麓", "村域内无生态保护红线"),
                        False)):
        path = tmp_path / "plan.md"
        path.write_text(body, encoding="utf-8")
        doc = load(path)
        found = check_transmission(doc, _indicators(doc, catalogue))
        assert ("生态保护红线面积" in {f.subject for f in found.findings if f.kind == "indicator_without_action"}) is idle


def test_a_meeting_table_is_no_project_list_and_a_positioning_or_the_present_state_is_no_goal(tmp_path, catalogue):
    """会议名称 | 时间 | 地点 | 应到 | 实到 | 同意 names meetings, not projects; under 发展目标, 现状：… and
    沙洲村定位为…特色村 are no goals, while 到2035年耕地保有量不低于… after the positioning is one."""
    path = tmp_path / "plan.md"
    path.write_text(
        "# 某县某镇沙洲村村庄规划（2021—2035年）\n\n## 第五条 发展目标\n\n"
        "现状：沙洲村以水稻种植和外出务工为主，村内道路已基本硬化。\n\n"
        "沙洲村定位为以稻虾共作为主导产业的临湖村。到2035年，耕地保有量不低于412.5公顷。\n\n"
        "## 第六条 规划指标\n\n| 序号 | 指标名称 | 单位 | 2020年 | 2035年 | 属性 |\n|---|---|---|---|---|---|\n"
        "| 1 | 耕地保有量 | 公顷 | 412.36 | 412.50 | 约束性 |\n\n"
        "## 附件 村民参与情况\n\n| 会议名称 | 时间 | 地点 | 应到 | 实到 | 同意 | 反对 | 弃权 |\n"
        "|---|---|---|---|---|---|---|---|\n| 征求意见座谈会 | 2023年2月21日 | 村委会会议室 | 20 | 14 | — | — | — |\n"
        "| 村民代表会议 | 2023年4月18日 | 村委会会议室 | 35 | 31 | 30 | 0 | 1 |\n", encoding="utf-8")
    doc = load(path)
    result = check_transmission(doc, _indicators(doc, catalogue))
    assert result.projects == []
    assert [g.subject for g in result.goals] == ["到2035年，耕地保有量不低于412.5公顷"], result.goals
    assert not any(f.kind == "project_incomplete" for f in result.findings)


def test_a_facility_table_with_places_and_sizes_is_no_project_list(tmp_path, catalogue):
    """设施名称 | 现状 | 规划 | 位置 | 规模 under 公共服务设施配置 names facilities, places and sizes but no
    years, investment or funding: no projects, so none is incomplete; the same columns under 近期建设项目
    are projects without years or funding."""
    table = ("| 设施名称 | 现状 | 规划 | 位置 | 规模 |\n|---|---|---|---|---|\n"
             "| 党群服务中心 | 保留 | 提升改造 | 村委会 | 建筑面积450平方米 |\n| 村卫生室 | 保留 | 扩建 | 村委会南侧 | 150平方米 |\n")
    for section, projects in (("第二十一条 公共服务设施配置", 0), ("第二十三条 近期建设项目", 2)):
        path = tmp_path / "plan.md"
        path.write_text(f"# 某县某镇前杨堡村村庄规划（2021—2035年）\n\n## 第二十条 规划范围\n\n规划范围为前杨堡村村域。\n\n"
                        f"## {section}\n\n按下表实施：\n\n{table}", encoding="utf-8")
        doc = load(path)
        result = check_transmission(doc, _indicators(doc, catalogue))
        assert len(result.projects) == projects, (section, result.projects)
        assert sum(f.kind == "project_incomplete" for f in result.findings) == projects


def test_a_year_column_headed_niandu_gives_the_projects_years(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text("# 某县某镇枫香树村村庄规划（2021—2035年）\n\n## 五、近期实施项目\n\n| 项目 | 规模 | 投资（万元） | 年度 |\n"
                    "|---|---|---|---|\n| 茶叶加工厂 | 1,800平方米 | 420 | 2023 |\n| 村主干道拓宽 | 4.3公里 | 350 | 2023—2024 |\n",
                    encoding="utf-8")
    projects = read_projects(plan_lines(load(path)))
    assert [(p.name, p.years) for p in projects] == [("茶叶加工厂", "2023"), ("村主干道拓宽", "2023—2024")]
    assert all(p.missing() == ["资金来源"] for p in projects)


def test_a_group_header_over_investment_and_funding_names_each_column_by_its_own_header(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text(
        "# 某某县某某镇竹园村村庄规划（2021—2035年）\n\n## 附表3 近期建设项目表\n\n"
        "<table><tr><td rowspan=\"2\">序号</td><td rowspan=\"2\">项目名称</td><td rowspan=\"2\">建设内容及规模</td>"
        "<td rowspan=\"2\">实施时序</td><td colspan=\"2\">资金筹措</td><td rowspan=\"2\">责任主体</td></tr>"
        "<tr><td>投资估算（万元）</td><td>资金来源</td></tr>"
        "<tr><td>1</td><td>茶叶加工厂扩建</td><td>厂房1,200平方米</td><td>2023年</td><td>360</td><td>村集体自筹</td>"
        "<td>村股份经济合作社</td></tr>"
        "<tr><td>2</td><td>林下养鸡示范基地</td><td>林下养殖区20公顷</td><td>2024年</td><td>85</td><td></td>"
        "<td>村股份经济合作社</td></tr></table>\n", encoding="utf-8")
    result = check_transmission(load(path), [])
    assert [(p.name, p.investment, p.funding) for p in result.projects] == \
        [("茶叶加工厂扩建", "360", "村集体自筹"), ("林下养鸡示范基地", "85", "")]
    assert [(f.kind, f.subject, f.detail) for f in result.findings] == \
        [("project_incomplete", "林下养鸡示范基地", "项目缺少资金来源")]


def test_a_count_of_beds_or_trees_is_a_projects_scale(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("某某县某某镇竹园村村庄规划（2021—2035年）\n\n第一章 近期建设\n\n第一条 近期建设项目\n"
                    "1．湖岸康养民宿提升，新增床位700张，2023—2025年实施，投资1,200万元，资金来源为社会资本。\n"
                    "2．村口古树保护工程，复壮古树12株，2022年实施，投资20万元，资金来源为县林业资金。\n"
                    "3．滑坡隐患治理工程，2022年实施，投资45万元，资金来源为地质灾害防治资金。\n", encoding="utf-8")
    result = check_transmission(load(path), [])
    assert [(p.name, p.scale) for p in result.projects] == \
        [("湖岸康养民宿提升", "700张"), ("村口古树保护工程", "12株"), ("滑坡隐患治理工程", "")]
    assert [(f.kind, f.subject) for f in result.findings] == [("project_incomplete", "滑坡隐患治理工程")]


INCOME_PLAN = """某某县某某镇东庄村村庄规划（2021—2035年）

第一章 发展目标

第一条 发展目标
1．产业做强。建成山药冷藏库，村集体经济收入达到30万元。
2．发展农村电商和庭院经济。培育村级电商服务点，引导农户利用庭院种植蔬菜，增加农民收入。

附表1 规划指标表
| 序号 | 指标名称 | 单位 | 2020年 | 2035年 | 属性 |
|---|---|---|---|---|---|
| 1 | 村集体经济收入 | 万元 | 8 | 30 | 预期性 |
"""


def test_the_collectives_income_does_not_quantify_a_goal_of_farmers_income(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(INCOME_PLAN, encoding="utf-8")
    unquantified = [f.subject for f in check_transmission(load(path), []).findings
                    if f.kind == "goal_without_indicator"]
    assert unquantified == ["发展农村电商和庭院经济"]
    both = INCOME_PLAN.replace("增加农民收入", "增加村集体和农户收入")
    path.write_text(both, encoding="utf-8")
    assert not [f for f in check_transmission(load(path), []).findings if f.kind == "goal_without_indicator"], \
        "a goal naming the collective's income too is measured by it"
    farmers = INCOME_PLAN.replace("| 1 | 村集体经济收入 | 万元 | 8 | 30 |", "| 1 | 农村居民人均可支配收入 | 元 | 16000 | 30000 |")
    path.write_text(farmers.replace("村集体经济收入达到30万元", "农村居民人均可支配收入达到3万元"), encoding="utf-8")
    assert not [f for f in check_transmission(load(path), []).findings if f.kind == "goal_without_indicator"]


def test_a_sentence_of_other_indicators_targets_is_no_measure(tmp_path, catalogue):
    path = tmp_path / "plan.txt"
    path.write_text("某某县某某镇竹园村村庄规划（2021—2035年）\n\n第一章 发展目标\n\n第一条 发展目标\n"
                    "宜居环境目标：生活污水治理率达到80%，卫生厕所普及率100%，人均村庄建设用地153平方米。\n\n"
                    "附表1 规划指标表\n| 指标 | 单位 | 2020年 | 2035年 | 属性 |\n|---|---|---|---|---|\n"
                    "| 人均村庄建设用地 | 平方米 | 157.6 | 153.0 | 预期性 |\n", encoding="utf-8")
    doc = load(path)
    kinds = [(f.kind, f.subject) for f in check_transmission(doc, _indicators(doc, catalogue)).findings]
    assert ("indicator_without_action", "人均村庄建设用地") in kinds, "治理率 names a target, not a measure"


GOAL_TABLE_PLAN = """某某县某某镇竹溪村村庄规划（2021—2035年）

第一章 目标定位

第一条 村庄定位
竹溪村为集聚提升类村庄，功能定位为“竹乡花谷”。

第二条 目标定位
| 序号 | 目标 | 目标内容 |
| 1 | 竹业增收 | 建设竹笋加工厂，村集体经济收入达到40万元 |
| 2 | 花谷旅游 | 依托千亩杜鹃林，发展赏花观光和民宿，打造县域赏花目的地 |
| 3 | 村庄整洁 | 生活污水处理率达到80% |

第二章 分阶段目标

第三条 分阶段目标
近期（2021—2025年）：建成竹笋加工厂和污水管网。
远期（2026—2035年）：全面完成目标任务，建成“竹乡花谷”。
各项目标的量化指标详见附表1。

附表1 规划指标表
| 序号 | 指标名称 | 单位 | 2020年 | 2035年 | 属性 |
| 1 | 村集体经济收入 | 万元 | 12 | 40 | 预期性 |
| 2 | 生活污水处理率 | % | 30 | 80 | 预期性 |

附表2 近期建设项目表
| 序号 | 项目名称 | 建设地点 | 建设规模 | 建设年限 | 投资（万元） | 资金来源 |
| 1 | 竹笋加工厂 | 村委会东侧 | 0.30公顷 | 2023年 | 260 | 衔接资金 |
| 2 | 居民点污水管网 | 竹溪、花坪 | 管网2.1公里 | 2024年 | 150 | 涉农整合资金 |
"""


def test_a_goal_table_gives_a_goal_per_row_and_a_restated_positioning_is_no_goal_of_its_own(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(GOAL_TABLE_PLAN, encoding="utf-8")
    found = check_transmission(load(path), [])
    labels = [g.label for g in found.goals if not g.headline]
    assert labels[:3] == ["竹业增收", "花谷旅游", "村庄整洁"]
    assert not any("详见附表" in g.text for g in found.goals), "a pointer to the figures is no goal"
    assert not any("全面完成目标任务" in g.text for g in found.goals if not g.headline), \
        "the 远期 aim that restates the positioning is carried by the goals before it"
    kinds = sorted((f.kind, f.subject) for f in found.findings if f.kind.startswith("goal_"))
    assert kinds == [("goal_without_indicator", "花谷旅游"), ("goal_without_project", "花谷旅游")], \
        "the goal row's serial number is no figure, and the other goals are carried"


def test_goals_under_a_section_named_for_goals_and_tasks_are_read(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("某某县某某镇竹溪村村庄规划（2021—2035年）\n\n第一章 发展目标\n\n第一条 目标任务\n"
                    "（一）守牢耕地底线。耕地保有量不低于120.50公顷。\n（二）发展林下经济。林下种植中药材50公顷。\n",
                    encoding="utf-8")
    assert [g.label for g in check_transmission(load(path), []).goals] == ["守牢耕地底线", "发展林下经济"]


def test_a_red_line_rule_that_allows_only_limited_activity_acts_on_it(tmp_path, catalogue):
    head = PLAN[PLAN.index("# "):PLAN.index("### 第二条")] + PLAN[PLAN.index("### 第三条"):PLAN.index("## 第二章")]
    rule = "\n## 第二章 生态保护\n\n### 第九条 生态保护红线\n\n生态保护红线内只允许对生态功能不造成破坏的有限人为活动。\n"
    for text, idle in ((head, True), (head + rule, False)):
        path = tmp_path / "plan.md"
        path.write_text(text, encoding="utf-8")
        doc = load(path)
        found = check_transmission(doc, _indicators(doc, catalogue))
        assert ("生态保护红线面积" in {f.subject for f in found.findings if f.kind == "indicator_without_action"}) is idle


PROJECT_FORMS = """某某县某某镇竹溪村村庄规划（2021—2035年）

第一章 近期建设

第一条 近期建设项目
| 序号 | 项目名称 | 建设地点 | 建设规模 | 2023年 | 2024年 | 2025年 | 出资主体 |
| 1 | 竹笋加工厂 | 村委会东侧 | 0.30公顷 | √ |  |  | 县农业农村局 |
| 2 | 村道提升 | 全村 | 3.2公里 |  | √ | √ | 交通部门、村集体 |
| 3 | 村庄公厕改造 | 各组 | 4座 | 近期 |  |  | 村集体 |
"""


def test_project_columns_in_other_words_ticked_years_and_a_stage_that_dates_nothing(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(PROJECT_FORMS.replace("| 近期 |  |  |", "|  |  |  |"), encoding="utf-8")
    by_name = {p.name: p for p in read_projects(plan_lines(load(path)))}
    assert by_name["竹笋加工厂"].funding == "县农业农村局" and by_name["竹笋加工厂"].years == "2023年"
    assert by_name["村道提升"].years == "2024年、2025年"
    assert by_name["村庄公厕改造"].missing() == ["建设时序"]
    path.write_text(PROJECT_FORMS.replace("| 序号 | 项目名称 | 建设地点 | 建设规模 | 2023年 | 2024年 | 2025年 | 出资主体 |",
                                          "| 序号 | 项目名称 | 建设地点 | 建设规模 | 建设年限 | 备注一 | 备注二 | 出资主体 |"),
                    encoding="utf-8")
    toilets = {p.name: p for p in read_projects(plan_lines(load(path)))}["村庄公厕改造"]
    assert toilets.years == "" and toilets.missing() == ["建设时序"], "近期 alone dates nothing"


def test_a_project_table_that_cannot_be_read_leaves_a_note_not_goal_findings(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("某某县某某镇竹溪村村庄规划（2021—2035年）\n\n第一章 发展目标\n\n第一条 发展目标\n"
                    "（一）发展乡村旅游。建设民宿集群，年接待游客5万人次。\n\n第二章 近期建设项目\n\n第二条 近期建设项目\n"
                    "近期建设项目如下表。\n表2 近期建设项目一览表\n", encoding="utf-8")
    found = check_transmission(load(path), [])
    assert not [f for f in found.findings if f.kind == "goal_without_project"]
    assert any("未能读出" in n for n in found.notes)


def test_goals_meet_indicators_and_projects_in_their_own_words():
    from gapcheck.goals import Goal
    from gapcheck.projects import Project
    from gapcheck.topics import quantifies, serves
    tea = Goal("壮大贡茶产业。改造低产茶园，提高茶叶产值", None, "", label="壮大贡茶产业")
    assert quantifies(tea, "3 | 茶叶年产值 | 万元 | 860 | 1500 | 预期性")
    inns = Goal("发展文旅和木雕产业。依托古镇客流发展客栈和木雕工坊", None, "", label="发展文旅和木雕产业")
    assert quantifies(inns, "4 | 年接待游客量 | 万人次 | 1.5 | 6 | 预期性")
    assert serves(inns, Project("木雕工坊建设"))
    services = Goal("完善公共服务设施。扩建村级综合服务中心", None, "", label="完善公共服务设施")
    assert quantifies(services, "5 | 村级综合服务设施面积 | 平方米 | 280 | 520 | 预期性")
    grain = Goal("保障国家粮食安全。粮食年产量稳定在1.2万吨", None, "", label="保障国家粮食安全")
    assert serves(grain, Project("黑土地保护性耕作示范区"))
    crafts = Goal("发展庭院经济。引导农户发展手工编织", None, "", label="发展庭院经济")
    assert not serves(crafts, Project("麻山药冷藏仓储中心")), "handicraft is no processing of produce"


def test_a_paragraph_setting_an_indicator_and_ruling_on_its_land_acts_on_it(tmp_path, catalogue):
    """规划期末…永久基本农田214.60公顷，集中在塬面。严禁占用耕地建房 carries the 永久基本农田 row into
    the plan's provisions; a 约束性 row named nowhere else is acted on by nothing."""
    path = tmp_path / "plan.md"
    path.write_text("# 某县某镇枣坪村村庄规划（2021—2035年）\n\n## 第一条 发展目标\n\n到2035年，建成黄河岸边宜居村。\n\n"
                    "## 第四条 耕地和永久基本农田\n\n规划期末耕地保有量386.90公顷，永久基本农田214.60公顷，集中在塬面和沟坝地。"
                    "严禁占用耕地建房、建窑。\n\n## 附表1 规划指标表\n\n| 序号 | 指标 | 单位 | 2020年 | 2035年 | 属性 |\n"
                    "|---|---|---|---|---|---|\n| 1 | 耕地保有量 | 公顷 | 386.20 | 386.90 | 约束性 |\n"
                    "| 2 | 永久基本农田保护面积 | 公顷 | 214.60 | 214.60 | 约束性 |\n"
                    "| 3 | 生态保护红线面积 | 公顷 | 168.30 | 168.30 | 约束性 |\n", encoding="utf-8")
    doc = load(path)
    unacted = {f.subject for f in check_transmission(doc, _indicators(doc, catalogue)).findings
               if f.kind == "indicator_without_action"}
    assert "永久基本农田保护面积" not in unacted and "耕地保有量" not in unacted
    assert "生态保护红线面积" in unacted
