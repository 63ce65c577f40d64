"""Homestead caps from the knowledge base's own rules (issue 15.6): a provincial or city rule
in the library, bundled or uploaded, gives the 户均宅基地面积 check its cap and its basis."""
from __future__ import annotations

import pytest
from conftest import bundled_plus_upload

from gapcheck import bundled_index, check, load_catalogue
from gapcheck.homestead_caps import library_cap, read_caps
from index.search import Index
from ingest.settings import Settings

# An invented provincial rule (not the real text of any province), uploaded in 文库 the way
# a reviewer would add the rule of a province the bundled corpus lacks.
RULE_ID = "湖北省农村宅基地管理办法"
RULE = """湖北省农村宅基地管理办法

湖北省人民政府
2022年5月1日

第一条 为加强农村宅基地管理，根据《中华人民共和国土地管理法》等法律法规，结合本省实际，制定本办法。

第二条 农村村民一户只能拥有一处宅基地。新批准宅基地的面积按照下列标准执行：
（一）平原地区每户不得超过一百四十平方米；
（二）丘陵地区每户不得超过一百六十平方米；
（三）山区每户不得超过二百平方米。
农村村民住宅建筑面积不得超过三百平方米。

第三条 本办法自2022年6月1日起施行。
"""
PLAN = """# 湖北省恩施土家族苗族自治州咸丰县某某村村庄规划（2021—2035年）

## 第一章 总则

第一条 规划范围为某某村行政村域，村域总面积820.50公顷。规划期限为2021—2035年，基期年为2020年，目标年为2035年。

## 第二章 发展目标与规划指标

第二条 发展目标：到2035年建成生态宜居的特色村。

第三条 规划指标：耕地保有量由基期年的210.35公顷调整为2035年的210.35公顷；户均宅基地面积由基期年的{base}平方米调整为2035年的{target}平方米。

## 第三章 农村住房

第四条 本村{terrain}。新建住房宅基地面积每户不超过{new}平方米，严格落实一户一宅。
"""


@pytest.fixture(scope="module")
def bundled():
    return bundled_index(Settings.from_env())


def test_the_bundled_rules_read_as_the_catalogue_states_them(bundled):
    """The parser, run over the rule text, agrees with the caps typed into the catalogue."""
    catalogue = load_catalogue("village_plan", bundled)
    for cap in catalogue.homestead_caps:
        clause = bundled.find_clause(bundled.find_document(cap.basis.doc).doc_id, cap.basis.label)
        read = read_caps(clause.text)
        assert {k: read[k] for k in cap.caps} == cap.caps, cap.province


def test_only_cap_articles_give_caps_over_the_whole_corpus(bundled):
    """No other article of the 78 documents (建筑面积 limits, per-head farmland, land-use
    quotas) is read as a homestead cap."""
    found = {(r.doc_id, c.label) for r in bundled.docs for c in bundled.clauses(r.doc_id) if read_caps(c.text)}
    assert found == {("广东省土地管理条例", "第四十二条"), ("汕尾市农村建房条例", "第十三条"),
                     ("河南省实施土地管理法办法", "第五十三条"), ("浙江省土地管理条例", "第五十五条")}


def test_read_caps_forms():
    assert read_caps("宅基地面积每户不得超过120平方米。") == {"全域": 120.0}
    assert read_caps("宅基地使用标准为每人20至30平方米。") == {}
    assert read_caps("农村村民住宅每户建筑面积不得超过三百平方米。") == {}
    assert read_caps("住宅每户不得超过一百平方米。") == {}   # no 宅基地: not a homestead rule


def test_a_city_rule_is_found_for_its_own_city_only(bundled):
    city = library_cap(bundled, "广东省汕尾市")
    assert city is not None and city.basis.title == "汕尾市农村建房条例" and city.caps["山区"] == 150
    assert library_cap(bundled, "山东省") is None


@pytest.fixture(scope="module")
def uploaded(tmp_path_factory):
    settings = bundled_plus_upload(tmp_path_factory.mktemp("kb"), RULE_ID, RULE)
    opened = Index.open(settings)
    yield opened
    opened.close()


def _homestead(index, tmp_path, **values):
    plan = tmp_path / "某某村村庄规划.md"
    plan.write_text(PLAN.format(**values), encoding="utf-8")
    report = check(plan, None, index)
    return next(i for i in report.indicators if i.name == "户均宅基地面积")


def test_an_uploaded_provincial_rule_gives_the_cap_and_its_basis(uploaded, bundled, tmp_path):
    cap = library_cap(uploaded, "湖北省")
    assert cap is not None and cap.caps == {"平原": 140.0, "丘陵": 160.0, "山区": 200.0}
    over = _homestead(uploaded, tmp_path, base=168, target=165, terrain="地处平原地区", new=150)
    assert over.status == "conflict" and "140" in over.rule
    assert [(b.title, b.label) for b in over.basis] == [(RULE_ID, "第二条")]
    within = _homestead(uploaded, tmp_path, base=168, target=165, terrain="地处武陵山区，地形以山地为主", new=180)
    assert within.status == "ok", within.rule
    # the same plan without the uploaded rule: unknown, and the reviewer is told what to add
    unknown = _homestead(bundled, tmp_path, base=168, target=165, terrain="地处平原地区", new=150)
    assert unknown.status == "unknown" and "文库中没有湖北省" in unknown.rule and "上传" in unknown.rule


def test_a_regions_cap_is_read_once_per_loaded_generation(index):
    """A batch of plans of one province reads the province's rule once: the second call gives
    the very same cap without reading a clause."""
    from gapcheck.homestead_caps import library_cap

    calls = 0
    clauses = index.clauses

    def counting(doc_id):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        return clauses(doc_id)

    index.clauses = counting
    try:
        first = library_cap(index, "广东省")
        reads = calls
        assert first is not None and first.caps["山区"] == 150 and reads > 0
        assert library_cap(index, "广东省") is first and calls == reads
    finally:
        del index.clauses
