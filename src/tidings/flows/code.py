"""The coding flow: parse → resolve actors → code events, one article at a time.

``code_articles`` is what ``tidings code`` and ``tidings ingest`` run; ``CodeStep`` is the
same work as a :class:`~tidings.pipeline.base.Step`, so an article that fails to parse or code
becomes a :class:`~tidings.records.Reject` with its reason and the batch goes on.
``CodeConfig`` says what a worker codes with; ``CodeRunner`` runs it where
``tidings.flows.parallel`` decides (in process, a process pool, Dask).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from spacy.language import Language

from tidings.actors.kb import KnowledgeBase
from tidings.actors.resolver import ActorResolver
from tidings.annotate import AnnotatedArticle, annotate
from tidings.annotate.filter import Cue, SentenceFilter
from tidings.annotate.models import DEFAULT_MODEL, load_model
from tidings.coding.base import EventCoder
from tidings.coding.coders import DEFAULT_CODER, make_coder
from tidings.coding.lexicon import Lexicon, load_lexicon
from tidings.coding.rules import OBLIGATION, SPEECH, RuleCoder
from tidings.flows.parallel import ChunkStep, ParallelRunner, chunked
from tidings.pipeline.base import Step
from tidings.records import Article, CodedArticle, Reject
from tidings.store.parts import write_part

CodeFn = Callable[[Iterable[Article]], Iterable[CodedArticle | Reject]]
# Sentences parsed at the start of every text of an article with an event sentence, whatever
# the filter says: they name the actors that pronouns, surnames and "the government" in later
# sentences refer to (1,000 Reuters stories, benchmarks/sentence_filter.py: events lost
# against the full parse 3.8% with none, 0.87% with two). Later sentences that name a KB
# actor are parsed too (``KnowledgeBase.names_an_actor``): the countries named so far and
# the article's focus count them (lost 1.26% -> 0 with them, 4% more sentences parsed).
LEAD_SENTENCES = 2


class CodeStep(Step):
    """Article → CodedArticle (sentences, resolved mentions, events)."""

    name = "code"

    def __init__(self, nlp: Language, resolver: ActorResolver, coder: EventCoder | None,
                 batch_size: int = 32, keep: SentenceFilter | None = None) -> None:
        self.nlp = nlp
        self.resolver = resolver
        self.coder = coder
        self.batch_size = batch_size
        self.keep = keep  # parse only the sentences it keeps (None: every sentence)

    def process(self, record: Article) -> Iterable[CodedArticle]:
        if record.duplicate_of:
            yield CodedArticle(article=record)  # copies are kept but never coded
            return
        for annotated in annotate(self.nlp, [record], batch_size=self.batch_size,
                                  keep=self.keep):
            yield self._finish(annotated)

    def _finish(self, annotated: AnnotatedArticle) -> CodedArticle:
        mentions = self.resolver.resolve(annotated)
        events = self.coder.code(annotated, mentions) if self.coder else []
        return CodedArticle(article=annotated.article, sentences=annotated.sentences,
                            mentions=mentions, events=events,
                            skipped_sentences=annotated.skipped)

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
                    for a in annotate(self.nlp, todo, batch_size=self.batch_size,
                                      keep=self.keep)}
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
              batch_size: int = 32, coder_name: str = DEFAULT_CODER,
              min_confidence: float = 0.0, skip_sentences: bool = True) -> CodeStep:
    """A ready CodeStep: loads the spaCy pipeline ``model`` and the knowledge base; codes with
    ``coder``, else the coder called ``coder_name`` (rules, model, hybrid).

    With ``skip_sentences`` and the rule coder, only sentences that can hold one of its
    events are parsed (``rule_cues``); other coders, and actor-only runs, parse everything.
    """
    kb = KnowledgeBase.load(kb_paths)
    nlp = nlp or load_model(model)
    keep = None
    if coder is None and events:  # the same KB, loaded once
        lexicon = load_lexicon(lexicon_paths)
        coder = make_coder(coder_name, kb, lexicon, min_confidence=min_confidence)
        if skip_sentences and coder_name == "rules":
            keep = SentenceFilter.for_cues(rule_cues(lexicon), nlp, lead=LEAD_SENTENCES,
                                           context=kb.names_an_actor,
                                           could_code=coder.could_code
                                           if isinstance(coder, RuleCoder) else None)
    return CodeStep(nlp, ActorResolver(kb), coder if events else None,
                    batch_size=batch_size, keep=keep)


def rule_cues(lexicon: Lexicon) -> list[Cue]:
    """What a sentence must hold for the rule coder to find an event in it: a lexicon entry's
    lemma with its required dependents and one of its object words, a speech verb with
    "must"/"should" (the "X said Y must ..." construction), or "want" with "to" ("X wants Y
    to ...")."""
    cues = [Cue(t.lemma, tuple(frozenset({w}) for w in t.requires)
                + ((t.with_,) if t.with_ else ())) for t in lexicon.entries]
    return cues + [Cue(verb, (OBLIGATION,)) for verb in sorted(SPEECH)] \
        + [Cue("want", (frozenset({"to"}),))]


def code_articles(articles: Iterable[Article | Reject], *, model: str = DEFAULT_MODEL,
                  kb_paths: Sequence[str | Path] = (), lexicon_paths: Sequence[str | Path] = (),
                  coder: EventCoder | None = None, events: bool = True,
                  nlp: Language | None = None, batch_size: int = 32,
                  coder_name: str = DEFAULT_CODER, min_confidence: float = 0.0,
                  skip_sentences: bool = True) -> Iterator[CodedArticle | Reject]:
    """Code a stream of articles. Rejects pass through; failures become rejects."""
    step = make_step(model=model, kb_paths=kb_paths, lexicon_paths=lexicon_paths,
                     coder=coder, events=events, nlp=nlp, batch_size=batch_size,
                     coder_name=coder_name, min_confidence=min_confidence,
                     skip_sentences=skip_sentences)
    return step.run(articles)


def default_code(**options: Any) -> CodeFn:
    """``code_articles`` with ``options`` (model=, kb_paths=...), as ``ingest``'s ``code=``."""
    return lambda articles: code_articles(articles, **options)


@dataclass(frozen=True)
class CodeConfig:
    """Everything a worker needs to build its coding step (picklable, hashable); calling it
    builds the step (``tidings.flows.parallel`` calls it once per worker process)."""

    model: str = DEFAULT_MODEL
    kb_paths: tuple[str, ...] = ()
    lexicon_paths: tuple[str, ...] = ()
    batch_size: int = 32
    events: bool = True
    # "module:function" returning a CodeStep-like object (tests, custom coders); None = default
    factory: str | None = None
    # Write each chunk's events as a Parquet part here (on the worker); see write_part.
    parts_dir: str | None = None
    part_size: int = 16
    coder: str = DEFAULT_CODER  # rules, model or hybrid
    min_confidence: float = 0.0
    skip_sentences: bool = True  # parse only sentences that can hold an event (rules)

    def __call__(self) -> ChunkStep:
        if self.factory:
            module, _, name = self.factory.partition(":")
            step = getattr(__import__(module, fromlist=[name]), name)(self)
        else:
            step = make_step(model=self.model, kb_paths=self.kb_paths,
                             lexicon_paths=self.lexicon_paths, events=self.events,
                             batch_size=self.batch_size, coder_name=self.coder,
                             min_confidence=self.min_confidence,
                             skip_sentences=self.skip_sentences)
        return PartWriter(step, Path(self.parts_dir), self.part_size) if self.parts_dir \
            else step


@dataclass
class PartWriter:
    """Codes ``size`` items at a time and writes each chunk's events as a Parquet part."""

    step: ChunkStep
    directory: Path
    size: int

    def run(self, data: Iterable[Any], rank: int = 0, world_size: int = 1) -> Iterator[Any]:
        for chunk in chunked(data, self.size):
            results = list(self.step.run(chunk))
            write_part(self.directory, chunk, results)
            yield from results


@dataclass
class CodeRunner:
    """The coding step on ``workers`` processes of ``engine`` (see ``ParallelRunner``)."""

    config: CodeConfig = field(default_factory=CodeConfig)
    workers: int = 1
    engine: str = "local"
    scheduler: str | None = None
    chunk_size: int = 16
    retries: int = 2
    runner: ParallelRunner = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # A part per executor chunk, so a parallel run writes the parts a single one does.
        factory = replace(self.config, part_size=self.chunk_size)
        self.runner = ParallelRunner(factory, workers=self.workers, engine=self.engine,
                                     scheduler=self.scheduler, chunk_size=self.chunk_size,
                                     retries=self.retries)

    def __enter__(self) -> CodeRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.runner.close()

    def close(self) -> None:
        self.runner.close()

    def __call__(self, items: Iterable[Article | Reject]) -> Iterator[CodedArticle | Reject]:
        return self.runner(items)


def make_code_runner(*, model: str = DEFAULT_MODEL, kb_paths: Sequence[str | Path] = (),
               lexicon_paths: Sequence[str | Path] = (), workers: int = 1,
               engine: str = "local", scheduler: str | None = None,
               events: bool = True, parts_dir: str | Path | None = None,
               coder: str = DEFAULT_CODER, min_confidence: float = 0.0,
               skip_sentences: bool = True) -> CodeRunner:
    """A ``CodeRunner`` for the CLI's options."""
    config = CodeConfig(model=model, kb_paths=tuple(str(p) for p in kb_paths),
                        lexicon_paths=tuple(str(p) for p in lexicon_paths), events=events,
                        parts_dir=str(parts_dir) if parts_dir else None, coder=coder,
                        min_confidence=min_confidence, skip_sentences=skip_sentences)
    return CodeRunner(config=config, workers=workers, engine=engine, scheduler=scheduler)
