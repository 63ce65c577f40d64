"""`plankb prebuild` rewrites the shipped index: only from a source checkout, never inside an
installed plankb (site-packages)."""
from __future__ import annotations

import pytest

from index import prebuilt
from ingest.errors import PlanKBError
from ingest.settings import Settings


def test_prebuild_refuses_outside_a_source_checkout(tmp_path, monkeypatch):
    installed = tmp_path / "site-packages" / "plankb_corpus" / "index"   # no pyproject.toml above it
    installed.mkdir(parents=True)
    (installed / "manifest.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(prebuilt, "BUNDLED_INDEX", installed)
    with pytest.raises(PlanKBError, match="只能在源代码仓库中运行"):
        prebuilt.export_bundled(Settings.from_env(home=tmp_path / "home"))
    assert (installed / "manifest.json").read_text(encoding="utf-8") == "{}"  # nothing touched
