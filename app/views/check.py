"""规划体检: check one or many village plans against the requirement catalogue."""
from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from app.state import init_session, settings
from app.uploads import save_uploads
from gapcheck import check_many, load_catalogue
from gapcheck.report import STATUS_COLOUR, STATUS_ZH, to_html, to_markdown, to_xlsx
from ingest import SUPPORTED_SUFFIXES
from ingest.errors import PlanKBError

init_session()
st.title("规划体检")
st.caption("上传村庄规划（可多份），逐项对照法律政策要求：已覆盖 / 部分覆盖 / 缺失 / 冲突。上传的规划只用于体检，不会加入文库。")
cfg = settings()


@st.cache_resource(show_spinner="正在载入要求目录……")
def catalogue(name: str):  # type: ignore[no-untyped-def]
    return load_catalogue(name)


try:
    cat = catalogue("village_plan")
except PlanKBError as exc:
    st.error(str(exc))
    st.stop()

uploads = st.file_uploader("村庄规划文件（PDF、DOCX、TXT、MD、HTML）", type=[s.lstrip(".") for s in SUPPORTED_SUFFIXES],
                           accept_multiple_files=True, key="plans")
if uploads and st.button("开始体检", type="primary"):
    paths, refused = save_uploads(cfg.home / "checks", [(u.name, u.getvalue()) for u in uploads], cfg.max_bytes)
    bar = st.progress(0.0, text="体检中……")
    reports, errors = check_many(paths, cat, cfg,
                                 progress=lambda n, t, f: bar.progress(n / t, text=f"体检 {n}/{t}"))
    bar.progress(1.0, text="完成")
    st.session_state["check_reports"] = reports
    st.session_state["check_errors"] = refused + errors

for message in st.session_state.get("check_errors", []):
    st.error(message)
reports = st.session_state.get("check_reports", [])
if not reports:
    st.info("请上传一份或多份村庄规划，然后点击“开始体检”。")
    st.stop()

ids = [r.id for r in cat.requirements]
names = {r.id: r.name for r in cat.requirements}
plans = [r.title or r.plan for r in reports]
grid = pd.DataFrame([[STATUS_ZH[r.status(i)] for i in ids] for r in reports], index=plans, columns=ids)
colour = {STATUS_ZH[k]: v for k, v in STATUS_COLOUR.items()}
st.subheader("总览")
st.caption("点击格子查看证据与依据。")
event = st.dataframe(grid.style.map(lambda v: f"background-color: {colour.get(v, '')}"),
                     on_select="rerun", selection_mode="single-cell", key="grid", use_container_width=True)
cells = getattr(getattr(event, "selection", None), "cells", None) or []
if cells:
    row, col = cells[0]
    st.session_state["sel_plan"] = plans[row]
    st.session_state["sel_req"] = col if col in ids else ids[0]
with st.expander("各要求编号的含义"):
    st.markdown("<br>".join(f"<b>{i}</b> {html.escape(names[i])}" for i in ids), unsafe_allow_html=True)

st.subheader("详情")
left, right = st.columns(2)
plan_name = left.selectbox("规划", plans, key="sel_plan")
rid = right.selectbox("要求", ids, format_func=lambda i: f"{i} {names[i]}", key="sel_req")
report = reports[plans.index(plan_name)]
finding = next(f for f in report.findings if f.requirement.id == rid)
st.markdown(f"**{rid} {html.escape(finding.requirement.name)}：{STATUS_ZH[finding.status]}**"
            f"（已有子项：{'、'.join(finding.present) or '无'}）", unsafe_allow_html=True)
ev_col, basis_col = st.columns(2)
with ev_col:
    st.markdown("**规划中的证据**")
    if not finding.evidence:
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

with st.form("review"):
    st.markdown("**复核**")
    options = ["接受", *[STATUS_ZH[s] for s in ("covered", "partial", "missing", "conflict")]]
    current = finding.review.get("status")
    decision = st.radio("结论", options, index=options.index(STATUS_ZH[current]) if current else 0, horizontal=True)
    comment = st.text_input("意见", finding.review.get("comment", ""))
    if st.form_submit_button("保存复核"):
        back = {v: k for k, v in STATUS_ZH.items()}
        finding.review = {"status": finding.status if decision == "接受" else back[decision], "comment": comment}
        st.success("已记录复核意见，下载的报告会包含它。")

if report.indicators:
    st.subheader("指标检查")
    st.dataframe(pd.DataFrame([{"指标": i.name, "基期": i.base, "目标": i.target, "单位": i.unit,
                                "结论": {"ok": "符合", "conflict": "冲突", "unknown": "未检查"}[i.status],
                                "规则": i.rule} for i in report.indicators]), hide_index=True, use_container_width=True)

st.subheader("下载报告")
c1, c2, c3 = st.columns(3)
c1.download_button("Excel 报告", to_xlsx(reports), "村庄规划体检报告.xlsx",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
c2.download_button("网页报告", to_html(reports), "村庄规划体检报告.html", "text/html")
c3.download_button("Markdown 报告", to_markdown(reports), "村庄规划体检报告.md", "text/markdown")
