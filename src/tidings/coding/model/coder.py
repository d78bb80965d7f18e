"""``ModelCoder``: PLOVER events from the learned model, behind the ``EventCoder`` protocol.

Per sentence: the encoder runs once; the trigger head scores each content word over the 16
types and "no event"; for each word it keeps, the role head scores every role candidate as
source, target or neither. The best source and every target above their thresholds make the
events. Actors (country, sector, entity) are the resolver's for the chosen mention; date,
factuality, quantities and place come from the same attribute readers the rules use; mode
from the rule lexicon's entry for the trigger word when it has one for that type.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from spacy.tokens import Span, Token

from tidings.actors.kb import KnowledgeBase
from tidings.annotate import AnnotatedArticle
from tidings.coding.attributes import dates, factuality, location, quantities
from tidings.coding.lexicon import Lexicon, load_lexicon
from tidings.coding.merge import merge_events
from tidings.coding.model.calibration import apply_isotonic
from tidings.coding.model.candidates import Candidate, role_candidates, trigger_tokens
from tidings.coding.model.features import (
    RuleHints,
    pair_features,
    rule_hints,
    token_vectors,
    trigger_features,
)
from tidings.coding.model.runtime import LoadedModel, load_model
from tidings.coding.ontology import Ontology, load_ontology
from tidings.coding.rules import RuleCoder, anchor_of
from tidings.records import ActorRef, Event, Evidence, Mention, Sentence, Trace

MAX_TARGETS = 6  # "a tour of five countries" is five events; no more per trigger
ROLE_NONE, ROLE_SOURCE, ROLE_TARGET = 0, 1, 2


@dataclass(frozen=True)
class Decision:
    """One event the heads chose, before attributes: trigger, type, roles and their scores."""

    token: Token
    type: str
    p_type: float
    runner_up: tuple[str, float]
    source: Candidate | None
    p_source: float
    target: Candidate | None
    p_target: float

    @property
    def raw_score(self) -> float:
        """What calibration maps to a probability: the type's and the roles' scores."""
        return self.p_type * self.p_source * self.p_target


class ModelCoder:
    """The learned coder. ``name`` is ``model/<name>-<version>``."""

    def __init__(self, kb: KnowledgeBase, lexicon: Lexicon | None = None,
                 ontology: Ontology | None = None, model_dir: str | Path | None = None,
                 min_confidence: float = 0.0, loaded: LoadedModel | None = None) -> None:
        self.kb = kb
        self.lexicon = lexicon or load_lexicon()
        self.ontology = ontology or load_ontology()
        self.model_dir = str(model_dir) if model_dir else None
        self.min_confidence = min_confidence
        self._loaded = loaded  # a model in memory (training tunes on it before saving)
        self.rules = RuleCoder(kb, self.lexicon, self.ontology)  # its findings are features

    @property
    def model(self) -> LoadedModel:
        # Cached per process and folder: loaded on first use, so building a coder is cheap.
        return self._loaded or load_model(self.model_dir)

    @property
    def name(self) -> str:
        return f"model/{self.model.meta.name}-{self.model.meta.version}"

    def code(self, annotated: AnnotatedArticle, mentions: list[Mention]) -> list[Event]:
        return self.code_with_rules(annotated, mentions, self.rules.code(annotated, mentions))

    def code_with_rules(self, annotated: AnnotatedArticle, mentions: list[Mention],
                        rule_events: list[Event]) -> list[Event]:
        """``code`` given the rule coder's events of the article."""
        return self.code_scored(annotated, mentions, rule_events).events

    def code_scored(self, annotated: AnnotatedArticle, mentions: list[Mention],
                    rule_events: list[Event]) -> ModelOutput:
        """The events, and the trigger head's type probabilities at every word it scored
        (the hybrid asks them about the rule coder's triggers)."""
        by_doc: dict[int, list[Mention]] = {}
        for m in mentions:
            by_doc.setdefault(id(annotated.spans[m.sentence_index].doc), []).append(m)
        events: list[Event] = []
        scores = TriggerScores(self.model.meta.types)
        for sentence, span, probs, chosen in self.decide(annotated, by_doc, rule_events):
            scores.add(sentence, probs)
            for d in chosen:
                event = self._event(d, annotated, sentence, span)
                if event.confidence >= self.min_confidence:
                    events.append(event)
        return ModelOutput(merge_events(events), scores)

    def decide(self, annotated: AnnotatedArticle, by_doc: dict[int, list[Mention]],
               rule_events: list[Event]
               ) -> Iterable[tuple[Sentence, Span, TokenProbabilities, list[Decision]]]:
        """The trigger head's probabilities and the heads' decisions for every sentence that
        has trigger words and candidates."""
        todo = []
        for sentence, span in zip(annotated.sentences, annotated.spans, strict=True):
            tokens = trigger_tokens(span)
            cands = role_candidates(span, by_doc.get(id(span.doc), []))
            if tokens and cands:
                todo.append((sentence, span, tokens, cands))
        encoded = self.model.encoder.encode([s.text for s, _, _, _ in todo])
        meta = self.model.meta
        for (sentence, span, tokens, cands), (pieces, offsets) in zip(todo, encoded,
                                                                      strict=True):
            vectors = self.model.project(token_vectors(span, pieces, offsets))
            hints = rule_hints(rule_events, span, sentence.kind)
            probs = self.trigger_probabilities(span, vectors, tokens, hints)
            scores = self.score_sentence(span, vectors, probs, cands,
                                         meta.thresholds["trigger"], hints)
            yield sentence, span, probs, decisions(scores, cands, meta.types, meta.thresholds,
                                                   self.content_types)

    @property
    def content_types(self) -> frozenset[str]:
        """Types whose complement is their content, not an event of its own."""
        return frozenset(n for n, t in self.ontology.types.items() if t.complement_is_content)

    def trigger_probabilities(self, span: Span, vectors: np.ndarray, tokens: Sequence[Token],
                              hints: RuleHints) -> TokenProbabilities:
        """The trigger head's probabilities (none first, then the types) of each token."""
        meta = self.model.meta
        probs = self.model.heads["trigger"].probabilities(
            trigger_features(span, vectors, tokens, self.lexicon, meta.types, hints,
                             int(meta.raw.get("config", {}).get("lemma_buckets", 0))),
            meta.thresholds.get("temperature", 1.0))
        return TokenProbabilities(tuple(tokens), probs)

    def score_sentence(self, span: Span, vectors: np.ndarray, probs: TokenProbabilities,
                       cands: Sequence[Candidate], floor: float,
                       hints: RuleHints) -> list[TokenScores]:
        """The role head's scores for every token whose best type reaches ``floor``."""
        meta, heads = self.model.meta, self.model.heads
        out = []
        for row, tok in zip(probs.rows, probs.tokens, strict=True):
            best = int(np.argmax(row[1:])) + 1
            if row[best] < floor:
                continue
            roles = heads["role"].probabilities(
                pair_features(span, vectors, tok, best - 1, cands, len(meta.types), hints))
            out.append(TokenScores(tok, row, roles))
        return out

    def _event(self, d: Decision, annotated: AnnotatedArticle, sentence: Sentence,
               span: Span) -> Event:
        tok, meta = d.token, self.model.meta
        anchor = anchor_of(tok)
        fact, fact_rule = factuality.classify(anchor)
        when = dates.event_date(span, anchor, annotated.article.published, fact)
        qty, money = quantities.extract(span, tok)
        mode, contexts = self._mode_contexts(tok, d.type, span)
        confidence = round(apply_isotonic(d.raw_score, meta.calibration), 3)
        trace = Trace(entry="", roles="learned", source=_how(d.source, d.p_source),
                      target=_how(d.target, d.p_target) if d.target else None,
                      factuality=fact_rule, date=when.rule, model=meta.ref, score=confidence,
                      types=f"{d.type} {d.p_type:.3f}>{d.runner_up[0]} {d.runner_up[1]:.3f}")
        evidence = Evidence(sentence=sentence.text, start=sentence.start, end=sentence.end,
                            trigger=tok.text, rule=trace.render(), trigger_start=tok.idx,
                            trigger_end=tok.idx + len(tok.text), sentence_kind=sentence.kind,
                            trace=trace)
        cameo, quad, intensity = self.ontology.describe(d.type, mode)
        doc_id = annotated.article.doc_id
        return Event(
            event_id=Event.make_id(doc_id, sentence.start, f"{sentence.kind}:{tok.idx}:{d.type}",
                                   _key(d.source), _key(d.target)),
            doc_id=doc_id, type=d.type, source=_ref(d.source), target=_ref(d.target),
            evidence=evidence, mode=mode, contexts=contexts, date=when.date,
            date_precision=when.precision, factuality=fact, quad_class=quad,
            intensity=intensity, cameo_root=cameo,
            location=location.extract(span, anchor, self.kb), quantities=list(qty),
            money=money, target_missing=self._missing(d), confidence=confidence,
            coder=self.name)

    def _mode_contexts(self, tok: Token, type_: str, span: Span) -> tuple[str | None,
                                                                           list[str]]:
        """The lexicon entry's mode and contexts for this word and type, plus the contexts
        the sentence's words add."""
        pos = "VERB" if tok.pos_ in ("VERB", "AUX") else "NOUN"
        entries = [t for t in self.lexicon.lookup(tok.lemma_.lower(), pos) if t.type == type_]
        mode = entries[0].mode if entries else None
        contexts = list(entries[0].contexts) if entries else []
        for c in self.lexicon.contexts_for({t.lemma_.lower() for t in span}):
            if c not in contexts:
                contexts.append(c)
        return mode, contexts

    def _missing(self, d: Decision) -> str | None:
        if d.target is not None:
            return None
        return self.ontology.types[d.type].target_optional or "model:no-target"


@dataclass(frozen=True)
class TokenProbabilities:
    """The trigger head's probabilities of a sentence's trigger candidates: one row per
    token, "no event" first, then the model's types."""

    tokens: tuple[Token, ...]
    rows: np.ndarray


TriggerKey = tuple[str, int, int]  # sentence kind, sentence start, trigger start


@dataclass
class TriggerScores:
    """The trigger head's probabilities at every word the model scored in an article, by
    (sentence kind, sentence start, word start): what the model thinks of a word the rules
    took as a trigger, even where it coded no event there."""

    types: tuple[str, ...]
    rows: dict[TriggerKey, np.ndarray] = field(default_factory=dict)

    def add(self, sentence: Sentence, probs: TokenProbabilities) -> None:
        for tok, row in zip(probs.tokens, probs.rows, strict=True):
            self.rows[(sentence.kind, sentence.start, tok.idx)] = row

    def probability(self, key: TriggerKey, type_: str) -> float | None:
        """The probability that the word at ``key`` triggers a ``type_`` event; None when
        the model did not score that word (not a content word, or no role candidates)."""
        row = self.rows.get(key)
        if row is None or type_ not in self.types:
            return None
        return float(row[1 + self.types.index(type_)])


@dataclass(frozen=True)
class ModelOutput:
    """A model's events of an article and the trigger scores behind them."""

    events: list[Event]
    scores: TriggerScores


@dataclass(frozen=True)
class TokenScores:
    """The trigger head's probabilities for one token (none first, then the types) and the
    role head's for each candidate given the token's best type."""

    token: Token
    types: np.ndarray
    roles: np.ndarray


def decisions(scores: Sequence[TokenScores], cands: Sequence[Candidate],
              types: Sequence[str], thresholds: dict[str, float],
              content_types: frozenset[str] = frozenset()) -> list[Decision]:
    """The events the scores make under ``thresholds`` (trigger, source, target). What is
    demanded or threatened is the content of that event, not an event of its own ("urged X
    to resume talks" is the REQUEST only), as in the annotation guidelines and the rules."""
    out: list[Decision] = []
    for s in scores:
        best = int(np.argmax(s.types[1:])) + 1
        if s.types[best] < thresholds["trigger"]:
            continue
        order = np.argsort(-s.types)
        second = int(next(i for i in order if i != best))
        runner = ("none" if second == 0 else types[second - 1], float(s.types[second]))
        out.extend(choose_roles(s.token, types[best - 1], float(s.types[best]), runner,
                                cands, s.roles, thresholds))
    governed = {t.i for d in out if d.type in content_types for comp in d.token.children
                if comp.dep_ in ("ccomp", "xcomp", "acl") for t in comp.subtree}
    return [d for d in out if d.token.i not in governed]


def choose_roles(tok: Token, type_: str, p_type: float, runner: tuple[str, float],
                 cands: Sequence[Candidate], roles: np.ndarray,
                 thresholds: dict[str, float]) -> list[Decision]:
    """Events of one trigger from the role head's scores (rows: candidates; columns: none,
    source, target): the best source above its threshold (or none), and each target above
    its threshold that is not the source (or none). No event without any actor."""
    # An absent role scores the chance that no candidate fills it.
    source, p_source = None, 1.0 - float(roles[:, ROLE_SOURCE].max(initial=0.0))
    if len(cands):
        best = int(np.argmax(roles[:, ROLE_SOURCE]))
        if roles[best, ROLE_SOURCE] >= thresholds["source"]:
            source, p_source = cands[best], float(roles[best, ROLE_SOURCE])
    ranked = sorted(range(len(cands)), key=lambda i: -roles[i, ROLE_TARGET])
    found = [i for i in ranked if roles[i, ROLE_TARGET] >= thresholds["target"]
             and cands[i] is not source and roles[i, ROLE_TARGET] > roles[i, ROLE_SOURCE]]
    if source is None and not found:
        return []
    targets: list[tuple[Candidate | None, float]] = [
        (cands[i], float(roles[i, ROLE_TARGET])) for i in found[:MAX_TARGETS]]
    if not targets:
        others = [roles[i, ROLE_TARGET] for i in range(len(cands)) if cands[i] is not source]
        targets = [(None, 1.0 - float(max(others, default=0.0)))]
    return [Decision(tok, type_, p_type, runner, source, p_source, t, p_t)
            for t, p_t in targets]


def _how(cand: Candidate | None, p: float) -> str:
    if cand is None:
        return "none"
    kind = "mention" if cand.mention is not None else "phrase"
    return f"{kind} {p:.3f}"


def _key(cand: Candidate | None) -> str:
    if cand is None:
        return ""
    a = cand.mention.actor if cand.mention else None
    if a is not None and (a.entity_id or a.country):
        return a.entity_id or f"{a.country}:{a.sector or ''}:{cand.text.lower()}"
    return f"text:{cand.text.lower()}:{cand.char_start}"


def _ref(cand: Candidate | None) -> ActorRef | None:
    if cand is None:
        return None
    a = cand.mention.actor if cand.mention else None
    if a is None:
        return ActorRef(text=cand.text, start=cand.char_start, end=cand.char_end)
    return ActorRef(text=cand.text, name=a.name, country=a.country, sector=a.sector,
                    entity_id=a.entity_id, start=cand.char_start, end=cand.char_end)
