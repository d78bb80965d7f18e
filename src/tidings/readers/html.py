"""HTML pages to text + metadata with trafilatura (main text, paragraphs kept).

Every page has a budget, so no single page can hold up a run (lxml is quadratic in the
attributes of one tag, and trafilatura takes about 0.3 ms and 2 KB per element): pages over
``MAX_TAGS`` tags or with a tag of more than ``MAX_ATTRIBUTES`` attributes are refused
(``too-complex``) after a linear scan, before any parsing; pages over ``FORK_TAGS`` tags are
parsed in a forked child that is killed after ``PARSE_SECONDS``.
"""

from __future__ import annotations

import json
import multiprocessing
import re
from multiprocessing.connection import Connection

import trafilatura

from tidings.errors import Errors, InputError
from tidings.records import RawDocument

MAX_TAGS = 50_000  # a long news page has a few thousand
MAX_ATTRIBUTES = 1_000
FORK_TAGS = 5_000
PARSE_SECONDS = 10.0
# A tag long enough to hold MAX_ATTRIBUTES attributes (each at least "a=1 "); only such tags
# are counted, and [^<>] cannot backtrack past the next "<", so the scan is linear.
_LONG_TAG = re.compile(rf"<[^<>]{{{4 * MAX_ATTRIBUTES},}}")
_ATTRIBUTE = re.compile(r"""\s[^\s"'<>/=]+\s*=""")


def check_budget(html: str) -> int:
    """The page's tag count, or ``too-complex`` when it is over the budget."""
    tags = html.count("<")
    if tags > MAX_TAGS:
        raise InputError("too-complex", Errors.E117.format(what=f"{tags:,} tags",
                                                           limit=MAX_TAGS))
    for match in _LONG_TAG.finditer(html):
        attributes = len(_ATTRIBUTE.findall(match.group(0)))
        if attributes > MAX_ATTRIBUTES:
            raise InputError("too-complex", Errors.E117.format(
                what=f"a tag with {attributes:,} attributes", limit=MAX_ATTRIBUTES))
    return tags


def _trafilatura(html: str, url: str | None) -> str | None:
    result: str | None = trafilatura.extract(
        html, url=url, output_format="json", with_metadata=True, include_comments=False,
        include_tables=False, favor_precision=True,
    )
    return result


def _child(conn: Connection, html: str, url: str | None) -> None:
    try:
        conn.send(_trafilatura(html, url))
    finally:
        conn.close()


def _extract_in_child(html: str, url: str | None, seconds: float) -> str | None:
    """trafilatura in a forked child, killed after ``seconds`` (a thread cannot be stopped
    inside lxml). A daemon process (a pool worker) may not fork: it parses in place, within
    the tag budget."""
    if multiprocessing.current_process().daemon:
        return _trafilatura(html, url)
    ctx = multiprocessing.get_context("fork")
    ours, theirs = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(theirs, html, url), daemon=True)
    child.start()
    theirs.close()
    try:
        if not ours.poll(seconds):
            raise InputError("too-complex", Errors.E119.format(seconds=seconds))
        result: str | None = ours.recv()
        return result
    except EOFError as exc:  # the child died (out of memory, killed)
        raise InputError("too-complex", Errors.E119.format(seconds=seconds)) from exc
    finally:
        ours.close()
        if child.is_alive():
            child.kill()
        child.join()


def extract_html(html: str, origin: str, source_path: str | None, url: str | None = None
                 ) -> RawDocument:
    """Main text and metadata of one page; ``no-body`` when trafilatura finds no article
    text, ``too-complex`` when the page is over its budget (see the module's docstring)."""
    if check_budget(html) > FORK_TAGS:
        result = _extract_in_child(html, url, PARSE_SECONDS)
    else:
        result = _trafilatura(html, url)
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
