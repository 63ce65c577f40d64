"""How plans lay out their near-term projects and goals (issue 15 item 4), read from real files
written here: TXT tables drawn as grids (+----+ with cells wrapped onto the next line), ruled with
dashed lines, or tab-separated with a category written once; funding split into one amount column
per source; ticked year columns under a second header row; projects as numbered items that each
became a unit of their own; goals listed in one sentence, in a stage paragraph, in a table whose
header carries years, and carried out by a section that names them; a 约束性 row that is no
catalogue indicator. Each plan is a file on disk, loaded by `ingest.load`."""
from __future__ import annotations

from pathlib import Path

import pytest

from gapcheck.catalogue import load_catalogue
from gapcheck.goals import read_goals
from gapcheck.indicators import check_indicators
from gapcheck.plan_text import cells, plan_lines
from gapcheck.projects import read_projects
from gapcheck.transmission import check_transmission
from ingest import load

HEAD = "某县某镇岭下村村庄规划（2021—2035年）\n\n第一章 总则\n\n第一条 规划范围\n规划范围为岭下村行政村域，面积412.36公顷。\n\n"


def _plan(tmp_path: Path, body: str, name: str = "plan.txt") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + body, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """The bundled corpus's shipped index (the catalogue is resolved through it)."""
    from gapcheck.catalogue import bundled_index
    from ingest.settings import Settings

    return bundled_index(Settings.from_env(home=tmp_path_factory.mktemp("kb")))


def _projects(path: Path) -> dict[str, object]:
    return {p.name: p for p in read_projects(plan_lines(load(path)))}


GRID = """第二章 近期建设

第二条 近期建设项目
近期建设项目3个，见表2。
                        表2 近期建设项目表
+------+----------------------+------------+----------------------+-------------+--------------+----------------------+
| 序号 | 项目名称             | 建设地点   | 建设规模             | 建设年限    | 投资（万元） | 资金来源             |
+======+======================+============+======================+=============+==============+======================+
| 1    | 旱作高标准农田       | 塬面       | 建设旱作高标准农田40 | 2023年      | 240          | 中央和省级财政资金   |
|      |                      |            | 公顷，集雨窖30眼     |             |              |                      |
+------+----------------------+------------+----------------------+-------------+--------------+----------------------+
| 2    | 苹果分级冷藏库       | 村委会西侧 | 新建冷藏库2000吨     | 2024—2025年 | 380          | 衔接资金、社会资本   |
+------+----------------------+------------+----------------------+-------------+--------------+----------------------+
| 3    | 旅游公厕             | 观景台     | 新建旅游公厕2座      | —           | 40           | 县文化和旅游局       |
+------+----------------------+------------+----------------------+-------------+--------------+----------------------+
"""


def test_a_grid_table_is_read_row_by_row_with_wrapped_cells_joined(tmp_path: Path) -> None:
    path = _plan(tmp_path, GRID)
    rows = [x.text for x in plan_lines(load(path)) if " | " in x.text]
    assert rows[0] == "序号 | 项目名称 | 建设地点 | 建设规模 | 建设年限 | 投资（万元） | 资金来源"
    assert cells(rows[1])[3] == "建设旱作高标准农田40公顷，集雨窖30眼"   # the wrapped cell, joined
    assert not any("+---" in x.text or "+===" in x.text for x in plan_lines(load(path)))
    projects = _projects(path)
    assert list(projects) == ["旱作高标准农田", "苹果分级冷藏库", "旅游公厕"]
    assert projects["旅游公厕"].missing() == ["建设时序"]
    assert projects["旱作高标准农田"].missing() == []


DASHED = """第二章 近期建设

第二条 近期建设项目
                        表2 近期建设项目一览表
--------------------------------------------------------------------------------------------------------
项目类型  项目名称            实施地点        建设内容及规模                    计划完成时间  资金筹措
--------------------------------------------------------------------------------------------------------
农业生产  农田水利提升        上溪畈          新建灌溉渠道2.4公里，维修山塘3口  2024年6月     县级财政资金
乡村旅游  民宿集群改造        老街片区        改造闲置民居10栋，新增床位180张   2025年12月    社会资本投资
          游客服务中心        村口            新建游客服务中心260平方米         2024年12月    乡村振兴衔接资金
--------------------------------------------------------------------------------------------------------
"""


def test_an_aligned_table_between_dashed_rules_keeps_its_header_and_its_blank_category_cells(tmp_path: Path) -> None:
    path = _plan(tmp_path, DASHED)
    rows = [x.text for x in plan_lines(load(path)) if " | " in x.text]
    assert rows[0] == "项目类型 | 项目名称 | 实施地点 | 建设内容及规模 | 计划完成时间 | 资金筹措"
    assert cells(rows[3])[:2] == ["", "游客服务中心"]   # the category left blank under 乡村旅游
    projects = _projects(path)
    assert list(projects) == ["农田水利提升", "民宿集群改造", "游客服务中心"]
    assert projects["游客服务中心"].funding == "乡村振兴衔接资金"
    assert projects["游客服务中心"].years == "2024年12月"


TABS = ("第二章 近期建设\n\n第二条 近期建设项目\n"
        "类别\t序号\t项目名称\t建设地点\t建设规模\t建设年限\t投资\t资金来源\n"
        "农业生产\t1\t高标准农田\t东大甸子\t建设高标准农田200公顷\t2023年\t600\t中央和省级财政\n"
        "\t2\t水稻育秧大棚\t村西\t新建育秧大棚30栋\t2024年\t90\t县农业农村局补助\n"
        "基础设施\t3\t屯内道路硬化\t东胜屯\t硬化道路4.8公里\t2023年\t192\t县交通运输局\n")


def test_a_tab_table_keeps_the_empty_first_cell_of_a_category_written_once(tmp_path: Path) -> None:
    projects = _projects(_plan(tmp_path, TABS))
    assert list(projects) == ["高标准农田", "水稻育秧大棚", "屯内道路硬化"]
    assert projects["水稻育秧大棚"].place == "村西"
    assert projects["水稻育秧大棚"].funding == "县农业农村局补助"


SPLIT_FUNDING = """## 第二条 近期建设项目

<html><body><table>
<tr><td rowspan="2">序号</td><td rowspan="2">项目名称</td><td rowspan="2">建设规模</td><td rowspan="2">建设年限</td><td rowspan="2">总投资（万元）</td><td colspan="3">资金构成（万元）</td></tr>
<tr><td>财政资金</td><td>村集体</td><td>社会资本</td></tr>
<tr><td>1</td><td>高标准农田建设</td><td>10.80公顷</td><td>2022—2023年</td><td>162</td><td>162</td><td>—</td><td>—</td></tr>
<tr><td>2</td><td>海产品加工集中区</td><td>厂房4,800平方米</td><td>2023—2025年</td><td>980</td><td></td><td>180</td><td>600</td></tr>
<tr><td>3</td><td>渔港码头改造</td><td>码头岸线260米</td><td>2024年</td><td>450</td><td>待定</td><td>待定</td><td>待定</td></tr>
</table></body></html>
"""


def test_funding_split_into_one_amount_column_per_source_is_every_source_with_an_amount(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text("# 某县某镇岭下村村庄规划（2021—2035年）\n\n" + SPLIT_FUNDING, encoding="utf-8")
    projects = _projects(path)
    assert projects["高标准农田建设"].funding == "财政资金 162"
    # the first source column is empty: the others still fund the project
    assert projects["海产品加工集中区"].funding == "村集体 180；社会资本 600"
    assert projects["渔港码头改造"].missing() == ["资金来源"]


TICKS = """## 第二条 近期建设项目

<html><body><table>
<tr><td rowspan="2">序号</td><td rowspan="2">项目名称</td><td rowspan="2">建设规模</td><td colspan="3">实施年度</td><td rowspan="2">资金来源</td></tr>
<tr><td>2023</td><td>2024</td><td>2025</td></tr>
<tr><td>1</td><td>通组公路硬化</td><td>3.6公里</td><td>●</td><td>●</td><td></td><td>交通建设补助资金</td></tr>
<tr><td>2</td><td>居家养老服务点</td><td>150平方米</td><td></td><td></td><td>●</td><td>民政福彩公益金</td></tr>
<tr><td>3</td><td>村卫生室改扩建</td><td>120平方米</td><td></td><td></td><td></td><td>县卫生健康部门资金</td></tr>
</table></body></html>
"""


def test_ticked_year_columns_under_a_second_header_row_of_bare_years(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text("# 某县某镇岭下村村庄规划（2021—2035年）\n\n" + TICKS, encoding="utf-8")
    projects = _projects(path)
    assert list(projects) == ["通组公路硬化", "居家养老服务点", "村卫生室改扩建"]
    assert projects["通组公路硬化"].years == "2023、2024"
    assert projects["居家养老服务点"].years == "2025"
    assert projects["村卫生室改扩建"].missing() == ["建设时序"]   # no year ticked


ITEMS = """第二章 近期建设

第二条 近期建设项目
近期（2021—2025年）安排以下3个建设项目：
1.船形屋修缮：修缮船形屋18间、谷仓12座，建设年限2022—2024年，估算投资150万元，资金来源为传统村落保护资金。
2.长者饭堂：位于村委会旁，建筑面积200平方米，建设年限2024年，估算投资50万元，资金来源为民政专项资金。
3.什雅至南梗村道拓宽：长2.6公里，路面宽6米，建设年限2022年，估算投资390万元，资金来源待定。
"""


def test_projects_written_as_numbered_items_are_read_whatever_their_names(tmp_path: Path) -> None:
    projects = _projects(_plan(tmp_path, ITEMS))
    assert list(projects) == ["船形屋修缮", "长者饭堂", "什雅至南梗村道拓宽"]
    assert projects["长者饭堂"].years == "2024年"
    assert projects["什雅至南梗村道拓宽"].missing() == ["资金来源"]   # 资金来源待定 names no source


def _goals(path: Path) -> list[str]:
    return [g.subject for g in read_goals(plan_lines(load(path))) if not g.headline]


def test_goals_listed_in_one_sentence_or_one_per_semicolon_are_one_goal_each(tmp_path: Path) -> None:
    one = _plan(tmp_path, "第二条 发展目标\n什坡村的发展目标是：严守耕地保护红线、做强绿橙产业、发展黎苗文化旅游和改善人居环境。\n",
                "one.txt")
    assert _goals(one) == ["严守耕地保护红线", "做强绿橙产业", "发展黎苗文化旅游", "改善人居环境"]
    semi = _plan(tmp_path, "第二条 发展目标\n发展目标：守住耕地红线；发展林下经济；发展山水旅游；提升人居环境。\n", "semi.txt")
    assert _goals(semi) == ["守住耕地红线", "发展林下经济", "发展山水旅游", "提升人居环境"]
    # a sentence of several clauses is still one goal, not a list
    prose = _plan(tmp_path, "第二条 发展目标\n到2035年，建成高标准农田45公顷、发展红毛丹种植，村集体经济收入达到80万元。\n",
                  "prose.txt")
    assert len(_goals(prose)) == 1


def test_a_stage_paragraph_is_its_stages_goals_not_its_introduction(tmp_path: Path) -> None:
    path = _plan(tmp_path, "第二条 发展目标\n规划分近、远两期推进。近期（2021—2025年）：守住耕地保护底线，建成高标准农田26.8公顷；"
                           "壮大猕猴桃产业，扩种红心猕猴桃18公顷；远期（2026—2035年）：猕猴桃和苗寨旅游成为村民增收的两大支柱。\n")
    goals = [g.text for g in read_goals(plan_lines(load(path)))]
    assert not any(g.startswith("规划分近、远两期推进") for g in goals)
    assert any("壮大猕猴桃产业" in g for g in goals) and len(goals) == 3


GOAL_TABLE = """## 第二条 目标体系

<html><body><table>
<tr><td>目标类别</td><td>近期目标（至2025年）</td><td>远期目标（至2035年）</td><td>对应指标</td></tr>
<tr><td>做精山地果品</td><td>改造板栗低产园15公顷</td><td>板栗和红果种植面积达到60公顷</td><td>板栗和红果种植面积</td></tr>
<tr><td>发展长城民宿旅游</td><td>改造闲置农房发展精品民宿</td><td>民宿床位达到400张</td><td>民宿床位数</td></tr>
</table></body></html>
"""


def test_a_goal_table_whose_header_carries_years_is_no_goal_and_each_row_keeps_every_stage(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text("# 某县某镇岭下村村庄规划（2021—2035年）\n\n" + GOAL_TABLE, encoding="utf-8")
    goals = read_goals(plan_lines(load(path)))
    assert [g.subject for g in goals] == ["做精山地果品", "发展长城民宿旅游"]
    assert "改造板栗低产园15公顷" in goals[0].text and "板栗和红果种植面积达到60公顷" in goals[0].text


CARRIED = """第二条 发展目标
五道营子村的发展目标为：（1）守住耕地底线；（2）发展设施农业；（3）提升村庄宜居水平。

第三条 规划指标
序号 | 指标名称 | 单位 | 基期 | 目标 | 属性
1 | 耕地保有量 | 公顷 | 312.60 | 312.60 | 约束性
2 | 设施农业面积 | 公顷 | 26 | 50 | 预期性
3 | 村内道路硬化率 | % | 65 | 100 | 预期性
4 | 湿地保护面积 | 公顷 | 6.82 | 6.82 | 约束性

第四条 耕地保护
耕地保有量不低于312.60公顷，村东川地建设高标准农田。

第五条 设施农业
在村北集中建设日光温室园区，设施农业面积达到50公顷。

第六条 村庄建设
本章落实“提升村庄宜居水平”目标。硬化前营子道路，村内道路硬化率达到100%。

第七条 近期建设项目
序号 | 项目名称 | 建设规模 | 建设年限 | 资金来源
1 | 高标准农田 | 60公顷 | 2023年 | 财政资金
2 | 日光温室园区 | 80栋 | 2023—2024年 | 社会资本
3 | 前营子道路硬化 | 5.6公里 | 2024年 | 财政资金
"""


def test_a_goal_carried_out_by_a_section_naming_it_and_a_binding_row_nothing_acts_on(tmp_path: Path, shipped) -> None:
    doc = load(_plan(tmp_path, CARRIED))
    indicators = check_indicators(doc.text, doc.text.split("\n"), "内蒙古自治区", load_catalogue("village_plan", shipped))
    found = check_transmission(doc, indicators).findings
    kinds = {(f.kind, f.subject) for f in found}
    # 提升村庄宜居水平 names neither 道路 nor 硬化: the 第六条 that carries it out does
    assert not any(subject == "提升村庄宜居水平" for _, subject in kinds)
    assert [g.subject for g in read_goals(plan_lines(doc))] == ["守住耕地底线", "发展设施农业", "提升村庄宜居水平"]
    # 湿地保护面积 is 约束性 and no catalogue indicator: nothing in the plan acts on it
    assert ("indicator_without_action", "湿地保护面积") in kinds
    assert len(found) == 1, found


def test_a_numbered_goal_wrapped_mid_sentence_is_one_line_again(tmp_path: Path) -> None:
    """Text copied out of a PDF keeps its typeset breaks: （一）…建成高标 / 准农田…. A numbered item
    that is a sentence runs on to its end; a numbered heading does not take the next line."""
    path = _plan(tmp_path, "第二条 发展目标\n到2035年，岩落寨村的发展目标为：\n"
                           "（一）守牢耕地红线。落实上级下达的耕地保护任务，大坪、下寨田垅建成高标\n准农田，粮食和百合生产稳定。\n"
                           "（二）做强百合产业。建成百合初加工与冷藏车间，百合种植、加工、销售一体\n发展，村集体经济收入达到60万元。\n"
                           "（三）规划指标\n规划指标详见附表1。\n"
                           "第三条 近期建设项目\n"
                           "1.新建停车场。整合闲置土地约3000平方米建设停车场。（牵头部门：农业农村办）\n"
                           "2.新建充电桩。在村道两旁建设新能源充电桩。（牵头部门：道路事务中心）\n")
    texts = [x.text for x in plan_lines(load(path))]
    assert "（一）守牢耕地红线。落实上级下达的耕地保护任务，大坪、下寨田垅建成高标准农田，粮食和百合生产稳定。" in texts
    assert "（二）做强百合产业。建成百合初加工与冷藏车间，百合种植、加工、销售一体发展，村集体经济收入达到60万元。" in texts
    assert "规划指标详见附表1。" in texts
    # an item that ends in its closing note is whole: the next item is not its continuation
    assert not any("（牵头部门：农业农村办）2." in t for t in texts)
    assert [g.subject for g in read_goals(plan_lines(load(path))) if not g.headline] == ["守牢耕地红线", "做强百合产业"]


NAME_AND_CONTENT = """第二章 近期建设

第二条 近期建设项目
表2 近期建设项目表
序号 | 项目名称及建设内容 | 建设地点 | 实施时间 | 投资估算（万元） | 资金来源
一 | 产业发展类 | 产业发展类 | 产业发展类 | 产业发展类 | 产业发展类
1 | 毛竹林道建设：新建竹林道6.5公里 | 后山竹林 | 2024年 | 195 | 省级林业专项资金
2 | 竹笋加工厂扩建：扩建加工车间800平方米 | 村工业集中区 | 2024-2025 | 260 | 县级衔接资金、企业自筹
二 | 基础设施类 | 基础设施类 | 基础设施类 | 基础设施类 | 基础设施类
3 | 游客停车场 | 村委会东侧 | “十四五”期间 | 45 | 85万元
4 | 梯田观景台 | 山顶 | 根据资金情况 | 30 | 村集体
"""


def test_a_column_of_name_and_content_category_rows_after_a_numeral_and_times_that_date_nothing(tmp_path: Path) -> None:
    """项目名称及建设内容 holds the name before the colon and what it builds after; 一 | 产业发展类
    spanning the row is a category; “十四五”期间 and 根据资金情况 are no years, 85万元 is no source."""
    got = _projects(_plan(tmp_path, NAME_AND_CONTENT.replace(" | ", "\t").replace("\t", " | ")))
    assert list(got) == ["毛竹林道建设", "竹笋加工厂扩建", "游客停车场", "梯田观景台"]
    assert got["毛竹林道建设"].scale == "6.5公里" and got["毛竹林道建设"].years == "2024年"
    assert got["竹笋加工厂扩建"].years == "2024-2025"
    assert got["游客停车场"].scale == "" and got["游客停车场"].years == "" and got["游客停车场"].funding == ""
    assert got["梯田观景台"].years == "" and got["梯田观景台"].funding == "村集体"


def test_funding_in_a_row_under_each_project_or_in_a_note_under_the_table(tmp_path: Path) -> None:
    """资金来源：… spanning the row under a project is that project's funding (资金来源：— is none);
    注：以上项目资金来源均为… under a table without a funding column funds every row."""
    from docx import Document as Docx

    doc = Docx()
    doc.add_paragraph("某县某镇岭下村村庄规划（2021—2035年）")
    doc.add_paragraph("第一条 近期建设项目")
    rows = [["序号", "项目名称", "建设地点", "建设规模", "建设年限", "投资（万元）"],
            ["1", "高标准农田建设", "河谷片", "建设高标准农田28公顷", "2024年", "168"],
            ["", "资金来源：中央财政衔接资金"] + [""] * 4,
            ["2", "芒果分拣冷链中心", "村部东侧", "新建冷库800立方米", "2025年", "320"],
            ["", "资金来源：—"] + [""] * 4]
    table = doc.add_table(rows=len(rows), cols=6)
    for r, values in enumerate(rows):
        for c, v in enumerate(values):
            table.cell(r, c).text = v
    for r in (2, 4):   # the funding row merged across the name and the columns after it
        table.cell(r, 1).merge(table.cell(r, 5))
    path = tmp_path / "plan.docx"
    doc.save(str(path))
    got = _projects(path)
    assert list(got) == ["高标准农田建设", "芒果分拣冷链中心"]
    assert got["高标准农田建设"].funding == "中央财政衔接资金" and got["芒果分拣冷链中心"].funding == ""

    noted = _plan(tmp_path, "第二章 近期建设\n\n第二条 近期建设项目\n"
                  "序号 | 项目名称 | 建设地点 | 建设规模 | 实施年度 | 投资（万元）\n"
                  "1 | 圩区高标准农田改造 | 北圩 | 改造农田40公顷 | 2024年度 | 240\n"
                  "2 | 村集体标准厂房 | 工业集中点 | 新建厂房1800平方米 | 2024年度 | 270\n"
                  "注：以上项目资金来源均为县级财政衔接资金和村集体自筹。\n", name="noted.txt")
    assert {p.funding for p in _projects(noted).values()} == {"县级财政衔接资金和村集体自筹"}


def test_a_merged_name_over_phases_and_over_rows_that_differ_only_in_what_they_build(tmp_path: Path) -> None:
    """项目名称 over two columns (板栗精深加工园 | 一期) or a 子项目 column: one project per phase,
    named with it; a merged 序号, name, years and money over rows that differ only in their
    content: one project whose scale is both."""
    got = _projects(_plan(tmp_path, "第二章 近期建设\n\n第二条 近期建设项目\n"
                          "序号 | 项目名称 | 项目名称 | 建设地点 | 建设规模 | 建设年限 | 投资（万元） | 资金来源\n"
                          "1 | 板栗精深加工园 | 一期 | 村东 | 新建车间1500平方米 | 2024年 | 450 | 县级衔接资金\n"
                          "1 | 板栗精深加工园 | 二期 | 村东 | 建设生产线2条 | 适时 | 600 | 招商引资\n"
                          "2 | 游步道 | 游步道 | 村北 | 新建游步道3.2公里 | 2025年 | 160 | 县文化和旅游局\n\n"
                          "第三条 续表\n"
                          "序号 | 项目名称 | 建设地点 | 建设内容 | 建设年限 | 投资（万元） | 资金来源\n"
                          "3 | 茶园提质增效 | 茶山片 | 改造老茶园30公顷 | 2024～2025年 | 150 | 县级衔接资金\n"
                          "3 | 茶园提质增效 | 茶山片 | 新建机耕道2.2公里 | 2024～2025年 | 150 | 县级衔接资金\n"))
    assert list(got) == ["板栗精深加工园（一期）", "板栗精深加工园（二期）", "游步道", "茶园提质增效"]
    assert got["板栗精深加工园（二期）"].years == "" and got["板栗精深加工园（一期）"].years == "2024年"
    assert got["茶园提质增效"].scale == "30公顷；2.2公里"


def test_projects_written_as_fields_name_place_scale_time_money(tmp_path: Path) -> None:
    got = _projects(_plan(tmp_path, "第二章 近期建设\n\n第二条 近期建设项目\n近期安排建设项目2个，具体如下：\n"
                          "（1）名称：山地果园提升；地点：南岭；规模：改造果园28公顷；时间：2024年；投资：112万元；资金：县级衔接资金、果农自筹\n"
                          "（2）名称：游客服务驿站；地点：村口；规模：—；时间：2025年；投资：80万元；资金：社会资本\n"))
    assert list(got) == ["山地果园提升", "游客服务驿站"]
    assert got["山地果园提升"].funding == "县级衔接资金、果农自筹" and got["山地果园提升"].investment == "112万元"
    assert got["游客服务驿站"].scale == "" and got["游客服务驿站"].years == "2025年"


def test_near_term_goals_in_sections_of_their_own_and_short_numbered_goals(tmp_path: Path) -> None:
    """近期目标 and 远期目标 as two sections: the 远期 one restates the same goals as outcomes and
    adds none, and 近期（至2025年）， opening a paragraph is when, not what; a numbered goal as short
    as 3．发展现代畜牧业。 is a goal."""
    staged = _plan(tmp_path, "第二章 发展目标\n\n第二条 近期目标\n"
                   "近期（至2025年），守住耕地保护红线，建成高标准农田28公顷；做强芒果产业，建成芒果标准化示范园。\n\n"
                   "第三条 远期目标\n远期（至2035年），耕地数量不减少、质量有提升，芒果全产业链年产值超过1亿元。\n")
    assert [g.text for g in read_goals(plan_lines(load(staged)))] == \
        ["守住耕地保护红线，建成高标准农田28公顷", "做强芒果产业，建成芒果标准化示范园"]
    numbered = _plan(tmp_path, "第二章 发展目标\n\n第二条 发展目标\n1．守住耕地保护红线。\n2．保护修复天山草原。\n"
                     "3．发展现代畜牧业。\n4．改善定居点人居环境。\n", name="numbered.txt")
    assert [g.text for g in read_goals(plan_lines(load(numbered)))] == \
        ["守住耕地保护红线", "保护修复天山草原", "发展现代畜牧业", "改善定居点人居环境"]


BOX = """第二章 近期建设

第二条 近期建设项目
近期建设项目2个，见表2。
                        表2 近期建设项目表
┌──────┬──────────────────┬────────────┬────────────────────────┬─────────────┬──────────┬──────────────────────┐
│ 序号 │ 项目名称         │ 建设地点   │ 建设规模               │ 建设期限    │ 投资（万 │ 资金来源             │
│      │                  │            │                        │             │ 元）     │                      │
├──────┼──────────────────┼────────────┼────────────────────────┼─────────────┼──────────┼──────────────────────┤
│ 1    │ 旱作高标准农田建 │ 东坡、西坡 │ 建设旱作高标准农田40公 │ 2024年      │ 240      │ 中央和省级农田建设补 │
│      │ 设               │            │ 顷，配套集雨窖20眼     │             │          │ 助资金               │
├──────┼──────────────────┼────────────┼────────────────────────┼─────────────┼──────────┼──────────────────────┤
│ 2    │ 蔬菜保鲜库       │ 村东       │ 新建保鲜库500立方米    │ 2025年      │ 75       │ 县级衔接资金         │
└──────┴──────────────────┴────────────┴────────────────────────┴─────────────┴──────────┴──────────────────────┘

第三章 规划实施
"""


def test_a_table_drawn_with_box_drawing_characters_is_a_grid_table(tmp_path: Path) -> None:
    got = _projects(_plan(tmp_path, BOX))
    assert list(got) == ["旱作高标准农田建设", "蔬菜保鲜库"]
    first = got["旱作高标准农田建设"]
    assert (first.scale, first.years, first.investment, first.funding) == (
        "建设旱作高标准农田40公顷，配套集雨窖20眼", "2024年", "240", "中央和省级农田建设补助资金")


def test_project_cards_keep_every_field_line_however_often_its_form_recurs(tmp_path: Path) -> None:
    """项目一  名称 over 建设地点：… / 估算投资：…万元 lines: a field line whose form recurs under each
    card (估算投资：#万元) is content, not a running header of a text without pages."""
    cards = "".join(f"项目{n}  {name}\n    建设地点：{place}\n    建设内容：{what}\n    建设期限：2024年\n"
                    f"    估算投资：{money}万元\n    资金来源：{funding}\n\n"
                    for n, name, place, what, money, funding in (
                        ("一", "翠兰茶园提质增效", "茶山组", "改造低产茶园40公顷", 210, "省级茶产业发展资金"),
                        ("二", "茶叶加工厂清洁化改造", "村部东侧", "改造加工厂房900平方米", 280, "县级衔接资金、企业自筹"),
                        ("三", "高山茭白基地", "高山组", "建设茭白基地30公顷", 135, "中央财政衔接资金")))
    path = _plan(tmp_path, "第二章 近期建设\n\n第二条 近期建设项目\n近期安排建设项目3个，各项目情况如下。\n" + cards
                 + "第三章 规划实施\n\n第三条 组织实施\n村民委员会负责实施。\n")
    assert load(path).text.count("估算投资：") == 3 and load(path).text.count("建设期限：2024年") == 3
    got = _projects(path)
    assert list(got) == ["翠兰茶园提质增效", "茶叶加工厂清洁化改造", "高山茭白基地"]
    second = got["茶叶加工厂清洁化改造"]
    assert (second.place, second.scale, second.years, second.investment, second.funding) == (
        "村部东侧", "改造加工厂房900平方米", "2024年", "280万元", "县级衔接资金、企业自筹")


def test_money_in_a_remarks_column_same_as_above_cells_and_sources_under_the_investment(tmp_path: Path) -> None:
    """备注 stating 资金来源：… funds its row (an amount alone does not); 同上 repeats the cell above;
    投资估算（万元） over 总投资 | 其中：财政资金 | 自筹 funds a row by the sub-columns with an amount."""
    remarks = ("第二章 近期建设\n\n第二条 近期建设项目\n\n| 序号 | 项目名称 | 建设内容 | 建设时限 | 备注 |\n|---|---|---|---|---|\n"
               "| 1 | 白茶基地扩建 | 新建白茶基地25公顷 | 2024—2025年 | 估算投资200万元，资金来源：省级茶产业发展资金 |\n"
               "| 2 | 高标准农田改造提升 | 改造提升高标准农田20公顷 | 同上 | 估算投资120万元 |\n")
    got = _projects(_plan(tmp_path, remarks, "plan.md"))
    assert (got["白茶基地扩建"].funding, got["白茶基地扩建"].investment) == ("省级茶产业发展资金", "200万元")
    assert (got["高标准农田改造提升"].funding, got["高标准农田改造提升"].years) == ("", "2024—2025年")
    split = ("第二章 近期建设\n\n第二条 近期建设项目\n\n"
             "| 序号 | 项目名称 | 建设规模 | 建设年限 | 投资估算（万元） | 投资估算（万元） | 投资估算（万元） |\n|---|---|---|---|---|---|---|\n"
             "| 序号 | 项目名称 | 建设规模 | 建设年限 | 总投资 | 其中：财政资金 | 自筹 |\n"
             "| 1 | 林下参基地 | 40公顷 | 2024年 | 200 | 120 | 80 |\n| 2 | 晾晒场 | 2000平方米 | 2025年 | 130 | — | — |\n")
    got = _projects(_plan(tmp_path, split, "split.md"))
    assert (got["林下参基地"].funding, got["林下参基地"].investment) == ("财政资金 120；自筹 80", "200")
    assert got["晾晒场"].funding == "" and got["晾晒场"].missing() == ["资金来源"]


def test_goals_named_by_their_own_headings_and_goals_in_an_indicator_tables_goal_column(tmp_path: Path, shipped) -> None:
    """第三条 产业兴旺目标 / 第四条 乡风文明目标: each a goal named by its heading. 表1 with a 发展目标 column
    written on its group's first row: the group's rows are its indicators, a row of — across gives
    none (goal_without_indicator), and a goal cell however short (发展林下香菇) is a goal. A cap
    stated in a sentence (户均宅基地面积不超过133平方米) is a rule acting on the indicator it gives."""
    catalogue = load_catalogue("village_plan", shipped)
    headed = _plan(tmp_path, "第二章 发展目标\n\n第三条 产业兴旺目标\n做强高山茶产业，茶园面积达到100公顷，改扩建茶叶加工厂。\n\n"
                   "第四条 乡风文明目标\n传承民俗文化，办好花鼓戏等群众文化活动，每个村民小组都有文化活动场所。\n\n", "headed.txt")
    goals = read_goals(plan_lines(load(headed)))
    assert [g.label for g in goals] == ["产业兴旺", "乡风文明"]
    table = ("第二章 发展目标与规划指标\n\n规划确定三项发展目标，见表1。\n表1 发展目标与规划指标表\n"
             "序号\t发展目标\t指标名称\t单位\t2020年\t2035年\t属性\n"
             "1\t守住耕地保护红线\t耕地保有量\t公顷\t88.20\t88.20\t约束性\n"
             "2\t\t永久基本农田保护面积\t公顷\t70.35\t70.35\t约束性\n"
             "3\t发展林下香菇\t香菇种植规模\t万袋\t50\t200\t预期性\n"
             "4\t弘扬红色文化\t—\t—\t—\t—\t—\n\n"
             "第三章 近期建设\n\n第五条 近期建设项目\n\n"
             "序号\t项目名称\t建设规模\t建设年限\t投资（万元）\t资金来源\n"
             "1\t高标准农田建设\t20公顷\t2024年\t120\t中央财政农田建设补助资金\n"
             "2\t香菇大棚\t40座\t2024年\t160\t县级衔接资金\n"
             "3\t红色教育基地\t修缮旧址2处\t2024年\t85\t省级红色旅游专项资金\n\n"
             "第四章 耕地保护\n\n第六条 耕地保护\n耕地保有量不低于88.20公顷，永久基本农田保护面积不低于70.35公顷，严禁占用。\n\n"
             "第七条 农房建设\n新增宅基地一户一宅，户均宅基地面积不超过133平方米。\n")
    path = _plan(tmp_path, table, "table.txt")
    doc = load(path)
    goals = read_goals(plan_lines(doc))
    assert [(g.text, g.measures) for g in goals] == [
        ("守住耕地保护红线", ("耕地保有量", "永久基本农田保护面积")), ("发展林下香菇", ("香菇种植规模",)), ("弘扬红色文化", ())]
    found = {(f.kind, f.subject) for f in check_transmission(
        doc, check_indicators(doc.text, doc.text.split("\n"), "河南省", catalogue)).findings}
    assert ("goal_without_indicator", "弘扬红色文化") in found
    assert not {s for _, s in found} & {"守住耕地保护红线", "发展林下香菇"}, found
    assert ("goal_without_project", "弘扬红色文化") not in found, "红色教育基地 carries it"
    # an indicator read from a sentence that rules on it (户均宅基地面积不超过133平方米) is acted on by that rule
    assert any(i.name == "户均宅基地面积" and i.target == 133 for i in check_indicators(
        doc.text, doc.text.split("\n"), "河南省", catalogue))
    assert ("indicator_without_action", "户均宅基地面积") not in found, found


def test_money_by_year_sub_projects_and_a_list_given_twice(tmp_path: Path) -> None:
    """分年度投资 over 2023年 | 2024年 | 2025年: a project's years are those it has money in (none: no
    years); 1、 over 1.1 and 1.2 is a group, not a project, and a sub-row's blank funding is the merged
    cell above; a short list in the text and the full one in 附表 give each project once, with both."""
    yearly = ("第二章 近期建设\n\n第二条 近期建设项目\n\n近期（2023—2025年）安排项目3项。\n\n"
              "| 序号 | 项目名称 | 建设内容及规模 | 总投资（万元） | 分年度投资（万元） | 分年度投资（万元） | 分年度投资（万元） | 资金来源 |\n"
              "|---|---|---|---|---|---|---|---|\n"
              "| 序号 | 项目名称 | 建设内容及规模 | 总投资（万元） | 2023年 | 2024年 | 2025年 | 资金来源 |\n"
              "| 1 | 标准茶园建设 | 新建标准茶园32公顷 | 256 | — | 128 | 128 | 省级农业产业化资金 |\n"
              "| 2 | 彩带工坊 | 改造民房260平方米 | 90 | — | — | — | 村集体 |\n")
    got = _projects(_plan(tmp_path, yearly, "yearly.md"))
    assert got["标准茶园建设"].years == "2024年、2025年"
    assert got["彩带工坊"].years == "" and got["彩带工坊"].missing() == ["建设时序"]
    groups = ("第二章 近期建设\n\n第二条 近期建设项目\n\n"
              "| 序号 | 项目名称 | 建设规模 | 建设年限 | 投资（万元） | 资金来源 |\n|---|---|---|---|---|---|\n"
              "| 1、 | 农村道路提升工程 | | | 420 | |\n"
              "| 1.1 | 通组道路硬化 | 5.6公里 | 2023—2024年 | 280 | 县交通运输局补助资金 |\n"
              "| 1.2 | 产业便道建设 | 3.5公里 | 2024年 | 140 | |\n"
              "| 2、 | 土家文化传习所 | 450平方米 | 2025年 | 135 | |\n")
    got = _projects(_plan(tmp_path, groups, "groups.md"))
    assert set(got) == {"通组道路硬化", "产业便道建设", "土家文化传习所"}
    assert got["产业便道建设"].funding == "县交通运输局补助资金"
    assert got["土家文化传习所"].funding == ""
    twice = ("第二章 近期建设\n\n第二条 近期建设项目\n\n| 序号 | 项目名称 | 建设内容 | 实施年限 |\n|---|---|---|---|\n"
             "| 1 | 蜜桃示范园 | 建设示范园30公顷 | 2024—2025年 |\n\n附表 近期建设项目表\n\n"
             "| 序号 | 项目名称 | 建设地点 | 建设规模 | 投资（万元） | 资金来源 | 实施年限 |\n|---|---|---|---|---|---|---|\n"
             "| 1 | 蜜桃示范园 | 东岭 | 30公顷 | 180 | 省级农业产业化资金 100；合作社自筹 80 | 2024—2025年 |\n")
    got = read_projects(plan_lines(load(_plan(tmp_path, twice, "twice.md"))))
    assert len(got) == 1 and got[0].funding.startswith("省级农业产业化资金") and got[0].place == "东岭"


def test_rows_under_a_header_that_wrapped_over_three_lines(tmp_path: Path) -> None:
    """A printed table whose header cells wrapped (序投资（实施年限及责任 / 项目名称建设地点及规模…) leaves
    rows of cells under a run-together header: each row is read by its cells' form."""
    body = ("第二章 近期建设\n\n第二条 近期建设项目\n\n表2 近期建设项目表\n序投资（实施年限及责任\n"
            "项目名称建设地点及规模建设内容资金来源\n号万元）单位\n"
            "1 丹霞游客驿站 | 主村，新建驿站320平方米 | 建设游客接待及公厕 | 180 | 省级旅游发展资金 | 2024年上青乡人民政府\n"
            "2 民宿集群改造 | 下坑自然村，改造民宿12栋 | 闲置农房改造为民宿 | 240 | 社会资本、村集体 | 上青乡人民政府\n"
            "合计 | | | 420 | |\n")
    got = _projects(_plan(tmp_path, body))
    assert set(got) == {"丹霞游客驿站", "民宿集群改造"}
    p = got["丹霞游客驿站"]
    assert (p.scale, p.years, p.investment, p.funding) == ("320平方米", "2024年", "180", "省级旅游发展资金")
    assert got["民宿集群改造"].missing() == ["建设时序"]


def test_a_goal_and_its_steps_in_one_sentence_is_one_goal(tmp_path: Path) -> None:
    """做强侗族大歌文化旅游，建设演艺中心和旅游环线，打造侗寨文化体验目的地 is one goal and its steps;
    严守耕地保护红线、做强绿橙产业、发展黎苗文化旅游和改善人居环境 lists four."""
    body = ("第二章 发展目标\n\n第三条 发展目标\n规划确定以下发展目标：\n"
            "做强侗族大歌文化旅游，建设演艺中心和旅游环线，打造侗寨文化体验目的地；\n"
            "严守耕地保护红线、做强绿橙产业、发展黎苗文化旅游和改善人居环境。\n")
    goals = [g.text for g in read_goals(plan_lines(load(_plan(tmp_path, body))))]
    assert "做强侗族大歌文化旅游，建设演艺中心和旅游环线，打造侗寨文化体验目的地" in goals
    assert {"严守耕地保护红线", "做强绿橙产业", "发展黎苗文化旅游", "改善人居环境"} <= set(goals)
