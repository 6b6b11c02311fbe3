from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _private_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test gets its own cache folder, never the user's."""
    monkeypatch.setenv("COXSWAIN_CACHE_DIR", str(tmp_path / "cache"))
    yield
