"""Where plankb's bundled data lives: the corpus, its dictionaries, catalogues and shipped index.

The repository keeps them in corpus/ at the top. An installed plankb (`pip install .`, a wheel,
or an editable install made with the current pyproject.toml) carries the same folder as the
package `plankb_corpus` (pyproject.toml maps corpus/ to that name), found by the import system
wherever it is installed. A source checkout run without installing, or an editable install made
before that mapping existed, falls back to corpus/ beside the packages.

    >>> corpus_dir() / "laws"          # .../site-packages/plankb_corpus/laws or .../corpus/laws
    >>> catalogue_dir() / "village_plan.yaml"
"""
from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

CORPUS_PACKAGE = "plankb_corpus"
_MARKER = "SOURCES.md"  # a file every copy of the corpus has
_SOURCE_TREE = Path(__file__).resolve().parents[1] / "corpus"


@lru_cache(maxsize=1)
def corpus_dir() -> Path:
    """The bundled corpus folder (documents, dict/, catalogues/, index/).

    Returns:
        The installed package `plankb_corpus` if it is importable, else corpus/ in the source
        tree. The path may not exist in a broken install; callers check what they open.
    """
    # plankb_corpus is a namespace package (no __init__.py). importlib.resources.files() gives a
    # MultiplexedPath for it, not a filesystem path, and fails outright under setuptools'
    # editable finder (a path-hook entry that is no directory); its spec's locations are plain.
    spec = importlib.util.find_spec(CORPUS_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    return next((Path(p) for p in locations if (Path(p) / _MARKER).is_file()), _SOURCE_TREE)


_dictionaries: Path | None = None  # set by `configure_dictionaries` (Settings.dict_dir) at the edge


def configure_dictionaries(folder: Path | None) -> None:
    """Use the dictionaries in `folder` (None: the corpus's dict/). The CLI and the app call it
    once with `Settings.dict_dir` before anything is tokenized: the tokenizer loads its
    dictionaries once per process (`ingest.tokenize.configure` also drops what it has loaded)."""
    global _dictionaries
    _dictionaries = Path(folder) if folder else None


def dict_dir() -> Path:
    """The tokenizer's dictionaries (planning_terms.txt, stopwords.txt, synonyms.txt,
    abbreviations.txt): the configured folder (Settings.dict_dir, PLANKB_DICT_DIR), else the
    corpus's dict/."""
    return _dictionaries or corpus_dir() / "dict"


def catalogue_dir() -> Path:
    """The requirement catalogues (village_plan.yaml …)."""
    return corpus_dir() / "catalogues"


def bundled_index_dir() -> Path:
    """The prebuilt index of the bundled corpus (manifest.json, catalogue.sqlite, vectors, bm25/)."""
    return corpus_dir() / "index"
