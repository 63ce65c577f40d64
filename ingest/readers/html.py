"""HTML: block elements become paragraphs, h1–h6 headings, table rows stay rows."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from ..errors import EmptyDocument
from .base import Block, RawDocument
from .text import decode_text

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
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def _flush(self) -> None:
        text = "".join(self._buf)
        self._buf = []
        for line in text.split("\n"):
            if line.strip():
                if self._heading is not None:
                    self.blocks.append(Block(line.strip(), None, "heading", self._heading))
                else:
                    self.blocks.append(Block(line.strip(), None, "para"))

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "tr":
            self._flush()
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "br":
            (self._cell if self._cell is not None else self._buf).append("\n" if self._cell is None else " ")
        elif re.fullmatch(r"h[1-6]", tag):
            self._flush()
            self._heading = int(tag[1])
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if any(self._row):
                self.blocks.append(Block(" | ".join(self._row), None, "row"))
            self._row = None
        elif re.fullmatch(r"h[1-6]", tag):
            self._flush()
            self._heading = None
        elif tag in _BLOCK_TAGS:
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
        self._flush()


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
    collector = _BlockCollector()
    collector.feed(text)
    collector.close()
    if not any(b.text.strip() for b in collector.blocks):
        raise EmptyDocument(path.name, "HTML 中没有正文文字")
    return RawDocument(path.name, "html", collector.blocks, meta_title=" ".join(collector.title.split()))
