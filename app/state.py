"""Shared state of the Streamlit app: settings, the index (loaded once per process and
shared by all sessions), session defaults, the URL and links, and small rendering helpers."""
from __future__ import annotations

import functools
import html
import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

import streamlit as st

from index.lifecycle import seed_bundled
from index.search import Index, highlight_terms
from index.store import current_generation
from ingest import SUPPORTED_SUFFIXES
from ingest.errors import IndexMissing
from ingest.settings import Settings

MODES = {"hybrid": "综合（推荐）", "dense": "语义", "keyword": "关键词"}
# what the upload widgets accept: every readable type, plus old Office formats, so that a .doc
# gets the reader's own message (另存为 DOCX) instead of the widget's refusal
UPLOAD_TYPES = sorted({s.lstrip(".") for s in SUPPORTED_SUFFIXES} | {"doc", "wps", "rtf"})
SESSION_DEFAULTS = {"mode": "hybrid", "k": 10, "confirm_remove": None,
                    # 规划体检: the open run (None: the URL's or the latest; 0: none on purpose)
                    "check_run": None, "check_errors": [], "confirm_delete_run": None,
                    # 检索: the conversation's last few turns (app.views.answer_panel.Turn), oldest first
                    "conversation": []}
# contents entries (tertiary buttons in the sidebar) read as a list, left-aligned
STYLE = """<style>
section[data-testid=stSidebar] button[kind=tertiary] { justify-content: flex-start; text-align: left; width: 100%; }
section[data-testid=stSidebar] button[kind=tertiary] p { text-align: left; }
</style>"""
UNEXPECTED = "出现了意外错误，已记录在服务器日志中。请刷新页面重试；如果反复出现，请联系管理员。"

log = logging.getLogger("plankb.app")
F = TypeVar("F", bound=Callable[..., Any])


def settings() -> Settings:
    """The app's one Settings (environment, then defaults); configures the tokenizer's
    dictionaries (Settings.dict_dir) for this process."""
    from ingest.tokenize import configure
    value = Settings.from_env()
    configure(value.dict_dir)
    return value


def init_session() -> None:
    """Session-state defaults, set in one place."""
    for key, value in SESSION_DEFAULTS.items():
        st.session_state.setdefault(key, list(value) if isinstance(value, list) else value)


@st.cache_resource(max_entries=2, show_spinner="正在加载知识库……")
def _load(home: str, generation: str) -> Index:
    return Index.open(replace(settings(), home=Path(home)))


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


# -- errors -------------------------------------------------------------------------------
def report_unexpected(exc: BaseException) -> None:
    """The last resort: the traceback to the server log, one Chinese sentence to the user."""
    log.error("unexpected error in the app", exc_info=exc)
    st.error(UNEXPECTED)


def guarded(fn: F) -> F:
    """Run a page part (e.g. a fragment, which reruns on its own) with the last-resort handler."""
    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Exception as exc:  # Streamlit's stop/rerun signals are BaseException: they pass
            report_unexpected(exc)
            return None
    return run  # type: ignore[return-value]


# -- the URL --------------------------------------------------------------------------------
def url_news(page: str, names: tuple[str, ...]) -> dict[str, str]:
    """Query parameters this session has not seen on `page` yet: those of the first load, of a
    pasted or followed link. Afterwards the URL follows the state (see `show_in_url`), so a
    parameter the app itself wrote is never read back over what the user chose since."""
    now = {n: st.query_params[n] for n in names if st.query_params.get(n)}
    seen: dict[str, dict[str, str]] = st.session_state.setdefault("_url_seen", {})
    if seen.get(page) == now:
        return {}
    seen[page] = now
    return now


def show_in_url(page: str, values: dict[str, str]) -> None:
    """Put the page's state into the URL (shareable, survives a reload)."""
    values = {k: v for k, v in values.items() if v}
    current = {k: st.query_params.get(k) for k in values}
    if current != values or set(st.query_params) - set(values):
        st.query_params.from_dict(values)
    st.session_state.setdefault("_url_seen", {})[page] = values


def app_origin() -> str:
    """scheme://host[:port] as the user's browser reached the app (behind a proxy too)."""
    try:
        url = st.context.url or ""
    except Exception:  # no browser context (AppTest, bare script run)
        url = ""
    parts = urlsplit(url)
    headers = _headers()
    scheme = headers.get("X-Forwarded-Proto") or parts.scheme or "http"
    host = headers.get("X-Forwarded-Host") or parts.netloc or headers.get("Host") or "localhost:8501"
    return f"{scheme.split(',')[0].strip()}://{host.split(',')[0].strip()}"


def _headers() -> dict[str, str]:
    try:
        return dict(st.context.headers or {})
    except Exception:
        return {}


def read_path(doc_id: str, label: str = "") -> str:
    """The app-relative link that opens 阅读 at one clause."""
    return f"read?doc={quote(doc_id)}" + (f"&label={quote(label)}" if label else "")


def read_url(doc_id: str, label: str = "") -> str:
    """The full link to one clause, to paste into a message (opens the same view anywhere)."""
    return f"{app_origin()}/{read_path(doc_id, label)}"


# -- rendering ------------------------------------------------------------------------------
def marked(text: str, terms: tuple[str, ...]) -> str:
    """HTML of `text` with the matched terms marked; everything else escaped."""
    out, pos = [], 0
    for start, end in highlight_terms(text, terms):
        out.append(html.escape(text[pos:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out).replace("\n", "<br>")
