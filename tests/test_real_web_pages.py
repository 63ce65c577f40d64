"""Six real Guangzhou government web pages, checked against expectations written from the pages."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import ingest

WEB = Path(__file__).parent / "data" / "real" / "web"
PAGES = sorted(p.name[: -len(".expected.json")] for p in WEB.glob("*.expected.json"))


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("name", PAGES)
def test_real_web_page(name: str) -> None:
    expected = json.loads((WEB / f"{name}.expected.json").read_text(encoding="utf-8"))
    doc = ingest.load(WEB / expected["file"])
    # spaces between co-issuing bodies in a title are typographic
    assert _flat(doc.title) == _flat(expected["title"])
    units = [u for u in doc.units() if u.label != "前言"]
    labels = [u.label for u in units]
    assert labels[: len(expected["units"])] == expected["units"]
    by_label = {u.label: _flat(u.text) for u in units}
    for label, phrases in expected["phrases"].items():
        for phrase in phrases:
            assert _flat(phrase) in by_label[label], (label, phrase)
    everything = _flat("\n".join(u.text for u in doc.units()))
    for phrase in expected.get("table_phrases", []):
        assert _flat(phrase) in everything, phrase
    for chrome in expected["absent"]:
        assert _flat(chrome) not in everything, chrome


def test_a_small_site_page_loses_its_chrome_too(tmp_path):
    """Chrome is recognised by the page's make-up (menus, footer, many links or scripts), not
    by its size: a short notice saved from a county site is cleaned as a long one is."""
    menu = "".join(f'<li><a href="/c{i}.html">栏目{i}</a></li>' for i in range(8))
    articles = "".join(f"<p>第{n}条 乡镇人民政府应当组织编制村庄规划，并按照本办法第{n}项要求公开征求意见。</p>"
                       for n in ("一", "二", "三"))
    page = (f'<html><head><meta charset="utf-8"><title>某县村庄规划公示办法_某县人民政府门户网站</title></head><body>'
            f'<nav><ul>{menu}</ul></nav><div class="article"><h1>某县村庄规划公示办法</h1>{articles}</div>'
            f'<footer>版权所有：某县人民政府办公室 邮编：324000 网站地图</footer></body></html>')
    path = tmp_path / "某县村庄规划公示办法.html"
    path.write_text(page, encoding="utf-8")
    assert len(page.encode("utf-8")) < 30_000
    doc = ingest.load(path)
    assert [c.label for c in doc.clauses] == ["第一条", "第二条", "第三条"]
    assert not any(w in doc.text for w in ("版权所有", "邮编", "网站地图", "栏目3"))
    assert doc.title == "某县村庄规划公示办法"


def test_a_government_cms_page_without_nav_tags_is_a_site_page(tmp_path):
    """A county site's page marked only by its CMS meta tags (SiteName, ArticleTitle) and a
    breadcrumb, with its menus in plain <div>s: the article is extracted and titled by ArticleTitle,
    and a <title> ending in the site's name (…_某县人民政府) loses it."""
    menu = '<div class="top"><a href="/">首页</a> | <a href="/wza/">无障碍浏览</a> | <a href="/m/">移动版</a></div>'
    body = "".join(f"<p>近日，某县人民政府批复某镇联合村村庄规划，规划明确了第{n}批建设项目和耕地保护任务，村民普遍表示支持。</p>"
                   for n in ("一", "二", "三", "四"))
    page = (f'<html><head><meta charset="utf-8"><title>联合村村庄规划获批_乡镇动态_某县人民政府</title>'
            f'<meta name="SiteName" content="某县人民政府"><meta name="ArticleTitle" content="联合村村庄规划获批"></head>'
            f'<body>{menu}<div class="crumb">您当前的位置：<a href="/">首页</a> &gt; 乡镇动态</div>'
            f'<div class="article"><h1>联合村村庄规划获批</h1>{body}</div></body></html>')
    path = tmp_path / "news.html"
    path.write_text(page, encoding="utf-8")
    doc = ingest.load(path)
    assert doc.title == "联合村村庄规划获批"
    assert "无障碍浏览" not in doc.text and "您当前的位置" not in doc.text
    plain = page.replace('<meta name="ArticleTitle" content="联合村村庄规划获批">', "").replace("_乡镇动态", "")
    path.write_text(plain, encoding="utf-8")
    assert ingest.load(path).title == "联合村村庄规划获批"
