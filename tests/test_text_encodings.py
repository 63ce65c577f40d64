"""TXT and Markdown in the encodings government files come in."""
from __future__ import annotations

import pytest

from ingest import load
from ingest.readers.text import decode_text

SIMPLIFIED = """中华人民共和国土地管理法（节选）

第五章 建设用地

第六十二条 农村村民一户只能拥有一处宅基地，其宅基地的面积不得超过省、自治区、直辖市规定的标准。

人均土地少、不能保障一户拥有一处宅基地的地区，县级人民政府在充分尊重农村村民意愿的基础上，可以采取措施，按照省、自治区、直辖市规定的标准保障农村村民实现户有所居。

第六十三条 土地利用总体规划、城乡规划确定为工业、商业等经营性用途，并经依法登记的集体经营性建设用地，土地所有权人可以通过出让、出租等方式交由单位或者个人使用。
"""

TRADITIONAL = """中華人民共和國土地管理法（節選）

第五章 建設用地

第六十二條 農村村民一戶只能擁有一處宅基地，其宅基地的面積不得超過省、自治區、直轄市規定的標準。

人均土地少、不能保障一戶擁有一處宅基地的地區，縣級人民政府在充分尊重農村村民意願的基礎上，可以採取措施，按照省、自治區、直轄市規定的標準保障農村村民實現戶有所居。

第六十三條 土地利用總體規劃、城鄉規劃確定為工業、商業等經營性用途，並經依法登記的集體經營性建設用地，土地所有權人可以通過出讓、出租等方式交由單位或者個人使用。
"""


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_simplified_text_in_common_encodings(tmp_path, encoding):
    path = tmp_path / f"土地管理法节选_{encoding}.txt"
    path.write_bytes(SIMPLIFIED.encode(encoding))
    doc = load(path)
    assert doc.title == "中华人民共和国土地管理法（节选）"
    assert [c.label for c in doc.clauses] == ["第六十二条", "第六十三条"]
    assert "户有所居" in doc.clauses[0].text
    assert doc.clauses[0].path == ("第五章 建设用地",)


def test_big5_traditional_text(tmp_path):
    path = tmp_path / "土地管理法_big5.txt"
    path.write_bytes(TRADITIONAL.encode("big5"))
    text, encoding = decode_text(path.read_bytes(), path.name)
    assert encoding == "big5"
    doc = load(path)
    assert doc.title == "中華人民共和國土地管理法（節選）"
    assert "戶有所居" in doc.clauses[0].text
    # 第X條 in traditional characters is a different label; the text is still one unit
    assert len(doc.units()) >= 1


def test_gbk_is_not_mistaken_for_big5_and_back():
    assert decode_text(SIMPLIFIED.encode("gbk"), "a.txt")[1] == "gb18030"
    assert decode_text(TRADITIONAL.encode("big5"), "b.txt")[1] == "big5"


def test_control_characters_and_fullwidth_digits_are_cleaned(tmp_path):
    raw = "某县村庄规划管理规定\n\n第１条\u3000为规范村庄规划，制定本规定。\x00\x07\n\n第２条　规划期限为２０２１—２０３５年。\n"
    path = tmp_path / "规定.txt"
    path.write_text(raw, encoding="utf-8")
    doc = load(path)
    assert [c.label for c in doc.clauses] == ["第1条", "第2条"]
    assert doc.clauses[1].text == "第2条 规划期限为2021—2035年。"
    assert "\x00" not in doc.text and "\x07" not in doc.text


def test_markdown_tables_stay_rows(tmp_path):
    md = """# 某村村庄规划

## 1 规划目标

### 1.1 指标

| 指标 | 基期年 | 目标年 | 单位 |
| --- | --- | --- | --- |
| 耕地保有量 | 120.5 | 120.5 | 公顷 |
| 村庄建设用地规模 | 35.2 | 33.8 | 公顷 |

### 1.2 定位

以生态农业和乡村旅游为主导。
"""
    path = tmp_path / "某村村庄规划.md"
    path.write_text(md, encoding="utf-8")
    doc = load(path)
    assert [c.label for c in doc.clauses] == ["1", "1.1", "1.2"]
    rows = doc.clauses[1].text.split("\n")[1:]
    assert rows == ["指标 | 基期年 | 目标年 | 单位", "耕地保有量 | 120.5 | 120.5 | 公顷",
                    "村庄建设用地规模 | 35.2 | 33.8 | 公顷"]
