"""Shared state of the Streamlit app: settings, the index (loaded once per process and
shared by all sessions), session defaults, and small rendering helpers."""
from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import quote

import streamlit as st

from index.lifecycle import seed_bundled
from index.search import Index, highlight_terms
from index.store import current_generation
from ingest import SUPPORTED_SUFFIXES
from ingest.errors import IndexMissing
from ingest.settings import Settings

KINDS = ("法律", "行政法规", "地方性法规", "司法解释", "政策文件", "规划", "其他")
MODES = {"hybrid": "综合（推荐）", "dense": "语义", "keyword": "关键词"}
# what the upload widgets accept: every readable type, plus old Office formats, so that a .doc
# gets the reader's own message (另存为 DOCX) instead of the widget's refusal
UPLOAD_TYPES = sorted({s.lstrip(".") for s in SUPPORTED_SUFFIXES} | {"doc", "wps", "rtf"})
SESSION_DEFAULTS = {"mode": "hybrid", "k": 10, "confirm_remove": None}


def settings() -> Settings:
    return Settings.from_env()


def init_session() -> None:
    """Session-state defaults, set in one place."""
    for key, value in SESSION_DEFAULTS.items():
        st.session_state.setdefault(key, value)


@st.cache_resource(max_entries=2, show_spinner="正在加载知识库……")
def _load(home: str, generation: str) -> Index:
    return Index.open(Settings.from_env(home=Path(home)))


def get_index() -> Index:
    """The live index. Cached per generation: after an upload every session sees the new one.

    Raises:
        IndexMissing: nothing indexed and no bundled index to start from.
    """
    s = settings()
    generation = current_generation(s.home)
    if generation is None:
        seed_bundled(s)
        generation = current_generation(s.home)
    if generation is None:
        raise IndexMissing("知识库为空：请在“文库”页面上传文件，或在命令行运行 plankb build")
    return _load(str(s.home), generation.name)


def read_link(doc_id: str, label: str) -> str:
    """A link that opens the app at one clause (shareable)."""
    return f"read?doc={quote(doc_id)}&label={quote(label)}"


def marked(text: str, terms: tuple[str, ...]) -> str:
    """HTML of `text` with the matched terms marked; everything else escaped."""
    out, pos = [], 0
    for start, end in highlight_terms(text, terms):
        out.append(html.escape(text[pos:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out).replace("\n", "<br>")
