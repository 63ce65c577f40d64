"""The held-out harness (bench/bench_heldout.py) on a synthetic sample of the held-out format.

The sample (tests/data/heldout_format_sample.jsonl) was written for these tests; it includes two
questions about an uploaded revision of 村民委员会组织法, a title the corpus already holds (2018 text).
The uploaded text is written here: its 第八条 and 第十三条 say things the 2018 text does not.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import bench_heldout as bh  # noqa: E402

SAMPLE = ROOT / "tests" / "data" / "heldout_format_sample.jsonl"
UPLOAD_NAME = "村民委员会组织法_样例修正.txt"
UPLOAD_TEXT = """中华人民共和国村民委员会组织法

（样例文本，仅供评测程序的测试使用）

第一章 总则

第一条 为了测试评测程序，制定本样例。

第八条 村民委员会应当建立村务数字台账，每季度向全体村民推送集体资产收支明细和鱼塘发包情况。

第十三条 村民委员会应当每年组织一次古树名木和祠堂巡查，巡查结果录入乡镇文化站的登记簿。
"""
TITLE = "中华人民共和国村民委员会组织法"
ELECTION = "年满十八周岁的村民，不分民族、种族、性别、职业、家庭出身"  # the 2018 text's 第十三条


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("upload-docs")
    (folder / UPLOAD_NAME).write_text(UPLOAD_TEXT, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def sample():
    return bh.load_set(SAMPLE)


@pytest.fixture(scope="module")
def kb(tmp_path_factory, docs, sample):
    """The bundled corpus plus the sample's upload file, opened: (index, {file: doc_id})."""
    from index.search import Index

    settings, uploaded = bh.build_knowledge_base(tmp_path_factory.mktemp("heldout-kb") / "home",
                                                 [q.upload for q in sample if q.upload], docs)
    index = Index.open(settings)
    yield index, uploaded
    index.close()


def _question(sample, qid):
    return next(q for q in sample if q.id == qid)


def test_sample_loads_every_style_and_the_upload_file(sample):
    assert [q.style for q in sample] == ["planner", "citation", "lay", "staff", "upload", "upload"]
    assert {q.upload for q in sample if q.style == "upload"} == {UPLOAD_NAME}
    assert not any(q.upload for q in sample if q.style != "upload")
    assert _question(sample, "s-004").gold == (bh.Gold("农村土地承包法", "第十条"), bh.Gold("农村土地承包法", "第三十八条"))


def test_question_repr_never_shows_the_wording(sample):
    for q in sample:
        assert q.query not in repr(q) and q.id in repr(q)


@pytest.mark.parametrize(("line", "message"), [
    ({"id": "x-1", "query": "问题文本甲", "style": "lay"}, "needs id, query, style and gold"),
    ({"id": "x-1", "query": "问题文本甲", "style": "villager", "gold": [{"doc": "土地管理法", "article": "第一条"}]},
     "style 'villager'"),
    ({"id": "x-1", "query": "问题文本甲", "style": "lay", "gold": []}, "gold is empty"),
    ({"id": "x-1", "query": "问题文本甲", "style": "upload", "gold": [{"doc": "土地管理法", "article": "第一条"}]},
     "an upload question names its file"),
    ({"id": "x-1", "query": "问题文本甲", "style": "lay", "upload": "a.txt",
      "gold": [{"doc": "土地管理法", "article": "第一条"}]}, "an upload question names its file"),
])
def test_bad_lines_are_refused_by_line_number_without_the_question(tmp_path, line, message):
    path = tmp_path / "set.jsonl"
    good = {"id": "x-0", "query": "问题文本乙", "style": "staff", "gold": [{"doc": "土地管理法", "article": "第二条"}]}
    path.write_text(json.dumps(good, ensure_ascii=False) + "\n\n" + json.dumps(line, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    with pytest.raises(bh.SetError, match=message) as err:
        bh.load_set(path)
    assert "line 3" in str(err.value) and "问题文本" not in str(err.value)


def test_a_repeated_id_is_refused(tmp_path):
    line = json.dumps({"id": "x-0", "query": "问", "style": "staff", "gold": [{"doc": "土地管理法", "article": "第二条"}]})
    (tmp_path / "set.jsonl").write_text(line + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(bh.SetError, match="id x-0 repeated"):
        bh.load_set(tmp_path / "set.jsonl")


def test_metrics_of_first_gold_ranks():
    m = bh.metrics([1, 3, None, 11, 10])
    assert m["n"] == 5
    assert m["hit@1"] == pytest.approx(0.2)
    assert m["hit@10"] == pytest.approx(0.6)
    assert m["mrr@10"] == pytest.approx((1 + 1 / 3 + 1 / 10) / 5)


def test_upload_is_stored_beside_the_corpus_document_of_the_same_title(kb):
    index, uploaded = kb
    upload_id = uploaded[UPLOAD_NAME]
    same_title = [d.doc_id for d in index.docs if index.names.is_name_of(TITLE, d.doc_id)]
    assert upload_id in same_title and len(same_title) == 2
    corpus_id = next(i for i in same_title if i != upload_id)
    assert index.by_id[corpus_id].source_root != "" and index.by_id[upload_id].source_root == ""
    assert index.names.is_name_of("村民委员会组织法", upload_id) and index.names.is_name_of("《村民委员会组织法》", corpus_id)


def test_a_hit_in_the_2018_text_of_the_same_title_does_not_count_for_an_upload_question(kb, sample):
    index, uploaded = kb
    hits = index.search(ELECTION, k=10, mode="keyword")
    top = hits[0].clause
    assert top.label == "第十三条" and top.doc_id != uploaded[UPLOAD_NAME] and index.names.is_name_of(TITLE, top.doc_id)
    question = _question(sample, "s-006")
    upload_rank = next((h.rank for h in hits if h.clause.doc_id == uploaded[UPLOAD_NAME]
                        and h.clause.label == "第十三条"), None)
    assert bh.first_gold_rank(hits, question, index.names, uploaded) == upload_rank
    assert upload_rank != 1
    # matched on title and label alone, the same hits would have credited the 2018 text
    corpus_question = bh.Question("c-1", ELECTION, "staff", question.gold)
    assert bh.first_gold_rank(hits, corpus_question, index.names, uploaded) == 1


def test_a_hit_in_the_uploaded_file_counts_for_its_question_only(kb, sample):
    index, uploaded = kb
    hits = index.search("每季度向全体村民推送集体资产收支明细和鱼塘发包情况", k=10, mode="keyword")
    assert hits[0].clause.doc_id == uploaded[UPLOAD_NAME] and hits[0].clause.label == "第八条"
    question = _question(sample, "s-005")
    assert bh.first_gold_rank(hits, question, index.names, uploaded) == 1
    # a corpus question with the same gold is not answered by the uploaded file
    corpus_question = bh.Question("c-2", question.query, "staff", question.gold)
    assert bh.first_gold_rank(hits, corpus_question, index.names, uploaded) != 1


def test_short_full_and_bracketed_titles_all_match(kb, sample):
    index, uploaded = kb
    for qid in ("s-001", "s-002", "s-003"):  # 城乡规划法, 中华人民共和国土地管理法, 《中华人民共和国耕地占用税法》
        q = _question(sample, qid)
        gold = q.gold[0]
        doc_id = index.names.lookup(gold.doc)
        assert doc_id is not None
        clause = index.clause(doc_id, gold.article)
        assert clause is not None
        hits = index.search(clause.text[:40], k=10, mode="keyword")
        assert bh.first_gold_rank(hits, q, index.names, uploaded) == next(
            h.rank for h in hits if h.clause.doc_id == doc_id and h.clause.label == gold.article)
    assert bh.unresolved_golds(index, sample, uploaded) == []


def test_a_gold_no_document_holds_is_reported(kb):
    index, uploaded = kb
    wrong = [bh.Question("w-1", "问", "staff", (bh.Gold("土地管理法", "第九百条"),)),
             bh.Question("w-2", "问", "staff", (bh.Gold("不存在的管理办法", "第一条"),)),
             bh.Question("w-3", "问", "upload", (bh.Gold(TITLE, "第十八条"),), UPLOAD_NAME)]  # only the 2018 text has it
    assert bh.unresolved_golds(index, wrong, uploaded) == ["w-1", "w-2", "w-3"]


def test_table_over_the_sample_has_every_style_and_no_question(kb, sample):
    index, uploaded = kb
    results = {"sample": {mode: bh.ranks_of(index, sample, mode, uploaded) for mode in bh.MODES}}
    for mode in bh.MODES:
        ranks = dict(zip([q.id for q in sample], [r for _, r in results["sample"][mode]]))
        assert ranks["s-002"] == 1          # a citation comes first in every mode
        assert ranks["s-006"] is None       # only the 2018 text answers it; that does not count
    table = bh.format_table(results)
    lines = table.splitlines()
    assert lines[0].startswith("| set | scope | n | hybrid hit@1 | hybrid hit@10 | hybrid MRR@10 | keyword hit@1")
    rows = {line.split("|")[2].strip(): line for line in lines[2:]}
    assert list(rows) == ["all", "planner", "staff", "lay", "citation", "upload"]
    assert rows["all"].split("|")[3].strip() == "6" and rows["upload"].split("|")[3].strip() == "2"
    hybrid_upload = bh.metrics([r for s, r in results["sample"]["hybrid"] if s == "upload"])
    assert rows["upload"].split("|")[4].strip() == f"{hybrid_upload['hit@1']:.2f}"
    assert not any(q.query in table or q.query[:8] in table for q in sample)


def test_main_prints_aggregates_only(docs, sample, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["bench_heldout.py", "--heldout", str(SAMPLE), "--docs", str(docs),
                                      "--no-dev", "--mode", "keyword"])
    bh.main()
    out = capsys.readouterr().out
    assert "(1 uploaded)" in out and "| **held-out (6)** | all | 6 |" in out
    assert "hybrid" not in out and not any(q.query[:8] in out for q in sample)


def test_a_missing_upload_file_stops_the_run(tmp_path, sample):
    with pytest.raises(FileNotFoundError, match=UPLOAD_NAME):
        bh.run({"sample": sample}, tmp_path / "empty", modes=("keyword",))
