"""Readers for multi-record inputs: JSON Lines, WARC and Reuters-21578 SGML."""

from __future__ import annotations

import html as htmlmod
import json
import re
from collections.abc import Iterable, Iterator
from typing import IO

from warcio.archiveiterator import ArchiveIterator

from tidings.errors import Errors, InputError
from tidings.readers.decode import decode_text
from tidings.readers.html import extract_html, looks_html
from tidings.records import RawDocument, Reject

Item = RawDocument | Reject
_REUTERS_START = re.compile(r"<REUTERS\b", re.I)
_REUTERS_END = re.compile(r"</REUTERS>", re.I)
_NEWID = re.compile(r'NEWID="(\d+)"', re.I)


def _reject(origin: str, exc: InputError) -> Reject:
    return Reject(origin=origin, stage="read", reason=exc.reason, detail=str(exc))


def _jsonl_record(line: str, origin: str, source_path: str) -> RawDocument:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError("bad-record", Errors.E101.format(error=exc)) from exc
    except (RecursionError, ValueError) as exc:  # [[[... 100k deep, a 100,000-digit int
        raise InputError("too-complex", Errors.E116.format(error=str(exc)[:80])) from exc
    if not isinstance(data, dict):
        raise InputError("bad-record", Errors.E102)
    url, title, published = data.get("url"), data.get("title"), data.get("published")
    if isinstance(data.get("text"), str) and data["text"].strip():
        return RawDocument(origin=origin, format="jsonl", content=data["text"], url=url,
                           title=title, published=published, author=data.get("author"),
                           section=data.get("section"), source_path=source_path)
    if isinstance(data.get("html"), str) and data["html"].strip():
        doc = extract_html(data["html"], origin, source_path, url=url)
        doc.title = title or doc.title
        doc.published = published or doc.published
        return doc
    raise InputError("bad-record", Errors.E103)


def read_jsonl(lines: Iterable[str], name: str) -> Iterator[Item]:
    """One document per non-blank line; origin ``name#N`` with N the 1-based line number."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        origin = f"{name}#{number}"
        try:
            yield _jsonl_record(line, origin, name)
        except InputError as exc:
            yield _reject(origin, exc)
        except Exception as exc:  # noqa: BLE001 - one line never stops the file
            yield Reject(origin=origin, stage="read", reason="bad-record",
                         detail=f"{type(exc).__name__}: {str(exc)[:300]}")


def _warc_record(record: object, origin: str, name: str, max_bytes: int) -> RawDocument:
    url = record.rec_headers.get_header("WARC-Target-URI")  # type: ignore[attr-defined]
    payload = record.content_stream().read(max_bytes + 1)  # type: ignore[attr-defined]
    if len(payload) > max_bytes:
        raise InputError("too-large", Errors.E104.format(limit=max_bytes))
    text, _ = decode_text(payload)
    return extract_html(text, origin, name, url=url)


def read_warc(stream: IO[bytes], name: str, max_bytes: int) -> Iterator[Item]:
    """HTML responses in a WARC (gzip or not), streamed; other record types are skipped."""
    number = 0
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                continue
            number += 1
            ctype = (record.http_headers.get_header("Content-Type") or ""
                     if record.http_headers else "")
            if ctype and "html" not in ctype.lower():
                continue
            origin = f"{name}#{number}"
            try:
                yield _warc_record(record, origin, name, max_bytes)
            except InputError as exc:
                yield _reject(origin, exc)
    except Exception as exc:  # noqa: BLE001 - a broken archive ends that file only
        yield Reject(origin=name, stage="read", reason="unreadable", detail=f"WARC: {exc}")


def _sgml_field(block: str, tag: str) -> str | None:
    start = re.search(rf"<{tag}>", block, re.I)
    if not start:
        return None
    # One search for the first opening and one for its closing tag: linear in the record.
    end = re.compile(rf"</{tag}>", re.I).search(block, start.end())
    if not end:
        return None
    value = block[start.end():end.start()]
    # &#3; (end of text) and friends appear in the Reuters files; unescape then drop controls.
    value = htmlmod.unescape(value)
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", value).strip() or None


def _reuters_date(raw: str | None) -> str | None:
    """``26-FEB-1987 15:01:01.79`` to ISO ``1987-02-26T15:01:01``."""
    if not raw:
        return None
    import datetime as dt

    try:
        return dt.datetime.strptime(raw.strip().split(".")[0], "%d-%b-%Y %H:%M:%S").isoformat()
    except ValueError:
        return None


def _sgml_blocks(text: str) -> Iterator[str]:
    """Each ``<REUTERS>`` record: from its start tag to ``</REUTERS>`` or, when a record is
    not closed, to the next start tag. One pass over the text (a lazy regex to the closing tag
    would rescan the rest of the file for every unclosed record: quadratic)."""
    starts = [m.start() for m in _REUTERS_START.finditer(text)]
    for i, start in enumerate(starts):
        stop = starts[i + 1] if i + 1 < len(starts) else len(text)
        close = _REUTERS_END.search(text, start, stop)
        yield text[start:close.end() if close else stop]


def read_sgml(text: str, name: str) -> Iterator[Item]:
    """Reuters-21578 ``<REUTERS>`` records: TITLE, DATE, DATELINE, BODY; origin ``name#NEWID``."""
    for number, block in enumerate(_sgml_blocks(text), start=1):
        newid = _NEWID.search(block[:300])
        origin = f"{name}#{newid.group(1) if newid else number}"
        body = _sgml_field(block, "BODY")
        if not body:
            yield Reject(origin=origin, stage="read", reason="no-body", detail="record has no BODY")
            continue
        yield RawDocument(
            origin=origin, format="sgml", content=body, title=_sgml_field(block, "TITLE"),
            published=_reuters_date(_sgml_field(block, "DATE")), source_path=name,
        )


def read_html_text(text: str, name: str) -> Iterator[Item]:
    try:
        yield extract_html(text, name, name)
    except InputError as exc:
        yield _reject(name, exc)


__all__ = ["looks_html", "read_html_text", "read_jsonl", "read_sgml", "read_warc"]
