"""One frozen Settings, built at the edge: environment knobs reach the library through it."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from index.store import WriteLock
from index.vectors.milvus_store import parse_target
from ingest import tokenize as tok
from ingest.errors import IndexBusy
from ingest.settings import MilvusOptions, Settings


def test_every_environment_knob_is_read_into_settings(monkeypatch, tmp_path):
    monkeypatch.setenv("PLANKB_DICT_DIR", str(tmp_path / "dict"))
    monkeypatch.setenv("PLANKB_LOCK_WAIT", "0.5")
    monkeypatch.setenv("PLANKB_MILVUS_INDEX", "hnsw")
    monkeypatch.setenv("PLANKB_MILVUS_PREFIX", "kb2")
    monkeypatch.setenv("PLANKB_MILVUS_TOKEN", "user:secret")
    monkeypatch.setenv("PLANKB_MILVUS_TIMEOUT", "3")
    monkeypatch.setenv("PLANKB_PROGRESS_SECONDS", "5")
    s = Settings.from_env(home=tmp_path)
    assert s.dict_dir == tmp_path / "dict" and s.lock_wait == 0.5 and s.progress_seconds == 5.0
    assert s.milvus == MilvusOptions("hnsw", "kb2", "user:secret", 3.0)
    target = parse_target("milvus://db.internal:19530", s.milvus)
    assert (target.token, target.prefix, target.index_type, target.timeout) == ("user:secret", "kb2", "HNSW", 3.0)


def test_defaults_without_environment(monkeypatch, tmp_path):
    for name in ("PLANKB_DICT_DIR", "PLANKB_LOCK_WAIT", "PLANKB_MILVUS_INDEX", "PLANKB_MILVUS_PREFIX",
                 "PLANKB_MILVUS_TOKEN", "PLANKB_MILVUS_TIMEOUT", "PLANKB_PROGRESS_SECONDS", "PLANKB_FUSION"):
        monkeypatch.delenv(name, raising=False)
    s = Settings.from_env(home=tmp_path)
    assert (s.dict_dir, s.lock_wait, s.progress_seconds, s.fusion) == (None, 600.0, 30.0, "rrf")
    assert s.milvus == MilvusOptions()
    monkeypatch.setenv("PLANKB_LOCK_WAIT", "soon")
    assert Settings.from_env(home=tmp_path).lock_wait == 600.0, "an unreadable number keeps the default"


def test_the_token_is_never_shown_or_recorded(monkeypatch, tmp_path):
    monkeypatch.setenv("PLANKB_MILVUS_TOKEN", "user:s3cret")
    s = Settings.from_env(home=tmp_path)
    assert "s3cret" not in repr(s) and "s3cret" not in repr(s.milvus)
    assert "s3cret" not in str(s.recorded())
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.milvus_token = ""  # type: ignore[misc]


def test_the_write_lock_waits_as_long_as_settings_say(tmp_path):
    with WriteLock(tmp_path, 1.0):
        with pytest.raises(IndexBusy):
            with WriteLock(tmp_path, Settings(home=tmp_path, lock_wait=0.2).lock_wait):
                pass


def test_configured_dictionaries_are_the_tokenizers(tmp_path):
    folder = tmp_path / "dict"
    folder.mkdir()
    (folder / "planning_terms.txt").write_text("青瓦白墙村落 5 n\n", encoding="utf-8")
    (folder / "stopwords.txt").write_text("的\n", encoding="utf-8")
    try:
        tok.configure(Settings(home=tmp_path, dict_dir=folder).dict_dir)
        assert tok.dict_dir() == folder and tok.planning_terms() == frozenset({"青瓦白墙村落"})
        assert "青瓦白墙村落" in tok.tokenize("保护青瓦白墙村落的风貌")
    finally:
        tok.configure(None)
    assert tok.dict_dir() == Path(tok.resources.corpus_dir()) / "dict"
    assert "永久基本农田" in tok.planning_terms()
