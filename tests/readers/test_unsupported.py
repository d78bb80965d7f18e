"""A PDF, office file or image in a news folder is refused by name, not read as text."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.flows.read import read_articles
from tidings.pipeline.base import RunSummary
from tidings.records import Reject


@pytest.mark.parametrize("name, head, kind", [
    ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "pdf"),
    ("notes.docx", b"PK\x03\x04\x14\x00\x06\x00", "docx"),
    ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
])
def test_unsupported_formats_are_rejected_by_name(tmp_path: Path, name: str, head: bytes,
                                                  kind: str) -> None:
    (tmp_path / name).write_bytes(head + b"\x00" * 200)
    (tmp_path / "story.txt").write_text(
        "Officials in Lima said on Tuesday that the new bridge over the river would open in "
        "June, after two years of work and a long dispute over its cost.", encoding="utf-8")
    summary = RunSummary()
    items = list(read_articles([tmp_path], summary=summary))
    rejects = [i for i in items if isinstance(i, Reject)]
    assert [(r.reason, Path(r.origin).name) for r in rejects] == [("unsupported-format", name)]
    named = summary.rejected_files()
    assert list(named.values()) == [f"unsupported-format: {kind}: not a format Tidings reads "
                                    "(text, HTML, JSON Lines, WARC, SGML)"]
    assert summary.kept == 1
