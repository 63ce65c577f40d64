"""Browser journeys: Debian's Chromium driven by Playwright against a running `plankb app`.

Shared by the journey tests: launching the browser, waiting for Streamlit to settle,
screenshots (outside the tracked tree unless PLANKB_REFRESH_SCREENSHOTS=1) and the check that
no English reaches a user.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
README_SHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
# words a Chinese interface may show in Latin letters: file formats and a few technical names
ENGLISH_ALLOWED = {"pdf", "docx", "doc", "xlsx", "html", "htm", "md", "txt", "ocr", "url", "csv", "json", "wps",
                   "rtf", "png", "jpg", "jpeg", "mb", "kb", "plankb", "yyyy", "mm", "dd", "markdown", "excel",
                   "vp", "gb", "id", "yaml", "yml", "b"}  # b: Streamlit's size of a small file (51.0B)
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.-]+\?[\w%=&.-]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")


def screenshot_dir() -> Path:
    """Where journeys save screenshots: docs/screenshots with PLANKB_REFRESH_SCREENSHOTS=1
    (to refresh the README's), otherwise a folder under the system temp dir."""
    if os.environ.get("PLANKB_REFRESH_SCREENSHOTS") == "1":
        README_SHOTS.mkdir(parents=True, exist_ok=True)
        return README_SHOTS
    folder = Path(tempfile.gettempdir()) / "plankb-screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def launch(pw):  # type: ignore[no-untyped-def]
    assert shutil.which(CHROMIUM) or os.path.exists(CHROMIUM), "apt-get install chromium"
    return pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def new_page(browser):  # type: ignore[no-untyped-def]
    """A fresh browser context (its own cookies and session), as a new user or a new machine."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN",
                                  permissions=["clipboard-read", "clipboard-write"])
    return context.new_page()


def settle(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until Streamlit has finished re-running the script (no stale widgets left)."""
    page.wait_for_timeout(300)
    page.locator("[data-testid=stStatusWidget]").wait_for(state="hidden", timeout=60_000)
    page.wait_for_timeout(300)


def english_words(text: str) -> list[str]:
    """Latin-letter words in `text` that are not on the allow-list (file formats and the like)."""
    return [w for w in _WORD.findall(text) if w.lower() not in ENGLISH_ALLOWED]


def visible_text(page) -> str:  # type: ignore[no-untyped-def]
    """Everything a user can read on the page now: the rendered text (icons, which are drawn
    from ligature names such as "search", left out), placeholders, tooltips (title) and the
    texts Streamlit's widgets draw in CSS (e.g. "Press Enter to apply"). URLs are left out."""
    text = page.evaluate("""() => {
        const body = document.body.cloneNode(true);
        for (const el of body.querySelectorAll('[data-testid=stIconMaterial], .material-symbols-rounded, '
                                                + '[data-testid=stIconEmoji], script, style, noscript')) {
            el.remove();
        }
        document.body.appendChild(body);
        body.style.position = 'absolute';
        body.style.left = '-99999px';
        const out = [body.innerText, document.title];
        body.remove();
        for (const el of document.querySelectorAll('input, textarea')) {
            if (el.placeholder && !el.value && el.offsetParent !== null) out.push(el.placeholder);
        }
        for (const el of document.querySelectorAll('[title]')) {
            if (el.offsetParent !== null) out.push(el.getAttribute('title'));
        }
        for (const el of document.querySelectorAll('body *')) {
            if (el.offsetParent === null) continue;
            for (const pseudo of ['::before', '::after']) {
                const c = getComputedStyle(el, pseudo).content;
                if (c && c.startsWith('"') && c.length > 2) out.push(c);
            }
        }
        return out.join('\\n');
    }""")
    return _URL.sub(" ", text)


def assert_no_english(page, where: str, seconds: float = 5) -> None:  # type: ignore[no-untyped-def]
    """No English a user can read on the page. The page's script rewrites Streamlit's own texts
    as they appear (app/chinese.py), a moment after Streamlit draws them: a word still there
    after `seconds` is a real leak, one that goes within them was the rewrite catching up."""
    words = english_words(visible_text(page))
    waited = 0.0
    while words and waited < seconds:
        page.wait_for_timeout(250)
        waited += 0.25
        words = english_words(visible_text(page))
    assert not words, f"English on {where}: {sorted(set(words))[:20]}"
