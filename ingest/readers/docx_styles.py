"""Effective paragraph and run formatting of a DOCX: direct formatting, then the style chain
(basedOn), then the document defaults, as Word resolves them.

Only what the reader needs to find structure: outline level, heading style, alignment,
numbering reference, bold, size, colour and East Asian font.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_NAME_RE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.I)
_TITLE_NAMES = ("title", "标题")
_FALSE = ("0", "false", "off", "none")


def on(element) -> bool:
    """A toggle element (w:b, w:pageBreakBefore …): present and not switched off."""
    return element is not None and (element.get(f"{W}val") or "true").lower() not in _FALSE


@dataclass(frozen=True)
class RunFormat:
    bold: bool
    size: int | None     # half-points (w:sz)
    color: str           # RRGGBB or "" (auto)
    font: str            # East Asian font name, "" if none given
    hidden: bool = False  # w:vanish: not shown


class StyleSheet:
    """styles.xml of one document, with lookups that walk the basedOn chain."""

    def __init__(self, styles_element) -> None:  # type: ignore[no-untyped-def]
        self._styles: dict[str, object] = {}
        self._default_para: str | None = None
        self._default_char: str | None = None
        self._ppr_default = None
        self._rpr_default = None
        self._rpr_cache: dict[tuple[str | None, str | None, str], object] = {}
        if styles_element is None:
            return
        for style in styles_element.iterchildren(f"{W}style"):
            sid = style.get(f"{W}styleId")
            if sid is None:
                continue
            self._styles[sid] = style
            if style.get(f"{W}default") in ("1", "true", "on"):
                kind = style.get(f"{W}type")
                if kind == "paragraph" and self._default_para is None:
                    self._default_para = sid
                elif kind == "character" and self._default_char is None:
                    self._default_char = sid
        defaults = styles_element.find(f"{W}docDefaults")
        if defaults is not None:
            self._ppr_default = defaults.find(f"{W}pPrDefault/{W}pPr")
            self._rpr_default = defaults.find(f"{W}rPrDefault/{W}rPr")

    # ---- chains ------------------------------------------------------------------------

    def chain(self, style_id: str | None) -> list:
        """The style and its basedOn ancestors, nearest first (cycles cut)."""
        out: list = []
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self._styles:
            seen.add(style_id)
            style = self._styles[style_id]
            out.append(style)
            based = style.find(f"{W}basedOn")  # type: ignore[attr-defined]
            style_id = based.get(f"{W}val") if based is not None else None
        return out

    def paragraph_style(self, p) -> str | None:  # type: ignore[no-untyped-def]
        ps = p.find(f"{W}pPr/{W}pStyle")
        return ps.get(f"{W}val") if ps is not None else self._default_para

    def name(self, style_id: str | None) -> str:
        style = self._styles.get(style_id or "")
        node = style.find(f"{W}name") if style is not None else None  # type: ignore[attr-defined]
        return (node.get(f"{W}val") or "").strip() if node is not None else ""

    def numbering_style(self, style_id: str):  # type: ignore[no-untyped-def]
        return self._styles.get(style_id)

    # ---- paragraph properties ----------------------------------------------------------

    def _ppr(self, p, tag: str):  # type: ignore[no-untyped-def]
        """The nearest w:pPr child `tag`: direct, style chain, document defaults."""
        node = p.find(f"{W}pPr/{W}{tag}")
        if node is not None:
            return node
        for style in self.chain(self.paragraph_style(p)):
            node = style.find(f"{W}pPr/{W}{tag}")
            if node is not None:
                return node
        if self._ppr_default is not None:
            return self._ppr_default.find(f"{W}{tag}")
        return None

    def outline_level(self, p) -> int | None:  # type: ignore[no-untyped-def]
        """0-8 from w:outlineLvl (direct or by style); None for body text (9) or none."""
        node = self._ppr(p, "outlineLvl")
        value = node.get(f"{W}val") if node is not None else None
        if value is not None and value.isdigit() and int(value) < 9:
            return int(value)
        return None

    def style_heading_level(self, p) -> int | None:  # type: ignore[no-untyped-def]
        """1-9 for a Heading N style (or one based on it), 0 for Title, -1 for a TOC style;
        else None."""
        for style in self.chain(self.paragraph_style(p)):
            name = self.name(style.get(f"{W}styleId"))
            if name.lower().startswith(("toc", "目录")):
                return -1  # a table of contents' heading or entry, never a heading itself
            if name.lower() in _TITLE_NAMES:
                return 0
            m = _HEADING_NAME_RE.match(name)
            if m:
                return int(m.group(1))
        return None

    def alignment(self, p) -> str:  # type: ignore[no-untyped-def]
        node = self._ppr(p, "jc")
        return (node.get(f"{W}val") or "") if node is not None else ""

    def numbering_ref(self, p) -> tuple[str, int | None, str | None] | None:  # type: ignore[no-untyped-def]
        """(numId, ilvl or None, style id that carried it or None) of a numbered paragraph."""
        direct = p.find(f"{W}pPr/{W}numPr")
        if direct is not None:
            num = direct.find(f"{W}numId")
            lvl = direct.find(f"{W}ilvl")
            if num is not None:
                ilvl = lvl.get(f"{W}val") if lvl is not None else None
                return num.get(f"{W}val") or "0", int(ilvl) if ilvl and ilvl.isdigit() else None, None
        for style in self.chain(self.paragraph_style(p)):
            node = style.find(f"{W}pPr/{W}numPr")
            if node is None:
                continue
            num = node.find(f"{W}numId")
            lvl = node.find(f"{W}ilvl")
            if num is None:
                continue
            ilvl = lvl.get(f"{W}val") if lvl is not None else None
            return (num.get(f"{W}val") or "0", int(ilvl) if ilvl and ilvl.isdigit() else None,
                    style.get(f"{W}styleId"))
        return None

    # ---- run properties ----------------------------------------------------------------

    def _styled_rpr(self, char_style: str | None, para_style: str | None, tag: str):  # type: ignore[no-untyped-def]
        """A run property from the character style, then the paragraph style, then defaults."""
        key = (char_style, para_style, tag)
        if key in self._rpr_cache:
            return self._rpr_cache[key]
        found = None
        for style in self.chain(char_style) + self.chain(para_style):
            found = style.find(f"{W}rPr/{W}{tag}")
            if found is not None:
                break
        if found is None and self._rpr_default is not None:
            found = self._rpr_default.find(f"{W}{tag}")
        self._rpr_cache[key] = found
        return found

    def run_format(self, run, p) -> RunFormat:  # type: ignore[no-untyped-def]
        """Bold, size, colour, font and hiddenness of a run: its own w:rPr, then its
        character style, then the paragraph's style chain, then the document defaults."""
        rpr = run.find(f"{W}rPr")
        direct = {child.tag: child for child in rpr} if rpr is not None else {}
        rstyle = direct.get(f"{W}rStyle")
        char_style = rstyle.get(f"{W}val") if rstyle is not None else self._default_char
        para_style = self.paragraph_style(p)

        def prop(tag: str):  # type: ignore[no-untyped-def]
            node = direct.get(f"{W}{tag}")
            return node if node is not None else self._styled_rpr(char_style, para_style, tag)

        size_node = prop("sz")
        size_val = size_node.get(f"{W}val") if size_node is not None else None
        color_node = prop("color")
        fonts = prop("rFonts")
        font = ""
        if fonts is not None:
            font = fonts.get(f"{W}eastAsia") or fonts.get(f"{W}ascii") or ""
        return RunFormat(
            bold=on(prop("b")),
            size=int(size_val) if size_val and size_val.isdigit() else None,
            color=((color_node.get(f"{W}val") or "") if color_node is not None else "").upper(),
            font=font,
            hidden=on(prop("vanish")),
        )
