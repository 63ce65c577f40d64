"""Same plan, same result (issue 15.7) on the held-out evaluation plans: each plan written in
plan_texts.py's markup is laid out as DOCX, text PDF, HTML and Markdown, and all four must give
the same statuses and the same indicators (base, target, unit, status)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from gapcheck import bundled_index, check, load_catalogue
from ingest.settings import Settings

EVAL = Path(__file__).parent / "fixtures" / "plans_eval"
sys.path.insert(0, str(EVAL))
import make_plans  # noqa: E402
import plan_texts  # noqa: E402

PLANS = {"zhejiang": (plan_texts.ZHEJIANG, plan_texts.ZHEJIANG_TITLE),
         "sichuan": (plan_texts.SICHUAN, plan_texts.SICHUAN_TITLE),
         "hunan": (plan_texts.HUNAN, plan_texts.HUNAN_TITLE)}


def markdown(blocks: list[make_plans.Block]) -> str:
    """The plan as a converter writes Markdown: headings, plain lines, pipe tables with merged
    cells repeated."""
    out: list[str] = []
    for b in blocks:
        if b.kind == "title":
            out.append(f"# {b.text}")
        elif b.kind == "h1":
            out.append(f"## {b.text}")
        elif b.kind == "h2":
            out.append(f"### {b.text}")
        elif b.kind in ("p", "cover", "toc"):
            out.append(b.text)
        elif b.kind == "table":
            rows = [list(r) for r in b.rows]
            for i, row in enumerate(rows):
                for j, cell in enumerate(row):
                    if cell == "^" and i:
                        row[j] = rows[i - 1][j]
                    elif cell == "<" and j:
                        row[j] = row[j - 1]
            lines = ["| " + " | ".join(r) + " |" for r in rows]
            lines.insert(1, "|" + "---|" * len(rows[0]))
            out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


def write(folder: Path, name: str, fmt: str) -> Path:
    markup, title = PLANS[name]
    blocks = make_plans.parse(markup)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{title}.{fmt}"
    if fmt == "docx":
        make_plans.make_docx(path, blocks)
    elif fmt == "pdf":
        for n in {len(b.rows[0]) for b in blocks if b.kind == "table"}:   # column widths of the page (160 mm)
            make_plans.TABLE_WIDTHS.setdefault(n, (160.0 / n,) * n)
        make_plans.make_pdf(path, blocks, title)
    elif fmt == "html":
        make_plans.make_html(path, blocks, title)
    else:
        path.write_text(markdown(blocks), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def index():
    return bundled_index(Settings.from_env())


@pytest.mark.parametrize("name", sorted(PLANS))
def test_an_evaluation_plan_gives_the_same_result_in_four_formats(index, tmp_path, name):
    catalogue = load_catalogue("village_plan", index)
    results = {}
    for fmt in ("docx", "pdf", "html", "md"):
        report = check(write(tmp_path / fmt, name, fmt), catalogue, index)
        results[fmt] = ({f.requirement.id: f.status for f in report.findings},
                        {i.name: (i.base, i.target, i.unit, i.status) for i in report.indicators})
    first = results["docx"]
    assert len(first[0]) == 14 and first[1]
    for fmt in ("pdf", "html", "md"):
        diff = {k: (first[0][k], results[fmt][0].get(k)) for k in first[0] if first[0][k] != results[fmt][0].get(k)}
        assert not diff, (name, fmt, "statuses", diff)
        assert results[fmt][1] == first[1], (name, fmt, "indicators", results[fmt][1], first[1])
