"""检索: one question box, filters in the sidebar, an answer with citations (回答, see
answer_panel) above the result cards.

The question box, the answer and the results are one fragment: a new question reruns only that
part, not the sidebar. The question lives in the session (keyed widget) and the URL follows it;
a follow-up's URL carries the question as searched (村庄规划要公示多久？), which stands alone.
"""
from __future__ import annotations

import html
import time

import streamlit as st

from app.state import (
    MODES,
    get_index,
    guarded,
    init_session,
    marked,
    read_path,
    show_in_url,
    url_news,
)
from app.views import answer_panel
from index.search import Filters, Hit, Index
from ingest import KINDS
from ingest.errors import PlanKBError

PAGE = "search"
EXAMPLE = "例如：村庄规划报批前要经过什么程序？"


@st.cache_resource(max_entries=4, show_spinner=False)
def filter_options(generation: str, _index: Index) -> dict:
    """The sidebar's choices, computed once per generation of the knowledge base."""
    regions = sorted({d.region for d in _index.docs if d.region})
    provinces = sorted({r[:r.find("省") + 1] if "省" in r else r[:3] for r in regions})
    return {"regions": ["全部", "仅全国性文件", *provinces, *[r for r in regions if r not in provinces]],
            "titles": {d.doc_id: d.title for d in _index.docs},
            "years": sorted({int(d.date[:4]) for d in _index.docs if d.date})}


def sidebar(index: Index) -> tuple[str, int, Filters]:
    options = filter_options(index.folder.name, index)
    titles, years = options["titles"], options["years"]
    with st.sidebar:
        st.header("检索设置")
        mode = st.radio("检索方式", list(MODES), format_func=MODES.get, key="mode", persist_state="session")
        k = st.slider("结果条数", 5, 30, key="k", persist_state="session")
        kind = st.selectbox("文件类型", ["全部", *KINDS], key="f_kind", persist_state="session")
        region = st.selectbox("地区", options["regions"], key="f_region", persist_state="session")
        doc = st.selectbox("文件", ["全部", *titles], format_func=lambda x: titles.get(x, x), key="f_doc",
                           persist_state="session")
        span = (st.slider("年份（最近修订或通过）", years[0], years[-1], (years[0], years[-1]), key="f_years",
                          persist_state="session") if len(years) > 1 else None)
    filters = Filters(
        kind=None if kind == "全部" else kind,
        region=None if region in ("全部", "仅全国性文件") else region,
        national=region == "仅全国性文件",
        doc=None if doc in ("全部", None) else doc,
        date_from=f"{span[0]}-01-01" if span and span[0] != years[0] else None,
        date_to=f"{span[1]}-12-31" if span and span[1] != years[-1] else None,
    )
    return mode, k, filters


@st.fragment
@guarded
def answer(index: Index, mode: str, k: int, filters: Filters) -> None:
    news = url_news(PAGE, ("q",))
    if "q" in news:  # a link or a reload that carries a question: it stands alone
        st.session_state["q_box"] = news["q"]
        answer_panel.new_conversation(clear_box=False)
    query = st.text_input("问题或条文", key="q_box", placeholder=EXAMPLE, persist_state="session").strip()
    show_in_url(PAGE, {"q": query})
    if not query:
        st.info("请输入一个问题，例如“村庄规划报批前要经过什么程序？”或“土地管理法第六十二条”。")
        return
    turn = answer_panel.respond(index, query, mode, filters)
    searched = turn.answer.rewritten.strip() if turn and turn.answer.rewritten.strip() else query
    show_in_url(PAGE, {"q": searched})
    started = time.perf_counter()
    try:
        hits = index.search(searched, k=k, mode=mode, filters=filters)
        notes = index.citation_notes(searched, filters)
    except PlanKBError as exc:
        st.error(str(exc))
        return
    elapsed = (time.perf_counter() - started) * 1000
    for note in notes:
        st.warning(note.message)
    if not hits:
        st.warning("没有找到相关条文。可以换个说法、减少筛选条件，或检查文件是否已入库。")
        return
    answered = f"，回答用时 {turn.seconds:.1f} 秒" if turn else ""
    st.caption(f"“{query}”：找到 {len(hits)} 条，检索用时 {elapsed:.0f} 毫秒{answered}")
    for hit in hits:
        card(hit)


def card(hit: Hit) -> None:
    c = hit.clause
    page = f" · 第 {c.page} 页" if c.page else ""
    scan = (f" · OCR 识别（置信度 {c.confidence:.2f}）" if c.confidence else " · OCR 识别") if c.ocr else ""
    path = f'<div style="color:gray;font-size:0.9em">{html.escape(" › ".join(c.path))}</div>' if c.path else ""
    with st.container(border=True):
        # one HTML block and one copyable citation per card: few elements keep each answer cheap to send
        st.markdown(f"<b>{hit.rank}. 《{html.escape(c.doc_title)}》{html.escape(c.label)}</b>{page}{scan}{path}"
                    f'<div class="clause-text" style="margin:0.4em 0">{marked(c.text, hit.matched_terms)}</div>'
                    f'<a href="{read_path(c.doc_id, c.label)}" target="_self">在原文中查看 →</a>',
                    unsafe_allow_html=True)
        st.code(c.citation + (f"（第{c.page}页）" if c.page else ""), language=None)


init_session()
st.title("检索")
st.caption("用自然语言提问，或输入条文引用，如“土地管理法第六十二条”。")
try:
    kb = get_index()
except PlanKBError as exc:
    st.error(str(exc))
    st.stop()
answer(kb, *sidebar(kb))
