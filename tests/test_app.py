"""Every page under streamlit.testing (AppTest): search, citation links, upload, edit, remove,
and each error message."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from docmaker import make_docx, make_pdf
from streamlit.testing.v1 import AppTest

from ingest.settings import Settings

PAGES = Path(__file__).resolve().parents[1] / "app" / "views"
TIMEOUT = 120


def page(name: str) -> AppTest:
    return AppTest.from_file(str(PAGES / f"{name}.py"), default_timeout=TIMEOUT)


def _texts(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)


def test_search_page_answers_a_question(home):
    at = page("search")
    at.run()
    assert at.info and "请输入一个问题" in at.info[0].value
    at.text_input[0].input("村庄规划报批前要经过什么程序").run()
    assert not at.exception
    text = _texts(at)
    assert "《中华人民共和国城乡规划法》第二十二条" in text
    assert "<mark>" in text and "用时" in text
    assert any("《中华人民共和国城乡规划法》第二十二条" in c.value for c in at.code)
    assert "read?doc=" in text


def test_search_page_citation_and_filters(home):
    at = page("search")
    at.run()
    at.text_input[0].input("土地管理法第六十二条").run()
    assert "1. 《中华人民共和国土地管理法》第六十二条" in _texts(at)
    kind = next(s for s in at.selectbox if s.label == "文件类型")
    kind.select("地方性法规").run()
    text = _texts(at)
    # no hit is the national law itself (a local 实施《中华人民共和国土地管理法》办法 may be)
    assert not re.search(r"<b>\d+\. 《中华人民共和国土地管理法》", text) and "条例" in text
    region = next(s for s in at.selectbox if s.label == "地区")
    region.select("浙江省").run()
    cards = [m.value.split("</b>")[0] for m in at.markdown if m.value.startswith("<b>")]
    assert cards and all(("浙江" in c or "绍兴" in c or "宁波" in c or "湖州" in c or "衢州" in c or "丽水" in c)
                         for c in cards)
    next(s for s in at.selectbox if s.label == "文件类型").select("全部").run()
    region.select("仅全国性文件").run()
    at.text_input[0].input("浙江宅基地面积标准").run()
    cards = [m.value.split("</b>")[0] for m in at.markdown if m.value.startswith("<b>")]
    assert len(cards) == 10, "national documents only, and still a full page of them"
    from index.search import Index
    national = {d.title for d in Index.open(Settings.from_env()).docs if not d.region}
    assert {c.split("《", 1)[1].split("》")[0] for c in cards} <= national


def test_search_page_no_results_message(home):
    at = page("search")
    at.run()
    next(s for s in at.selectbox if s.label == "文件类型").select("规划").run()
    at.text_input[0].input("宅基地").run()
    assert at.warning and "没有找到相关条文" in at.warning[0].value


def test_missing_index_message(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANKB_HOME", str(tmp_path / "empty"))
    monkeypatch.setattr("index.lifecycle.BUNDLED_INDEX", tmp_path / "no-bundled-index")
    for name in ("search", "read"):
        at = page(name)
        at.run()
        assert not at.exception
        assert at.error and "知识库为空" in at.error[0].value


def test_read_page_opens_a_shared_link(home):
    at = page("read")
    at.query_params["doc"] = "城乡规划法"
    at.query_params["label"] = "第二十二条"
    at.run()
    assert not at.exception
    assert at.title[0].value == "中华人民共和国城乡规划法"
    text = _texts(at)
    assert "### 第二十二条" in text and "村民会议或者村民代表会议讨论同意" in text
    assert "第二十一条" in text or "第二十三条" in text  # neighbours shown in context
    assert any("第二章 城乡规划的制定" in c.value for c in at.caption)


def test_read_page_unknown_link_is_explained(home):
    at = page("read")
    at.query_params["doc"] = "不存在的文件"
    at.run()
    assert at.warning and "没有文件" in at.warning[0].value


def test_library_upload_edit_remove(home, tmp_path):
    docx = make_docx(tmp_path / "某村规划.docx", [
        ("title", "浙江省湖州市某某村村庄规划（2021—2035年）"),
        ("h1", "第一章 总则"),
        ("p", "第一条 本规划范围为某某村村域，规划期限2021—2035年。"),
        ("p", "第二条 规划落实耕地保有量不低于152.30公顷，严守永久基本农田保护红线。"),
    ])
    pdf = make_pdf(tmp_path / "某县宅基地办法.pdf", [[
        "某县农村宅基地管理办法",
        "第一条 为规范农村宅基地审批管理，制定本办法。",
        "第二条 农村村民建房应当向村民委员会提出申请，经乡镇人民政府审核批准。",
    ]], page_numbers=False)
    at = page("library")
    at.run()
    assert not at.exception
    assert "土地管理法" in list(at.dataframe[0].value["编号"])
    at.file_uploader[0].set_value([
        ("某村规划.docx", docx.read_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("../../某县宅基地办法.pdf", pdf.read_bytes(), "application/pdf"),
        ("空文件.txt", b"", "text/plain"),
    ]).run()
    [b for b in at.button if b.label == "解析并入库"][0].click().run()
    assert not at.exception
    assert any("已入库：新增 2 个" in s.value for s in at.success)
    assert any("空文件.txt" in e.value and "为空" in e.value for e in at.error)
    ids = list(at.dataframe[0].value["编号"])
    assert "某村规划" in ids and "某县宅基地办法" in ids
    assert not list(home.glob("*.pdf")) and list((home / "uploads").rglob("某县宅基地办法.pdf"))

    search = page("search")
    search.run()
    search.text_input[0].input("某县宅基地审批由谁批准").run()
    assert "某县农村宅基地管理办法" in _texts(search)

    # edit metadata: a bad date is refused, a good one saved
    at.selectbox(key="edit_doc").select("某村规划").run()
    [t for t in at.text_input if t.label == "标题"][0].input("某某村村庄规划（修改后）")
    [t for t in at.text_input if t.label == "通过日期"][0].input("2022/6/1")
    [b for b in at.button if b.label == "保存"][0].click().run()
    assert at.error and "日期格式应为" in at.error[0].value and "2022/6/1" in at.error[0].value
    [t for t in at.text_input if t.label == "通过日期"][0].input("2022-06-01")
    [b for b in at.button if b.label == "保存"][0].click().run()
    assert any("已保存" in s.value for s in at.success)
    frame = at.dataframe[0].value
    row = frame[frame["编号"] == "某村规划"].iloc[0]
    assert row["标题"] == "某某村村庄规划（修改后）" and row["通过"] == "2022-06-01"

    # remove, with confirmation
    at.selectbox(key="remove_doc").select("某县宅基地办法").run()
    [b for b in at.button if b.label == "删除……"][0].click().run()
    assert at.warning and "确定从知识库删除" in at.warning[0].value
    [b for b in at.button if b.label == "确认删除"][0].click().run()
    assert any("已删除" in s.value for s in at.success)
    assert "某县宅基地办法" not in list(at.dataframe[0].value["编号"])


def test_upload_names_cannot_escape(tmp_path):
    from app.uploads import safe_name, save_uploads
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("..\\..\\boot.ini") == "boot.ini"
    assert safe_name("a/b/c.pdf") == "c.pdf"
    assert safe_name("....") == "upload"
    assert safe_name("规划\x00.pdf") == "规划_.pdf"
    saved, refused = save_uploads(tmp_path, [("../x.txt", b"abc"), ("big.txt", b"x" * 2048), ("../x.txt", b"d")], 1024)
    assert [p.name for p in saved] == ["x.txt", "x-2.txt"]
    assert all(tmp_path / "uploads" in p.parents for p in saved)
    assert len(refused) == 1 and "big.txt" in refused[0] and "超过上限" in refused[0]


def test_check_page_grid_details_review_and_downloads(home):
    plans = Path(__file__).parent / "fixtures" / "plans"
    at = page("check")
    at.run()
    assert not at.exception
    assert at.info and "请上传" in at.info[0].value
    at.file_uploader[0].set_value([
        ("zhejiang_full.md", (plans / "zhejiang_full.md").read_bytes(), "text/markdown"),
        ("guangdong_gaps.txt", (plans / "guangdong_gaps.txt").read_bytes(), "text/plain"),
        ("坏.pdf", b"%PDF-1.4 broken", "application/pdf"),
    ]).run()
    [b for b in at.button if b.label == "开始体检"][0].click().run()
    assert not at.exception
    assert any("坏.pdf" in e.value for e in at.error)
    grid = at.dataframe[0].value
    assert list(grid.columns) == [f"VP{n:02d}" for n in range(1, 15)]
    assert len(grid) == 2
    gd = grid.iloc[1]
    assert (gd["VP05"], gd["VP09"], gd["VP07"], gd["VP01"]) == ("缺失", "部分覆盖", "冲突", "已覆盖")
    assert set(grid.iloc[0]) == {"已覆盖"}
    # open a cell: the evidence and the basis side by side
    at.selectbox(key="sel_plan").select(grid.index[1]).run()
    at.selectbox(key="sel_req").select("VP07").run()
    text = "\n".join(m.value for m in at.markdown)
    assert "VP07" in text and "冲突" in text and "一户只能拥有一处宅基地" in text and "180" in text
    # a reviewer overrides a finding with a comment; the downloads carry it
    at.selectbox(key="sel_req").select("VP09").run()
    at.radio[0].set_value("已覆盖")
    at.text_input[0].input("教育以外的设施见镇级专项规划")
    [b for b in at.button if b.label == "保存复核"][0].click().run()
    assert at.success and "已记录复核意见" in at.success[0].value
    assert len(at.get("download_button")) == 3
    report = at.session_state["check_reports"][1]
    finding = next(f for f in report.findings if f.requirement.id == "VP09")
    assert finding.review == {"status": "covered", "comment": "教育以外的设施见镇级专项规划"}
    from index.search import Index
    assert len(Index.open(Settings.from_env(home=home)).docs) == 78, "plans checked are not added to the library"


# ---- 规划体检: plans keyed by file, reviews that last, history, drafts --------------------------

PLANS = Path(__file__).parent / "fixtures" / "plans"
MD = "text/markdown"


def _run_check(at: AppTest, files: list[tuple[str, bytes, str]], drafts: dict[str, str] | None = None) -> AppTest:
    at.file_uploader[0].set_value(files).run()
    for name, draft in (drafts or {}).items():
        next(s for s in at.selectbox if s.label == f"{name} 的稿次").select(draft)
    [b for b in at.button if b.label == "开始体检"][0].click().run()
    assert not at.exception
    return at


def _details(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown) + "\n" + "\n".join(c.value for c in at.caption)


@pytest.fixture(scope="module")
def same_plan_docx(tmp_path_factory):
    """zhejiang_full.md as a real Word file: the same plan, the same title, another file."""
    from test_gapcheck_plans import md_to_docx
    return md_to_docx(PLANS / "zhejiang_full.md", tmp_path_factory.mktemp("docx") / "zhejiang_full.docx")


def test_check_page_same_titled_plans_md_and_docx(home, same_plan_docx):
    at = _run_check(page("check").run(), [
        ("zhejiang_full.md", (PLANS / "zhejiang_full.md").read_bytes(), MD),
        ("zhejiang_full.docx", same_plan_docx.read_bytes(),
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document")])
    assert not at.error
    grid = at.dataframe[0].value
    title, short = "安吉县溪龙乡云岭村村庄规划（2021—2035年）", "安吉县溪龙乡云岭村村庄规划"
    assert list(grid.index) == [f"《{short}》（zhejiang_full.md）", f"《{short}》（zhejiang_full.docx）"]
    assert set(grid.iloc[0]) == set(grid.iloc[1]) == {"已覆盖"}
    at.selectbox(key="sel_plan").select(grid.index[1]).run()
    at.selectbox(key="sel_req").select("VP07").run()
    assert not at.exception
    text = _details(at)
    assert "文件：zhejiang_full.docx" in text and "VP07" in text and "一户只能拥有一处宅基地" in text
    assert at.query_params["plan"] == "1" and at.query_params["req"] == "VP07"
    assert len(at.get("download_button")) == 3
    import io

    from openpyxl import load_workbook

    from gapcheck.report import to_markdown, to_xlsx
    reports = at.session_state["check_reports"]
    cells = [str(c.value) for ws in load_workbook(io.BytesIO(to_xlsx(reports))) for row in ws.iter_rows()
             for c in row if c.value is not None]
    assert "zhejiang_full.md" in cells and "zhejiang_full.docx" in cells
    assert f"《{title}》（zhejiang_full.docx）" in cells
    md = to_markdown(reports)
    for text in (md, "\n".join(cells)):
        assert "uploads" not in text and str(home) not in text


def test_check_page_review_survives_a_new_session(home):
    at = _run_check(page("check").run(), [("guangdong_gaps.txt", (PLANS / "guangdong_gaps.txt").read_bytes(), "text/plain")])
    run_id = at.session_state["check_run"]
    assert at.query_params["run"] == str(run_id)
    at.selectbox(key="sel_req").select("VP11").run()
    at.radio[0].set_value("部分覆盖")
    at.text_input[0].input("防洪内容见镇级综合防灾规划")
    [b for b in at.button if b.label == "保存复核"][0].click().run()
    assert at.success and "已记录复核意见" in at.success[0].value
    assert at.dataframe[0].value.iloc[0]["VP11"] == "部分覆盖 ✓"

    # a reload: a new session with the URL's query parameters
    again = page("check")
    for key in ("run", "plan", "req"):
        again.query_params[key] = at.query_params[key]
    again.run()
    assert not again.exception
    assert again.selectbox(key="sel_req").value == "VP11"
    assert again.radio[0].value == "部分覆盖" and again.text_input[0].value == "防洪内容见镇级综合防灾规划"
    assert any("已复核：改为部分覆盖" in c.value and "防洪内容见镇级综合防灾规划" in c.value for c in again.caption)

    # a new session without a URL opens the run worked on last
    fresh = page("check")
    fresh.run()
    assert fresh.session_state["check_run"] == run_id
    fresh.selectbox(key="sel_req").select("VP11").run()
    assert fresh.radio[0].value == "部分覆盖"
    report = fresh.session_state["check_reports"][0]
    assert report.status("VP11") == "partial" and report.findings[10].status == "missing"


def test_check_page_history_reopen_and_delete(home):
    at = _run_check(page("check").run(), [("zhejiang_full.md", (PLANS / "zhejiang_full.md").read_bytes(), MD)])
    first = at.session_state["check_run"]
    _run_check(at, [("guangdong_gaps.txt", (PLANS / "guangdong_gaps.txt").read_bytes(), "text/plain")])
    second = at.session_state["check_run"]
    assert second != first and at.dataframe[0].value.index[0].startswith("大埔县")
    history = at.selectbox(key="history_run")
    assert history.options[0].startswith(f"第 {second} 次") and "大埔县" in history.options[0]
    history.select(first).run()
    [b for b in at.button if b.label == "打开"][0].click().run()
    assert not at.exception
    assert at.session_state["check_run"] == first and at.dataframe[0].value.index[0].startswith("安吉县")
    # delete the open run, after confirming
    at.selectbox(key="history_run").select(first).run()
    [b for b in at.button if b.label == "删除……"][0].click().run()
    assert at.warning and "确定删除第" in at.warning[0].value
    [b for b in at.button if b.label == "确认删除"][0].click().run()
    assert not at.exception
    assert any("已删除第" in i.value for i in at.info)
    from gapcheck.reviews import ReviewStore
    assert [r.id for r in ReviewStore.open(home).runs()] == [second]
    assert not at.dataframe  # the deleted run is no longer shown


def test_check_page_names_drafts_and_compares_them(home, tmp_path):
    import re
    full = (PLANS / "zhejiang_full.md").read_text(encoding="utf-8")
    first = re.sub(r"## 第五章 历史文化保护与传承.*?(?=## 第六章)", "", full, flags=re.S)
    first = re.sub(r"^\| 10 \| 吴氏宗祠修缮 \|.*\n", "", first, flags=re.M)  # the topic wherever it stands
    at = _run_check(page("check").run(), [("云岭村规划.md", first.encode("utf-8"), MD),
                                    ("云岭村规划-修改.md", full.encode("utf-8"), MD)],
                    drafts={"云岭村规划.md": "初稿", "云岭村规划-修改.md": "第二稿"})
    title = "安吉县溪龙乡云岭村村庄规划"  # the grid leaves the period out
    assert list(at.dataframe[0].value.index) == [f"《{title}》（初稿）", f"《{title}》（第二稿）"]
    changes = [m.value for m in at.markdown if "→" in m.value]
    assert changes == ["- **VP05 历史文化传承与保护**：缺失 → 已覆盖"]
    at.selectbox(key="cmp_before").select(f"《{title}》（第二稿）")
    at.selectbox(key="cmp_after").select(f"《{title}》（初稿）").run()
    assert [m.value for m in at.markdown if "→" in m.value] == ["- **VP05 历史文化传承与保护**：已覆盖 → 缺失"]


def test_check_page_unknown_run_in_the_url(home):
    at = page("check")
    at.query_params["run"] = "999"
    at.run()
    assert not at.exception
    assert at.error and "没有编号为 999 的体检记录" in at.error[0].value
    assert at.info and "请上传" in at.info[0].value


def test_check_page_damaged_review_file_is_one_line(home):
    (home / "reviews.sqlite").write_bytes(b"not a database" * 200)
    at = page("check")
    at.run()
    assert not at.exception
    assert len(at.error) == 1 and "reviews.sqlite" in at.error[0].value and "移走" in at.error[0].value
    assert "\n" not in at.error[0].value


def test_check_page_takes_an_old_word_file_and_explains_it(home, tmp_path):
    at = page("check")
    at.run()
    old = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048   # a Word 97-2003 (.doc) header
    good = (Path(__file__).parent / "fixtures" / "plans" / "zhejiang_full.md").read_bytes()
    at.file_uploader(key="plans").set_value([("旧规划.doc", old, "application/msword"),
                                            ("云岭村村庄规划.md", good, "text/markdown")]).run()
    [b for b in at.button if b.label == "开始体检"][0].click().run()
    assert not at.exception
    assert any("旧规划.doc" in e.value and "另存为 DOCX" in e.value for e in at.error)
    assert any("总览" in s.value for s in at.subheader)
