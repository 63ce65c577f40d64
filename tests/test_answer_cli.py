"""`plankb answer` and `plankb eval --answers` on a copy of the bundled knowledge base."""
from __future__ import annotations

import json
import socket

from click.testing import CliRunner

from answer import NO_ANSWER
from app.cli import cli

QUESTION = "农村村民一户可以拥有几处宅基地？"


def run(args, home, **env):
    return CliRunner().invoke(cli, [*args, "--home", str(home)], prog_name="plankb", env=env or None)


def test_answer_prints_sentences_with_citations_and_the_basis(home):
    result = run(["answer", QUESTION], home)
    assert result.exit_code == 0, result.output
    body, basis = result.stdout.split("\n依据：")
    assert "一户只能拥有一处宅基地" in body and "〔《中华人民共和国土地管理法》第六十二条〕" in body
    assert "《中华人民共和国土地管理法》第六十二条" in basis
    assert result.stderr == ""


def test_answer_json_is_the_answer_contract(home):
    result = run(["answer", QUESTION, "--json", "-k", "5"], home)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["mode"] == "extractive" and data["question"] == QUESTION and len(data["hits"]) == 5
    assert all(s["citations"] and s["citations"][0]["link"].startswith("/read?doc=") for s in data["sentences"])


def test_answer_says_when_nothing_answers(home):
    result = run(["answer", "足球比赛越位怎么判罚？"], home)
    assert result.exit_code == 0 and result.stdout.strip() == NO_ANSWER + "。"


def test_a_model_that_cannot_be_reached_gives_the_extractive_answer_with_a_note(home):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = run(["answer", QUESTION], home, PLANKB_LLM=f"openai://127.0.0.1:{port}/v1?model=qwen", PLANKB_LLM_KEY="")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("注意：语言模型不可用，已改用摘录式回答：无法连接语言模型服务")
    assert "〔《中华人民共和国土地管理法》第六十二条〕" in result.stdout
    offline = run(["answer", QUESTION, "--extractive"], home, PLANKB_LLM=f"openai://127.0.0.1:{port}/v1?model=qwen")
    assert offline.exit_code == 0 and offline.stderr == ""


def test_a_malformed_model_setting_is_one_line(home):
    result = run(["answer", QUESTION], home, PLANKB_LLM="openai://127.0.0.1:8000/v1")
    assert result.exit_code == 1 and "PLANKB_LLM 的格式不对" in result.stderr


def test_empty_question_and_a_bad_k_are_usage_errors(home):
    result = run(["answer", "  "], home)
    assert result.exit_code == 2 and "问题为空" in result.stderr
    result = run(["answer", QUESTION, "-k", "0"], home)
    assert result.exit_code == 2 and "-k 应在 1 到 50 之间" in result.stderr


def test_eval_answers_reports_gold_citations_and_supported_sentences(home, tmp_path):
    questions = tmp_path / "questions.jsonl"
    lines = [{"query": QUESTION, "style": "planner", "gold": [{"doc": "土地管理法", "article": "第六十二条"}]},
             {"query": "村民委员会每届任期几年？", "style": "lay",
              "gold": [{"doc": "中华人民共和国村民委员会组织法", "article": "第十一条"}]},
             {"query": "足球比赛越位怎么判罚？", "style": "lay", "gold": [{"doc": "城乡规划法", "article": "第一条"}]}]
    questions.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    result = run(["eval", "--answers", str(questions), "--json"], home)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"answers"}
    overall = data["answers"]["overall"]
    assert overall["n"] == 3 and abs(overall["cites_gold"] - 2 / 3) < 1e-9 and abs(overall["answered"] - 2 / 3) < 1e-9
    assert overall["resolved"] == 1.0 and overall["supported"] == 1.0
    assert [q["cites_gold"] for q in data["answers"]["questions"]] == [True, True, False]
    table = run(["eval", "--answers", str(questions)], home)
    assert table.exit_code == 0 and "引用金标准条文" in table.stdout and "| 全部 | 3 | 0.67 |" in table.stdout


def test_eval_needs_a_question_set(home):
    result = run(["eval"], home)
    assert result.exit_code == 2 and "--answers" in result.stderr


def test_the_search_evaluation_table_is_written_in_chinese():
    from index.evaluate import EvalResult, format_table

    table = format_table({"keyword": EvalResult([("planner", 1), ("lay", None), ("lay", 4)])})
    assert table.splitlines()[0].startswith("| 模式 | 范围 | 问题数 | 第1条命中率")
    assert "| 关键词 | 全部 | 3 | 0.33 | 0.67 | 0.67 | 0.417 |" in table
    assert "| 关键词 | 群众 | 2 | 0.00 | 0.50 | 0.50 | 0.125 |" in table
    assert not any(w in table for w in ("overall", "scope", "mode", "lay"))
