"""A county bureau adds its own rules in 文库 and finds them in 检索, in a real Chromium
against a running `plankb app`: upload (with an old .doc among the files), the library after a
reload, and a search by a phrase only the uploaded 办法 contains."""
from __future__ import annotations

import re

from browser import assert_no_english, new_page, screenshot_dir, settle
from docmaker import make_docx

TITLE = "衢州市柯城区农村村民建房管理办法"
# the 办法's own wording: only this document says it
PHRASE = "建房户应当在房屋竣工后六十日内申请联合验收"


def county_rules(folder):  # type: ignore[no-untyped-def]
    """A county 办法 as bureaus publish them: title, issuer line, chapters and articles."""
    return make_docx(folder / f"{TITLE}.docx", [
        ("title", TITLE),
        ("p", "（2023年5月10日衢州市柯城区人民政府第十二次常务会议通过）"),
        ("h1", "第一章 总则"),
        ("p", "第一条 为规范本区农村村民建房管理，节约集约利用土地，根据《浙江省土地管理条例》等规定，结合本区实际，制定本办法。"),
        ("p", "第二条 本区行政区域内农村村民在集体所有土地上新建、改建、扩建和翻建住宅，适用本办法。"),
        ("h1", "第二章 审批与验收"),
        ("p", "第三条 村民建房应当符合村庄规划，由乡镇人民政府审批。"),
        ("p", f"第四条 {PHRASE}，联合验收由乡镇人民政府组织自然资源、住房城乡建设等部门实施。"),
        ("h1", "第三章 附则"),
        ("p", "第五条 本办法自2023年7月1日起施行。"),
    ])


def files_listed(page) -> int:  # type: ignore[no-untyped-def]
    caption = page.get_by_text(re.compile(r"^共 \d+ 个文件")).first.inner_text()
    return int(re.search(r"共 (\d+) 个文件", caption).group(1))


def test_upload_rules_and_find_them_first(app_url, browser, tmp_path):
    docx = county_rules(tmp_path)
    old = tmp_path / "旧版通知.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048)  # an OLE2 (Word 97-2003) header
    page = new_page(browser)
    page.goto(f"{app_url}/library")
    page.get_by_text("上传文件").first.wait_for(timeout=60_000)
    settle(page)
    assert_no_english(page, "文库")
    before = files_listed(page)
    page.locator("input[type=file]").set_input_files([str(docx), str(old)])
    page.get_by_text("旧版通知.doc").first.wait_for(timeout=30_000)
    settle(page)
    assert_no_english(page, "文库 with files chosen")
    page.get_by_role("button", name="解析并入库").click()
    page.get_by_text("已入库：新增 1 个").wait_for(timeout=120_000)
    settle(page)
    # the .doc is refused by plankb's own reader, in one line that says what to do
    assert page.get_by_text("另存为 DOCX").first.is_visible()
    assert_no_english(page, "文库 after upload")
    page.screenshot(path=str(screenshot_dir() / "library.png"), full_page=False)

    page.reload()
    page.get_by_text("上传文件").first.wait_for(timeout=60_000)
    settle(page)
    assert files_listed(page) == before + 1

    # the bureau's own document comes first for its own wording, and for a paraphrase of it
    for question in (PHRASE, "村民建房竣工后多久要申请联合验收"):
        page.goto(f"{app_url}/search?q={question}")
        page.get_by_text(f"“{question}”：找到").wait_for(timeout=60_000)
        settle(page)
        first = page.locator(".clause-text").first.locator("xpath=..").inner_text().split("\n")[0]
        assert first.startswith(f"1. 《{TITLE}》第四条"), (question, first)
    page.context.close()
