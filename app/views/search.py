"""检索: one question box, filters in the sidebar, result cards with citations."""
from __future__ import annotations

import html
import time

import streamlit as st

from app.state import KINDS, MODES, get_index, init_session, marked, read_link
from index.search import Filters
from ingest.errors import PlanKBError

init_session()
st.title("检索")
st.caption("用自然语言提问，或输入条文引用，如“土地管理法第六十二条”。")

try:
    index = get_index()
except PlanKBError as exc:
    st.error(str(exc))
    st.stop()

with st.sidebar:
    st.header("检索设置")
    mode = st.radio("检索方式", list(MODES), format_func=MODES.get, key="mode")
    k = st.slider("结果条数", 5, 30, key="k")
    kind = st.selectbox("文件类型", ["全部", *KINDS])
    regions = sorted({d.region for d in index.docs if d.region})
    provinces = sorted({r[:r.find("省") + 1] if "省" in r else r[:3] for r in regions})
    region = st.selectbox("地区", ["全部", "仅全国性文件", *provinces, *[r for r in regions if r not in provinces]])
    titles = {d.doc_id: d.title for d in index.docs}
    doc = st.selectbox("文件", ["全部", *titles], format_func=lambda x: titles.get(x, x))
    years = sorted({int(d.date[:4]) for d in index.docs if d.date})
    year_range = st.slider("年份（最近修订或通过）", years[0], years[-1], (years[0], years[-1])) if years else None

query = st.text_input("问题或条文", value=st.query_params.get("q", ""), placeholder="例如：村庄规划报批前要经过什么程序？")
if not query.strip():
    st.info("请输入一个问题，例如“村庄规划报批前要经过什么程序？”或“土地管理法第六十二条”。")
    st.stop()

filters = Filters(
    kind=None if kind == "全部" else kind,
    region=None if region in ("全部", "仅全国性文件") else region,
    national=region == "仅全国性文件",
    doc=None if doc == "全部" else doc,
    date_from=f"{year_range[0]}-01-01" if year_range and year_range[0] != years[0] else None,
    date_to=f"{year_range[1]}-12-31" if year_range and year_range[1] != years[-1] else None,
)
started = time.perf_counter()
try:
    hits = index.search(query.strip(), k=k, mode=mode, filters=filters)
except PlanKBError as exc:
    st.error(str(exc))
    st.stop()
elapsed = (time.perf_counter() - started) * 1000
st.query_params["q"] = query.strip()

if not hits:
    st.warning("没有找到相关条文。可以换个说法、减少筛选条件，或检查文件是否已入库。")
    st.stop()
st.caption(f"找到 {len(hits)} 条，用时 {elapsed:.0f} 毫秒")
for hit in hits:
    c = hit.clause
    page = f" · 第 {c.page} 页" if c.page else ""
    scan = (f" · OCR 识别（置信度 {c.confidence:.2f}）" if c.confidence else " · OCR 识别") if c.ocr else ""
    path = f'<div style="color:gray;font-size:0.9em">{html.escape(" › ".join(c.path))}</div>' if c.path else ""
    with st.container(border=True):
        # one HTML block and one copyable citation per card: few elements keep each answer cheap to send
        st.markdown(f"<b>{hit.rank}. 《{html.escape(hit.doc_title)}》{html.escape(c.label)}</b>{page}{scan}{path}"
                    f'<div class="clause-text" style="margin:0.4em 0">{marked(c.text, hit.matched_terms)}</div>'
                    f'<a href="{read_link(c.doc_id, c.label)}" target="_self">在原文中查看 →</a>',
                    unsafe_allow_html=True)
        st.code(c.citation + (f"（第{c.page}页）" if c.page else ""), language=None)
