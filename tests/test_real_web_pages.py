"""Six real Guangzhou government web pages, checked against expectations written from the pages."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import ingest

WEB = Path(__file__).parent / "data" / "real" / "web"
PAGES = sorted(p.name[: -len(".expected.json")] for p in WEB.glob("*.expected.json"))


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("name", PAGES)
def test_real_web_page(name: str) -> None:
    expected = json.loads((WEB / f"{name}.expected.json").read_text(encoding="utf-8"))
    doc = ingest.load(WEB / expected["file"])
    # spaces between co-issuing bodies in a title are typographic
    assert _flat(doc.title) == _flat(expected["title"])
    units = [u for u in doc.units() if u.label != "前言"]
    labels = [u.label for u in units]
    assert labels[: len(expected["units"])] == expected["units"]
    by_label = {u.label: _flat(u.text) for u in units}
    for label, phrases in expected["phrases"].items():
        for phrase in phrases:
            assert _flat(phrase) in by_label[label], (label, phrase)
    everything = _flat("\n".join(u.text for u in doc.units()))
    for phrase in expected.get("table_phrases", []):
        assert _flat(phrase) in everything, phrase
    for chrome in expected["absent"]:
        assert _flat(chrome) not in everything, chrome
