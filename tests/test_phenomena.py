"""Real-document phenomena (issue 14): one fixture of each kind in tests/fixtures/phenomena,
checked against an expectation written from the document, not from the parser's output.

Each `<name>.expected.json` holds (keys absent or null are not asserted):
  file, title, kind, doc_number, issuing_body, dates {Document attribute: YYYY-MM-DD}, ocr
  (OcrOptions fields); units: the clause labels in order; titles / paths: one entry per unit
  (null = unchecked); pages {label: file page}; phrases {label or label@n: [...]} that must
  stand verbatim in that unit (label@n = the n-th unit with that label); once: phrases found
  exactly once over all units; absent: strings in no unit's text, label, title or path;
  absent_from_clauses: strings in no clause's text (the preamble may hold them);
  absent_patterns: regular expressions matching no unit's text; max_unit_share: the largest
  unit's share of the document text; table_rows: full cell lists, each found in the text as
  " | ".join(cells) (in the text of table_unit when given).
"""
from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import ingest

FIXTURES = Path(__file__).parent / "fixtures" / "phenomena"
NAMES = sorted(p.name[: -len(".expected.json")] for p in FIXTURES.glob("*.expected.json"))
TABLES = [n for n in NAMES
          if json.loads((FIXTURES / f"{n}.expected.json").read_text(encoding="utf-8")).get("table_rows")]


def _spaces(text: str) -> str:
    """Runs of whitespace (ideographic spaces too) as one ASCII space: 第一章　总则 = 第一章 总则."""
    return re.sub(r"\s+", " ", text).strip()


@cache
def _loaded(name: str) -> tuple[dict[str, Any], ingest.Document]:
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    ocr = ingest.OcrOptions(**expected["ocr"]) if expected.get("ocr") else None
    return expected, ingest.load(FIXTURES / expected["file"], ocr=ocr)


def _unit_keys(labels: list[str]) -> list[str]:
    """label for a label that occurs once, label@n for the n-th of a repeated label."""
    keys, seen = [], {}
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        keys.append(label if labels.count(label) == 1 else f"{label}@{seen[label]}")
    return keys


def _problems(expected: dict[str, Any], doc: ingest.Document) -> list[str]:
    problems: list[str] = []

    def check(ok: bool, message: str) -> None:
        if not ok:
            problems.append(message)

    for field in ("title", "kind", "doc_number", "issuing_body"):
        want = expected.get(field)
        if want is not None:
            got = getattr(doc, field)
            check(_spaces(got) == _spaces(want), f"{field}: {got!r}, expected {want!r}")
    for field, want in (expected.get("dates") or {}).items():
        check(getattr(doc, field) == want, f"{field}: {getattr(doc, field)!r}, expected {want!r}")

    clauses = list(doc.clauses)
    labels = [c.label for c in clauses]
    check(labels == expected["units"], f"units: {labels}, expected {expected['units']}")
    # the per-unit checks below run only where the labels came out right
    aligned = labels == expected["units"]
    if aligned:
        for clause, want in zip(clauses, expected.get("titles") or [None] * len(clauses)):
            if want is not None:
                check(_spaces(clause.title) == want, f"{clause.label} title: {clause.title!r}, expected {want!r}")
        for clause, want in zip(clauses, expected.get("paths") or [None] * len(clauses)):
            if want is not None:
                got = [_spaces(p) for p in clause.path]
                check(got == want, f"{clause.label} path: {list(clause.path)}, expected {want}")
    by_key = dict(zip(_unit_keys(labels), clauses))
    for label, page in (expected.get("pages") or {}).items():
        clause = by_key.get(label)
        check(clause is not None and clause.page == page,
              f"{label} page: {clause.page if clause else 'no such unit'}, expected {page}")
    for key, phrases in (expected.get("phrases") or {}).items():
        clause = by_key.get(key)
        for phrase in phrases:
            check(clause is not None and phrase in clause.text,
                  f"{key}: {phrase!r} not in {clause.text[:300] if clause else 'no such unit'!r}")

    units = doc.units()
    every_text = [u.text for u in units]
    for phrase in expected.get("once") or []:
        count = sum(t.count(phrase) for t in every_text)
        check(count == 1, f"{phrase!r} occurs {count} times over the units, expected once")
    for needle in expected.get("absent") or []:
        for u in units:
            where = [("text", u.text), ("label", u.label), ("title", u.title)] + [("path", p) for p in u.path]
            for part, value in where:
                check(needle not in value, f"{needle!r} in the {part} of {u.label}: {value[:200]!r}")
    for needle in expected.get("absent_from_clauses") or []:
        for c in clauses:
            check(needle not in c.text, f"{needle!r} in {c.label}: {c.text[:200]!r}")
    for pattern in expected.get("absent_patterns") or []:
        for u in units:
            m = re.search(pattern, u.text)
            check(m is None, f"/{pattern}/ matches {m.group(0) if m else ''!r} in {u.label}")
    share = expected.get("max_unit_share")
    if share is not None:
        for u in units:
            check(len(u.text) <= share * len(doc.text),
                  f"{u.label} holds {len(u.text) / max(len(doc.text), 1):.0%} of the document (at most {share:.0%})")
    return problems


@pytest.mark.parametrize("name", NAMES)
def test_fixture_parses_as_its_author_wrote_it(name: str) -> None:
    expected, doc = _loaded(name)
    problems = _problems(expected, doc)
    assert not problems, f"{name}: {len(problems)} problem(s)\n" + "\n".join(problems[:60])


@pytest.mark.parametrize("name", TABLES)
def test_fixture_tables_come_out_as_rows_of_cells(name: str) -> None:
    expected, doc = _loaded(name)
    rows = [" | ".join(cells) for cells in expected["table_rows"]]
    missing = [row for row in rows if row not in doc.text]
    assert not missing, f"{name}: rows not in the text as cells:\n" + "\n".join(missing)
    if expected.get("table_unit"):
        unit = next((c for c in doc.clauses if c.label == expected["table_unit"]), None)
        assert unit is not None, f"no unit {expected['table_unit']}: {[c.label for c in doc.clauses]}"
        outside = [row for row in rows if row not in unit.text]
        assert not outside, f"{name}: rows not in {unit.label}:\n" + "\n".join(outside)


def test_every_fixture_has_an_expectation_and_the_readme_names_it() -> None:
    readme = (FIXTURES / "README.md").read_text(encoding="utf-8")
    documents = sorted(p.name for p in FIXTURES.iterdir()
                       if p.suffix in (".md", ".txt", ".html", ".pdf", ".docx") and p.name != "README.md")
    assert documents == sorted(json.loads((FIXTURES / f"{n}.expected.json").read_text(encoding="utf-8"))["file"]
                               for n in NAMES)
    assert len(documents) == 6
    for document in documents:
        assert document in readme, document
