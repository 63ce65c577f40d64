"""Benchmark: gap check of one large plan (~70 KB) and of a batch of 20 different plans.

Plans are built from the fixtures in tests/fixtures/plans: the large one joins every fixture's
chapters into one document; the batch varies the fixtures (sections removed, villages renamed),
so every plan's passages are new to the embedding cache. Runs in a fresh PLANKB_HOME (empty cache).
Usage: python bench/bench_check.py
"""
from __future__ import annotations

import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PLANS = ROOT / "tests" / "fixtures" / "plans"


def sources() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(PLANS.glob("*")) if p.suffix in (".md", ".txt")]


def unstructured() -> str:
    """A plan without headings (judged by meaning: the expensive path)."""
    return (PLANS / "unstructured_notes.txt.in").read_text(encoding="utf-8")


def large_plan(folder: Path) -> Path:
    parts = []
    for n, text in enumerate(sources() + sources()[:2]):
        parts.append(text.replace("村", f"{'甲乙丙丁戊己庚辛壬癸'[n % 10]}村", 3))
    path = folder / "large_plan.md"
    path.write_text("\n\n".join(parts), encoding="utf-8")
    return path


def batch(folder: Path, n: int = 20) -> list[Path]:
    rng = random.Random(3)
    texts = sources()
    out = []
    for i in range(n):
        text = texts[i % len(texts)]
        paras = [p for p in text.split("\n") if p.strip()]
        keep = [p for p in paras if rng.random() > 0.12 or p.startswith("#")]
        body = "\n\n".join(keep).replace("村", f"{i}号村", 5)
        if i % 5 == 4:  # every fifth plan has no headings or numbering at all: judged by meaning
            plain = [re.sub(r"^(第[一二三四五六七八九十百]+条|[（(][一二三四五六七八九十]+[）)]|\d+(\.\d+)*)\s*", "", p)
                     for p in keep if len(p) > 40 and not p.startswith(("#", "|"))]
            body = "\n\n".join(plain).replace("村", f"{i}号村", 5)
        path = folder / f"plan_{i:02d}{'.md' if text.lstrip().startswith('#') else '.txt'}"
        path.write_text(body, encoding="utf-8")
        out.append(path)
    return out


def main() -> None:
    from gapcheck import check, check_many, load_catalogue
    from index.lifecycle import seed_bundled
    from index.search import Index
    from ingest.settings import Settings

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        settings = Settings.from_env(home=folder / "home")
        seed_bundled(settings)
        index = Index.open(settings)
        t = time.perf_counter()
        catalogue = load_catalogue("village_plan", index)
        load_s = time.perf_counter() - t
        plan = large_plan(folder)
        t = time.perf_counter()
        report = check(plan, catalogue, index, settings)
        one_s = time.perf_counter() - t
        flat = folder / "large_plan_without_headings.txt"
        flat.write_text("\n\n".join(re.sub(r"^(第[一二三四五六七八九十百]+条|\d+(\.\d+)*)\s*", "", p)
                                     for p in "\n".join(sources() * 2).split("\n")
                                     if len(p) > 40 and not p.startswith(("#", "|"))), encoding="utf-8")
        t = time.perf_counter()
        check(flat, catalogue, index, settings)
        flat_s = time.perf_counter() - t
        size_flat = flat.stat().st_size
        plans = batch(folder)
        t = time.perf_counter()
        reports, errors = check_many(plans, catalogue, index, settings)
        batch_s = time.perf_counter() - t
        size_one = plan.stat().st_size
        size_batch = sum(p.stat().st_size for p in plans)
    assert not errors, errors
    print("| measure | figure |\n|---|---|")
    print(f"| load catalogue (resolve 30 basis citations) | {load_s:.2f} s |")
    print(f"| one structured plan, {size_one / 1024:.0f} KB, {len(report.findings)} requirements | {one_s:.2f} s |")
    print(f"| one plan without headings, {size_flat / 1024:.0f} KB (judged by meaning: embeddings) | {flat_s:.2f} s |")
    print(f"| batch of {len(plans)} different plans ({size_batch / 1024:.0f} KB) | "
          f"{batch_s:.1f} s ({batch_s / len(plans):.2f} s per plan) |")


if __name__ == "__main__":
    main()
