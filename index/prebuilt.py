"""The bundled corpus's prebuilt index (corpus/index/), so a new user's first search needs
no embedding: `plankb prebuild` regenerates it; tests fail when it no longer matches."""
from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from ingest.errors import PlanKBError
from ingest.settings import Settings

from .lifecycle import BUNDLED_INDEX, build
from .store import current_generation


def export_bundled(settings: Settings, progress=None) -> Path:  # type: ignore[no-untyped-def]
    """Build the bundled corpus in a scratch home (reusing this home's embedding cache) and
    copy the generation to corpus/index/.

    Raises:
        PlanKBError: not run from a source checkout (an installed plankb's data is read-only).
    """
    if not (BUNDLED_INDEX.parent.parent / "pyproject.toml").is_file():
        raise PlanKBError(f"plankb prebuild 只能在源代码仓库中运行（它重写随附的预建索引 {BUNDLED_INDEX}）")
    with tempfile.TemporaryDirectory() as scratch:
        home = Path(scratch)
        cache = settings.home / "cache" / "embeddings.sqlite"
        if cache.exists():
            (home / "cache").mkdir()
            shutil.copy2(cache, home / "cache" / "embeddings.sqlite")
        scratch_settings = replace(settings, home=home, store="faiss")  # the shipped index is FAISS
        build(scratch_settings, None, progress, seed=False)
        generation = current_generation(home)
        assert generation is not None
        # the old index stays in place until the new one is built, then is swapped in
        staged = BUNDLED_INDEX.with_name(BUNDLED_INDEX.name + ".new")
        if staged.exists():
            shutil.rmtree(staged)
        shutil.copytree(generation, staged)
        if BUNDLED_INDEX.exists():
            shutil.rmtree(BUNDLED_INDEX)
        staged.rename(BUNDLED_INDEX)
        if cache.exists() or (home / "cache" / "embeddings.sqlite").exists():
            settings.home.mkdir(parents=True, exist_ok=True)
            (settings.home / "cache").mkdir(exist_ok=True)
            shutil.copy2(home / "cache" / "embeddings.sqlite", cache)
    return BUNDLED_INDEX
