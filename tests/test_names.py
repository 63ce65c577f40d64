"""Document identity (ingest/names.py) on small records: short titles, names as compared,
abbreviations and references, without an index."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from ingest.errors import DocumentNotFound
from ingest.names import (
    DocumentNames,
    document_name_in,
    find_document,
    has_state_prefix,
    plain,
    resolve,
    short_title,
)


@dataclass(frozen=True)
class Record:
    doc_id: str
    title: str
    aliases: tuple[str, ...] = ()

    @property
    def short_title(self) -> str:
        return short_title(self.title)


DOCS = [Record("土地管理法", "中华人民共和国土地管理法"),
        Record("土地管理法实施条例", "中华人民共和国土地管理法实施条例"),
        Record("城乡规划法", "中华人民共和国城乡规划法"),
        Record("村民委员会组织法", "中华人民共和国村民委员会组织法"),
        Record("浙江省城乡规划条例", "浙江省城乡规划条例"),
        Record("广东省城乡规划条例", "广东省城乡规划条例"),
        Record("一号文件", "中共中央国务院关于做好2023年全面推进乡村振兴重点工作的意见", ("2023中央一号文件",))]


@pytest.mark.parametrize(("title", "short"), [
    ("中华人民共和国土地管理法", "土地管理法"),
    ("《中华人民共和国城乡规划法》", "城乡规划法"),
    ("浙江省城乡规划条例", "浙江省城乡规划条例"),
    ("中华人民共和国", "中华人民共和国"),  # nothing would be left
])
def test_short_title_drops_the_state_prefix_of_national_laws(title, short):
    assert short_title(title) == short


def test_plain_is_the_name_as_compared():
    assert plain("《中华人民共和国 民法典 物权编》") == "民法典物权编"
    assert has_state_prefix("中华人民共和国土地管理法") and not has_state_prefix("浙江省土地管理条例")


def test_document_name_in_a_hint():
    assert document_name_in("请问物业管理条例") == "物业管理条例"
    assert document_name_in("违反") == ""


@pytest.mark.parametrize(("ref", "doc_id"), [
    ("《中华人民共和国土地管理法》", "土地管理法"),
    ("土地管理法", "土地管理法"),
    ("土地法", "土地管理法"),             # derived: a 法, never its 实施条例
    ("村组法", "村民委员会组织法"),
    ("规划法", "城乡规划法"),
    ("2023中央一号文件", "一号文件"),
    ("土地管理法实施条例", "土地管理法实施条例"),
])
def test_find_document_by_what_people_write(ref, doc_id):
    assert find_document(DOCS, ref).doc_id == doc_id
    assert resolve(ref, DOCS).doc_id == doc_id


def test_exact_names_only_when_guessing_is_off():
    with pytest.raises(DocumentNotFound):
        find_document(DOCS, "村组法", guess=False)
    assert find_document(DOCS, "中华人民共和国村民委员会组织法", guess=False).doc_id == "村民委员会组织法"


def test_a_fragment_of_several_titles_names_none():
    with pytest.raises(DocumentNotFound) as err:
        find_document(DOCS, "城乡规划")
    assert "匹配多个文件" in str(err.value)
    assert resolve("城乡规划", DOCS) is None
    assert resolve("规划条例", DOCS) is None   # part of every 城乡规划条例's name
    assert resolve("物业管理条例", DOCS) is None


def test_names_of_a_set_of_documents():
    names = DocumentNames(DOCS)
    assert names.is_name_of("《中华人民共和国城乡规划法》", "城乡规划法")
    assert not names.is_name_of("规划法", "城乡规划法")        # an abbreviation is not its own name
    assert names.lookup("规划法") == "城乡规划法" and names.lookup("规划法", derive=False) is None
    assert names.resolve("请问土地管理法") == ["土地管理法"]
    assert names.resolve("2023年中央一号文件") == ["一号文件"]
    assert names.mentioned("土地管理法实施条例第三条怎么说") == {"土地管理法", "土地管理法实施条例"}
