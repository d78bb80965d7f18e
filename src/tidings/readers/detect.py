"""Format detection (by content first, extension second) and dispatch to the right reader."""

from __future__ import annotations

import gzip
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from tidings.errors import Errors, InputError
from tidings.readers.containers import (
    Item,
    looks_html,
    read_html_text,
    read_jsonl,
    read_sgml,
    read_warc,
)
from tidings.readers.decode import GZIP_MAGIC, decode_text, gunzip, replace_surrogates
from tidings.readers.paths import Source
from tidings.records import RawDocument, Reject

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# The text of one document: ~30,000 words, longer than any news article; coding 100,000
# characters takes ~12 s, so a longer text would hold a run for minutes.
MAX_DOCUMENT_CHARS = 200_000
# Formats people drop into a news folder that Tidings does not read, by their first bytes;
# they are refused by name (``unsupported-format``) instead of being decoded as text.
MAGIC = ((b"%PDF-", "pdf"), (b"PK\x03\x04", "zip"), (b"\xd0\xcf\x11\xe0", "ms-office"),
         (b"\x89PNG", "png"), (b"\xff\xd8\xff", "jpeg"), (b"GIF8", "gif"), (b"{\\rtf", "rtf"))
# Zip containers named for what they hold.
ZIPPED = {".docx": "docx", ".xlsx": "xlsx", ".pptx": "pptx", ".odt": "odt", ".epub": "epub"}


def _is_warc(name: str, head: bytes) -> bool:
    return head.startswith(b"WARC/") or name.endswith((".warc", ".warc.gz", ".arc.gz"))


def _read_bytes(source: Source, max_bytes: int) -> bytes:
    """The raw bytes, refusing (too-large) anything over ``max_bytes`` without reading it all."""
    if source.path is None:
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        with source.path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError("too-large", Errors.E108.format(limit=max_bytes))
    return data


def _warc_stream(source: Source) -> Iterator[Item]:
    assert source.path is not None
    with source.path.open("rb") as handle:
        # The WARC reader streams (and handles per-record gzip), so archives may be large.
        yield from read_warc(handle, source.name, DEFAULT_MAX_BYTES)


def _dispatch(text: str, name: str) -> Iterator[Item]:
    stem = name[:-3] if name.endswith(".gz") else name
    head = text.lstrip()[:4096]
    if "<REUTERS" in head.upper()[:2000] or stem.endswith(".sgm"):
        yield from read_sgml(text, name)
    elif head.startswith("{") or stem.endswith((".jsonl", ".ndjson")):
        yield from read_jsonl(text.splitlines(), name)
    elif looks_html(text) or stem.endswith((".html", ".htm")):
        yield from read_html_text(text, name)
    else:
        yield RawDocument(origin=name, format="text", content=text, source_path=name)


def read_source(source: Source, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Every document in one source, or one Reject saying why there is none. Never raises
    for bad input: any failure while reading one source becomes a Reject for that source, and
    a source that yields nothing at all (an empty archive, an SGML file without records)
    leaves an ``empty`` reject."""
    if source.problem is not None:
        reason, detail = source.problem
        yield Reject(origin=source.name, stage="read", reason=reason, detail=detail)
        return
    count = 0
    try:
        for item in _read_items(source, max_bytes):
            count += 1
            yield _within_budget(item)
    except InputError as exc:
        count += 1
        yield Reject(origin=source.name, stage="read", reason=exc.reason, detail=str(exc))
    except OSError as exc:
        count += 1
        yield Reject(origin=source.name, stage="read", reason="unreadable", detail=str(exc))
    except Exception as exc:  # noqa: BLE001 - one input never stops a batch
        count += 1
        yield Reject(origin=source.name, stage="read", reason="unreadable",
                     detail=f"{type(exc).__name__}: {str(exc)[:300]}")
    if not count:
        yield Reject(origin=source.name, stage="read", reason="empty",
                     detail=Errors.E115)


def _within_budget(item: Item) -> Item:
    """The document with valid Unicode text, or a ``too-large`` reject when its text is over
    ``MAX_DOCUMENT_CHARS`` (no news article is; parsing one would hold the run for minutes)."""
    if isinstance(item, Reject):
        return item
    if len(item.content) > MAX_DOCUMENT_CHARS:
        return Reject(origin=item.origin, stage="read", reason="too-large",
                      detail=Errors.E120.format(chars=len(item.content),
                                                limit=MAX_DOCUMENT_CHARS))
    item.content = replace_surrogates(item.content)
    item.title = replace_surrogates(item.title) if item.title else item.title
    return item


def _read_items(source: Source, max_bytes: int) -> Iterator[Item]:
    if source.path is not None and _is_warc(source.name, _peek(source.path)):
        yield from _warc_stream(source)
        return
    data = _read_bytes(source, max_bytes)
    if data.startswith(GZIP_MAGIC):
        data = gunzip(data, max_bytes)
        if data.startswith(b"WARC/"):
            yield from read_warc(io.BytesIO(gzip.compress(data)), source.name, max_bytes)
            return
    if not data.strip():
        raise InputError("empty", Errors.E109)
    _refuse_unsupported(data, source.name)
    text, _ = decode_text(data)
    yield from _dispatch(text, source.name)


def _refuse_unsupported(data: bytes, name: str) -> None:
    """``unsupported-format`` for a PDF, office file or image, named in the reject."""
    kind = next((k for magic, k in MAGIC if data.startswith(magic)), None)
    if kind == "zip":
        kind = ZIPPED.get(Path(name).suffix.lower(), kind)
    if kind is not None:
        raise InputError("unsupported-format", Errors.E114.format(format=kind))


def _peek(path: Path) -> bytes:
    """The first bytes (decompressed when gzip) to recognise a WARC without reading it all."""
    with path.open("rb") as handle:
        head = handle.read(64)
    if head.startswith(GZIP_MAGIC):
        try:
            with gzip.open(path, "rb") as handle:
                return handle.read(16)
        except (OSError, EOFError):
            return b""
    return head
