"""规划体检: check one or many village plans against the requirement catalogue.

Every run is saved with its reviewer decisions in PLANKB_HOME/reviews.sqlite (gapcheck.reviews):
the page reopens the run in the URL (?run=ID&plan=N&req=VPxx) or the one worked on last, and
lists earlier runs under 历史体检. Plans are keyed by their position in the run, never by title:
two uploads of one plan (.md and .docx, or two drafts) are two rows with distinct labels.

An optional upper plan (township/county plan, or a CSV/YAML of the indicators it allocates) is
used for the whole batch (app/views/check_upper.py). A document that is not a village plan is a
row saying 非村庄规划 and, opened, its reasons; a plan shows its 规划传导 and 程序 sections
(app/views/check_sections.py); runs saved before these checks open without them.
"""
from __future__ import annotations

import html
from dataclasses import replace
from pathlib import Path

import pandas as pd
import streamlit as st

from app.state import UPLOAD_TYPES, get_index, init_session, settings
from app.uploads import save_uploads
from app.views import check_sections as sections
from app.views.check_upper import TABLE_TYPES, check_batch
from gapcheck import load_catalogue, plan_labels
from gapcheck.catalogue import Catalogue
from gapcheck.report import INDICATOR_ZH, STATUS_COLOUR, STATUS_ZH, Report, to_html, to_markdown, to_xlsx
from gapcheck.reviews import DECISION_ZH, ReviewStore, compare
from index.search import Index
from ingest.errors import PlanKBError

DRAFTS = ["", "初稿", "第二稿", "第三稿", "送审稿", "报批稿"]
DECISION_OF = {v: k for k, v in DECISION_ZH.items()}      # 接受 -> accept, 已覆盖 -> covered …
REVIEWED = " ✓"
INDEX_WIDTH, CELL_WIDTH = 420, 90   # pixels of the grid's columns (a cell holds 非村庄规划)

init_session()
st.title("规划体检")
st.caption("上传村庄规划（可多份），逐项对照法律政策要求：已覆盖 / 部分覆盖 / 缺失 / 冲突。上传的规划只用于体检，不会加入文库。"
           "每次体检和复核意见都会保存，可在“历史体检”中重新打开。")
cfg = settings()


@st.cache_resource(max_entries=4, show_spinner="正在载入要求目录……")
def catalogue(name: str, generation: str, _index: Index) -> Catalogue:
    """Resolved once per knowledge-base generation: after an upload the basis may cite it."""
    return load_catalogue(name, _index)


try:
    index = get_index()
    cat = catalogue("village_plan", str(index.folder), index)
    store = ReviewStore.open(cfg.home)
except PlanKBError as exc:
    st.error(str(exc))
    st.stop()


def _when(at: str) -> str:
    return at[:16].replace("T", " ")


def _select_run(run_id: int | None) -> None:
    """Make `run_id` the open run; the plan, requirement and grid selection start afresh."""
    st.session_state["check_run"] = run_id
    st.session_state["confirm_delete_run"] = None
    for key in ("sel_plan", "sel_req", "grid", "cmp_before", "cmp_after"):
        st.session_state.pop(key, None)
    st.query_params.clear()
    if run_id is not None:
        st.query_params["run"] = str(run_id)


def _on_grid() -> None:
    """A grid cell was clicked: select its plan and requirement in the dropdowns."""
    cells = st.session_state["grid"]["selection"]["cells"]
    if cells:
        row, column = cells[0]
        st.session_state["sel_plan"], st.session_state["sel_req"] = int(row), str(column)


def _on_dropdown() -> None:
    """A dropdown changed: the grid shows the chosen cell (and a click on any other cell works)."""
    st.session_state["grid"] = {"selection": {"cells": [(st.session_state["sel_plan"], st.session_state["sel_req"])],
                                              "rows": [], "columns": []}}


def _save_review(run_id: int, plan: int, rid: str, decision_key: str, comment_key: str) -> None:
    try:
        d = store.decide(run_id, plan, rid, DECISION_OF[st.session_state[decision_key]],
                         st.session_state[comment_key].strip())
        st.session_state["review_saved"] = f"已记录复核意见（{_when(d.at)}），下载的报告会包含它。"
    except PlanKBError as exc:
        st.session_state["review_saved"] = None
        st.session_state["check_errors"] = [str(exc)]


def _delete_run(run_id: int) -> None:
    try:
        store.delete(run_id)
        st.session_state["run_deleted"] = f"已删除第 {run_id} 次体检及其复核记录。"
    except PlanKBError as exc:
        st.session_state["check_errors"] = [str(exc)]
    if st.session_state["check_run"] == run_id:
        _select_run(None)
        st.session_state["check_run"] = 0   # 0: nothing open on purpose (no fallback to the latest)
    st.session_state["confirm_delete_run"] = None


# ---- which run is open: this session's, the URL's, or the one worked on last ------------------
if st.session_state["check_run"] is None:
    wanted = st.query_params.get("run", "")
    st.session_state["check_run"] = int(wanted) if wanted.isdigit() else store.latest()
    if st.session_state["check_run"] is not None:
        st.query_params["run"] = str(st.session_state["check_run"])

# ---- 历史体检 -----------------------------------------------------------------------------------
history = store.runs()
with st.expander(f"历史体检（{len(history)}）"):
    if not history:
        st.caption("还没有体检记录。")
    else:
        summaries = {r.id: r for r in history}
        if st.session_state.get("history_run") not in summaries:
            st.session_state.pop("history_run", None)
        chosen = st.selectbox(
            "体检记录", list(summaries), key="history_run",
            format_func=lambda i: (f"第 {i} 次 · {_when(summaries[i].updated_at)} · {'、'.join(summaries[i].plans)}"
                                   + (f" · 已复核 {summaries[i].decisions} 项" if summaries[i].decisions else ""))
            if i in summaries else str(i))
        c1, c2, _ = st.columns([1, 1, 4])
        c1.button("打开", key="open_run", on_click=_select_run, args=(chosen,))
        if c2.button("删除……", key="ask_delete_run"):
            st.session_state["confirm_delete_run"] = chosen
        pending = st.session_state["confirm_delete_run"]
        if pending in summaries:
            st.warning(f"确定删除第 {pending} 次体检（{'、'.join(summaries[pending].plans)}）及其全部复核意见？删除后不能恢复。")
            d1, d2, _ = st.columns([1, 1, 4])
            d1.button("确认删除", key="confirm_delete", on_click=_delete_run, args=(pending,))
            d2.button("取消", key="cancel_delete", on_click=lambda: st.session_state.update(confirm_delete_run=None))
    if st.session_state.get("run_deleted"):
        st.info(st.session_state.pop("run_deleted"))

# ---- a new run --------------------------------------------------------------------------------
uploads = st.file_uploader("村庄规划文件（PDF、DOCX、TXT、MD、HTML）", type=UPLOAD_TYPES,
                           accept_multiple_files=True, key="plans")
if uploads:
    with st.expander("标注稿次（可选：比较同一规划的几稿时）"):
        for u in uploads:
            st.selectbox(f"{u.name} 的稿次", DRAFTS, key=f"draft_{u.file_id}", accept_new_options=True,
                         format_func=lambda d: d or "（不标注）")
upper_upload = st.file_uploader("上位规划（可选）：乡镇或县级国土空间规划，或其下达指标表（CSV、YAML：指标、数值、单位、关系）",
                                type=sorted({*UPLOAD_TYPES, *TABLE_TYPES}), key="upper")
if uploads and st.button("开始体检", type="primary"):
    paths, names, refused = [], [], []
    drafts: dict[str, str] = {}
    for u in uploads:  # one folder each: a file keeps its own name, even when two share it
        saved, errors = save_uploads(cfg.home / "checks", [(u.name, u.getvalue())], cfg.max_bytes)
        refused += errors
        for p in saved:
            paths.append(p)
            names.append(p.name)
            drafts[str(p)] = (st.session_state.get(f"draft_{u.file_id}") or "").strip()
    upper_file: Path | None = None
    if upper_upload is not None:
        saved, errors = save_uploads(cfg.home / "checks", [(upper_upload.name, upper_upload.getvalue())],
                                     cfg.max_bytes)
        refused += [f"上位规划 {e}。本次体检未对照上位规划。" for e in errors]
        upper_file = saved[0] if saved else None
    bar = st.progress(0.0, text="体检中……")

    def progress(n: int, t: int, f: str) -> None:
        bar.progress(min(n / t, 1.0), text=f"体检 {n}/{t}")

    reports, errors = check_batch(paths, names, cat, index, cfg, upper_file,
                                  upper_upload.name if upper_upload else "", progress)
    bar.progress(1.0, text="完成")
    reports = [replace(r, draft=drafts.get(r.plan, "")) for r in reports]
    st.session_state["check_errors"] = refused + errors
    if reports:
        try:
            _select_run(store.save_run(reports, refused + errors, cat.id))
        except PlanKBError as exc:
            st.session_state["check_errors"].append(str(exc))
            st.session_state["check_run"] = 0
        else:
            st.session_state["check_errors"] = []   # kept with the run
            st.rerun()                              # 历史体检 above lists the new run too

# ---- the open run -----------------------------------------------------------------------------
run = None
if st.session_state["check_run"]:
    try:
        run = store.load(st.session_state["check_run"])
    except PlanKBError as exc:
        st.session_state["check_errors"] = [str(exc)]
        _select_run(None)
        st.session_state["check_run"] = 0
for message in [*st.session_state["check_errors"], *(run.errors if run else ())]:
    st.error(message)
if run is None or not run.reports:
    st.info("请上传一份或多份村庄规划，然后点击“开始体检”。")
    st.stop()

reports = list(run.reports)
st.session_state["check_reports"] = reports
labels = plan_labels(reports, short=True)
positions = list(range(len(reports)))
# the requirements: a checked plan's (the catalogue of its run); a run of non-plans only has none
checked = next((r for r in reports if r.findings), None)
requirements = [f.requirement for f in checked.findings] if checked else list(cat.requirements)
ids = [q.id for q in requirements]
req_names = {q.id: q.name for q in requirements}

wanted_plan, wanted_req = st.query_params.get("plan", ""), st.query_params.get("req", "")
for key, allowed in (("sel_plan", positions), ("sel_req", ids), ("cmp_before", positions), ("cmp_after", positions)):
    if key in st.session_state and st.session_state[key] not in allowed:  # left from another run
        del st.session_state[key]
if "sel_plan" not in st.session_state:
    st.session_state["sel_plan"] = int(wanted_plan) if wanted_plan.isdigit() and int(wanted_plan) in positions else 0
if "sel_req" not in st.session_state:
    st.session_state["sel_req"] = wanted_req if wanted_req in ids else ids[0]
if "grid" not in st.session_state:
    _on_dropdown()

st.subheader("总览")
st.caption(f"第 {run.id} 次体检，{_when(run.created_at)}；点击格子查看证据与依据。标有“✓”的格子是复核后的结论。")


def _cell(r: Report, rid: str) -> str:
    if not r.is_plan:
        return sections.NOT_PLAN
    f = next((x for x in r.findings if x.requirement.id == rid), None)
    if f is None:   # a requirement the catalogue gained after this run
        return ""
    return STATUS_ZH[f.final_status] + (REVIEWED if f.review.get("status") else "")


grid = pd.DataFrame([[_cell(r, i) for i in ids] for r in reports], index=labels, columns=ids)
colour = {STATUS_ZH[k]: v for k, v in STATUS_COLOUR.items()} | {sections.NOT_PLAN: sections.NOT_PLAN_COLOUR}
# fixed widths: the plan's label pinned at the left, narrow requirement columns named in their tooltips
columns = {"_index": st.column_config.TextColumn("规划", width=INDEX_WIDTH, pinned=True),
           **{i: st.column_config.TextColumn(i, width=CELL_WIDTH, help=req_names[i]) for i in ids}}
st.dataframe(grid.style.map(lambda v: f"background-color: {colour.get(v.removesuffix(REVIEWED), '')}"),
             column_config=columns, on_select=_on_grid, selection_mode="single-cell", key="grid", width="stretch")
with st.expander("各要求编号的含义"):
    st.markdown("<br>".join(f"<b>{i}</b> {html.escape(req_names[i])}" for i in ids), unsafe_allow_html=True)

if len(reports) >= 2:
    with st.expander("稿次对比", expanded=any(a.title == b.title for a in reports for b in reports if a is not b)):
        plans_first = [n for n in positions if reports[n].is_plan] + [n for n in positions if not reports[n].is_plan]
        pair = next(((a, b) for a in positions for b in positions if a < b and reports[a].title == reports[b].title
                     and reports[a].is_plan and reports[b].is_plan), (plans_first[0], plans_first[1]))
        b1, b2 = st.columns(2)
        before = b1.selectbox("前一稿", positions, index=pair[0], key="cmp_before",
                              format_func=lambda i: labels[i] if i in positions else str(i))
        after = b2.selectbox("后一稿", positions, index=pair[1], key="cmp_after",
                             format_func=lambda i: labels[i] if i in positions else str(i))
        changes = compare(reports[before], reports[after])
        if not (reports[before].is_plan and reports[after].is_plan):
            st.caption("非村庄规划未逐项体检，不作对比。")
        elif not changes:
            st.caption("两稿各项要求的结论相同。")
        for c in changes if reports[before].is_plan and reports[after].is_plan else []:
            st.markdown(f"- **{c.requirement} {html.escape(c.name)}**：{STATUS_ZH.get(c.before, '无')} → "
                        f"{STATUS_ZH.get(c.after, '无')}")

st.subheader("详情")
left, right = st.columns(2)
plan: int = left.selectbox("规划", positions, key="sel_plan", on_change=_on_dropdown,
                           format_func=lambda i: labels[i] if i in positions else str(i)) or 0
rid: str = right.selectbox("要求", ids, key="sel_req", on_change=_on_dropdown,
                           format_func=lambda i: f"{i} {req_names.get(i, '')}") or ids[0]
st.query_params.update({"run": str(run.id), "plan": str(plan), "req": rid})
report = reports[plan]
st.caption(f"文件：{report.file_name}　地区：{report.province or '未识别'}"
           + (f"（{report.city}）" if report.city and report.city not in report.province else ""))
for note in sections.notes(report):
    st.caption(f"说明：{note}")
if not report.is_plan:
    sections.not_a_plan(report)
elif (finding := next((f for f in report.findings if f.requirement.id == rid), None)) is None:
    st.info(f"这次体检的记录中没有要求 {rid}（要求目录在体检后有更新）。")
else:
    st.markdown(f"**{rid} {html.escape(finding.requirement.name)}：{STATUS_ZH[finding.status]}**"
                f"（已有子项：{'、'.join(finding.present) or '无'}）", unsafe_allow_html=True)
    ev_col, basis_col = st.columns(2)
    with ev_col:
        st.markdown("**规划中的证据**")
        if not finding.evidence or finding.status == "missing":  # a missing one still lists its sub-items
            st.warning("规划中没有找到相应内容。")
        for e in finding.evidence:
            with st.container(border=True):
                st.caption(e.section + (f" · 第 {e.page} 页" if e.page else ""))
                st.markdown(html.escape(e.text).replace("\n", "<br>"), unsafe_allow_html=True)
    with basis_col:
        st.markdown("**政策依据**")
        for b in finding.basis:
            with st.container(border=True):
                st.caption(f"《{b.title or b.doc}》{b.label}")
                st.markdown(html.escape(b.text).replace("\n", "<br>"), unsafe_allow_html=True)

    decided = run.decision(plan, rid)
    with st.form("review"):
        st.markdown("**复核**")
        if decided:
            what = f"接受原结论（{STATUS_ZH[decided.status]}）" if decided.decision == "accept" \
                else f"改为{STATUS_ZH[decided.status]}"
            st.caption(f"已复核：{what}，{_when(decided.at)}" + (f"　意见：{decided.comment}" if decided.comment else ""))
        options = list(DECISION_ZH.values())
        suffix = f"{run.id}_{plan}_{rid}"
        st.radio("结论", options, index=options.index(DECISION_ZH[decided.decision]) if decided else 0, horizontal=True,
                 key=f"decision_{suffix}")
        st.text_input("意见", decided.comment if decided else "", key=f"comment_{suffix}")
        st.form_submit_button("保存复核", on_click=_save_review,
                              args=(run.id, plan, rid, f"decision_{suffix}", f"comment_{suffix}"))
    if st.session_state.get("review_saved"):
        st.success(st.session_state.pop("review_saved"))

if report.is_plan:
    if report.indicators:
        st.subheader("指标检查")
        st.dataframe(pd.DataFrame([{"指标": i.name, "基期": i.base, "目标": i.target, "单位": i.unit,
                                    "结论": INDICATOR_ZH[i.status],
                                    "规则": i.rule} for i in report.indicators]), hide_index=True, width="stretch")
    sections.transmission(report)
    sections.procedure(report)

st.subheader("下载报告")
st.caption("报告包含复核结论和意见；以后可在“历史体检”中打开本次体检再次下载。")
# the report files list village plans only: a document that is not one has no statuses to list
plans_only = [r for r in reports if r.is_plan]
if len(plans_only) < len(reports):
    st.caption("非村庄规划（" + "、".join(label for r, label in zip(reports, labels) if not r.is_plan)
               + "）未逐项体检，不列入报告。")
if plans_only:
    c1, c2, c3 = st.columns(3)
    stem = f"村庄规划体检报告-第{run.id}次"
    c1.download_button("Excel 报告", to_xlsx(plans_only), f"{stem}.xlsx",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    c2.download_button("网页报告", to_html(plans_only), f"{stem}.html", "text/html")
    c3.download_button("Markdown 报告", to_markdown(plans_only), f"{stem}.md", "text/markdown")
