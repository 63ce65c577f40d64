"""The records that flow through every stage: `Clause`, `Heading` and `Document`."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Protocol


def join_label(label: str, title: str) -> str:
    """第五章 + 建设用地 -> 第五章 建设用地; 一、 + 总则 -> 一、总则 (no space after 、 or ）)."""
    if not label:
        return title
    if not title or title == label:
        return label
    return f"{label}{title}" if label.endswith(("、", "）")) else f"{label} {title}"


class Dated(Protocol):
    """A document's dates, as `Document` and the catalogue's record both carry them."""

    @property
    def adopted(self) -> str | None: ...
    @property
    def published(self) -> str | None: ...
    @property
    def effective(self) -> str | None: ...
    @property
    def amended(self) -> str | None: ...


DATE_LABELS = (("adopted", "通过"), ("published", "发布"), ("effective", "施行"), ("amended", "修订"))


def dated(doc: Dated) -> list[str]:
    """The dates a document states, labelled as users read them: 通过 2019-08-26, 发布 …, 施行 …, 修订 …."""
    return [f"{label} {value}" for name, label in DATE_LABELS if (value := getattr(doc, name))]


@dataclass(frozen=True)
class Clause:
    """One citable unit: a law's article (第X条), a policy item (（六）), a plan's section (3.2).

    `text` is exactly `Document.text[start:end]` for whole units, so offsets always
    point back into the cleaned text. A long unit split for embedding keeps label and
    path; `part`/`parts` number the pieces (0/1 for a whole unit).
    """

    doc_id: str
    doc_title: str
    label: str
    text: str
    path: tuple[str, ...] = ()
    title: str = ""
    page: int | None = None
    page_end: int | None = None
    start: int = 0
    end: int = 0
    seq: int = 0
    part: int = 0
    parts: int = 1
    kind: str = ""
    ocr: bool = False
    confidence: float | None = None   # mean OCR confidence of the pages the unit is on

    @property
    def id(self) -> str:
        return f"{self.doc_id}#{self.seq}" + (f".{self.part}" if self.parts > 1 else "")

    @property
    def citation(self) -> str:
        """Copy-ready citation, e.g. 《中华人民共和国土地管理法》第六十二条."""
        return f"《{self.doc_title}》{self.label}"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["path"] = list(self.path)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Clause:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        known["path"] = tuple(known.get("path") or ())
        return cls(**known)


@dataclass(frozen=True)
class Heading:
    """A structural heading (编/章/节, 一、 parts, numbered sections) and its span in the text."""

    level: int
    label: str
    title: str
    start: int
    end: int
    page: int | None = None

    @property
    def display(self) -> str:
        return join_label(self.label, self.title)


@dataclass(frozen=True)
class OutlineEntry(Heading):
    """One line of the document's 目录 (table of contents): level, label, title and the span
    of the 目录 line in the text; `printed_page` is the page number the 目录 gives, if any."""

    printed_page: int | None = None


@dataclass
class Document:
    """A parsed file: metadata, the cleaned text, its headings and its clauses."""

    doc_id: str
    file: str
    title: str
    kind: str
    text: str
    clauses: list[Clause]
    headings: list[Heading] = field(default_factory=list)
    preamble: Clause | None = None
    issuing_body: str = ""
    doc_number: str = ""  # 发文字号 as the site's panel or the page states it; "" if not read
    region: str = ""
    adopted: str | None = None     # 成文 / 通过: the date it was adopted or written
    effective: str | None = None   # 施行
    amended: str | None = None     # the latest 修正 / 修订
    published: str | None = None   # 发布 / 公布: the date it was made public
    validity: str = ""             # 有效, 失效, 废止, 已修改, 尚未生效 (or as stated); "" when not stated
    source_format: str = ""
    pages: int | None = None
    sha256: str = ""
    aliases: tuple[str, ...] = ()
    warnings: list[str] = field(default_factory=list)
    mode: str = ""
    front_lines: list[str] = field(default_factory=list)
    ocr_pages: dict[int, float] = field(default_factory=dict)
    outline: list[OutlineEntry] = field(default_factory=list)  # the 目录 as the author wrote it

    def units(self) -> list[Clause]:
        """Every searchable unit: the preamble (if any) followed by the clauses."""
        return ([self.preamble] if self.preamble else []) + list(self.clauses)

    def segments(self) -> list[tuple[int, int, str, str]]:
        """The cleaned text cut into consecutive pieces: (start, end, kind, label) with kind
        `unit` (a clause or the preamble), `heading` (a heading no unit contains) or `front`
        (title, adoption lines, table of contents). Joined with newlines, the pieces give the
        whole text back; nothing is in two pieces."""
        units = sorted((c.start, c.end, "unit", c.label) for c in self.units())
        inside = [(s, e) for s, e, _, _ in units]
        heads = [(h.start, h.end, "heading", h.display) for h in self.headings
                 if not any(s <= h.start and h.end <= e for s, e in inside)]
        pieces = sorted(units + heads)
        out: list[tuple[int, int, str, str]] = []
        pos = 0
        for start, end, kind, label in pieces:
            if start > pos and self.text[pos:start].strip("\n"):
                gap_end = start - 1 if self.text[start - 1:start] == "\n" else start
                out.append((pos, gap_end, "front", ""))
            out.append((start, end, kind, label))
            pos = end + 1
        if pos < len(self.text) and self.text[pos:].strip("\n"):
            out.append((pos, len(self.text), "front", ""))
        return out

    def to_parse_json(self) -> dict[str, Any]:
        """The `plankb parse --json` contract: {"file", "title", "kind", "doc_number", "clauses": [...]}."""
        from .errors import printable
        return {
            "file": printable(self.file),
            "title": self.title,
            "kind": self.kind,
            "doc_number": self.doc_number,
            "clauses": [
                {"label": c.label, "path": list(c.path), "page": c.page, "text": c.text}
                for c in self.clauses
            ],
        }
