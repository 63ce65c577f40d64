"""The tokenizer shared by search and gap checks: jieba with a planning dictionary.

The dictionary (corpus/dict/planning_terms.txt) keeps domain terms such as 永久基本农田,
三区三线 and 城乡建设用地增减挂钩 whole; stop words (corpus/dict/stopwords.txt) are dropped.
Obligation words (应当, 不得, 禁止 …) and negations are deliberately not stop words.
"""
from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache
from pathlib import Path

from . import resources

_TOKEN_RE = re.compile(r"[\w\u3400-\u9fff]")
_lock = threading.Lock()


def dict_dir() -> Path:
    """The dictionary folder: Settings.dict_dir as configured at the edge, else the bundled
    corpus's dict/ (see ingest.resources)."""
    return resources.dict_dir()


def configure(folder: Path | None) -> None:
    """Tokenize with the dictionaries in `folder` (`Settings.dict_dir`; None: the corpus's).

    The edge (CLI, app) calls it once, before searching: what was loaded from another folder
    is dropped here, and callers that cache derived word lists (index.query's synonyms,
    ingest.names' abbreviations) load them on first use after this.
    """
    if folder == resources._dictionaries or (folder is None and resources._dictionaries is None):
        return
    resources.configure_dictionaries(folder)
    from .names import abbreviations
    for cached in (_tokenizer, stopwords, planning_terms, abbreviations):
        cached.cache_clear()


@lru_cache(maxsize=1)
def _tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    with _lock:
        tok = jieba.Tokenizer()
        tok.initialize()
        terms = dict_dir() / "planning_terms.txt"
        if terms.exists():
            tok.load_userdict(str(terms))
    return tok


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    path = dict_dir() / "stopwords.txt"
    if not path.exists():
        return frozenset()
    return frozenset(w.strip() for w in path.read_text(encoding="utf-8").splitlines() if w.strip())


@lru_cache(maxsize=1)
def planning_terms() -> frozenset[str]:
    """The domain terms of the user dictionary."""
    path = dict_dir() / "planning_terms.txt"
    if not path.exists():
        return frozenset()
    return frozenset(line.split()[0] for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def tokenize(text: str, search: bool = False, keep_stopwords: bool = False) -> list[str]:
    """Segment `text` into lower-cased tokens without punctuation or stop words.

    Args:
        search: also emit the shorter words inside long ones (jieba's search mode), which
            helps keyword retrieval match 基本农田 inside 永久基本农田.
        keep_stopwords: keep function words (for phrase display, not for scoring).
    """
    tok = _tokenizer()
    words = list(tok.cut(text))
    if search:
        words = [sub for w in words for sub in _with_inner_words(tok, w)]
    stop = frozenset() if keep_stopwords else stopwords()
    out = []
    for w in words:
        w = w.strip().lower()
        if w and _TOKEN_RE.search(w) and w not in stop:
            out.append(w)
    return out


def _with_inner_words(tok, word: str) -> list[str]:
    """永久基本农田 -> [永久, 基本, 农田, 基本农田, …, 永久基本农田]: dictionary words inside."""
    if len(word) < 3:
        return [word]
    inner = [word[i:i + n] for n in range(2, len(word)) for i in range(len(word) - n + 1)
             if tok.FREQ.get(word[i:i + n])]
    return inner + [word]
