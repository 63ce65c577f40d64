"""Split units longer than the embedder takes (~500 characters) on sentence boundaries."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from .clause import Clause

MAX_CHARS = 500
_SENTENCE_RE = re.compile(r"[^。；！？\n]*(?:[。；！？][”’」』）)]*|\n|$)")


def _sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _SENTENCE_RE.finditer(text):
        if m.end() > m.start():
            spans.append((m.start(), m.end()))
    return spans


def split_clause(clause: Clause, max_chars: int = MAX_CHARS) -> list[Clause]:
    """Split one clause into parts of at most `max_chars`, each ending at a sentence end.

    Every part keeps the label, title and heading path; `part` is 1-based and offsets
    stay absolute. A single sentence longer than `max_chars` is cut at a comma, or hard.
    """
    text = clause.text
    if len(text) <= max_chars:
        return [clause]
    pieces: list[tuple[int, int]] = []
    for s, e in _sentences(text):
        while e - s > max_chars:  # an over-long sentence: cut at the last comma that fits
            window = text[s:s + max_chars]
            cut = max(window.rfind("，"), window.rfind("、"), window.rfind(","))
            cut = s + (cut + 1 if cut > max_chars // 3 else max_chars)
            pieces.append((s, cut))
            s = cut
        pieces.append((s, e))
    groups: list[tuple[int, int]] = []
    for s, e in pieces:
        if groups and e - groups[-1][0] <= max_chars:
            groups[-1] = (groups[-1][0], e)
        else:
            groups.append((s, e))
    parts = len(groups)
    return [replace(clause, text=text[s:e], start=clause.start + s, end=clause.start + e,
                    part=n, parts=parts)
            for n, (s, e) in enumerate(groups, start=1)]


def split_clauses(clauses: Iterable[Clause], max_chars: int = MAX_CHARS) -> list[Clause]:
    """Split every clause that is too long; short ones pass through unchanged."""
    return [part for c in clauses for part in split_clause(c, max_chars)]
