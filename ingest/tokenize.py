"""The tokenizer shared by search and gap checks: jieba with a planning dictionary.

The dictionary (corpus/dict/planning_terms.txt) keeps domain terms such as 永久基本农田,
三区三线 and 城乡建设用地增减挂钩 whole; stop words (corpus/dict/stopwords.txt) are dropped.
Obligation words (应当, 不得, 禁止 …) and negations are deliberately not stop words.

jieba's main dictionary (350,000 words) takes a second to load, the largest part of a
question's start (docs/latency.md). A knowledge base therefore keeps it beside its keyword
index as two arrays (`write_hashed_dictionary`): a 64-bit hash of every word, sorted, and its
frequency. Until something needs the whole dictionary, short texts (questions, titles,
sentences) are cut with those arrays instead (`use_hashed_dictionary`): jieba finds the words
of a text by looking up its substrings, and here each substring is looked up by its hash. The
words, their frequencies and jieba's total are the same, so the tokens are the same (tested on
the development questions and corpus sentences); a long text loads the whole dictionary.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import resources

if TYPE_CHECKING:
    import numpy as np

_TOKEN_RE = re.compile(r"[\w\u3400-\u9fff]")
_lock = threading.Lock()

HASHED_FILES = ("jieba.hash.npy", "jieba.freq.npy", "jieba.json")  # written beside the BM25 arrays
# Cutting with hashes costs about 25 µs of CPU a character more than with the loaded dictionary
# (about 1 ms a question); after this many characters, loading it would have been cheaper
HASHED_BUDGET = 20_000
_hashed_folder: Path | None = None  # set by `use_hashed_dictionary`
_hashed_left = 0  # characters the hashed dictionary may still cut


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
    for cached in (_tokenizer, _hashed_tokenizer, stopwords, planning_terms, abbreviations):
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


def _word_hashes(words: list[str]) -> np.ndarray:
    """A 64-bit hash of each word (BLAKE2b of its UTF-8): stable across processes and runs."""
    import numpy as np

    return np.fromiter((int.from_bytes(hashlib.blake2b(w.encode("utf-8"), digest_size=8).digest(), "little")
                        for w in words), dtype=np.uint64, count=len(words))


def _jieba_identity() -> dict[str, Any]:
    """What the hashed arrays were made from: jieba's version and its main dictionary's size."""
    import jieba
    path = Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME)
    return {"jieba": jieba.__version__, "dictionary_bytes": path.stat().st_size if path.exists() else 0}


@lru_cache(maxsize=1)
def _hashed_main_dictionary() -> tuple[np.ndarray, np.ndarray, dict[str, Any]] | None:
    """jieba's main dictionary as (sorted word hashes, frequencies, header); None if two words
    share a hash (never seen: then nothing is written and questions load the whole one)."""
    import jieba
    import numpy as np

    jieba.setLogLevel(logging.WARNING)
    main = jieba.Tokenizer()
    main.initialize()
    words = [w for w, f in main.FREQ.items() if f > 0]
    hashes = _word_hashes(words)
    order = np.argsort(hashes, kind="stable")
    hashes = hashes[order]
    if len(hashes) and np.any(hashes[1:] == hashes[:-1]):
        return None
    freqs = np.asarray([main.FREQ[words[i]] for i in order], dtype=np.int32)  # the largest is 318,825 (的)
    header = {**_jieba_identity(), "total": int(main.total), "words": len(words),
              "max_chars": max(map(len, words), default=1), "hash": "blake2b-64"}
    return hashes, freqs, header


def write_hashed_dictionary(folder: Path) -> list[str]:
    """Write jieba's main dictionary as hashes and frequencies (.npy) plus a JSON header into
    `folder` (a knowledge base's bm25/); returns the file names. The planning terms are not in
    it: they are added from the dictionary folder when it is used, as for the whole one."""
    import numpy as np

    made = _hashed_main_dictionary()
    if made is None:
        return []
    hashes, freqs, header = made
    folder.mkdir(parents=True, exist_ok=True)
    np.save(folder / HASHED_FILES[0], hashes, allow_pickle=False)
    np.save(folder / HASHED_FILES[1], freqs, allow_pickle=False)
    (folder / HASHED_FILES[2]).write_text(json.dumps(header), encoding="utf-8")
    return list(HASHED_FILES)


def use_hashed_dictionary(folder: Path | None) -> None:
    """Cut texts with the hashed main dictionary in `folder` (see the module's note) until the
    whole one is loaded, or HASHED_BUDGET characters have been cut; None, or a folder without
    one, stops using it. For a process that answers a question or a few and ends (`plankb
    search`, `plankb answer`): a long-running one loads the whole dictionary once."""
    global _hashed_folder, _hashed_left
    _hashed_left = HASHED_BUDGET if folder is not None else 0
    if folder != _hashed_folder:
        _hashed_folder = folder
        _hashed_tokenizer.cache_clear()


class _HashedFrequencies(dict):  # type: ignore[type-arg]
    """jieba's FREQ for a tokenizer whose main dictionary is hashed: the dict holds the words
    added to it (the planning terms) and what was looked up lately; any other word is looked
    up by its hash. Supports what jieba's cut asks of FREQ (get, `in`, item assignment)."""

    MEMO = 50_000  # looked-up substrings kept; the memo starts again beyond this

    def __init__(self, hashes: np.ndarray, freqs: np.ndarray, max_chars: int) -> None:
        super().__init__()
        self.hashes, self.freqs, self.max_chars = hashes, freqs, max_chars
        self.memo: dict[str, int] = {}

    def lookup(self, words: list[str]) -> list[int]:
        """Frequency of each word (0 for a word of no dictionary)."""
        import numpy as np

        added, memo = dict.get, self.memo
        out = [added(self, w) for w in words]
        out = [memo.get(w) if f is None else f for w, f in zip(words, out)]
        todo = [i for i, f in enumerate(out) if f is None]
        if todo:
            if len(memo) > self.MEMO:
                memo.clear()
            keys = _word_hashes([words[i] for i in todo])
            at = np.minimum(np.searchsorted(self.hashes, keys), len(self.hashes) - 1)
            for i, f in zip(todo, np.where(self.hashes[at] == keys, self.freqs[at], 0).tolist()):
                out[i] = memo[words[i]] = f
        return out  # type: ignore[return-value]

    def get(self, word: str, default: Any = None) -> Any:  # type: ignore[override]
        f = dict.get(self, word)
        if f is None:
            f = self.memo.get(word)
            if f is None:
                f = self.lookup([word])[0]
        return f if f else default  # a word's frequency; jieba's callers read 0 and absent alike

    def __contains__(self, word: object) -> bool:
        if dict.__contains__(self, word):
            return True
        return isinstance(word, str) and bool(self.get(word))


def _hashed_dag(freq: _HashedFrequencies, sentence: str) -> dict[int, list[int]]:
    """jieba's DAG of a sentence (end positions of the dictionary words at each start), from
    one batched lookup of every substring up to the longest word."""
    n, longest = len(sentence), freq.max_chars
    spans = [(k, j) for k in range(n) for j in range(k + 1, min(n, k + longest) + 1)]
    found = freq.lookup([sentence[k:j] for k, j in spans])
    dag: dict[int, list[int]] = {k: [] for k in range(n)}
    for (k, j), f in zip(spans, found):
        if f:
            dag[k].append(j - 1)
    for k, ends in dag.items():
        if not ends:
            ends.append(k)
    return dag


@lru_cache(maxsize=1)
def _hashed_tokenizer():  # type: ignore[no-untyped-def]
    """A jieba tokenizer over the hashed main dictionary plus the planning terms, or None when
    none is set or it was made from another jieba dictionary."""
    folder = _hashed_folder
    if folder is None or not all((folder / name).exists() for name in HASHED_FILES):
        return None
    import jieba
    import numpy as np

    try:
        header = json.loads((folder / HASHED_FILES[2]).read_text(encoding="utf-8"))
        hashes = np.load(folder / HASHED_FILES[0], allow_pickle=False)
        freqs = np.load(folder / HASHED_FILES[1], allow_pickle=False)
    except (OSError, ValueError):
        return None
    if any(header.get(k) != v for k, v in _jieba_identity().items()) or len(hashes) != len(freqs) or not len(hashes):
        return None
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    freq = _HashedFrequencies(hashes, freqs, int(header["max_chars"]))
    tok.FREQ, tok.total, tok.initialized = freq, int(header["total"]), True
    tok.get_DAG = lambda sentence: _hashed_dag(freq, sentence)  # instead of walking a prefix dict
    terms = dict_dir() / "planning_terms.txt"
    if terms.exists():
        entries = [line.split() for line in terms.read_text(encoding="utf-8-sig").splitlines() if line.strip()]
        if not all(len(e) >= 2 and e[1].isdigit() for e in entries):
            return None  # jieba would estimate a missing frequency from words this cannot enumerate
        freq.lookup([w[:i] for w, *_ in entries for i in range(1, len(w) + 1)])  # one batch, not word by word
        with _lock:
            tok.load_userdict(str(terms))
    freq.max_chars = max([freq.max_chars, *map(len, dict.keys(freq))])
    return tok


def _tokenizer_for(text: str):  # type: ignore[no-untyped-def]
    """The hashed dictionary while it is set and within its budget, else the whole one."""
    global _hashed_left
    if len(text) <= _hashed_left and _tokenizer.cache_info().currsize == 0:
        hashed = _hashed_tokenizer()
        if hashed is not None:
            _hashed_left -= len(text)
            return hashed
    return _tokenizer()


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
    tok = _tokenizer_for(text)
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
