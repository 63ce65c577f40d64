"""What a reader hands to clean-up and the structure parser."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..panels import Panel


@dataclass
class Block:
    """One line or paragraph as read from the file.

    kind: `line` (a physical line that may be a fragment: PDF, TXT), `para` (a real
    paragraph: DOCX, HTML), `heading` (explicit heading with `level`; 0 = document title),
    `row` (a table row, cells joined by " | "), `blank` (an empty line).
    """

    text: str
    page: int | None = None
    kind: str = "line"
    level: int = 0
    page_end: int | None = None
    indent: bool = False  # the raw line began with an indent (a paragraph's first line)

    @property
    def last_page(self) -> int | None:
        return self.page_end if self.page_end is not None else self.page


@dataclass
class RawDocument:
    """A file's blocks in reading order, before clean-up."""

    file: str
    source_format: str
    blocks: list[Block]
    pages: int | None = None
    meta_title: str = ""
    warnings: list[str] = field(default_factory=list)
    ocr_pages: dict[int, float] = field(default_factory=dict)  # page -> mean OCR confidence
    panel: Panel | None = None  # the site's metadata panel (发文机构, 文号, dates), if it has one
