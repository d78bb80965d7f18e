"""HTML pages to text + metadata with trafilatura (main text, paragraphs kept)."""

from __future__ import annotations

import json

import trafilatura

from tidings.errors import Errors, InputError
from tidings.records import RawDocument


def extract_html(html: str, origin: str, source_path: str | None, url: str | None = None
                 ) -> RawDocument:
    """Main text and metadata of one page; ``no-body`` when trafilatura finds no article text."""
    result = trafilatura.extract(
        html, url=url, output_format="json", with_metadata=True, include_comments=False,
        include_tables=False, favor_precision=True,
    )
    if not result:
        raise InputError("no-body", Errors.E110)
    data = json.loads(result)
    text = "\n\n".join(line.strip() for line in (data.get("text") or "").splitlines()
                       if line.strip())
    if not text:
        raise InputError("no-body", Errors.E110)
    return RawDocument(
        origin=origin, format="html", content=text, url=url or data.get("source") or None,
        title=data.get("title") or None, published=data.get("date") or None,
        author=data.get("author") or None, section=data.get("categories") or None,
        source_path=source_path,
    )


def looks_html(text: str) -> bool:
    """An HTML document by its first bytes (doctype or html/head/body tags)."""
    head = text.lstrip()[:2048].lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head or "<head" in head
