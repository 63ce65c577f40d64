"""Gap-check building blocks: catalogue loading, indicators and their rules, obligations, reports."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from app.cli import cli
from gapcheck.catalogue import load_catalogue
from gapcheck.indicators import check_indicators
from gapcheck.obligations import obligations
from ingest import load
from ingest.errors import CatalogueError

EXPECTED_IDS = [f"VP{n:02d}" for n in range(1, 15)]




def test_village_plan_catalogue_resolves_its_basis(catalogue):
    assert [r.id for r in catalogue.requirements] == EXPECTED_IDS
    assert catalogue.requirement("VP13").name.startswith("村民参与与审批程序")
    vp13 = catalogue.requirement("VP13")
    assert any(b.doc == "城乡规划法" and b.label == "第二十二条" and "村民会议或者村民代表会议讨论同意" in b.text
               for b in vp13.basis)
    vp07 = catalogue.requirement("VP07")
    assert any("一户只能拥有一处宅基地" in b.text for b in vp07.basis)
    assert all(r.basis and all(b.text for b in r.basis) for r in catalogue.requirements)
    caps = {c.province: c for c in catalogue.homestead_caps}
    assert caps["广东省"].caps["山区"] == 150 and "一百五十平方米" in caps["广东省"].basis.text
    assert caps["浙江省"].caps["耕地"] == 125 and "一百二十五平方米" in caps["浙江省"].basis.text


def test_unresolvable_citation_is_an_error_with_its_line(tmp_path, index):
    path = tmp_path / "bad.yaml"
    path.write_text("""id: bad
requirements:
  - id: X01
    name: 测试
    sub_items:
      - {name: a, terms: [规划]}
    basis:
      - {doc: 土地管理法, label: 第九百九十九条}
""", encoding="utf-8")
    with pytest.raises(CatalogueError) as err:
        load_catalogue(str(path), index)
    assert "bad.yaml" in str(err.value) and "第 8 行" in str(err.value) and "第九百九十九条" in str(err.value)


@pytest.mark.parametrize("text, message", [
    ("id: x\nrequirements: [\n", "YAML"),
    ("id: x\n", "requirements"),
    ("id: x\nrequirements:\n  - {id: A, name: a, sub_items: [{name: s, terms: [t]}]}\n"
     "  - {id: A, name: b, sub_items: [{name: s, terms: [t]}]}\n", "重复"),
])
def test_bad_catalogues(tmp_path, text, message, index):
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as err:
        load_catalogue(str(path), index)
    assert message in str(err.value)


def test_indicators_from_tables_and_sentences(catalogue):
    lines = ["规划指标表", "指标 | 基期年（2020年） | 目标年（2035年） | 单位",
             "耕地保有量 | 152.30 | 152.30 | 公顷", "生态保护红线面积 | 56.2 | 50.0 | 公顷",
             "村庄建设用地规模 | 35.2 | 33.8 | 公顷", "户均宅基地面积 | - | 180 | 平方米"]
    text = "本村地处广东省梅州市平远县山区。永久基本农田保护面积由基期年的3234亩调整为目标年的3150亩。\n" + "\n".join(lines)
    found = {i.name: i for i in check_indicators(text, text.split("\n"), "广东省梅州市", catalogue)}
    assert found["耕地保有量"].status == "ok"
    red = found["生态保护红线面积"]
    assert (red.base, red.target, red.unit, red.status) == (56.2, 50.0, "公顷", "conflict")
    farm = found["永久基本农田保护面积"]
    assert farm.status == "conflict" and farm.unit == "公顷" and farm.base == pytest.approx(215.6, abs=0.01)
    plot = found["户均宅基地面积"]
    assert plot.status == "conflict" and "150" in plot.rule and "广东省土地管理条例" in plot.rule
    assert plot.basis and plot.basis[0].label == "第四十二条"
    assert found["村庄建设用地规模"].status == "ok"
    d = plot.to_dict()
    assert list(d) == ["name", "base", "target", "unit", "status", "rule", "basis"]


def test_homestead_cap_depends_on_terrain_and_province(catalogue):
    row = ["指标 | 现状 | 规划 | 单位", "户均宅基地面积 | 100 | 110 | 平方米"]
    plain = "本村位于广东省茂名市平原地区。\n" + "\n".join(row)
    hill = "本村位于广东省茂名市丘陵地区。\n" + "\n".join(row)
    assert check_indicators(plain, plain.split("\n"), "广东省", catalogue)[0].status == "conflict"
    assert check_indicators(hill, hill.split("\n"), "广东省", catalogue)[0].status == "ok"
    row = ["指标 | 现状 | 规划 | 单位", "户均宅基地面积 | 110 | 130 | 平方米"]
    zj = "浙江省丽水市某村，新建农房使用耕地。\n" + "\n".join(row)
    assert check_indicators(zj, zj.split("\n"), "浙江省", catalogue)[0].status == "conflict"
    sd = "山东省临沂市某村。\n" + "\n".join(row)
    result = check_indicators(sd, sd.split("\n"), "山东省", catalogue)[0]
    assert result.status == "unknown" and "未检查" in result.rule


def test_obligations_of_a_law():
    from conftest import CORPUS
    doc = load(CORPUS / "laws" / "城乡规划法_2019-04-23.md")
    items = obligations(doc.clauses)
    art22 = [o for o in items if o.label == "第二十二条"]
    assert art22 and art22[0].modal == "应当" and "村民会议或者村民代表会议讨论同意" in art22[0].requirement
    assert any(o.subject == "县级以上地方人民政府" for o in items)
    assert not any("是指" in o.sentence for o in items)


def test_obligations_cli_writes_a_loadable_draft_catalogue(tmp_path, monkeypatch, index):
    from conftest import CORPUS
    out = tmp_path / "draft.yaml"
    result = CliRunner().invoke(cli, ["obligations", str(CORPUS / "local" / "绍兴市村庄规划建设条例_2020-08-18.md"),
                                      "--yaml", str(out), "--json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert items and {"label", "modal", "subject", "requirement", "sentence", "terms"} == set(items[0])
    draft = load_catalogue(str(out), index)  # the draft's basis resolves in the knowledge base
    assert len(draft.requirements) == len(items)


# ---- basis by jurisdiction ---------------------------------------------------------------------

MIXED_BASIS = """id: mixed
requirements:
  - id: X01
    name: 规划期限
    headings: [规划期限]
    sub_items:
      - {name: 期限, terms: [规划期限]}
    basis:
      - {doc: 绍兴市村庄规划建设条例, label: 第十二条}
      - {doc: 浙江省城乡规划条例, label: 第十二条}
      - {doc: 城乡规划法, label: 第十八条}
      - {doc: 衢州市农村住房建设管理条例, label: 第三条}
      - {doc: 广东省土地管理条例, label: 第四十二条}
"""


@pytest.fixture(scope="module")
def mixed(tmp_path_factory, index):
    path = tmp_path_factory.mktemp("cat") / "mixed.yaml"
    path.write_text(MIXED_BASIS, encoding="utf-8")
    return load_catalogue(str(path), index)


def test_basis_documents_carry_their_region(mixed):
    regions = {b.doc: b.region for b in mixed.requirements[0].basis}
    assert regions == {"绍兴市村庄规划建设条例": "浙江省绍兴市", "浙江省城乡规划条例": "浙江省", "城乡规划法": "",
                       "衢州市农村住房建设管理条例": "浙江省衢州市", "广东省土地管理条例": "广东省"}


@pytest.mark.parametrize("region, city, expected", [
    ("浙江省衢州市", "衢州市", ["城乡规划法", "浙江省城乡规划条例", "衢州市农村住房建设管理条例"]),
    ("浙江省新昌县", "绍兴市", ["城乡规划法", "浙江省城乡规划条例", "绍兴市村庄规划建设条例"]),
    ("浙江省绍兴市柯桥区", "", ["城乡规划法", "浙江省城乡规划条例", "绍兴市村庄规划建设条例"]),
    ("浙江省安吉县", "湖州市", ["城乡规划法", "浙江省城乡规划条例"]),
    ("广东省大埔县", "梅州市", ["城乡规划法", "广东省土地管理条例"]),
    ("", "", ["城乡规划法"]),
])
def test_basis_national_then_province_then_city_and_no_other_place(mixed, region, city, expected):
    from gapcheck.catalogue import basis_for_plan
    assert [b.doc for b in basis_for_plan(mixed.requirements[0].basis, region, city)] == expected


def test_plan_city_from_region_or_text():
    from ingest.regions import plan_city, province_of
    assert province_of("浙江省安吉县") == "浙江省" and province_of("") == ""
    assert plan_city("浙江省衢州市", "") == "衢州市"
    assert plan_city("浙江省安吉县", "规划范围为浙江省湖州市安吉县溪龙乡云岭村") == "湖州市"
    assert plan_city("浙江省安吉县", "广州市的经验") == ""  # another province's city is not the plan's
    assert plan_city("", "湖州市") == ""


def test_province_from_a_county_alone():
    """Plans often open with the county, not the province: 宜川县 is 陕西省's, 溧阳市 江苏省's."""
    from ingest.regions import region_in_text, region_of_title
    assert region_of_title("宜川县壶口镇圪台村村庄规划（2021—2035年）") == "陕西省宜川县"
    assert region_of_title("溧阳市社渚镇茶亭村村庄规划") == "江苏省溧阳市"
    assert region_in_text("圪台村村庄规划\n规划范围为宜川县壶口镇圪台村全域") == "陕西省宜川县"
    # a prefecture-level city named beside the county gives the region its city
    assert region_in_text("规划范围为延安市宜川县壶口镇圪台村，宜川县") == "陕西省延安市"
    # a district name shared by several provinces names none; 湖滨区域 is no 湖滨区 (河南省)
    assert region_in_text("规划范围为鼓楼区某村") == ""
    assert region_in_text("村庄湖滨区域划为滞洪区") == ""


def _plan(tmp_path, name, place):
    path = tmp_path / name
    path.write_text(f"# {place}某某村村庄规划（2021—2035年）\n\n## 第一章 规划期限\n\n"
                    f"第一条 规划范围为{place}某某村村域，规划期限为2021年至2035年。\n", encoding="utf-8")
    return path


def test_check_shows_the_basis_of_the_plans_own_place(mixed, index, tmp_path):
    """The 规划期限 basis: a 衢州 plan gets no 绍兴 regulation, a 绍兴 plan gets it after the
    national law and the province's regulation, a 广东 plan gets neither Zhejiang document."""
    from gapcheck import check
    quzhou = check(_plan(tmp_path, "衢州.md", "浙江省衢州市龙游县"), mixed, index)
    assert (quzhou.province, quzhou.city) == ("浙江省衢州市", "衢州市")
    assert [b.doc for b in quzhou.findings[0].basis] == ["城乡规划法", "浙江省城乡规划条例",
                                                         "衢州市农村住房建设管理条例"]
    shaoxing = check(_plan(tmp_path, "绍兴.md", "浙江省绍兴市新昌县"), mixed, index)
    assert [b.doc for b in shaoxing.findings[0].basis] == ["城乡规划法", "浙江省城乡规划条例", "绍兴市村庄规划建设条例"]
    guangdong = check(_plan(tmp_path, "广东.md", "广东省梅州市大埔县"), mixed, index)
    assert [b.doc for b in guangdong.findings[0].basis] == ["城乡规划法", "广东省土地管理条例"]


def test_village_plan_catalogue_drops_shaoxing_rules_for_other_places(catalogue, index, tmp_path):
    from gapcheck import check
    from gapcheck.report import to_html, to_markdown
    report = check(_plan(tmp_path, "衢州.md", "浙江省衢州市龙游县"), catalogue, index)
    vp01 = next(f for f in report.findings if f.requirement.id == "VP01")
    assert [b.doc for b in vp01.basis] == ["城乡规划法"]
    assert "绍兴" not in to_markdown([report]) and "绍兴" not in to_html([report])
    own = check(_plan(tmp_path, "绍兴.md", "浙江省绍兴市柯桥区"), catalogue, index)
    assert [b.doc for b in next(f for f in own.findings if f.requirement.id == "VP01").basis] == \
        ["城乡规划法", "绍兴市村庄规划建设条例"]


# ---- file names and labels in reports ----------------------------------------------------------

def test_reports_name_the_uploaded_file_not_the_server_path(catalogue, index, tmp_path):
    from openpyxl import load_workbook

    from gapcheck import check
    from gapcheck.report import to_csv, to_html, to_markdown, write
    folder = tmp_path / "checks" / "uploads" / "558e95b9"
    folder.mkdir(parents=True)
    saved = _plan(folder, "衢州规划.md", "浙江省衢州市龙游县")
    report = check(saved, catalogue, index, name="龙游县某某村规划.md")
    assert report.plan == str(saved) and report.file_name == "龙游县某某村规划.md"
    for text in (to_markdown([report]), to_html([report]), to_csv([report])):
        assert "龙游县某某村规划.md" in text and "558e95b9" not in text and "uploads" not in text
    out = tmp_path / "r.xlsx"
    write([report], out)
    cells = [str(c.value) for ws in load_workbook(out) for row in ws.iter_rows() for c in row if c.value]
    assert "龙游县某某村规划.md" in cells and not any("558e95b9" in c for c in cells)
    assert report.to_dict()["plan"] == str(saved)  # the --json contract keeps the path checked


def test_same_titled_plans_get_distinct_labels(catalogue, index, tmp_path):
    from dataclasses import replace

    from gapcheck import check, plan_labels
    from gapcheck.report import to_markdown
    a = check(_plan(tmp_path, "某某村规划.md", "浙江省衢州市"), catalogue, index)
    b = check(_plan(tmp_path, "某某村规划（修改）.md", "浙江省衢州市"), catalogue, index)
    c = check(_plan(tmp_path, "别的村.md", "浙江省湖州市"), catalogue, index)
    assert a.title == b.title
    labels = plan_labels([a, b, c])
    assert labels == [f"《{a.title}》（某某村规划.md）", f"《{a.title}》（某某村规划（修改）.md）", c.title]
    drafts = plan_labels([replace(a, draft="初稿"), replace(b, draft="第二稿")])
    assert drafts == [f"《{a.title}》（初稿）", f"《{a.title}》（第二稿）"]
    assert plan_labels([a, a]) == [f"《{a.title}》（某某村规划.md）（1）", f"《{a.title}》（某某村规划.md）（2）"]
    md = to_markdown([a, b])
    assert f"| 《{a.title}》（某某村规划.md） |" in md and f"## 《{a.title}》（某某村规划（修改）.md）" in md


def test_report_record_round_trip(catalogue, index, tmp_path):
    import json

    from conftest import ROOT

    from gapcheck import check, from_record, to_record
    from gapcheck.report import to_html
    report = check(ROOT / "tests" / "fixtures" / "plans" / "guangdong_gaps.txt", catalogue, index, name="石岭村.txt")
    report.findings[8].review = {"status": "covered", "comment": "见专项规划"}
    back = from_record(json.loads(json.dumps(to_record(report), ensure_ascii=False)))
    assert back == report
    assert to_html([back]) == to_html([report]) and back.to_dict() == report.to_dict()


def test_an_unreadable_upload_is_named_as_the_user_named_it(index, catalogue, tmp_path):
    from gapcheck import check_many
    saved = tmp_path / "uploads" / "9f8e7d6c" / "upload.doc"   # saved under another name and folder
    saved.parent.mkdir(parents=True)
    saved.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    reports, errors = check_many([saved], catalogue, index, names=["云岭村规划（旧版）.doc"])
    assert reports == [] and len(errors) == 1
    assert errors[0].startswith("云岭村规划（旧版）.doc: ") and "另存为 DOCX" in errors[0]
    assert "9f8e7d6c" not in errors[0]


def test_a_batch_with_a_document_that_is_not_a_plan_writes_every_report(catalogue, index, tmp_path):
    """A survey next to a plan, in either order: every writer lists both, the survey's row says
    非村庄规划 with its reasons, the plan keeps its statuses."""
    from openpyxl import load_workbook

    from gapcheck import check
    from gapcheck.report import to_csv, to_html, to_markdown, write
    plan = check(_plan(tmp_path, "规划.md", "浙江省衢州市龙游县"), catalogue, index)
    survey_file = tmp_path / "某村现状调查报告.txt"
    survey_file.write_text("某村现状调查报告\n\n一、基本情况\n全村现有耕地面积190.68公顷，户籍人口1320人。\n"
                           "二、设施现状\n村内现有小学一所，卫生室一处。\n", encoding="utf-8")
    survey = check(survey_file, catalogue, index)
    assert plan.is_plan and not survey.is_plan and survey.not_plan_reasons and not survey.findings
    for batch in ([plan, survey], [survey, plan]):
        for text in (to_markdown(batch), to_html(batch), to_csv(batch)):
            assert "非村庄规划" in text or "不是村庄规划" in text
            assert "规划.md" in text and "某村现状调查报告" in text
        out = tmp_path / "batch.xlsx"
        write(batch, out)
        grid = [[c.value for c in row] for row in load_workbook(out)["总览"].iter_rows()]
        assert len(grid[0]) == 1 + len(catalogue.requirements)
        survey_row = next(row for row in grid[1:] if "调查" in str(row[0]))
        assert set(survey_row[1:]) == {"非村庄规划"}
