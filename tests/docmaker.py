"""Build real test documents: PDFs with an embedded CJK font (fpdf2), DOCX (python-docx)."""
from __future__ import annotations

import os
from pathlib import Path

FONT_PATHS = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
              "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


def cjk_font() -> str:
    """Path of a TrueType CJK font (Debian's fonts-wqy-microhei).

    TrueType, not CFF: fpdf2's subsets of CFF-based OpenType CJK fonts come out with
    ToUnicode maps that pypdf decodes into the wrong characters on later pages."""
    for candidate in FONT_PATHS:
        if os.path.exists(candidate):
            return candidate
    raise RuntimeError("no CJK TrueType font: apt-get install fonts-wqy-microhei")


def wrap(paragraphs: list[str], width: int = 32, indent: bool = False) -> list[str]:
    """Break paragraphs into lines of `width` characters, as a typesetter would; with
    `indent`, each paragraph's first line starts with two ideographic spaces."""
    lines: list[str] = []
    for para in paragraphs:
        if indent:
            para = "\u3000\u3000" + para
        lines.extend(para[i:i + width] for i in range(0, len(para), width))
    return lines


def paginate(lines: list[str], per_page: int = 36) -> list[list[str]]:
    return [lines[i:i + per_page] for i in range(0, len(lines), per_page)]


def make_pdf(path: Path, pages: list[list[str]], header: str | None = None,
             page_numbers: bool = True, font_size: float = 10.5, title: str | None = None,
             header_from_page: int = 1, blank_pages: tuple[int, ...] = ()) -> Path:
    """Write a PDF whose pages carry the given lines, one text line each (so a paragraph
    wrapped by `wrap` breaks in mid-sentence, as in real PDFs), with an optional running
    header and a page-number footer on every page."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("cjk", "", cjk_font())
    if title:
        pdf.set_title(title)
    for number, lines in enumerate(pages, start=1):
        pdf.add_page()
        if number in blank_pages:  # a scanned page: an image, no text layer
            _draw_scan(pdf)
            continue
        if header and number >= header_from_page:
            pdf.set_font("cjk", size=9)
            pdf.set_xy(20, 10)
            pdf.cell(170, 6, header, align="C")
        pdf.set_font("cjk", size=font_size)
        y = 22.0
        for line in lines:
            pdf.set_xy(20, y)
            pdf.cell(170, 6, line)
            y += 6.8
        if page_numbers:
            pdf.set_font("cjk", size=9)
            pdf.set_xy(20, 282)
            pdf.cell(170, 6, f"- {number} -", align="C")
    pdf.output(str(path))
    return path


def _draw_scan(pdf) -> None:  # type: ignore[no-untyped-def]
    import io

    from PIL import Image, ImageDraw

    img = Image.new("L", (620, 877), 255)
    draw = ImageDraw.Draw(img)
    for y in range(80, 800, 24):
        draw.line((60, y, 560, y), fill=40, width=3)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    buf.seek(0)
    pdf.image(buf, x=0, y=0, w=210)


def make_image_pdf(path: Path, pages: int = 2) -> Path:
    """A 'scanned' PDF: every page is an image, no text layer."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    for _ in range(pages):
        pdf.add_page()
        _draw_scan(pdf)
    pdf.output(str(path))
    return path


def make_docx(path: Path, items: list[tuple[str, str]], core_title: str | None = None) -> Path:
    """Write a DOCX from (kind, text) items: kind is title | h1 | h2 | h3 | p | pagebreak |
    table (text = rows separated by '\\n', cells by '|')."""
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    if core_title:
        document.core_properties.title = core_title
    for kind, text in items:
        if kind == "title":
            document.add_heading(text, level=0)
        elif kind in ("h1", "h2", "h3"):
            document.add_heading(text, level=int(kind[1]))
        elif kind == "p":
            document.add_paragraph(text)
        elif kind == "pagebreak":
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif kind == "table":
            rows = [r.split("|") for r in text.split("\n")]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, cells in enumerate(rows):
                for c, value in enumerate(cells):
                    table.cell(r, c).text = value
        else:
            raise ValueError(kind)
    document.save(str(path))
    return path


def scan_pages(pages: list[list[str]], dpi: int = 200, rotate: tuple[float, ...] = (), noise: tuple[int, ...] = (),
               columns: tuple[int, ...] = (), chars_per_line: int = 30):
    """Render text pages as a scanner would: grey images at `dpi` (A4), optionally slightly
    rotated, speckled, or set in two columns. Returns PIL images."""
    import random

    from PIL import Image, ImageDraw, ImageFont

    width, height = int(8.27 * dpi), int(11.69 * dpi)
    size = int(dpi * 0.16)  # ~11.5 pt
    font = ImageFont.truetype(cjk_font(), size)
    rng = random.Random(42)
    images = []
    for n, lines in enumerate(pages, start=1):
        img = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(img)
        margin = int(dpi * 0.9)
        if n in columns:
            col_w = (width - 2 * margin - int(dpi * 0.4)) // 2
            per_col = (len(lines) + 1) // 2
            for c, chunk in enumerate((lines[:per_col], lines[per_col:])):
                x = margin + c * (col_w + int(dpi * 0.4))
                for i, line in enumerate(chunk):
                    draw.text((x, margin + i * size * 1.8), line, font=font, fill=0)
        else:
            for i, line in enumerate(lines):
                y = margin + i * size * 1.8
                if "|" in line:  # a table row: cells in columns, as a scanned table looks
                    cells = [c.strip() for c in line.strip("| ").split("|")]
                    first = int((width - 2 * margin) * 0.42)  # the label column is the wide one
                    rest = (width - 2 * margin - first) // max(len(cells) - 1, 1)
                    for c, cell in enumerate(cells):
                        draw.text((margin + (0 if c == 0 else first + (c - 1) * rest), y), cell, font=font, fill=0)
                    continue
                indent = size * 2 if line.startswith("\u3000\u3000") else 0
                draw.text((margin + indent, y), line.lstrip("\u3000"), font=font, fill=0)
        if n in noise:
            for _ in range(width * height // 400):
                img.putpixel((rng.randrange(width), rng.randrange(height)), rng.choice((0, 90, 160)))
        if n in rotate:
            img = img.rotate(0.8, expand=False, fillcolor=255, resample=Image.BICUBIC)
        images.append(img)
    return images


def make_scanned_pdf(path: Path, images, digital: dict[int, list[str]] | None = None) -> Path:
    """A PDF whose pages are the given images (no text layer); `digital` maps 1-based page
    numbers to text lines typeset as real text instead (a mixed PDF)."""
    import io

    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("cjk", "", cjk_font())
    for n, img in enumerate(images, start=1):
        pdf.add_page()
        if digital and n in digital:
            pdf.set_font("cjk", size=10.5)
            for i, line in enumerate(digital[n]):
                pdf.set_xy(20, 22 + i * 6.8)
                pdf.cell(170, 6, line)
            continue
        buf = io.BytesIO()
        img.save(buf, format="PNG")
        buf.seek(0)
        pdf.image(buf, x=0, y=0, w=210, h=297)
    pdf.output(str(path))
    return path


def chapter_paragraphs(source: str, heading: str) -> list[str]:
    """The paragraphs of one `## 第X章` of a corpus law, heading first, Markdown marks removed."""
    paras = [p.strip() for p in source.split("\n") if p.strip()]
    start = next(i for i, p in enumerate(paras) if p.lstrip("# ").startswith(heading))
    end = next(i for i in range(start + 1, len(paras)) if paras[i].startswith("## "))
    return [p.lstrip("# ").strip() for p in paras[start:end]]
