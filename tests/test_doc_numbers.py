"""The 文号: read from a document's own lines (never one it cites), from a file name as a
fallback, stored in the catalogue, shown, and found again however a user spells it."""
from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

import ingest
from app.cli import cli
from index.catalogue import MIGRATIONS, Catalogue
from index.lifecycle import build, edit
from index.migrations import apply_migrations
from index.search import Index
from ingest import panels
from ingest.metadata import signature, split_file_name
from ingest.settings import Settings


@pytest.mark.parametrize("written", ["京政发〔2020〕15号", "京政发[2020]15号", "京政发［2020］15号", "京政发(2020)15号",
                                     "京政发（2020）15号", "京政发 〔2020〕 15 号", "京政发2020年15号", "京政发2020-15号"])
def test_every_spelling_of_a_number_is_one_number(written):
    assert panels.doc_number_key(written) == "京政发〔2020〕15号"


def test_orders_keep_their_printed_form_and_compare_without_the_state_prefix():
    assert panels.normalise_doc_number("中华人民共和国国务院令 第375号") == "中华人民共和国国务院令第375号"
    keys = {panels.doc_number_key(n) for n in ("中华人民共和国国务院令第七百四十六号", "国务院令第746号", "国务院第746号令")}
    assert keys == {"国务院令第746号"}
    assert panels.normalise_doc_number("土地管理法") == ""


def test_the_number_under_or_above_the_title_is_the_documents_own():
    assert panels.front_number(["某某市关于加强管理的通知", "（京政发[2020]15号）"]).doc_number == "京政发〔2020〕15号"
    order = panels.front_number(["中华人民共和国主席令", "第五十九号", "《…的决定》已由…通过，现予公布。"])
    assert (order.doc_number, order.issuing_body) == ("中华人民共和国主席令第五十九号", "")  # a law's issuer is the congress
    town = panels.front_number(["某某市人民政府令", "第 12 号"])
    assert (town.doc_number, town.issuing_body) == ("某某市人民政府令第12号", "某某市人民政府")


def test_the_order_in_a_promulgation_line_and_not_the_amending_one():
    line = "（2003年4月27日中华人民共和国国务院令第375号公布　根据2010年12月20日《国务院关于修改〈工伤保险条例〉的决定》修订）"
    found = panels.front_number([], promulgation=[line])
    assert (found.doc_number, found.issuing_body) == ("中华人民共和国国务院令第375号", "国务院")
    ministry = "（2019年7月16日自然资源部第2次部务会议审议通过　2019年7月24日自然资源部第5号令公布）"
    assert panels.front_number([], promulgation=[ministry]).issuing_body == "自然资源部"
    amending = "（2016年2月6日《国务院关于修改部分行政法规的决定》国务院令第666号修订）"
    assert not panels.front_number([], promulgation=[amending])


def test_a_cited_number_is_never_the_documents(tmp_path):
    text = ("关于促进某某发展的指导意见\n"
            "为贯彻落实《某某工作方案》(京发〔2019〕7号)的要求，特制定本指导意见。\n"
            "一、总体要求\n（一）坚持规划引领。各区要编制发展规划。\n"
            "二、附则\n本意见自印发之日起施行，《某某管理办法（试行）》（京农经〔2014〕64号）同时废止。\n")
    path = tmp_path / "指导意见.txt"
    path.write_text(text, encoding="utf-8")
    assert ingest.load(path).doc_number == ""


def test_a_number_read_from_the_text_and_the_file_name_as_fallback(tmp_path):
    own = tmp_path / "某某通知.txt"
    own.write_text("某某市人民政府关于做好某某工作的通知\n京政发[2020]15号\n各区人民政府：\n"
                   "一、工作要求\n（一）加强领导。各区要明确责任。\n", encoding="utf-8")
    assert ingest.load(own).doc_number == "京政发〔2020〕15号"
    named = tmp_path / "13_公共租赁住房保障办法_穗府办规2024-13号.txt"
    named.write_text("公共租赁住房保障办法\n第一条 为完善住房保障体系，制定本办法。\n第二条 本办法自印发之日起施行。\n",
                     encoding="utf-8")
    doc = ingest.load(named)
    assert doc.doc_number == "穗府办规〔2024〕13号"
    assert doc.doc_id == "公共租赁住房保障办法" and doc.kind == "规范性文件"


@pytest.mark.parametrize("name, doc_id", [
    ("13_公共租赁住房保障办法_穗府办规2024-13号.html", "公共租赁住房保障办法"),
    ("01-2 村庄规划管理办法.pdf", "村庄规划管理办法"),
    ("36b_积分制入户管理办法_穗府办规2025-8号.html", "积分制入户管理办法"),
    ("国家_中共中央国务院_乡村全面振兴规划_2024-2027_补充参考.md", "乡村全面振兴规划"),
    ("土地管理法_2019-08-26.md", "土地管理法"),
])
def test_file_name_numbering_and_filing_parts_are_not_the_id(name, doc_id):
    found, aliases, _ = split_file_name(name)
    assert found == doc_id
    assert not any(a.isdigit() or a == "2024-2027" for a in aliases)


def test_a_numbering_prefix_is_not_the_title_when_the_text_names_none(tmp_path):
    path = tmp_path / "07_宅基地管理规定.txt"
    path.write_text("第一条 为加强宅基地管理，制定本规定。\n第二条 本规定自公布之日起施行。\n", encoding="utf-8")
    doc = ingest.load(path)
    assert not doc.title.startswith("07") and not doc.doc_id.startswith("07") and not doc.issuing_body.startswith("07")


def test_the_signature_block_gives_issuers_and_date():
    lines = ["现将有关事项通知如下。", "请认真贯彻执行。", "某某市民政局", "某某市财政局", "2024年3月14日",
             "某某市老年人助餐管理办法", "第一条 为了……"]
    assert signature(lines) == ("某某市民政局 某某市财政局", "2024-03-14")
    assert signature(["特此通知。", "某某县人民政府", "一九九八年十月二十日"]) == ("某某县人民政府", "1998-10-20")
    assert signature(["中华人民共和国主席 习近平", "2025年10月28日"]) == ("", None)  # a person, not a body


def test_signature_fills_issuer_and_written_date_of_a_document(tmp_path):
    path = tmp_path / "通知.txt"
    path.write_text("某某县人民政府办公室关于加强农房建设管理的通知\n各乡镇人民政府：\n"
                    "一、严格审批\n农房建设应当依法审批。\n二、加强监管\n各乡镇要加强巡查。\n"
                    "某某县人民政府办公室\n2021年3月5日\n", encoding="utf-8")
    doc = ingest.load(path)
    assert (doc.issuing_body, doc.adopted) == ("某某县人民政府办公室", "2021-03-05")


NOTICE = ("某某市人民政府关于加快发展乡村民宿的通知\n京政发[2020]15号\n各区人民政府：\n"
          "一、发展目标\n（一）到2025年培育一批精品民宿。\n二、保障措施\n（一）加强用地保障，支持盘活闲置农房。\n")
RULE = ("某某市宅基地管理办法\n某某市人民政府令\n第746号\n"
        "第一条 为了规范宅基地管理，制定本办法。\n第二条 农村村民一户只能拥有一处宅基地。\n第三条 本办法自2021年1月1日起施行。\n")
OTHER = ("某某市农房风貌管理规定\n第一条 为了保护乡村风貌，制定本规定。\n第二条 民宿改造应当符合风貌要求。\n"
         "第三条 宅基地上的农房改造应当报乡镇审批。\n")


@pytest.fixture
def numbered_home(tmp_path):
    folder = tmp_path / "文库"
    folder.mkdir()
    (folder / "民宿通知.txt").write_text(NOTICE, encoding="utf-8")
    (folder / "宅基地办法.txt").write_text(RULE, encoding="utf-8")
    (folder / "风貌规定.txt").write_text(OTHER, encoding="utf-8")
    settings = Settings.from_env(home=tmp_path / "kb", embedder="fake", store="faiss")
    build(settings, folder)
    return settings


@pytest.mark.parametrize("query, doc_id", [
    ("京政发〔2020〕15号", "民宿通知"), ("京政发[2020]15号", "民宿通知"), ("京政发2020年15号", "民宿通知"),
    ("请问京政发(2020)15号", "民宿通知"), ("某某市人民政府令第746号", "宅基地办法"),
    ("某某市人民政府令第746号 农房", "宅基地办法"), ("京政发〔2020〕15号 民宿 用地", "民宿通知"),
])
def test_a_query_by_number_brings_that_document_first(numbered_home, query, doc_id):
    index = Index.open(numbered_home)
    try:
        for mode in ("hybrid", "keyword"):
            hits = index.search(query, k=5, mode=mode)
            assert hits and hits[0].clause.doc_id == doc_id, (mode, [h.clause.doc_id for h in hits])
        assert index.find_document(query.split()[0]).doc_id == doc_id
    finally:
        index.close()


def test_a_number_alone_opens_the_document_at_its_start_and_cites_its_articles(numbered_home):
    index = Index.open(numbered_home)
    try:
        hits = index.search("某某市人民政府令第746号", k=3, mode="hybrid")
        first = [c.label for c in index.clauses("宅基地办法")][:3]
        assert [(h.clause.doc_id, h.clause.label) for h in hits] == [("宅基地办法", label) for label in first]
        cited = index.search("某某市人民政府令第746号第二条", k=3)
        assert (cited[0].clause.doc_id, cited[0].clause.label) == ("宅基地办法", "第二条")
        assert index.citation_notes("京政发(2020)15号") == []  # (2020) is a year, not an item
    finally:
        index.close()


def test_the_number_is_stored_listed_and_editable(numbered_home):
    index = Index.open(numbered_home)
    try:
        assert index.by_id["民宿通知"].doc_number == "京政发〔2020〕15号"
        assert index.by_id["风貌规定"].doc_number == ""
    finally:
        index.close()
    listed = CliRunner().invoke(cli, ["list", "--json", "--home", str(numbered_home.home)])
    assert listed.exit_code == 0, listed.output
    assert {d["doc_id"]: d["doc_number"] for d in json.loads(listed.stdout)}["宅基地办法"] == "某某市人民政府令第746号"
    edit(numbered_home, "风貌规定", doc_number="某规字[2022]3号")
    index = Index.open(numbered_home)
    try:
        assert index.by_id["风貌规定"].doc_number == "某规字〔2022〕3号"
        assert index.search("某规字2022年3号", k=1)[0].clause.doc_id == "风貌规定"
    finally:
        index.close()


def test_a_catalogue_from_before_the_number_still_loads(tmp_path):
    path = tmp_path / "catalogue.sqlite"
    db = sqlite3.connect(path)
    apply_migrations(db, MIGRATIONS[:2])  # as catalogues were written before the 文号
    db.execute("INSERT INTO documents (doc_id, title, kind, aliases, warnings, headings, clause_count, row_start, "
               "row_end) VALUES ('老文件', '某某条例', '地方性法规', '[]', '[]', '[]', 0, 0, 0)")
    db.commit()
    db.close()
    old = Catalogue(path, readonly=True)
    try:
        assert [(d.doc_id, d.kind, d.doc_number) for d in old.documents()] == [("老文件", "地方性法规", "")]
    finally:
        old.close()
    migrated = Catalogue(path)
    try:
        assert migrated.documents()[0].doc_number == ""
        names = [r[0] for r in migrated.db.execute("SELECT name FROM migrations ORDER BY id")]
        assert "doc number" in names
    finally:
        migrated.close()


def test_a_congress_notice_numbers_a_local_regulation(tmp_path):
    path = tmp_path / "条例.txt"
    path.write_text("浙江省人民代表大会常务委员会公告\n〔十四届〕第12号\n"
                    "《浙江省某某保护条例》已于2024年5月31日经浙江省第十四届人民代表大会常务委员会第十次会议通过，现予公布。\n"
                    "浙江省某某保护条例\n第一条 为了加强保护，制定本条例。\n第二条 本条例自2024年9月1日起施行。\n",
                    encoding="utf-8")
    doc = ingest.load(path)
    assert doc.doc_number == "浙江省人民代表大会常务委员会公告〔十四届〕第12号"
    assert (doc.kind, doc.issuing_body) == ("地方性法规", "浙江省人民代表大会常务委员会")
    assert panels.front_number(["浙江省人民代表大会常务委员会公告（第12号）"]).doc_number == \
        "浙江省人民代表大会常务委员会公告第12号"
    assert panels.doc_number_key("浙江省人民代表大会常务委员会公告(十四届)第十二号") == \
        panels.doc_number_key(doc.doc_number)
