"""Chinese for Streamlit's own widget texts (upload box, input hints, tooltips, status).

Streamlit draws these texts in its browser code, in English, with no setting to change them.
A small script in the page rewrites exactly the known strings (text, tooltips, placeholders,
accessibility labels) as they appear; our own texts are Chinese already and are never touched.
"""
from __future__ import annotations

import json

import streamlit as st

# exact strings Streamlit 1.67 shows -> what a Chinese interface says
EXACT = {
    "Upload": "选择文件",
    "Upload directories": "选择文件夹",
    "Browse files": "选择文件",
    "Drag and drop files here": "将文件拖到这里",
    "Drag and drop a file here": "将文件拖到这里",
    "Press Enter to apply": "按回车键确认",
    "Press Enter to submit form": "按回车键提交",
    "Press Ctrl+Enter to apply": "按 Ctrl+回车 确认",
    "Press ⌘+Enter to apply": "按 ⌘+回车 确认",
    "Press Ctrl+Enter to submit form": "按 Ctrl+回车 提交",
    "Choose an option": "请选择",
    "Choose options": "请选择",
    "No results": "没有匹配项",
    "No options to select": "没有可选项",
    "No options to select.": "没有可选项",
    "No options": "没有可选项",
    "Running...": "处理中……",
    "Stop": "停止",
    "Copy to clipboard": "复制",
    "Copied": "已复制",
    "Copied!": "已复制",
    "Download as CSV": "下载为 CSV",
    "Download": "下载",
    "Search": "搜索",
    "Fullscreen": "全屏",
    "Close fullscreen": "退出全屏",
    "Show/hide columns": "显示或隐藏列",
    "Clear all": "全部清除",
    "Clear value": "清除",
    "Remove": "移除",
    "Delete": "删除",
    "Close": "关闭",
    "Open sidebar": "展开侧栏",
    "Collapse sidebar": "收起侧栏",
    "Expand sidebar": "展开侧栏",
    "Main menu": "主菜单",
    "Skip to main content": "跳到正文",
    "Link to heading": "链接到此标题",
    "file upload": "上传文件",
    "Connecting": "正在连接",
    "Connection error": "连接中断",
    "Please wait...": "请稍候……",
    "Page not found": "页面不存在",
    "add icon": "添加文件",
    "delete icon": "删除",
    "close icon": "关闭",
    "clear icon": "清除",
    "Show more": "展开",
    "Show less": "收起",
}
# strings with numbers in them: (regular expression, replacement)
PATTERNS = [
    (r"^(?:Limit )?(\d+(?:\.\d+)?)\s*([KMG]?B) per file(?: • (.*))?$", "单个文件不超过 $1 $2　$3"),
    (r"^Showing page (\d+) of (\d+)$", "第 $1 页，共 $2 页"),
    (r"^[a-z_]+ icon$", "图标"),
    (r"^(\d+) options? available\.?$", "共 $1 个选项"),
    (r"^(?:option )?(.+), selected\.?$", "$1，已选中"),
]

_SCRIPT = """
<script>
(() => {
  if (window.__plankbChinese) return;
  window.__plankbChinese = true;
  const exact = %(exact)s;
  const patterns = %(patterns)s.map(([re, to]) => [new RegExp(re), to]);
  const translate = (s) => {
    if (!s) return null;
    const t = s.trim();
    if (Object.prototype.hasOwnProperty.call(exact, t)) return s.replace(t, exact[t]);
    for (const [re, to] of patterns) if (re.test(t)) return t.replace(re, to).replace(/\\s+$/, '');
    return null;
  };
  const skip = (el) => el && el.closest && el.closest('[data-testid=stIconMaterial], .stCode code');
  const fixText = (node) => {
    if (skip(node.parentElement)) return;
    const t = translate(node.nodeValue);
    if (t !== null && t !== node.nodeValue) node.nodeValue = t;
  };
  const fixAttrs = (el) => {
    for (const name of ['title', 'aria-label', 'placeholder']) {
      const v = el.getAttribute && el.getAttribute(name);
      const t = translate(v);
      if (t !== null && t !== v) el.setAttribute(name, t);
    }
  };
  const walk = (root) => {
    if (root.nodeType === Node.TEXT_NODE) { fixText(root); return; }
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    fixAttrs(root);
    const it = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    let n;
    while ((n = it.nextNode())) n.nodeType === Node.TEXT_NODE ? fixText(n) : fixAttrs(n);
  };
  const fixTitle = () => { const t = translate(document.title); if (t) document.title = t; };
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'characterData') fixText(r.target);
      else if (r.type === 'attributes') fixAttrs(r.target);
      else r.addedNodes.forEach(walk);
    }
  }).observe(document.documentElement, {subtree: true, childList: true, characterData: true, attributes: true,
                                        attributeFilter: ['title', 'aria-label', 'placeholder']});
  walk(document.body);
  fixTitle();
})();
</script>
"""
def script() -> str:
    """The page script, with the string tables filled in (JSON: no code built from data)."""
    return _SCRIPT % {"exact": json.dumps(EXACT, ensure_ascii=False), "patterns": json.dumps(PATTERNS)}


SCRIPT = script()   # built once per process, sent on every page run


def localise() -> None:
    """Replace the English texts Streamlit's widgets draw with Chinese, on every page; an error
    that escapes every handler (e.g. in a widget callback) is shown as our one sentence."""
    from streamlit.elements import exception

    from app.state import UNEXPECTED
    exception._GENERIC_UNCAUGHT_EXCEPTION_TEXT = UNEXPECTED  # type: ignore[misc]
    st.html(SCRIPT, unsafe_allow_javascript=True)
