"""The compiled data cache: keyed by file bytes, atomic, and never in the way."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tidings.actors.kb import KnowledgeBase
from tidings.cache import cache_key, cached
from tidings.coding.lexicon import _load


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("TIDINGS_CACHE_DIR", str(directory))
    return directory


def _source(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "terms.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_second_load_comes_from_the_cache_and_an_edit_rebuilds(tmp_path: Path,
                                                                 cache: Path) -> None:
    source = _source(tmp_path, "alpha")
    builds: list[str] = []

    def build() -> list[str]:
        builds.append("x")
        return source.read_text(encoding="utf-8").split()

    assert cached("terms", [source], build) == ["alpha"]
    assert cached("terms", [source], build) == ["alpha"]
    assert len(builds) == 1
    source.write_text("alpha beta", encoding="utf-8")
    assert cached("terms", [source], build) == ["alpha", "beta"]
    assert len(builds) == 2
    assert len(list(cache.glob("terms-*.pickle"))) == 2
    assert not list(cache.glob(".*.tmp"))  # temporary files were renamed into place


def test_each_caller_gets_its_own_object(tmp_path: Path, cache: Path) -> None:
    source = _source(tmp_path, "alpha")
    first = cached("terms", [source], lambda: ["alpha"])
    first.append("changed")
    assert cached("terms", [source], lambda: ["alpha"]) == ["alpha"]


def test_a_corrupt_entry_is_rebuilt_and_replaced(tmp_path: Path, cache: Path) -> None:
    source = _source(tmp_path, "alpha")
    cached("terms", [source], lambda: ["alpha"])
    entry = next(cache.glob("terms-*.pickle"))
    entry.write_bytes(b"not a pickle")
    assert cached("terms", [source], lambda: ["rebuilt"]) == ["rebuilt"]
    assert cached("terms", [source], lambda: ["unused"]) == ["rebuilt"]


def test_concurrent_writers_leave_one_whole_entry(tmp_path: Path, cache: Path) -> None:
    source = _source(tmp_path, "alpha")
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: cached("terms", [source], lambda: list(range(5000))),
                                range(16)))
    assert all(r == list(range(5000)) for r in results)
    assert len(list(cache.glob("terms-*.pickle"))) == 1
    assert not list(cache.glob(".*.tmp"))


def test_off_and_unwritable_caches_still_build(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    source = _source(tmp_path, "alpha")
    monkeypatch.setenv("TIDINGS_CACHE_DIR", "off")
    assert cached("terms", [source], lambda: ["alpha"]) == ["alpha"]
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("TIDINGS_CACHE_DIR", str(blocker / "cache"))  # cannot be created
    assert cached("terms", [source], lambda: ["alpha"]) == ["alpha"]


def test_the_key_depends_on_bytes_not_on_times(tmp_path: Path) -> None:
    source = _source(tmp_path, "alpha")
    key = cache_key("terms", [source])
    source.write_text("alpha", encoding="utf-8")  # same bytes, new mtime
    assert cache_key("terms", [source]) == key
    assert cache_key("other", [source]) != key


def test_kb_and_lexicon_from_the_cache_equal_fresh_ones(tmp_path: Path, cache: Path) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text("kind: organizations\nversion: '1'\norganizations:\n"
                     "  - id: test-union\n    name: Harbour Workers Union\n    country: NZL\n"
                     "    sector: LAB\n",
                     encoding="utf-8")
    fresh = KnowledgeBase.load([extra])
    again = KnowledgeBase.load([extra])
    assert list(cache.glob("kb-*.pickle"))
    assert again == fresh and again is not fresh
    assert again.lookup("Harbour Workers Union")
    _load.cache_clear()
    lexicon = _load((), True)
    _load.cache_clear()
    assert _load((), True) == lexicon
    assert list(cache.glob("lexicon-*.pickle"))
