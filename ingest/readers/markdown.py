r"""Markdown as converters write it: MinerU, pandoc, markitdown, DOCX→Markdown tools.

What a reader of the rendered document sees is kept; the markup is not:

- emphasis (`**x**`, `__x__`, `*x*`, `_x_`, `~~x~~`), code spans and backslash escapes
  (`\\*`, `\\_`, `\\#`, `1\\.`) are reduced to their text; a blank to fill in (`____`) stays;
- images (`![alt](src)`, `<img>`) go, links keep their text (`[text](url)` → text), pandoc
  attributes (`{width="3in"}`, `[text]{.underline}`) and footnote marks go;
- inline HTML (`<br>`, `<sup>`, `<span>`) becomes text; an HTML `<table>` (MinerU writes every
  table so, on one line) becomes `row` blocks with rowspan/colspan expanded (readers.tables);
- pipe tables become `row` blocks, a cell written over several lines (a DOCX converter's
  line breaks inside a cell) is one cell; pandoc grid tables likewise;
- headings (ATX `#`, setext `===`) lose trailing `#`s and `{#id}`; letter-spaced short CJK
  headings (`# **总  则**`) are closed up (`总则`);
- blockquote marks, bullets, horizontal rules, code fences and `$…$` math delimiters go.

    >>> inline_text("**第一条** 本规划依据[《土地管理法》](http://x/y.html)编制，见 \\*注。")
    '第一条 本规划依据《土地管理法》编制，见 *注。'
"""
from __future__ import annotations

import html
import re

from .base import Block
from .tables import cell_text, fragment_blocks, row_text

_CJK = "\u3400-\u9fff\uf900-\ufaff"
_ESCAPABLE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")
_PLACEHOLDER_BASE = 0xF0000  # supplementary private use area: never in a document's text
_CODE_RE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_IMAGE_RE = re.compile(r"!\[[^\]]*\](?:\((?:[^()\s]|\([^()]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)|\[[^\]]*\])"
                       r"(?:\{[^{}]*\})?")
_LINK_RE = re.compile(r"\[([^\[\]]*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)(?:\{[^{}]*\})?")
_REF_LINK_RE = re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]")
_SPAN_ATTR_RE = re.compile(r"\[([^\[\]]*)\]\{[^{}]*\}")
_FOOTNOTE_REF_RE = re.compile(r"\[\^[^\]\s]+\]")
_AUTOLINK_RE = re.compile(r"<((?:https?|ftp)://[^<>\s]+|mailto:[^<>\s]+)>", re.I)
_ATTR = r"""(?:\s+[A-Za-z_:][-\w:.]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*"""
_SUP_RE = re.compile(r"<sup>\s*([23])\s*</sup>", re.I)
_BR_RE = re.compile(rf"<br{_ATTR}\s*/?>", re.I)
_IMG_TAG_RE = re.compile(rf"<img{_ATTR}\s*/?>", re.I)
_TAG_RE = re.compile(rf"</?[A-Za-z][A-Za-z0-9-]*(?::[A-Za-z0-9-]+)?{_ATTR}\s*/?>")
_ENTITY_RE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_MATH_RE = re.compile(r"(?<![\\$])\$(?!\s*\$)([^$\n]{1,200}?)(?<!\\)\$(?!\$)")
# emphasis: the delimiters hug their text (no space inside), `_` not inside an ASCII word
# (file_name_v2), a run of three or more underscores is a blank to fill in, not emphasis
_EMPHASIS_RES = (
    re.compile(r"(?<!\*)\*\*\*(?=[^\s*])(.+?)(?<=[^\s*])\*\*\*(?!\*)"),
    re.compile(r"(?<!\*)\*\*(?=[^\s*])(.+?)(?<=[^\s*])\*\*(?!\*)"),
    re.compile(r"(?<![A-Za-z0-9*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?!\*)"),
    re.compile(r"(?<![A-Za-z0-9_])___(?=[^\s_])(.+?)(?<=[^\s_])___(?![A-Za-z0-9_])"),
    re.compile(r"(?<![A-Za-z0-9_])__(?=[^\s_])(.+?)(?<=[^\s_])__(?![A-Za-z0-9_])"),
    re.compile(r"(?<![A-Za-z0-9_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![A-Za-z0-9_])"),
    re.compile(r"(?<!~)~~(?=\S)(.+?)(?<=\S)~~(?!~)"),
)
# LaTeX that converters (MinerU) write for symbols in running text: $30\%$, $\geq$, $\mathrm{km}^{2}$
_LATEX_SYMBOLS = {
    r"\%": "%", r"\geq": "≥", r"\ge": "≥", r"\leq": "≤", r"\le": "≤", r"\times": "×", r"\div": "÷",
    r"\pm": "±", r"\sim": "~", r"\approx": "≈", r"\neq": "≠", r"\cdot": "·", r"\circ": "°",
    r"\degree": "°", r"\alpha": "α", r"\beta": "β", r"\mu": "μ", r"\Delta": "Δ", r"\sum": "∑",
    r"\rightarrow": "→", r"\to": "→", r"\infty": "∞", r"\ldots": "…", r"\cdots": "…", r"\&": "&",
    r"\#": "#", r"\_": "_", r"\{": "{", r"\}": "}", r"\,": "", r"\;": "", r"\!": "", r"\quad": " ",
    r"\qquad": " ", "~": "",
}
_LATEX_SYMBOL_RE = re.compile("|".join(re.escape(k) + (r"(?![A-Za-z])" if k[-1].isalpha() else "")
                                       for k in sorted(_LATEX_SYMBOLS, key=len, reverse=True)))
_LATEX_CIRCLED_RE = re.compile(r"\\textcircled\s*\{\s*(\d{1,2})\s*\}")
_LATEX_FONT_RE = re.compile(r"\\(?:mathrm|mathbf|mathit|text|textbf|textit|operatorname|mathsf|boldsymbol)\s*\{([^{}]*)\}")
_LATEX_SCRIPT_RE = re.compile(r"([\^_])\s*(?:\{([^{}]*)\}|(\w))")
_LATEX_FRAC_RE = re.compile(r"\\frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_SUPERSCRIPTS = str.maketrans("0123456789+-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻")

_ATX_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_HEADING_ATTR_RE = re.compile(r"\s*\{[#.][^{}]*\}\s*$")
_SETEXT_RE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_RULE_RE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_QUOTE_RE = re.compile(r"^ {0,3}>[ \t]?")
_BULLET_RE = re.compile(r"^([ \t]*)[-*+][ \t]+(?:\[[ xX]\][ \t]+)?(?=\S)")
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_MATH_FENCE_RE = re.compile(r"^\s*\$\$\s*$")
_LINK_DEF_RE = re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:\s*\S+(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*$")
_FOOTNOTE_DEF_RE = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:\s*")
_TABLE_SEP_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_SIMPLE_SEP_RE = re.compile(r"^\s*-{2,}(?:[ \t]+-{2,})+\s*$")  # pandoc simple table: ------- ------
_CELL_GAP_RE = re.compile(r"\s{2,}")
_GRID_BORDER_RE = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")
_TABLE_OPEN_RE = re.compile(r"<table\b", re.I)
_TABLE_CLOSE_RE = re.compile(r"</table\s*>", re.I)
_MARKUP_CHARS_RE = re.compile(r"[*_`\[\]<>!$&~\\{}]")
_UNSPACE_MAX = 12  # letter-spacing is closed up in headings of at most this many characters


def _protect(text: str, saved: list[str]) -> str:
    """Escapes and code spans out of the way of the other rules (restored by `_restore`)."""
    def keep(value: str) -> str:
        saved.append(value)
        return chr(_PLACEHOLDER_BASE + len(saved) - 1)
    text = _CODE_RE.sub(lambda m: keep(m.group(2).strip()), text)
    return _ESCAPABLE_RE.sub(lambda m: keep(m.group(1)), text)


def _restore(text: str, saved: list[str]) -> str:
    if not saved:
        return text
    return re.sub("[\U000f0000-\U000fffff]", lambda m: saved[ord(m.group()) - _PLACEHOLDER_BASE]
                  if ord(m.group()) - _PLACEHOLDER_BASE < len(saved) else "", text)


def latex_text(expr: str) -> str:
    """The text of a short LaTeX expression as converters write it for symbols and units.

    >>> latex_text(r"\\mathrm{km}^{2}")
    'km²'
    """
    out = _LATEX_CIRCLED_RE.sub(lambda m: chr(0x245F + int(m.group(1))) if 1 <= int(m.group(1)) <= 20
                                else m.group(1), expr)
    for _ in range(3):  # nested \mathrm{\mathbf{x}}
        out = _LATEX_FONT_RE.sub(r"\1", out)
    out = _LATEX_FRAC_RE.sub(r"\1/\2", out)
    out = _LATEX_SCRIPT_RE.sub(lambda m: _script(m.group(1), m.group(2) if m.group(2) is not None else m.group(3)), out)
    out = _LATEX_SYMBOL_RE.sub(lambda m: _LATEX_SYMBOLS[m.group()], out)
    out = re.sub(r"\\[A-Za-z]+\s*", "", out).replace("{", "").replace("}", "")
    return " ".join(out.split())


def _script(kind: str, body: str) -> str:
    body = body.strip()
    if kind == "^" and body and all(ch in "0123456789+-" for ch in body):
        return body.translate(_SUPERSCRIPTS)
    return body


def _strip_emphasis(text: str) -> str:
    for _ in range(4):  # nested: ***x***, **_x_**
        before = text
        for rx in _EMPHASIS_RES:
            text = rx.sub(lambda m: next(g for g in m.groups() if g is not None), text)
        if text == before:
            break
    return text


def inline_text(text: str, cell: bool = False) -> str:
    """A line's text without inline Markdown and HTML markup (see the module doc).

    `cell`: the text of a table cell, where a line break is a space.
    """
    if not _MARKUP_CHARS_RE.search(text):
        return text.rstrip()
    if re.search(r"(?<!\\)\\$", text):  # pandoc's hard line break
        text = text[:-1]
    saved: list[str] = []
    text = _protect(text, saved)
    text = _IMAGE_RE.sub("", text)
    text = _IMG_TAG_RE.sub("", text)
    text = _SUP_RE.sub(lambda m: m.group(1).translate(_SUPERSCRIPTS), text)
    text = _BR_RE.sub(" " if cell else "\n", text)
    text = _AUTOLINK_RE.sub(r"\1", text)
    text = _TAG_RE.sub("", text)
    text = _FOOTNOTE_REF_RE.sub("", text)
    for _ in range(2):  # a link inside a span: [[text](url)]{.underline}
        text = _LINK_RE.sub(r"\1", text)
        text = _REF_LINK_RE.sub(r"\1", text)
        text = _SPAN_ATTR_RE.sub(r"\1", text)
    text = _MATH_RE.sub(lambda m: latex_text(m.group(1)), text)
    text = _strip_emphasis(text)
    text = _ENTITY_RE.sub(lambda m: html.unescape(m.group()), text)
    return _restore(text, saved).rstrip()


def unspace_heading(text: str) -> str:
    """Letter-spacing closed up in a short heading: `总  则` → `总则`, `第一章  总  则` →
    `第一章 总则`. Only single CJK characters separated by spaces are joined; a heading
    longer than a few characters, or with words of several characters, keeps its spaces."""
    tokens = text.split()
    if len(tokens) < 2 or len("".join(tokens)) > _UNSPACE_MAX:
        return text
    out: list[str] = []
    prev_single = False
    for tok in tokens:
        single = len(tok) == 1 and bool(re.match(f"[{_CJK}]", tok))
        if out and single and prev_single:
            out[-1] += tok
        else:
            out.append(tok)
        prev_single = single
    return " ".join(out)


def _split_cells(line: str) -> list[str]:
    """A pipe-table row's cells, `\\|` inside a cell kept as text."""
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    cells = re.split(r"(?<!\\)\|", body)
    return [cell_text(inline_text(c.replace("\\|", "|"), cell=True)) for c in cells]


def _ends_row(line: str) -> bool:
    stripped = line.rstrip()
    return stripped.endswith("|") and not stripped.endswith("\\|")


def _cell_count(line: str) -> int:
    return len(re.split(r"(?<!\\)\|", line.strip().strip("|")))


def _grid_rows(lines: list[str]) -> list[list[str]]:
    """A pandoc grid table (`+---+---+` borders): the text lines between two borders are one
    row, each column's pieces joined."""
    border = lines[0].strip()
    cuts = [i for i, ch in enumerate(border) if ch == "+"]
    rows: list[list[str]] = []
    pieces: list[list[str]] = []
    for line in lines[1:]:
        text = line.strip()
        if _GRID_BORDER_RE.match(text):
            if pieces and any(any(p) for p in pieces):
                rows.append([cell_text(inline_text(" ".join(p), cell=True)) for p in pieces])
            pieces = []
            continue
        cols = [text[a + 1:b] for a, b in zip(cuts, cuts[1:])] if len(text) >= cuts[-1] \
            else [c for c in text.strip("|").split("|")]
        if not pieces:
            pieces = [[] for _ in cols]
        for n, col in enumerate(cols[:len(pieces)]):
            if col.strip():
                pieces[n].append(col.strip().strip("|").strip())
    if pieces and any(any(p) for p in pieces):
        rows.append([cell_text(inline_text(" ".join(p), cell=True)) for p in pieces])
    return rows


def _text_blocks(text: str, page: int | None, kind: str = "line") -> list[Block]:
    """A line's inline text as blocks (a `<br>` splits it); the raw indent is kept for clean-up."""
    indent = text[:len(text) - len(text.lstrip())]
    out = []
    for n, part in enumerate(inline_text(text.strip()).split("\n")):
        if part.strip():
            out.append(Block((indent if n == 0 else "") + part.strip(), page, kind))
    return out


def markdown_blocks(text: str, page: int | None = None) -> list[Block]:
    """One page of Markdown as blocks: `heading` (with level), `row`, `line` and `blank`."""
    lines = text.splitlines()
    blocks: list[Block] = []
    i = 0
    fence: str | None = None
    in_math = False
    table_cols = 0        # columns of the pipe table being read (0: not in a table)
    pending: str | None = None  # a pipe-table row whose cells continue on the next line

    def flush_row() -> None:
        nonlocal pending
        if pending is not None:
            cells = _split_cells(pending)
            if any(cells):
                blocks.append(Block(row_text(cells), page, "row"))
            pending = None

    while i < len(lines):
        line = lines[i]
        i += 1
        if fence is not None:  # inside a code fence: the text as it stands
            if line.strip().startswith(fence):
                fence = None
            elif line.strip():
                blocks.append(Block(line.rstrip(), page, "line"))
            continue
        if in_math:
            if _MATH_FENCE_RE.match(line):
                in_math = False
            elif line.strip():
                blocks.append(Block(latex_text(line), page, "line"))
            continue
        # a table row whose cell went on over a line break
        if pending is not None:
            if table_cols and line.strip() and not line.lstrip().startswith("|") and (
                    not _ends_row(pending) or _cell_count(pending) < table_cols):
                pending += " " + line.strip()
                continue
            flush_row()
        stripped = line.strip()
        if not stripped:
            table_cols = 0
            blocks.append(Block("", page, "blank"))
            continue
        while _QUOTE_RE.match(line):
            line = _QUOTE_RE.sub("", line, count=1)
            stripped = line.strip()
        if not stripped:
            blocks.append(Block("", page, "blank"))
            continue
        m = _FENCE_RE.match(line)
        if m:
            fence = m.group(1)[0] * 3
            continue
        if _MATH_FENCE_RE.match(line):
            in_math = True
            continue
        if stripped.startswith("$$") and stripped.endswith("$$") and len(stripped) > 4:
            blocks.append(Block(latex_text(stripped[2:-2]), page, "line"))
            continue
        if _TABLE_OPEN_RE.search(line):  # an HTML table, on one line or over several
            chunk = [line]
            depth = len(_TABLE_OPEN_RE.findall(line)) - len(_TABLE_CLOSE_RE.findall(line))
            while depth > 0 and i < len(lines):
                chunk.append(lines[i])
                depth += len(_TABLE_OPEN_RE.findall(lines[i])) - len(_TABLE_CLOSE_RE.findall(lines[i]))
                i += 1
            for b in fragment_blocks("\n".join(chunk), page):
                if b.kind == "row":
                    b.text = row_text([cell_text(inline_text(c, cell=True)) for c in b.text.split(" | ")])
                    blocks.append(b)
                else:
                    blocks.extend(_text_blocks(b.text, page))
            continue
        if _GRID_BORDER_RE.match(stripped):
            chunk = [line]
            while i < len(lines) and (lines[i].lstrip().startswith(("|", "+"))):
                chunk.append(lines[i])
                i += 1
            blocks.extend(Block(row_text(r), page, "row") for r in _grid_rows(chunk) if any(r))
            continue
        simple = _simple_table(lines, i - 1)
        if simple:
            rows, i = simple
            blocks.extend(Block(row_text(r), page, "row") for r in rows)
            continue
        if _LINK_DEF_RE.match(line):
            continue
        heading = _ATX_RE.match(line)
        if heading:
            title = _HEADING_ATTR_RE.sub("", heading.group(2) or "")
            title = unspace_heading(" ".join(inline_text(title).split()))
            if title:
                blocks.append(Block(title, page, "heading", len(heading.group(1))))
            continue
        if table_cols and "|" in stripped:  # the next row of a pipe table
            if not (_TABLE_SEP_RE.match(line) and "-" in line):
                pending = stripped
            continue
        table_cols = 0
        if "|" in stripped and i < len(lines) and "|" in lines[i] and _TABLE_SEP_RE.match(lines[i]):
            table_cols = _cell_count(stripped)  # a header row, its separator line skipped
            pending = stripped
            i += 1
            continue
        if stripped.startswith("|"):  # a pipe row without a separator line (as this reader always took it)
            if not _TABLE_SEP_RE.match(line):
                pending = stripped
            continue
        if _RULE_RE.match(line):
            blocks.append(Block("", page, "blank"))
            continue
        if i < len(lines) and _SETEXT_RE.match(lines[i]) and _setext_title(stripped, lines[i]):
            title = unspace_heading(" ".join(inline_text(stripped).split()))
            if title:
                blocks.append(Block(title, page, "heading", 1 if "=" in lines[i] else 2))
            i += 1
            continue
        footnote = _FOOTNOTE_DEF_RE.match(line)
        if footnote:
            line = f"[{footnote.group(1)}] " + line[footnote.end():]
        line = _BULLET_RE.sub(r"\1", line)
        blocks.extend(_text_blocks(line.rstrip(), page))
    flush_row()
    return blocks


def _simple_table(lines: list[str], start: int) -> tuple[list[list[str]], int] | None:
    """A pandoc simple table starting at `start` (a header line over a `----- ----` line, or
    the dashed line itself): its rows and the index after it; None if it is not one.

    Columns are cut at runs of two or more spaces (pandoc aligns by display width, which
    character positions do not follow for CJK text); a line that does not split into the
    table's columns ends it."""
    header: list[str] = []
    if _SIMPLE_SEP_RE.match(lines[start]):
        sep = start
    elif start + 1 < len(lines) and _SIMPLE_SEP_RE.match(lines[start + 1]):
        sep = start + 1
        header = _CELL_GAP_RE.split(lines[start].strip())
    else:
        return None
    width = len(lines[sep].split())
    if header and len(header) != width:
        return None
    rows = [header] if header else []
    j = sep + 1
    while j < len(lines) and lines[j].strip() and not _SIMPLE_SEP_RE.match(lines[j]):
        cells = _CELL_GAP_RE.split(lines[j].strip())
        if len(cells) != width:
            break
        rows.append(cells)
        j += 1
    if j < len(lines) and _SIMPLE_SEP_RE.match(lines[j]):
        j += 1  # the closing line of a headerless table
    if len(rows) < 2:
        return None
    return [[cell_text(inline_text(c, cell=True)) for c in r] for r in rows], j


def _setext_title(text: str, underline: str) -> bool:
    """A line underlined with === is a heading; with --- only when it reads as a short title
    (a converter's horizontal rule right under a sentence is not)."""
    if "=" in underline:
        return True
    return len(text) <= 40 and not text.endswith(("。", "；", ";", "，", ",", "：", ":")) and not text.startswith("|")
