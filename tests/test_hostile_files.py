"""Hostile files: each gets a one-line error naming it, the rest of the batch is indexed, and
the knowledge base answers as before — through `plankb add` (new home), `build`, and `check`."""
from __future__ import annotations

import io
import json
import os
import zipfile

import pytest
from click.testing import CliRunner
from docmaker import make_docx, make_pdf

from app.cli import cli
from ingest import load
from ingest.errors import UnreadableDocument

GOOD = ["某县宅基地管理办法", "第一条 为规范宅基地管理，制定本办法。", "第二条 宅基地审批由乡镇人民政府负责。"]


def hostile_folder(tmp_path, monkeypatch):
    """A folder of good and hostile files; returns (folder, good names, bad names)."""
    from ingest.readers import docx as docx_reader

    folder = tmp_path / "来件"
    folder.mkdir()
    make_pdf(folder / "好办法.pdf", [GOOD], page_numbers=False)
    (folder / "好规定.md").write_text("# 某县建房规定\n\n第一条 建房须经审批。\n\n第二条 本规定自公布之日起施行。\n",
                                     encoding="utf-8")
    good_pdf = (folder / "好办法.pdf").read_bytes()
    (folder / "截断.pdf").write_bytes(good_pdf[: len(good_pdf) // 2])
    broken_xref = good_pdf.replace(b"xref", b"xXxX").replace(b"startxref", b"startXXXX")
    (folder / "坏交叉引用表.pdf").write_bytes(broken_xref[: len(broken_xref) - 200] + b"garbage" * 10)
    (folder / "空.docx").write_bytes(b"")
    (folder / "零字节.txt").write_bytes(b"")
    with open(folder / "巨大.pdf", "wb") as f:  # 300 MB, sparse: costs no disk
        f.truncate(300 * 1024 * 1024)
    good_docx = make_docx(tmp_path / "g.docx", [("p", "第一条 内容。")]).read_bytes()
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good_docx)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"</w:body>", b"<w:p><w:r><w:t>" + b"\xe6\x9d\x91" * 700_000 + b"</w:t></w:r></w:p></w:body>")
            dst.writestr(item, data)
    (folder / "巨大XML.docx").write_bytes(buf.getvalue())
    monkeypatch.setattr(docx_reader, "MAX_DOCUMENT_XML", 1024 * 1024)
    (folder / "乱码.txt").write_bytes(os.urandom(5000).replace(b"\n", b" ") + b"\x00" * 50)
    bad = ["截断.pdf", "坏交叉引用表.pdf", "空.docx", "零字节.txt", "巨大.pdf", "巨大XML.docx", "乱码.txt"]
    return folder, ["好办法", "好规定"], bad


def _errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("错误：")]


def test_add_into_an_empty_home_survives_hostile_files(tmp_path, monkeypatch):
    folder, good, bad = hostile_folder(tmp_path, monkeypatch)
    monkeypatch.setenv("PLANKB_EMBEDDER", "fake")
    runner = CliRunner()
    result = runner.invoke(cli, ["add", str(folder)])
    assert result.exit_code == 1
    errors = _errors(result.stderr)
    assert len(errors) == len(bad), errors
    for name in bad:
        assert sum(name in e for e in errors) >= 1, name
    listed = json.loads(runner.invoke(cli, ["list", "--json"]).stdout)
    assert sorted(d["doc_id"] for d in listed) == sorted(good)
    hits = json.loads(runner.invoke(cli, ["search", "宅基地审批", "--json"]).stdout)
    assert hits and hits[0]["doc_id"] == "好办法"


def test_build_keeps_answering_as_before(tmp_path, monkeypatch):
    folder, good, bad = hostile_folder(tmp_path, monkeypatch)
    monkeypatch.setenv("PLANKB_EMBEDDER", "fake")
    runner = CliRunner()
    clean = tmp_path / "干净"
    clean.mkdir()
    for name in ("好办法.pdf", "好规定.md"):
        (clean / name).write_bytes((folder / name).read_bytes())
    assert runner.invoke(cli, ["build", str(clean)]).exit_code == 0
    before = runner.invoke(cli, ["search", "宅基地审批", "--json"]).stdout
    for name in bad:
        target = clean / name
        if name == "巨大.pdf":
            with open(target, "wb") as f:
                f.truncate(300 * 1024 * 1024)
        else:
            target.write_bytes((folder / name).read_bytes())
    result = runner.invoke(cli, ["build", str(clean)])
    assert result.exit_code == 1 and len(_errors(result.stderr)) == len(bad)
    assert runner.invoke(cli, ["search", "宅基地审批", "--json"]).stdout == before


def test_check_reports_hostile_plans_and_goes_on(tmp_path, monkeypatch):
    from conftest import ROOT
    folder, _, bad = hostile_folder(tmp_path, monkeypatch)
    plan = ROOT / "tests" / "fixtures" / "plans" / "zhejiang_full.md"
    files = [str(folder / name) for name in bad] + [str(plan)]
    result = CliRunner().invoke(cli, ["check", *files, "--json"])
    assert result.exit_code == 1
    assert len(json.loads(result.stdout)) == 1
    assert len(_errors(result.stderr)) == len(bad)


def test_mixed_encodings_and_utf16(tmp_path):
    text_utf8 = "某县村庄规划管理规定\n\n第一条 村庄规划由乡镇人民政府组织编制。\n"
    text_gbk = "\n第二条 村庄规划报送审批前应当经村民会议讨论同意。\n"
    path = tmp_path / "混合编码.txt"
    path.write_bytes(text_utf8.encode("utf-8") + text_gbk.encode("gbk"))
    doc = load(path)
    assert [c.label for c in doc.clauses] == ["第一条", "第二条"]
    assert "村民会议讨论同意" in doc.clauses[1].text
    assert any("混用" in w for w in doc.warnings)
    path16 = tmp_path / "utf16.txt"
    path16.write_text(text_utf8 + text_gbk, encoding="utf-16")
    assert [c.label for c in load(path16).clauses] == ["第一条", "第二条"]


def test_undecodable_file_names_are_printed_safely(tmp_path):
    raw_name = os.fsdecode(b"\xff\xfe\xb9\xe6\xbb\xae.txt")  # not UTF-8 on disk
    path = tmp_path / raw_name
    path.write_bytes(b"")
    with pytest.raises(UnreadableDocument) as err:
        load(path)
    str(err.value).encode("utf-8")  # printable: no surrogate escapes left
    result = CliRunner().invoke(cli, ["parse", str(path), "--json"])
    assert result.exit_code == 1 and "错误：" in result.stderr


def test_app_upload_of_hostile_files(tmp_path, monkeypatch):
    """The library page: each hostile upload gets its one-line error, the good ones are indexed."""
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    from index.lifecycle import seed_bundled
    from ingest.settings import Settings

    folder, good, bad = hostile_folder(tmp_path, monkeypatch)
    home = tmp_path / "kb"
    monkeypatch.setenv("PLANKB_HOME", str(home))
    monkeypatch.setenv("PLANKB_MAX_FILE_MB", "50")
    assert seed_bundled(Settings.from_env())
    page = Path(__file__).resolve().parents[1] / "app" / "views" / "library.py"
    at = AppTest.from_file(str(page), default_timeout=180)
    at.run()
    files = [(name, (folder / name).read_bytes(), "application/octet-stream")
             for name in ["好办法.pdf", "好规定.md", *[b for b in bad if b != "巨大.pdf"]]]
    files.append(("../../逃逸.txt", "第一条 测试文件名。".encode(), "text/plain"))
    at.file_uploader[0].set_value(files).run()
    [b for b in at.button if b.label == "解析并入库"][0].click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    for name in bad:
        if name != "巨大.pdf":
            assert any(name in e for e in errors), (name, errors)
    ids = set(at.dataframe[0].value["编号"])
    assert {"好办法", "好规定", "逃逸"} <= ids and "土地管理法" in ids
    assert not (home.parent / "逃逸.txt").exists() and list((home / "uploads").rglob("逃逸.txt"))


def test_nothing_is_unpickled_or_evaluated():
    """No pickle, eval or exec anywhere in the product code."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    offenders = []
    for package in ("ingest", "index", "gapcheck", "app"):
        for path in (root / package).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for pattern in (r"\bimport pickle\b", r"\bpickle\.load", r"(?<![\w.])eval\(", r"(?<![\w.])exec\(",
                            r"allow_pickle\s*=\s*True"):
                if re.search(pattern, text):
                    offenders.append(f"{path.relative_to(root)}: {pattern}")
            for line in text.splitlines():  # YAML only through the safe loader
                if "yaml.load(" in line and "_LineLoader" not in line:
                    offenders.append(f"{path.relative_to(root)}: {line.strip()}")
    assert offenders == []
