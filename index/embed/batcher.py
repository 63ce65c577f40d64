"""Questions that arrive together are encoded together.

The app answers many sessions in threads of one process. Encoding each question on its own
makes concurrent questions wait for each other one by one; `QueryBatcher` lets the first caller
encode at once and has every caller that arrives meanwhile join the next batch, which is
encoded in one call. A lone question pays nothing extra: there is no timer.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from .base import Embedder

MAX_BATCH = 32


@dataclass
class _Request:
    text: str
    vector: np.ndarray | None = None
    error: BaseException | None = None

    @property
    def done(self) -> bool:
        return self.vector is not None or self.error is not None


class QueryBatcher:
    """Encode queries for many threads, one batch at a time (no timer, no extra thread).

    Whoever has a question waiting and finds the model free encodes everything waiting (up to
    `max_batch`) in one call; the others wait and return as soon as their own vectors are in.

    Args:
        embedder: the model; its `embed_queries` is called from one thread at a time.
    """

    def __init__(self, embedder: Embedder, max_batch: int = MAX_BATCH) -> None:
        self.embedder = embedder
        self.max_batch = max_batch
        self._turn = threading.Condition()
        self._waiting: list[_Request] = []
        self._busy = False
        self.calls = 0   # model calls made (tests and benchmarks read it)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Vectors of `texts`, encoded together with whatever other threads ask meanwhile."""
        mine = [_Request(t) for t in texts]
        with self._turn:
            self._waiting.extend(mine)
            while not all(r.done for r in mine):
                if self._busy:
                    self._turn.wait()
                    continue
                batch, self._waiting = self._waiting[:self.max_batch], self._waiting[self.max_batch:]
                self._busy = True
                self._turn.release()
                try:
                    self._encode(batch)
                finally:
                    self._turn.acquire()
                    self._busy = False
                    self._turn.notify_all()
        for r in mine:
            if r.error is not None:
                raise r.error
        return np.vstack([r.vector for r in mine if r.vector is not None])

    def _encode(self, batch: list[_Request]) -> None:
        try:
            vectors = self.embedder.embed_queries([r.text for r in batch])
            self.calls += 1
            for r, v in zip(batch, vectors):
                r.vector = v
        except Exception as exc:  # every waiter of this batch gets the error, none hangs
            for r in batch:
                r.error = exc
