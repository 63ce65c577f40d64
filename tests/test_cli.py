"""The `plankb parse` command: readable outline, exact JSON contract, one-line errors."""
from __future__ import annotations

import json
import subprocess
import sys

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
        assert set(entry) == {"file", "title", "kind", "clauses"}
        for clause in entry["clauses"]:
            assert set(clause) == {"label", "path", "page", "text"}
            assert isinstance(clause["path"], list)
    land = data[0]
    assert land["title"] == "中华人民共和国土地管理法" and land["kind"] == "法律"
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
