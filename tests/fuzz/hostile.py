"""Hostile inputs for the fuzz suite (``test_fuzz_ingest.py``) and its benchmark
(``benchmarks/fuzz_ingest.py``): files an attacker or a careless user drops into a news folder,
each with the reject reasons it may leave, mixed with good articles that must come through.

``scale`` multiplies the sizes (1 for CI, larger for the benchmark). Every text here is written
for these tests.
"""

from __future__ import annotations

import gzip
import io
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

GOOD = [
    "Officials in the port city of Valdora said on Monday that the harbour would reopen next "
    "week after repairs to the northern quay were finished ahead of schedule.",
    "The agriculture ministry announced on Tuesday that farmers in the southern valleys would "
    "receive seed and fuel subsidies before the planting season begins in April.",
    "Teachers in the capital ended a two-week strike on Wednesday after the city council "
    "agreed to raise salaries and hire more staff for overcrowded schools.",
    "The national railway company said on Thursday that a new line linking the two largest "
    "cities would carry its first passengers in the autumn, a year later than planned.",
]
ANY = ("empty", "too-complex", "bad-record", "unreadable", "no-body", "not-a-file",
       "binary", "decode-error", "too-large", "not-english", "unsupported-format")


@dataclass(frozen=True)
class Hostile:
    """One hostile input: its file name, how to make it, and the reasons its rejects may have
    (an input that may also give a document lists ``None``)."""

    name: str
    make: Callable[[Path, int], None]
    reasons: tuple[str | None, ...]


def _write(text: str | bytes) -> Callable[[Path, int], None]:
    def make(path: Path, scale: int) -> None:
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        path.write_bytes(data)
    return make


def _nested(opening: str, depth: int) -> Callable[[Path, int], None]:
    return lambda p, s: p.write_text(opening * depth * s + "\n", encoding="utf-8")


def _attributes(path: Path, scale: int) -> None:
    attrs = " ".join(f"a{i}=1" for i in range(300_000 * scale))
    path.write_text(f"<html><body><p {attrs}>x</p><p>{GOOD[0]}</p></body></html>")


def _many_tags(path: Path, scale: int) -> None:
    path.write_text("<html><body>" + "<i>x</i>" * (200_000 * scale) + "</body></html>")


def _unclosed_reuters(path: Path, scale: int) -> None:
    path.write_text('<REUTERS NEWID="7"><BODY>word</BODY>\n' * (2_000 * scale))


def _huge_line(path: Path, scale: int) -> None:
    path.write_text("word " * (1_000_000 * scale))


def _truncated_gzip(path: Path, scale: int) -> None:
    data = gzip.compress(os.urandom(4000) + GOOD[1].encode() * 50)
    path.write_bytes(data[: len(data) // 2])


def _warc(html: bytes | None, ctype: str = "text/html") -> Callable[[Path, int], None]:
    def make(path: Path, scale: int) -> None:
        out = io.BytesIO()
        writer = WARCWriter(out, gzip=True)
        if html is not None:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.0")
            writer.write_record(writer.create_warc_record(
                "https://example.org/a", "response", payload=io.BytesIO(html),
                http_headers=headers))
        path.write_bytes(out.getvalue())
    return make


def _truncated_warc(path: Path, scale: int) -> None:
    _warc(f"<html><body><p>{GOOD[2]}</p></body></html>".encode())(path, scale)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])


def _mixed_encodings(path: Path, scale: int) -> None:
    path.write_bytes(GOOD[3].encode("utf-8") + " caf\xe9 ".encode("latin-1")
                     + "\u00e9t\u00e9".encode("utf-16"))


def _links(path: Path, scale: int) -> None:
    path.mkdir()
    (path / "loop-a").symlink_to("loop-b")
    (path / "loop-b").symlink_to("loop-a")
    (path / "dangling").symlink_to("nowhere")
    (path / "zeros").symlink_to("/dev/zero")
    os.mkfifo(path / "pipe")


HOSTILE = [
    Hostile("deep-arrays.jsonl", _nested("[", 200_000), ("too-complex",)),
    Hostile("deep-objects.jsonl", _nested('{"a":', 100_000), ("too-complex",)),
    Hostile("ten-k-levels.jsonl", _nested("[", 10_000), ("too-complex", "bad-record")),
    Hostile("big-number.jsonl", _write('{"text": ' + "7" * 100_000 + "}\n"), ("too-complex",)),
    Hostile("surrogates.jsonl", _write('{"text": "' + GOOD[0] + ' \\ud800 end"}\n'),
            (None,)),
    Hostile("attributes.html", _attributes, ("too-complex",)),
    Hostile("many-tags.html", _many_tags, ("too-complex",)),
    Hostile("deep.html", _write("<html><body>" + "<div>" * 10_000 + "x" + "</div>" * 10_000
                                + "</body></html>"), ("no-body", "too-complex")),
    Hostile("unclosed.sgm", _unclosed_reuters, ("no-body", "empty", None)),
    Hostile("no-records.sgm", _write("<!DOCTYPE lewis>\n<TEXT>nothing here</TEXT>\n"),
            ("empty", "no-body", None)),
    Hostile("huge-line.txt", _huge_line, (None, "no-body", "not-english", "too-large")),
    Hostile("truncated.txt.gz", _truncated_gzip, ("unreadable",)),
    Hostile("empty.warc", _write(b""), ("empty",)),
    Hostile("not-html.warc.gz", _warc(b"%PDF-1.4 binary", "application/pdf"), ("empty",)),
    Hostile("truncated.warc.gz", _truncated_warc, ("unreadable", "empty", None)),
    Hostile("mixed.txt", _mixed_encodings, ("binary", None)),
    Hostile("utf16-bom.txt", _write(GOOD[1].encode("utf-16")), (None,)),
    Hostile("utf32-bom.txt", _write(GOOD[2].encode("utf-32")), (None,)),
    Hostile("bad-utf16.txt", _write(b"\xff\xfe" + b"\x00\xd8" * 3), ("decode-error",)),
    Hostile("zeros.bin", _write(b"\x00" * 4096), ("binary",)),
    Hostile("links", _links, ("not-a-file",)),
    Hostile("name-\udcff\udcfe.txt", _write(GOOD[3].replace("Thursday", "Friday")), (None,)),
]


SYLLABLES = ("va", "lor", "ben", "ti", "sar", "mun", "del", "ko", "ra", "zen", "pol", "is")
TEMPLATES = (
    "Officials in {a} said on Monday that the harbour at {b} would reopen next week after "
    "repairs to the northern quay were finished.",
    "The governor of {a} met farmers from {b} on Tuesday and promised seed and fuel before "
    "the planting season in {c}.",
    "Teachers in {a} ended their strike after the council of {b} agreed to raise salaries "
    "and hire staff for schools in {c}.",
    "The railway company of {a} said a new line to {b} would carry its first passengers "
    "through {c} in the autumn.",
)


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()


def good_article(rng: random.Random) -> str:
    """A short article of three sentences whose invented place names make it unlike any
    other (so the near-duplicate check keeps every one)."""
    return " ".join(t.format(a=_name(rng), b=_name(rng), c=_name(rng))
                    for t in rng.sample(TEMPLATES, 3))


def make_corpus(folder: Path, scale: int = 1, good: int = 8) -> list[str]:
    """Write every hostile input and ``good`` good articles into ``folder``; returns the
    good articles' texts."""
    folder.mkdir(parents=True, exist_ok=True)
    for hostile in HOSTILE:
        hostile.make(folder / hostile.name, scale)
    rng = random.Random(17)
    texts = [good_article(rng) for _ in range(good)]
    for n, text in enumerate(texts):
        (folder / f"good-{n:05d}.txt").write_text(text, encoding="utf-8")
    return texts
