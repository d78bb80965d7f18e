"""The paste flow: pasted text or HTML → an Article (through the readers and the cleaner,
in memory, no temporary file) → coded by the in-process coder → optionally stored."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Any

from fastapi import HTTPException

from tidings.about import __version__
from tidings.clean import CleanStep, LanguageStep
from tidings.clean.metadata import parse_dateline, split_kicker
from tidings.errors import InputError
from tidings.pipeline.base import Pipeline
from tidings.readers.html import extract_html
from tidings.records import Article, CodedArticle, Dropped
from tidings.store.writer import Batch, RunInfo, StoreWriter

PASTE_SECONDS = 30.0  # 100,000 characters code in about 12 s on a 2-core machine
HTML_START = re.compile(r"<(!doctype|html|head|body|article|div|p)\b", re.I)
ORIGIN = "pasted"


@dataclass
class PasteCoder:
    """The in-process coders for pasted text (rules, model, hybrid), each loaded on first use
    and sharing one spaCy pipeline."""

    model: str | None = None
    steps: dict[str, Any] = field(default_factory=dict, repr=False)
    timeout: float = PASTE_SECONDS
    # One coding at a time, off the event loop and off the request threads: a few large
    # pastes queue here (and are dropped after ``timeout``) instead of taking every thread.
    worker: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="paste"), repr=False)

    def code(self, article: Article, coder: str = "rules") -> CodedArticle:
        """The coded article, or 503 when coding did not finish within ``timeout`` seconds
        (waiting included)."""
        future = self.worker.submit(self._code, article, coder)
        try:
            return future.result(timeout=self.timeout)
        except FutureTimeout as exc:
            future.cancel()  # not started yet: never runs; started: ends on its own
            raise HTTPException(503, f"coding took longer than {self.timeout:.0f} s; the "
                                     "server is busy or the text is very long") from exc

    def _code(self, article: Article, coder: str) -> CodedArticle:
        if coder not in self.steps:
            from tidings.annotate.models import DEFAULT_MODEL
            from tidings.flows.code import make_step

            nlp = next(iter(self.steps.values())).nlp if self.steps else None
            self.steps[coder] = make_step(model=self.model or DEFAULT_MODEL, coder_name=coder,
                                          nlp=nlp)
        (result,) = list(self.steps[coder].run([article]))
        if not isinstance(result, CodedArticle):
            raise HTTPException(422, f"could not code the text: {result.reason} {result.detail}")
        return result


def pasted_article(text: str, title: str | None, published: str | None) -> Article:
    """The Article a paste stands for. HTML goes through the HTML reader and the cleaner
    (page chrome dropped, metadata read); plain text is taken as the body as it is, and the
    title stays apart from it. Without a date the article has none (never "today"), so its
    events are undated unless the text dates them."""
    if not HTML_START.search(text[:2000]):
        return _text_article(text.strip(), title, published)
    try:
        raw = extract_html(text, ORIGIN, ORIGIN)
    except InputError as exc:
        raise HTTPException(422, "no article text found in the HTML") from exc
    items = list(Pipeline([CleanStep(), LanguageStep(("en",))]).run([raw]))
    articles = [i for i in items if isinstance(i, Article)]
    if not articles:
        raise HTTPException(422, "no article text found in the HTML")
    article = articles[0]
    article.title = title or article.title
    article.published = published or article.published
    return article


def _text_article(text: str, title: str | None, published: str | None) -> Article:
    """Pasted plain text as it is, but with a wire dateline and a headline kicker read as
    metadata, as the cleaner does for files."""
    dropped: list[Dropped] = []
    dateline = parse_dateline(text)
    if dateline is not None:
        dropped.append(Dropped(text=dateline.text, reason="wire-dateline"))
        text = text[len(dateline.text):].strip()
        published = published or dateline.date
    kicker, title = split_kicker(title) if title else (None, title)
    if kicker:
        dropped.append(Dropped(text=f"{kicker}:", reason="kicker"))
    return Article(doc_id=Article.make_id(text), text=text, title=title, published=published,
                   section=kicker, source_path=ORIGIN, origin=ORIGIN, dropped=dropped)


def store_coded(db: str, coded: CodedArticle) -> dict[str, Any]:
    """Write one coded article (as shown to the user) to the store in one transaction."""
    writer = StoreWriter(db)
    writer.start(RunInfo(tidings_version=__version__))
    added = writer.write(Batch(coded=[coded]))
    writer.finish("complete", next((e.coder for e in coded.events), None))
    return {"articles": added["articles"], "events": added["events"]}
