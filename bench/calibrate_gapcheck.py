"""Calibrate the gap check's evidence thresholds (gapcheck.match.MatchTuning) on the calibration set.

The calibration set is tests/fixtures/plans_calibration/ (never the held-out evaluation plans).
Its expected.json gives every plan's status per requirement and, per requirement, the passages
carrying it (`topics`): deleting them must flip exactly that requirement to `after_removal`,
every other requirement keeping the status it had.

For every plan and every removal (MD/TXT: the passages deleted from the text; DOCX/PDF: deleted
from the source under sources/ and the file rebuilt by make_fixtures.py) the script runs the
full check once (for the indicator and procedure conflicts, which no threshold changes), then
re-judges the evidence under each candidate MatchTuning with the same passage vectors (cached).

Figures printed per candidate:
  statuses   requirement statuses of the four plans equal to expected.json (of 56);
  flips      removals where the removed requirement gets its `after_removal` status and no other
             requirement's status changes against the full plan's (of the removals with passages);
  strict     the same, the others also equal to expected.json.

Usage: python bench/calibrate_gapcheck.py [--home DIR] [--explain] [--only CANDIDATE]
  --home     PLANKB_HOME for the embedding cache (default: a fresh temporary folder);
  --explain  for the chosen setting, list every wrong status with where its sub-items were found.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CAL = ROOT / "tests" / "fixtures" / "plans_calibration"
sys.path.insert(0, str(CAL))


@dataclass
class Case:
    plan: str
    removed: str          # "" for the whole plan, else the requirement whose passages are deleted
    doc: object           # ingest.Document
    conflicts: set[str]   # requirements the full check reports as conflict (indicators, procedure)
    missing_quotes: int   # topic passages not found in the text (a mistake in the set or here)


def _text_without(text: str, quotes: list[str]) -> tuple[str, int]:
    missing = 0
    for q in sorted(quotes, key=len, reverse=True):
        if q in text:
            text = text.replace(q, "")
        elif q.rstrip("\n") in text:
            text = text.replace(q.rstrip("\n"), "")
        else:
            missing += 1
    return text, missing


def _specs(folder: Path) -> dict:  # type: ignore[type-arg]
    """A folder's expected.json as {file: spec with requirements {VP: {status, missing_sub_items}}}:
    the calibration sets' form, or the first test set's (plans_eval: `fixtures`, statuses as
    strings, missing sub-items apart), which is calibration data since it was retired."""
    data = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    if "fixtures" not in data:
        return data  # type: ignore[no-any-return]
    out = {}
    for name, spec in data["fixtures"].items():
        if not spec.get("is_plan", True) or not isinstance(spec.get("requirements"), dict):
            continue
        missing = spec.get("missing_sub_items", {})
        out[name] = {**spec, "requirements": {rid: {"status": st, "missing_sub_items": missing.get(rid, [])}
                                              for rid, st in spec["requirements"].items()}}
    return out


def cases(expected: dict, folder: Path, check_full, source: Path = CAL) -> Iterator[Case]:  # type: ignore[no-untyped-def, type-arg]
    from make_fixtures import build_docx, build_pdf  # type: ignore[import-not-found]

    from ingest import load
    from ingest.errors import PlanKBError

    for name, spec in expected.items():
        if not spec.get("requirements"):
            continue
        source_name = spec.get("topics_source")
        if not source_name and Path(name).suffix in (".docx", ".pdf", ".html") and (source / name).exists():
            doc = load(source / name)   # a binary or HTML plan of its own: the whole plan only
            report = check_full(doc)
            yield Case(name, "", doc, {f.requirement.id for f in report.findings if f.status == "conflict"}, 0)
            continue
        text_of = (source / (source_name or name)).read_text(encoding="utf-8")
        variants = [("", [])] + [(rid, t["passages"]) for rid, t in spec.get("topics", {}).items() if t["passages"]]
        for rid, quotes in variants:
            text, missing = _text_without(text_of, quotes)
            path = folder / (f"{Path(name).stem}_{rid or 'full'}{Path(name).suffix}")
            if name.endswith(".docx"):
                build_docx(text, path)
            elif name.endswith(".pdf"):
                build_pdf(text, path)
            else:
                path.write_text(text, encoding="utf-8")
            try:
                doc = load(path)
            except PlanKBError as exc:   # nothing left to read once the topic is gone
                print(f"warning: {name} −{rid}: {exc}")
                continue
            report = check_full(doc)
            yield Case(name, rid, doc, {f.requirement.id for f in report.findings if f.status == "conflict"}, missing)


def judge(case: Case, requirements, tuning, embed, vectors) -> tuple[dict[str, str], dict]:  # type: ignore[no-untyped-def, type-arg]
    """Statuses of one case under `tuning`, and where each requirement's sub-items were found."""
    from gapcheck.evidence import find_evidence
    from gapcheck.match import status_of

    found = find_evidence(case.doc, requirements, tuning, embed, vectors)  # type: ignore[arg-type]
    statuses = {f.requirement.id: ("conflict" if f.requirement.id in case.conflicts else status_of(f.coverage, tuning))
                for f in found}
    return statuses, {f.requirement.id: f for f in found}


def _where(found, rid: str) -> str:  # type: ignore[no-untyped-def]
    return "".join(f"\n      {name}: {p.where} «{p.text[:60]}»" for name, p in found[rid].where.items() if p is not None)


def score(all_cases: list[Case], expected: dict, requirements, tuning, embed, vectors,  # type: ignore[no-untyped-def, type-arg]
          explain: bool = False) -> tuple[int, int, int, int, int, int]:
    judged = {(c.plan, c.removed): judge(c, requirements, tuning, embed, vectors) for c in all_cases}
    got = {k: v[0] for k, v in judged.items()}
    statuses = total = flips = strict = removals = 0
    for c in all_cases:
        spec = expected[c.plan]
        want = {rid: r["status"] for rid, r in spec["requirements"].items()}
        mine = got[(c.plan, c.removed)]
        if not c.removed:
            total += len(want)
            statuses += sum(mine[r] == want[r] for r in want)
            if explain:
                for r in want:
                    if mine[r] != want[r]:
                        print(f"  status {c.plan} {r}: {mine[r]} (expected {want[r]})" + _where(judged[(c.plan, "")][1], r))
            continue
        removals += 1
        full = got[(c.plan, "")]
        target = spec["topics"][c.removed]["after_removal"]
        others = {r for r in mine if r != c.removed and mine[r] != full[r]}
        ok = mine[c.removed] == target and not others
        flips += ok
        strict += ok and all(mine[r] == want[r] for r in mine if r != c.removed)
        if explain and not ok:
            print(f"  removal {c.plan} −{c.removed}: {mine[c.removed]} (want {target})"
                  + (f"; also changed {', '.join(f'{r} {full[r]}→{mine[r]}' for r in sorted(others))}" if others else "")
                  + _where(judged[(c.plan, c.removed)][1], c.removed)
                  + "".join(_where(judged[(c.plan, c.removed)][1], r) for r in sorted(others)))
    return statuses, total, flips, removals, strict, removals



def _norm(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace() and ch not in "|")


def decisions(all_cases: list[Case], expected: dict, requirements, tuning, embed, vectors) -> None:  # type: ignore[no-untyped-def, type-arg]
    """Every decision on a passage of a whole plan that its heading did not settle, with whether
    the passage is one of that requirement's topic passages in expected.json (true/false)."""
    from gapcheck.evidence import Decision, find_evidence

    print("\nplan  requirement  reason  cos  top-cos  named  credited  topic?  passage")
    for c in all_cases:
        if c.removed:
            continue
        topics = {rid: [_norm(x) for x in t["passages"]] for rid, t in expected[c.plan].get("topics", {}).items()}
        trace: list[Decision] = []
        find_evidence(c.doc, requirements, tuning, embed, vectors, trace)  # type: ignore[arg-type]
        for d in trace:
            if d.reason == "heading":
                continue
            text = _norm(d.passage.text)
            key = text[:14]
            mine = any(key in t or t[:14] in text for t in topics.get(d.requirement, []))
            print(f"{c.plan[:7]} {d.requirement} {d.reason:11} {d.cos if d.cos is not None else float('nan'):.3f} "
                  f"{d.top if d.top is not None else float('nan'):.3f} {','.join(d.named) or '-':9} "
                  f"{','.join(d.credited) or '-':12} {'TRUE ' if mine else 'false'} {d.passage.text[:50]}")


def candidates(base):  # type: ignore[no-untyped-def]
    """The settings tried: each threshold varied on its own around `base` (the chosen setting)."""
    out = [base]
    out += [replace(base, covered=c) for c in (0.5, 0.6, 0.67, 0.75, 0.8) if c != base.covered]
    out += [replace(base, sim_match=v) for v in (None, 0.75, 0.8, 0.82, 0.88, 0.9, 0.92, 0.94) if v != base.sim_match]
    out += [replace(base, margin=v) for v in (0.0, 0.01, 0.03, 0.05, 0.08) if v != base.margin]
    out += [replace(base, specific_margin=v) for v in (0.0, 0.02, 0.03, 0.06, 0.08, 0.1) if v != base.specific_margin]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sets", nargs="*", type=Path, default=[CAL],
                        help="calibration folders (default: tests/fixtures/plans_calibration)")
    parser.add_argument("--home", type=Path, default=None)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--quick", action="store_true", help="only the current setting")
    parser.add_argument("--covered", type=float, default=None, help="explain this coverage threshold instead of the current")
    parser.add_argument("--sim", type=float, default=None, help="explain this cosine threshold instead of the current")
    parser.add_argument("--decisions", action="store_true",
                        help="every decision a heading did not settle, against the topic passages")
    args = parser.parse_args()

    from gapcheck import _Similarity, check
    from gapcheck.catalogue import bundled_index, load_catalogue
    from gapcheck.match import tuning_for
    from ingest.settings import Settings

    expected: dict = {}  # type: ignore[type-arg]
    for folder in args.sets:
        expected |= {name: (folder, spec) for name, spec in _specs(folder).items()}
    with tempfile.TemporaryDirectory() as scratch:
        home = args.home or Path(scratch) / "home"
        index = bundled_index(Settings.from_env(home=home))
        catalogue = load_catalogue("village_plan", index)
        similarity = _Similarity(index)
        vectors = similarity.requirements(catalogue.requirements)
        memo: dict[str, np.ndarray] = {}

        def embed(texts: list[str]) -> np.ndarray:
            new = [t for t in dict.fromkeys(texts) if t not in memo]
            if new:
                memo.update(zip(new, similarity.passages(new)))
            return np.vstack([memo[t] for t in texts])

        folder = Path(scratch) / "plans"
        folder.mkdir()
        all_cases = [c for src in args.sets for c in
                     cases({n: spec for n, (f, spec) in expected.items() if f == src}, folder,
                           lambda d: check(d, catalogue, index, similarity=similarity), src)]
        expected = {n: spec for n, (_, spec) in expected.items()}
        lost = sum(c.missing_quotes for c in all_cases)
        if lost:
            print(f"warning: {lost} topic passages not found in their text")
        road = expected.get("road_project_note.txt")
        if road:
            report = check(CAL / "road_project_note.txt", catalogue, index, similarity=similarity)
            print(f"negative control road_project_note.txt: is_plan {report.is_plan} (expected {road['is_plan']})")
        current = tuning_for(index.embedder_name)
        if args.covered is not None:
            current = replace(current, covered=args.covered)
        if args.sim is not None:
            current = replace(current, sim_match=args.sim)
        print(f"embedder {index.embedder_name}; current {current}")
        print("covered  sim_match  margin  specific_margin |  statuses  flips  strict")
        tried = [current] if args.quick else candidates(current)
        for t in tried:
            s, total, flips, removals, strict, _ = score(all_cases, expected, catalogue.requirements, t, embed, vectors)
            print(f"{t.covered:7.2f}  {str(t.sim_match):>9}  {t.margin:6.2f}  {t.specific_margin:15.2f} |"
                  f"  {s:3d}/{total}  {flips:2d}/{removals}  {strict:2d}/{removals}")
        if args.decisions:
            decisions(all_cases, expected, catalogue.requirements, current, embed, vectors)
        if args.explain:
            print(f"\nwrong under the current setting {current}:")
            score(all_cases, expected, catalogue.requirements, current, embed, vectors, explain=True)
        index.close()


if __name__ == "__main__":
    main()
