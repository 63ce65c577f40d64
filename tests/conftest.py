from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(autouse=True)
def plankb_home(tmp_path, monkeypatch):
    """Every test gets its own empty knowledge-base home."""
    home = tmp_path / "plankb-home"
    monkeypatch.setenv("PLANKB_HOME", str(home))
    return home


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
