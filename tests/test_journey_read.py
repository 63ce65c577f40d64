"""A staff member reading in 阅读, in a real Chromium against a running `plankb app`: the
default document, three changes of document and clause in a row, contents, previous/next,
chapter and whole-document views, and a copied share link opened in another browser.

What each step must show was read from the documents in corpus/ themselves.
"""
from __future__ import annotations

import re

from browser import assert_no_english, new_page, screenshot_dir, settle

JUDICIAL = "最高人民法院关于审理涉及农村土地承包纠纷案件适用法律问题的解释"


def current(page) -> str:  # type: ignore[no-untyped-def]
    """The heading of the clause being read (e.g. 第二十二条)."""
    return page.locator("[data-testid=stMain] h3").first.inner_text().strip()


def main_text(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator("[data-testid=stMain]").first.inner_text()


def choose(page, label: str, option: str, typed: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Pick an option as a user does: open the list, type to narrow it, click the option."""
    page.get_by_role("combobox", name=label).click()
    page.keyboard.type(typed or option)
    page.get_by_role("option", name=re.compile("^" + re.escape(option) + ("$" if typed is None else ""))).first.click()
    settle(page)


def test_reading_across_documents_and_clauses(app_url, browser):
    page = new_page(browser)
    page.goto(f"{app_url}/read")
    page.get_by_text("分享链接").wait_for(timeout=60_000)
    settle(page)
    # a new reader opens 城乡规划法 at its first article
    assert page.get_by_role("heading", name="中华人民共和国城乡规划法").is_visible()
    assert current(page).startswith("第一条")
    assert_no_english(page, "阅读 (default)")

    # 1. another document: the judicial interpretation opens on 第一条, not on its 前言
    choose(page, "选择文件", JUDICIAL)
    page.get_by_role("heading", name=JUDICIAL).wait_for(timeout=30_000)
    assert current(page).startswith("第一条")
    assert "下列涉及农村土地承包民事纠纷" in main_text(page)
    # its contents fold into the interpretation's own parts, not 87 bare links
    sidebar = page.locator("[data-testid=stSidebar]")
    assert sidebar.get_by_text("二、家庭承包纠纷案件的处理").is_visible()
    assert_no_english(page, "阅读 judicial interpretation")

    # 2. another document and a clause from the contents tree: 土地管理法 第六十二条 (第五章)
    choose(page, "选择文件", "中华人民共和国土地管理法")
    page.get_by_role("heading", name="中华人民共和国土地管理法").wait_for(timeout=30_000)
    sidebar.get_by_text("第五章 建设用地").click()
    settle(page)   # the chapter opens in a rerun: a click on its clause before that is lost
    sidebar.get_by_role("button", name="第六十二条", exact=False).first.click()
    settle(page)
    assert current(page).startswith("第六十二条")
    assert "农村村民一户只能拥有一处宅基地" in main_text(page)

    # 3. next, next, previous
    page.get_by_role("button", name="下一条").click()
    settle(page)
    assert current(page).startswith("第六十三条")
    page.get_by_role("button", name="下一条").click()
    settle(page)
    assert current(page).startswith("第六十四条")
    page.get_by_role("button", name="上一条").click()
    settle(page)
    assert current(page).startswith("第六十三条")

    # 4. a clause chosen in the 条目 list
    choose(page, "条目", "第六十二条 ", typed="第六十二条")
    assert current(page).startswith("第六十二条")
    page.screenshot(path=str(screenshot_dir() / "read.png"), full_page=False)
    assert_no_english(page, "阅读 土地管理法 第六十二条")

    # the whole chapter, then the whole document
    page.get_by_role("radio", name="本章").or_(page.get_by_role("button", name="本章")).first.click()
    settle(page)
    text = main_text(page)
    assert "第四十四条" in text and "第六十六条" in text and "第三十条" not in text  # 第五章 is 第四十四—六十六条
    page.get_by_role("radio", name="全文").or_(page.get_by_role("button", name="全文")).first.click()
    settle(page)
    text = main_text(page)
    assert "第一条" in text and "第八十七条" in text
    assert_no_english(page, "阅读 全文")

    # the share link, copied from the page, opens the same clause in a new browser (new session)
    link = page.locator("[data-testid=stCode]").filter(has_text="/read?").first.inner_text().strip()
    assert link.startswith("http://") and "/read?doc=" in link
    page.context.close()
    other = new_page(browser)
    other.goto(link)
    other.get_by_text("分享链接").wait_for(timeout=60_000)
    settle(other)
    assert other.get_by_role("heading", name="中华人民共和国土地管理法").is_visible()
    assert current(other).startswith("第六十二条")
    other.context.close()


def test_links_with_full_titles_and_arabic_numerals(app_url, browser):
    page = new_page(browser)
    page.goto(f"{app_url}/read?doc=中华人民共和国城乡规划法&label=第22条")
    page.get_by_text("分享链接").wait_for(timeout=60_000)
    settle(page)
    assert page.get_by_role("heading", name="中华人民共和国城乡规划法").is_visible()
    assert current(page).startswith("第二十二条")
    page.goto(f"{app_url}/read?doc=没有这个文件&label=第一条")
    page.get_by_text("知识库中没有文件“没有这个文件”").wait_for(timeout=60_000)
    assert_no_english(page, "阅读 with a link to a removed document")
    page.context.close()
