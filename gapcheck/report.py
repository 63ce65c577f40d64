"""Gap-check results and the files a reviewer downloads (JSON, CSV, Markdown, HTML, XLSX)."""
from __future__ import annotations

import csv
import html
import io
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from ingest import Clause
from ingest.clause import join_label

from .catalogue import Basis, Requirement, SubItem
from .indicators import Indicator
from .match import MatchTuning
from .procedure import MEETING_ZH, PUBLICITY_ZH, Procedure
from .transmission import KINDS_ZH, TransmissionFinding

STATUS_ZH = {"covered": "已覆盖", "partial": "部分覆盖", "missing": "缺失", "conflict": "冲突"}
INDICATOR_ZH = {"ok": "符合", "conflict": "冲突", "unknown": "未检查"}   # an indicator's status
STATUS_COLOUR = {"covered": "#c8e6c9", "partial": "#fff3c4", "missing": "#ffcdd2", "conflict": "#e57373"}
# the overview grid also shows a document that is not a plan, in grey across its row
GRID_ZH = {**STATUS_ZH, "not_plan": "非村庄规划"}
GRID_COLOUR = {**STATUS_COLOUR, "not_plan": "#e0e0e0"}


@dataclass(frozen=True)
class Evidence:
    """What a plan says for a requirement: a quote from one of the plan's own clauses (its
    section and page come from the clause), or, with no clause, a line placed by `where`
    (an indicator row: 指标：耕地保有量; or a record saved before evidence kept its clause)."""

    clause: Clause | None
    quote: str
    where: str = ""
    where_page: int | None = None

    @property
    def text(self) -> str:
        return self.quote

    @property
    def section(self) -> str:
        """第二章 国土空间布局 › 第十条 生态保护红线, with OCR noted (a reviewer checks such text)."""
        c = self.clause
        if c is None:
            return self.where
        section = " › ".join([*c.path, join_label(c.label, c.title)])
        if c.ocr:
            section += f"（OCR 识别，置信度 {c.confidence:.2f}）" if c.confidence else "（OCR 识别）"
        return section

    @property
    def page(self) -> int | None:
        return self.clause.page if self.clause is not None else self.where_page

    def to_dict(self) -> dict[str, Any]:
        """The `plankb check --json` contract: {"text", "section", "page"}."""
        return {"text": self.text, "section": self.section, "page": self.page}


@dataclass
class Finding:
    requirement: Requirement
    status: str
    score: float
    evidence: list[Evidence]
    basis: tuple[Basis, ...]
    present: list[str] = field(default_factory=list)   # sub-items found
    review: dict[str, str] = field(default_factory=dict)  # a reviewer's {"status", "comment"}
    # every sub-item with where it was found: [{"name", "found": bool, "where": label or None}]
    sub_items: list[dict[str, Any]] = field(default_factory=list)

    @property
    def final_status(self) -> str:
        return self.review.get("status") or self.status

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.requirement.id, "name": self.requirement.name, "status": self.status,
                "score": round(self.score, 3), "evidence": [e.to_dict() for e in self.evidence],
                "basis": [b.to_dict() for b in self.basis], "sub_items": [dict(s) for s in self.sub_items]}


@dataclass
class Report:
    plan: str          # the path checked (as given on the command line, or where an upload was saved)
    title: str
    province: str      # the plan's region: 浙江省, 浙江省安吉县 …
    findings: list[Finding]
    indicators: list[Indicator]
    catalogue: str = "village_plan"
    warnings: list[str] = field(default_factory=list)
    name: str = ""     # the file's own name, as the user knows it (an upload's original name)
    city: str = ""     # the prefecture-level city the plan names (湖州市), if any
    draft: str = ""    # what the user calls this version (初稿, 第二稿), if anything
    tuning: MatchTuning | None = None  # the thresholds it was judged by (None: a record from before)
    is_plan: bool = True               # False: not a village plan (a survey, a programme, a project note)
    not_plan_reasons: list[str] = field(default_factory=list)  # why not, as a reviewer reads it
    transmission: list[TransmissionFinding] = field(default_factory=list)  # 规划传导 findings
    procedure: Procedure | None = None  # the meeting and the 公示 (None: not checked, or a record from before)

    def to_dict(self) -> dict[str, Any]:
        """The `plankb check --json` contract: {"plan", "results", "indicators", "is_plan",
        "not_plan_reasons", "transmission", "procedure"} ("procedure" is {} when not checked)."""
        return {"plan": self.plan, "results": [f.to_dict() for f in self.findings],
                "indicators": [i.to_dict() for i in self.indicators],
                "is_plan": self.is_plan, "not_plan_reasons": list(self.not_plan_reasons),
                "transmission": [t.to_dict() for t in self.transmission],
                "procedure": self.procedure.to_dict() if self.procedure else {}}

    @property
    def file_name(self) -> str:
        """The name reports show in 文件: never the folder a server saved an upload in."""
        return self.name or PurePath(self.plan).name

    def status(self, rid: str) -> str:
        """The requirement's status after review; `not_plan` for a document that is not a plan."""
        if not self.is_plan:
            return "not_plan"
        return next((f.final_status for f in self.findings if f.requirement.id == rid), "missing")


# a plan title's closing period, dropped from short labels: 云岭村村庄规划（2021—2035年）
_PERIOD = re.compile(r"\s*[（(]\s*\d{4}\s*[—–~～-]+\s*\d{4}\s*年?\s*[）)]\s*$")


def plan_labels(reports: list[Report], short: bool = False) -> list[str]:
    """One distinct display name per plan, in order: the title when it is unique; otherwise
    《title》（draft）when the user named the draft, else 《title》（file name）.

    Args:
        short: leave the period out of titles (for narrow places: the app's grid and dropdowns).

    >>> # two uploads of 《云岭村村庄规划》 as .md and .docx
    >>> # -> ["《云岭村村庄规划》（云岭村.md）", "《云岭村村庄规划》（云岭村.docx）"]
    """
    return labels_for([(r.title, r.file_name, r.draft) for r in reports], short)


def labels_for(plans: list[tuple[str, str, str]], short: bool = False) -> list[str]:
    """`plan_labels` from (title, file name, draft) triples (a stored run's list of plans)."""
    titles = [(_PERIOD.sub("", title) if short else title) or file_name for title, file_name, _ in plans]
    same = Counter(titles)
    labels = []
    for (_, file_name, draft), title in zip(plans, titles):
        if draft:
            labels.append(f"《{title}》（{draft}）")
        elif same[title] > 1:
            labels.append(f"《{title}》（{file_name}）")
        else:
            labels.append(title)
    repeated, seen = Counter(labels), Counter[str]()
    for n, label in enumerate(labels):  # the same file uploaded twice: number the copies
        if repeated[label] > 1:
            seen[label] += 1
            labels[n] = f"{label}（{seen[label]}）"
    return labels


# ---- records: a report as plain JSON-able data and back (the review store keeps these) --------

def _basis_record(b: Basis) -> dict[str, Any]:
    return {"doc": b.doc, "label": b.label, "text": b.text, "title": b.title, "region": b.region}


def _basis_from(d: dict[str, Any]) -> Basis:
    return Basis(str(d["doc"]), str(d["label"]), str(d.get("text", "")), str(d.get("title", "")),
                 str(d.get("region", "")))


def _evidence_record(e: Evidence) -> dict[str, Any]:
    return {**e.to_dict(), "clause": e.clause.to_dict() if e.clause is not None else None}


def _evidence_from(d: dict[str, Any]) -> Evidence:
    """Evidence from a record; records saved before evidence kept its clause hold only
    {"text", "section", "page"}, shown as they were."""
    if d.get("clause"):
        return Evidence(Clause.from_dict(d["clause"]), str(d["text"]))
    return Evidence(None, str(d["text"]), str(d["section"]), d.get("page"))


def to_record(report: Report) -> dict[str, Any]:
    """Everything a report holds (requirements, evidence, basis, indicators, reviews) as JSON-able
    data: the one serialisation of a report besides the --json contract."""
    def requirement(q: Requirement) -> dict[str, Any]:
        return {"id": q.id, "name": q.name, "description": q.description, "headings": list(q.headings),
                "sub_items": [{"name": s.name, "terms": list(s.terms), **({"content": list(s.content)} if s.content else {}),
                               **({"finding": list(s.finding)} if s.finding else {}),
                               **({"statement": list(s.statement)} if s.statement else {}),
                               **({"not_in": list(s.not_in)} if s.not_in else {})}
                              for s in q.sub_items],
                "basis": [_basis_record(b) for b in q.basis]}

    return {"plan": report.plan, "name": report.name, "title": report.title, "province": report.province,
            "city": report.city, "draft": report.draft, "catalogue": report.catalogue,
            "warnings": list(report.warnings),
            "tuning": report.tuning.to_dict() if report.tuning else None,
            "findings": [{"requirement": requirement(f.requirement), "status": f.status, "score": f.score,
                          "evidence": [_evidence_record(e) for e in f.evidence],
                          "basis": [_basis_record(b) for b in f.basis], "present": list(f.present),
                          "review": dict(f.review), "sub_items": [dict(s) for s in f.sub_items]}
                         for f in report.findings],
            "is_plan": report.is_plan, "not_plan_reasons": list(report.not_plan_reasons),
            "indicators": [{"name": i.name, "base": i.base, "target": i.target, "unit": i.unit,
                            "status": i.status, "rule": i.rule, "basis": [_basis_record(b) for b in i.basis],
                            "source": i.source, "page": i.page, "near": i.near, "attribute": i.attribute,
                            "allowed_new": i.allowed_new, "sources": list(i.sources)} for i in report.indicators],
            "transmission": [t.to_dict() for t in report.transmission],
            "procedure": report.procedure.to_record() if report.procedure else None}


def from_record(d: dict[str, Any]) -> Report:
    """The report `to_record` gave.

    Raises:
        KeyError, TypeError, ValueError: the data is not a report record.
    """
    def requirement(q: dict[str, Any]) -> Requirement:
        return Requirement(str(q["id"]), str(q["name"]), str(q.get("description", "")),
                           tuple(q.get("headings", [])),
                           tuple(SubItem(str(s["name"]), tuple(s["terms"]), tuple(s.get("content", ())),
                                         tuple(s.get("finding", ())), tuple(s.get("statement", ())),
                                         tuple(s.get("not_in", ())))
                                 for s in q.get("sub_items", [])),
                           tuple(_basis_from(b) for b in q.get("basis", [])))

    findings = [Finding(requirement(f["requirement"]), str(f["status"]), float(f["score"]),
                        [_evidence_from(e) for e in f["evidence"]],
                        tuple(_basis_from(b) for b in f["basis"]), list(f.get("present", [])),
                        {str(k): str(v) for k, v in (f.get("review") or {}).items()},
                        [dict(s) for s in f.get("sub_items", [])])
                for f in d["findings"]]
    indicators = [Indicator(str(i["name"]), i.get("base"), i.get("target"), str(i.get("unit", "")),
                            str(i.get("status", "ok")), str(i.get("rule", "")),
                            tuple(_basis_from(b) for b in i.get("basis", [])), str(i.get("source", "")),
                            i.get("page"), i.get("near"), str(i.get("attribute", "")), i.get("allowed_new"),
                            tuple(str(x) for x in i.get("sources", []))) for i in d.get("indicators", [])]
    return Report(plan=str(d["plan"]), title=str(d.get("title", "")), province=str(d.get("province", "")),
                  findings=findings, indicators=indicators, catalogue=str(d.get("catalogue", "village_plan")),
                  warnings=list(d.get("warnings", [])), name=str(d.get("name", "")), city=str(d.get("city", "")),
                  draft=str(d.get("draft", "")),
                  tuning=MatchTuning.from_dict(d["tuning"]) if d.get("tuning") else None,
                  is_plan=bool(d.get("is_plan", True)), not_plan_reasons=list(d.get("not_plan_reasons", [])),
                  transmission=[TransmissionFinding.from_dict(t) for t in d.get("transmission") or []],
                  procedure=Procedure.from_record(d["procedure"]) if d.get("procedure") else None)


def _rows(reports: list[Report]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for r, label in zip(reports, plan_labels(reports)):
        if not r.is_plan:
            rows.append({"规划": label, "文件": r.file_name, "编号": "", "要求": "", "结论": GRID_ZH["not_plan"],
                         "得分": "", "已有子项": "", "缺少子项": "", "证据位置": "",
                         "证据": "本文件不是村庄规划，未逐项体检：" + "；".join(r.not_plan_reasons), "依据": "",
                         "复核结论": "", "复核意见": ""})
        for f in r.findings:
            ev = f.evidence[0] if f.evidence else None
            rows.append({"规划": label, "文件": r.file_name, "编号": f.requirement.id, "要求": f.requirement.name,
                         "结论": STATUS_ZH[f.status], "得分": round(f.score, 2),
                         "已有子项": "、".join(f.present),
                         "缺少子项": "、".join(s.name for s in f.requirement.sub_items if s.name not in f.present),
                         "证据位置": (ev.section + (f"（第{ev.page}页）" if ev and ev.page else "")) if ev else "",
                         "证据": ev.text if ev else "",
                         "依据": "；".join(f"《{b.title or b.doc}》{b.label}" for b in f.basis),
                         "复核结论": STATUS_ZH.get(f.review.get("status", ""), ""), "复核意见": f.review.get("comment", "")})
    return rows


def _place(r: Report) -> str:
    """省份 (and city) for a report's heading: 浙江省安吉县（湖州市）."""
    if not r.province:
        return "未识别"
    return r.province + (f"（{r.city}）" if r.city and r.city not in r.province else "")


def _indicator_rows(reports: list[Report]) -> list[dict[str, Any]]:
    return [{"规划": label, "指标": i.name, "基期": i.base, "目标": i.target, "单位": i.unit,
             "结论": INDICATOR_ZH[i.status], "规则": i.rule,
             "原文": i.source, "依据": "；".join(f"《{b.title or b.doc}》{b.label}" for b in i.basis)}
            for r, label in zip(reports, plan_labels(reports)) for i in r.indicators]


def _cite(basis: tuple[Basis, ...]) -> str:
    return "；".join(f"《{b.title or b.doc}》{b.label}" for b in basis)


TRANSMISSION_COLUMNS = ("规划", "类型", "对象", "说明", "规划原文", "页码", "上位规划")
PROCEDURE_COLUMNS = ("规划", "事项", "结论", "日期或起止", "数字", "说明", "规划原文", "页码", "依据")


def _chain_checked(r: Report) -> bool:
    """Whether 传导 and 程序 were checked: they run together, so a report with a procedure had
    both (an empty transmission list then means nothing was found); older records have neither."""
    return r.procedure is not None


def _transmission_rows(reports: list[Report]) -> list[dict[str, Any]]:
    return [{"规划": label, "类型": KINDS_ZH.get(t.kind, t.kind), "对象": t.subject, "说明": t.detail,
             "规划原文": t.evidence, "页码": t.page if t.page is not None else "", "上位规划": t.upper or ""}
            for r, label in zip(reports, plan_labels(reports)) for t in r.transmission]


def _procedure_rows(reports: list[Report]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for r, label in zip(reports, plan_labels(reports)):
        if r.procedure is None:
            continue
        m, p = r.procedure.meeting, r.procedure.publicity
        unit = "户" if m.households else "人"
        rows.append({"规划": label, "事项": m.kind or "村民会议/村民代表会议", "结论": MEETING_ZH[m.status],
                     "日期或起止": m.date or "",
                     "数字": "，".join(f"{w}{v}{u}" for w, v, u in (("应到", m.total, unit), ("实到", m.attended, unit),
                                                                  ("同意", m.votes_for, "票")) if v is not None),
                     "说明": m.detail, "规划原文": m.evidence, "页码": m.page if m.page is not None else "",
                     "依据": _cite(m.basis)})
        rows.append({"规划": label, "事项": "规划公示", "结论": PUBLICITY_ZH[p.status],
                     "日期或起止": f"{p.start}至{p.end}" if p.start and p.end else "",
                     "数字": f"{p.days}日" if p.days is not None else "", "说明": p.detail, "规划原文": p.evidence,
                     "页码": p.page if p.page is not None else "", "依据": _cite(p.basis)})
    return rows


def to_json(reports: list[Report]) -> str:
    return json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=1)


def to_csv(reports: list[Report]) -> str:
    rows = _rows(reports)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else ["规划"])
    writer.writeheader()
    writer.writerows(rows)
    for extra in (_transmission_rows(reports), _procedure_rows(reports)):  # 规划传导, then 程序: a section each
        if extra:
            buf.write("\r\n")
            section = csv.DictWriter(buf, fieldnames=list(extra[0]))
            section.writeheader()
            section.writerows(extra)
    return buf.getvalue()


def _requirements(reports: list[Report]) -> list[Requirement]:
    """The grid's columns: the requirements of the first report that has findings (a document
    that is not a plan has none)."""
    return next(([f.requirement for f in r.findings] for r in reports if r.findings), [])


def to_markdown(reports: list[Report]) -> str:
    ids = _requirements(reports)
    lines = ["# 村庄规划体检报告", "", "| 规划 | " + " | ".join(r.id for r in ids) + " |",
             "|---|" + "---|" * len(ids)]
    labels = plan_labels(reports)
    for r, label in zip(reports, labels):
        lines.append(f"| {label} | " + " | ".join(GRID_ZH[r.status(q.id)] for q in ids) + " |")
    for r, label in zip(reports, labels):
        lines += ["", f"## {label}", "", f"文件：{r.file_name}　地区：{_place(r)}", ""]
        if not r.is_plan:
            lines.append("**本文件不是村庄规划，未逐项体检**：" + "；".join(r.not_plan_reasons))
        for f in r.findings:
            review = f"（复核：{STATUS_ZH[f.review['status']]}，{f.review.get('comment', '')}）" if f.review.get("status") else ""
            lines.append(f"- **{f.requirement.id} {f.requirement.name}：{STATUS_ZH[f.status]}**{review}")
            for e in f.evidence[:2]:
                lines.append(f"  - 证据（{e.section}{'，第' + str(e.page) + '页' if e.page else ''}）：{e.text[:200]}")
            for b in f.basis:
                lines.append(f"  - 依据《{b.title or b.doc}》{b.label}")
        if r.indicators:
            lines += ["", "| 指标 | 基期 | 目标 | 单位 | 结论 | 规则 |", "|---|---|---|---|---|---|"]
            for row in _indicator_rows([r]):
                lines.append(f"| {row['指标']} | {row['基期']} | {row['目标']} | {row['单位']} | {row['结论']} | {row['规则']} |")
        lines += _markdown_transmission(r) + _markdown_procedure(r)
    return "\n".join(lines) + "\n"


def _md_cell(text: object) -> str:
    return str(text).replace("|", "｜").replace("\n", " ")


def _markdown_transmission(r: Report) -> list[str]:
    lines = ["", "### 规划传导", ""]
    if not r.transmission:
        return lines + ["未发现目标—指标—项目传导问题。" if _chain_checked(r) else "未检查。"]
    lines += ["| 类型 | 对象 | 说明 | 规划原文 | 上位规划 |", "|---|---|---|---|---|"]
    for t in r.transmission:
        page = f"（第{t.page}页）" if t.page else ""
        lines.append(f"| {KINDS_ZH.get(t.kind, t.kind)} | {_md_cell(t.subject)} | {_md_cell(t.detail)} | "
                     f"{_md_cell(t.evidence[:200])}{page} | {_md_cell(t.upper or '')} |")
    return lines


def _markdown_procedure(r: Report) -> list[str]:
    lines = ["", "### 程序", ""]
    if r.procedure is None:
        return lines + ["未检查。"]
    for row in _procedure_rows([r]):
        lines.append(f"- **{row['事项']}：{row['结论']}**　{row['说明']}")
        if row["规划原文"]:
            lines.append(f"  - 规划原文{'（第' + str(row['页码']) + '页）' if row['页码'] else ''}：{_md_cell(row['规划原文'][:300])}")
        if row["依据"]:
            lines.append(f"  - 依据{row['依据']}")
    return lines


def to_html(reports: list[Report]) -> str:
    ids = _requirements(reports)
    e = html.escape
    out = ["<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><title>村庄规划体检报告</title>",
           "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
           "td,th{border:1px solid #999;padding:4px 8px;vertical-align:top}</style></head><body>",
           "<h1>村庄规划体检报告</h1><table><tr><th>规划</th>"
           + "".join(f"<th title='{e(q.name)}'>{e(q.id)}</th>" for q in ids) + "</tr>"]
    labels = plan_labels(reports)
    for r, label in zip(reports, labels):
        cells = "".join(f"<td style='background:{GRID_COLOUR[r.status(q.id)]}'>{GRID_ZH[r.status(q.id)]}</td>"
                        for q in ids)
        out.append(f"<tr><th>{e(label)}</th>{cells}</tr>")
    out.append("</table>")
    for r, label in zip(reports, labels):
        out.append(f"<h2>{e(label)}</h2><p>文件：{e(r.file_name)}　地区：{e(_place(r))}</p>")
        if not r.is_plan:
            out.append(f"<p><b>本文件不是村庄规划，未逐项体检</b>：{e('；'.join(r.not_plan_reasons))}</p>")
        out.append("<table><tr><th>要求</th><th>结论</th><th>证据</th><th>依据</th><th>复核</th></tr>")
        for f in r.findings:
            ev = "<br>".join(f"<b>{e(x.section)}{'（第' + str(x.page) + '页）' if x.page else ''}</b>：{e(x.text[:300])}"
                             for x in f.evidence[:2])
            basis = "<br>".join(f"《{e(b.title or b.doc)}》{e(b.label)}" for b in f.basis)
            review = e(STATUS_ZH.get(f.review.get("status", ""), "") + " " + f.review.get("comment", ""))
            out.append(f"<tr><td>{e(f.requirement.id)} {e(f.requirement.name)}</td>"
                       f"<td style='background:{STATUS_COLOUR[f.status]}'>{STATUS_ZH[f.status]}</td>"
                       f"<td>{ev}</td><td>{basis}</td><td>{review}</td></tr>")
        out.append("</table>")
        if r.indicators:
            out.append("<h3>指标</h3><table><tr><th>指标</th><th>基期</th><th>目标</th><th>单位</th><th>结论</th><th>规则</th></tr>")
            for row in _indicator_rows([r]):
                out.append("<tr>" + "".join(f"<td>{e(str(row[k]))}</td>" for k in ("指标", "基期", "目标", "单位", "结论", "规则"))
                           + "</tr>")
            out.append("</table>")
        out.append("<h3>规划传导</h3>")
        rows = _transmission_rows([r])
        if rows:
            keys: tuple[str, ...] = ("类型", "对象", "说明", "规划原文", "页码", "上位规划")
            out.append("<table><tr>" + "".join(f"<th>{k}</th>" for k in keys) + "</tr>")
            out += ["<tr>" + "".join(f"<td>{e(str(row[k]))}</td>" for k in keys) + "</tr>" for row in rows]
            out.append("</table>")
        else:
            out.append("<p>" + ("未发现目标—指标—项目传导问题。" if _chain_checked(r) else "未检查。") + "</p>")
        out.append("<h3>程序</h3>")
        rows = _procedure_rows([r])
        if rows:
            keys = ("事项", "结论", "日期或起止", "数字", "说明", "规划原文", "依据")
            out.append("<table><tr>" + "".join(f"<th>{k}</th>" for k in keys) + "</tr>")
            for row in rows:
                colour = "#c8e6c9" if row["结论"] == "符合" else "#fff3c4" if row["结论"] == "无法核实" else "#ffcdd2"
                out.append("<tr>" + "".join(f"<td style='background:{colour}'>{e(str(row[k]))}</td>" if k == "结论"
                                            else f"<td>{e(str(row[k]))}</td>" for k in keys) + "</tr>")
            out.append("</table>")
        else:
            out.append("<p>未检查。</p>")
    out.append("</body></html>")
    return "\n".join(out)


def to_xlsx(reports: list[Report]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    wb = Workbook()
    grid = wb.active
    grid.title = "总览"
    ids = _requirements(reports)
    grid.append(["规划"] + [f"{q.id} {q.name}" for q in ids])
    for r, label in zip(reports, plan_labels(reports)):
        grid.append([label] + [GRID_ZH[r.status(q.id)] for q in ids])
        row = grid.max_row
        for col, q in enumerate(ids, start=2):
            colour = GRID_COLOUR[r.status(q.id)].lstrip("#")
            grid.cell(row=row, column=col).fill = PatternFill("solid", fgColor=colour)
    for title, rows, header in (("明细", _rows(reports), ()), ("指标", _indicator_rows(reports), ()),
                                ("规划传导", _transmission_rows(reports), TRANSMISSION_COLUMNS),
                                ("程序", _procedure_rows(reports), PROCEDURE_COLUMNS)):
        ws = wb.create_sheet(title)
        if header and not rows:
            ws.append(list(header))
        if rows:
            ws.append(list(rows[0]))
            for row in rows:
                ws.append([row[k] for k in rows[0]])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


REPORT_SUFFIXES = (".xlsx", ".csv", ".md", ".html", ".htm", ".json")


def write(reports: list[Report], path: Path) -> None:
    """Write a report file; the format follows the extension (.xlsx .csv .md .html .json)."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        path.write_bytes(to_xlsx(reports))
        return
    writers = {".csv": to_csv, ".md": to_markdown, ".html": to_html, ".htm": to_html, ".json": to_json}
    if suffix not in writers:
        raise ValueError(f"不支持的报告格式 {suffix or '（没有扩展名）'}（可用：.xlsx .csv .md .html .json）")
    path.write_text(writers[suffix](reports), encoding="utf-8-sig" if suffix == ".csv" else "utf-8")
