"""Ingest with injected reader/coder: idempotence, new files only, resume after a crash."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from store_factories import make_coded

from tidings.records import Article, CodedArticle, Reject
from tidings.store.ingest import ingest
from tidings.store.queries import EventStore

PAIRS = {"ru": ("RUS", "CUB", "COOPERATE"), "us": ("USA", "CUB", "SANCTION")}


def read(files: list[Path]) -> Iterator[Article | Reject]:
    """One article per file, whose first word picks the dyad; empty files are rejects."""
    for path in files:
        text = path.read_text().strip()
        if not text:
            yield Reject(str(path), "read", "empty", "no text")
            continue
        coded = make_coded(text, [PAIRS[text.split()[0]]], outlet=path.stem)
        coded.article.origin = str(path)
        yield coded.article


def code(articles: Iterable[Article]) -> Iterator[CodedArticle]:
    for article in articles:
        yield make_coded(article.text, [PAIRS[article.text.split()[0]]], outlet=article.source_name or "")


def _files(root: Path, n: int, start: int = 0) -> list[Path]:
    root.mkdir(exist_ok=True)
    out = []
    for i in range(start, start + n):
        path = root / f"a{i}.txt"
        path.write_text(f"{'ru' if i % 2 else 'us'} envoys met in Havana on day {i}. More")
        out.append(path)
    return out


def test_reingest_adds_nothing_and_new_files_only(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    _files(tmp_path / "in", 4)
    (tmp_path / "in" / "empty.txt").write_text("")
    first = ingest([tmp_path / "in"], db, read=read, code=code, batch_size=2)
    assert (first.articles, first.events, first.rejects) == (4, 4, 1)
    again = ingest([tmp_path / "in"], db, read=read, code=code)
    assert (again.skipped_files, again.articles, again.events) == (5, 0, 0)
    _files(tmp_path / "in", 2, start=4)
    more = ingest([tmp_path / "in"], db, read=read, code=code)
    assert (more.skipped_files, more.articles) == (5, 2)
    runs = EventStore(db).runs()
    assert list(runs["status"]) == ["complete"] * 3


def test_interrupted_run_is_consistent_and_resumes(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    files = _files(tmp_path / "in", 6)
    seen: list[int] = []

    def crashing_code(articles: Iterable[Article]) -> Iterator[CodedArticle]:
        seen.append(1)
        if len(seen) == 2:
            raise KeyboardInterrupt  # the second batch dies mid-way
        yield from code(articles)

    with pytest.raises(KeyboardInterrupt):
        ingest(files, db, read=read, code=crashing_code, batch_size=2)
    store = EventStore(db)
    assert store.overview()["articles"] == 2  # whole first batch, nothing of the second
    assert store.runs()["status"].iloc[0] == "interrupted"
    resumed = ingest(files, db, read=read, code=code, batch_size=2)
    assert (resumed.skipped_files, resumed.articles) == (2, 4)
    assert store.overview()["events"] == 6


def test_big_file_is_marked_only_when_complete(tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    big.write_text("\n".join(f"ru minister visit number {i}. More" for i in range(5)))

    def read_lines(files: list[Path]) -> Iterator[Article]:
        for path in files:
            for n, line in enumerate(path.read_text().splitlines()):
                article = make_coded(line, [PAIRS["ru"]], outlet=f"o{n}").article
                article.origin = f"{path}#{n}"
                yield article

    calls: list[int] = []

    def crash_third(articles: Iterable[Article]) -> Iterator[CodedArticle]:
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        yield from code(articles)

    db = tmp_path / "t.duckdb"
    with pytest.raises(KeyboardInterrupt):
        ingest([big], db, read=read_lines, code=crash_third, batch_size=2)
    assert EventStore(db).overview()["articles"] == 4
    resumed = ingest([big], db, read=read_lines, code=code, batch_size=2)
    assert (resumed.skipped_files, resumed.articles) == (0, 1)
    assert ingest([big], db, read=read_lines, code=code).skipped_files == 1


def test_cli_ingest_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    import tidings.cli.store as cli_store
    from tidings.cli import load_commands
    from tidings.store.writer import RunInfo

    monkeypatch.setattr(cli_store, "default_read", lambda: read)
    monkeypatch.setattr(cli_store, "make_code_runner", lambda **_: contextlib.nullcontext(code))
    monkeypatch.setattr(cli_store, "_run_info", lambda *a: RunInfo(config={"t": 1}))
    _files(tmp_path / "in", 3)
    args = ["ingest", str(tmp_path / "in"), "--db", str(tmp_path / "t.duckdb")]
    first = CliRunner().invoke(load_commands(), args)
    assert first.exit_code == 0, first.output
    second = CliRunner().invoke(load_commands(), args)
    assert '"skipped_files": 3' in second.output and '"articles": 0' in second.output
    assert EventStore(tmp_path / "t.duckdb").overview()["articles"] == 3
