"""HTML: block elements become paragraphs, h1–h6 headings, table rows stay rows (with
rowspan/colspan expanded by readers.tables, so every row is a full list of cells).

A saved government web page is read as a person reads it: hidden elements (display:none,
`hidden`, aria-hidden) are dropped, the article body is taken by readability-lxml (trafilatura
when readability finds almost nothing), and the title comes from the page's meta ArticleTitle
or <title>, without the site name or a repost mark, ahead of the body; a <title> that is the
site's chrome (网站首页 | 无障碍 | …) gives way to the article's own heading. The page's metadata
panel and meta tags (发布机关, 成文日期, 发布日期, 实施日期, PubDate) and the 文号 above the
article become the document's `Panel` (ingest.panels).
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from .. import panels
from ..errors import EmptyDocument
from ..panels import Panel
from .base import Block, RawDocument
from .tables import TableBuilder, cell_text, row_text, span
from .text import decode_text, without_trailer

_BLOCK_TAGS = {"p", "div", "li", "section", "article", "blockquote", "pre", "dd", "dt",
               "ul", "ol", "table", "center", "body", "form", "header", "footer", "main"}
_SKIP_TAGS = {"script", "style", "head", "noscript", "template", "svg", "nav"}
_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)


class _BlockCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.title = ""
        self._buf: list[str] = []
        self._skip = 0
        self._in_title = False
        self._heading: int | None = None
        self._tables: list[TableBuilder] = []   # open tables, innermost last
        self._cell: list[str] | None = None
        self._cell_span = (1, 1)

    def _flush(self) -> None:
        text = "".join(self._buf)
        self._buf = []
        for line in text.split("\n"):
            if line.strip():
                if self._heading is not None:
                    self.blocks.append(Block(line.strip(), None, "heading", self._heading))
                else:
                    self.blocks.append(Block(line.strip(), None, "para"))

    def _end_cell(self) -> None:
        if self._cell is not None and self._tables:
            self._tables[-1].add_cell("".join(self._cell), *self._cell_span)
        self._cell = None

    def _emit_table(self, table: TableBuilder) -> None:
        """A table's rows, spans expanded; a one-column table is a layout box: its paragraphs."""
        grid = table.grid()
        if grid and all(len(row) == 1 for row in grid):
            for row in grid:
                self.blocks.extend(Block(line.strip(), None, "para") for line in row[0].split("\n") if line.strip())
            return
        self.blocks.extend(Block(row_text([cell_text(c) for c in row]), None, "row") for row in grid)

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "table":
            if self._cell is not None:  # a table inside a cell: what the outer table read so far first
                self._end_cell()
                self._emit_table(self._tables.pop())
                self._tables.append(TableBuilder())
            self._flush()
            self._tables.append(TableBuilder())
        elif tag == "tr" and self._tables:
            self._end_cell()
            self._flush()
            self._tables[-1].start_row()
        elif tag in ("td", "th") and self._tables:
            self._end_cell()
            self._flush()
            a = dict(attrs)
            self._cell = []
            self._cell_span = (span(a.get("rowspan")), span(a.get("colspan")))
        elif tag == "br":
            (self._cell if self._cell is not None else self._buf).append("\n")
        elif re.fullmatch(r"h[1-6]", tag):
            self._flush()
            self._heading = int(tag[1])
        elif tag in _BLOCK_TAGS:
            if self._cell is not None:
                self._cell.append("\n")
            else:
                self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag == "title":
            self._in_title = False
        elif tag == "table" and self._tables:
            self._end_cell()
            self._flush()
            self._emit_table(self._tables.pop())
        elif tag in ("td", "th"):
            self._end_cell()
            self._flush()
        elif tag == "tr" and self._tables:
            self._end_cell()
            self._flush()
            self._tables[-1].end_row()
        elif re.fullmatch(r"h[1-6]", tag):
            self._flush()
            self._heading = None
        elif tag in _BLOCK_TAGS:
            if self._cell is not None:
                self._cell.append("\n")
            else:
                self._flush()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif self._skip:
            return
        elif self._cell is not None:
            self._cell.append(data)
        else:
            self._buf.append(data.replace("\n", " ") if self._heading is None else data)

    def close(self) -> None:
        super().close()
        while self._tables:
            self.handle_endtag("table")
        self._flush()


_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none", re.I)
_SITE_SUFFIX_RE = re.compile(r"\s*[-_|｜—]+\s*[^-_|｜—]*(?:网站|门户|政府网|信息公开|人民政府)[^-_|｜—]*$")
_REPOST_RE = re.compile(r"^[（(]转载[）)]\s*")
# a page saved from a web site carries the site around its article (menus, footer, share
# links): then the article is extracted; a plain HTML document is read whole
_CHROME_RE = re.compile(rb"<(?:nav|header|footer|aside|iframe)\b"
                        # a government CMS page: its meta tags, or a breadcrumb (当前位置 in UTF-8 or GBK)
                        rb"|<meta\s+name=[\"'](?:SiteName|ArticleTitle|ColumnName)[\"']"
                        + b"|" + re.escape("当前位置".encode()) + b"|" + re.escape("当前位置".encode("gbk")), re.I)
_LINK_RE = re.compile(rb"<a\s", re.I)
_SCRIPT_RE = re.compile(rb"<script\b", re.I)
SITE_LINKS, SITE_SCRIPTS = 20, 3   # a document saved as HTML (Word, pandoc) has few of either


def _site_page(data: bytes) -> bool:
    """Does this look like a page saved from a site (chrome to remove), not a plain document?"""
    return (bool(_CHROME_RE.search(data)) or len(_LINK_RE.findall(data)) >= SITE_LINKS
            or len(_SCRIPT_RE.findall(data)) >= SITE_SCRIPTS)


def _blocks(html: str) -> tuple[list[Block], str]:
    collector = _BlockCollector()
    collector.feed(html)
    collector.close()
    return collector.blocks, " ".join(collector.title.split())


def _page_title(tree) -> str:
    """The page's own title: meta ArticleTitle, else <title> without the site name."""
    title = ""
    for meta in tree.iter("meta"):
        if (meta.get("name") or "").lower() == "articletitle" and (meta.get("content") or "").strip():
            title = meta.get("content").strip()
            break
    if not title:
        el = tree.find(".//title")
        title = " ".join((el.text_content() if el is not None else "").split())
        title = _SITE_SUFFIX_RE.sub("", title)
    return _REPOST_RE.sub("", " ".join(title.split()))


# what a site's own title bar or top links say (网站首页 | 无障碍 | 长者模式): never an article's title
_CHROME_WORDS = ("首页", "无障碍", "长者", "适老", "关怀版", "登录", "注册", "网站地图", "English", "繁體", "繁体",
                 "简体", "手机版", "移动版", "读屏", "设为首页", "加入收藏", "智能问答")
_TITLE_SEP_RE = re.compile(r"\s*[|｜>»›]\s*")
_TITLE_CLASS_RE = re.compile(r"title|biaoti|(?:^|[\s_-])bt(?:$|[\s_-])|tit(?:$|[\s_-])", re.I)
_ORGAN_RE = re.compile(r"(?:人民政府|办公室|办公厅|委员会|局|厅|网|门户|网站)$")
_SENTENCE_MARKS = "。；;！？"


def chrome_title(title: str) -> bool:
    """A <title> that is the site's chrome (网站首页 | 无障碍 | 长者模式 | …), not the page's article."""
    parts = [p for p in _TITLE_SEP_RE.split(title) if p.strip()]
    chrome = sum(1 for p in parts if len(p) <= 8 and any(w in p for w in _CHROME_WORDS))
    return chrome >= 1 and (len(parts) >= 3 or chrome == len(parts))


def _article_heading(tree) -> str:
    """The article's own heading on a page whose <title> is chrome: the first h1–h3 (or element
    whose class names a title) outside the header, navigation and footer that names a document
    (…村庄规划（2021—2035年）, …办法), else the first one that is neither chrome nor a body's name."""
    from ..front import names_document

    found: list[str] = []
    for el in tree.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag:
            continue
        marks = f"{el.get('class') or ''} {el.get('id') or ''}"
        if tag not in ("h1", "h2", "h3") and not (tag in ("div", "p", "span", "td", "strong") and _TITLE_CLASS_RE.search(marks)):
            continue
        if any(a.tag in ("header", "nav", "footer", "aside") for a in el.iterancestors() if isinstance(a.tag, str)):
            continue
        text = " ".join(el.text_content().split())
        if 4 <= len(text) <= 80 and not chrome_title(text) and not any(p in text for p in _SENTENCE_MARKS):
            found.append(text)
    named = [t for t in found if names_document(t)]
    if named:
        return named[0]
    return next((t for t in found if not _ORGAN_RE.search(t)), "")


# elements that end a line of a page's visible text: a panel's label and value cells are
# separate lines even when the page writes the whole row on one source line
_LINE_END_TAGS = {"td", "th", "tr", "p", "div", "li", "br", "dd", "dt", "table", "ul", "ol", "section",
                  "h1", "h2", "h3", "h4", "h5", "h6", "header", "footer", "article", "main"}


def _visible_text(tree) -> str:
    """The text of a page's <body> (scripts and styles left out), a line break after every
    block element and table cell."""
    from lxml import etree

    body = tree.find(".//body")
    parts: list[str] = []
    skipping = 0
    for event, el in etree.iterwalk(body if body is not None else tree, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in ("script", "style") or not tag:
                skipping += 1
            elif not skipping and el.text:
                parts.append(el.text)
            continue
        if tag in ("script", "style") or not tag:
            skipping -= 1
        elif not skipping and tag in _LINE_END_TAGS:
            parts.append("\n")
        if not skipping and el.tail and el is not body:
            parts.append(el.tail)
    return "".join(parts)


def _page_panel(tree) -> Panel:
    """The page's metadata panel (发布机构, 成文日期, 发布日期, 实施日期 …) and meta tags.

    The panel sits outside the article, so it is read from the whole page's visible text; a
    panel body that is the site's own name (a repost) is not the issuer.
    """
    pairs = [(meta.get("name") or "", meta.get("content") or "") for meta in tree.iter("meta")]
    site = next((c for n, c in pairs if n.lower() == "sitename"), "")
    lines = [" ".join(line.split()) for line in _visible_text(tree).splitlines()]
    panel, _ = panels.read_lines([line for line in lines if line])
    return panels.without_site(panel, site).merged(panels.read_meta(pairs))


def _main_content(text: str) -> tuple[list[Block], str, Panel] | None:
    """Hidden elements dropped, then the article body; None if no library finds one."""
    try:
        from lxml import html as lxml_html
    except ImportError:
        return None
    try:
        tree = lxml_html.document_fromstring(text)
    except Exception:  # lxml refuses some inputs (e.g. empty after parsing)
        return None
    for el in list(tree.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        if _HIDDEN_STYLE_RE.search(el.get("style") or "") or el.get("hidden") is not None \
                or (el.get("aria-hidden") or "").lower() == "true":
            el.drop_tree()
    title = _page_title(tree)
    heading = _article_heading(tree) if chrome_title(title) else ""
    title = heading or title
    # the article's own name where the <title> adds what the page does with it (…村庄规划（2021—
    # 2035年）批前公告 over an h1 …村庄规划（2021—2035年）): the page shows that name as its heading
    named = "" if heading else _article_heading(tree)
    named = named if named and named != title and title.startswith(named) and len(named) >= 8 else ""
    panel = _page_panel(tree)
    cleaned = lxml_html.tostring(tree, encoding="unicode")
    candidates: list[str] = []
    try:
        from readability import Document as Readable
        candidates.append(Readable(cleaned).summary(html_partial=True))
    except Exception:  # a library failure falls back to the next reader
        pass
    blocks: list[Block] = []
    if candidates:
        blocks, _ = _blocks(candidates[0])
    if _chars(blocks) < 200:
        try:
            import trafilatura
            out = trafilatura.extract(cleaned, output_format="html", include_tables=True, favor_precision=True)
        except Exception:  # a library failure falls back to the whole page
            out = None
        if out:
            blocks, _ = _blocks(out)
    if _chars(blocks) < 50:
        return None
    if title and (not blocks or blocks[0].text != title):
        if heading:  # the article's heading, where the extractor kept it (under a date line), moves to the top
            blocks = [b for n, b in enumerate(blocks) if n >= 8 or " ".join(b.text.split()) != heading]
        blocks.insert(0, Block(title, None, "heading", 1))
    if named and not any(" ".join(b.text.split()) == named for b in blocks[:8]):
        blocks.insert(1, Block(named, None, "heading", 2))
    # the 文号 above the article (穗府办规〔2024〕13号, 广州市人民政府令 / 第179号)
    panel = panel.merged(panels.front_number([b.text for b in blocks[:8]]))
    return blocks, title, panel


def _chars(blocks: list[Block]) -> int:
    return sum(len(b.text) for b in blocks)


def read_html(path: Path, data: bytes) -> RawDocument:
    """Read an HTML file; the charset comes from <meta> or is detected."""
    text = None
    m = _META_CHARSET_RE.search(data[:4096])
    if m:
        try:
            text = data.decode(m.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text, _ = decode_text(data, path.name)
    main = _main_content(text) if _site_page(data) else None
    panel = None
    if main is not None:
        blocks, title, panel = main
    else:
        blocks, title = _blocks(text)
        title = "" if chrome_title(title) else title  # a site's chrome is no document's title
    if not any(b.text.strip() for b in blocks):
        raise EmptyDocument(path.name, "HTML 中没有正文文字")
    blocks = without_trailer(blocks)  # 相关阅读 / 延伸阅读 that the site appended
    return RawDocument(path.name, "html", blocks, meta_title=title, panel=panel or None)
