"""A reviewer's day in 规划体检, in a real Chromium against a running `plankb app`: two uploads of
one plan (a Markdown draft with gaps and the finished plan as Word), a click on the grid, the
dropdowns afterwards, an overridden finding with a comment, a reload, another check, the first
run reopened from 历史体检, and its Excel report downloaded with the decision in it.

Expected statuses come from the plan texts: the draft lacks its 历史文化 chapter (VP05 缺失) and
lowers 耕地保有量 in its indicator table (VP04 冲突); the Word file is the full plan.
"""
from __future__ import annotations

import re

import pytest
from browser import assert_no_english, new_page, screenshot_dir, settle
from playwright.sync_api import expect
from test_gapcheck_plans import md_to_docx

PLANS = __import__("pathlib").Path(__file__).parent / "fixtures" / "plans"
TITLE = "安吉县溪龙乡云岭村村庄规划（2021—2035年）"
SHORT = "安吉县溪龙乡云岭村村庄规划"           # the app's grid and dropdowns leave the period out
DRAFT, FINAL = "云岭村村庄规划.md", "云岭村村庄规划.docx"
COMMENT = "指标表笔误，文本第十三条为188.05公顷"
# the grid's geometry (app/views/check.py INDEX_WIDTH, CELL_WIDTH; Streamlit's row height)
INDEX_WIDTH, CELL_WIDTH, ROW_HEIGHT = 420, 80, 35
expect.set_options(timeout=30_000)  # a rerun on a busy machine can take seconds


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plans")
    full = (PLANS / "zhejiang_full.md").read_text(encoding="utf-8")
    draft = re.sub(r"## 第五章 历史文化保护与传承.*?(?=## 第六章)", "", full, flags=re.S)
    draft = draft.replace("| 耕地保有量 | 186.72 | 188.05 | 公顷 |", "| 耕地保有量 | 186.72 | 180.05 | 公顷 |")
    (folder / DRAFT).write_text(draft, encoding="utf-8")
    md_to_docx(PLANS / "zhejiang_full.md", folder / FINAL)
    other = folder / "石岭村村庄规划.txt"
    other.write_text((PLANS / "guangdong_gaps.txt").read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def expect_cell(page, row: int, column: int, text) -> None:  # type: ignore[no-untyped-def]
    """A grid cell (column 0 is the plan's label) shows `text`, read from the grid's accessible
    table (waits for the rerun that puts it there)."""
    expect(page.locator(f"[data-testid=stDataFrame] #glide-cell-{column}-{row}").first).to_have_text(text)


def expect_url(page, *parts: str) -> None:  # type: ignore[no-untyped-def]
    for part in parts:
        expect(page).to_have_url(re.compile(re.escape(part)))


def click_cell(page, row: int, requirement: int) -> None:  # type: ignore[no-untyped-def]
    """Click the grid's cell of a plan (row) and a requirement (1 = VP01)."""
    canvas = page.locator("[data-testid=stDataFrame] [data-testid=data-grid-canvas]").first
    canvas.evaluate("el => el.scrollIntoView({block: 'center'})")  # clear of Streamlit's top bar
    page.wait_for_timeout(200)
    box = canvas.bounding_box()
    x = box["x"] + INDEX_WIDTH + CELL_WIDTH * (requirement - 1) + CELL_WIDTH / 2
    y = box["y"] + ROW_HEIGHT * (row + 1) + ROW_HEIGHT / 2
    assert x < box["x"] + box["width"] and y < box["y"] + box["height"], "the cell is in view"
    page.mouse.move(x, y)
    page.wait_for_timeout(300)
    page.mouse.click(x, y)
    settle(page)


def choose(page, label: str, option) -> None:  # type: ignore[no-untyped-def]
    box = page.get_by_role("combobox", name=label)
    box.click()
    try:
        page.get_by_role("option").first.wait_for(timeout=3_000)
    except Exception:  # right after a click on the grid, the first click only takes the focus back
        box.click()
    page.get_by_role("option", name=option).click()
    settle(page)


def expect_heading(page, text: str) -> None:  # type: ignore[no-untyped-def]
    """The detail view's first line starts with `text` ('VP04 耕地和永久基本农田保护：冲突')."""
    line = page.locator("strong", has_text=re.compile(r"^VP\d\d .+：")).first
    expect(line).to_have_text(re.compile("^" + re.escape(text)))


def full_page_screenshot(page, path) -> None:  # type: ignore[no-untyped-def]
    """The whole page, grid to downloads: Streamlit scrolls inside its main container, so the
    window is made as tall as that container's content for the picture."""
    size = page.viewport_size
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": min(height + 60, 8000)})
    page.wait_for_timeout(1000)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)
    settle(page)


def upload_and_check(page, files) -> None:  # type: ignore[no-untyped-def]
    page.locator("input[type=file]").set_input_files([str(f) for f in files])
    for f in files:
        page.get_by_text(f.name).first.wait_for(timeout=30_000)
    settle(page)
    assert_no_english(page, "规划体检 with files chosen")
    page.get_by_role("button", name="开始体检").click()
    page.get_by_text("点击格子查看证据与依据").first.wait_for(timeout=120_000)
    settle(page)


def test_a_review_day(app_server, browser, plans, tmp_path):
    url, home = app_server.url, app_server.home
    page = new_page(browser)
    page.goto(f"{url}/check")
    page.get_by_text("上传的规划只用于体检").first.wait_for(timeout=60_000)
    settle(page)
    assert_no_english(page, "规划体检 (empty)")

    # two uploads of one plan: the same title, two rows told apart by their file names
    upload_and_check(page, [plans / DRAFT, plans / FINAL])
    expect_cell(page, 0, 0, f"《{SHORT}》（{DRAFT}）")
    expect_cell(page, 1, 0, f"《{SHORT}》（{FINAL}）")
    for column, status in ((4, "冲突"), (5, "缺失"), (7, "已覆盖")):
        expect_cell(page, 0, column, status)
    for column in range(1, 7):  # the columns in view
        expect_cell(page, 1, column, "已覆盖")
    expect_url(page, "run=1")
    assert_no_english(page, "规划体检 after the check")

    # a click on the grid selects plan and requirement ...
    click_cell(page, 0, 5)
    expect_heading(page, "VP05 历史文化传承与保护：缺失")
    expect(page.get_by_text("规划中没有找到相应内容。").first).to_be_visible()
    expect_url(page, "plan=0", "req=VP05")
    # ... and the dropdowns still change the detail view afterwards
    choose(page, "要求", "VP04 耕地和永久基本农田保护")
    expect_heading(page, "VP04 耕地和永久基本农田保护：冲突")
    page.get_by_text("指标：耕地保有量").first.wait_for(timeout=30_000)
    # the grid follows the dropdown
    expect(page.locator("[data-testid=stDataFrame] td[aria-selected=true]").first).to_have_id("glide-cell-4-0")
    choose(page, "规划", f"《{SHORT}》（{FINAL}）")
    expect_heading(page, "VP04 耕地和永久基本农田保护：已覆盖")
    page.get_by_text(f"文件：{FINAL}").first.wait_for(timeout=30_000)
    click_cell(page, 1, 6)
    expect_heading(page, "VP06 产业发展空间：已覆盖")
    choose(page, "规划", f"《{SHORT}》（{DRAFT}）")
    choose(page, "要求", "VP04 耕地和永久基本农田保护")
    expect_heading(page, "VP04 耕地和永久基本农田保护：冲突")
    assert_no_english(page, "规划体检 details")

    # the reviewer overrides the conflict, with a comment
    page.locator("[data-testid=stRadio]").get_by_text("已覆盖", exact=True).click()
    page.get_by_label("意见").fill(COMMENT)
    page.get_by_role("button", name="保存复核").click()
    page.get_by_text("已记录复核意见").first.wait_for(timeout=30_000)
    settle(page)
    expect_cell(page, 0, 4, "已覆盖 ✓")
    assert_no_english(page, "规划体检 after a review")
    full_page_screenshot(page, screenshot_dir() / "check.png")

    # a reload: the same run, the same finding, the decision and comment still there
    page.reload()
    page.get_by_text("点击格子查看证据与依据").first.wait_for(timeout=60_000)
    settle(page)
    expect_heading(page, "VP04 耕地和永久基本农田保护：冲突")
    page.get_by_text("已复核：改为已覆盖").first.wait_for(timeout=30_000)
    expect(page.get_by_label("意见")).to_have_value(COMMENT)
    checked = page.locator("[data-testid=stRadio] label", has=page.locator("input:checked"))
    expect(checked).to_have_text("已覆盖")
    expect_cell(page, 0, 4, "已覆盖 ✓")
    assert_no_english(page, "规划体检 after a reload")

    # another plan, another run; then the first one reopened from 历史体检
    upload_and_check(page, [plans / "石岭村村庄规划.txt"])
    expect_cell(page, 0, 0, re.compile("^大埔县西河镇石岭村"))
    expect_url(page, "run=2")
    page.get_by_text("历史体检（2）").click()
    settle(page)
    choose(page, "体检记录", re.compile(r"^第 1 次 .*云岭村.*已复核 1 项"))
    assert_no_english(page, "历史体检")
    page.get_by_role("button", name="打开").click()
    settle(page)
    expect_cell(page, 0, 0, f"《{SHORT}》（{DRAFT}）")
    expect_cell(page, 0, 4, "已覆盖 ✓")
    expect_url(page, "run=1")
    choose(page, "要求", "VP04 耕地和永久基本农田保护")
    page.get_by_text("已复核：改为已覆盖").first.wait_for(timeout=30_000)

    # the Excel report, downloaded again: the decision and the plans' own file names
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Excel 报告").click()
    target = tmp_path / "report.xlsx"
    download.value.save_as(target)
    from openpyxl import load_workbook
    wb = load_workbook(target)
    rows = [[c.value for c in row] for row in wb["明细"].iter_rows()]
    head = rows[0]
    record = {r[head.index("编号")]: dict(zip(head, r)) for r in rows[1:] if r[head.index("文件")] == DRAFT}
    assert record["VP04"]["结论"] == "冲突" and record["VP04"]["复核结论"] == "已覆盖"
    assert record["VP04"]["复核意见"] == COMMENT
    assert {r[head.index("文件")] for r in rows[1:]} == {DRAFT, FINAL}
    cells = [str(c) for r in rows for c in r if c is not None]
    assert not any("uploads" in c or str(home) in c for c in cells), "no server path in the report"
    overview = [[c.value for c in row] for row in wb["总览"].iter_rows()]
    assert [r[0] for r in overview[1:]] == [f"《{TITLE}》（{DRAFT}）", f"《{TITLE}》（{FINAL}）"]
    page.context.close()
