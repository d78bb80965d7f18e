"""Training examples from the annotated corpus: each labelled sentence parsed as a
one-sentence article, its actors resolved, and its gold spans aligned to trigger tokens and
role candidates by character overlap. Model-free (the encoder runs later), so alignment is
unit-tested on its own.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Span, Token

from tidings.actors.resolver import ActorResolver
from tidings.annotate import AnnotatedArticle, annotate
from tidings.coding.base import EventCoder
from tidings.coding.model.candidates import (
    Candidate,
    head_token,
    role_candidates,
    trigger_tokens,
)
from tidings.coding.model.features import RuleHints, rule_hints
from tidings.corpus.records import EventLabel, LabelledSentence
from tidings.corpus.records import Span as GoldSpan
from tidings.records import Article, Mention


@dataclass
class GoldEvent:
    """An annotated event of one parsed sentence: its trigger token and candidate indices
    (``None`` when the annotation has no such role or no candidate overlaps it)."""

    label: EventLabel
    trigger: Token | None
    source: int | None
    target: int | None


@dataclass
class Example:
    """One spaCy sentence of a labelled sentence, ready for featurizing."""

    sentence: LabelledSentence
    annotated: AnnotatedArticle
    mentions: list[Mention]
    span: Span
    tokens: list[Token]
    candidates: list[Candidate]
    hints: RuleHints
    events: list[GoldEvent] = field(default_factory=list)


def parse_examples(sentences: Sequence[LabelledSentence], nlp: Language,
                   resolver: ActorResolver, rules: EventCoder,
                   batch_size: int = 64) -> Iterator[Example]:
    """Examples of every spaCy sentence (a labelled sentence may parse as two), with what
    the rule coder found in it."""
    articles = [Article(doc_id=s.id, text=s.text) for s in sentences]
    for labelled, annotated in zip(sentences, annotate(nlp, articles, batch_size=batch_size),
                                   strict=True):
        mentions = resolver.resolve(annotated)
        found = rules.code(annotated, mentions)
        for sentence, span in zip(annotated.sentences, annotated.spans, strict=True):
            cands = role_candidates(span, mentions)
            example = Example(labelled, annotated, mentions, span, trigger_tokens(span), cands,
                              rule_hints(found, span, sentence.kind))
            example.events = [align(e, span, example.tokens, cands) for e in labelled.events
                              if span.start_char <= e.trigger.start < span.end_char]
            yield example


def align(label: EventLabel, span: Span, tokens: Sequence[Token],
          cands: Sequence[Candidate]) -> GoldEvent:
    return GoldEvent(label, trigger_token(label.trigger, span, tokens),
                     best_candidate(label.source, cands), best_candidate(label.target, cands))


def trigger_token(gold: GoldSpan, span: Span, tokens: Sequence[Token]) -> Token | None:
    """The trigger candidate standing for a gold trigger span: the syntactic head of the
    tokens it covers when that is a candidate, else the first covered candidate."""
    covered = [t for t in span if t.idx < gold.end and gold.start < t.idx + len(t.text)]
    if not covered:
        return None
    head = head_token(span, covered[0].i, covered[-1].i + 1)
    ids = {t.i for t in tokens}
    if head.i in ids:
        return head
    return next((t for t in covered if t.i in ids), None)


def best_candidate(gold: GoldSpan | None, cands: Sequence[Candidate]) -> int | None:
    """The candidate overlapping a gold role span most (by characters), if any."""
    if gold is None:
        return None
    best, best_overlap = None, 0
    for i, c in enumerate(cands):
        overlap = min(gold.end, c.char_end) - max(gold.start, c.char_start)
        if overlap > best_overlap:
            best, best_overlap = i, overlap
    return best
