"""Gap checks of realistic village plans with known gaps and indicator conflicts (exact statuses)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from docmaker import make_docx, make_pdf, paginate, wrap

from app.cli import cli
from gapcheck import check
from gapcheck.report import to_csv, to_html, to_markdown, to_xlsx

PLANS = Path(__file__).parent / "fixtures" / "plans"
EXPECTED = json.loads((PLANS / "expected.json").read_text(encoding="utf-8"))
INDICATOR_REQUIREMENT = {"耕地保有量": "VP04", "永久基本农田保护面积": "VP04", "生态保护红线面积": "VP03",
                         "户均宅基地面积": "VP07", "村庄建设用地规模": "VP02", "人均村庄建设用地": "VP02"}


def md_to_docx(source: Path, target: Path) -> Path:
    """Turn a Markdown plan source into a real DOCX: #/##/### -> Title/Heading 1/Heading 2,
    Markdown tables -> Word tables."""
    items, table = [], []
    for line in source.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("|"):
            if not re.match(r"^\|[\s:|-]+\|?$", line):
                table.append("|".join(c.strip() for c in line.strip().strip("|").split("|")))
            continue
        if table:
            items.append(("table", "\n".join(table)))
            table = []
        if not line.strip():
            continue
        m = re.match(r"^(#{1,3})\s+(.*)$", line)
        if m:
            items.append((["title", "h1", "h2"][len(m.group(1)) - 1], m.group(2).strip()))
        else:
            items.append(("p", line.strip()))
    return make_docx(target, items)


def txt_to_pdf(source: Path, target: Path) -> Path:
    paras = [p.strip() for p in source.read_text(encoding="utf-8").splitlines() if p.strip()]
    lines = wrap(paras[:1]) + [x for p in paras[1:] for x in wrap([p], 34)]
    return make_pdf(target, paginate(lines, 38), header="村庄规划文本", header_from_page=2)


def plan_file(name: str, tmp_path: Path) -> Path:
    source = PLANS / name
    if name.endswith("_docx_source.md"):
        return md_to_docx(source, tmp_path / name.replace("_docx_source.md", ".docx"))
    if name.endswith("_pdf_source.txt"):
        return txt_to_pdf(source, tmp_path / name.replace("_pdf_source.txt", ".pdf"))
    return source


def expected_statuses(name: str) -> dict[str, str]:
    """The fixture's statuses, with a broken indicator rule turning its requirement to conflict."""
    statuses = dict(EXPECTED[name]["statuses"])
    for indicator, verdict in EXPECTED[name].get("indicators", {}).items():
        if verdict == "conflict":
            statuses[INDICATOR_REQUIREMENT[indicator]] = "conflict"
    return statuses




@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_plan_statuses_are_exact(name, catalogue, index, tmp_path):
    report = check(plan_file(name, tmp_path), catalogue, index)
    got = {f.requirement.id: f.status for f in report.findings}
    assert got == expected_statuses(name)
    indicators = {i.name: i.status for i in report.indicators}
    for indicator, verdict in EXPECTED[name].get("indicators", {}).items():
        assert indicators.get(indicator) == verdict, (indicator, report.indicators)
    assert report.province.startswith(EXPECTED[name]["province"])
    for f in report.findings:
        if f.status in ("covered", "partial"):
            assert f.evidence and f.evidence[0].section and f.evidence[0].text
        assert f.basis and all(b.text for b in f.basis)


def test_conflicts_quote_both_sides(catalogue, index, tmp_path):
    for name, spec in EXPECTED.items():
        conflicts = [k for k, v in spec.get("indicators", {}).items() if v == "conflict"]
        if not conflicts:
            continue
        report = check(plan_file(name, tmp_path), catalogue, index)
        for indicator in conflicts:
            finding = next(f for f in report.findings if f.requirement.id == INDICATOR_REQUIREMENT[indicator])
            assert finding.status == "conflict"
            assert finding.evidence[0].section == f"指标：{indicator}"          # the plan's side
            ind = next(i for i in report.indicators if i.name == indicator)
            assert ind.basis and ind.basis[0].text and set(ind.basis) <= set(finding.basis)  # the rule's side


def test_removing_a_section_flips_exactly_its_requirement(catalogue, index, tmp_path):
    """Removing a topic's chapter flips that requirement alone. Evidence is found by substance
    wherever it stands, so what the plan still says of the topic elsewhere (its row in the
    近期实施项目 table: 茶坞废弃石矿生态修复 2.86公顷) still counts: the requirement is then partial,
    and every sub-item still found is found outside the removed chapter."""
    full = "zhejiang_full.md"
    source = (PLANS / full).read_text(encoding="utf-8")
    baseline = {f.requirement.id: f.status for f in check(PLANS / full, catalogue, index).findings}
    assert set(baseline.values()) == {"covered"}
    chapters = re.split(r"(?m)^(?=## )", source)
    for rid in ("VP03", "VP05", "VP10", "VP12"):
        req = catalogue.requirement(rid)
        chapter = next(c for c in chapters if c.startswith("## ") and any(h in c.split("\n", 1)[0] for h in req.headings))
        cut = tmp_path / f"without_{rid}.md"
        cut.write_text(source.replace(chapter, ""), encoding="utf-8")
        report = check(cut, catalogue, index)
        got = {f.requirement.id: f.status for f in report.findings}
        changed = {k for k in got if got[k] != baseline[k]}
        assert changed == {rid}, (rid, {k: got[k] for k in changed})
        assert got[rid] in ("partial", "missing")
        finding = next(f for f in report.findings if f.requirement.id == rid)
        title = chapter.split("\n", 1)[0].lstrip("# ").strip()
        assert not any(s["found"] and title in s["where"] for s in finding.sub_items)
        assert any(not s["found"] for s in finding.sub_items)
    assert got["VP12"] == "missing"  # the project table is in the removed chapter: nothing of VP12 is left


def test_check_cli_json_contract_and_reports(tmp_path):
    plans = [PLANS / n for n in sorted(EXPECTED) if n.endswith((".md", ".txt")) and "source" not in n]
    out = tmp_path / "report.xlsx"
    result = CliRunner().invoke(cli, ["check", *map(str, plans), "--json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data) == len(plans)
    for entry in data:
        assert list(entry)[:3] == ["plan", "results", "indicators"]  # the contract's keys first, then issue 15's
        assert set(entry) == {"plan", "results", "indicators", "is_plan", "not_plan_reasons", "transmission", "procedure"}
        assert [r["id"] for r in entry["results"]] == [f"VP{n:02d}" for n in range(1, 15)]
        for r in entry["results"]:
            assert set(r) == {"id", "name", "status", "score", "evidence", "basis", "sub_items"}
            assert [x["name"] for x in r["sub_items"]] and all(set(x) == {"name", "found", "where"} for x in r["sub_items"])
            assert r["status"] in ("covered", "partial", "missing", "conflict")
            for e in r["evidence"]:
                assert set(e) == {"text", "section", "page"}
            for b in r["basis"]:
                assert set(b) == {"doc", "label", "text"}
        for i in entry["indicators"]:
            assert set(i) == {"name", "base", "target", "unit", "status", "rule", "basis"}
    from openpyxl import load_workbook
    wb = load_workbook(out)
    assert wb.sheetnames[:3] == ["总览", "明细", "指标"]  # then issue 15's 规划传导 and 程序 sheets
    assert wb["总览"].max_row == len(plans) + 1


def test_report_writers_carry_reviewer_decisions(catalogue, index):
    report = check(PLANS / "guangdong_gaps.txt", catalogue, index)
    finding = next(f for f in report.findings if f.requirement.id == "VP09")
    finding.review = {"status": "covered", "comment": "另见专项规划"}
    assert report.status("VP09") == "covered" and finding.status == "partial"
    for text in (to_markdown([report]), to_html([report]), to_csv([report])):
        assert "另见专项规划" in text
    assert len(to_xlsx([report])) > 1000


def test_unreadable_plan_in_a_batch(tmp_path, home):  # home: a knowledge base already there
    bad = tmp_path / "坏规划.docx"
    bad.write_bytes(b"not a docx")
    result = CliRunner().invoke(cli, ["check", str(bad), str(PLANS / "zhejiang_full.md"), "--json"])
    assert result.exit_code == 1
    assert len(json.loads(result.stdout)) == 1
    assert "坏规划.docx" in result.stderr and "\n" not in result.stderr.strip()


def test_unstructured_plan_is_judged_by_meaning(catalogue, index, tmp_path):
    """A plan without headings: each paragraph counts for the requirement it is most about."""
    plan = tmp_path / "青溪村规划说明.txt"
    plan.write_text((PLANS / "unstructured_notes.txt.in").read_text(encoding="utf-8"), encoding="utf-8")
    report = check(plan, catalogue, index)
    got = {f.requirement.id: f.status for f in report.findings}
    assert {k for k, v in got.items() if v == "covered"} == {"VP01", "VP10", "VP11"}
    assert {v for k, v in got.items() if k not in ("VP01", "VP10", "VP11")} == {"missing"}
    vp10 = next(f for f in report.findings if f.requirement.id == "VP10")
    assert vp10.evidence[0].text.startswith("村内生活污水")  # the paragraph, not the whole text
