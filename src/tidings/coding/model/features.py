"""Feature vectors for the learned coder's two heads, from encoder token vectors and the parse.

The encoder gives one vector per word piece; ``token_vectors`` pools them per spaCy token, so
every later step talks in spaCy tokens. The *trigger* head sees a token's vector plus what
the rule lexicon says of its lemma (which types it can trigger) and its part of speech: the
lexicon is a strong prior for the rare types the corpus has few examples of. The *role* head
sees the trigger, the pooled candidate, their product, the event type, and how the candidate
hangs on the trigger in the parse. Training and inference call the same functions.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from spacy.tokens import Span, Token

from tidings.coding.lexicon import Lexicon
from tidings.coding.model.candidates import (
    ROLE_DEPS,
    ROLE_PREPS,
    Candidate,
    head_token,
    relation,
)
from tidings.records import Event, Evidence

POS_TAGS = ("VERB", "NOUN", "PROPN", "ADJ", "AUX")
DISTANCES = (2, 5, 10)  # token-distance buckets: ≤2, ≤5, ≤10, farther


Chars = tuple[int, int]


@dataclass
class RuleHints:
    """What the rule coder found in a sentence, as features: the types it coded at each
    trigger token, and the character ranges of the sources and targets it chose there. The
    model learns when to trust them (stacking); the rules stay its partner, not its input
    only, in the hybrid."""

    types: dict[int, set[str]] = field(default_factory=dict)
    sources: dict[int, list[Chars]] = field(default_factory=dict)
    targets: dict[int, list[Chars]] = field(default_factory=dict)
    any_role: list[Chars] = field(default_factory=list)


def rule_hints(events: Sequence[Event], span: Span, kind: str) -> RuleHints:
    """The hints of the rule coder's ``events`` that lie in sentence ``span`` (of part
    ``kind``: title, body, caption), merged statements included."""
    hints = RuleHints()
    for e in events:
        for ev in (e.evidence, *e.more_evidence):
            if not _inside(ev, span, kind):
                continue
            tok = next((t for t in span if t.idx <= (ev.trigger_start or -1)
                        < t.idx + len(t.text)), None)
            if tok is None:
                continue
            hints.types.setdefault(tok.i, set()).add(e.type)
            for ref, where in ((e.source, hints.sources), (e.target, hints.targets)):
                if ref is not None and ref.start is not None and ref.end is not None:
                    where.setdefault(tok.i, []).append((ref.start, ref.end))
                    hints.any_role.append((ref.start, ref.end))
    return hints


def _inside(ev: Evidence, span: Span, kind: str) -> bool:
    return ev.sentence_kind == kind and span.start_char <= ev.start < span.end_char


def _overlaps(ranges: Sequence[Chars], cand: Candidate) -> float:
    return float(any(a < cand.char_end and cand.char_start < b for a, b in ranges))


def token_vectors(span: Span, pieces: np.ndarray, offsets: Sequence[tuple[int, int]]) -> np.ndarray:
    """One vector per token of ``span.doc`` inside the sentence (rows indexed by
    ``token.i - span.start``): the mean of the word pieces overlapping the token. ``offsets``
    are the pieces' character ranges in the sentence text; special tokens have (0, 0)."""
    out = np.zeros((len(span), pieces.shape[1]), dtype=np.float32)
    for row, hit in enumerate(token_pieces(span, offsets)):
        if hit:
            out[row] = pieces[hit].mean(axis=0)
    return out


def token_pieces(span: Span, offsets: Sequence[tuple[int, int]]) -> list[list[int]]:
    """Per token of the sentence ``span``, the indices of the word pieces overlapping it
    (``offsets`` relative to the sentence text)."""
    base = span.start_char
    out = []
    j = 0
    for tok in span:
        start, end = tok.idx - base, tok.idx - base + len(tok.text)
        # Special tokens have (0, 0), which ends at or before any token: always skipped.
        while j < len(offsets) and offsets[j][1] <= start:
            j += 1
        out.append([k for k in range(j, len(offsets))
                    if offsets[k][0] < end and offsets[k][1] > start])
    return out


def _one_hot(value: str, vocab: Sequence[str]) -> list[float]:
    """``vocab``'s one-hot of ``value``, plus a last slot for anything else."""
    row = [0.0] * (len(vocab) + 1)
    row[vocab.index(value) if value in vocab else len(vocab)] = 1.0
    return row


def lexicon_prior(tok: Token, lexicon: Lexicon, types: Sequence[str]) -> list[float]:
    """Which event types the rule lexicon lets this lemma trigger (multi-hot)."""
    pos = "VERB" if tok.pos_ in ("VERB", "AUX") else "NOUN" if tok.pos_ in ("NOUN", "PROPN") \
        else tok.pos_
    known = {t.type for t in lexicon.lookup(tok.lemma_.lower(), pos)}
    return [1.0 if t in known else 0.0 for t in types]


def trigger_features(span: Span, vectors: np.ndarray, tokens: Sequence[Token],
                     lexicon: Lexicon, types: Sequence[str], hints: RuleHints,
                     lemma_buckets: int = 0) -> np.ndarray:
    """One row per trigger candidate token: vector, lexicon prior, part of speech, negation,
    the types the rules coded at it, and (with ``lemma_buckets``) its lemma, hashed, so
    trigger words the lexicon lacks can be learned from the corpus."""
    rows = []
    for tok in tokens:
        coded = hints.types.get(tok.i, set())
        extra = lexicon_prior(tok, lexicon, types) + _one_hot(tok.pos_, POS_TAGS) + [
            float(tok.dep_ == "ROOT"), float(any(c.dep_ == "neg" for c in tok.children))] + [
            1.0 if t in coded else 0.0 for t in types] + [float(bool(coded))]
        lemma = [0.0] * lemma_buckets
        if lemma_buckets:
            lemma[zlib.crc32(tok.lemma_.lower().encode("utf-8")) % lemma_buckets] = 1.0
        rows.append(np.concatenate([vectors[tok.i - span.start],
                                    np.array(extra + lemma, np.float32)]))
    width = trigger_width(vectors.shape[1], types) + lemma_buckets
    return np.stack(rows) if rows else np.zeros((0, width), np.float32)


def trigger_width(dim: int, types: Sequence[str]) -> int:
    return dim + 2 * len(types) + len(POS_TAGS) + 1 + 2 + 1


def pooled(span: Span, vectors: np.ndarray, cand: Candidate) -> np.ndarray:
    lo, hi = max(cand.start - span.start, 0), min(cand.end - span.start, len(span))
    if hi <= lo:
        return np.zeros(vectors.shape[1], np.float32)
    return vectors[lo:hi].mean(axis=0)


def pair_features(span: Span, vectors: np.ndarray, trigger: Token, type_index: int,
                  cands: Sequence[Candidate], n_types: int, hints: RuleHints) -> np.ndarray:
    """One row per (trigger, candidate) pair for the role head, with whether the rules
    chose the candidate as this trigger's source or target, or as any role."""
    t_vec = vectors[trigger.i - span.start]
    rows = []
    for cand in cands:
        c_vec = pooled(span, vectors, cand)
        ruled = [_overlaps(hints.sources.get(trigger.i, []), cand),
                 _overlaps(hints.targets.get(trigger.i, []), cand),
                 _overlaps(hints.any_role, cand)]
        rows.append(np.concatenate([t_vec, c_vec, t_vec * c_vec,
                                    np.array(_pair_extra(span, trigger, type_index, cand,
                                                         n_types) + ruled, np.float32)]))
    width = 3 * vectors.shape[1] + pair_extra_width(n_types)
    return np.stack(rows) if rows else np.zeros((0, width), np.float32)


def pair_extra_width(n_types: int) -> int:
    return n_types + len(ROLE_DEPS) + 1 + len(ROLE_PREPS) + 1 + 1 + len(DISTANCES) + 1 + 5 + 3


def _pair_extra(span: Span, trigger: Token, type_index: int, cand: Candidate,
                n_types: int) -> list[float]:
    head = head_token(span, cand.start, cand.end)
    dep, prep = relation(trigger, head)
    type_row = [0.0] * n_types
    if 0 <= type_index < n_types:
        type_row[type_index] = 1.0
    distance = min(abs(cand.start - trigger.i), abs(cand.end - 1 - trigger.i))
    buckets = _one_hot(next((str(d) for d in DISTANCES if distance <= d), ""),
                       [str(d) for d in DISTANCES])
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in trigger.children)
    return (type_row + _one_hot(dep or "-", ROLE_DEPS) + _one_hot(prep or "-", ROLE_PREPS)
            + [float(cand.start > trigger.i)] + buckets
            + [float(cand.has_country), float(cand.mention is not None),
               float(head.pos_ == "PRON"), float(cand.start <= trigger.i < cand.end),
               float(passive)])
