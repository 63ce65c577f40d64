"""Scanned documents: OCR offline with RapidOCR; labels, pages, accuracy and gap checks survive."""
from __future__ import annotations

import difflib
import re

import pytest
from conftest import CORPUS
from docmaker import chapter_paragraphs, make_scanned_pdf, paginate, scan_pages, wrap

from ingest import load
from ingest.errors import NoTextLayer
from ingest.settings import OcrOptions

PER_PAGE = 30


def accuracy(expected: str, got: str) -> float:
    a, b = re.sub(r"\s", "", expected), re.sub(r"\s", "", got)
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


@pytest.fixture(scope="module")
def scanned_law(tmp_path_factory):
    """城乡规划法 第二章 as a multi-page scan at 200 dpi: one page rotated, one speckled."""
    source = (CORPUS / "laws" / "城乡规划法_2019-04-23.md").read_text(encoding="utf-8")
    chapter = chapter_paragraphs(source, "第二章")
    lines = ["中华人民共和国城乡规划法"] + wrap(chapter[:1]) + wrap(chapter[1:], 30, indent=True)
    pages = paginate(lines, PER_PAGE)
    images = scan_pages(pages, dpi=200, rotate=(2,), noise=(3,))
    path = make_scanned_pdf(tmp_path_factory.mktemp("scan") / "城乡规划法扫描件.pdf", images)
    expected_pages = {}
    for n, page in enumerate(pages, start=1):
        for line in page:
            m = re.match(r"\u3000\u3000(第[一二三四五六七八九十百]+条)", line)
            if m:
                expected_pages[m.group(1)] = n
    return path, chapter, expected_pages, load(path), len(pages)


def test_scanned_law_keeps_labels_pages_and_text(scanned_law):
    path, chapter, expected_pages, doc, n_pages = scanned_law
    assert n_pages >= 3
    assert doc.title == "中华人民共和国城乡规划法"
    labels = [c.label for c in doc.clauses]
    assert labels == list(expected_pages)
    for c in doc.clauses:
        assert c.page == expected_pages[c.label], c.label
        assert c.ocr and c.confidence is not None and c.confidence > 0.8
    assert doc.clauses[0].path == ("第二章 城乡规划的制定",)
    assert set(doc.ocr_pages) == set(range(1, n_pages + 1))
    got = "\n".join(c.text for c in doc.clauses)
    assert accuracy("\n".join(chapter[1:]), got) >= 0.97


def test_two_column_page_reads_column_by_column(tmp_path):
    left = ["第一条 本办法适用于本县村庄规划的", "编制、审批和实施管理工作。", "第二条 村庄规划应当以行政村为单",
            "元编制，做到应编尽编。", "第三条 村庄规划应当落实生态保护", "红线和永久基本农田保护要求。"]
    right = ["第四条 村庄规划报送审批前，应当", "经村民会议讨论同意。", "第五条 村庄规划经批准后，应当在", "二十日内公布。",
             "第六条 本办法自发布之日起施行。", "本办法由县自然资源局负责解释。"]
    images = scan_pages([left + right], dpi=200, columns=(1,), chars_per_line=16)
    doc = load(make_scanned_pdf(tmp_path / "两栏.pdf", images))
    assert [c.label for c in doc.clauses] == [f"第{n}条" for n in "一二三四五六"]
    assert "经村民会议讨论同意" in doc.clauses[3].text


def test_mixed_pdf_keeps_both_kinds_of_page(tmp_path):
    digital = ["某县村庄规划管理办法", "第一条 为规范村庄规划管理，制定本办法。", "第二条 村庄规划由乡镇人民政府组织编制。"]
    scanned = ["\u3000\u3000第三条 村庄规划报送审批前，应当经村民会议或者村民代表会议讨论同意。",
               "\u3000\u3000第四条 村庄规划批准后，应当在二十日内通过村务公开栏公布。"]
    images = scan_pages([[], scanned], dpi=200)
    doc = load(make_scanned_pdf(tmp_path / "混合.pdf", images, digital={1: digital}))
    assert [(c.label, c.page, c.ocr) for c in doc.clauses] == [
        ("第一条", 1, False), ("第二条", 1, False), ("第三条", 2, True), ("第四条", 2, True)]
    assert set(doc.ocr_pages) == {2}


def test_ocr_never_and_always(tmp_path):
    images = scan_pages([["\u3000\u3000第一条 宅基地审批由乡镇人民政府负责。"]], dpi=150)
    path = make_scanned_pdf(tmp_path / "扫描.pdf", images)
    with pytest.raises(NoTextLayer) as err:
        load(path, ocr=OcrOptions(mode="never"))
    assert "--ocr auto" in str(err.value)
    doc = load(path, ocr=OcrOptions(mode="always"))
    assert doc.clauses[0].label == "第一条" and doc.clauses[0].ocr


def test_ocr_limits_are_reported(tmp_path):
    images = scan_pages([["\u3000\u3000第一条 甲规定。"], ["\u3000\u3000第二条 乙规定。"]], dpi=150)
    path = make_scanned_pdf(tmp_path / "两页.pdf", images)
    doc = load(path, ocr=OcrOptions(max_pages=1))
    assert [c.label for c in doc.clauses] == ["第一条"]
    assert any("上限 1 页" in w and "第 2 页" in w for w in doc.warnings)


def test_png_upload_is_read(tmp_path):
    images = scan_pages([["某村村规民约", "\u3000\u3000第一条 村民建房须经村民委员会同意并报乡镇审批。"]], dpi=200)
    path = tmp_path / "村规民约.png"
    images[0].crop((0, 0, images[0].width, images[0].height // 3)).save(path)
    doc = load(path)
    assert doc.source_format == "image" and doc.clauses[0].label == "第一条" and doc.clauses[0].ocr


def test_scanned_plan_gets_the_same_gap_check(tmp_path, home):
    from gapcheck import check, load_catalogue
    from index.search import Index
    from ingest.settings import Settings
    plans = __import__("pathlib").Path(__file__).parent / "fixtures" / "plans"
    source = plans / "guangdong_gaps.txt"
    index = Index.open(Settings.from_env(home=home))
    catalogue = load_catalogue("village_plan", index)
    digital = check(source, catalogue, index)
    paras = [p.strip() for p in source.read_text(encoding="utf-8").splitlines() if p.strip()]
    lines = []
    for p in paras:
        is_heading = bool(re.match(r"^\d+(\.\d+)*\s", p)) or len(p) < 30 or "|" in p
        lines += [p] if is_heading else wrap([p], 32, indent=True)
    # 36 lines fill an A4 page at this size; at 40 the last lines of each page fell off the
    # image, so the scan lacked text the digital plan has (unseen while headings alone decided)
    images = scan_pages(paginate(lines, 36), dpi=200)
    scanned = check(make_scanned_pdf(tmp_path / "石岭村规划扫描件.pdf", images), catalogue, index)
    assert {f.requirement.id: f.status for f in scanned.findings} == \
        {f.requirement.id: f.status for f in digital.findings}
    assert {i.name: i.status for i in scanned.indicators} == {i.name: i.status for i in digital.indicators}
