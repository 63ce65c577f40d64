"""Government metadata on real documents: two Beijing scrapes and six Guangzhou pages, checked
against expectations written from the documents."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import ingest

REAL = Path(__file__).parent / "data" / "real"
# expectations with a `kind` are checked whole by tests/test_real_documents.py
TEXTS = sorted(p.name[: -len(".expected.json")] for p in (REAL / "text").glob("*.expected.json")
               if "kind" not in json.loads(p.read_text(encoding="utf-8")))
PAGES = sorted(p.name[: -len(".expected.json")] for p in (REAL / "web").glob("*.expected.json"))


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("name", TEXTS)
def test_real_text(name: str) -> None:
    expected = json.loads((REAL / "text" / f"{name}.expected.json").read_text(encoding="utf-8"))
    doc = ingest.load(REAL / "text" / expected["file"])
    assert doc.title == expected["title"]
    assert doc.issuing_body == expected["issuing_body"]
    assert doc.doc_number == expected["doc_number"] != expected["not_doc_number"]
    assert doc.adopted == expected["dates"]["written"]
    assert doc.effective == expected["dates"]["effective"]
    units = [u for u in doc.units() if u.label != "前言"]
    assert [u.label for u in units] == expected["units"]
    for key, phrases in expected["phrases"].items():
        # `label#n` names the n-th unit so labelled (policy items restart per part)
        label, _, nth = key.partition("#")
        unit = [u for u in units if u.label == label][int(nth or 1) - 1]
        for phrase in phrases:
            assert _flat(phrase) in _flat(unit.text), (key, phrase)
    everything = _flat("\n".join(u.text for u in doc.units()))
    for phrase in expected.get("everywhere", []):
        assert _flat(phrase) in everything, phrase
    for chrome in expected["absent"]:
        assert _flat(chrome) not in everything, chrome


@pytest.mark.parametrize("name", PAGES)
def test_real_page_metadata(name: str) -> None:
    expected = json.loads((REAL / "web" / f"{name}.expected.json").read_text(encoding="utf-8"))
    doc = ingest.load(REAL / "web" / expected["file"])
    # spaces between co-issuing bodies are typographic
    assert _flat(doc.issuing_body) == _flat(expected["issuing_body"])
    assert doc.doc_number == expected["doc_number"]
    dates = expected["dates"]
    if "effective" in dates:
        assert doc.effective == dates["effective"]
    # 成文日期 is read where the page's panel states it (the two 天河区 reposts)
    if name.startswith(("11_", "30_")):
        assert doc.adopted == dates["written"]


def test_panel_lines_and_header_chrome_stay_out_of_units(tmp_path):
    body = ("政务公开 > 政策服务\n收藏\n字号：大 中 小\n北京市某某管理办法\n[发文机构]北京市农业农村局\n"
            "[发文字号]京农发〔2025〕21号\n[成文日期]2025-03-31\n[发布日期]2025-04-03\n[有效性]有效\n"
            "第一条 为规范管理，制定本办法。\n第二条 本办法自2025年5月1日起施行。\n公报PDF\n分享：\n")
    path = tmp_path / "北京市某某管理办法.txt"
    path.write_text(body, encoding="utf-8")
    doc = ingest.load(path)
    assert doc.title == "北京市某某管理办法"
    assert (doc.issuing_body, doc.doc_number, doc.adopted) == ("北京市农业农村局", "京农发〔2025〕21号", "2025-03-31")
    assert [u.label for u in doc.clauses] == ["第一条", "第二条"]
    text = "\n".join(u.text for u in doc.units())
    assert not any(w in text for w in ("政务公开", "收藏", "字号", "发文", "成文", "有效性", "公报PDF", "分享"))
