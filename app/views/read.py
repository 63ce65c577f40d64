"""阅读: a document's table of contents and any clause, each with a shareable link."""
from __future__ import annotations

import html

import streamlit as st

from app.state import get_index, init_session, read_link
from ingest.errors import PlanKBError

init_session()
try:
    index = get_index()
except PlanKBError as exc:
    st.error(str(exc))
    st.stop()

titles = {d.doc_id: d.title for d in index.docs}
wanted = st.query_params.get("doc")
if wanted and wanted not in titles:
    st.warning(f"知识库中没有文件“{wanted}”，可能已被删除。")
    wanted = None
ids = list(titles)
doc_id = st.selectbox("选择文件", ids, index=ids.index(wanted) if wanted else 0, format_func=titles.get)
record = index.by_id[doc_id]
clauses = index.clauses(doc_id)
labels = [c.label for c in clauses]
wanted_label = st.query_params.get("label") if st.query_params.get("doc") == doc_id else None
if wanted_label and wanted_label not in labels:
    st.warning(f"《{record.title}》中没有“{wanted_label}”。")
    wanted_label = None

st.title(record.title)
meta = " · ".join(x for x in (record.kind, record.issuing_body, record.region,
                              f"最近修订或通过 {record.date}" if record.date else "") if x)
st.caption(f"{meta} · {record.clause_count} 条目")

with st.sidebar:
    st.header("目录")
    current_path: tuple[str, ...] = ()
    toc = []
    for c in clauses:
        if c.path != current_path:
            for depth, part in enumerate(c.path):
                if depth >= len(current_path) or current_path[depth] != part:
                    toc.append("&nbsp;" * 2 * depth + f"<b>{html.escape(part)}</b>")
            current_path = c.path
        toc.append("&nbsp;" * 2 * len(c.path)
                   + f'<a href="{read_link(doc_id, c.label)}" target="_self">{html.escape(c.label)}</a>'
                   + (f" {html.escape(c.title)}" if c.title else ""))
    st.markdown("<br>".join(toc), unsafe_allow_html=True)

selected = st.selectbox("条目", labels, index=labels.index(wanted_label) if wanted_label else 0)
pos = labels.index(selected)
st.query_params["doc"] = doc_id
st.query_params["label"] = selected
for offset in (-1, 0, 1):
    n = pos + offset
    if not 0 <= n < len(clauses):
        continue
    c = clauses[n]
    with st.container(border=offset == 0):
        if c.path and (offset == 0 or c.path != clauses[pos].path):
            st.caption(" › ".join(c.path))
        page = f"（第 {c.page} 页）" if c.page else ""
        if offset == 0:
            st.markdown(f"### {c.label}{(' ' + c.title) if c.title else ''}{page}")
            st.markdown(html.escape(c.text).replace("\n", "<br>"), unsafe_allow_html=True)
            st.code(c.citation + page, language=None)
            st.markdown(f'分享链接：<a href="{read_link(doc_id, c.label)}" target="_self">'
                        f'read?doc={html.escape(doc_id)}&amp;label={html.escape(c.label)}</a>', unsafe_allow_html=True)
        else:
            st.markdown(f"<span style='color:gray'>{'上一条' if offset < 0 else '下一条'}：</span>",
                        unsafe_allow_html=True)
            preview = html.escape(c.text[:300]) + ("…" if len(c.text) > 300 else "")
            st.markdown(f"<div style='color:gray'>{preview}</div>", unsafe_allow_html=True)
