"""Requirement catalogues (YAML in corpus/catalogues/), with their basis resolved to clause text
in the knowledge base (`index.search.Index`): a catalogue may cite any document in it, the
bundled ones and those the user added."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ingest.errors import CatalogueError
from ingest.regions import province_of
from ingest.resources import catalogue_dir

if TYPE_CHECKING:
    from index.search import Index
    from ingest.settings import Settings

CATALOGUE_DIR = catalogue_dir()  # the bundled catalogues (village_plan.yaml …)


@dataclass(frozen=True)
class Basis:
    """A clause of the corpus that a requirement or rule rests on."""

    doc: str
    label: str
    text: str = ""
    title: str = ""
    region: str = ""   # "" for national documents, else 浙江省 / 浙江省绍兴市

    def to_dict(self) -> dict[str, str]:
        """The `plankb check --json` contract: {"doc", "label", "text"}."""
        return {"doc": self.doc, "label": self.label, "text": self.text}


@dataclass(frozen=True)
class SubItem:
    """One part of a requirement: the words that name it (`terms`) and, optionally, content
    patterns (`content`, regular expressions) a sentence must also match to count for it, and
    finding patterns (`finding`): a sentence matching one states a finding for the sub-item
    (主要灾害风险为洪涝和内涝) and is content even with no figure, place, measure or rule; and
    statement patterns (`statement`): a sentence matching one states the sub-item itself in words
    no term list can hold (以脐橙种植为主导 states the leading industry) and counts for it under any
    heading, as a term only this requirement has would. `not_in` lists longer words that hold
    a term without naming the sub-item (村小组, a villagers' group, holds 村小, a village school)."""
    name: str
    terms: tuple[str, ...]
    content: tuple[str, ...] = ()
    finding: tuple[str, ...] = ()
    statement: tuple[str, ...] = ()
    not_in: tuple[str, ...] = ()


@dataclass(frozen=True)
class Requirement:
    id: str
    name: str
    description: str
    headings: tuple[str, ...]
    sub_items: tuple[SubItem, ...]
    basis: tuple[Basis, ...]


@dataclass(frozen=True)
class IndicatorSpec:
    name: str
    aliases: tuple[str, ...]
    kind: str
    rule: str
    basis: tuple[Basis, ...] = ()
    requirement: str = ""


@dataclass(frozen=True)
class HomesteadCap:
    province: str
    caps: dict[str, float]
    basis: Basis


@dataclass(frozen=True)
class Catalogue:
    id: str
    name: str
    file: str
    requirements: tuple[Requirement, ...]
    indicators: tuple[IndicatorSpec, ...] = ()
    homestead_caps: tuple[HomesteadCap, ...] = field(default_factory=tuple)

    def requirement(self, rid: str) -> Requirement:
        return next(r for r in self.requirements if r.id == rid)


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that remembers the line of every mapping (for error messages)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def catalogue_path(name_or_path: str) -> Path:
    p = Path(name_or_path)
    if p.suffix in (".yaml", ".yml") and p.exists():
        return p
    candidate = CATALOGUE_DIR / f"{name_or_path}.yaml"
    if candidate.exists():
        return candidate
    known = "、".join(sorted(x.stem for x in CATALOGUE_DIR.glob("*.yaml")))
    raise CatalogueError(str(name_or_path), None, f"找不到要求目录（可用：{known}）")


def bundled_index(settings: Settings) -> Index:
    """The bundled corpus's shipped index, read where it lies (nothing is copied into
    PLANKB_HOME; only the gap check's embedding cache is written there under settings.home):
    for catalogue work without a knowledge base of one's own.

    Raises:
        IndexMissing, IndexDamaged: no usable shipped index.
    """
    from index.lifecycle import BUNDLED_INDEX
    from index.search import Index

    return Index(BUNDLED_INDEX, settings)


def resolve_basis(index: Index, doc: str, label: str) -> Basis | None:
    """The clause `label` of document `doc` (a title, short title or 文号) as the knowledge base
    holds it, with the document's title and region; None if the knowledge base lacks either."""
    record = index.find_document(doc)
    clause = index.find_clause(record.doc_id, label) if record is not None else None
    if record is None or clause is None:
        return None
    return Basis(doc, clause.label, clause.text, record.title, record.region or "")


def load_catalogue(name_or_path: str, index: Index) -> Catalogue:
    """Load and validate a catalogue; resolve every basis citation to clause text.

    Args:
        name_or_path: a bundled catalogue's name (village_plan) or a YAML file.
        index: the knowledge base the basis is resolved in (`Index.find_document`, any name
            people write: 城乡规划法, 土地法; then `Index.find_clause`: 第二十二条, 第22条), so a
            catalogue may cite a document the user added. The basis takes the document's
            title, the clause's text and the document's region (for `basis_for_plan`).

    Raises:
        CatalogueError: with file and line, for bad structure or a citation the knowledge
            base does not hold.
    """
    path = catalogue_path(name_or_path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506 - safe subclass
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise CatalogueError(path.name, line + 1 if line is not None else None, f"YAML 格式错误：{exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("requirements"), list):
        raise CatalogueError(path.name, None, "缺少 requirements 列表")

    def basis(items: Any, line: int | None) -> tuple[Basis, ...]:
        out = []
        for b in items or []:
            if not isinstance(b, dict) or "doc" not in b or "label" not in b:
                raise CatalogueError(path.name, line, "basis 每项须有 doc 和 label")
            found = resolve_basis(index, str(b["doc"]), str(b["label"]))
            if found is None:
                raise CatalogueError(path.name, b.get("__line__", line), f"依据 {b['doc']} {b['label']} 在文库中找不到")
            out.append(found)
        return tuple(out)

    def sub_item(s: dict[str, Any]) -> SubItem:
        def patterns(key: str) -> tuple[str, ...]:   # one pattern or a list of them
            value = s.get(key) or []
            return tuple(str(v) for v in ([value] if isinstance(value, str) else value))

        terms = [str(t) for t in s["terms"]]
        # the older form wrote content patterns among the terms, as '/…/'
        legacy = [t for t in terms if len(t) > 2 and t.startswith("/") and t.endswith("/")]
        return SubItem(str(s.get("name", "")), tuple(t for t in terms if t not in legacy),
                       patterns("content") + tuple(t[1:-1] for t in legacy), patterns("finding"), patterns("statement"),
                       patterns("not_in"))

    requirements = []
    seen: set[str] = set()
    for r in data["requirements"]:
        line = r.get("__line__") if isinstance(r, dict) else None
        missing = [k for k in ("id", "name", "sub_items") if not isinstance(r, dict) or k not in r]
        if missing:
            raise CatalogueError(path.name, line, f"要求缺少字段：{'、'.join(missing)}")
        if r["id"] in seen:
            raise CatalogueError(path.name, line, f"要求编号重复：{r['id']}")
        seen.add(r["id"])
        subs = []
        for s in r["sub_items"]:
            if not isinstance(s, dict) or not s.get("terms"):
                raise CatalogueError(path.name, line, f"{r['id']} 的子项须有 name 和 terms")
            subs.append(sub_item(s))
        requirements.append(Requirement(str(r["id"]), str(r["name"]), str(r.get("description", "")),
                                        tuple(str(h) for h in r.get("headings", [])), tuple(subs),
                                        basis(r.get("basis"), line)))
    indicators = []
    for spec in data.get("indicators", []) or []:
        line = spec.get("__line__")
        if spec.get("rule", "none") not in ("none", "no_decrease", "homestead_cap"):
            raise CatalogueError(path.name, line, f"未知的指标规则 {spec.get('rule')}")
        indicators.append(IndicatorSpec(str(spec["name"]), tuple(str(a) for a in spec.get("aliases", [spec["name"]])),
                                        str(spec.get("kind", "area")), str(spec.get("rule", "none")),
                                        basis(spec.get("basis"), line), str(spec.get("requirement", ""))))
    caps = []
    for province, spec in (data.get("homestead_caps") or {}).items():
        if province == "__line__":
            continue
        b = basis([spec["basis"]], spec.get("__line__"))[0]
        caps.append(HomesteadCap(str(province), {str(k): float(v) for k, v in spec["caps"].items() if k != "__line__"}, b))
    return Catalogue(str(data.get("id", path.stem)), str(data.get("name", path.stem)), str(path),
                     tuple(requirements), tuple(indicators), tuple(caps))


# ---- jurisdiction: which basis documents apply to a plan from a given place ------------------

def basis_for_plan(basis: tuple[Basis, ...], region: str, city: str = "") -> tuple[Basis, ...]:
    """A requirement's basis as it applies to a plan: national documents first, then those of
    the plan's province, then of its city (or county); another place's local regulation (绍兴市
    村庄规划建设条例 for a plan from 衢州 or from 广东) is left out. A plan of unknown region gets
    the national documents only.

    Args:
        region: the plan's region (Report.province, e.g. 浙江省安吉县).
        city: the prefecture-level city the plan names (Report.city, e.g. 湖州市).
    """
    province = province_of(region)
    places = {region} | ({province + city} if province and city else set())

    def rank(b: Basis) -> int | None:
        if not b.region:
            return 0
        if not province:
            return None
        if b.region == province:
            return 1
        if any(p.startswith(b.region) for p in places):
            return 2
        return None

    ranked = [(rank(b), n, b) for n, b in enumerate(basis)]
    return tuple(b for r, _, b in sorted((x for x in ranked if x[0] is not None), key=lambda x: (x[0], x[1])))
