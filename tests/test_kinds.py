"""Kinds follow the legal hierarchy, read from what made a document: its promulgation, its
文号, its title, and last the folder it was filed in."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

import ingest
from app.cli import cli
from index.lifecycle import build, edit
from index.search import Filters, Index
from ingest.metadata import KINDS, infer_kind
from ingest.settings import Settings


def test_the_kinds_are_the_legal_hierarchy():
    assert KINDS == ("法律", "行政法规", "部门规章", "地方性法规", "地方政府规章", "司法解释", "规范性文件", "政策文件",
                     "规划", "标准规范", "其他")


@pytest.mark.parametrize("title, number, kind", [
    ("中华人民共和国村民委员会组织法", "中华人民共和国主席令第五十九号", "法律"),
    ("工伤保险条例", "中华人民共和国国务院令第375号", "行政法规"),
    ("自然资源统计调查管理办法", "自然资源部令第5号", "部门规章"),
    ("不动产登记资料查询暂行办法", "国土资源部第14号令", "部门规章"),
    ("广州市老年人优待办法", "广州市人民政府令第179号", "地方政府规章"),
    ("广州市人民政府办公厅关于印发广州市公共租赁住房管理办法的通知", "穗府办规〔2024〕13号", "规范性文件"),
    ("关于印发广州市就业见习基地管理办法的通知", "穗人社规字〔2019〕6号", "规范性文件"),
    ("北京市人民政府关于加快乡村民宿发展的通知", "京政发〔2020〕15号", "政策文件"),
    ("北京市农业农村局关于印发北京市农村集体经济合同管理办法的通知", "京农发〔2025〕21号", "规范性文件"),
])
def test_kind_from_the_promulgation_and_the_number(title, number, kind):
    assert infer_kind(title, [], "", number) == kind


@pytest.mark.parametrize("title, front, kind", [
    ("某省村庄规划条例", ["2020年5月1日某省第十三届人民代表大会常务委员会第十次会议通过"], "地方性法规"),
    ("某某市实施《中华人民共和国土地管理法》办法", ["2019年1月1日某某市第十五届人民代表大会常务委员会第九次会议通过"],
     "地方性法规"),
    ("杭州市农村住房管理办法", ["2021年3月1日杭州市人民政府第68次常务会议审议通过"], "地方政府规章"),
    ("土地储备资金管理规定", ["2022年1月5日自然资源部第1次部务会议审议通过"], "部门规章"),
    ("城市居住区规划设计标准 GB 50180-2018", [], "标准规范"),
    ("国土空间调查、规划、用途管制用地用海分类指南（TD/T 1085—2024）", [], "标准规范"),
    ("村庄规划编制技术导则", [], "标准规范"),
    ("某某村村庄规划（2021—2035年）", [], "规划"),
    ("杭州市农村集体经济合同管理办法", [], "规范性文件"),  # a local 办法 no congress adopted, no order made
    ("浙江省农村生活污水处理设施管理条例", [], "地方性法规"),  # only a congress makes a local 条例
    ("关于促进乡村民宿发展的指导意见", [], "政策文件"),
    ("某某村项目简介", [], "其他"),
])
def test_kind_from_adoption_lines_and_title(title, front, kind):
    assert infer_kind(title, front) == kind


def test_a_ministry_rule_loaded_from_text(tmp_path):
    path = tmp_path / "自然资源统计调查管理办法.txt"
    path.write_text("自然资源统计调查管理办法\n"
                    "（2019年7月16日自然资源部第2次部务会议审议通过　2019年7月24日自然资源部令第5号公布）\n"
                    "第一条 为了加强自然资源统计调查管理，制定本办法。\n第二条 本办法自2019年9月1日起施行。\n",
                    encoding="utf-8")
    doc = ingest.load(path)
    assert (doc.kind, doc.doc_number, doc.issuing_body) == ("部门规章", "自然资源部令第5号", "自然资源部")
    assert (doc.adopted, doc.effective) == ("2019-07-16", "2019-09-01")


def test_an_override_may_name_any_kind_and_nothing_else(tmp_path):
    path = tmp_path / "规定.txt"
    path.write_text("某某规定\n第一条 为了规范管理，制定本规定。\n", encoding="utf-8")
    assert ingest.load(path, kind="标准规范").kind == "标准规范"
    with pytest.raises(ValueError):
        ingest.load(path, kind="部门规定")


@pytest.fixture
def kinds_home(tmp_path):
    folder = tmp_path / "文库"
    folder.mkdir()
    (folder / "公租房办法.txt").write_text(
        "某某市人民政府办公厅关于印发某某市公共租赁住房管理办法的通知\n某府办规〔2024〕13号\n"
        "第一条 为完善住房保障体系，制定本办法。\n第二条 公共租赁住房面向住房困难家庭。\n", encoding="utf-8")
    (folder / "宅基地条例.txt").write_text(
        "某省宅基地管理条例\n2020年5月1日某省第十三届人民代表大会常务委员会第十次会议通过\n"
        "第一条 为了加强宅基地管理，制定本条例。\n第二条 住房困难家庭可以申请宅基地。\n", encoding="utf-8")
    settings = Settings.from_env(home=tmp_path / "kb", embedder="fake", store="faiss")
    build(settings, folder)
    return settings


def test_new_kinds_filter_search_and_can_be_chosen_in_an_edit(kinds_home):
    index = Index.open(kinds_home)
    try:
        assert {d.doc_id: d.kind for d in index.docs} == {"公租房办法": "规范性文件", "宅基地条例": "地方性法规"}
        hits = index.search("住房困难家庭", k=5, filters=Filters(kind="规范性文件"))
        assert hits and {h.clause.doc_id for h in hits} == {"公租房办法"}
    finally:
        index.close()
    edit(kinds_home, "宅基地条例", kind="地方政府规章")
    index = Index.open(kinds_home)
    try:
        assert index.by_id["宅基地条例"].kind == "地方政府规章"
    finally:
        index.close()
    with pytest.raises(ValueError):
        edit(kinds_home, "宅基地条例", kind="规章")


def test_cli_names_the_kinds_and_refuses_an_unknown_one(kinds_home):
    runner = CliRunner()
    helped = runner.invoke(cli, ["search", "--help"])
    assert "部门规章" in helped.output and "标准规范" in helped.output
    refused = runner.invoke(cli, ["search", "住房", "--kind", "规章", "--home", str(kinds_home.home)])
    assert refused.exit_code != 0 and "未知的文件类型" in refused.output
    found = runner.invoke(cli, ["search", "住房困难家庭", "--kind", "规范性文件", "--json", "--home",
                                str(kinds_home.home), "--embedder", "fake"])
    assert found.exit_code == 0, found.output
    assert "公租房办法" in found.stdout and "宅基地条例" not in found.stdout
