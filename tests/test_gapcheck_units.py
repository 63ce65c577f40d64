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


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue("village_plan")


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


def test_unresolvable_citation_is_an_error_with_its_line(tmp_path):
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
        load_catalogue(str(path))
    assert "bad.yaml" in str(err.value) and "第 8 行" in str(err.value) and "第九百九十九条" in str(err.value)


@pytest.mark.parametrize("text, message", [
    ("id: x\nrequirements: [\n", "YAML"),
    ("id: x\n", "requirements"),
    ("id: x\nrequirements:\n  - {id: A, name: a, sub_items: [{name: s, terms: [t]}]}\n"
     "  - {id: A, name: b, sub_items: [{name: s, terms: [t]}]}\n", "重复"),
])
def test_bad_catalogues(tmp_path, text, message):
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as err:
        load_catalogue(str(path))
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


def test_obligations_cli_writes_a_loadable_draft_catalogue(tmp_path, monkeypatch):
    from conftest import CORPUS
    out = tmp_path / "draft.yaml"
    result = CliRunner().invoke(cli, ["obligations", str(CORPUS / "local" / "绍兴市村庄规划建设条例_2020-08-18.md"),
                                      "--yaml", str(out), "--json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert items and {"label", "modal", "subject", "requirement", "sentence", "terms"} == set(items[0])
    draft = load_catalogue(str(out))  # the draft's basis resolves against the corpus
    assert len(draft.requirements) == len(items)
