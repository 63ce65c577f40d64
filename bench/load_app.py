"""Load test: simulated users searching the running app at once, over Streamlit's own websocket
protocol (what a browser sends when a question is submitted), on localhost only.

Each user opens a session, then asks questions one after another with a short think time;
latency is measured from sending the question to the end of the script run that answers it.
The number of requests and the total time are bounded.

Usage:
    python bench/load_app.py                      # starts `plankb app` on a free port (bundled corpus)
    python bench/load_app.py --url http://localhost:8501 --users 20 --questions 5
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _questions() -> list[str]:
    out = []
    for name in ("tests/data/dev_queries.jsonl", "bench/heldout_queries.jsonl"):
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line)["query"])
    return out


async def _ask(ws, question: str, timeout: float) -> tuple[float, str | None]:
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = BackMsg()
    msg.rerun_script.query_string = "q=" + urllib.parse.quote(question)
    msg.rerun_script.page_name = "search"
    started = time.perf_counter()
    await ws.send(msg.SerializeToString())
    answered, error = False, None
    while True:
        data = await asyncio.wait_for(ws.recv(), timeout)
        fm = ForwardMsg()
        fm.ParseFromString(data)
        kind = fm.WhichOneof("type")
        if kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
            el = fm.delta.new_element
            if el.WhichOneof("type") == "exception":
                error = el.exception.message
            elif el.WhichOneof("type") == "markdown" and ("找到" in el.markdown.body or "没有找到" in el.markdown.body):
                answered = True
            elif el.WhichOneof("type") in ("alert",) and "没有找到" in el.alert.body:
                answered = True
        elif kind == "script_finished":
            elapsed = time.perf_counter() - started
            if error is None and not answered:
                error = "no answer in the page"
            return elapsed, error


async def _user(url: str, questions: list[str], think: tuple[float, float], timeout: float,
                results: list, rng: random.Random) -> None:
    import websockets

    ws_url = url.replace("http", "ws", 1) + "/_stcore/stream"
    await asyncio.sleep(rng.uniform(0, think[1]))  # users arrive over the first seconds, not in one instant
    try:
        async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None) as ws:
            for q in questions:
                try:
                    results.append(await _ask(ws, q, timeout))
                except Exception as exc:  # a failed request is counted, the user goes on
                    results.append((timeout, f"{type(exc).__name__}: {exc}"))
                await asyncio.sleep(rng.uniform(*think))
    except Exception as exc:
        results.extend((timeout, f"connect: {type(exc).__name__}") for _ in questions)


async def _run(url: str, users: int, per_user: int, think: tuple[float, float], timeout: float) -> list:
    pool = _questions()
    rng = random.Random(1)
    rng.shuffle(pool)
    results: list = []
    await _user(url, ["预热"], (0, 0), 120, [], rng)  # load the index once, as a first visitor would
    tasks = [_user(url, [pool[(u * per_user + i) % len(pool)] for i in range(per_user)], think, timeout, results,
                   random.Random(u)) for u in range(users)]
    await asyncio.gather(*tasks)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--questions", type=int, default=5, help="per user")
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 3.0), help="seconds between questions")
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args()
    host = urllib.parse.urlparse(args.url).hostname if args.url else "localhost"
    if host not in ("localhost", "127.0.0.1", "::1"):
        raise SystemExit("load tests only run against this machine (localhost)")
    proc = None
    url = args.url
    if url is None:
        sys.path.insert(0, str(ROOT / "tests"))
        from appserver import start_app
        proc, url = start_app(Path(tempfile.mkdtemp(prefix="plankb-load-")))
    try:
        started = time.perf_counter()
        results = asyncio.run(_run(url, args.users, args.questions, tuple(args.think), args.timeout))
        wall = time.perf_counter() - started
    finally:
        if proc is not None:
            from appserver import stop_app
            stop_app(proc)
    ok = sorted(t for t, e in results if e is None)
    errors = [e for _, e in results if e is not None]
    q = statistics.quantiles(ok, n=100) if len(ok) >= 2 else [ok[0]] * 99 if ok else [float("nan")] * 99
    print("| users | requests | errors | p50 | p95 | max | wall time |\n|---|---|---|---|---|---|---|")
    print(f"| {args.users} | {len(results)} | {len(errors)} | {q[49] * 1000:.0f} ms | {q[94] * 1000:.0f} ms | "
          f"{(max(ok) if ok else float('nan')) * 1000:.0f} ms | {wall:.1f} s |")
    for e in errors[:5]:
        print("error:", e)


if __name__ == "__main__":
    main()
