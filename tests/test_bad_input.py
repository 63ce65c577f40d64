"""Bad input gets a one-line error naming the file and the reason; a batch goes on."""
from __future__ import annotations

import io
import zipfile

import pytest
from docmaker import make_docx, make_image_pdf, make_pdf

from ingest import (
    EmptyDocument,
    EncryptedDocument,
    FileTooLarge,
    NoTextLayer,
    UnreadableDocument,
    UnsupportedType,
    load,
    load_many,
)

LAW_LINES = ["某市村庄规划条例", "第一条 为了加强村庄规划管理，制定本条例。", "第二条 本条例自公布之日起施行。"]


def _one_line(exc: Exception, name: str) -> str:
    message = str(exc)
    assert "\n" not in message and name in message and "Traceback" not in message
    return message


def _encrypted_pdf(tmp_path, name: str, user_password: str):
    from pypdf import PdfReader, PdfWriter

    plain = make_pdf(tmp_path / "plain.pdf", [LAW_LINES], page_numbers=False)
    writer = PdfWriter()
    for page in PdfReader(plain).pages:
        writer.add_page(page)
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    path = tmp_path / name
    with open(path, "wb") as f:
        writer.write(f)
    return path


def test_encrypted_pdf(tmp_path):
    path = _encrypted_pdf(tmp_path, "加密.pdf", "secret")
    with pytest.raises(EncryptedDocument) as err:
        load(path)
    assert "加密" in _one_line(err.value, "加密.pdf")


def test_owner_password_only_pdf_is_read(tmp_path):
    path = _encrypted_pdf(tmp_path, "限制编辑.pdf", "")
    assert [c.label for c in load(path).clauses] == ["第一条", "第二条"]


def test_corrupt_pdf(tmp_path):
    path = tmp_path / "损坏.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    with pytest.raises(UnreadableDocument) as err:
        load(path)
    assert "PDF" in _one_line(err.value, "损坏.pdf")


def test_truncated_pdf(tmp_path):
    good = make_pdf(tmp_path / "good.pdf", [LAW_LINES] * 3, page_numbers=False).read_bytes()
    path = tmp_path / "截断.pdf"
    path.write_bytes(good[: len(good) // 3])
    with pytest.raises(UnreadableDocument) as err:
        load(path)
    _one_line(err.value, "截断.pdf")


def test_scanned_pdf_names_the_pages(tmp_path):
    path = make_image_pdf(tmp_path / "扫描件.pdf", pages=3)
    with pytest.raises(NoTextLayer) as err:
        load(path)
    message = _one_line(err.value, "扫描件.pdf")
    assert "扫描" in message and "1–3" in message
    assert err.value.pages == [1, 2, 3]


def test_empty_file(tmp_path):
    for name in ("空.txt", "空.pdf", "空.docx"):
        path = tmp_path / name
        path.write_bytes(b"")
        with pytest.raises(EmptyDocument) as err:
            load(path)
        assert "为空" in _one_line(err.value, name)


def test_whitespace_only_text(tmp_path):
    path = tmp_path / "空白.txt"
    path.write_text("\n\n   \n\u3000\n", encoding="utf-8")
    with pytest.raises(EmptyDocument):
        load(path)


@pytest.mark.parametrize("name", ["规划.doc", "指标.xlsx", "图纸.dwg", "无扩展名"])
def test_unsupported_type(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0 some bytes")
    with pytest.raises(UnsupportedType) as err:
        load(path)
    message = _one_line(err.value, name)
    assert "不支持" in message
    if name.endswith(".doc"):
        assert "DOCX" in message


def test_binary_junk_named_txt(tmp_path):
    import random

    rng = random.Random(7)
    path = tmp_path / "乱码.txt"
    path.write_bytes(bytes(rng.randrange(256) for _ in range(20000)))
    with pytest.raises(UnreadableDocument) as err:
        load(path)
    assert "文本" in _one_line(err.value, "乱码.txt")


def test_pdf_named_txt(tmp_path):
    pdf = make_pdf(tmp_path / "a.pdf", [LAW_LINES], page_numbers=False)
    path = tmp_path / "其实是PDF.txt"
    path.write_bytes(pdf.read_bytes())
    with pytest.raises(UnreadableDocument) as err:
        load(path)
    assert "扩展名" in _one_line(err.value, "其实是PDF.txt")


def test_file_over_size_limit(tmp_path):
    path = tmp_path / "大文件.txt"
    path.write_text("第一条 内容。\n" * 200000, encoding="utf-8")
    with pytest.raises(FileTooLarge) as err:
        load(path, max_bytes=1024 * 1024)
    assert "超过上限" in _one_line(err.value, "大文件.txt")


def test_size_limit_comes_from_settings(monkeypatch):
    from ingest.settings import Settings

    monkeypatch.setenv("PLANKB_MAX_FILE_MB", "7")
    assert Settings.from_env().max_bytes == 7 * 1024 * 1024


def test_docx_that_is_not_a_zip(tmp_path):
    path = tmp_path / "坏.docx"
    path.write_bytes(b"this is not a zip archive at all" * 10)
    with pytest.raises(UnreadableDocument) as err:
        load(path)
    assert "DOCX" in _one_line(err.value, "坏.docx")


def test_docx_zip_bomb_is_refused(tmp_path, monkeypatch):
    from ingest.readers import docx as docx_reader

    good = make_docx(tmp_path / "good.docx", [("p", "第一条 内容。")]).read_bytes()
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("word/media/padding.bin", b"\0" * (3 * 1024 * 1024))
    path = tmp_path / "炸弹.docx"
    path.write_bytes(buf.getvalue())
    assert path.stat().st_size < 200 * 1024
    monkeypatch.setattr(docx_reader, "MAX_UNZIPPED_BYTES", 2 * 1024 * 1024)
    with pytest.raises(UnreadableDocument) as err:
        load(path)
    assert "压缩炸弹" in _one_line(err.value, "炸弹.docx")


def test_batch_goes_on_past_bad_files(tmp_path):
    folder = tmp_path / "批量"
    folder.mkdir()
    make_pdf(folder / "a_好.pdf", [LAW_LINES], page_numbers=False)
    (folder / "b_空.txt").write_bytes(b"")
    make_image_pdf(folder / "c_扫描.pdf", pages=1)
    (folder / "d_好.md").write_text("# 某办法\n\n第一条 内容。\n\n第二条 内容。\n", encoding="utf-8")
    (folder / "e_坏.docx").write_bytes(b"junk" * 10)
    seen = []
    docs, errors = load_many([folder], progress=lambda stage, n, total: seen.append((n, total)))
    assert [d.title for d in docs] == ["某市村庄规划条例", "某办法"]
    assert [e.file.rsplit("/", 1)[-1] for e in errors] == ["b_空.txt", "c_扫描.pdf", "e_坏.docx"]
    assert seen[-1] == (5, 5)
