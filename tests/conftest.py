"""A small knowledge base built in tmp_path per test, and a cache folder of its own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
VALID = DATA / "valid"
INVALID = DATA / "invalid"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test caches in its own folder, never in the user's."""
    monkeypatch.setenv("SPYGLASS_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("SPYGLASS_KB", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    """A copy of tests/data/valid: seven records, one source, no problems."""
    root = tmp_path / "kb"
    shutil.copytree(VALID, root)
    return root


def fixture_header(path: Path) -> tuple[str, str, int, int]:
    """A fixture's '# place:' and '# expect: CODE LINE:COLUMN' lines."""
    lines = path.read_bytes().decode("utf-8", "replace").splitlines()
    place = lines[0].removeprefix("# place: ").strip()
    code, position = lines[1].removeprefix("# expect: ").split()
    line, column = position.split(":")
    return place, code, int(line), int(column)
