"""Readers on small hand-written inputs: every format, and every kind of bad input."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tidings.flows.read import read_raw
from tidings.records import RawDocument, Reject

PARAGRAPHS = [
    "The harbour authority of Porto Velho announced on Tuesday that it would reopen the "
    "northern quay after three weeks of repairs paid for by the regional government.",
    "Officials said shipping companies had asked for the reopening since the storm damaged "
    "the cranes, and that grain exports were expected to recover before the end of the month.",
    "The transport minister met union leaders in the capital to discuss overtime pay for dock "
    "workers, who had threatened a strike if their demands were ignored again this year.",
]
PAGE = (
    "<!doctype html><html><head><title>Quay reopens in Porto Velho</title>"
    '<meta name="author" content="Ana Lima"><meta property="article:published_time" '
    'content="2024-03-05"></head><body><nav><a href="/">Home</a> | <a href="/world">World'
    "</a></nav><article><h1>Quay reopens in Porto Velho</h1>"
    + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    + "</article><footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>"
)
SGML = (
    '<!DOCTYPE lewis SYSTEM "lewis.dtd">\n<REUTERS TOPICS="YES" NEWID="42">\n'
    "<DATE> 3-MAR-1987 09:15:00.10</DATE>\n<TEXT>&#2;\n<TITLE>COFFEE TALKS RESUME IN LONDON"
    "</TITLE>\n<DATELINE>    LONDON, March 3 - </DATELINE><BODY>Coffee producers &amp; "
    "consumers resumed talks on export quotas, delegates said.\n Reuter\n&#3;</BODY></TEXT>\n"
    "</REUTERS>\n"
    '<REUTERS TOPICS="NO" NEWID="43">\n<DATE> 3-MAR-1987 10:00:00.00</DATE>\n<TEXT>&#2;\n'
    "<TITLE>NO BODY HERE</TITLE></TEXT>\n</REUTERS>\n"
)


def _read(*paths: Path, max_bytes: int = 1_000_000) -> list[RawDocument | Reject]:
    return list(read_raw([str(p) for p in paths], max_bytes=max_bytes))


def test_plain_text_file_is_one_text_document(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("\n\n".join(PARAGRAPHS), encoding="utf-8")
    [doc] = _read(path)
    assert isinstance(doc, RawDocument)
    assert doc.format == "text" and doc.origin == str(path)
    assert doc.content.startswith("The harbour authority")


def test_html_page_keeps_body_and_metadata_drops_navigation(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    [doc] = _read(path)
    assert isinstance(doc, RawDocument) and doc.format == "html"
    assert doc.title == "Quay reopens in Porto Velho"
    assert doc.published == "2024-03-05"
    assert "grain exports" in doc.content and "All rights reserved" not in doc.content
    assert "\n\n" in doc.content  # paragraphs kept


def test_jsonl_text_html_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"text": PARAGRAPHS[0], "url": "https://example.org/a", "title": "A"}),
        json.dumps({"html": PAGE, "published": "2024-03-06"}),
        "{not json",
        json.dumps({"body": "no text field"}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    items = _read(path)
    assert [type(i).__name__ for i in items] == ["RawDocument", "RawDocument", "Reject", "Reject"]
    first, second = items[0], items[1]
    assert isinstance(first, RawDocument) and first.url == "https://example.org/a"
    assert isinstance(second, RawDocument) and second.published == "2024-03-06"
    assert [i.origin for i in items] == [f"{path}#{n}" for n in (1, 2, 3, 4)]
    assert {i.reason for i in items if isinstance(i, Reject)} == {"bad-record"}


def test_warc_responses_are_extracted(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record("https://example.org/quay", "response",
                                           payload=io.BytesIO(PAGE.encode()), http_headers=headers)
        writer.write_record(record)
    [doc] = _read(path)
    assert isinstance(doc, RawDocument) and doc.url == "https://example.org/quay"
    assert doc.origin == f"{path}#1" and "northern quay" in doc.content


def test_reuters_sgml_records(tmp_path: Path) -> None:
    path = tmp_path / "reut2-999.sgm"
    path.write_bytes(SGML.encode("latin-1") + b"\xfc")  # a stray non-UTF-8 byte
    doc, reject = _read(path)
    assert isinstance(doc, RawDocument) and doc.format == "sgml"
    assert doc.origin == f"{path}#42" and doc.title == "COFFEE TALKS RESUME IN LONDON"
    assert doc.published == "1987-03-03T09:15:00"
    assert "producers & consumers" in doc.content and "\x03" not in doc.content
    assert isinstance(reject, Reject) and reject.reason == "no-body"


def test_gzip_of_text_and_directory_order_is_stable(tmp_path: Path) -> None:
    (tmp_path / "b.txt.gz").write_bytes(gzip.compress(PARAGRAPHS[1].encode()))
    (tmp_path / "a.txt").write_text(PARAGRAPHS[0], encoding="utf-8")
    first = [i.origin for i in _read(tmp_path)]
    assert first == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt.gz")]
    assert [i.origin for i in _read(tmp_path)] == first


def test_bad_inputs_become_rejects_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "1-empty.txt").write_bytes(b"  \n")
    (tmp_path / "2-junk.bin").write_bytes(bytes(range(256)) * 2)
    (tmp_path / "3-big.txt").write_text("word " * 400, encoding="utf-8")
    (tmp_path / "4-latin.txt").write_bytes("Caf\xe9 talks in S\xe3o Paulo.".encode("latin-1"))
    items = _read(tmp_path, tmp_path / "missing.txt", max_bytes=1000)
    reasons = [i.reason if isinstance(i, Reject) else "doc" for i in items]
    assert reasons == ["empty", "binary", "too-large", "doc", "unreadable"]
    latin = items[3]
    assert isinstance(latin, RawDocument) and "Café" in latin.content


def test_rank_and_world_size_split_sources(tmp_path: Path) -> None:
    for n in range(4):
        (tmp_path / f"{n}.txt").write_text(PARAGRAPHS[n % 3], encoding="utf-8")
    shares = [list(read_raw([str(tmp_path)], rank=r, world_size=2)) for r in (0, 1)]
    origins = sorted(i.origin for share in shares for i in share)
    assert len(shares[0]) == 2 and origins == sorted(i.origin for i in _read(tmp_path))
