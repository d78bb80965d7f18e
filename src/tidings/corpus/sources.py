"""The real news collections the annotated corpus is drawn from, as plain document texts.

The corpus keeps only standoff annotations (offsets into these texts and a hash of each
sentence), never the publishers' text, so each collection needs one deterministic way to turn
its files into document text. The build recomputes the text and refuses any sentence whose
hash no longer matches (for example after a trafilatura upgrade changes an extraction).

Collections (folder names under ``--corpora``):

- ``reuters-21578``: each ``<REUTERS>`` record's BODY, as Tidings' own SGML reader gives it.
- ``bbc-news-2225``: each ``bbc/<category>/NNN.txt`` in the tarball (headline line included).
- ``article-extraction-benchmark``: each page's ground-truth ``articleBody``.
- ``trafilatura-eval-en-news``: each page's body extracted by trafilatura.
- ``readability-test-pages-news``: each page's expected clean HTML, extracted by trafilatura.
"""

from __future__ import annotations

import gzip
import json
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tidings.readers.containers import read_sgml
from tidings.records import RawDocument

# Short prefixes keep sentence ids readable in annotation files.
PREFIX = {
    "reuters-21578": "reu",
    "bbc-news-2225": "bbc",
    "article-extraction-benchmark": "aeb",
    "trafilatura-eval-en-news": "tra",
    "readability-test-pages-news": "rdb",
}
COLLECTIONS = tuple(PREFIX)


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """One document of a collection: where it is and its text (never stored in the repo)."""

    corpus: str
    file: str  # path inside the collection folder
    doc: str  # document key within the file
    text: str
    category: str | None = None  # BBC category, Reuters topics; used for sampling only

    @property
    def key(self) -> str:
        return f"{PREFIX[self.corpus]}:{self.doc}"


def iter_documents(root: Path, corpus: str) -> Iterator[SourceDocument]:
    """Every document of one collection, in a stable order."""
    readers = {
        "reuters-21578": _reuters,
        "bbc-news-2225": _bbc,
        "article-extraction-benchmark": _extraction_benchmark,
        "trafilatura-eval-en-news": _trafilatura_eval,
        "readability-test-pages-news": _readability,
    }
    if corpus not in readers:
        raise ValueError(f"unknown collection {corpus!r}; known: {', '.join(COLLECTIONS)}")
    folder = root / corpus
    if not folder.is_dir():
        raise FileNotFoundError(f"collection folder not found: {folder}")
    yield from readers[corpus](folder)


def _reuters(folder: Path) -> Iterator[SourceDocument]:
    for path in sorted(folder.glob("reut2-*.sgm.gz")):
        text = gzip.decompress(path.read_bytes()).decode("latin-1")
        topics = _reuters_topics(text)
        for item in read_sgml(text, path.name):
            if isinstance(item, RawDocument):
                newid = item.origin.rsplit("#", 1)[1]
                yield SourceDocument("reuters-21578", path.name, newid, item.content,
                                     topics.get(newid))


def _reuters_topics(text: str) -> dict[str, str]:
    """NEWID → the record's TOPICS as a space-separated string (for sampling)."""
    import re

    found: dict[str, str] = {}
    for m in re.finditer(r'NEWID="(\d+)">(.*?)</REUTERS>', text, re.S):
        topics = re.search(r"<TOPICS>(.*?)</TOPICS>", m.group(2), re.S)
        places = re.search(r"<PLACES>(.*?)</PLACES>", m.group(2), re.S)
        words = re.findall(r"<D>(.*?)</D>", (topics.group(1) if topics else ""))
        where = re.findall(r"<D>(.*?)</D>", (places.group(1) if places else ""))
        found[m.group(1)] = " ".join(words) + " | " + " ".join(where)
    return found


def _bbc(folder: Path) -> Iterator[SourceDocument]:
    with tarfile.open(folder / "bbc-fulltext.tar.gz") as tar:
        members = sorted((m for m in tar.getmembers() if m.isfile() and m.name.endswith(".txt")
                          and m.name.count("/") == 2), key=lambda m: m.name)
        for member in members:
            handle = tar.extractfile(member)
            if handle is None:
                continue
            raw = handle.read()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("latin-1")
            _, category, name = member.name.split("/")
            yield SourceDocument("bbc-news-2225", "bbc-fulltext.tar.gz",
                                 f"{category}/{name.removesuffix('.txt')}", text, category)


def _extraction_benchmark(folder: Path) -> Iterator[SourceDocument]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    for page_id in sorted(truth):
        body = truth[page_id].get("articleBody") or ""
        if body.strip():
            yield SourceDocument("article-extraction-benchmark", "ground-truth.json",
                                 page_id[:16], body)


def _extract(html: str) -> str:
    import trafilatura

    # Fixed options: the hash check in the build catches any change of extraction.
    return trafilatura.extract(html, include_comments=False, include_tables=False,
                               favor_precision=False, deduplicate=False) or ""


def _trafilatura_eval(folder: Path) -> Iterator[SourceDocument]:
    for path in sorted((folder / "html").glob("*.gz")):
        text = _extract(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))
        if text.strip():
            yield SourceDocument("trafilatura-eval-en-news", f"html/{path.name}",
                                 path.name.removesuffix(".html.gz").removesuffix(".gz"), text)


def _readability(folder: Path) -> Iterator[SourceDocument]:
    for page in sorted(p for p in folder.iterdir() if p.is_dir()):
        expected = page / "expected.html.gz"
        if not expected.exists():
            continue
        text = _extract(gzip.decompress(expected.read_bytes()).decode("utf-8", "replace"))
        if text.strip():
            yield SourceDocument("readability-test-pages-news", f"{page.name}/expected.html.gz",
                                 page.name, text)


def load_documents(root: Path, keys: set[str]) -> dict[str, SourceDocument]:
    """The documents with these keys (``prefix:doc``), reading only the collections needed."""
    wanted = {k.split(":", 1)[0] for k in keys}
    found: dict[str, SourceDocument] = {}
    for corpus, prefix in PREFIX.items():
        if prefix not in wanted:
            continue
        for doc in iter_documents(root, corpus):
            if doc.key in keys:
                found[doc.key] = doc
    return found
