"""The gap check runs over an open knowledge base (issue 13.2): a catalogue may cite a document
the user uploaded, and plan passages are embedded by the index's model with its cache."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import bundled_plus_upload

from gapcheck import bundled_index, check, load_catalogue
from index.lifecycle import BUNDLED_ROOT
from index.search import Index
from ingest.errors import CatalogueError
from ingest.settings import Settings

COUNTY_ID = "常山县村庄规划编制管理办法"
# a county 办法 as a county government office issues it, uploaded in 文库
COUNTY_RULES = """常山县村庄规划编制管理办法

常山县人民政府办公室
2023年3月1日印发

第一条 为规范本县村庄规划编制和实施管理，根据《中华人民共和国城乡规划法》《浙江省城乡规划条例》等法律法规，结合本县实际，制定本办法。

第二条 村庄规划由乡镇人民政府组织编制，县自然资源和规划局负责技术指导和审查。

第三条 村庄规划的规划期限一般为十五年，近期建设规划期限为五年；规划期限届满前，乡镇人民政府应当组织评估，需要修改的依法修改。

第四条 村庄规划应当划定村庄建设边界，明确宅基地布局，户均宅基地面积不得突破省定标准。

第五条 本办法自2023年4月1日起施行。
"""
CATALOGUE = """id: county
name: 常山县村庄规划要求
requirements:
  - id: C01
    name: 规划范围与期限
    headings: [规划期限]
    sub_items:
      - {name: 规划期限, terms: [规划期限]}
    basis:
      - {doc: 城乡规划法, label: 第十八条}
      - {doc: 常山县村庄规划编制管理办法, label: 第三条}
"""
PLAN = """# 浙江省常山县某某村村庄规划（2021—2035年）

## 第一章 规划期限

第一条 规划范围为浙江省常山县某某村村域，规划期限为2021年至2035年，近期至2025年。
"""


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    """The bundled corpus plus the county 办法, uploaded the way the 文库 page saves files."""
    return bundled_plus_upload(tmp_path_factory.mktemp("kb"), COUNTY_ID, COUNTY_RULES)


@pytest.fixture(scope="module")
def index(settings):
    opened = Index.open(settings)
    yield opened
    opened.close()


@pytest.fixture
def catalogue_file(tmp_path):
    path = tmp_path / "county.yaml"
    path.write_text(CATALOGUE, encoding="utf-8")
    return path


def test_a_catalogue_can_cite_a_document_the_user_uploaded(index, catalogue_file, tmp_path):
    assert index.by_id[COUNTY_ID].source_root != BUNDLED_ROOT
    catalogue = load_catalogue(str(catalogue_file), index)
    national, county = catalogue.requirement("C01").basis
    assert (national.doc, national.label, national.region) == ("城乡规划法", "第十八条", "")
    assert county.title == COUNTY_ID and county.label == "第三条"
    assert county.text == index.find_clause(COUNTY_ID, "第三条").text
    assert "近期建设规划期限为五年" in county.text and county.region.startswith("浙江省")

    plan = tmp_path / "某某村规划.md"
    plan.write_text(PLAN, encoding="utf-8")
    report = check(plan, catalogue, index)
    [finding] = report.findings
    assert finding.status == "covered" and report.province.startswith("浙江省")
    basis = report.to_dict()["results"][0]["basis"]
    assert basis[0]["doc"] == "城乡规划法"   # national first, then the county's own 办法
    assert basis[1] == {"doc": COUNTY_ID, "label": "第三条", "text": county.text}
    evidence = finding.evidence[0]   # the plan's own clause, its place derived from it
    assert evidence.clause.label == "第一条" and "规划期限为2021年至2035年" in evidence.clause.text
    assert evidence.section == "第一章 规划期限 › 第一条" and evidence.text == evidence.clause.text


def test_a_plan_elsewhere_is_not_shown_the_county_rule(index, catalogue_file, tmp_path):
    catalogue = load_catalogue(str(catalogue_file), index)
    plan = tmp_path / "广东规划.md"
    plan.write_text(PLAN.replace("浙江省常山县", "广东省梅州市大埔县"), encoding="utf-8")
    [finding] = check(plan, catalogue, index).findings
    assert [b.doc for b in finding.basis] == ["城乡规划法"]


def test_citing_a_document_not_in_the_knowledge_base_names_file_and_line(catalogue_file):
    """The bundled corpus alone lacks the upload: the citation is an error at its line."""
    with pytest.raises(CatalogueError) as err:
        load_catalogue(str(catalogue_file), bundled_index(Settings.from_env()))
    message = str(err.value)
    assert "county.yaml" in message and "第 11 行" in message and COUNTY_ID in message


def test_plan_passages_are_embedded_by_the_index_and_cached(index, settings):
    texts = ["村庄规划的规划期限为2021年至2035年。", "户均宅基地面积不得超过一百二十五平方米。"]
    first = index.embed_passages(texts)
    assert first.shape == (2, index.embedder.dim)
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-3)
    assert (settings.home / "cache" / "embeddings.sqlite").exists()
    again = index.embed_passages(texts[::-1])
    assert np.allclose(again, first[::-1], atol=1e-6)
