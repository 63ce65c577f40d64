"""成文 / 发布 / 施行 dates and validity (issue 14, item 7): read from a site's metadata panel,
its meta tags and the document's own front lines (a promulgation order's 现予公布 and its date,
…令第N号公布, …发布), stored in the catalogue, shown in the library, the read page and the CLI."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

import ingest
from app.cli import cli
from index.catalogue import MIGRATIONS, Catalogue
from index.lifecycle import build, edit
from index.migrations import apply_migrations
from index.search import Index
from ingest import panels
from ingest.settings import Settings

REAL = Path(__file__).parent / "data" / "real"
PAGES = Path(__file__).resolve().parents[1] / "app" / "views"


def _load(tmp_path: Path, name: str, text: str) -> ingest.Document:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return ingest.load(path)


# -- the panel -------------------------------------------------------------------------------

def test_a_scraped_panel_states_publication_and_validity(tmp_path):
    doc = _load(tmp_path, "北京市某某管理办法.txt",
                "政务公开 > 政策服务\n北京市某某管理办法\n[发文机构]北京市农业农村局\n[发文字号]京农发〔2025〕21号\n"
                "[成文日期]2025-03-31\n[发布日期]2025-04-03\n[有效性]现行有效\n"
                "第一条 为规范管理，制定本办法。\n第二条 本办法自2025年5月1日起施行。\n")
    assert (doc.adopted, doc.published, doc.effective, doc.validity) == \
        ("2025-03-31", "2025-04-03", "2025-05-01", "有效")
    assert "有效性" not in doc.text and "发布日期" not in doc.text


def test_a_web_page_metadata_table_states_them(tmp_path):
    body = "".join(f"<p>第{n}条 村民建房应当依法办理乡村建设规划许可，并按照批准的内容施工建设，不得擅自改变用途、"
                   f"占用耕地或者超出批准面积。</p>" for n in "一二三四五六七八")
    html = f"""<html><head><meta charset="utf-8"><title>某县农村建房管理办法_某县人民政府网站</title>
    <meta name="PubDate" content="2023-03-20 09:15"></head><body>
    <nav><a href="/">首页</a> <a href="/zwgk">政务公开</a></nav>
    <div class="xxgk"><table class="panel"><tr><th>发文机构：</th><td>某县人民政府办公室</td><th>成文日期：</th><td>2023-03-10</td></tr>
    <tr><th>发文字号：</th><td>某府办规〔2023〕5号</td><th>发布日期：</th><td>2023-03-14</td></tr>
    <tr><th>效力状态：</th><td>已废止</td><th>实施日期：</th><td>2023-04-01</td></tr></table></div>
    <div class="article"><h1>某县农村建房管理办法</h1>{body}</div>
    <footer>版权所有 某县人民政府</footer></body></html>"""
    doc = _load(tmp_path, "办法.html", html)
    # the panel's 发布日期 wins over the page's PubDate; the stated 已废止 is 废止
    assert (doc.adopted, doc.published, doc.effective, doc.validity) == \
        ("2023-03-10", "2023-03-14", "2023-04-01", "废止")
    assert not any("废止" in u.text or "效力" in u.text for u in doc.units())


def test_a_page_with_only_meta_tags_is_published_on_its_pubdate(tmp_path):
    html = """<html><head><meta charset="utf-8"><title>某市关于做好村庄规划编制工作的通知</title>
    <meta name="PubDate" content="2022-08-09 10:30"></head><body>
    <nav><a href="/">首页</a> <a href="/zwgk">政务公开</a></nav><div class="article">
    <h1>某市关于做好村庄规划编制工作的通知</h1>
    <p>一、加快编制进度。各县要在年底前完成村庄规划编制。</p>
    <p>二、严格审批程序。村庄规划报批前应当公示三十日，公示期满后由乡镇人民政府报县人民政府审批。</p>
    <p>三、加强实施监督。经批准的村庄规划应当及时公布，任何单位和个人不得擅自修改。</p>
    <p>本通知自发布之日起施行。</p></div><footer>版权所有 某市人民政府</footer></body></html>"""
    doc = _load(tmp_path, "通知.html", html)
    assert (doc.published, doc.effective, doc.validity) == ("2022-08-09", "2022-08-09", "")


@pytest.mark.parametrize("stated, shown", [
    ("现行有效", "有效"), ("有效", "有效"), ("已废止", "废止"), ("废止", "废止"), ("失效", "失效"), ("已失效", "失效"),
    ("已被修改", "已修改"), ("已修改", "已修改"), ("尚未生效", "尚未生效"), ("部分失效", "部分失效"),
    (" 现行 有效 ", "有效"), ("—", ""), ("", ""), ("本文件自印发之日起施行有效期五年至二〇二九年止", ""),
])
def test_validity_as_stated_in_plankb_words(stated, shown):
    assert panels.normalise_validity(stated) == shown


def test_validity_is_never_inferred(tmp_path):
    # a future effective date and a 有效期 sentence state no validity; today's date is not consulted
    doc = _load(tmp_path, "某某办法.txt",
                "某某市宅基地管理办法\n（2024年5月1日发布）\n第一条 为了规范宅基地管理，制定本办法。\n"
                "第二条 本办法自2099年1月1日起施行，有效期5年。\n")
    assert (doc.published, doc.effective, doc.validity) == ("2024-05-01", "2099-01-01", "")
    old = _load(tmp_path, "旧办法.txt", "某某市旧办法\n第一条 为了管理，制定本办法。\n第二条 本办法自1990年1月1日起施行。\n")
    assert old.validity == "" and old.published is None


# -- the document's own lines ----------------------------------------------------------------

LAW = ("中华人民共和国主席令\n第五十九号\n"
       "《全国人民代表大会常务委员会关于修改〈中华人民共和国某某法〉的决定》已由中华人民共和国第十四届全国人民代表大会"
       "常务委员会第十八次会议于2025年10月28日通过，现予公布，自2026年1月1日起施行。\n"
       "中华人民共和国主席 习近平\n2025年10月30日\n"
       "中华人民共和国某某法\n"
       "（1998年11月4日第九届全国人民代表大会常务委员会第五次会议通过　根据2025年10月28日第十四届全国人民代表大会"
       "常务委员会第十八次会议《关于修改〈中华人民共和国某某法〉的决定》修正）\n"
       "第一章 总则\n第一条 为了健全基层群众自治制度，制定本法。\n第二条 村民委员会是基层群众性自治组织。\n"
       "第二章 附则\n第三条 本法自公布之日起施行。\n")


def test_a_promulgation_order_dates_the_publication(tmp_path):
    doc = _load(tmp_path, "某某法.txt", LAW)
    # the order's own date, not the adoption date inside its sentence; the order's 施行 date
    # wins over the old 本法自公布之日起施行 the text keeps
    assert (doc.adopted, doc.published, doc.effective, doc.amended) == \
        ("1998-11-04", "2025-10-30", "2026-01-01", "2025-10-28")
    assert doc.doc_number == "中华人民共和国主席令第五十九号" and doc.validity == ""


def test_a_government_order_signed_by_the_mayor(tmp_path):
    doc = _load(tmp_path, "某某市养犬管理规定.txt",
                "某某市养犬管理规定\n某某市人民政府令\n第179号\n"
                "《某某市养犬管理规定》已经2021年1月8日市政府第15届130次常务会议通过，现予公布，自2021年5月1日起施行。\n"
                "市　长：张三\n2021年1月29日\n某某市养犬管理规定\n"
                "第一条 为了规范养犬行为，制定本规定。\n第二条 本规定自2021年5月1日起施行。\n")
    assert (doc.adopted, doc.published, doc.effective) == ("2021-01-08", "2021-01-29", "2021-05-01")


def test_a_regulations_promulgation_line(tmp_path):
    doc = _load(tmp_path, "某某条例.txt",
                "某某保险条例\n（2003年4月27日中华人民共和国国务院令第375号公布　根据2010年12月20日"
                "《国务院关于修改〈某某保险条例〉的决定》修订）\n"
                "第一章 总则\n第一条 为了保障职工权益，制定本条例。\n第二章 附则\n第二条 本条例自2004年1月1日起施行。\n")
    assert (doc.published, doc.effective, doc.amended, doc.doc_number) == \
        ("2003-04-27", "2004-01-01", "2010-12-20", "中华人民共和国国务院令第375号")


def test_the_last_promulgation_of_a_revised_text(tmp_path):
    doc = _load(tmp_path, "某某法.md",
                "# 中华人民共和国某某法\n\n1986年6月25日 第六届全国人民代表大会常务委员会第十六次会议通过\n\n"
                "1986年6月25日 中华人民共和国主席令第四十一号公布\n\n"
                "2019年8月26日 第十三届全国人民代表大会常务委员会第十二次会议《关于修改〈中华人民共和国某某法〉的决定》修正\n\n"
                "2019年8月26日 中华人民共和国主席令第三十二号公布\n\n"
                "## 第一章 总则\n\n第一条 为了加强管理，制定本法。\n\n第二条 本法自1987年1月1日起施行。\n")
    assert (doc.adopted, doc.published, doc.amended) == ("1986-06-25", "2019-08-26", "2019-08-26")


def test_an_adoption_line_is_no_publication(tmp_path):
    doc = _load(tmp_path, "某某仲裁法.txt",
                "中华人民共和国某某仲裁法\n（2007年12月29日第十届全国人民代表大会常务委员会第三十一次会议通过）\n"
                "第一条 为了公正及时解决争议，制定本法。\n第二条 本法自公布之日起施行。\n")
    # 通过 is not 公布, and nothing states when it was published: 自公布之日起施行 dates nothing
    assert (doc.adopted, doc.published, doc.effective) == ("2007-12-29", None, None)


def test_published_under_the_title_and_in_force_on_publication(tmp_path):
    doc = _load(tmp_path, "某某办法.txt",
                "某某县农村建房管理办法\n2019年8月26日发布\n"
                "第一条 为了规范农村建房，制定本办法。\n第二条 本办法自发布之日起施行。\n")
    assert (doc.published, doc.effective) == ("2019-08-26", "2019-08-26")
    cited = _load(tmp_path, "某某意见.txt",
                  "某某县关于加强农房管理的意见\n2019年8月26日发布\n"
                  "一、加强管理。各乡镇依照《某某办法》（自发布之日起施行）做好审批。\n")
    assert cited.effective is None  # only the document's own 本…自发布之日起施行 counts


def test_a_load_may_set_them(tmp_path):
    path = tmp_path / "某某办法.txt"
    path.write_text("某某办法\n第一条 为了管理，制定本办法。\n", encoding="utf-8")
    doc = ingest.load(path, published="2020-02-02", validity="失效")
    assert (doc.published, doc.validity) == ("2020-02-02", "失效")


def _expectations() -> list[tuple[Path, str | None]]:
    found = []
    for path in sorted(REAL.glob("*/*.expected.json")):
        dates = json.loads(path.read_text(encoding="utf-8")).get("dates") or {}
        if "published" in dates:
            found.append((path, dates["published"]))
    return found


REAL_PUBLISHED = _expectations()


def test_the_real_expectations_state_publication_dates():
    assert len(REAL_PUBLISHED) >= 10 and sum(1 for _, d in REAL_PUBLISHED if d) >= 6


@pytest.mark.parametrize("expectation, published", REAL_PUBLISHED,
                         ids=[p.name[: -len(".expected.json")] for p, _ in REAL_PUBLISHED])
def test_real_documents_are_published_when_they_say(expectation, published):
    data = json.loads(expectation.read_text(encoding="utf-8"))
    name = data.get("file") or expectation.name[: -len(".expected.json")]
    source = expectation.parent / name
    if not source.exists():
        source = next(p for p in expectation.parent.glob(f"{name}.*") if not p.name.endswith(".json"))
    assert ingest.load(source).published == published


# -- stored and shown ------------------------------------------------------------------------

RULE = ("某市宅基地管理办法\n[发布日期]2024-05-01\n[有效性]现行有效\n"
        "第一条 为了规范宅基地管理，制定本办法。\n第二条 本办法自2024年6月1日起施行。\n")
ORDER = ("某市农房风貌管理规定\n某市人民政府令\n第12号\n《某市农房风貌管理规定》已经2022年3月1日市人民政府常务会议通过，"
         "现予公布，自公布之日起施行。\n市长 李四\n2022年3月8日\n某市农房风貌管理规定\n"
         "第一条 为了保护乡村风貌，制定本规定。\n第二条 本规定自公布之日起施行。\n")
PLAIN = "某村村规民约\n第一条 村民应当爱护公共设施。\n第二条 村民应当保护耕地。\n"


@pytest.fixture
def dated_home(tmp_path):
    folder = tmp_path / "文库"
    folder.mkdir()
    (folder / "宅基地办法.txt").write_text(RULE, encoding="utf-8")
    (folder / "风貌规定.txt").write_text(ORDER, encoding="utf-8")
    (folder / "村规民约.txt").write_text(PLAIN, encoding="utf-8")
    settings = Settings.from_env(home=tmp_path / "kb", embedder="fake", store="faiss")
    build(settings, folder)
    return settings


def test_stored_read_back_and_edited(dated_home):
    index = Index.open(dated_home)
    try:
        rule, order, plain = (index.by_id[i] for i in ("宅基地办法", "风貌规定", "村规民约"))
        assert (rule.published, rule.effective, rule.validity) == ("2024-05-01", "2024-06-01", "有效")
        assert (order.adopted, order.published, order.effective, order.validity) == \
            ("2022-03-01", "2022-03-08", "2022-03-08", "")
        assert (plain.published, plain.validity, plain.date) == (None, "", None)
    finally:
        index.close()
    edit(dated_home, "村规民约", published="2023-01-05", validity="已被废止")
    edit(dated_home, "宅基地办法", validity="")
    index = Index.open(dated_home)
    try:
        plain = index.by_id["村规民约"]
        assert (plain.published, plain.validity, plain.date) == ("2023-01-05", "废止", "2023-01-05")
        assert index.by_id["宅基地办法"].validity == ""
        assert index.by_id["风貌规定"].published == "2022-03-08"  # the others are kept as they were
    finally:
        index.close()


def test_cli_list_and_parse_show_them(dated_home, tmp_path):
    runner = CliRunner()
    listed = runner.invoke(cli, ["list", "--json", "--home", str(dated_home.home)])
    assert listed.exit_code == 0, listed.output
    records = {d["doc_id"]: d for d in json.loads(listed.stdout)}
    assert (records["宅基地办法"]["published"], records["宅基地办法"]["validity"]) == ("2024-05-01", "有效")
    assert (records["村规民约"]["published"], records["村规民约"]["validity"]) == (None, "")
    text = runner.invoke(cli, ["list", "--home", str(dated_home.home)])
    line = next(x for x in text.stdout.splitlines() if x.startswith("宅基地办法"))
    assert "发布 2024-05-01 · 施行 2024-06-01 · 有效" in line
    path = tmp_path / "宅基地办法.txt"
    path.write_text(RULE, encoding="utf-8")
    parsed = runner.invoke(cli, ["parse", str(path)])
    assert parsed.exit_code == 0, parsed.output
    assert parsed.stdout.splitlines()[0].startswith("《某市宅基地管理办法》 ")
    assert "发布 2024-05-01 · 施行 2024-06-01 · 有效 · 2 条目" in parsed.stdout.splitlines()[0]


def test_a_catalogue_from_before_the_dates_loads_and_migrates(tmp_path):
    path = tmp_path / "catalogue.sqlite"
    db = sqlite3.connect(path)
    apply_migrations(db, MIGRATIONS[:3])  # as catalogues were written before the publication date
    db.execute("INSERT INTO documents (doc_id, title, kind, adopted, aliases, warnings, headings, clause_count, "
               "row_start, row_end, doc_number) VALUES ('老文件', '某某条例', '地方性法规', '2010-01-01', '[]', '[]', "
               "'[]', 0, 0, 0, '')")
    db.commit()
    db.close()
    old = Catalogue(path, readonly=True)
    try:
        assert [(d.doc_id, d.adopted, d.published, d.validity) for d in old.documents()] == \
            [("老文件", "2010-01-01", None, "")]
    finally:
        old.close()
    migrated = Catalogue(path)
    try:
        assert [(d.published, d.validity) for d in migrated.documents()] == [(None, "")]
        names = [r[0] for r in migrated.db.execute("SELECT name FROM migrations ORDER BY id")]
        assert names == [name for name, _ in MIGRATIONS] and "published and validity" in names
        columns = {r[1] for r in migrated.db.execute("PRAGMA table_info(documents)")}
        assert {"published", "validity"} <= columns
    finally:
        migrated.close()


def test_library_and_read_pages_show_and_edit_them(home):
    at = AppTest.from_file(str(PAGES / "library.py"), default_timeout=120)
    at.run()
    assert not at.exception
    frame = at.dataframe[0].value
    assert {"通过", "发布", "施行", "修订", "效力"} <= set(frame.columns)
    at.selectbox(key="edit_doc").select("城乡规划法").run()
    [t for t in at.text_input if t.label == "发布日期"][0].input("2019年4月23日")
    [b for b in at.button if b.label == "保存"][0].click().run()
    assert at.error and "日期格式应为" in at.error[0].value
    [t for t in at.text_input if t.label == "发布日期"][0].input("2019-04-23")
    [s for s in at.selectbox if s.label == "效力"][0].select("有效")
    [b for b in at.button if b.label == "保存"][0].click().run()
    assert any("已保存" in s.value for s in at.success)
    frame = at.dataframe[0].value
    row = frame[frame["编号"] == "城乡规划法"].iloc[0]
    assert (row["发布"], row["效力"], row["修订"]) == ("2019-04-23", "有效", "2019-04-23")

    read = AppTest.from_file(str(PAGES / "read.py"), default_timeout=120)
    read.run()
    assert not read.exception
    caption = next(c.value for c in read.caption if "条目" in c.value and "法律" in c.value)
    assert "通过 2007-10-28 · 发布 2019-04-23 · 施行 2008-01-01 · 修订 2019-04-23 · 有效" in caption
