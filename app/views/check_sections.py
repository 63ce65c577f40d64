"""规划体检, per plan: why a document is not a village plan, its 规划传导 findings and its 程序
(the villagers' meeting and the 公示). Rendering only; the page decides when each is shown.

What could not be read is shown as 无法核实 in its own colour, never as passed.
"""
from __future__ import annotations

import html
from typing import Literal

import pandas as pd
import streamlit as st

from app.views.check_upper import NOT_USED, USED
from gapcheck.catalogue import Basis
from gapcheck.procedure import MEETING_ZH, PUBLICITY_ZH, Meeting, Publicity
from gapcheck.report import Report
from gapcheck.transmission import KINDS_ZH

NOT_PLAN = "非村庄规划"
NOT_PLAN_COLOUR = "#e0e0e0"
MISSING = "未载明"
# the colour of a procedure check's verdict badge
Colour = Literal["green", "orange", "red"]
VERDICT_COLOUR: dict[str, Colour] = {"ok": "green", "unverifiable": "orange"}   # anything else failed: red


def notes(report: Report) -> list[str]:
    """The report's warnings a reviewer should read (the not-a-plan reasons and the page's own
    upper-plan notes are shown in their sections)."""
    return [w for w in report.warnings
            if not w.startswith((USED, NOT_USED)) and not (not report.is_plan and w.startswith("本文件不是村庄规划"))]


def not_a_plan(report: Report) -> None:
    st.markdown(f"**{NOT_PLAN}**")
    with st.container(border=True):
        st.markdown("本文件不是村庄规划，未按村庄规划逐项体检，也不检查指标、规划传导和程序。判断依据：")
        reasons = report.not_plan_reasons or ["文件不具备村庄规划的基本内容"]
        st.markdown("\n".join(f"- {html.escape(r)}" for r in reasons), unsafe_allow_html=True)
    st.caption("如果它确实是村庄规划，请上传完整的规划文本（含规划期限、规划指标表和管控内容）后重新体检。")


def transmission(report: Report) -> None:
    st.subheader("规划传导")
    if report.procedure is None:  # 传导 and 程序 are checked together: an older record has neither
        st.info("这次体检的记录早于规划传导核查，未检查。重新体检可补上这一项。")
        return
    used = next((w.removeprefix(USED) for w in report.warnings if w.startswith(USED)), "")
    unused = next((w.removeprefix(NOT_USED) for w in report.warnings if w.startswith(NOT_USED)), "")
    if used:
        st.caption(f"核对“发展目标—规划指标—近期项目”的传导，并对照上位规划《{used}》下达的约束性指标。")
    elif unused:
        st.caption(f"核对“发展目标—规划指标—近期项目”的传导；未对照上位规划：{unused}。")
    else:
        st.caption("核对“发展目标—规划指标—近期项目”的传导。本次体检没有上传上位规划，未核对上位规划下达的指标。")
    if not report.transmission:
        st.success("未发现目标—指标—项目传导问题。")
        return
    rows = [{"类型": KINDS_ZH.get(t.kind, t.kind), "对象": t.subject, "说明": t.detail, "规划原文": t.evidence,
             "页码": str(t.page) if t.page is not None else "", "上位规划": t.upper or ""}
            for t in report.transmission]
    st.table(pd.DataFrame(rows), hide_index=True)


def _value(v: object, unit: str = "") -> str:
    return f"{v}{unit}" if v not in (None, "") else MISSING


def _verdict(status: str, words: dict[str, str]) -> None:
    label = words.get(status, status)
    st.badge(f"结论：{label}", color=VERDICT_COLOUR.get(status, "red"))
    if status == "unverifiable":
        st.caption("规划中读不出足以核实的记录，不视为通过，请人工核实。")


def _source(evidence: str, page: int | None) -> None:
    if evidence:
        st.caption("规划原文" + (f"（第 {page} 页）" if page else ""))
        st.markdown(f"> {html.escape(evidence)}".replace("\n", "<br>"), unsafe_allow_html=True)
    else:
        st.caption("规划原文：规划中没有相应记录。")


def _basis(basis: tuple[Basis, ...]) -> None:
    if not basis:
        return
    st.markdown("**法律依据**：" + "；".join(f"《{html.escape(b.title or b.doc)}》{html.escape(b.label)}" for b in basis),
                unsafe_allow_html=True)
    texts = [b for b in basis if b.text]
    if texts:
        with st.expander("依据条文"):
            for b in texts:
                st.caption(f"《{b.title or b.doc}》{b.label}")
                st.markdown(html.escape(b.text).replace("\n", "<br>"), unsafe_allow_html=True)


def _fields(pairs: list[tuple[str, str]]) -> None:
    """类型：村民代表会议　日期：… on one line, each pair kept whole where the line wraps."""
    st.markdown("　".join(f"<span style='white-space: nowrap'>{k}：<b>{html.escape(v)}</b></span>" for k, v in pairs),
                unsafe_allow_html=True)


def _meeting(m: Meeting) -> None:
    unit = "户" if m.households else "人"
    with st.container(border=True):
        st.markdown("**村民会议（村民代表会议）**")
        _verdict(m.status, MEETING_ZH)
        _fields([("类型", m.kind or MISSING), ("日期", _value(m.date)), ("应到", _value(m.total, unit)),
                 ("实到", _value(m.attended, unit)), ("同意", _value(m.votes_for, "票"))])
        if m.detail:
            st.markdown(html.escape(m.detail), unsafe_allow_html=True)
        _source(m.evidence, m.page)
        _basis(m.basis)


def _publicity(p: Publicity) -> None:
    with st.container(border=True):
        st.markdown("**规划公示**")
        _verdict(p.status, PUBLICITY_ZH)
        _fields([("起止日期", f"{p.start}至{p.end}" if p.start and p.end else _value(p.start or p.end)),
                 ("天数", _value(p.days, "日"))])
        if p.detail:
            st.markdown(html.escape(p.detail), unsafe_allow_html=True)
        _source(p.evidence, p.page)
        _basis(p.basis)


def procedure(report: Report) -> None:
    st.subheader("程序")
    if report.procedure is None:
        st.info("这次体检的记录早于程序核查，未检查村民会议和公示。重新体检可补上这一项。")
        return
    st.caption("核对规划报批前是否经村民会议或者村民代表会议讨论同意，以及规划草案公示是否不少于三十日。")
    left, right = st.columns(2)
    with left:
        _meeting(report.procedure.meeting)
    with right:
        _publicity(report.procedure.publicity)
