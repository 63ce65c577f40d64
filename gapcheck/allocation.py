"""The upper plan's allocation to a village (上位规划下达的约束性指标): read from a township or county
plan (a table with a row per village, or sentences naming the village) or a small CSV/YAML,
normalised to the bundled catalogue's indicator names and units."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ingest import Document, load
from ingest.errors import UnreadableDocument
from ingest.resources import catalogue_dir

from .plan_text import cells, is_row, plan_lines


class AllocationUnreadable(UnreadableDocument):
    """An upper plan (or allocation table) from which no allocation to the village can be read."""


class Allocation(dict[str, tuple[str, float, str]]):
    """{indicator name: (relation, value, unit)} as the upper plan allocates them to a village:
    relation 不低于 (a floor) or 不超过 (a ceiling); areas in 公顷, per-person and per-household
    areas in 平方米. `sources` keeps the text each was read from, `file` the upper plan's name."""

    def __init__(self, items: dict[str, tuple[str, float, str]] | None = None, sources: dict[str, str] | None = None,
                 file: str = "") -> None:
        super().__init__(items or {})
        self.sources: dict[str, str] = dict(sources or {})
        self.file = file


_FLOOR = ("不低于", "不少于", "不小于", "至少", "以上", "≥", ">=", "下限", "min")
_CEILING = ("不高于", "不超过", "不大于", "控制在", "以内", "以下", "≤", "<=", "上限", "max")
_TO_HECTARE = {"公顷": 1.0, "hm2": 1.0, "hm²": 1.0, "亩": 1 / 15, "万亩": 10000 / 15, "平方米": 1e-4, "㎡": 1e-4,
               "m2": 1e-4, "m²": 1e-4, "平方千米": 100.0, "平方公里": 100.0, "km2": 100.0, "km²": 100.0}
_UNIT_RE = r"(万亩|公顷|hm2|hm²|亩|平方米|㎡|m2|m²|平方千米|平方公里|km2|km²)"


@dataclass(frozen=True)
class _Spec:
    name: str
    aliases: tuple[str, ...]
    kind: str


def _specs() -> tuple[_Spec, ...]:
    """The indicators the bundled village-plan catalogue knows, with their aliases."""
    data = yaml.safe_load((catalogue_dir() / "village_plan.yaml").read_text(encoding="utf-8"))
    return tuple(_Spec(str(s["name"]), tuple(str(a) for a in s.get("aliases", [s["name"]])), str(s.get("kind", "area")))
                 for s in data.get("indicators", []) or [])


def _spec_for(text: str, specs: tuple[_Spec, ...]) -> _Spec | None:
    best, best_len = None, 0
    for spec in specs:
        for alias in (spec.name, *spec.aliases):
            if alias in text and len(alias) > best_len:
                best, best_len = spec, len(alias)
    return best


def default_relation(name: str) -> str:
    """Protected land may not fall below what is allocated; construction land may not exceed it."""
    return "不超过" if re.search(r"建设用地|宅基地|开发", name) else "不低于"


def _relation(text: str, name: str) -> str:
    if any(w in text for w in _CEILING):
        return "不超过"
    if any(w in text for w in _FLOOR):
        return "不低于"
    return default_relation(name)


def _normalise(value: float, unit: str, kind: str) -> tuple[float, str]:
    unit = unit.strip().strip("()（）")
    if kind == "area":
        return (value * _TO_HECTARE[unit], "公顷") if unit in _TO_HECTARE else (value, unit or "公顷")
    if unit in _TO_HECTARE:
        return value * _TO_HECTARE[unit] * 1e4, "平方米"
    return value, unit or "平方米"


def _number(text: str) -> float | None:
    m = re.search(r"\d[\d,，]*(?:\.\d+)?", text)
    return float(m.group(0).replace(",", "").replace("，", "")) if m else None


def _add(out: Allocation, spec: _Spec, relation: str, value: float, unit: str, source: str) -> None:
    if spec.name in out:
        return
    v, u = _normalise(value, unit, spec.kind)
    out[spec.name] = (relation, round(v, 4), u)
    out.sources[spec.name] = source.strip()


def _from_records(records: list[dict[str, Any]], specs: tuple[_Spec, ...], file: str) -> Allocation:
    out = Allocation(file=file)
    for rec in records:
        name = str(rec.get("indicator") or rec.get("指标") or rec.get("name") or rec.get("名称") or "")
        spec = _spec_for(name, specs)
        raw = rec.get("value", rec.get("数值", rec.get("值", rec.get("指标值"))))
        value = raw if isinstance(raw, (int, float)) else _number(str(raw or ""))
        if spec is None or value is None:
            continue
        unit = str(rec.get("unit") or rec.get("单位") or "")
        relation = str(rec.get("relation") or rec.get("关系") or rec.get("要求") or "")
        source = "，".join(str(v) for v in (name, relation, raw, unit) if v not in (None, ""))
        _add(out, spec, _relation(relation, spec.name) if relation else default_relation(spec.name),
             float(value), unit, source)
    return out


def _read_csv(text: str, specs: tuple[_Spec, ...], file: str) -> Allocation:
    rows = [r for r in csv.reader(io.StringIO(text)) if any(c.strip() for c in r)]
    if not rows:
        return Allocation(file=file)
    keys = ["indicator", "value", "unit", "relation"]
    first = [c.strip().lower() for c in rows[0]]
    if any(k in first for k in keys) or any(k in "".join(first) for k in ("指标", "数值", "单位", "关系")):
        aliases = {"指标": "indicator", "指标名称": "indicator", "name": "indicator", "数值": "value", "指标值": "value",
                   "值": "value", "单位": "unit", "关系": "relation", "要求": "relation"}
        keys = [aliases.get(c, c) for c in first]
        rows = rows[1:]
    return _from_records([dict(zip(keys, (c.strip() for c in r))) for r in rows], specs, file)


def _read_yaml(text: str, specs: tuple[_Spec, ...], file: str) -> Allocation:
    data = yaml.safe_load(text)
    if isinstance(data, dict) and isinstance(data.get("indicators"), (list, dict)):
        data = data["indicators"]
    records: list[dict[str, Any]] = []
    if isinstance(data, list):
        records = [d for d in data if isinstance(d, dict)]
    elif isinstance(data, dict):
        for name, spec in data.items():
            if isinstance(spec, dict):
                records.append({"indicator": name, **spec})
            else:  # 耕地保有量: 不低于 85.3 公顷
                text_value = str(spec)
                unit = re.search(_UNIT_RE, text_value)
                records.append({"indicator": name, "value": text_value, "unit": unit.group(1) if unit else "",
                                "relation": text_value})
    return _from_records(records, specs, file)


_VILLAGE = re.compile(r"([\u4e00-\u9fff]{1,6}?村)(?=村庄规划|规划|下达|耕地|永久|生态|村庄建设|建设用地|的|：|:|\s|$)")


def village_of(doc: Document) -> str:
    """The village a plan is for, from its title: 临溪县白沙镇石桥村村庄规划（2021—2035年） -> 石桥村."""
    m = re.search(r"([\u4e00-\u9fff]{1,8}?村)村庄规划|([\u4e00-\u9fff]{2,8}?村)(?:实用性)?(?:村庄)?规划", doc.title)
    name = (m.group(1) or m.group(2)) if m else ""
    for cut in ("镇", "乡", "街道", "县", "区", "市"):  # keep the village: 白沙镇石桥村 -> 石桥村
        if cut in name:
            name = name.rsplit(cut, 1)[1]
    return name


def _village_matches(text: str, village: str) -> bool:
    return bool(village) and (village in text or village.removesuffix("村") + "村" in text)


def _read_document(doc: Document, specs: tuple[_Spec, ...], village: str, file: str) -> Allocation:
    """Allocations to one village in a township or county plan: a table with a row per village
    and a column per indicator, or sentences that name the village and the indicator
    (下达石桥村耕地保有量不低于85.32公顷)."""
    lines = [x.text for x in plan_lines(doc)]
    villages: set[str] = set()
    out = Allocation(file=file)
    header: list[str] = []
    for text in lines:
        if not is_row(text):
            header = []
            continue
        row = cells(text)
        named = [_spec_for(c, specs) for c in row]
        if sum(1 for s in named if s) >= 1 and not any(_number(c) is not None and _spec_for(c, specs) is None
                                                      and not re.search(r"[（(]", c) for c in row[1:]):
            header = row
            continue
        if not header:
            continue
        who = next((c for c in row if re.search(r"村$|村[（(]", c)), "")
        if who:
            villages.add(who)
        if not _village_matches(" ".join(row), village):
            continue
        for col, title in enumerate(header):
            spec = _spec_for(title, specs)
            if spec is None or col >= len(row) or (value := _number(row[col])) is None:
                continue
            unit = re.search(_UNIT_RE, title) or re.search(_UNIT_RE, row[col])
            _add(out, spec, _relation(title + row[col], spec.name), value, unit.group(1) if unit else "",
                 f"{' | '.join(header)}\n{text}")
    for text in lines:
        if is_row(text):
            continue
        for sentence in re.split(r"[。；;\n]", text):
            for v in _VILLAGE.findall(sentence):
                if _spec_for(sentence, specs):
                    villages.add(v)
            if not _village_matches(sentence, village):
                continue
            for m in re.finditer(r"([\u4e00-\u9fff]{2,14}?)([^0-9，,、；。]{0,10}?)(\d[\d,，]*(?:\.\d+)?)\s*" + _UNIT_RE,
                                 sentence):
                spec = _spec_for(m.group(1) + m.group(2), specs)
                if spec is None:
                    continue
                _add(out, spec, _relation(m.group(2), spec.name), float(m.group(3).replace(",", "").replace("，", "")),
                     m.group(4), sentence)
    if not out and not village and len(villages) > 1:
        raise AllocationUnreadable(file, f"上位规划向{len(villages)}个村下达指标，请指明本村村名")
    if not out and not village and len(villages) <= 1:  # a plan for one village: every allocation is its
        return _read_document(doc, specs, next(iter(villages), "村"), file) if villages else out
    return out


def read_allocation(path: str | Path, village: str = "") -> Allocation:
    """What the upper plan allocates to the village.

    Args:
        path: a CSV (indicator,value,unit,relation; a header row optional), a YAML of the same
            (a list of mappings, or indicator: {value, unit, relation}, or indicator: 不低于 85.3 公顷),
            or a township/county plan (MD, DOCX, PDF, TXT, HTML) that allocates to named villages.
        village: the village (石桥村; `village_of(doc)` reads it from a plan's title); needed
            when a plan document allocates to several villages.

    Raises:
        UnreadableDocument: the file cannot be read, or no allocation to the village is in it.
    """
    path = Path(path)
    specs = _specs()
    suffix = path.suffix.lower()
    if suffix in (".csv", ".yaml", ".yml"):
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise AllocationUnreadable(path.name, "无法读取上位规划指标文件（须为 UTF-8 编码）") from exc
        try:
            out = _read_csv(text, specs, path.name) if suffix == ".csv" else _read_yaml(text, specs, path.name)
        except (yaml.YAMLError, csv.Error) as exc:
            raise AllocationUnreadable(path.name, f"上位规划指标文件格式错误（{type(exc).__name__}）") from exc
    else:
        out = _read_document(load(path), specs, village, path.name)
    if not out:
        where = f"下达给{village}的" if village else "下达的"
        raise AllocationUnreadable(path.name, f"上位规划中没有读到{where}约束性指标")
    return out
