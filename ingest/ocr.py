"""OCR for pages without a text layer (scans), offline: pypdfium2 renders, RapidOCR reads.

`rapidocr-onnxruntime` carries the PP-OCRv4 Chinese models in its wheel, so nothing is
downloaded. It is an optional extra (`pip install -e .[ocr]`, ~330 MB installed with
onnxruntime and OpenCV); without it a scanned file gets a one-line message saying so.

Pages run in worker processes (one OCR engine per worker). Recognised lines are put in
reading order (two-column pages column by column), table rows are rebuilt from boxes on one
baseline, and indented first lines are marked so that clean-up joins lines into paragraphs.
"""
from __future__ import annotations

import io
import os
import re
import statistics
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from .errors import UnreadableDocument
from .readers.base import Block

DPI = 200
LOW_CONFIDENCE = 0.90     # a page whose mean recognition confidence is below this is listed
_engine = None


@dataclass(frozen=True)
class OcrLine:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    confidence: float


@dataclass
class OcrPage:
    number: int
    lines: list[OcrLine]
    width: float
    confidence: float = 0.0
    blocks: list[Block] = field(default_factory=list)


def available() -> bool:
    try:
        import pypdfium2  # noqa: F401
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def require(file: str) -> None:
    if not available():
        raise UnreadableDocument(file, "是扫描件（没有文字层），需要 OCR：请安装 pip install -e '.[ocr]'（或 rapidocr-onnxruntime 与 pypdfium2）")


def _init_worker() -> None:
    global _engine
    from rapidocr_onnxruntime import RapidOCR
    _engine = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)


def _recognise(png: bytes) -> list[OcrLine]:
    global _engine
    if _engine is None:
        _init_worker()
    assert _engine is not None
    result, _ = _engine(png)
    out = []
    for box, text, conf in result or []:
        xs = [p[0] for p in box]
        ys = [p[1] for p in box]
        out.append(OcrLine(str(text), min(xs), min(ys), max(xs), max(ys), float(conf)))
    return out


def render_pdf_pages(data: bytes, numbers: list[int], dpi: int = DPI) -> list[tuple[bytes, float]]:
    """PNG bytes and pixel width of each 1-based page."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    out = []
    try:
        for n in numbers:
            image = pdf[n - 1].render(scale=dpi / 72).to_pil().convert("L")
            buf = io.BytesIO()
            image.save(buf, format="PNG")
            out.append((buf.getvalue(), float(image.width)))
    finally:
        pdf.close()
    return out


def image_png(data: bytes) -> tuple[bytes, float]:
    """A PNG/JPEG upload as grey PNG bytes and its width."""
    from PIL import Image

    opened = Image.open(io.BytesIO(data))
    opened.load()
    image = opened.convert("L")
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue(), float(image.width)


def recognise(images: list[tuple[int, bytes, float]], workers: int | None = None,
              progress: Callable[[int, int], None] | None = None,
              deadline: float | None = None) -> tuple[list[OcrPage], list[int]]:
    """OCR (page number, png, width) items in parallel. Returns the pages read and the page
    numbers skipped because the deadline (time.monotonic()) passed."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(images)))
    pages: list[OcrPage] = []
    skipped: list[int] = []
    if workers == 1:
        for n, (number, png, width) in enumerate(images, start=1):
            if deadline and time.monotonic() > deadline:
                skipped.extend(num for num, _, _ in images[n - 1:])
                break
            pages.append(OcrPage(number, _recognise(png), width))
            if progress:
                progress(n, len(images))
    else:
        with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker) as pool:
            futures = [(number, width, pool.submit(_recognise, png)) for number, png, width in images]
            for n, (number, width, future) in enumerate(futures, start=1):
                remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
                try:
                    lines = future.result(timeout=remaining)
                except TimeoutError:
                    skipped.extend(num for num, _, f in futures[n - 1:])
                    for _, _, f in futures[n - 1:]:
                        f.cancel()
                    break
                pages.append(OcrPage(number, lines, width))
                if progress:
                    progress(n, len(images))
    for page in pages:
        page.confidence = statistics.fmean(line.confidence for line in page.lines) if page.lines else 0.0
        page.blocks = layout(page)
    return pages, skipped


_ASCII_PUNCT = str.maketrans({",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"})
_CJK_RE = re.compile(r"[\u3400-\u9fff]")


def _punctuation(text: str) -> str:
    """OCR reads Chinese punctuation as ASCII now and then (，as , ；as ;): put it back in a
    line of Chinese text, so its width and its sentence ends read as the typeset line's."""
    if not _CJK_RE.search(text):
        return text
    return re.sub(r"(?<=[\u3400-\u9fff）》”])[,;:?!)]|[,;:?!(](?=[\u3400-\u9fff（《“])|(?<=[\u3400-\u9fff])\((?=[\d一二三四五六七八九十])",
                  lambda m: m.group(0).translate(_ASCII_PUNCT), text)


def _columns(lines: list[OcrLine], width: float) -> list[list[OcrLine]]:
    """Split a page into two columns when most lines stay on one side of a clear middle gutter."""
    if len(lines) < 6:
        return [lines]
    mid = width / 2
    left = [ln for ln in lines if ln.x1 < mid + width * 0.03]
    right = [ln for ln in lines if ln.x0 > mid - width * 0.03]
    spanning = len(lines) - len(left) - len(right)
    if len(left) >= 3 and len(right) >= 3 and spanning <= 0.15 * len(lines):
        header = [ln for ln in lines if ln not in left and ln not in right]
        return [sorted(header, key=lambda ln: ln.y0), left, right] if header else [left, right]
    return [lines]


def _rows(lines: list[OcrLine]) -> list[list[OcrLine]]:
    """Group boxes that share a baseline (a table row, or a line split by a wide gap)."""
    rows: list[list[OcrLine]] = []
    for ln in sorted(lines, key=lambda ln: (ln.y0 + ln.y1) / 2):
        centre = (ln.y0 + ln.y1) / 2
        if rows:
            last = rows[-1]
            height = statistics.fmean(x.y1 - x.y0 for x in last)
            if abs(centre - statistics.fmean((x.y0 + x.y1) / 2 for x in last)) < height * 0.5:
                last.append(ln)
                continue
        rows.append([ln])
    return [sorted(r, key=lambda ln: ln.x0) for r in rows]


def layout(page: OcrPage) -> list[Block]:
    """Blocks in reading order: `row` for table rows, `line` otherwise; an indented first line
    of a paragraph keeps a two-space indent so clean-up knows a paragraph starts there."""
    blocks: list[Block] = []
    for column in _columns(page.lines, page.width):
        if not column:
            continue
        left_margin = min(ln.x0 for ln in column)
        for row in _rows(column):
            char_w = statistics.fmean((ln.y1 - ln.y0) for ln in row)  # CJK glyphs are square
            if len(row) > 1 and any(b.x0 - a.x1 > 2 * char_w for a, b in zip(row, row[1:])):
                blocks.append(Block(" | ".join(ln.text.strip() for ln in row), page.number, "row"))
                continue
            text = _punctuation("".join(ln.text for ln in row))
            indent = row[0].x0 - left_margin > 1.5 * char_w
            blocks.append(Block(("\u3000\u3000" if indent else "") + text, page.number, "line"))
    return blocks
