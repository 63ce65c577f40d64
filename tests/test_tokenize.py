"""The jieba tokenizer with the planning dictionary and stop words."""
from __future__ import annotations

from ingest.tokenize import dict_dir, planning_terms, stopwords, tokenize


def test_dictionary_has_enough_well_formed_terms():
    lines = (dict_dir() / "planning_terms.txt").read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 200
    for line in lines:
        word, freq, tag = line.split(" ")
        assert word and freq.isdigit() and tag
    for term in ("三区三线", "永久基本农田", "宅基地", "城乡建设用地增减挂钩", "集体经营性建设用地",
                 "国土空间规划", "村庄规划", "生态保护红线", "城镇开发边界", "多规合一"):
        assert term in planning_terms()


def test_domain_terms_stay_whole():
    tokens = tokenize("村庄规划应当落实永久基本农田和生态保护红线，严格控制户均宅基地面积")
    for term in ("村庄规划", "永久基本农田", "生态保护红线", "户均宅基地面积"):
        assert term in tokens
    assert "和" not in tokens and "，" not in tokens


def test_obligation_words_are_not_stop_words():
    for word in ("应当", "不得", "禁止", "严禁", "必须", "原则上", "不"):
        assert word not in stopwords()
    assert "不得" in tokenize("任何单位和个人不得侵占、买卖土地")


def test_search_mode_adds_inner_words():
    tokens = tokenize("永久基本农田", search=True)
    assert "永久基本农田" in tokens and "基本农田" in tokens


def test_tokenize_survives_odd_text():
    assert tokenize("") == []
    assert tokenize("，。！？ \n\t") == []
    tokens = tokenize("ABC 2035年")
    assert "abc" in tokens and "2035" in tokens
