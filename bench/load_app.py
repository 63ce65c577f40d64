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
    """Development questions only: the held-out set (bench/heldout/) is never sent anywhere but
    bench/bench_heldout.py."""
    out = []
    for name in ("tests/data/dev_queries.jsonl", "bench/dev/heldout_queries_2025.jsonl"):
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line)["query"])
    return out


async def _first_run(ws, timeout: float) -> tuple[str, str, str]:
    """Open the 检索 page as a browser does; returns its script hash, the question box's widget id
    and the fragment that holds it (a browser sends these back when a question is typed)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = BackMsg()
    msg.rerun_script.page_name = "search"
    await ws.send(msg.SerializeToString())
    page_hash = widget = fragment = ""
    while True:
        fm = ForwardMsg()
        fm.ParseFromString(await asyncio.wait_for(ws.recv(), timeout))
        kind = fm.WhichOneof("type")
        if kind == "new_session":
            page_hash = fm.new_session.page_script_hash
        elif kind == "page_info_changed" or kind == "navigation":
            page_hash = getattr(fm, kind).page_script_hash or page_hash
        elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
            el = fm.delta.new_element
            if el.WhichOneof("type") == "text_input":
                widget, fragment = el.text_input.id, fm.delta.fragment_id
        elif kind == "script_finished":
            if not widget:
                raise RuntimeError("the search page has no question box")
            return page_hash, widget, fragment


def _question_msg(question: str, via: str, box: tuple[str, str, str]) -> bytes:
    """What a browser sends: a question typed into the box (widget state, fragment rerun), or
    a link opened in the same session (query string, whole-page rerun)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    if via == "url":
        msg.rerun_script.query_string = "q=" + urllib.parse.quote(question)
        msg.rerun_script.page_name = "search"
        return msg.SerializeToString()
    page_hash, widget, fragment = box
    msg.rerun_script.page_script_hash = page_hash
    msg.rerun_script.page_name = "search"
    state = msg.rerun_script.widget_states.widgets.add()
    state.id = widget
    state.string_value = question
    if fragment:
        msg.rerun_script.fragment_id = fragment
    return msg.SerializeToString()


async def _ask(ws, question: str, timeout: float, via: str, box) -> tuple[float, str | None]:  # type: ignore[no-untyped-def]
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    started = time.perf_counter()
    await ws.send(_question_msg(question, via, box))
    answered, error = False, None
    while True:
        data = await asyncio.wait_for(ws.recv(), timeout)
        fm = ForwardMsg()
        fm.ParseFromString(data)
        kind = fm.WhichOneof("type")
        if kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
            el = fm.delta.new_element
            kind_of = el.WhichOneof("type")
            body = el.markdown.body if kind_of == "markdown" else el.alert.body if kind_of == "alert" else ""
            if kind_of == "exception":
                error = el.exception.message
            elif ("找到" in body or "没有找到" in body) and question[:12] in body + "没有找到":
                answered = True
        elif kind == "script_finished":
            elapsed = time.perf_counter() - started
            if error is None and not answered:
                error = "no answer in the page"
            return elapsed, error


async def _user(url: str, questions: list[str], think: tuple[float, float], timeout: float,
                results: list, rng: random.Random, via: str = "widget") -> None:
    import websockets

    ws_url = url.replace("http", "ws", 1) + "/_stcore/stream"
    await asyncio.sleep(rng.uniform(0, think[1]))  # users arrive over the first seconds, not in one instant
    try:
        async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None) as ws:
            box = await _first_run(ws, timeout)
            for q in questions:
                try:
                    results.append(await _ask(ws, q, timeout, via, box))
                except Exception as exc:  # a failed request is counted, the user goes on
                    results.append((timeout, f"{type(exc).__name__}: {exc}"))
                await asyncio.sleep(rng.uniform(*think))
    except Exception as exc:
        results.extend((timeout, f"connect: {type(exc).__name__}") for _ in questions)


async def _run(url: str, users: int, per_user: int, think: tuple[float, float], timeout: float,
               via: str) -> tuple[list, list]:
    """One user alone first (the single-user figure), then `users` at once; same questions pool."""
    pool = _questions()
    rng = random.Random(1)
    rng.shuffle(pool)
    await _user(url, ["预热"], (0, 0), 120, [], rng, via)  # load the index once, as a first visitor would
    alone: list = []
    await _user(url, pool[-20:], (0.2, 0.5), timeout, alone, random.Random(99), via)
    results: list = []
    tasks = [_user(url, [pool[(u * per_user + i) % len(pool)] for i in range(per_user)], think, timeout, results,
                   random.Random(u), via) for u in range(users)]
    await asyncio.gather(*tasks)
    return alone, results


def _row(label: str, results: list, wall: float | None = None) -> str:
    ok = sorted(t for t, e in results if e is None)
    errors = len(results) - len(ok)
    q = statistics.quantiles(ok, n=100) if len(ok) >= 2 else [ok[0]] * 99 if ok else [float("nan")] * 99
    return (f"| {label} | {len(results)} | {errors} | {q[49] * 1000:.0f} ms | {q[94] * 1000:.0f} ms | "
            f"{(max(ok) if ok else float('nan')) * 1000:.0f} ms |" + (f" {wall:.1f} s |" if wall else " |"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--questions", type=int, default=5, help="per user")
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 3.0), help="seconds between questions")
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--via", choices=("widget", "url"), default="widget",
                        help="widget: typed into the question box (what a browser sends); url: a link opened "
                             "in the same session (whole-page rerun)")
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
        alone, results = asyncio.run(_run(url, args.users, args.questions, tuple(args.think), args.timeout,
                                          args.via))
        wall = time.perf_counter() - started
    finally:
        if proc is not None:
            from appserver import stop_app
            stop_app(proc)
    print(f"questions sent via {args.via}")
    print("| users | requests | errors | p50 | p95 | max | wall time |\n|---|---|---|---|---|---|---|")
    print(_row("1", alone))
    print(_row(str(args.users), results, wall))
    for e in [e for _, e in alone + results if e is not None][:5]:
        print("error:", e)


if __name__ == "__main__":
    main()
