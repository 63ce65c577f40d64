"""The `plankb` command line: parse files, later build and search the knowledge base."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ingest import Document, PlanKBError, iter_files, load
from ingest.settings import Settings


def _err(message: str) -> None:
    click.echo(f"错误：{message}", err=True)


@click.group(help="plankb：政策与规划文件知识库（plankb: a knowledge base of Chinese policy and planning documents）")
@click.version_option(package_name="plankb")
def cli() -> None:
    pass


def _progress(items: list, label: str):  # type: ignore[no-untyped-def]
    """A progress bar on a terminal; silent when stderr is a pipe or a file."""
    if len(items) > 1 and sys.stderr.isatty():
        return click.progressbar(items, label=label, file=sys.stderr, show_pos=True)
    return _Quiet(items)


class _Quiet:
    def __init__(self, items: list) -> None:  # type: ignore[type-arg]
        self.items = items

    def __enter__(self) -> list:  # type: ignore[type-arg]
        return self.items

    def __exit__(self, *exc: object) -> None:
        return None


def _outline(doc: Document) -> str:
    lines = [f"《{doc.title}》 {doc.kind}"
             + (f" · {doc.issuing_body}" if doc.issuing_body else "")
             + (f" · {doc.region}" if doc.region else "")
             + f" · {len(doc.clauses)} 条目 · {doc.file}"]
    for w in doc.warnings:
        lines.append(f"  注意：{w}")
    if doc.preamble:
        lines.append(f"  [{doc.preamble.label}] {doc.preamble.text[:40]}…")
    current: tuple[str, ...] = ()
    for c in doc.clauses:
        if c.path != current:
            common = 0
            while common < min(len(c.path), len(current)) and c.path[common] == current[common]:
                common += 1
            for depth in range(common, len(c.path)):
                lines.append("  " * (depth + 1) + c.path[depth])
            current = c.path
        page = ""
        if c.page is not None:
            page = f" p.{c.page}" + (f"–{c.page_end}" if c.page_end and c.page_end != c.page else "")
        body = c.text[len(c.label):].strip() if c.text.startswith(c.label) else c.text
        snippet = body.replace("\n", " ")[:40]
        lines.append("  " * (len(c.path) + 1) + f"{c.label}{page}  {snippet}{'…' if len(body) > 40 else ''}")
    return "\n".join(lines)


@cli.command(help="解析文件或文件夹，显示条文结构（--json 输出机器可读结果）。")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="输出 JSON：每个文件一个对象 {file, title, kind, clauses}")
@click.option("--max-file-mb", type=int, default=None, envvar="PLANKB_MAX_FILE_MB",
              help="单个文件大小上限（MB），默认 100")
def parse(paths: tuple[Path, ...], as_json: bool, max_file_mb: int | None) -> None:
    settings = Settings.from_env(max_file_mb=max_file_mb)
    entries: list[Path | str] = []  # files to parse, or an error message, in input order
    for p in paths:
        entries.extend(iter_files([p]) if p.exists() else [f"{p}: 文件或文件夹不存在"])
    results = []
    failed = 0
    with _progress(entries, "解析") as bar:
        for entry in bar:
            if isinstance(entry, str):
                _err(entry)
                failed += 1
                continue
            try:
                doc = load(entry, max_bytes=settings.max_bytes)
            except PlanKBError as exc:
                _err(str(exc))
                failed += 1
                continue
            except Exception as exc:  # a parser bug on one file must not stop the batch
                _err(f"{entry.name}: 解析失败（{type(exc).__name__}）")
                failed += 1
                continue
            results.append(doc.to_parse_json() if as_json else _outline(doc))
    if as_json:
        click.echo(json.dumps(results, ensure_ascii=False, indent=1))
    else:
        click.echo("\n\n".join(results))
    if failed:
        sys.exit(1)


def main() -> None:
    cli(prog_name="plankb")


if __name__ == "__main__":
    main()
