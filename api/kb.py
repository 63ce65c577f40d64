"""The knowledge base as the API serves it: one Settings, the live index opened once per
generation and shared by every request (an upload or removal makes the next request open the
new generation), and the requirement catalogue resolved once per generation."""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from gapcheck import load_catalogue
from gapcheck.catalogue import Catalogue
from index.lifecycle import seed_bundled
from index.search import Index
from index.store import current_generation
from ingest.errors import IndexMissing
from ingest.settings import Settings

KEEP = 2   # generations kept open: a request that started on the previous one finishes on it


@dataclass
class KnowledgeBase:
    """The live index and catalogues of `settings.home` (thread-safe)."""

    settings: Settings
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _indexes: OrderedDict[str, Index] = field(default_factory=OrderedDict)
    _catalogues: dict[tuple[str, str], Catalogue] = field(default_factory=dict)

    def generation(self) -> str:
        """The live generation's name, seeding the bundled index into an empty home first.

        Raises:
            IndexMissing: nothing indexed and no bundled index to start from.
        """
        folder = current_generation(self.settings.home)
        if folder is None:
            with self._lock:
                if current_generation(self.settings.home) is None:
                    seed_bundled(self.settings)
            folder = current_generation(self.settings.home)
        if folder is None:
            raise IndexMissing("知识库为空：请用 POST /v1/documents 上传文件，或在命令行运行 plankb build")
        return folder.name

    def index(self) -> Index:
        """The live index, opened once per generation."""
        name = self.generation()
        with self._lock:
            found = self._indexes.get(name)
            if found is None:
                found = Index.open(self.settings)   # the live one: newer than `name` if a write just landed
                self._indexes[found.folder.name] = found
                while len(self._indexes) > KEEP:
                    # dropped, not closed: a request may still be reading it (its connection
                    # closes when the last reference goes)
                    old = next(iter(self._indexes))
                    self._indexes.pop(old)
                    for key in [k for k in self._catalogues if k[0] == old]:
                        self._catalogues.pop(key)
            return found

    def catalogue(self, name: str, index: Index) -> Catalogue:
        """A requirement catalogue resolved in `index` (its basis may cite uploaded documents)."""
        key = (index.folder.name, name)
        with self._lock:
            found = self._catalogues.get(key)
        if found is None:
            found = load_catalogue(name, index)
            with self._lock:
                self._catalogues[key] = found
        return found
