"""Indicator extraction from plans (规划指标表 rows and sentences) and the rules that apply.

Areas are normalised to 公顷 (1 亩 = 1/15 公顷, 1 平方米 = 1/10,000 公顷); plot areas
(户均宅基地面积) and per-capita areas to 平方米.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .catalogue import Basis, Catalogue, IndicatorSpec

_NUM = r"(\d+(?:\.\d+)?)"
_UNIT = r"(公顷|hm2|hm²|亩|平方米|㎡|m2|m²|平方千米|平方公里|km2|km²|人|户|%)"
_TO_HECTARE = {"公顷": 1.0, "hm2": 1.0, "hm²": 1.0, "亩": 1 / 15, "平方米": 1e-4, "㎡": 1e-4, "m2": 1e-4,
               "m²": 1e-4, "平方千米": 100.0, "平方公里": 100.0, "km2": 100.0, "km²": 100.0}
_BASE_WORDS = ("基期", "现状", "现有", "规划前", "基准")
_TARGET_WORDS = ("目标", "规划期末", "规划值", "规划年", "远期", "2035", "规划")
EPS = 1e-6


@dataclass
class Indicator:
    """One indicator read from a plan, and the verdict of its rule."""

    name: str
    base: float | None
    target: float | None
    unit: str
    status: str = "ok"          # ok | conflict | unknown
    rule: str = ""
    basis: tuple[Basis, ...] = ()
    source: str = ""            # the table row or sentence it was read from
    page: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "base": self.base, "target": self.target, "unit": self.unit,
                "status": self.status, "rule": self.rule, "basis": [b.to_dict() for b in self.basis]}


@dataclass
class _Reading:
    base: float | None = None
    target: float | None = None
    unit: str = ""
    source: str = ""


def _convert(value: float, unit: str, kind: str) -> tuple[float, str]:
    unit = unit or ("公顷" if kind == "area" else "平方米")
    if kind == "area" and unit in _TO_HECTARE:
        return value * _TO_HECTARE[unit], "公顷"
    if kind in ("plot_area", "per_capita_area") and unit in _TO_HECTARE:
        return value * _TO_HECTARE[unit] * 1e4, "平方米"
    return value, unit


def _match_spec(text: str, specs: tuple[IndicatorSpec, ...]) -> IndicatorSpec | None:
    """The indicator a row label names (longest alias wins: 人均村庄建设用地 before 村庄建设用地)."""
    best, best_len = None, 0
    for spec in specs:
        for alias in spec.aliases:
            if alias in text and len(alias) > best_len:
                best, best_len = spec, len(alias)
    return best


def _numbers(cell: str) -> list[tuple[float, str]]:
    return [(float(n), u or "") for n, u in re.findall(_NUM + r"\s*" + _UNIT + "?", cell)]


def read_tables(lines: list[str], specs: tuple[IndicatorSpec, ...]) -> dict[str, _Reading]:
    """Rows of 规划指标表: a header names the base and target columns; rows name indicators."""
    out: dict[str, _Reading] = {}
    base_col = target_col = unit_col = None
    for line in lines:
        if "|" not in line:
            base_col = target_col = unit_col = None
            continue
        cells = [c.strip() for c in line.strip("| ").split("|")]
        header = [i for i, c in enumerate(cells) if any(w in c for w in _BASE_WORDS + _TARGET_WORDS)]
        if header and not any(_numbers(c) and not re.search(r"\d{4}\s*年", c) for c in cells[1:2]):
            base_col = next((i for i, c in enumerate(cells) if any(w in c for w in _BASE_WORDS)), None)
            target_col = next((i for i, c in enumerate(cells) if any(w in c for w in _TARGET_WORDS)
                               and i != base_col), None)
            unit_col = next((i for i, c in enumerate(cells) if c in ("单位", "计量单位")), None)
            continue
        spec = _match_spec(cells[0], specs) if cells else None
        if spec is None or spec.name in out:
            continue
        unit = cells[unit_col] if unit_col is not None and unit_col < len(cells) else ""
        unit = re.sub(r"[()（）]", "", unit)
        unit_in_name = re.search(_UNIT, cells[0])
        unit = unit or (unit_in_name.group(1) if unit_in_name else "")
        values: list[float | None] = []
        for col in (base_col, target_col):
            if col is not None and col < len(cells) and _numbers(cells[col]):
                v, u = _numbers(cells[col])[0]
                values.append(_convert(v, u or unit, spec.kind)[0])
            else:
                values.append(None)
        if base_col is None and target_col is None:
            nums = [n for c in cells[1:] for n in _numbers(c)]
            values = [_convert(v, u or unit, spec.kind)[0] for v, u in nums[:2]] + [None, None]
            values = values[:2] if len(nums) >= 2 else [None, values[0] if nums else None]
        if values[0] is None and values[1] is None:
            continue
        out[spec.name] = _Reading(values[0], values[1], _convert(1, unit, spec.kind)[1], line)
    return out


def read_sentences(text: str, specs: tuple[IndicatorSpec, ...]) -> dict[str, _Reading]:
    """Sentences: 耕地保有量由基期年的3450亩调整为目标年的3400亩 / 户均宅基地面积控制在120平方米以内."""
    out: dict[str, _Reading] = {}
    for sentence in re.split(r"[。；;\n]", text):
        spec = _match_spec(sentence, specs)
        if spec is None or "|" in sentence:
            continue
        alias = max((a for a in spec.aliases if a in sentence), key=len)
        tail = sentence[sentence.index(alias) + len(alias):]
        m = re.search(r"由[^0-9]{0,12}?" + _NUM + r"\s*" + _UNIT + r"[^0-9]{0,16}?为[^0-9]{0,12}?"
                      + _NUM + r"\s*" + _UNIT, tail)
        if m:
            base = _convert(float(m.group(1)), m.group(2), spec.kind)
            target = _convert(float(m.group(3)), m.group(4), spec.kind)
            out.setdefault(spec.name, _Reading(base[0], target[0], target[1], sentence.strip()))
            continue
        m = re.search(r"^[^0-9，,]{0,16}?" + _NUM + r"\s*" + _UNIT, tail)
        if m and m.group(2) not in ("人", "户", "%"):
            value = _convert(float(m.group(1)), m.group(2), spec.kind)
            is_base = any(w in sentence[:sentence.index(alias) + 4] for w in _BASE_WORDS)
            reading = _Reading(value[0] if is_base else None, None if is_base else value[0], value[1],
                               sentence.strip())
            out.setdefault(spec.name, reading)
    return out


def _homestead_rule(value: float, province: str, text: str, catalogue: Catalogue) -> tuple[str, str, tuple[Basis, ...]]:
    cap = next((c for c in catalogue.homestead_caps if province.startswith(c.province)), None)
    if cap is None:
        return "unknown", f"随附文库中没有{province or '该地区'}的宅基地面积标准，未检查", ()
    present = [k for k in cap.caps if k in text]
    if len(present) == 1 or (present and len({cap.caps[k] for k in present}) == 1):
        limit, which = cap.caps[present[0]], present[0]
    else:  # the text does not say which class applies: use the most generous one
        which = max(cap.caps, key=lambda k: cap.caps[k])
        limit = cap.caps[which]
        which += "（规划未说明适用类别，按最宽标准）"
    rule = f"{cap.province}{which}每户宅基地不得超过 {limit:g} 平方米（{cap.basis.doc}{cap.basis.label}）"
    status = "conflict" if value > limit + EPS else "ok"
    if status == "conflict":
        rule = f"规划户均宅基地面积 {value:g} 平方米超过上限：" + rule
    return status, rule, (cap.basis,)


def check_indicators(doc_text: str, lines: list[str], province: str, catalogue: Catalogue) -> list[Indicator]:
    """Read every indicator the catalogue knows from a plan and apply its rule."""
    specs = catalogue.indicators
    readings = read_sentences(doc_text, specs)
    readings.update(read_tables(lines, specs))  # a table row is more reliable than a sentence
    out: list[Indicator] = []
    for spec in specs:
        r = readings.get(spec.name)
        if r is None:
            continue
        ind = Indicator(spec.name, _round(r.base), _round(r.target), r.unit, source=r.source, basis=spec.basis)
        if spec.rule == "no_decrease":
            if r.base is None or r.target is None:
                ind.status, ind.rule = "unknown", f"{spec.name}须不减少；规划未同时给出基期和目标值，未检查"
            elif r.target < r.base - EPS:
                ind.status = "conflict"
                ind.rule = (f"{spec.name}不得减少：目标年 {_fmt(r.target)} {r.unit} 少于基期 {_fmt(r.base)} {r.unit}"
                            f"（减少 {_fmt(r.base - r.target)} {r.unit}）")
            else:
                ind.rule = f"{spec.name}不得减少：目标年不低于基期，符合"
        elif spec.rule == "homestead_cap":
            value = r.target if r.target is not None else r.base
            if value is None:
                ind.status, ind.rule = "unknown", f"{spec.name}：规划未给出数值，未检查"
            else:
                ind.status, ind.rule, ind.basis = _homestead_rule(value, province, doc_text, catalogue)
        else:
            ind.rule = "仅提取，无对应规则"
        out.append(ind)
    return out


def _round(v: float | None) -> float | None:
    return None if v is None else round(v, 4)


def _fmt(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


__all__ = ["Indicator", "check_indicators", "read_tables", "read_sentences"]
