"""BM25 at query time without bm25s (issue 16 item 6): the saved CSC arrays read with numpy give
the scores bm25s gives, for the development questions and for sentences of the corpus."""
from __future__ import annotations

import json
import random
import re
from pathlib import Path

import bm25s
import numpy as np
import pytest

from index.keyword import KeywordIndex
from ingest.errors import IndexDamaged
from ingest.resources import bundled_index_dir
from ingest.tokenize import tokenize

ROOT = Path(__file__).resolve().parents[1]
DEV_FILES = (ROOT / "tests" / "data" / "dev_queries.jsonl", ROOT / "bench" / "dev" / "heldout_queries_2025.jsonl")


def dev_questions() -> list[str]:
    """The development questions (never bench/heldout/)."""
    out = []
    for path in DEV_FILES:
        out += [json.loads(line)["query"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


def corpus_sentences(n: int, seed: int = 3) -> list[str]:
    """`n` sentences of the bundled corpus's documents, drawn at random."""
    sentences = []
    for path in sorted((ROOT / "corpus").glob("*/*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith(("#", "<!--", "|")):
                sentences += [s for s in re.split(r"[。；！？]", line) if len(s) >= 6]
    return random.Random(seed).sample(sentences, n)


@pytest.fixture(scope="module")
def shipped():
    """The shipped index's BM25 folder, read both ways."""
    folder = bundled_index_dir() / "bm25"
    ours = KeywordIndex()
    ours.load(folder, json.loads((folder / "params.index.json").read_text())["num_docs"])
    return ours, bm25s.BM25.load(str(folder), allow_pickle=False, show_progress=False)


def test_numpy_scores_are_bm25s_scores_for_dev_questions_and_corpus_sentences(shipped):
    ours, ref = shipped
    texts = dev_questions() + corpus_sentences(400)
    assert len(texts) == 500
    matched = 0
    for text in texts:
        tokens = tokenize(text, search=True)
        known = [t for t in tokens if t in ref.vocab_dict]
        got = ours.scores(tokens + ["没有这个词的词表"])  # an unknown word is ignored
        want = (np.asarray(ref.get_scores(known), dtype=np.float32) if known
                else np.zeros(ours.count, dtype=np.float32))
        assert got.dtype == np.float32 and got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-6, err_msg=text)
        assert np.array_equal(np.argsort(-got, kind="stable")[:100], np.argsort(-want, kind="stable")[:100]), text
        matched += bool(known)
    assert matched >= 495  # nearly every text has words of the index: the comparison is not of zeros


def test_weighted_scores_are_the_weighted_sum_of_bm25s_scores(shipped):
    ours, ref = shipped
    rng = random.Random(5)
    for text in dev_questions():
        weights = {t: rng.choice((0.3, 1.0, 1.7)) for t in tokenize(text, search=True) if t in ref.vocab_dict}
        want = np.zeros(ours.count, dtype=np.float64)
        for token, w in weights.items():
            want += w * np.asarray(ref.get_scores([token]), dtype=np.float64)
        np.testing.assert_allclose(ours.weighted_scores(weights), want, rtol=0, atol=1e-5, err_msg=text)


def test_rows_and_document_frequency_come_from_the_matrix(shipped):
    ours, ref = shipped
    indptr, indices = ref.scores["indptr"], ref.scores["indices"]
    for word in ("宅基地", "永久基本农田", "村庄规划", "公示"):
        tid = ref.vocab_dict[word]
        rows = np.sort(indices[indptr[tid]:indptr[tid + 1]])
        assert np.array_equal(np.sort(ours.rows_with(word)), rows)
        assert ours.doc_freq(word) == len(rows) > 0
    assert ours.doc_freq("没有这个词的词表") == 0 and len(ours.rows_with("没有这个词的词表")) == 0


def test_an_index_built_saved_and_loaded_scores_as_bm25s_does(tmp_path):
    token_lists = [tokenize(s, search=True) for s in corpus_sentences(300, seed=11)] + [[]]
    built = KeywordIndex()
    built.index(token_lists)
    built.save(tmp_path / "bm25")
    loaded = KeywordIndex()
    loaded.load(tmp_path / "bm25", len(token_lists))
    ref = bm25s.BM25.load(str(tmp_path / "bm25"), allow_pickle=False, show_progress=False)
    for tokens in token_lists[:50]:
        known = [t for t in tokens if t in ref.vocab_dict]
        want = np.asarray(ref.get_scores(known), dtype=np.float32)
        assert np.array_equal(built.scores(tokens), want)
        assert np.array_equal(loaded.scores(tokens), want)
    assert loaded.count == 301 and loaded.doc_freq("\u2400") == 1  # the empty row keeps its place


def test_a_missing_keyword_file_says_to_repair(tmp_path):
    folder = tmp_path / "bm25"
    built = KeywordIndex()
    built.index([["村庄", "规划"], ["宅基地"]])
    built.save(folder)
    (folder / "indptr.csc.index.npy").unlink()
    with pytest.raises(IndexDamaged, match="plankb repair"):
        KeywordIndex().load(folder, 2)
