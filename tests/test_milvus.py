"""The Milvus backend beyond the shared index tests: filter push-down, connection and lock
errors, moving a FAISS knowledge base into Milvus, credentials, and writes that fail or are
killed half-way. Everything runs against a real Milvus Lite."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest
from conftest import release_store

from index.lifecycle import add, build
from index.search import Filters, Index
from index.store import current_generation, read_manifest
from index.vectors.milvus_store import client_for, expression, parse_target, read_config
from ingest.errors import IndexMismatch, StoreUnavailable
from ingest.settings import Settings

CLI = [sys.executable, "-m", "app.cli"]

DOCS = {
    "浙江宅基地办法.md": ("# 浙江省农村宅基地管理办法\n\n2021年3月1日 浙江省人民政府发布\n\n"
                     "第一条 为了规范农村宅基地管理，制定本办法。\n\n第二条 宅基地面积不得超过一百二十五平方米。\n"),
    "杭州村庄规划规定.md": ("# 杭州市村庄规划管理规定\n\n2019年6月10日 杭州市人民代表大会常务委员会通过\n\n"
                       "第一条 村庄规划由乡镇人民政府组织编制。\n\n第二条 村庄规划报送审批前应当公告。\n"),
    "广东耕地保护条例.md": ("# 广东省耕地保护条例\n\n2018年11月29日 广东省人民代表大会常务委员会通过\n\n"
                       "第一条 为了加强耕地保护，制定本条例。\n\n第二条 永久基本农田不得擅自占用。\n"),
    "无日期的说明.txt": "某县村庄建设说明\n\n一、村庄建设应当节约用地。\n\n二、宅基地审批应当公开。\n",
}


def _folder(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def lite(tmp_path, monkeypatch):
    spec = f"milvus://{tmp_path / 'kb-vectors.db'}"
    monkeypatch.setenv("PLANKB_STORE", spec)
    yield spec
    release_store(spec)


def _live_collections(spec):
    return sorted(client_for(parse_target(spec)).list_collections())


def _generation_collections(home):
    return sorted(read_config(g)["collection"] for g in (home / "generations").glob("gen-*"))


def test_filters_run_inside_milvus_and_keep_what_the_catalogue_keeps(tmp_path, lite):
    settings = Settings.from_env(embedder="fake")
    build(settings, _folder(tmp_path))
    index = Index.open(settings)
    client = client_for(parse_target(lite))
    cases = [Filters(region="浙江"), Filters(region="浙江省杭州市"), Filters(kind="地方性法规"),
             Filters(doc="广东省耕地保护条例"), Filters(issuing_body="人民代表大会"),
             Filters(date_from="2019-01-01"), Filters(date_to="2019-12-31"),
             Filters(date_from="2019-01-01", date_to="2020-12-31", region="浙江"),
             Filters(region='浙"江\\'), Filters(issuing_body="100%_"), Filters(national=True),
             Filters(national=True, kind="地方性法规")]
    for filters in cases:
        where = index._pushdown(filters)
        expected = sorted({d.doc_id for d in index.docs if d.doc_id in
                           {index.docs[i].doc_id for i in set(index._row_doc[index._allowed(where)])}})
        found = client.query(index.store.collection, filter=expression(where), output_fields=["doc_id"])
        assert sorted({r["doc_id"] for r in found}) == expected, filters
        hits = index.search("宅基地 村庄规划 耕地", k=10, filters=filters, mode="dense")
        assert {h.clause.doc_id for h in hits} <= set(expected), filters
    assert {len(index._pushdown(f).doc_ids or ()) for f in cases if f.doc} == {1}
    assert not client.query(index.store.collection, filter=expression(index._pushdown(Filters(region='浙"江\\'))),
                            output_fields=["doc_id"])


def test_an_unreachable_server_is_one_clear_line(tmp_path):
    env = {**os.environ, "PLANKB_HOME": str(tmp_path / "home"), "PLANKB_EMBEDDER": "fake",
           "PLANKB_STORE": "milvus://127.0.0.1:9", "PLANKB_MILVUS_TIMEOUT": "2"}
    folder = _folder(tmp_path)
    run = subprocess.run(CLI + ["add", str(folder)], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "无法连接 Milvus（milvus://127.0.0.1:9）" in lines[0], run.stderr
    assert not (tmp_path / "home" / "CURRENT").exists()


def test_a_milvus_lite_file_held_by_another_process_is_one_clear_line(tmp_path, lite):
    settings = Settings.from_env(embedder="fake")
    build(settings, _folder(tmp_path))
    release_store(lite)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time\nfrom pymilvus import MilvusClient\n"
        f"MilvusClient({str(parse_target(lite).uri)!r})\nprint('open', flush=True)\ntime.sleep(60)")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        env = {**os.environ, "PLANKB_HOME": str(settings.home), "PLANKB_STORE": lite}
        run = subprocess.run(CLI + ["search", "宅基地"], env=env, capture_output=True, text=True, timeout=120)
    finally:
        holder.kill()
        holder.wait()
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "正被另一个进程使用" in lines[0], run.stderr


def test_a_faiss_knowledge_base_moves_into_milvus_with_build(tmp_path, monkeypatch):
    folder = _folder(tmp_path)
    monkeypatch.delenv("PLANKB_STORE", raising=False)
    local = Settings.from_env(embedder="fake")
    build(local, folder)
    questions = ["宅基地面积", "村庄规划公告", "永久基本农田"]
    before = [[h.to_dict() for h in Index.open(local).search(q, k=5, mode="dense")] for q in questions]
    spec = f"milvus://{tmp_path / 'moved.db'}"
    try:
        moved = Settings.from_env(embedder="fake", store=spec)
        with pytest.raises(IndexMismatch) as err:
            Index.open(moved)
        assert "plankb build" in str(err.value)
        report = build(moved, folder)
        assert not report.changed and len(report.unchanged) == 4
        manifest = read_manifest(current_generation(moved.home))
        assert manifest.store is not None
        assert manifest.store.name == "milvus" and manifest.store.spec == parse_target(spec).display
        index = Index.open(Settings.from_env(embedder="fake"))  # no PLANKB_STORE: the index says where it is
        assert index.store.name == "milvus"
        after = [[h.to_dict() for h in index.search(q, k=5, mode="dense")] for q in questions]
        assert [_by_score(hits) for hits in after] == [_by_score(hits) for hits in before]
        add(Settings.from_env(embedder="fake"), [tmp_path / "docs" / "无日期的说明.txt"])
        written = read_manifest(current_generation(moved.home)).store
        assert written is not None and written.name == "milvus", "writes stay in Milvus"
    finally:
        release_store(spec)


def test_credentials_are_taken_from_the_uri_or_environment_and_never_kept(monkeypatch):
    monkeypatch.delenv("PLANKB_MILVUS_TOKEN", raising=False)
    target = parse_target("milvus://root:s3cret@milvus.internal:19531?db=planning&index=HNSW")
    assert target.uri == "http://milvus.internal:19531" and target.token == "root:s3cret"
    assert target.db_name == "planning" and target.index_type == "HNSW"
    assert "s3cret" not in target.display and target.display == "milvus://milvus.internal:19531?db=planning"
    monkeypatch.setenv("PLANKB_MILVUS_TOKEN", "api-key-123")
    assert parse_target("milvus+https://cloud.example:443", Settings.from_env().milvus).token == "api-key-123"
    assert parse_target("milvus+https://cloud.example:443").uri == "https://cloud.example:443"
    assert parse_target("milvus://milvus.internal").uri == "http://milvus.internal:19530"
    assert parse_target("milvus:///srv/plankb/kb.db").lite
    from ingest.errors import UnknownBackend
    for bad in ("milvus:///srv/plankb/kb", "milvus://host:port", "mivlus://host:19530"):
        with pytest.raises(UnknownBackend):
            parse_target(bad)


def test_a_failed_insert_leaves_the_old_index_and_no_orphan_collection(tmp_path, lite, monkeypatch):
    folder = _folder(tmp_path)
    settings = Settings.from_env(embedder="fake")
    build(settings, folder)
    before = [h.to_dict() for h in Index.open(settings).search("宅基地", k=3)]
    from index.vectors import milvus_store
    real_rows = milvus_store.MilvusStore._rows
    calls = []

    def fail_at(n):
        def rows(*args):
            calls.append(1)
            if len(calls) == n:
                raise RuntimeError("connection reset by peer")
            return real_rows(*args)
        return staticmethod(rows)
    monkeypatch.setattr(milvus_store, "INSERT_BATCH", 3)

    # a file added: the new rows are appended to the live collection, which fails half-way
    (folder / "新规定.txt").write_text("某县规定\n\n第一条 宅基地面积不得超过一百平方米。\n\n"
                                     "第二条 宅基地审批由乡镇人民政府负责。\n", encoding="utf-8")
    monkeypatch.setattr(milvus_store.MilvusStore, "_rows", fail_at(1))
    with pytest.raises(StoreUnavailable) as err:
        build(settings, folder)
    assert "connection reset by peer" in str(err.value) and "写入 Milvus 集合" in str(err.value)
    assert [h.to_dict() for h in Index.open(settings).search("宅基地", k=3)] == before
    assert len(_live_collections(lite)) == 1

    # a file changed: a new collection is written, and fails after its first batch
    (folder / "广东耕地保护条例.md").write_text(DOCS["广东耕地保护条例.md"] + "\n第三条 耕地保护目标责任制。\n",
                                          encoding="utf-8")
    calls.clear()
    monkeypatch.setattr(milvus_store.MilvusStore, "_rows", fail_at(2))
    with pytest.raises(StoreUnavailable):
        build(settings, folder)
    assert [h.to_dict() for h in Index.open(settings).search("宅基地", k=3)] == before
    assert len(_live_collections(lite)) == 2, "the half-written collection is there until the next write"

    monkeypatch.setattr(milvus_store.MilvusStore, "_rows", staticmethod(real_rows))
    report = build(settings, folder)
    assert report.added == ["新规定"] and report.replaced == ["广东耕地保护条例"]
    assert set(_live_collections(lite)) == set(_generation_collections(settings.home))
    index = Index.open(settings)
    assert index.clause("新规定", "第二条") is not None
    assert {h.clause.doc_id for h in index.search("宅基地审批 乡镇人民政府", k=3)} >= {"新规定"}


def test_adding_files_appends_to_the_live_collection(tmp_path, lite):
    """Only-added files share the live generation's collection (their rows appended); the
    older generation keeps answering from the rows it knows."""
    folder = _folder(tmp_path)
    settings = Settings.from_env(embedder="fake")
    build(settings, folder)
    first = current_generation(settings.home)
    old = Index.open(settings)
    before = [h.to_dict() for h in old.search("宅基地 乡镇", k=10)]
    extra = tmp_path / "补充规定.txt"
    extra.write_text("某县补充规定\n\n第一条 宅基地审批由乡镇人民政府负责。\n", encoding="utf-8")
    add(settings, [extra])
    second = current_generation(settings.home)
    assert read_config(second)["collection"] == read_config(first)["collection"]
    assert read_config(second)["shared_rows"] == old.store.count
    assert [h.to_dict() for h in old.search("宅基地 乡镇", k=10)] == before, "the old generation is unchanged"
    new = Index.open(settings)
    assert new.store.count == old.store.count + 1
    assert "补充规定" in {h.clause.doc_id for h in new.search("宅基地审批 乡镇人民政府", k=3, mode="dense")}
    from index.lifecycle import remove
    remove(settings, "补充规定")  # rows shift: a new collection; the shared one stays while a kept generation uses it
    assert set(_live_collections(lite)) == set(_generation_collections(settings.home))
    assert len(set(_live_collections(lite))) == 2


def _by_score(hits):
    """Hits grouped by score (equal scores may come back in either order from two engines);
    rows sharing no word with the question (score 0) are a tie of many, cut anywhere."""
    groups = {}
    for h in hits:
        if h["score"] <= 1e-6:
            continue
        groups.setdefault(round(h["score"], 4), set()).add((h["doc_id"], h["label"]))
    return sorted(groups.items(), reverse=True)


def _write_many(folder, n):
    folder.mkdir(exist_ok=True)
    for i in range(n):
        body = "\n\n".join(f"第{d}条 第{i}号规定关于宅基地、耕地保护和村庄规划的第{d}项要求，编号{i * 10 + j}。"
                           for j, d in enumerate("一二三四五六七八"))
        (folder / f"规定{i:02d}.md").write_text(f"# 某县第{i}号规定\n\n{body}\n", encoding="utf-8")


def test_writers_killed_during_milvus_writes_leave_the_index_before_or_after(tmp_path):
    """SIGKILL at random moments of `plankb add` into Milvus Lite (the kill lands in parsing,
    embedding, the collection insert or publishing): the index is as before or as after, and
    the next write drops whatever collection the killed one left."""
    import shutil
    base, more = tmp_path / "base", tmp_path / "more"
    _write_many(base, 2)
    _write_many(more, 40)
    pristine = tmp_path / "pristine"

    def env(root):
        return {**os.environ, "PLANKB_HOME": str(root / "home"), "PLANKB_EMBEDDER": "fake",
                "PLANKB_STORE": f"milvus://{root / 'vectors.db'}"}

    def answers(root):
        out = subprocess.run(CLI + ["search", "--batch", "-", "--json", "-k", "5"], env=env(root), text=True,
                             input="宅基地\n耕地保护 第三条\n", capture_output=True, timeout=120)
        assert out.returncode == 0, out.stderr
        return out.stdout

    assert subprocess.run(CLI + ["build", str(base)], env=env(pristine), capture_output=True).returncode == 0
    done = tmp_path / "done"
    shutil.copytree(pristine, done)
    t = time.perf_counter()
    assert subprocess.run(CLI + ["add", str(more)], env=env(done), capture_output=True).returncode == 0
    full = time.perf_counter() - t
    before, after = answers(pristine), answers(done)
    assert before != after
    rng = random.Random(11)
    seen = set()
    for trial in range(8):
        root = tmp_path / f"trial-{trial}"
        shutil.copytree(pristine, root)
        proc = subprocess.Popen(CLI + ["add", str(more)], env=env(root), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, full * 1.05))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = answers(root)
        assert now in (before, after), f"trial {trial}: neither before nor after"
        seen.add(now == after)
        assert subprocess.run(CLI + ["remove", "规定00"], env=env(root), capture_output=True).returncode == 0
        spec = env(root)["PLANKB_STORE"]
        try:
            assert set(_live_collections(spec)) == set(_generation_collections(root / "home")), f"trial {trial}"
        finally:
            release_store(spec)
        shutil.rmtree(root)
    assert False in seen, "no kill landed before the write finished"


def test_cli_list_and_search_json_are_the_same_on_milvus(tmp_path, lite):
    folder = _folder(tmp_path)
    env = {**os.environ, "PLANKB_HOME": str(tmp_path / "home"), "PLANKB_EMBEDDER": "fake", "PLANKB_STORE": lite}
    assert subprocess.run(CLI + ["build", str(folder)], env=env, capture_output=True).returncode == 0
    out = subprocess.run(CLI + ["search", "宅基地面积", "--json", "-k", "3", "--region", "浙江"], env=env,
                         capture_output=True, text=True, timeout=120)
    hits = json.loads(out.stdout)
    assert hits and list(hits[0]) == ["rank", "score", "doc_id", "title", "label", "path", "page", "text",
                                      "matched_terms"]
    assert {h["doc_id"] for h in hits} <= {"浙江宅基地办法", "杭州村庄规划规定"}
    assert hits[0]["doc_id"] == "浙江宅基地办法" and hits[0]["label"] == "第二条"


def test_the_app_searches_a_milvus_knowledge_base(tmp_path, lite, monkeypatch):
    from pathlib import Path as _Path

    from streamlit.testing.v1 import AppTest

    from index.lifecycle import seed_bundled
    home = tmp_path / "apphome"
    monkeypatch.setenv("PLANKB_HOME", str(home))
    assert seed_bundled(Settings.from_env())
    store = read_manifest(current_generation(home)).store
    assert store is not None and store.name == "milvus"
    views = _Path(__file__).resolve().parents[1] / "app" / "views"
    at = AppTest.from_file(str(views / "search.py"), default_timeout=120)
    at.run()
    at.text_input[0].input("村庄规划报批前要经过什么程序").run()
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert "《中华人民共和国城乡规划法》第二十二条" in text
    at.sidebar.selectbox[1].select("浙江省").run()   # 地区: pushed down to Milvus
    assert not at.exception
    titles = [m.value.split("《", 1)[1].split("》")[0] for m in at.markdown if m.value.startswith("<b>")]
    zhejiang = {d.title for d in Index.open(Settings.from_env()).docs if (d.region or "").startswith("浙江省")}
    assert len(titles) >= 3 and set(titles) <= zhejiang, titles


def test_a_lost_collection_is_reported_and_repaired(tmp_path, lite):
    from index.lifecycle import repair
    from ingest.errors import IndexDamaged
    folder = _folder(tmp_path)
    settings = Settings.from_env(embedder="fake")
    build(settings, folder)
    (folder / "新规定.txt").write_text("某县规定\n\n第一条 宅基地面积不得超过一百平方米。\n", encoding="utf-8")
    build(settings, folder)
    live = current_generation(settings.home)
    client_for(parse_target(lite)).drop_collection(read_config(live)["collection"])  # an operator's mistake
    with pytest.raises(IndexDamaged) as err:
        Index.open(settings)
    assert "plankb repair" in str(err.value) and read_config(live)["collection"] in str(err.value)
    message = repair(settings)  # both generations shared the lost collection: rebuilt from vectors.npy
    assert "重建向量集合" in message and current_generation(settings.home) != live
    index = Index.open(settings)
    assert sorted(d.doc_id for d in index.docs) == sorted(p.stem for p in folder.iterdir())
    assert index.search("宅基地面积", k=1)
    assert set(_live_collections(lite)) <= set(_generation_collections(settings.home)), "no orphans"
