"""A planner's session in 检索, in a real Chromium against a running `plankb app`: several
questions in a row in one page, a switch to 阅读 and back, a reload, and a shared search link.

Expected top hits were read from the laws themselves (corpus/laws/*.md), not from the engine.
"""
from __future__ import annotations

from browser import assert_no_english, new_page, screenshot_dir, settle

# question -> the article that answers it
QUESTIONS = [
    ("村庄规划报送审批前需要经过什么程序", "《中华人民共和国城乡规划法》第二十二条"),
    ("农村村民一户只能拥有几处宅基地", "《中华人民共和国土地管理法》第六十二条"),
    ("城乡规划法第十八条", "《中华人民共和国城乡规划法》第十八条"),
    ("永久基本农田经依法划定后能不能擅自改变用途", "《中华人民共和国土地管理法》第三十五条"),
    ("耕地的承包期是多少年", "《中华人民共和国农村土地承包法》第二十一条"),
]


def ask(page, question: str) -> None:  # type: ignore[no-untyped-def]
    box = page.get_by_label("问题或条文")
    box.fill(question)
    box.press("Enter")
    # the caption names the question it answers: a stale page cannot pass
    page.get_by_text(f"“{question}”：找到").wait_for(timeout=60_000)
    settle(page)


def top_hit(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator(".clause-text").first.locator("xpath=..").inner_text().split("\n")[0]


def test_five_questions_in_a_row_each_get_their_own_answer(app_url, browser):
    page = new_page(browser)
    page.goto(app_url)
    page.get_by_label("问题或条文").wait_for(timeout=60_000)
    settle(page)
    assert_no_english(page, "检索 (empty)")
    for n, (question, article) in enumerate(QUESTIONS, start=1):
        ask(page, question)
        assert top_hit(page).startswith(f"1. {article}"), (n, question, top_hit(page))
        assert page.get_by_label("问题或条文").input_value() == question
        assert_no_english(page, f"检索 after question {n}")
        if n == 1:
            page.screenshot(path=str(screenshot_dir() / "search.png"), full_page=False)
    page.context.close()


def test_question_survives_page_switch_reload_and_link(app_url, browser):
    page = new_page(browser)
    page.goto(app_url)
    question, article = QUESTIONS[1]
    page.get_by_label("问题或条文").wait_for(timeout=60_000)
    ask(page, question)
    assert "q=" in page.url
    # to 阅读 and back through the navigation: the question and its answer are still there
    page.get_by_role("link", name="阅读").click()
    page.get_by_text("分享链接").wait_for(timeout=60_000)
    settle(page)
    page.get_by_role("link", name="检索").click()
    page.get_by_text(f"“{question}”：找到").wait_for(timeout=60_000)
    assert top_hit(page).startswith(f"1. {article}")
    # a reload opens the same question (the URL carries it)
    page.reload()
    page.get_by_text(f"“{question}”：找到").wait_for(timeout=60_000)
    settle(page)
    assert top_hit(page).startswith(f"1. {article}")
    shared = page.url
    page.context.close()
    # the address bar pasted into another browser, and the README's /search?q= form
    other = new_page(browser)
    other.goto(shared)
    other.get_by_text(f"“{question}”：找到").wait_for(timeout=60_000)
    assert top_hit(other).startswith(f"1. {article}")
    other.goto(f"{app_url}/search?q={QUESTIONS[0][0]}")
    other.get_by_text(f"“{QUESTIONS[0][0]}”：找到").wait_for(timeout=60_000)
    settle(other)
    assert top_hit(other).startswith(f"1. {QUESTIONS[0][1]}")
    assert_no_english(other, "检索 opened from a link")
    # a result's 在原文中查看 opens 阅读 at that clause
    other.get_by_text("在原文中查看").first.click()
    other.get_by_role("heading", name="第二十二条").wait_for(timeout=60_000)
    settle(other)
    assert "村民会议或者村民代表会议讨论同意" in other.locator("section.main, [data-testid=stMain]").first.inner_text()
    other.context.close()
