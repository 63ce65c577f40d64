"""Real documents (a law scraped as TXT, laws and regulations as DOCX from the national law
database, national and provincial plans and village programmes as Markdown) checked against
expectations written by reading each document (tests/data/real/{text,docx,markdown}, issue 14).

An expectation states `kind`; the two Beijing scrapes in text/ predate that field and are
checked by tests/test_real_metadata.py. Where a label repeats in a document (（一） in two
parts), `label#n` names the n-th unit so labelled and a bare label the first.
"""
from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import ingest
from ingest import Clause, Document

REAL = Path(__file__).parent / "data" / "real"
FOLDERS = ("text", "docx", "markdown")


def _expectations() -> list[Path]:
    found = []
    for folder in FOLDERS:
        for path in sorted((REAL / folder).glob("*.expected.json")):
            if "kind" in json.loads(path.read_text(encoding="utf-8")):
                found.append(path)
    return found


EXPECTATIONS = _expectations()
IDS = [p.name[: -len(".expected.json")] for p in EXPECTATIONS]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _heading(text: str) -> str:
    """A heading as compared in a path: spacing and a run-in heading's closing 。 are typography."""
    return _flat(text).rstrip("。")


def _expected(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@cache
def _document(path: Path) -> Document:
    return ingest.load(path.parent / _expected(path)["file"])


def _units(doc: Document) -> list[Clause]:
    return [u for u in doc.units() if u.label != "前言"]


def _unit(doc: Document, key: str) -> Clause:
    label, _, nth = key.partition("#")
    same = [u for u in _units(doc) if u.label == label]
    n = int(nth or 1)
    assert len(same) >= n, f"no unit {key}: {len(same)} unit(s) labelled {label}"
    return same[n - 1]


def test_every_real_document_has_an_expectation() -> None:
    documents = {p.name for folder in FOLDERS for p in (REAL / folder).iterdir()
                 if p.suffix in (".txt", ".docx", ".md") and p.name != "SOURCES.md"}
    described = {_expected(p)["file"] for folder in FOLDERS for p in (REAL / folder).glob("*.expected.json")}
    assert documents == described
    assert len(EXPECTATIONS) == 7


@pytest.mark.parametrize("path", EXPECTATIONS, ids=IDS)
def test_metadata(path: Path) -> None:
    expected = _expected(path)
    doc = _document(path)
    # spaces inside a title (a title printed over two lines) are typographic
    assert _flat(doc.title) == _flat(expected["title"])
    assert doc.kind == expected["kind"]
    assert doc.doc_number == expected["doc_number"]
    if expected["issuing_body"]:
        assert _flat(doc.issuing_body) == _flat(expected["issuing_body"])
    dates = expected["dates"]
    # Document keeps 成文/通过 as `adopted`; it has no field for the publication date
    assert doc.adopted == dates["written"]
    assert doc.effective == dates["effective"]
    assert doc.amended == dates["amended"]


@pytest.mark.parametrize("path", EXPECTATIONS, ids=IDS)
def test_unit_labels(path: Path) -> None:
    expected = _expected(path)
    labels = [u.label for u in _units(_document(path))]
    assert labels == expected["units"] + expected.get("attachment_units", [])


@pytest.mark.parametrize("path", EXPECTATIONS, ids=IDS)
def test_unit_text(path: Path) -> None:
    expected = _expected(path)
    doc = _document(path)
    for key, phrases in expected["phrases"].items():
        text = _flat(_unit(doc, key).text)
        for phrase in phrases:
            assert _flat(phrase) in text, (key, phrase)
    for key, phrases in expected.get("not_in", {}).items():
        text = _flat(_unit(doc, key).text)
        for phrase in phrases:
            assert _flat(phrase) not in text, (key, phrase)
    for key, title in expected.get("titles", {}).items():
        assert _flat(_unit(doc, key).title) == _flat(title), key
    everything = _flat("\n".join(u.text for u in doc.units()))
    for phrase in expected.get("everywhere", []):
        assert _flat(phrase) in everything, phrase


@pytest.mark.parametrize("path", EXPECTATIONS, ids=IDS)
def test_no_chrome_in_units(path: Path) -> None:
    expected = _expected(path)
    everything = _flat("\n".join(u.text for u in _document(path).units()))
    for chrome in expected["absent"]:
        assert _flat(chrome) not in everything, chrome


@pytest.mark.parametrize("path", [p for p in EXPECTATIONS if "paths" in _expected(p)],
                         ids=[i for p, i in zip(EXPECTATIONS, IDS) if "paths" in _expected(p)])
def test_heading_paths(path: Path) -> None:
    doc = _document(path)
    for key, headings in _expected(path)["paths"].items():
        assert [_heading(h) for h in _unit(doc, key).path] == [_heading(h) for h in headings], key


@pytest.mark.parametrize("path", [p for p in EXPECTATIONS if "table_rows" in _expected(p)],
                         ids=[i for p, i in zip(EXPECTATIONS, IDS) if "table_rows" in _expected(p)])
def test_table_rows(path: Path) -> None:
    """Every row a full list of cells (merged cells written out), joined with " | " in the text."""
    text = _flat(_document(path).text)
    for cells in _expected(path)["table_rows"]:
        assert _flat(" | ".join(cells)) in text, cells[:3]
