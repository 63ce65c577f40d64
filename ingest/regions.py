"""Which province or city a document belongs to, from the bundled gazetteer."""
from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

_GAZETTEER = Path(__file__).parent / "data" / "regions.json"


@lru_cache(maxsize=1)
def _provinces() -> list[dict]:
    """The gazetteer as bundled: provinces with their short name, cities and counties."""
    return list(json.loads(_GAZETTEER.read_text(encoding="utf-8"))["provinces"])


@lru_cache(maxsize=1)
def _index() -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    """(name, province, city) entries longest first, and short name -> province."""
    entries: list[tuple[str, str, str]] = []
    shorts: dict[str, str] = {}
    for prov in _provinces():
        name = prov["name"]
        entries.append((name, name, ""))
        shorts[prov["short"]] = name
        for city in prov.get("cities", []) + prov.get("counties", []) + prov.get("county_names", []):
            entries.append((city, name, city))
    entries.sort(key=lambda e: -len(e[0]))
    return entries, shorts


@lru_cache(maxsize=1)
def county_names() -> frozenset[str]:
    """The county-level names the gazetteer holds only to place a title or a plan (宜川县): a query
    naming a place by a short form (绍兴 for 绍兴市) does not shorten these (合作市 is no 合作)."""
    return frozenset(c for prov in _provinces() for c in prov.get("county_names", []))


def region_of_title(title: str) -> str:
    """The region a local document's title starts with: 绍兴市村庄规划建设条例 -> 浙江省绍兴市.

    Returns "" for national documents.
    """
    entries, shorts = _index()
    title = re.sub(r"\s+", "", title)
    prefixes = [(name, province, city) for name, province, city in entries if not city]
    prefixes += [(short, province, "") for short, province in shorts.items() if len(short) >= 2]
    for name, province, city in entries:
        if city and title.startswith(name):
            return province + city
    for name, province, _ in sorted(prefixes, key=lambda e: -len(e[0])):
        if title.startswith(name):
            rest = title[len(name):]
            for city_name, prov2, city in entries:
                if prov2 == province and city and rest.startswith(city_name):
                    return province + city
            return province
    return ""


def region_in_text(text: str, limit: int = 5000) -> str:
    """The most-mentioned province (and city, or county) near the start of a plan's text.

    Full names count first; a city or county mention also counts for its province.
    """
    entries, _ = _index()
    head = re.sub(r"\s+", "", text[:limit])
    provinces: Counter[str] = Counter()
    cities: Counter[tuple[str, str]] = Counter()
    for name, province, city in entries:
        if len(name) < 3:
            continue
        n = head.count(name)
        if n and name.endswith("区"):
            n -= head.count(name + "域")  # 湖滨区域 is a place in any plan, not 湖滨区
        if n:
            provinces[province] += n
            if city:
                cities[(province, city)] += n
    if not provinces:
        return ""
    province = provinces.most_common(1)[0][0]
    in_prov = [(c, n) for (p, c), n in cities.items() if p == province]
    # a prefecture-level city named anywhere in the head wins over the county (宿迁市 over
    # 沭阳县), so the region reads province + city as for a title; a county alone stands in
    prefectures = [(c, n) for c, n in in_prov if c in _cities()[province]]
    if prefectures or in_prov:
        return province + max(prefectures or in_prov, key=lambda cn: cn[1])[0]
    return province


@lru_cache(maxsize=1)
def _cities() -> dict[str, tuple[str, ...]]:
    """Province -> its prefecture-level cities."""
    return {p["name"]: tuple(p.get("cities", [])) for p in _provinces()}


def province_of(region: str) -> str:
    """The province a region string starts with: 浙江省安吉县 -> 浙江省 ("" when none)."""
    return next((p for p in _cities() if region.startswith(p)), "")


def plan_city(region: str, text: str, limit: int = 5000) -> str:
    """The prefecture-level city a plan belongs to: from its region (浙江省衢州市…) or, failing
    that, the city of its province its text names most (浙江省湖州市安吉县… -> 湖州市).

    Returns "" when the plan names no city of its province.
    """
    province = province_of(region)
    cities = _cities().get(province, ())
    rest = region[len(province):]
    for city in cities:
        if rest.startswith(city):
            return city
    head = re.sub(r"\s+", "", text[:limit])
    counts = {c: head.count(c) for c in cities}
    best = max(counts, key=lambda c: counts[c], default="")
    return best if best and counts[best] else ""
