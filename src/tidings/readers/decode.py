"""Bytes to text: gzip, binary sniffing, UTF-8 with a Latin-1/cp1252 fallback."""

from __future__ import annotations

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


def decode_text(data: bytes) -> tuple[str, str]:
    """Text and the encoding used: UTF-8 (BOM-aware), else cp1252, else Latin-1 (never fails)."""
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
