"""Government metadata panels: issuing body, 文号, dates and validity as a site states them.

Pure functions over text lines and HTML meta pairs; the readers attach the result to the
`RawDocument` and drop the panel lines from the text.

    >>> read_lines(["[发文机构]北京市农业农村局", "[成文日期]2025-03-31"])[0].adopted
    '2025-03-31'
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class Panel:
    """What a page's metadata panel or meta tags state; "" / None where not stated.

    adopted = 成文日期, published = 发布日期, effective = 实施日期 (YYYY-MM-DD).
    """

    issuing_body: str = ""
    doc_number: str = ""
    adopted: str | None = None
    published: str | None = None
    effective: str | None = None
    validity: str = ""

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def merged(self, other: Panel) -> Panel:
        """This panel, with fields it leaves empty taken from `other`."""
        return replace(self, **{f.name: getattr(other, f.name) for f in fields(self)
                                if not getattr(self, f.name) and getattr(other, f.name)})


# panel label -> field; a label may be spaced out on the page (文 号：)
_LABELS = {
    "发文机构": "issuing_body", "发文机关": "issuing_body", "发布机构": "issuing_body",
    "发布机关": "issuing_body", "发文单位": "issuing_body",
    "发文字号": "doc_number", "文号": "doc_number",
    "成文日期": "adopted",
    "发布日期": "published", "公布日期": "published",
    "实施日期": "effective", "施行日期": "effective",
    "有效性": "validity", "时效性": "validity",
}
_LABEL_ALT = "|".join(r"\s*".join(label) for label in sorted(_LABELS, key=len, reverse=True))
# [发文机构]value, 【发文字号】value, 发文字号：value, 文 号：value (value may be empty)
_LINE_RE = re.compile(rf"^\s*(?:[\[【]\s*({_LABEL_ALT})\s*[\]】]\s*[:：]?|({_LABEL_ALT})\s*[:：])\s*(.*?)\s*$")
_DATE_RE = re.compile(r"^(\d{4})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
# a 文号 standing on its own line: 穗府办规〔2024〕13号, 京政发[2019]7号
_DOC_NUMBER_RE = re.compile(r"^[\u4e00-\u9fff]{1,15}\s*[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d{1,4}\s*号$")
_ORDER_RE = re.compile(r"^([\u4e00-\u9fff]{2,20})令\s*(第\s*[0-9一二三四五六七八九十百零〇]+\s*号)$")
_ORDER_NO_RE = re.compile(r"^第\s*[0-9一二三四五六七八九十百零〇]+\s*号$")
# meta name -> field (publishing date only: ContentSource names the publishing office, which is
# not always the issuer — 广州市人民政府令 pages carry 广州市人民政府办公厅)
_META = {"pubdate": "published", "publishdate": "published", "firstpublishedtime": "published"}


def iso_date(text: str) -> str | None:
    """2019年10月16日, 2024-07-26, 2021-02-09 17:53 -> YYYY-MM-DD; None if not a valid date."""
    m = _DATE_RE.match(" ".join(text.split()))
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1949 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _field_value(name: str, value: str) -> str | None:
    value = " ".join(value.split())
    if name in ("adopted", "published", "effective"):
        return iso_date(value)
    if name == "doc_number":
        return re.sub(r"\s+", "", value) or None
    return value or None


def read_lines(lines: Sequence[str]) -> tuple[Panel, set[int]]:
    """The panel stated in `lines` and the indices of the lines it occupies.

    A label with its value on the same line (`[发文字号]京政发〔2019〕7号`, `成文日期：2024-07-26`)
    or on the next line (an HTML panel's label and value cells). The first value of a field wins.
    """
    found: dict[str, str] = {}
    used: set[int] = set()
    i = 0
    while i < len(lines):
        m = _LINE_RE.match(lines[i])
        if not m:
            i += 1
            continue
        name = _LABELS[re.sub(r"\s+", "", m.group(1) or m.group(2))]
        value = m.group(3)
        used.add(i)
        if not value and i + 1 < len(lines) and lines[i + 1].strip() and not _LINE_RE.match(lines[i + 1]):
            value = lines[i + 1]
            i += 1
            used.add(i)
        parsed = _field_value(name, value)
        if parsed and name not in found:
            found[name] = parsed
        i += 1
    return Panel(**found), used


def read_meta(pairs: Iterable[tuple[str, str]]) -> Panel:
    """The panel stated by HTML meta tags (name, content): the publishing date."""
    found: dict[str, str] = {}
    for name, content in pairs:
        key = _META.get(name.strip().lower())
        if key and key not in found:
            value = _field_value(key, content)
            if value:
                found[key] = value
    return Panel(**found)


def front_number(lines: Sequence[str]) -> Panel:
    """A 文号 standing on its own line among a document's first lines.

    `穗府办规〔2024〕13号`, or a government order `广州市人民政府令` / `第179号` (one line or
    two), which also names the issuing body.
    """
    flat = [re.sub(r"\s+", "", line) for line in lines]
    for n, line in enumerate(flat):
        if _DOC_NUMBER_RE.match(line):
            return Panel(doc_number=line)
        order = _ORDER_RE.match(line)
        if order:
            return Panel(issuing_body=order.group(1), doc_number=line)
        if line.endswith("令") and 2 < len(line) <= 21 and n + 1 < len(flat) and _ORDER_NO_RE.match(flat[n + 1]):
            return Panel(issuing_body=line[:-1], doc_number=line + flat[n + 1])
    return Panel()


def without_site(panel: Panel, site_name: str) -> Panel:
    """A panel's issuing body that is the site's own name is the reposting site, not the issuer."""
    if site_name and re.sub(r"\s+", "", panel.issuing_body) == re.sub(r"\s+", "", site_name):
        return replace(panel, issuing_body="")
    return panel
