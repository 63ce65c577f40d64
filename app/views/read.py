"""阅读: a document's contents as a folding tree, one clause with its neighbours, its chapter or
the whole document, previous/next, and a full link to share."""
from __future__ import annotations

import html

import streamlit as st

from app import toc
from app.state import get_index, guarded, init_session, read_url, show_in_url, url_news
from index.search import Index
from ingest import Clause
from ingest.clause import dated
from ingest.errors import PlanKBError

PAGE = "read"
DEFAULT_DOC = "城乡规划法"
SCOPES = {"clause": "本条", "chapter": "本章", "document": "全文"}
PREVIEW = 300


@st.cache_resource(max_entries=64, show_spinner=False)
def units(generation: str, doc_id: str, _index: Index) -> tuple[list[Clause], list[toc.TocNode]]:
    """A document's units and contents tree, read once per generation."""
    clauses = _index.clauses(doc_id)
    return clauses, toc.build(clauses)


def find_position(index: Index, doc_id: str, clauses: list[Clause], label: str) -> int | None:
    """Where a link's label (第22条, 二十二, （24）…) is in the document, if it is there."""
    found = index.find_clause(doc_id, label)
    return next((n for n, c in enumerate(clauses) if found and c.seq == found.seq), None)


def follow_link(index: Index) -> None:
    """Apply a link's doc/label (first load, pasted link) to the session's selection."""
    news = url_news(PAGE, ("doc", "label"))
    if not news.get("doc"):
        return
    record = index.find_document(news["doc"])
    if record is None:
        st.session_state["read_notice"] = f"知识库中没有文件“{news['doc']}”，可能已被删除；已打开默认文件。"
        return
    st.session_state["read_doc"] = record.doc_id
    st.session_state["read_pos"] = None
    if news.get("label"):
        clauses, _ = units(index.folder.name, record.doc_id, index)
        pos = find_position(index, record.doc_id, clauses, news["label"])
        if pos is None:
            st.session_state["read_notice"] = f"《{record.title}》中没有“{news['label']}”；已打开文件开头。"
        st.session_state["read_pos"] = pos


def go(pos: int) -> None:
    st.session_state["read_pos"] = pos


def new_document() -> None:
    st.session_state["read_pos"] = None


def contents(clauses: list[Clause], tree: list[toc.TocNode], pos: int) -> None:
    """The contents as a tree that folds: top-level headings open where the reader is."""
    chain = toc.containing(tree, pos)
    st.header("目录")
    for node in tree:
        with st.expander(node.title, expanded=bool(chain) and node is chain[0]):
            _entries(clauses, node, pos, depth=0)


def _entries(clauses: list[Clause], node: toc.TocNode, pos: int, depth: int) -> None:
    for p in node.units:
        st.button(toc.entry(clauses[p]), key=f"toc-{p}", type="tertiary", on_click=go, args=(p,),
                  icon=":material/chevron_right:" if p == pos else None)
    for child in node.children:
        st.markdown(f"{'#' * min(6, depth + 5)} {html.escape(child.title)}" if depth < 2
                    else f"**{html.escape(child.title)}**")
        _entries(clauses, child, pos, depth + 1)


def body_text(c: Clause) -> str:
    """The clause's text without its own title line (第五条 发展定位), which the heading above
    already shows; a first line that says more than the title stays."""
    first, newline, rest = c.text.partition("\n")
    if c.title and newline and "".join(first.split()) in ("".join(f"{c.label}{c.title}".split()), "".join(c.title.split())):
        return rest
    return c.text


def clause_html(c: Clause, current: bool = False) -> str:
    page = f"<span style='color:gray'>（第 {c.page} 页）</span>" if c.page else ""
    head = f"<b>{html.escape(c.label)}{(' ' + html.escape(c.title)) if c.title else ''}</b>{page}"
    body = html.escape(body_text(c)).replace("\n", "<br>")
    style = "border-left:4px solid #ff4b4b;padding-left:0.6em;" if current else ""
    return f"<div style='{style}margin:0.6em 0'>{head}<br>{body}</div>"


def show_span(clauses: list[Clause], positions: list[int], pos: int) -> None:
    """Several units in order, with a heading line where the heading path changes."""
    path: tuple[str, ...] = ()
    block: list[str] = []
    for p in positions:
        c = clauses[p]
        if c.path != path:
            block.append(f"<div style='color:gray;margin-top:1em'>{html.escape(' › '.join(c.path))}</div>")
            path = c.path
        block.append(clause_html(c, current=p == pos))
    st.markdown("".join(block), unsafe_allow_html=True)


def show_clause(clauses: list[Clause], pos: int) -> None:
    c = clauses[pos]
    with st.container(border=True):
        if c.path:
            st.caption(" › ".join(c.path))
        page = f"（第 {c.page} 页）" if c.page else ""
        st.markdown(f"### {c.label}{(' ' + c.title) if c.title else ''}{page}")
        st.markdown(html.escape(body_text(c)).replace("\n", "<br>"), unsafe_allow_html=True)
    for n, word in ((pos - 1, "上一条"), (pos + 1, "下一条")):
        if 0 <= n < len(clauses):
            near = clauses[n]
            preview = html.escape(near.text[:PREVIEW]) + ("…" if len(near.text) > PREVIEW else "")
            st.markdown(f"<div style='color:gray'>{word}：{preview}</div>", unsafe_allow_html=True)


@guarded
def main() -> None:
    init_session()
    try:
        index = get_index()
    except PlanKBError as exc:
        st.error(str(exc))
        return
    titles = {d.doc_id: d.title for d in index.docs}
    follow_link(index)
    if st.session_state.get("read_doc") not in titles:
        default = index.by_id.get(st.session_state.get("last_doc", "")) or index.find_document(DEFAULT_DOC)
        st.session_state["read_doc"] = default.doc_id if default else next(iter(titles))
        st.session_state["read_pos"] = None
    notice = st.session_state.pop("read_notice", None)
    if notice:
        st.warning(notice)

    ids: list[str] = list(titles)
    doc_id: str = st.selectbox("选择文件", ids, format_func=lambda i: titles[i], key="read_doc", on_change=new_document,
                          persist_state="session")
    record = index.by_id[doc_id]
    clauses, tree = units(index.folder.name, doc_id, index)
    if not clauses:
        st.warning(f"《{record.title}》没有可显示的条目。")
        return
    pos = st.session_state.get("read_pos")
    if not isinstance(pos, int) or not 0 <= pos < len(clauses):
        st.session_state["read_pos"] = pos = toc.default_position(clauses)

    st.title(record.title)
    meta = " · ".join(x for x in (record.kind, record.doc_number, record.issuing_body, record.region,
                                  *dated(record), record.validity) if x)
    st.caption(f"{meta} · {record.clause_count} 条目")
    with st.sidebar:
        contents(clauses, tree, pos)

    left, mid, right, scope_col = st.columns([1, 4, 1, 3], vertical_alignment="bottom")
    left.button("上一条", icon=":material/arrow_back:", on_click=go, args=(pos - 1,), disabled=pos == 0)
    mid.selectbox("条目", list(range(len(clauses))), format_func=lambda p: toc.entry(clauses[p]), key="read_pos",
                  persist_state="session")
    right.button("下一条", icon=":material/arrow_forward:", on_click=go, args=(pos + 1,),
                 disabled=pos >= len(clauses) - 1)
    scope = scope_col.segmented_control("显示范围", list(SCOPES), format_func=lambda s: SCOPES[s], key="read_scope",
                                        default="clause", persist_state="session") or "clause"

    c = clauses[pos]
    if scope == "clause":
        show_clause(clauses, pos)
    elif scope == "chapter":
        node = toc.chapter(tree, pos)
        show_span(clauses, node.positions() if node else [pos], pos)
    else:
        show_span(clauses, list(range(len(clauses))), pos)
    page = f"（第{c.page}页）" if c.page else ""
    st.markdown("**引用**")
    st.code(c.citation + page, language=None)
    st.markdown("**分享链接**（复制后发给同事，打开即是这一条）")
    st.code(read_url(doc_id, c.label), language=None, wrap_lines=True)
    show_in_url(PAGE, {"doc": doc_id, "label": c.label})
    st.session_state["last_doc"] = doc_id


main()
