"""What the learned coder scores: trigger tokens and the phrases that can fill a role.

A sentence's *role candidates* are the actor mentions the resolver found in it (resolved or
not) plus the noun chunks no mention covers, so a role can go to a phrase the knowledge base
does not know ("a farmers' union"). *Trigger candidates* are its content words. Both are plain
records over spaCy tokens; nothing here needs the model, so it is unit-tested on hand-built
documents.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from tidings.records import Mention

TRIGGER_POS = frozenset({"VERB", "NOUN", "PROPN", "ADJ", "AUX"})
# Dependency labels of a candidate's head that say how it hangs on the trigger (one feature
# each); the rest fall into "other".
ROLE_DEPS = ("nsubj", "nsubjpass", "dobj", "pobj", "agent", "poss", "compound", "conj",
             "appos", "dative", "attr", "npadvmod", "amod")
# Prepositions whose object is often a target ("to", "with", "against") or a source ("by").
ROLE_PREPS = ("to", "with", "against", "by", "from", "on", "of", "for", "in", "at", "between")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A phrase that can be an event's source or target: token range in its ``Doc``,
    character range in the article part, and the resolver's mention when there is one."""

    start: int  # first token (doc index)
    end: int  # one past the last token
    char_start: int
    char_end: int
    text: str
    mention: Mention | None

    @property
    def has_country(self) -> bool:
        return bool(self.mention and self.mention.actor and self.mention.actor.country)


def trigger_tokens(span: Span) -> list[Token]:
    """The tokens of a sentence that may name an event (content words, not punctuation)."""
    return [t for t in span if t.pos_ in TRIGGER_POS and t.text.strip() and not t.is_punct]


def role_candidates(span: Span, mentions: list[Mention]) -> list[Candidate]:
    """Mentions inside the sentence (one per character range), then the noun chunks that no
    mention overlaps, in text order. ``mentions`` are those of the sentence's ``Doc``."""
    doc = span.doc
    found: dict[tuple[int, int], Candidate] = {}
    for m in mentions:
        if not span.start_char <= m.start < span.end_char or (m.start, m.end) in found:
            continue
        tokens = doc.char_span(m.start, m.end, alignment_mode="expand")
        if tokens is None or len(tokens) == 0:
            continue
        found[(m.start, m.end)] = Candidate(tokens.start, tokens.end, m.start, m.end, m.text, m)
    taken = {i for c in found.values() for i in range(c.start, c.end)}
    for chunk in _noun_chunks(span):
        if any(i in taken for i in range(chunk.start, chunk.end)):
            continue
        found[(chunk.start_char, chunk.end_char)] = Candidate(
            chunk.start, chunk.end, chunk.start_char, chunk.end_char, chunk.text, None)
        taken.update(range(chunk.start, chunk.end))
    return sorted(found.values(), key=lambda c: c.start)


def _noun_chunks(span: Span) -> list[Span]:
    """Noun chunks of the sentence without leading determiners' punctuation; pronouns too
    ("they" can be a source when the resolver did not place it)."""
    try:
        chunks = list(span.noun_chunks)
    except ValueError:  # no parser in the pipeline: whole nouns and proper nouns only
        chunks = [span.doc[t.i:t.i + 1] for t in span if t.pos_ in ("NOUN", "PROPN", "PRON")]
    return [c for c in chunks if c.root.pos_ in ("NOUN", "PROPN", "PRON") and c.text.strip()]


def head_token(span: Span, start: int, end: int) -> Token:
    """The syntactic head of tokens ``start:end`` of ``span.doc`` (the one whose head lies
    outside the range)."""
    doc = span.doc
    for tok in doc[start:end]:
        if not start <= tok.head.i < end or tok.head.i == tok.i:
            return tok
    return doc[end - 1]


def relation(trigger: Token, head: Token) -> tuple[str, str]:
    """How a candidate's head hangs on the trigger: its dependency label and the preposition
    over it, when the candidate is in the trigger's subtree within two steps ("" if not)."""
    hops = 0
    tok = head
    prep = ""
    while tok.i != tok.head.i and hops < 3:
        if tok.dep_ == "pobj" and tok.head.dep_ in ("prep", "agent"):
            prep = tok.head.lower_
        if tok.head.i == trigger.i:
            return head.dep_, prep
        tok = tok.head
        hops += 1
    return "", ""
