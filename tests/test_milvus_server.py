"""The Milvus backend against a real Milvus standalone server (2.3.5, from the `milvus` package:
the server binary with its embedded etcd, started on localhost) with authentication on:
the bundled corpus, identical dense hits to FAISS, hybrid quality, credentials, generations."""
from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest
from conftest import release_store
from test_search_quality import _same_hits, dev_queries

from index.evaluate import evaluate, load_queries
from index.lifecycle import add, build
from index.search import Filters, Index
from index.store import current_generation
from index.vectors.milvus_store import client_for, parse_target, read_config
from ingest.settings import Settings

PASSWORD = "Milvus"   # the root password a new server starts with


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from milvus import MilvusServer
    milvus = MilvusServer()
    milvus.set_base_dir(str(tmp_path_factory.mktemp("milvus-server")))
    milvus.listen_port = _free_port()
    milvus.config.set("authorization_enabled", True)
    milvus.start()
    yield f"milvus://127.0.0.1:{milvus.listen_port}"
    milvus.stop()


@pytest.fixture(scope="module")
def both(server, tmp_path_factory):
    """The bundled corpus on FAISS and on the server (seeded from the shipped index)."""
    os.environ["PLANKB_MILVUS_TOKEN"] = f"root:{PASSWORD}"
    built = {}
    for name, spec in (("faiss", "faiss"), ("server", server)):
        home = tmp_path_factory.mktemp(f"kb-{name}")
        settings = Settings.from_env(home=home, store=spec)
        report = build(settings)
        assert not report.changed and len(report.unchanged) == 78
        built[name] = Index.open(settings)
    yield built
    release_store(server)
    os.environ.pop("PLANKB_MILVUS_TOKEN", None)


def test_dense_hits_on_a_server_equal_faiss(both):
    assert both["server"].store.name == "milvus" and both["faiss"].store.name == "faiss"
    queries = [item.query for item in load_queries(dev_queries())]
    for filters in (None, Filters(region="浙江"), Filters(kind="法律"), Filters(doc="土地管理法"),
                    Filters(date_from="2020-01-01"), Filters(issuing_body="人民代表大会"), Filters(national=True)):
        a = both["faiss"].search_many(queries, 10, "dense", filters)
        b = both["server"].search_many(queries, 10, "dense", filters)
        # the same clauses, scores within 1e-4: two cosines 2e-7 apart may come in either order
        assert all(_same_hits(x, y) for x, y in zip(a, b)), filters
        assert any(a), filters


def test_hybrid_quality_on_a_server_is_within_003_of_faiss(both):
    items = load_queries(dev_queries())
    faiss = evaluate(both["faiss"], items, "hybrid").summary()["overall"]
    server = evaluate(both["server"], items, "hybrid").summary()["overall"]
    assert abs(faiss["hit@10"] - server["hit@10"]) <= 0.03 and server["hit@10"] >= 0.95, (faiss, server)
    hit = both["server"].search("土地管理法第六十二条", k=1)[0]
    assert (hit.clause.doc_id, hit.clause.label) == ("土地管理法", "第六十二条")


def test_credentials_are_required_and_never_written(both, server, tmp_path):
    generation = both["server"].folder
    for path in generation.rglob("*"):
        if path.is_file() and path.suffix in (".json", ".sqlite"):
            assert b"root:" + PASSWORD.encode() not in path.read_bytes(), path
    env = {k: v for k, v in os.environ.items() if k != "PLANKB_MILVUS_TOKEN"}
    env.update(PLANKB_HOME=str(tmp_path / "home"), PLANKB_EMBEDDER="fake", PLANKB_STORE=server,
               PLANKB_MILVUS_TOKEN="root:wrong-password", PLANKB_MILVUS_TIMEOUT="3")
    doc = tmp_path / "规定.txt"
    doc.write_text("某县规定\n\n第一条 宅基地面积不得超过一百平方米。\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "app.cli", "add", str(doc)], env=env, capture_output=True,
                         text=True, timeout=120)
    lines = run.stderr.strip().splitlines()
    assert run.returncode == 1 and len(lines) == 1 and f"无法连接 Milvus（{server}）" in lines[0], run.stderr
    assert "wrong-password" not in run.stderr


def test_generations_on_a_server_share_or_drop_collections(server, tmp_path, monkeypatch):
    monkeypatch.setenv("PLANKB_MILVUS_TOKEN", f"root:{PASSWORD}")
    monkeypatch.setenv("PLANKB_MILVUS_PREFIX", "plankbtest")
    settings = Settings.from_env(home=tmp_path / "home", embedder="fake", store=server)
    files = []
    for n in range(3):
        path = tmp_path / f"规定{n}.txt"
        path.write_text(f"某县第{n}号规定\n\n第一条 宅基地面积不得超过{n + 1}百平方米。\n", encoding="utf-8")
        files.append(path)
        add(settings, [path])
    client = client_for(parse_target(server, settings.milvus))
    mine = {c for c in client.list_collections() if c.startswith("plankbtest_")}
    generations = {read_config(g)["collection"] for g in (settings.home / "generations").glob("gen-*")}
    assert mine == generations and len(mine) == 1, "files only added: rows appended to one collection"
    from index.lifecycle import remove
    remove(settings, "规定1")   # rows shift: a new collection; the old one goes with its last generation
    remove(settings, "规定0")
    mine = {c for c in client.list_collections() if c.startswith("plankbtest_")}
    generations = {read_config(g)["collection"] for g in (settings.home / "generations").glob("gen-*")}
    assert mine == generations and len(mine) == 2
    index = Index.open(settings)
    assert read_config(current_generation(settings.home))["uri"] == server
    assert {h.clause.doc_id for h in index.search("宅基地面积", k=5)} == {"规定2"}
