"""Add county-level names to regions.json from an administrative-code table (run once, by hand).

    python ingest/data/counties_from_adcodes.py adcodes.csv

The table is `cpca/resources/adcodes.csv` of the MIT-licensed PyPI package cpca 0.5.5 (columns
adcode,name,...; 12-digit codes whose first two digits name the province). Only names that
occur once in the whole country are added (城关区 or 鼓楼区 name a province nowhere), only
names of three characters or more (a plan's 忠县 is matched by its city or province instead),
and never a name that reads as a common planning phrase (老城区, 港口区). Names already in the
gazetteer stay where they are. The others go under each province's `county_names`: places in a
title or a plan's text, never shortened the way a query names a city (合作市 is no 合作).
"""
from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path

GAZETTEER = Path(__file__).with_name("regions.json")
# District names that are also ordinary words in a plan's text.
PHRASES = {"老城区", "城东区", "城西区", "城北区", "城南区", "工农区", "解放区", "前进区", "友好区",
           "红旗区", "红星区", "振兴区", "复兴区", "新市区", "港口区", "河口区", "海港区", "新建区",
           "中站区", "东风区", "向阳区", "太平区", "安定区", "山城区", "古城区", "江南区", "郊区"}


def main(table: str) -> None:
    rows = list(csv.DictReader(open(table, encoding="utf-8")))
    names = {r["adcode"]: r["name"] for r in rows}
    province_of = {a[:2]: n for a, n in names.items() if a[2:] == "0" * 10}
    counties = [(a, n) for a, n in names.items() if a[6:] == "000000" and a[4:6] != "00"]
    seen = Counter(n for _, n in counties)
    data = json.loads(GAZETTEER.read_text(encoding="utf-8"))
    known = {n for p in data["provinces"] for n in p.get("cities", []) + p.get("counties", [])}
    for prov in data["provinces"]:
        prov["county_names"] = []
    added: dict[str, list[str]] = {}
    for code, name in sorted(counties):
        if seen[name] > 1 or len(name) < 3 or name in PHRASES or name in known:
            continue
        if not name.endswith(("县", "区", "市", "旗")):
            continue
        added.setdefault(province_of[code[:2]], []).append(name)
    for prov in data["provinces"]:
        prov["county_names"] = added.get(prov["name"], [])
    GAZETTEER.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(sum(len(v) for v in added.values()), "county names added")


if __name__ == "__main__":
    main(sys.argv[1])
