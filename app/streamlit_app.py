"""plankb in the browser: 检索 (search), 阅读 (read), 文库 (library)."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `streamlit run app/streamlit_app.py` from anywhere
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from app.state import init_session  # noqa: E402

st.set_page_config(page_title="plankb 政策规划知识库", page_icon=":material/menu_book:", layout="wide")
init_session()
PAGES = Path(__file__).parent / "views"
navigation = st.navigation([
    st.Page(PAGES / "search.py", title="检索", icon=":material/search:", url_path="search", default=True),
    st.Page(PAGES / "read.py", title="阅读", icon=":material/menu_book:", url_path="read"),
    st.Page(PAGES / "check.py", title="规划体检", icon=":material/fact_check:", url_path="check"),
    st.Page(PAGES / "library.py", title="文库", icon=":material/folder_open:", url_path="library"),
])
navigation.run()
