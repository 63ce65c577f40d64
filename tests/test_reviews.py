"""The review store: gap-check runs, reviewer decisions with their time, history, deletion and the
comparison of two drafts, in a real SQLite file reopened by new store objects."""
from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from conftest import ROOT

from gapcheck import check, to_record
from gapcheck.reviews import FILE_NAME, ReviewError, ReviewStore, compare

PLANS = ROOT / "tests" / "fixtures" / "plans"




@pytest.fixture(scope="module")
def reports(catalogue, index):
    """Two plans of a run: a full plan uploaded as 云岭村.md, and the Guangdong plan with gaps."""
    return [check(PLANS / "zhejiang_full.md", catalogue, index, name="云岭村.md"),
            check(PLANS / "guangdong_gaps.txt", catalogue, index, name="石岭村.txt")]


@pytest.fixture(scope="module")
def drafts(catalogue, index, tmp_path_factory):
    """Two drafts of one plan: the first lacks its 历史文化 chapter and lowers 耕地保有量."""
    folder = tmp_path_factory.mktemp("drafts")
    full = (PLANS / "zhejiang_full.md").read_text(encoding="utf-8")
    first = re.sub(r"## 第五章 历史文化保护与传承.*?(?=## 第六章)", "", full, flags=re.S)
    # the topic wherever it stands: the near-term project repairing the 宗祠 is history-culture content too
    first = re.sub(r"^\| 10 \| 吴氏宗祠修缮 \|.*\n", "", first, flags=re.M)
    first = first.replace("| 耕地保有量 | 186.72 | 188.05 | 公顷 |", "| 耕地保有量 | 186.72 | 180.05 | 公顷 |")
    (folder / "云岭村规划.md").write_text(first, encoding="utf-8")
    (folder / "云岭村规划（修改）.md").write_text(full, encoding="utf-8")
    return [replace(check(folder / "云岭村规划.md", catalogue, index), draft="初稿"),
            replace(check(folder / "云岭村规划（修改）.md", catalogue, index), draft="第二稿")]


def test_a_run_survives_a_new_store_object(tmp_path, reports):
    run_id = ReviewStore.open(tmp_path).save_run(reports, errors=["坏.pdf: 文件已损坏"])
    again = ReviewStore(tmp_path / FILE_NAME)            # as after a restart: nothing in memory
    run = again.load(run_id)
    assert [to_record(r) for r in run.reports] == [to_record(r) for r in reports]
    assert run.errors == ("坏.pdf: 文件已损坏",) and run.decisions == ()
    assert [r.file_name for r in run.reports] == ["云岭村.md", "石岭村.txt"]
    assert {i.name: i.status for i in run.reports[1].indicators}["户均宅基地面积"] == "conflict"
    [summary] = again.runs()
    assert summary.id == run_id and summary.files == ("云岭村.md", "石岭村.txt")
    assert summary.plans == tuple(r.title for r in reports) and summary.decisions == 0


def test_a_run_saved_before_evidence_kept_its_clause_still_loads(tmp_path, reports):
    """Records written before issue 13 hold evidence as {"text", "section", "page"} only: they
    load and show the same places, quotes and --json output."""
    run_id = ReviewStore.open(tmp_path).save_run(reports)
    db = sqlite3.connect(tmp_path / FILE_NAME)
    for position, report in db.execute("SELECT position, report FROM plans WHERE run_id = ?", (run_id,)).fetchall():
        record = json.loads(report)
        for f in record["findings"]:
            f["evidence"] = [{k: e[k] for k in ("text", "section", "page")} for e in f["evidence"]]
        db.execute("UPDATE plans SET report = ? WHERE run_id = ? AND position = ?",
                   (json.dumps(record, ensure_ascii=False), run_id, position))
    db.commit()
    db.close()
    old = ReviewStore(tmp_path / FILE_NAME).load(run_id)
    assert [r.to_dict() for r in old.reports] == [r.to_dict() for r in reports]
    evidence = [e for f in old.reports[0].findings for e in f.evidence]
    assert evidence and all(e.clause is None and e.section for e in evidence)


def test_reports_are_json_text_in_sqlite(tmp_path, reports):
    run_id = ReviewStore.open(tmp_path).save_run(reports)
    db = sqlite3.connect(tmp_path / FILE_NAME)
    rows = db.execute("SELECT file_name, title, report FROM plans WHERE run_id = ? ORDER BY position", (run_id,)).fetchall()
    assert [(r[0], r[1]) for r in rows] == [("云岭村.md", reports[0].title), ("石岭村.txt", reports[1].title)]
    assert json.loads(rows[1][2])["findings"][6]["requirement"]["id"] == "VP07"
    assert db.execute("SELECT id, name FROM migrations").fetchall() == [(1, "initial")]
    ReviewStore.open(tmp_path)  # reopening does not run a migration twice
    assert db.execute("SELECT COUNT(*) FROM migrations").fetchone()[0] == 1


def test_decisions_carry_their_time_and_last(tmp_path, reports):
    store = ReviewStore.open(tmp_path)
    run_id = store.save_run(reports)
    before = datetime.now().astimezone() - timedelta(seconds=2)
    d = store.decide(run_id, 1, "VP09", "covered", "教育以外的设施见镇级专项规划")
    assert (d.status, d.comment) == ("covered", "教育以外的设施见镇级专项规划")
    at = datetime.fromisoformat(d.at)
    assert before <= at <= datetime.now().astimezone() + timedelta(seconds=2)
    run = ReviewStore(tmp_path / FILE_NAME).load(run_id)
    finding = next(f for f in run.reports[1].findings if f.requirement.id == "VP09")
    assert finding.status == "partial" and finding.final_status == "covered"
    assert finding.review == {"status": "covered", "comment": "教育以外的设施见镇级专项规划"}
    assert run.decision(1, "VP09") == d and run.decision(0, "VP09") is None
    # a second decision replaces the first; both stay in the history
    store.decide(run_id, 1, "VP09", "accept", "复核后维持部分覆盖")
    run = store.load(run_id)
    assert run.reports[1].status("VP09") == "partial"
    assert run.decision(1, "VP09").comment == "复核后维持部分覆盖"
    history = store.history(run_id, 1, "VP09")
    assert [h.decision for h in history] == ["covered", "accept"] and history[0].at <= history[1].at
    assert store.runs()[0].decisions == 1


def test_accept_keeps_the_findings_own_status(tmp_path, reports):
    store = ReviewStore.open(tmp_path)
    run_id = store.save_run(reports)
    assert store.decide(run_id, 1, "VP07", "accept").status == "conflict"
    assert store.decide(run_id, 1, "VP05", "accept", "确无历史文化内容").status == "missing"


@pytest.mark.parametrize("args, message", [
    ((0, "VP01", "approve"), "未知的复核结论"),
    ((5, "VP01", "covered"), "没有第 6 份规划"),
    ((0, "VP99", "covered"), "没有 VP99"),
])
def test_bad_decisions_are_refused(tmp_path, reports, args, message):
    store = ReviewStore.open(tmp_path)
    run_id = store.save_run(reports)
    with pytest.raises(ReviewError) as err:
        store.decide(run_id, *args)
    assert message in str(err.value)
    assert store.load(run_id).decisions == ()


def test_delete_a_run(tmp_path, reports):
    store = ReviewStore.open(tmp_path)
    keep = store.save_run(reports[:1])
    gone = store.save_run(reports)
    store.decide(gone, 0, "VP01", "partial", "范围图缺四至")
    store.delete(gone)
    assert [r.id for r in ReviewStore.open(tmp_path).runs()] == [keep]
    with pytest.raises(ReviewError, match="没有编号为"):
        store.load(gone)
    with pytest.raises(ReviewError, match="没有编号为"):
        store.delete(gone)
    db = sqlite3.connect(tmp_path / FILE_NAME)
    assert db.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM plans WHERE run_id = ?", (gone,)).fetchone()[0] == 0


def test_latest_is_the_run_worked_on_last(tmp_path, reports):
    store = ReviewStore.open(tmp_path)
    assert store.latest() is None
    first = store.save_run(reports)
    second = store.save_run(reports[:1])
    assert store.latest() == second
    store.decide(first, 0, "VP01", "accept")
    store.decide(first, 0, "VP02", "accept")
    # a decision in the same second as the second run's creation still moves the first run up
    db = sqlite3.connect(tmp_path / FILE_NAME)
    db.execute("UPDATE runs SET updated_at = '2000-01-01T00:00:00+08:00' WHERE id = ?", (second,))
    db.commit()
    assert store.latest() == first
    assert [r.id for r in store.runs()] == [first, second]


def test_compare_two_drafts(tmp_path, drafts):
    before, after = drafts
    changes = compare(before, after)
    assert [(c.requirement, c.before, c.after) for c in changes] == [("VP04", "conflict", "covered"),
                                                                     ("VP05", "missing", "covered")]
    assert changes[1].name == "历史文化传承与保护"
    assert compare(after, before)[0].before == "covered"
    # stored and reviewed: the comparison uses the decisions
    store = ReviewStore.open(tmp_path)
    run_id = store.save_run(drafts)
    store.decide(run_id, 0, "VP04", "covered", "指标表笔误，文本为 188.05 公顷")
    run = store.load(run_id)
    assert [c.requirement for c in compare(*run.reports)] == ["VP05"]
    assert [r.draft for r in run.reports] == ["初稿", "第二稿"]
    assert store.runs()[0].plans == (f"《{before.title}》（初稿）", f"《{after.title}》（第二稿）")


def test_a_damaged_record_is_a_one_line_error(tmp_path, reports):
    store = ReviewStore.open(tmp_path)
    run_id = store.save_run(reports)
    db = sqlite3.connect(tmp_path / FILE_NAME)
    db.execute("UPDATE plans SET report = '{\"plan\": 1' WHERE run_id = ?", (run_id,))
    db.commit()
    with pytest.raises(ReviewError) as err:
        store.load(run_id)
    assert "已损坏" in str(err.value) and "\n" not in str(err.value)


def test_a_file_that_is_not_sqlite_is_a_one_line_error(tmp_path):
    (tmp_path / FILE_NAME).write_bytes(b"this is not a database" * 100)
    with pytest.raises(ReviewError) as err:
        ReviewStore.open(tmp_path)
    assert FILE_NAME in str(err.value) and "\n" not in str(err.value)
