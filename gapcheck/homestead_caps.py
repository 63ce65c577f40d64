"""Homestead area caps read from the knowledge base's own provincial and city rules.

The catalogue may state a province's cap (`homestead_caps` in its YAML). Where it does not, or
where the plan's city has a rule of its own, the cap is read from the rule itself, as the
knowledge base holds it: a 土地管理条例 or 实施办法 article such as
  平原地区和城市郊区每户不得超过八十平方米，丘陵地区每户不得超过一百二十平方米，山区每户不得超过一百五十平方米
  使用耕地的，最高不得超过一百二十五平方米；使用其他土地的，最高不得超过一百四十平方米
gives {平原: 80, 城市郊区: 80, 丘陵: 120, 山区: 150} / {耕地: 125, 其他土地: 140}. So a reviewer
who uploads their province's rule in 文库 gets the homestead check for their plans.

Which rule governs: a rule of the plan's own city, then the catalogue's entry for the province,
then a provincial rule in the library. A class stated twice with different caps (河南: 平原 134
or 167 by farmland per head) keeps the larger: the check reports a conflict only above every
cap that may apply. Per-person standards (每人 20 至 30 平方米) are not read: they need the
household's size.
"""
from __future__ import annotations

import re
import weakref
from dataclasses import replace
from typing import TYPE_CHECKING

from ingest.numerals import cn_to_int
from ingest.regions import province_of

from .catalogue import Basis, Catalogue, HomesteadCap

if TYPE_CHECKING:
    from index.search import Index

_NUMBER = r"([0-9０-９]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千]+)"
_LIMIT = re.compile(r"(?:最高|最多)?(?:不得超过|不超过|不得大于|不大于|不得高于|不高于|控制在)\s*" + _NUMBER
                    + r"\s*(?:平方米|㎡|m2|m²)(?:以内|以下)?")
# the classes a rule sets caps by: terrain, or the land the homestead uses
_CLASS = re.compile(r"(?<!人均)(?:平原地区|平原区|平原|城市郊区|城镇郊区|城郊|丘陵地区|丘陵区|丘陵|山区|山地|"
                    r"牧区|坝区|(?:使用|占用)?耕地|其他土地|荒地|荒坡|荒山)")
_CANONICAL = {"平原地区": "平原", "平原区": "平原", "丘陵地区": "丘陵", "丘陵区": "丘陵", "山地": "山区",
              "城郊": "城市郊区", "使用耕地": "耕地", "占用耕地": "耕地"}
_HOUSEHOLD = re.compile(r"每户|一户|户均|每宗")
LOCAL_KINDS = ("地方性法规", "地方政府规章", "规范性文件", "地方规范性文件")
UNIFORM = "全域"   # the class name of a cap that sets one figure for the whole jurisdiction


def read_caps(text: str) -> dict[str, float]:
    """The per-household homestead caps an article sets, by class ({} if it sets none).

    Only an article about 宅基地 counts, and only limits of land in square metres in a paragraph
    about households or homesteads: not 建筑面积 and not per person (每人, 人均)."""
    if "宅基地" not in text:
        return {}
    caps: dict[str, float] = {}
    for para in text.split("\n"):
        if not (_HOUSEHOLD.search(para) or "宅基地" in para):
            continue
        prev = 0
        for m in _LIMIT.finditer(para):
            window = para[prev:m.start()]
            prev = m.end()
            tail = window[-16:]
            if "建筑面积" in tail or "人均" in tail or "每人" in tail:
                continue
            value = _number(m.group(1))
            if value is None:
                continue
            classes = [_CANONICAL.get(c, c) for c in _CLASS.findall(window)] or [UNIFORM]
            for c in dict.fromkeys(classes):
                caps[c] = max(caps.get(c, 0.0), value)
    return caps


def _number(token: str) -> float | None:
    token = token.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    try:
        return float(token)
    except ValueError:
        n = cn_to_int(token)
        return float(n) if n else None


# per loaded generation (an Index is read-only): region -> its cap, so a batch reads each rule once
_CAPS: weakref.WeakKeyDictionary[Index, dict[str, HomesteadCap | None]] = weakref.WeakKeyDictionary()


def library_cap(index: Index, region: str) -> HomesteadCap | None:
    """The homestead cap of the newest valid local rule of exactly `region` (广东省, or
    广东省汕尾市) in the knowledge base, with the article it rests on; None if there is none."""
    known = _CAPS.setdefault(index, {})
    if region not in known:
        known[region] = _read_library_cap(index, region)
    return known[region]


def _read_library_cap(index: Index, region: str) -> HomesteadCap | None:
    records = [r for r in index.docs if r.region == region and r.kind in LOCAL_KINDS
               and "废止" not in (r.validity or "") and "失效" not in (r.validity or "")]
    records.sort(key=lambda r: r.effective or r.date or r.adopted or "", reverse=True)
    for record in records:
        for clause in index.clauses(record.doc_id):
            caps = read_caps(clause.text)
            if caps:
                basis = Basis(record.short_title or record.title, clause.label, clause.text, record.title,
                              record.region or "")
                return HomesteadCap(region, caps, basis)
    return None


def with_library_caps(catalogue: Catalogue, index: Index, region: str, city: str = "") -> Catalogue:
    """`catalogue` with the homestead cap that governs a plan of `region` (浙江省, or
    浙江省湖州市…) and `city` (湖州市) first: the city's own rule, else the catalogue's entry for
    the province, else the province's rule in the library."""
    province = province_of(region)
    if not province:
        return catalogue
    found = library_cap(index, province + city) if city else None
    if found is None and not any(province.startswith(c.province) for c in catalogue.homestead_caps):
        found = library_cap(index, province)
    if found is None:
        return catalogue
    return replace(catalogue, homestead_caps=(replace(found, province=region),) + catalogue.homestead_caps)
