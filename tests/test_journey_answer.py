"""A planner's conversation in 检索, in a real Chromium against a running `plankb app` (offline,
extractive answers): a question answered above the results with citations, a citation opened in
阅读, a page switch and back, a follow-up answered in context, and 新对话. Then the same page
with a language model configured (the stand-in server of tests/fake_llm.py, a real process),
under AppTest: the streamed answer replaced by the checked one, a made-up sentence marked, and a
malformed reply answered offline with a note.

What must be cited was read from the laws themselves (corpus/laws/*.md): 城乡规划法第二十二条
says a village plan goes to the villagers' meeting before it is submitted for approval.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser import assert_no_english, new_page, screenshot_dir, settle
from fake_llm import MADE_UP, start, stop
from streamlit.testing.v1 import AppTest

SEARCH_PAGE = Path(__file__).resolve().parents[1] / "app" / "views" / "search.py"

QUESTION = "村庄规划报批前要经过什么程序？"
FOLLOW_UP = "要公示多久？"
GOLD = "〔《中华人民共和国城乡规划法》第二十二条〕"
CITATION = re.compile(r"^〔《(?P<title>[^》]+)》(?P<label>第[一二三四五六七八九十百零]+条)〕$")
REWRITTEN = re.compile(r"结合前面的问题，按“(?P<q>[^”]+)”检索")


def ask(page, question: str) -> None:  # type: ignore[no-untyped-def]
    box = page.get_by_label("问题或条文")
    box.fill(question)
    box.press("Enter")
    # the results' caption names the question: a stale page cannot pass
    page.get_by_text(f"“{question}”：找到").wait_for(timeout=120_000)
    settle(page)


def panel(page):  # type: ignore[no-untyped-def]
    return page.locator(".st-key-answer_panel")


def citations(page):  # type: ignore[no-untyped-def]
    """The inline citation links of the current answer (not those of earlier turns, folded away)."""
    return panel(page).locator("a:visible", has_text="〔")


def open_citation(page, link):  # type: ignore[no-untyped-def]
    """Click a citation: 阅读 opens at that clause in a new tab. Returns (tab, heading, clause text)."""
    with page.context.expect_page() as opened:
        link.click()
    reader = opened.value
    reader.get_by_text("分享链接").wait_for(timeout=60_000)
    settle(reader)
    heading = reader.locator("[data-testid=stMain] h3").first.inner_text().strip()
    return reader, heading, reader.locator("[data-testid=stMain]").first.inner_text()


def test_answer_citations_follow_up_and_new_conversation(app_url, browser):
    page = new_page(browser)
    page.goto(app_url)
    page.get_by_label("问题或条文").wait_for(timeout=60_000)
    settle(page)

    # 1. a question: an answer above the results, each sentence citing its clause as a link
    ask(page, QUESTION)
    links = citations(page)
    assert links.count() >= 1
    texts = [links.nth(n).inner_text().strip() for n in range(links.count())]
    assert all(CITATION.match(t) for t in texts), texts
    assert GOLD in texts, texts
    answer_text = panel(page).inner_text()
    assert "村庄规划在报送审批前，应当经村民会议或者村民代表会议讨论同意。" in answer_text
    assert "结合前面的问题" not in answer_text
    assert re.search(r"检索用时 \d+ 毫秒，回答用时 [\d.]+ 秒", page.locator("[data-testid=stMain]").inner_text())
    assert_no_english(page, "检索 with an answer")
    page.screenshot(path=str(screenshot_dir() / "answer.png"), full_page=False)

    # 2. a citation opens 阅读 at that clause (in a new tab: the conversation stays here)
    gold = links.nth(texts.index(GOLD))
    assert "read?doc=" in (gold.get_attribute("href") or "")
    reader, heading, text = open_citation(page, gold)
    assert heading.startswith("第二十二条"), heading
    assert reader.get_by_role("heading", name="中华人民共和国城乡规划法").is_visible()
    assert "村民会议或者村民代表会议讨论同意" in text
    assert_no_english(reader, "阅读 opened from a citation")
    reader.close()

    # 3. to 阅读 and back through the navigation: the answer is still there
    page.get_by_role("link", name="阅读").click()
    page.get_by_text("分享链接").wait_for(timeout=60_000)
    settle(page)
    page.get_by_role("link", name="检索").click()
    page.get_by_text(f"“{QUESTION}”：找到").wait_for(timeout=120_000)
    settle(page)
    assert GOLD in [citations(page).nth(n).inner_text().strip() for n in range(citations(page).count())]

    # 4. a follow-up without a subject is answered in context: rewritten with the first
    # question's subject, and it cites a clause about making the plan public
    ask(page, FOLLOW_UP)
    answer_text = panel(page).inner_text()
    rewritten = REWRITTEN.search(answer_text)
    assert rewritten and "村庄规划" in rewritten["q"] and "公示" in rewritten["q"], answer_text
    assert page.get_by_text("本次对话中前面的 1 个问题").is_visible()
    assert "q=" in page.url and "%E8%A6%81%E5%85%AC%E7%A4%BA" in page.url   # 要公示, as searched
    links = citations(page)
    assert links.count() >= 1
    sentences = re.findall(r"([^。；〕\n]*[。；])(〔《[^〕]+〕)", answer_text)
    public = [cite for sentence, cite in sentences if re.search("公示|公告", sentence)]
    assert public, answer_text
    link = next(links.nth(n) for n in range(links.count()) if links.nth(n).inner_text().strip() == public[0])
    reader, heading, text = open_citation(page, link)
    label = CITATION.match(public[0])["label"]  # type: ignore[index]
    assert heading.startswith(label), (heading, public[0])
    clause = text[text.index(heading):]
    assert re.search("公示|公告", clause[:400]), clause[:400]
    reader.close()
    assert_no_english(page, "检索 with a follow-up")

    # 5. 新对话 clears the conversation and the question; the same follow-up then stands alone
    page.get_by_role("button", name="新对话").click()
    settle(page)
    assert page.get_by_label("问题或条文").input_value() == ""
    assert panel(page).count() == 0
    assert page.get_by_text("本次对话中前面的").count() == 0
    assert "q=" not in page.url
    assert_no_english(page, "检索 after 新对话")
    ask(page, FOLLOW_UP)
    assert "结合前面的问题" not in panel(page).inner_text()
    assert page.get_by_text("本次对话中前面的").count() == 0
    page.context.close()


@pytest.fixture(scope="module")
def model_server():
    proc, base = start()
    yield base
    stop(proc)


def ask_with_model(monkeypatch, base: str, model: str) -> AppTest:
    monkeypatch.setenv("PLANKB_LLM", f"openai://{base.removeprefix('http://')}?model={model}")
    at = AppTest.from_file(str(SEARCH_PAGE), default_timeout=120)
    at.run()
    at.text_input(key="q_box").input(QUESTION).run()
    assert not at.exception
    return at


def answer_markdown(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "〔《" in m.value and not m.value.startswith("<b>"))


def test_a_model_answer_is_checked_and_a_made_up_sentence_marked(home, monkeypatch, model_server):
    at = ask_with_model(monkeypatch, model_server, "unsupported")
    text = answer_markdown(at)
    captions = [c.value for c in at.caption]
    assert any("由语言模型根据检索到的条文写成" in c for c in captions)
    assert any(c.startswith("有 1 句在检索到的条文中未找到依据") for c in captions)
    made_up = MADE_UP.removesuffix("[1]。").removesuffix("[1]")
    # the made-up sentence is marked and carries no citation; the others cite their clauses
    assert re.search(re.escape(made_up) + r"[^〔\n]*（\*\*未找到依据\*\*）", text), text
    assert "[〔《中华人民共和国城乡规划法》第二十二条〕](./read?doc=" in text
    assert not any("语言模型正在作答" in c for c in captions), "the streamed draft was replaced"
    assert any(c.startswith(f"“{QUESTION}”：找到") and "回答用时" in c for c in captions)


def test_a_malformed_model_reply_is_answered_offline_with_a_note(home, monkeypatch, model_server):
    at = ask_with_model(monkeypatch, model_server, "malformed")
    captions = [c.value for c in at.caption]
    assert any(c.startswith("语言模型不可用，已改用摘录式回答") for c in captions), captions
    assert any("均摘自条文原文" in c for c in captions)
    assert GOLD in answer_markdown(at)
