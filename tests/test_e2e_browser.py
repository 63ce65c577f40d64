"""End to end in a real browser: Debian's Chromium driven by Playwright against `plankb app`.

Saves a screenshot of each page to docs/screenshots/ (the README shows them).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from appserver import start_app, stop_app
from docmaker import make_docx

from index.lifecycle import seed_bundled
from ingest.settings import Settings

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    home = tmp_path_factory.mktemp("e2e-home")
    assert seed_bundled(Settings.from_env(home=home))
    proc, url = start_app(home)
    yield url
    stop_app(proc)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    assert shutil.which(CHROMIUM) or os.path.exists(CHROMIUM), "apt-get install chromium"
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _settle(page) -> None:
    """Wait until Streamlit has finished re-running the script (no stale widgets left)."""
    page.wait_for_timeout(300)
    page.locator("[data-testid=stStatusWidget]").wait_for(state="hidden", timeout=60_000)
    page.wait_for_timeout(300)


def _page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    return context.new_page()


def test_ask_a_question(app_url, browser):
    page = _page(browser)
    page.goto(app_url)
    box = page.get_by_label("问题或条文")
    box.wait_for(timeout=60_000)
    box.fill("村庄规划报批前要经过什么程序")
    box.press("Enter")
    page.get_by_text("《中华人民共和国城乡规划法》第二十二条").first.wait_for(timeout=60_000)
    assert page.get_by_text("用时").first.is_visible()
    page.locator("code", has_text="《中华人民共和国城乡规划法》第二十二条").first.wait_for(timeout=30_000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "search.png"), full_page=False)
    page.context.close()


def test_open_a_shared_link(app_url, browser):
    page = _page(browser)
    page.goto(f"{app_url}/read?doc=城乡规划法&label=第二十二条")
    page.get_by_text("村民会议或者村民代表会议讨论同意").first.wait_for(timeout=60_000)
    page.locator("code", has_text="《中华人民共和国城乡规划法》第二十二条").first.wait_for(timeout=30_000)
    assert page.get_by_role("heading", name="第二十二条").first.is_visible()
    page.screenshot(path=str(SHOTS / "read.png"), full_page=False)
    page.context.close()


def test_upload_a_file_and_find_it(app_url, browser, tmp_path):
    docx = make_docx(tmp_path / "青山村村庄规划.docx", [
        ("title", "浙江省湖州市青山村村庄规划（2021—2035年）"),
        ("h1", "第一章 总则"),
        ("p", "第一条 青山村规划范围为青山村行政村村域，总面积六百八十公顷。"),
        ("p", "第二条 青山村严格落实竹林生态保护修复要求，划定生态保护红线十二公顷。"),
    ])
    page = _page(browser)
    page.goto(f"{app_url}/library")
    page.get_by_text("上传文件").first.wait_for(timeout=60_000)
    page.locator("input[type=file]").set_input_files(str(docx))
    page.get_by_text("青山村村庄规划.docx").first.wait_for(timeout=30_000)
    page.get_by_role("button", name="解析并入库").click()
    page.get_by_text("已入库：新增 1 个").wait_for(timeout=120_000)
    page.screenshot(path=str(SHOTS / "library.png"), full_page=False)
    page.goto(f"{app_url}/search?q=青山村竹林生态保护修复")
    page.get_by_text("《浙江省湖州市青山村村庄规划（2021—2035年）》第二条").first.wait_for(timeout=60_000)
    page.context.close()
