"""Writers killed (SIGKILL) at random moments leave the index exactly as before or after;
two writers are serialised; readers keep answering during a write. Real processes throughout."""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

from index.search import Index
from ingest.settings import Settings

CLI = [sys.executable, "-m", "app.cli"]
QUERIES = ("宅基地", "村庄规划 第三条", "耕地保护")
TRIALS = {"add": 20, "build": 18, "remove": 14}  # 52 kills in all


def _write_docs(folder, start, n):
    folder.mkdir(exist_ok=True)
    for i in range(start, start + n):
        body = "\n\n".join(f"第{d}条 第{i}号文件关于宅基地、耕地保护和村庄规划的第{d}项规定，内容编号{i * 100 + j}。"
                           for j, d in enumerate("一二三四五六七八九十"))
        (folder / f"规定{i:02d}.md").write_text(f"# 某县第{i}号规定\n\n{body}\n", encoding="utf-8")


def _answers(home):
    index = Index.open(Settings.from_env(home=home, embedder="fake"))
    try:
        return json.dumps([[h.to_dict() for h in index.search(q, k=5)] for q in QUERIES], ensure_ascii=False)
    finally:
        index.close()


def _env(home, **extra):
    return {**os.environ, "PLANKB_HOME": str(home), "PLANKB_EMBEDDER": "fake", **extra}


def _run(home, *args, **extra):
    return subprocess.Popen(CLI + list(args), env=_env(home, **extra), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_killed_writers_leave_the_index_before_or_after(tmp_path):
    base, more = tmp_path / "base", tmp_path / "more"
    _write_docs(base, 0, 3)
    _write_docs(more, 10, 30)
    pristine = tmp_path / "pristine"
    assert _run(pristine, "build", str(base)).wait() == 0
    grown = tmp_path / "grown"   # base + more, added: the state remove starts from
    shutil.copytree(pristine, grown)
    assert _run(grown, "add", str(more)).wait() == 0
    ops = {  # operation -> (starting home, arguments, folder changes before the run)
        "add": (pristine, ["add", str(more)]),
        "build": (pristine, ["build", str(base)]),
        "remove": (grown, ["remove", "规定10"]),
    }
    rng = random.Random(7)
    kills, outcomes = 0, {"before": 0, "after": 0}
    for op, trials in TRIALS.items():
        start_home, args = ops[op]
        if op == "build":  # the build finds 20 new files in its folder
            _write_docs(base, 40, 20)
        reference = tmp_path / f"{op}-done"
        shutil.copytree(start_home, reference)
        t = time.perf_counter()
        assert _run(reference, *args).wait() == 0
        full = time.perf_counter() - t
        before, after = _answers(start_home), _answers(reference)
        assert before != after
        for trial in range(trials):
            home = tmp_path / f"{op}-{trial}"
            shutil.copytree(start_home, home)
            proc = _run(home, *args)
            time.sleep(rng.uniform(0.0, full * 1.05))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            kills += 1
            now = _answers(home)  # opening verifies every checksum
            assert now in (before, after), f"{op} trial {trial}: index is neither before nor after"
            outcomes["after" if now == after else "before"] += 1
            if trial % 6 == 0:  # the next write cleans up what the killed one left
                assert _run(home, "remove", "规定01").wait() == 0
                assert not list((home / "generations").glob("tmp-*"))
            shutil.rmtree(home)
        if op == "build":
            for f in base.glob("规定4*.md"):
                f.unlink()
            for f in base.glob("规定5*.md"):
                f.unlink()
    assert kills >= 50
    assert outcomes["before"] > 0


def test_second_writer_waits_or_refuses_clearly(tmp_path):
    docs = tmp_path / "docs"
    _write_docs(docs, 0, 40)
    home = tmp_path / "home"
    first = _run(home, "add", str(docs))
    deadline = time.monotonic() + 60
    while not list(home.glob("generations/tmp-*")):  # the first writer holds the lock and is writing
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.02)
    refused = _run(home, "add", str(docs), PLANKB_LOCK_WAIT="0.2")
    out, err = refused.communicate(timeout=120)
    waiting = _run(home, "remove", "规定05")
    assert first.wait(timeout=300) == 0
    assert waiting.wait(timeout=300) == 0, waiting.stderr.read()
    assert refused.returncode == 1
    assert "另一个进程正在写入知识库" in err and len(err.strip().splitlines()) == 1
    ids = {d.doc_id for d in Index.open(Settings.from_env(home=home, embedder="fake")).docs}
    assert "规定05" not in ids and "规定06" in ids


def test_readers_keep_answering_during_a_rebuild(tmp_path):
    docs = tmp_path / "docs"
    _write_docs(docs, 0, 3)
    home = tmp_path / "home"
    assert _run(home, "build", str(docs)).wait() == 0
    _write_docs(docs, 10, 40)
    writer = _run(home, "build", str(docs))
    answered, counts = 0, set()
    while writer.poll() is None:
        reader = _run(home, "list", "--json")
        out, err = reader.communicate(timeout=60)
        assert reader.returncode == 0, err
        counts.add(len(json.loads(out)))
        answered += 1
    assert writer.returncode == 0
    assert answered >= 1 and counts <= {3, 43}
    out, _ = _run(home, "list", "--json").communicate(timeout=60)
    assert len(json.loads(out)) == 43
