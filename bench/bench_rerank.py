"""Benchmark: what the optional cross-encoder reranker (index/rerank.py) costs per query.

Usage:
    python bench/bench_rerank.py                 # tiny and BERT-base-sized models, 40 dev questions
    python bench/bench_rerank.py --n 20 --base-n 10 --threads 1

No reranker ships offline and nothing is downloaded, so both models are made here with random
weights, saved to a temporary folder and loaded through `index.rerank.load_reranker` exactly as
a real one would be:

- tiny: BERT, hidden 32, 2 layers (the test suite's model): the cost of the code path itself;
- base: BERT, hidden 768, 12 layers, 12 heads, intermediate 3072, vocabulary 21128, 512
  tokens: the compute of bge-reranker-base or bce-reranker-base_v1 (XLM-RoBERTa base: the same
  encoder size; only its vocabulary is larger, which costs memory, not time). Random weights
  take the same time as trained ones.

A reranker scores RERANK_TOP (50) (question, clause) pairs per question, each one forward pass
over up to 512 tokens; this BERT's vocabulary is one token per Chinese character, a bit more
than XLM-RoBERTa's pieces, so the base figure is, if anything, pessimistic.

Questions: the development set (tests/data/dev_queries.jsonl), never the held-out set. Each
question is searched once before timing, so its query vector is cached and the difference
between the rows is the reranker (plus reading 50 hits instead of 10); "scoring" is the
reranker's part alone. Prints Markdown.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZES = {   # name: (hidden, layers, heads, intermediate, vocabulary or 0 for the corpus's characters)
    "tiny": (32, 2, 2, 64, 0),
    "base": (768, 12, 12, 3072, 21128),
}


def make_cross_encoder(folder: Path, size: str) -> str:
    """Save a random-weight BERT sequence classifier (one output) and its tokenizer in `folder`;
    return its `st:` spec."""
    import torch
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hidden, layers, heads, intermediate, vocab_size = SIZES[size]
    chars = sorted({ch for path in (ROOT / "corpus").glob("*/*.md") for ch in path.read_text(encoding="utf-8")
                    if not ch.isspace()})
    tokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *chars]
    tokens += [f"[unused{n}]" for n in range(max(0, vocab_size - len(tokens)))]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vocab.txt").write_text("\n".join(tokens) + "\n", encoding="utf-8")
    tokenizer = BertTokenizerFast(str(folder / "vocab.txt"), model_max_length=512)
    torch.manual_seed(0)
    config = BertConfig(vocab_size=len(tokens), hidden_size=hidden, num_hidden_layers=layers,
                        num_attention_heads=heads, intermediate_size=intermediate, max_position_embeddings=512,
                        num_labels=1)
    BertForSequenceClassification(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return f"st:{folder}"


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) * 1000


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=40, help="questions for the search and tiny-model rows")
    parser.add_argument("--base-n", type=int, default=10, help="questions for the base-size model")
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    args = parser.parse_args()

    from index.lifecycle import seed_bundled
    from index.rerank import RERANK_TOP, load_reranker, passage
    from index.search import Index
    from ingest.settings import Settings

    lines = (ROOT / "tests" / "data" / "dev_queries.jsonl").read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line)["query"] for line in lines if line.strip()]
    work = Path(tempfile.mkdtemp(prefix="bench-rerank-"))
    try:
        settings = Settings.from_env(home=work / "kb")
        seed_bundled(settings)
        index = Index.open(settings, reranker="")
        for q in questions:   # query vectors cached: the rows below differ by the reranker only
            index.search(q, 10)
        rows: list[tuple[str, int, list[float], list[float] | None, tuple[float, float] | None]] = []
        plain = [timed(lambda q=q: index.search(q, 10)) for q in questions[:args.n]]
        rows.append(("no reranker (k=10)", len(plain), plain, None, None))
        import torch
        if args.threads:
            torch.set_num_threads(args.threads)
        for size, n in (("tiny", args.n), ("base", args.base_n)):
            t = time.perf_counter()
            reranker = load_reranker(make_cross_encoder(work / size, size))
            loaded = time.perf_counter() - t
            params = sum(p.numel() for p in reranker._model.parameters())  # type: ignore[attr-defined]
            reranker.rerank(questions[0], index.search(questions[0], 4))   # warm up
            total, alone, pairs, chars = [], [], [], []
            for q in questions[:n]:   # as Index.search does it: 50 hits, reranked, cut to k
                t = time.perf_counter()
                hits = index.search(q, RERANK_TOP)
                s = time.perf_counter()
                reranker.rerank(q, hits)[:10]
                e = time.perf_counter()
                total.append(e - t)
                alone.append(e - s)
                free = [passage(h.clause) for h in hits if not h.pinned]
                pairs.append(len(free))
                chars.extend(len(x) for x in free)
            rows.append((f"{size} reranker ({params / 1e6:.1f} M parameters, made and loaded in {loaded:.1f} s)",
                         n, total, alone, (float(np.mean(pairs)), float(np.mean(chars)))))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"torch threads {torch.get_num_threads()}, OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', '(unset)')}, "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs\n")
    print("| search | questions | per query p50 / p95 (ms) | scoring p50 / p95 (ms) | pairs, characters per passage |")
    print("|---|---|---|---|---|")
    for name, n, total, alone, shape in rows:
        scoring = f"{pct(alone, 50):.0f} / {pct(alone, 95):.0f}" if alone else "–"
        sizes = f"{shape[0]:.0f}, {shape[1]:.0f}" if shape else "–"
        print(f"| {name} | {n} | {pct(total, 50):.1f} / {pct(total, 95):.1f} | {scoring} | {sizes} |")


if __name__ == "__main__":
    main()
