"""plankb in the browser: 检索 (search), 阅读 (read), 规划体检 (check), 文库 (library)."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `streamlit run app/streamlit_app.py` from anywhere
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from app.chinese import localise  # noqa: E402
from app.state import STYLE, init_session, report_unexpected  # noqa: E402

PAGES = Path(__file__).parent / "views"
SEARCH = st.Page(PAGES / "search.py", title="检索", icon=":material/search:", url_path="search")


def home() -> None:
    """The app's root opens 检索 with whatever the link carried (/?q=… as /search?q=…)."""
    st.switch_page(SEARCH, query_params=st.query_params.to_dict())


try:
    st.set_page_config(page_title="plankb 政策规划知识库", page_icon=":material/menu_book:", layout="wide")
    localise()
    st.html(STYLE)
    init_session()
    navigation = st.navigation([
        st.Page(home, title="首页", url_path="home", default=True, visibility="hidden"),
        SEARCH,
        st.Page(PAGES / "read.py", title="阅读", icon=":material/menu_book:", url_path="read"),
        st.Page(PAGES / "check.py", title="规划体检", icon=":material/fact_check:", url_path="check"),
        st.Page(PAGES / "library.py", title="文库", icon=":material/folder_open:", url_path="library"),
    ])
    navigation.run()
except Exception as exc:  # the last resort: no traceback reaches a user (stop/rerun are BaseException)
    report_unexpected(exc)
