"""Measure the gap check on a folder of plan fixtures with written expectations.

The folder holds plans and an `expected.json` (as tests/fixtures/plans_eval/ and
tests/fixtures/plans_calibration/ do): per fixture `is_plan`, the statuses of VP01–VP14,
indicators (base, target, unit, status), 传导 findings (kind, subject), procedure verdicts and figures, and
for Markdown/TXT fixtures the `topics`: passages whose removal must flip exactly their
requirement. An optional `upper` entry names a plan, an allocation file and what it adds.

`evaluate_plans(folder, index)` runs the checker and counts agreements; it never changes a
threshold. A folder with a `passages.jsonl` instead (one passage per line: requirement,
sub-item, expect, chapter, article, passage) is scored passage by passage by
`evaluate_passages`: each passage alone in a one-passage plan, credited or not for its sub-item.
`python -m gapcheck.evaluate FOLDER` prints the figures (the README quotes them).
"""
from __future__ import annotations

import json
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest import load
from ingest.errors import UnreadableDocument

if TYPE_CHECKING:
    from index.search import Index

    from .report import Report

TOLERANCE = 0.011   # values are compared as printed, to two decimals


@dataclass
class Tally:
    """How many of a kind of expectation the checker met, and the ones it did not."""

    met: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, what: str) -> None:
        self.total += 1
        self.met += ok
        if not ok:
            self.misses.append(what)

    @property
    def share(self) -> float:
        return self.met / self.total if self.total else 1.0

    def line(self, name: str) -> str:
        return f"{name}: {self.met}/{self.total} ({self.share:.2f})"


@dataclass
class PlanEval:
    statuses: Tally = field(default_factory=Tally)
    removals: Tally = field(default_factory=Tally)
    indicators: Tally = field(default_factory=Tally)
    transmission: Tally = field(default_factory=Tally)
    extra_transmission: list[str] = field(default_factory=list)
    procedure: Tally = field(default_factory=Tally)
    procedure_figures: Tally = field(default_factory=Tally)
    not_plans: Tally = field(default_factory=Tally)
    upper: Tally = field(default_factory=Tally)

    def tallies(self) -> dict[str, Tally]:
        return {"statuses": self.statuses, "topic removals": self.removals, "indicators": self.indicators,
                "transmission": self.transmission, "procedure": self.procedure,
                "procedure figures": self.procedure_figures, "not plans": self.not_plans,
                "upper plan": self.upper}

    def report(self) -> str:
        lines = [t.line(name) for name, t in self.tallies().items()]
        lines.append(f"transmission findings not expected: {len(self.extra_transmission)}")
        for name, t in self.tallies().items():
            lines += [f"  miss ({name}): {m}" for m in t.misses]
        lines += [f"  extra (transmission): {m}" for m in self.extra_transmission]
        return "\n".join(lines)


def _check(path: Path, index: Index, upper: Path | None = None) -> Report:
    from . import check
    return check(path, None, index, upper=upper)


def _statuses(report: Report) -> dict[str, str]:
    return {f.requirement.id: f.status for f in report.findings}


def _close(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= TOLERANCE


def _same_subject(a: str, b: str) -> bool:
    a, b = a.replace(" ", ""), b.replace(" ", "")
    return bool(a and b) and (a in b or b in a)


def _score_plan(name: str, want: dict[str, Any], report: Report, out: PlanEval) -> None:
    got = _statuses(report)
    for rid, status in (want.get("requirements") or {}).items():
        if isinstance(status, dict):   # the calibration sets write {"status": …, "missing_sub_items": […]}
            status = status["status"]
        out.statuses.add(got.get(rid) == status, f"{name} {rid}: {got.get(rid)} (expected {status})")
    read = {i.name: i for i in report.indicators}
    for ind, exp in (want.get("indicators") or {}).items():
        i = read.get(ind)
        ok = i is not None and _close(i.base, exp.get("base")) and _close(i.target, exp.get("target")) \
            and i.status == exp.get("status")
        seen = f"{i.base}/{i.target} {i.status}" if i is not None else "not read"
        out.indicators.add(ok, f"{name} {ind}: {seen} (expected {exp.get('base')}/{exp.get('target')} {exp.get('status')})")
    found = [(t.kind, t.subject) for t in report.transmission]
    # a goal the writer names by what it states (发展藏式家庭旅馆) that the plan names otherwise (文旅融合)
    stated = [t.evidence if t.kind.startswith("goal_") else "" for t in report.transmission]
    matched: set[int] = set()
    for exp in want.get("transmission") or []:
        hit = next((k for k, (kind, subject) in enumerate(found)
                    if k not in matched and kind == exp["kind"] and (_same_subject(subject, exp["subject"])
                                                                    or exp["subject"] in stated[k])), None)
        if hit is not None:
            matched.add(hit)
        out.transmission.add(hit is not None, f"{name} {exp['kind']} {exp['subject']}")
    out.extra_transmission += [f"{name} {kind} {subject}" for k, (kind, subject) in enumerate(found)
                               if k not in matched]
    proc = want.get("procedure") or {}
    if proc and report.procedure is not None:
        for part, key in (("meeting", "meeting"), ("publicity", "publicity")):
            got_status = getattr(report.procedure, part).status
            out.procedure.add(got_status == proc.get(key), f"{name} {part}: {got_status} (expected {proc.get(key)})")
        m, pub = report.procedure.meeting, report.procedure.publicity
        figures: dict[str, int | str | None] = {
            "members": m.total, "attended": m.attended, "votes_for": m.votes_for, "meeting_date": m.date,
            "publicity_start": pub.start, "publicity_end": pub.end, "publicity_days": pub.days}
        for key, value in figures.items():   # each figure the record gives, as read
            if proc.get(key) is not None:
                out.procedure_figures.add(value == proc[key], f"{name} {key}: {value} (expected {proc[key]})")


def _removals(name: str, path: Path, want: dict[str, Any], baseline: dict[str, str], index: Index,
              out: PlanEval) -> None:
    text = path.read_text(encoding="utf-8")
    for rid, topic in (want.get("topics") or {}).items():
        cut = text
        for passage in topic["passages"]:
            cut = cut.replace(passage, "")
        with tempfile.TemporaryDirectory() as tmp:
            variant = Path(tmp) / path.name
            variant.write_text(cut, encoding="utf-8")
            try:
                got = _statuses(_check(variant, index))
            except UnreadableDocument as exc:   # the passages were most of the plan: nothing left to check
                out.removals.add(False, f"{name} without {rid}: the rest cannot be read ({exc})")
                continue
        others = [r for r in baseline if r != rid and got.get(r) != baseline[r]]
        ok = got.get(rid) == topic["after_removal"] and not others
        out.removals.add(ok, f"{name} without {rid}: {got.get(rid)} (expected {topic['after_removal']})"
                             + (f", also changed {', '.join(others)}" if others else ""))


def evaluate_plans(folder: Path, index: Index, removals: bool = True) -> PlanEval:
    """Run the checker on every fixture of `folder` and count what agrees with expected.json."""
    folder = Path(folder)
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    fixtures: dict[str, Any] = expected.get("fixtures", expected)
    out = PlanEval()
    for name, want in fixtures.items():
        if not isinstance(want, dict) or not (folder / name).exists():
            continue
        report = _check(folder / name, index)
        if want.get("is_plan") is False:
            out.not_plans.add(not report.is_plan and not report.findings and not report.indicators,
                              f"{name}: is_plan={report.is_plan}, {len(report.findings)} findings")
            continue
        out.not_plans.add(report.is_plan, f"{name}: a plan reported as not a plan ({report.not_plan_reasons})")
        _score_plan(name, want, report, out)
        if removals and want.get("topics") and (folder / name).suffix.lower() in (".md", ".txt"):
            _removals(name, folder / name, want, _statuses(report), index, out)
    upper = expected.get("upper")
    if upper:
        report = _check(folder / upper["plan"], index, upper=folder / upper["file"])
        found = [(t.kind, t.subject) for t in report.transmission]
        for exp in upper.get("transmission_added", []):
            out.upper.add(any(k == exp["kind"] and _same_subject(s, exp["subject"]) for k, s in found),
                          f"{upper['plan']} {exp['kind']} {exp['subject']}")
        read = {i.name: i.status for i in report.indicators}
        for ind, status in (upper.get("indicator_status") or {}).items():
            out.upper.add(read.get(ind) == status, f"{upper['plan']} {ind}: {read.get(ind)} (expected {status})")
        got = _statuses(report)
        for rid, status in (upper.get("requirements") or {}).items():
            out.upper.add(got.get(rid) == status, f"{upper['plan']} {rid}: {got.get(rid)} (expected {status})")
    return out


@dataclass
class PassageEval:
    """Sub-items found in single passages: `found` counts the passages written as real content of
    their sub-item that the matcher credits it for, `rejected` those written as bare mentions
    (a 目录 line, a task list, a neighbour's content) that it does not."""

    found: Tally = field(default_factory=Tally)
    rejected: Tally = field(default_factory=Tally)

    def report(self) -> str:
        lines = [self.found.line("sub-items found"), self.rejected.line("bare mentions rejected")]
        lines += [f"  miss (found): {m}" for m in self.found.misses]
        lines += [f"  miss (rejected): {m}" for m in self.rejected.misses]
        return "\n".join(lines)


_CHAPTER = re.compile(r"^\s*第[一二三四五六七八九十百零〇0-9]+章\s*")
_ARTICLE = re.compile(r"^\s*第[一二三四五六七八九十百零〇0-9]+条\s*")


_PASSAGE_PLAN_TITLE = "某某县某某镇青山村村庄规划（2021—2035年）"


def passage_plan(item: dict[str, Any]) -> str:
    """A one-passage plan: a title, the chapter and article the passage stands under (numbered as
    the plan's first, so that they parse as a chapter and an article), the passage; a table given
    on one line (名称 | 位置；古井 | 下街) has its rows on lines of their own."""
    chapter = _CHAPTER.sub("", item.get("chapter") or "总则").strip() or "总则"
    article = (item.get("article") or "").strip()
    passage = item["passage"].strip()
    if " | " in passage:
        passage = re.sub(r"[；;]\s*(?=[^；;]* \| )", "\n", passage)
        first = passage.split("\n", 1)[0]
        if re.search(r"\d", first):   # a data row given without its table's header: a plain one over it
            names = ["名称", "位置", "内容", "方式", "时间", "备注", "其他", "说明"]
            passage = " | ".join(names[:first.count(" | ") + 1]) + "\n" + passage
    if chapter == "目录":   # a contents page (its entries a line each), over a body that says nothing
        passage = re.sub(r"[；;]\s*", "\n", passage)
        return (f"{_PASSAGE_PLAN_TITLE}\n\n目录\n{passage}\n\n第一章 总则\n\n"
                "第一条 编制目的\n为推进乡村振兴，编制本规划。\n")
    article = "第一条 " + (_ARTICLE.sub("", article) or chapter)   # 近期建设项目表 too: a unit of its own
    return f"{_PASSAGE_PLAN_TITLE}\n\n第一章 {chapter}\n\n{article}\n{passage}\n"


def evaluate_passages(folder: Path, index: Index) -> PassageEval:
    """Run the evidence matcher on each passage of `folder`/passages.jsonl, alone in a one-passage
    plan, and count where the sub-item it names is credited as written."""
    from . import _Similarity, load_catalogue
    from .evidence import find_evidence, sub_items
    from .match import tuning_for

    catalogue = load_catalogue("village_plan", index)
    tuning = tuning_for(index.embedder_name)
    similarity = _Similarity(index)
    reqs = similarity.requirements(catalogue.requirements) if tuning.by_meaning else None
    out = PassageEval()
    items = [json.loads(x) for x in (Path(folder) / "passages.jsonl").read_text(encoding="utf-8").splitlines()
             if x.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        for item in items:
            path = Path(tmp) / "plan.txt"
            path.write_text(passage_plan(item), encoding="utf-8")
            credited: set[str] = set()
            try:
                doc = load(path)
            except UnreadableDocument:   # nothing left to read: no sub-item credited
                doc = None
            if doc is not None:
                found = find_evidence(doc, catalogue.requirements, tuning,
                                      similarity.passages if tuning.by_meaning else None, reqs)
                credited = {str(s["name"]) for req, f in zip(catalogue.requirements, found)
                            if req.id == item["requirement"] for s in sub_items(f) if s["found"]}
            what = f"{item['id']} {item['requirement']} {item['sub_item']}: {item['passage'][:50]}"
            if item["expect"]:
                out.found.add(item["sub_item"] in credited, what)
            else:
                out.rejected.add(item["sub_item"] not in credited, what)
    return out


def main(argv: list[str]) -> int:
    import argparse

    from ingest.settings import Settings

    from .catalogue import bundled_index
    parser = argparse.ArgumentParser(prog="python -m gapcheck.evaluate",
                                     description="Score the gap check against a folder's expected.json.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--no-removals", action="store_true", help="skip the topic-removal variants (faster)")
    args = parser.parse_args(argv)
    if (args.folder / "passages.jsonl").is_file():
        print(evaluate_passages(args.folder, bundled_index(Settings.from_env())).report())
        return 0
    if not (args.folder / "expected.json").is_file():
        parser.error(f"{args.folder}: no expected.json or passages.jsonl")
    index = bundled_index(Settings.from_env())
    print(evaluate_plans(args.folder, index, removals=not args.no_removals).report())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
