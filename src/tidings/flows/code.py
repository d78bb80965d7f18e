"""Coding as pipeline steps: parse → resolve actors → code events, one article at a time.

``code_articles`` is what ``tidings code`` and ``tidings ingest`` run; ``CodeStep`` is the
same work as a :class:`~tidings.pipeline.base.Step`, so an article that fails to parse or code
becomes a :class:`~tidings.records.Reject` with its reason and the batch goes on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from spacy.language import Language

from tidings.actors.kb import KnowledgeBase
from tidings.actors.resolver import ActorResolver
from tidings.annotate import AnnotatedArticle, annotate
from tidings.coding.base import EventCoder
from tidings.coding.lexicon import load_lexicon
from tidings.coding.rules import RuleCoder
from tidings.nlp import DEFAULT_MODEL, load_pipeline
from tidings.pipeline.base import Step
from tidings.records import Article, CodedArticle, Reject


class CodeStep(Step):
    """Article → CodedArticle (sentences, resolved mentions, events)."""

    name = "code"

    def __init__(self, nlp: Language, resolver: ActorResolver, coder: EventCoder | None,
                 batch_size: int = 32) -> None:
        self.nlp = nlp
        self.resolver = resolver
        self.coder = coder
        self.batch_size = batch_size

    def process(self, record: Article) -> Iterable[CodedArticle]:
        if record.duplicate_of:
            yield CodedArticle(article=record)  # copies are kept but never coded
            return
        for annotated in annotate(self.nlp, [record], batch_size=self.batch_size):
            yield self._finish(annotated)

    def _finish(self, annotated: AnnotatedArticle) -> CodedArticle:
        mentions = self.resolver.resolve(annotated)
        events = self.coder.code(annotated, mentions) if self.coder else []
        return CodedArticle(article=annotated.article, sentences=annotated.sentences,
                            mentions=mentions, events=events)

    def run(self, data: Iterable[Any], rank: int = 0, world_size: int = 1) -> Iterator[Any]:
        """Parse ``batch_size`` articles per ``nlp.pipe`` call (much faster for short news);
        if anything in a batch fails, redo it one article at a time so only the bad article
        becomes a reject."""
        batch: list[Any] = []
        for record in data:
            batch.append(record)
            if len(batch) >= self.batch_size:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    def _batch(self, batch: list[Any]) -> Iterator[Any]:
        todo = [r for r in batch if isinstance(r, Article) and not r.duplicate_of]
        try:
            done = {id(a.article): self._finish(a)
                    for a in annotate(self.nlp, todo, batch_size=self.batch_size)}
        except Exception:  # noqa: BLE001 - fall back to per-article handling below
            yield from super().run(batch)
            return
        for record in batch:
            if isinstance(record, Article) and id(record) in done:
                yield done[id(record)]
            else:
                yield from super().run([record])


def make_step(*, model: str = DEFAULT_MODEL, kb_paths: Sequence[str | Path] = (),
              lexicon_paths: Sequence[str | Path] = (), coder: EventCoder | None = None,
              events: bool = True, nlp: Language | None = None,
              batch_size: int = 32) -> CodeStep:
    """A ready CodeStep: loads the spaCy pipeline ``model`` and the knowledge base."""
    kb = KnowledgeBase.load(kb_paths)
    if coder is None and events:
        coder = RuleCoder(kb, load_lexicon(lexicon_paths))  # the same KB, loaded once
    return CodeStep(nlp or load_pipeline(model), ActorResolver(kb), coder if events else None,
                    batch_size=batch_size)


def code_articles(articles: Iterable[Article | Reject], *, model: str = DEFAULT_MODEL,
                  kb_paths: Sequence[str | Path] = (), lexicon_paths: Sequence[str | Path] = (),
                  coder: EventCoder | None = None, events: bool = True,
                  nlp: Language | None = None,
                  batch_size: int = 32) -> Iterator[CodedArticle | Reject]:
    """Code a stream of articles. Rejects pass through; failures become rejects."""
    step = make_step(model=model, kb_paths=kb_paths, lexicon_paths=lexicon_paths,
                     coder=coder, events=events, nlp=nlp, batch_size=batch_size)
    return step.run(articles)
