"""A reviewer's day in 规划体检, in a real Chromium against a running `plankb app`: two uploads of
one plan (a Markdown draft with gaps and the finished plan as Word), a click on the grid, the
dropdowns afterwards, an overridden finding with a comment, a reload, another check, the first
run reopened from 历史体检, and its Excel report downloaded with the decision in it.

Expected statuses come from the plan texts: the draft lacks its 历史文化 chapter and the 宗祠
project that carried it out (VP05 缺失) and lowers 耕地保有量 in its indicator table (VP04 冲突);
the Word file is the full plan. A second journey (issue 15) checks a small plan against an upper
plan's allocation (规划传导, 程序) and a document that is not a village plan.
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
INDEX_WIDTH, CELL_WIDTH, ROW_HEIGHT = 420, 90, 35
expect.set_options(timeout=30_000)  # a rerun on a busy machine can take seconds


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plans")
    full = (PLANS / "zhejiang_full.md").read_text(encoding="utf-8")
    draft = re.sub(r"## 第五章 历史文化保护与传承.*?(?=## 第六章)", "", full, flags=re.S)
    draft = re.sub(r"^\| 10 \| 吴氏宗祠修缮 \|.*\n", "", draft, flags=re.M)   # the chapter's one project
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
    target = page.get_by_role("option", name=option)
    for _ in range(4):
        box.click()
        try:   # right after a click on the grid, a click may only take the focus back; on a busy
            target.wait_for(timeout=10_000)   # machine the list may take seconds to open
            break
        except Exception:
            page.keyboard.press("Escape")
    target.click()
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


def uploader(page, label: str):  # type: ignore[no-untyped-def]
    """The file input of the upload box whose label starts with `label`."""
    return page.locator("[data-testid=stFileUploader]", has_text=label).locator("input[type=file]")


def upload_and_check(page, files, upper=None) -> None:  # type: ignore[no-untyped-def]
    """Choose the plans (and the upper plan, if any), start the check and wait for the grid."""
    uploader(page, "村庄规划文件").set_input_files([str(f) for f in files])
    for f in files:
        page.get_by_text(f.name).first.wait_for(timeout=30_000)
    if upper is not None:
        settle(page)
        uploader(page, "上位规划（可选）").set_input_files(str(upper))
        page.get_by_text(upper.name).first.wait_for(timeout=30_000)
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
    for column, status in ((4, "冲突"), (5, "缺失"), (6, "已覆盖")):
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


# ---- issue 15: an upper plan, the 规划传导 and 程序 sections, a document that is not a plan ----

# a small plan written for this test: its 耕地保有量 target (121.00 公顷) is below what the
# township allocates (125 公顷, the CSV below); its 公示 ran 20 days (3月1日至3月20日); its
# 村民代表会议 is named without numbers, so the meeting cannot be verified
SMALL_PLAN = """# 青石县河口镇柳塘村村庄规划（2021—2035年）

## 第一章 总则

第一条 规划范围为青石县河口镇柳塘村行政村域，村域总面积356.20公顷，下辖4个村民小组。

第二条 规划期限为2021—2035年，规划基期年为2020年，目标年为2035年，近期至2025年。

## 第二章 发展目标

第三条 发展目标。到2035年守住耕地和永久基本农田，做强茶叶种植，建成生态宜居的美丽乡村。

## 第三章 规划指标

第四条 规划指标表如下。

| 序号 | 指标名称 | 基期年 | 目标年 | 单位 | 属性 |
|---|---|---|---|---|---|
| 1 | 耕地保有量 | 120.50 | 121.00 | 公顷 | 约束性 |
| 2 | 永久基本农田保护面积 | 100.20 | 100.20 | 公顷 | 约束性 |
| 3 | 生态保护红线面积 | 35.00 | 35.00 | 公顷 | 约束性 |
| 4 | 村庄建设用地规模 | 18.40 | 18.10 | 公顷 | 约束性 |

## 第四章 国土空间布局与用途管制

第五条 落实生态保护红线35.00公顷、永久基本农田100.20公顷，划定村庄建设边界，严格国土空间用途管制。

## 第五章 近期建设项目

第六条 近期建设项目如下。

| 序号 | 项目名称 | 建设地点 | 建设规模 | 建设年限 | 投资（万元） | 资金来源 |
|---|---|---|---|---|---|---|
| 1 | 茶园提质改造 | 村东茶园 | 20公顷 | 2023—2024年 | 300 | 财政补助 |
| 2 | 村道硬化 | 全村 | 3.5千米 | 2023年 | 210 | 财政补助 |

## 第六章 村民参与

第七条 规划草案于2023年3月1日至2023年3月20日在村务公开栏公示。

第八条 规划成果经柳塘村村民代表会议讨论通过。
"""
SMALL_SHORT = "青石县河口镇柳塘村村庄规划"
ALLOCATION = "指标,数值,单位,关系\n耕地保有量,125,公顷,不低于\n"          # what the township allocates
NO_ALLOCATION = "指标,数值\n常住人口,1200\n"                                 # nothing binding in it
# the township's own plan, allocating to two villages by table (not to 桃源村)
TOWNSHIP_PLAN = """# 青石县河口镇国土空间总体规划（2021—2035年）

## 第一章 指标分解

第一条 下达各村约束性指标如下。

| 村名 | 耕地保有量（公顷） | 永久基本农田保护面积（公顷） |
|---|---|---|
| 柳塘村 | 125.00 | 100.00 |
| 石门村 | 88.00 | 70.00 |
"""
NOT_A_PLAN = (PLANS.parents[1] / "data" / "real" / "markdown"
              / "广东_惠州市博罗县龙溪街道结窝村_基本情况简介及培育实施方案_2024_非法定村庄规划.md")
NOT_A_PLAN_TITLE = "博罗县龙溪街道结窝村典型村培育实施方案"


def temp_shot(name: str):  # type: ignore[no-untyped-def]
    """Where this journey's extra screenshots go (only check.png is the README's)."""
    import tempfile
    from pathlib import Path
    folder = Path(tempfile.gettempdir()) / "plankb-screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def test_an_upper_plan_the_chain_the_procedure_and_a_document_that_is_not_a_plan(app_server, browser, tmp_path):
    url, home = app_server.url, app_server.home
    plan = tmp_path / "柳塘村村庄规划.md"
    plan.write_text(SMALL_PLAN, encoding="utf-8")
    upper = tmp_path / "河口镇下达指标.csv"
    upper.write_text(ALLOCATION, encoding="utf-8")
    bad_upper = tmp_path / "河口镇人口.csv"
    bad_upper.write_text(NO_ALLOCATION, encoding="utf-8")
    other = tmp_path / "结窝村培育实施方案.md"
    other.write_bytes(NOT_A_PLAN.read_bytes())

    # a plan checked against the township's allocation: 规划传导 and 程序 below the details
    page = new_page(browser)
    page.goto(f"{url}/check")
    page.get_by_text("上传的规划只用于体检").first.wait_for(timeout=60_000)
    settle(page)
    upload_and_check(page, [plan], upper=upper)
    expect_cell(page, 0, 0, SMALL_SHORT)
    run_id = int(re.search(r"run=(\d+)", page.url).group(1))  # type: ignore[union-attr]
    expect(page.get_by_role("heading", name="规划传导")).to_be_visible()
    page.get_by_text("并对照上位规划《河口镇下达指标.csv》下达的约束性指标").first.wait_for(timeout=30_000)
    table = page.locator("[data-testid=stTable]").first
    for cell in ("低于上位规划下达", "耕地保有量", "《河口镇下达指标.csv》：耕地保有量，不低于，125，公顷"):
        expect(table.get_by_role("cell", name=cell, exact=True).first).to_be_visible()
    expect(table).to_contain_text("规划目标耕地保有量 121公顷低于上位规划下达的125公顷")
    expect(table).to_contain_text("1 | 耕地保有量 | 120.50 | 121.00 | 公顷 | 约束性")   # 规划原文
    expect(page.get_by_role("heading", name="程序")).to_be_visible()
    # the meeting is named without numbers: 无法核实, never 符合; the 公示 ran 20 days
    expect(page.get_by_text("结论：无法核实", exact=True)).to_be_visible()
    expect(page.get_by_text("结论：公示期不足三十日", exact=True)).to_be_visible()
    expect(page.get_by_text("结论：符合", exact=True)).to_have_count(0)
    for text in ("类型：村民代表会议", "应到：未载明", "起止日期：2023-03-01至2023-03-20", "天数：20日",
                 "第八条 规划成果经柳塘村村民代表会议讨论通过。",
                 "《中华人民共和国村民委员会组织法》第二十六条", "《中华人民共和国城乡规划法》第二十六条"):
        expect(page.get_by_text(text).first).to_be_visible()
    assert_no_english(page, "规划体检 with an upper plan")
    full_page_screenshot(page, temp_shot("check-upper.png"))

    # the saved run reopens with both sections
    page.reload()
    page.get_by_text("点击格子查看证据与依据").first.wait_for(timeout=60_000)
    settle(page)
    expect(page.locator("[data-testid=stTable]").first.get_by_role("cell", name="低于上位规划下达", exact=True)).to_be_visible()
    expect(page.get_by_text("结论：公示期不足三十日", exact=True)).to_be_visible()
    page.context.close()

    # the plan with a document that is not one, and an upper plan that allocates nothing
    page = new_page(browser)
    page.goto(f"{url}/check")
    page.get_by_text("上传的规划只用于体检").first.wait_for(timeout=60_000)
    settle(page)
    upload_and_check(page, [plan, other], upper=bad_upper)
    expect(page.get_by_text(re.compile(r"上位规划 河口镇人口\.csv 无法读取：.+本次体检未对照上位规划")).first).to_be_visible()
    expect_cell(page, 0, 0, SMALL_SHORT)
    expect_cell(page, 1, 0, NOT_A_PLAN_TITLE)
    for column in (1, 2, 5):
        expect_cell(page, 1, column, "非村庄规划")
    click_cell(page, 1, 3)
    expect(page.get_by_text("本文件不是村庄规划，未按村庄规划逐项体检").first).to_be_visible()
    expect(page.get_by_text(f"标题“{NOT_A_PLAN_TITLE}”表明是实施方案，不是村庄规划").first).to_be_visible()
    expect(page.get_by_role("button", name="保存复核")).to_have_count(0)
    expect(page.get_by_role("heading", name="规划传导")).to_have_count(0)
    expect(page.get_by_text(re.compile("非村庄规划（.*结窝村.*）未逐项体检，不列入报告")).first).to_be_visible()
    assert_no_english(page, "规划体检 with a document that is not a plan")
    full_page_screenshot(page, temp_shot("check-not-a-plan.png"))
    choose(page, "规划", SMALL_SHORT)
    expect_heading(page, "VP03 ")
    page.get_by_text("未对照上位规划：上位规划无法读取").first.wait_for(timeout=30_000)
    expect(page.get_by_text("结论：无法核实", exact=True)).to_be_visible()
    page.context.close()

    # the township's plan as the upper plan: it allocates to 柳塘村, not to 桃源村, which is
    # checked without it (and the run says so)
    township = tmp_path / "河口镇国土空间总体规划.md"
    township.write_text(TOWNSHIP_PLAN, encoding="utf-8")
    elsewhere = tmp_path / "桃源村村庄规划.md"
    elsewhere.write_text(SMALL_PLAN.replace("柳塘村", "桃源村"), encoding="utf-8")
    page = new_page(browser)
    page.goto(f"{url}/check")
    page.get_by_text("上传的规划只用于体检").first.wait_for(timeout=60_000)
    settle(page)
    upload_and_check(page, [plan, elsewhere], upper=township)
    expect_cell(page, 0, 0, SMALL_SHORT)
    expect_cell(page, 1, 0, SMALL_SHORT.replace("柳塘村", "桃源村"))
    expect(page.get_by_text("桃源村村庄规划.md：未对照上位规划核对（上位规划中没有读到下达给桃源村的约束性指标）").first).to_be_visible()
    page.get_by_text("并对照上位规划《河口镇国土空间总体规划.md》下达的约束性指标").first.wait_for(timeout=30_000)
    table = page.locator("[data-testid=stTable]").first
    expect(table.get_by_role("cell", name="低于上位规划下达", exact=True)).to_be_visible()
    expect(table).to_contain_text("柳塘村 | 125.00 | 100.00")
    choose(page, "规划", SMALL_SHORT.replace("柳塘村", "桃源村"))
    page.get_by_text("未对照上位规划：上位规划中没有读到下达给桃源村的约束性指标").first.wait_for(timeout=30_000)
    expect(page.get_by_role("cell", name="低于上位规划下达", exact=True)).to_have_count(0)
    assert_no_english(page, "规划体检 with a township plan as the upper plan")
    page.context.close()

    # a run saved before 规划传导 and 程序 were checked still opens, and says so
    import json
    import sqlite3
    db = sqlite3.connect(home / "reviews.sqlite")
    with db:
        record = json.loads(db.execute("SELECT report FROM plans WHERE run_id = ?", (run_id,)).fetchone()[0])
        for key in ("transmission", "procedure", "is_plan", "not_plan_reasons"):
            del record[key]
        cur = db.execute("INSERT INTO runs (created_at, updated_at, catalogue, errors) "
                         "VALUES ('2024-01-01T00:00:00+08:00', '2024-01-01T00:00:00+08:00', 'village_plan', '[]')")
        old = cur.lastrowid
        db.execute("INSERT INTO plans VALUES (?, 0, ?, ?, '', ?)",
                   (old, plan.name, record["title"], json.dumps(record, ensure_ascii=False)))
    db.close()
    page = new_page(browser)
    page.goto(f"{url}/check?run={old}")
    page.get_by_text("点击格子查看证据与依据").first.wait_for(timeout=60_000)
    settle(page)
    expect_cell(page, 0, 0, SMALL_SHORT)
    expect(page.get_by_text("这次体检的记录早于规划传导核查，未检查。").first).to_be_visible()
    expect(page.get_by_text("这次体检的记录早于程序核查").first).to_be_visible()
    expect(page.get_by_text("结论：", exact=False)).to_have_count(0)
    assert_no_english(page, "规划体检, a run saved before issue 15")
    page.context.close()
