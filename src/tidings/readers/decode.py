"""Bytes to text: gzip, binary sniffing, UTF-8 with a Latin-1/cp1252 fallback."""

from __future__ import annotations

import codecs
import gzip
import io
import zlib

from tidings.errors import Errors, InputError

GZIP_MAGIC = b"\x1f\x8b"


def gunzip(data: bytes, max_bytes: int) -> bytes:
    """Decompress gzip data, stopping (too-large) once ``max_bytes`` is exceeded."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
            out = handle.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError("unreadable", Errors.E105.format(error=exc)) from exc
    if len(out) > max_bytes:
        raise InputError("too-large", Errors.E106.format(limit=max_bytes))
    return out


def looks_binary(data: bytes) -> bool:
    """True when a sample has NUL bytes or many control characters (text never does)."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(sample) // 50)


# Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one). Text
# with one is decoded as it says, before the binary sniffing (UTF-16 is full of NUL bytes).
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_text(data: bytes) -> tuple[str, str]:
    """Text and the encoding used: UTF-16/32 when a byte-order mark says so, UTF-8
    (BOM-aware), else cp1252, else Latin-1."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise InputError("decode-error", Errors.E118.format(
                    encoding=encoding, error=exc.reason)) from exc
    if looks_binary(data):
        raise InputError("binary", Errors.E107)
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def replace_surrogates(text: str) -> str:
    """``text`` with lone surrogates (a JSON ``\\ud800`` escape, say) replaced by U+FFFD, one
    character for one so offsets stay right; nothing downstream (language detection, the
    database) accepts text that is not valid Unicode."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
