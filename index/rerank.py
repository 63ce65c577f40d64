"""An optional second stage: a cross-encoder reads the question beside each of the first
RERANK_TOP hits and orders them by its score (off by default; none ships offline).

A spec names the model: `st:PATH`, a sentence-transformers CrossEncoder in a local folder
(bge-reranker-base, bce-reranker-base_v1 and models of their kind). torch and
sentence-transformers are imported only when one is loaded; nothing is downloaded.

Hits found by a rule stay first, in their order (`Hit.pinned`: a cited article, the document a
文号 or title names, a clause holding the query as a phrase): a reranker must not sink the
clause the user cited. Hits below RERANK_TOP keep their order after the reranked ones.
"""
from __future__ import annotations

import json
import os
import threading
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.errors import UnknownBackend

if TYPE_CHECKING:
    from ingest import Clause

    from .search import Hit

RERANKER_ENV = "PLANKB_RERANKER"
RERANK_TOP = 50      # hits the reranker reads per question
OFF = ("", "none", "off")


class RerankerError(UnknownBackend):
    """A reranker spec that names no loadable CrossEncoder (missing folder, not a reranker)."""


class Reranker:
    """Scores (question, passage) pairs; `rerank` orders hits by them. Subclasses implement
    `score` only."""

    name = "reranker"
    top = RERANK_TOP

    def score(self, question: str, passages: Sequence[str]) -> list[float]:
        """One relevance score per passage, higher is more relevant."""
        raise NotImplementedError

    def rerank(self, question: str, hits: Sequence[Hit], top: int | None = None) -> list[Hit]:
        """`hits` with the first `top` (default RERANK_TOP) ordered by this reranker.

        Pinned hits among them come first in their own order; the rest follow by score (ties
        keep the search's order), then the hits below `top` as they were. Reranked hits carry
        `rerank_score` and keep their search score and ranks; `rank` is renumbered.
        """
        top = self.top if top is None else top
        head, tail = list(hits[:top]), list(hits[top:])
        pinned = [h for h in head if h.pinned]
        free = [h for h in head if not h.pinned]
        scores = self.score(question, [passage(h.clause) for h in free]) if free else []
        order = sorted(range(len(free)), key=lambda n: -scores[n])
        ranked = pinned + [replace(free[n], rerank_score=float(scores[n])) for n in order] + tail
        return [replace(h, rank=n) for n, h in enumerate(ranked, start=1)]


def passage(clause: Clause) -> str:
    """The text a reranker reads for a clause: its citation (《title》label), heading path and text."""
    body = clause.text
    if clause.label and body.startswith(clause.label):
        body = body[len(clause.label):].lstrip()
    where = " > ".join(clause.path)
    return f"{clause.citation}{'（' + where + '）' if where else ''} {body}"


class CrossEncoderReranker(Reranker):
    """A sentence-transformers CrossEncoder from a local folder, on the CPU."""

    batch_size = 16

    def __init__(self, folder: Path) -> None:
        try:
            from sentence_transformers import CrossEncoder
        except ImportError as exc:
            raise RerankerError("重排模型需要 sentence-transformers：pip install sentence-transformers torch==2.13.0") from exc
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # no loading bars on the CLI's stderr
        try:
            self._model = CrossEncoder(str(folder), device="cpu", local_files_only=True)
        except Exception as exc:
            raise RerankerError(f"无法加载重排模型 {folder}：{_first_line(exc)}") from exc
        if self._model.num_labels != 1:
            raise RerankerError(f"{folder} 不是重排模型：它给每对文本 {self._model.num_labels} 个分数，重排模型只给 1 个")
        self.name = f"st:{folder}"
        self._lock = threading.Lock()  # a fast tokenizer is not safe to share between threads

    def score(self, question: str, passages: Sequence[str]) -> list[float]:
        with self._lock:
            out = self._model.predict([(question, p) for p in passages], batch_size=self.batch_size,
                                      show_progress_bar=False, convert_to_numpy=True)
        return [float(x) for x in out]


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def model_folder(spec: str) -> Path:
    """The folder an `st:PATH` spec names, checked without importing torch.

    Raises:
        RerankerError: not `st:PATH`, no such folder, or a model that is not a sequence
            classifier (an embedding model's folder, say).
    """
    if not spec.startswith("st:") or not spec[3:].strip():
        raise RerankerError(f"重排模型须写成 st:本地文件夹（如 st:/models/bge-reranker-base），而不是 {spec!r}")
    folder = Path(spec[3:].strip()).expanduser()
    if not folder.is_dir():
        raise RerankerError(f"重排模型文件夹不存在：{folder}（须为本地文件夹，本机不联网下载）")
    config = folder / "config.json"
    if not config.is_file():
        raise RerankerError(f"{folder} 不是 CrossEncoder 重排模型：缺少 config.json")
    try:
        architectures = json.loads(config.read_text(encoding="utf-8")).get("architectures") or []
    except (OSError, ValueError, AttributeError) as exc:
        raise RerankerError(f"{folder} 的 config.json 无法读取：{_first_line(exc)}") from exc
    if architectures and not any(str(a).endswith("ForSequenceClassification") for a in architectures):
        raise RerankerError(f"{folder} 不是 CrossEncoder 重排模型（{'、'.join(map(str, architectures))}），"
                            f"应为 bge-reranker、bce-reranker 一类的模型")
    return folder


_loaded: dict[str, Reranker] = {}
_loading = threading.Lock()


def load_reranker(spec: str) -> Reranker:
    """The reranker `spec` names, loaded once per process.

    Raises:
        RerankerError: see `model_folder`; or the folder does not load as a CrossEncoder.
    """
    spec = spec.strip()
    with _loading:
        found = _loaded.get(spec)
        if found is None:
            found = _loaded[spec] = CrossEncoderReranker(model_folder(spec))
        return found


def reranker_from_env(environ: Mapping[str, str] | None = None) -> str:
    """The reranker spec PLANKB_RERANKER gives ('' when unset: off)."""
    env = os.environ if environ is None else environ
    value = env.get(RERANKER_ENV, "").strip()
    return "" if value.lower() in OFF else value


def resolve(reranker: Reranker | str | None) -> Reranker | None:
    """A reranker, a spec (loaded once per process) or off (None, '', 'none', 'off')."""
    if reranker is None or isinstance(reranker, Reranker):
        return reranker
    spec = reranker.strip()
    return None if spec.lower() in OFF else load_reranker(spec)


__all__ = ["RERANKER_ENV", "RERANK_TOP", "CrossEncoderReranker", "Reranker", "RerankerError",
           "load_reranker", "model_folder", "passage", "reranker_from_env", "resolve"]

