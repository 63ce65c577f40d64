"""Benchmark: OCR throughput on scanned A4 pages at 200 dpi (2 worker processes on 2 cores).

Pages are typeset from the corpus (土地管理法, 34 lines of ~30 characters each), rendered as
200-dpi greyscale scans with the WenQuanYi font, and read back with `ingest.load`.
Usage: python bench/bench_ocr.py [--pages 8]
"""
from __future__ import annotations

import argparse
import difflib
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def main() -> None:
    from docmaker import make_scanned_pdf, paginate, scan_pages, wrap

    from ingest import load

    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=8)
    args = parser.parse_args()
    source = (ROOT / "corpus" / "laws" / "土地管理法_2019-08-26.md").read_text(encoding="utf-8")
    paras = [p for p in source.split("\n") if p.startswith("第") and "条" in p[:8]]
    lines = wrap(paras, 30, indent=True)
    pages = paginate(lines, 34)[:args.pages]
    with tempfile.TemporaryDirectory() as d:
        path = make_scanned_pdf(Path(d) / "scan.pdf", scan_pages(pages, dpi=200))
        t = time.perf_counter()
        doc = load(path)
        seconds = time.perf_counter() - t
    expected = re.sub(r"\s", "", "".join(line for page in pages for line in page))
    got = re.sub(r"\s", "", "".join(c.text for c in doc.units()))
    acc = difflib.SequenceMatcher(None, expected, got, autojunk=False).ratio()
    print("| measure | figure |\n|---|---|")
    print(f"| scanned pages (A4, 200 dpi, ~1,000 characters each) | {len(pages)} |")
    print(f"| time to load (render + OCR + parse) | {seconds:.1f} s |")
    print(f"| throughput | {len(pages) / seconds * 60:.1f} pages/min |")
    print(f"| character accuracy | {acc:.3f} |")
    print(f"| mean recognition confidence | {sum(doc.ocr_pages.values()) / len(doc.ocr_pages):.3f} |")


if __name__ == "__main__":
    main()
