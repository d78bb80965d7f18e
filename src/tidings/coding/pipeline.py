"""Coding as pipeline steps: parse → resolve actors → code events, one article at a time.

``code_articles`` is what ``tidings code`` and ``tidings ingest`` run; ``CodeStep`` is the
same work as a :class:`~tidings.pipeline.base.Step`, so an article that fails to parse or code
becomes a :class:`~tidings.records.Reject` with its reason and the batch goes on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from spacy.language import Language

from tidings.actors.kb import KnowledgeBase
from tidings.actors.resolver import ActorResolver
from tidings.annotate import annotate
from tidings.coding.base import EventCoder
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
            mentions = self.resolver.resolve(annotated)
            events = self.coder.code(annotated, mentions) if self.coder else []
            yield CodedArticle(article=record, sentences=annotated.sentences,
                               mentions=mentions, events=events)


def make_step(*, model: str = DEFAULT_MODEL, kb_paths: Sequence[str | Path] = (),
              lexicon_paths: Sequence[str | Path] = (), coder: EventCoder | None = None,
              events: bool = True, nlp: Language | None = None,
              batch_size: int = 32) -> CodeStep:
    """A ready CodeStep: loads the spaCy pipeline ``model`` and the knowledge base."""
    kb = KnowledgeBase.load(kb_paths)
    if coder is None and events:
        coder = RuleCoder.load(kb_paths, lexicon_paths)
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
