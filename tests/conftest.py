from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from leftovers import kill, new_run_mark, wait_for_none  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
RUN_MARK = new_run_mark()


def pytest_sessionfinish(session, exitstatus):
    """The run fails if any process it started is still alive (server, browser, worker)."""
    left = wait_for_none(RUN_MARK, 10)
    if left:
        kill(left)
        lines = "\n".join(f"  {pid} {cmd[:160]}" for pid, cmd in left)
        session.config.get_terminal_writer().line(f"\nprocesses left behind by the tests (killed now):\n{lines}",
                                                  red=True)
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def plankb_home(tmp_path, monkeypatch):
    """Every test gets its own empty knowledge-base home."""
    home = tmp_path / "plankb-home"
    monkeypatch.setenv("PLANKB_HOME", str(home))
    return home


STORES = ("faiss", "milvus-lite")


def store_spec(store: str, folder: Path) -> str:
    """PLANKB_STORE for a backend under test: FAISS, or a real Milvus Lite file in `folder`."""
    return "faiss" if store == "faiss" else f"milvus://{folder / 'vectors-milvus.db'}"


def release_store(spec: str) -> None:
    """Stop this process's Milvus Lite server for `spec` (frees its file lock and threads)."""
    if spec.startswith("milvus"):
        from index.vectors.milvus_store import parse_target, release
        release(parse_target(spec))


@pytest.fixture(params=STORES)
def store(request, tmp_path, monkeypatch):
    """Run a test against each vector store: FAISS and Milvus Lite (PLANKB_STORE)."""
    spec = store_spec(request.param, tmp_path)
    monkeypatch.setenv("PLANKB_STORE", spec)
    yield spec
    release_store(spec)


@pytest.fixture(scope="session")
def corpus_docs():
    """The whole bundled corpus, parsed once per session: {relative path: Document}."""
    from ingest import load

    return {str(p.relative_to(CORPUS)): load(p) for p in sorted(CORPUS.glob("*/*.md"))}


def sample_paper() -> Path:
    """The planning paper from ../shared/samples, or the copy kept in tests/data."""
    name = "城乡规划与乡村振兴融合发展探究.txt"
    for candidate in (SHARED / "samples" / name, Path(__file__).parent / "data" / name):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(name)
