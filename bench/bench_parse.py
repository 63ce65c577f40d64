"""Benchmark: parse the whole bundled corpus (and the sample paper) with ingest.load, and the cost
of reading printed plans' tables (ruled or not) in PDFs against pypdf's text alone.

Usage: python bench/bench_parse.py [--runs 3]
Prints a Markdown table; the README quotes its figures.
"""
from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    t0 = time.perf_counter()
    from ingest import load, load_many
    import_s = time.perf_counter() - t0
    files = sorted((ROOT / "corpus").rglob("*.md"))
    files = [f for f in files if f.name != "SOURCES.md"]
    size = sum(f.stat().st_size for f in files)
    times = []
    for _ in range(args.runs):
        t = time.perf_counter()
        docs, errors = load_many(files)
        times.append(time.perf_counter() - t)
    assert not errors, errors
    clauses = sum(len(d.clauses) for d in docs)
    sample = ROOT / "tests" / "data" / "城乡规划与乡村振兴融合发展探究.txt"
    t = time.perf_counter()
    load(sample)
    sample_s = time.perf_counter() - t
    best = min(times)
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}")
    print("| what | figure |")
    print("|---|---|")
    print(f"| corpus | {len(docs)} documents, {size / 1e6:.1f} MB, {clauses} clauses |")
    print(f"| parse whole corpus (best of {args.runs}) | {best:.2f} s |")
    print(f"| parse whole corpus (median) | {statistics.median(times):.2f} s |")
    print(f"| throughput | {clauses / best:,.0f} clauses/s, {size / 1e6 / best:.1f} MB/s |")
    print(f"| sample paper (16 KB, PDF-extracted text) | {sample_s * 1000:.0f} ms |")
    print(f"| import ingest | {import_s * 1000:.0f} ms |")
    pdfs = sorted((ROOT / "tests" / "fixtures" / "projects_calibration6").glob("*.pdf"))
    if pdfs:
        import pypdf

        pages = sum(len(pypdf.PdfReader(f).pages) for f in pdfs)
        t = time.perf_counter()
        for f in pdfs:
            for page in pypdf.PdfReader(f).pages:
                page.extract_text()
        text_s = time.perf_counter() - t
        t = time.perf_counter()
        for f in pdfs:
            load(f)
        load_s = time.perf_counter() - t
        print(f"| {len(pdfs)} printed plan PDFs, {pages} pages, tables without rules | "
              f"{load_s:.2f} s with tables ({load_s / pages * 1000:.0f} ms/page), pypdf text alone {text_s:.2f} s |")


if __name__ == "__main__":
    main()
