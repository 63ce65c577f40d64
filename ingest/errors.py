"""Typed exceptions shared by every layer; the CLI and app turn them into one-line messages."""
from __future__ import annotations


class PlanKBError(Exception):
    """Base class of every error plankb raises on purpose."""


def printable(name: str) -> str:
    """A file name safe to print: undecodable bytes (surrogate escapes) become �."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


class UnreadableDocument(PlanKBError):
    """A file could not be turned into text; the message names the file and the reason."""

    def __init__(self, file: str, reason: str) -> None:
        file = printable(file)
        self.file = file
        self.reason = reason
        super().__init__(f"{file}: {reason}")


class UnsupportedType(UnreadableDocument):
    """The file's type is not one plankb reads."""


class FileTooLarge(UnreadableDocument):
    """The file is over the configured size limit."""


class EmptyDocument(UnreadableDocument):
    """The file holds no text at all."""


class EncryptedDocument(UnreadableDocument):
    """The PDF is encrypted and cannot be opened without a password."""


class NoTextLayer(UnreadableDocument):
    """The PDF has pages that are images only (a scan) and no text layer to read."""

    def __init__(self, file: str, reason: str, pages: list[int]) -> None:
        self.pages = pages
        super().__init__(file, reason)


class UnknownBackend(PlanKBError):
    """An embedder or store name that plankb does not know, or whose package is missing."""


class IndexMissing(PlanKBError):
    """There is no knowledge base at PLANKB_HOME yet."""


class IndexMismatch(PlanKBError):
    """The index was built with another embedder (or schema) than the one asked for."""


class IndexDamaged(PlanKBError):
    """Index files are missing or fail their checksum; `plankb repair` rebuilds them."""


class IndexBusy(PlanKBError):
    """Another process is writing the knowledge base."""


class StoreUnavailable(PlanKBError):
    """The vector engine (a Milvus server) cannot be reached or refused a request."""


class DocumentNotFound(PlanKBError):
    """No document in the knowledge base matches the given id or title."""


class CatalogueError(PlanKBError):
    """A requirement catalogue that cannot be used; names the file and line."""

    def __init__(self, file: str, line: int | None, reason: str) -> None:
        self.file, self.line, self.reason = file, line, reason
        where = f"{file}" + (f" 第 {line} 行" if line else "")
        super().__init__(f"{where}：{reason}")
