"""The rule coder: trigger lexicon × dependency parse × resolved actors → PLOVER events.

For each sentence that holds a lexicon lemma, every matching token is a candidate trigger;
the most specific lexicon entry wins (required words and object words beat a bare lemma).
Roles come from :mod:`tidings.coding.roles`; phrases map to the actor mentions the resolver
found, so a source or target is always a resolved actor with a country. Date, factuality,
quantities and location come from :mod:`tidings.coding.attributes`; CAMEO code, quad class
and intensity from the ontology. Each event records the lexicon entry and how each role was
found (``Evidence.rule``), so ``tidings code --explain`` can say why.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from tidings.actors.kb import KnowledgeBase
from tidings.actors.resolver import mentions_for_span
from tidings.annotate import AnnotatedArticle
from tidings.annotate.parse import token_at
from tidings.coding.attributes import dates, factuality, location, quantities
from tidings.coding.lexicon import Lexicon, Trigger, load_lexicon
from tidings.coding.merge import merge_events
from tidings.coding.ontology import EventType, Ontology, load_ontology
from tidings.coding.roles import (
    DESTINATION_PREPS,
    EVENT_ONLY,
    SPEECH,
    Filler,
    Roles,
    is_passive,
    noun_roles,
    to_infinitive,
    verb_roles,
)
from tidings.records import (
    Actor,
    ActorRef,
    Event,
    Evidence,
    Factuality,
    Location,
    Mention,
    Money,
    Quantity,
    Sentence,
    Trace,
)

POS_MAP = {"VERB": "VERB", "NOUN": "NOUN", "PROPN": "NOUN", "ADJ": "ADJ"}
# Speech verbs that make a reported conflict an allegation whoever the speaker is; with
# other speech verbs ("said") only the side that suffered it alleges ("Israel said rockets
# were fired at it"), while a third party ("police said", "officials said") attributes news.
ALLEGING = frozenset({"claim", "allege", "charge", "assert", "insist", "maintain", "accuse"})
# Triggers that state an intention, not the act ("offered its troops", "pledged aid").
INTENT_TRIGGERS = frozenset({"offer", "pledge", "promise", "vow"})
# Modal verbs that turn a reported clause into a demand ("Y must withdraw").
OBLIGATION = frozenset({"must", "should"})
# Verbs that only place a nominal event in time ("the visit is scheduled to begin Monday").
ASPECTUAL = frozenset({"begin", "start", "schedule", "plan", "expect", "set", "continue", "end",
                       "conclude", "happen", "occur", "take", "resume", "last", "finish"})
# Entity labels of phrases that say when, never who ("resigned on Tuesday"). Amounts stay
# candidates: "to yield 1.8%" is a price, not a concession without a recipient.
TIME_ENTITIES = frozenset({"DATE", "TIME"})
# Entity labels of phrases that may name an actor the resolver does not know.
ACTOR_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# Prepositions that join an event noun to what it is about ("talks on trade").
TOPIC_PREPS = frozenset({"of", "on", "over", "about"})
# A source's own country named as where its act happens: the capital, the country's name.
HOME_PLACES = frozenset({"kb.country.capital", "kb.country.country"})
PLACES = frozenset({"place", "location"})  # rules of a place standing for its people
# Sectors of the news media, who report conflicts without taking a side in them.
NEWS_SECTORS = frozenset({"MED", "JRN"})
# Verbs of helping, which as a to-infinitive state what another act is for.
HELPING = frozenset({"help", "assist"})
FALLBACK = "fallback:sentence"  # how a side taken from elsewhere in the sentence is traced
WHERE = frozenset({"prep:in", "prep:at", "prep:near"})  # role phrases that say where
# Entity types of names that may contain a trigger word without being that event.
NAMED_THINGS = frozenset({"ORG", "FAC", "LAW", "PRODUCT", "WORK_OF_ART"})
# Causes of death and injury that are nobody's act ("killed in a plane crash").
ACCIDENTS = frozenset({"crash", "accident", "collision", "derailment", "earthquake", "quake",
                       "flood", "flooding", "landslide", "avalanche", "storm", "hurricane",
                       "typhoon", "cyclone", "tornado", "tsunami", "wildfire", "blaze",
                       "stampede", "epidemic", "outbreak", "disease", "heatwave", "mudslide",
                       "sinking", "capsizing", "shipwreck", "drought", "famine"})
ACCIDENT_PREPS = frozenset({"in", "by", "during", "after", "from"})
MAX_PAIRS = 12  # "a tour of 5 countries" is 5 events; cap pathological coordinations


@dataclass
class _Candidate:
    token: Token
    trigger: Trigger
    consumed: set[int]  # token indices whose noun triggers this trigger includes
    roles: Roles | None = None  # found once, on first use


class RuleCoder:
    """The default coder. ``name`` is ``rules/<lexicon version>``."""

    def __init__(self, kb: KnowledgeBase, lexicon: Lexicon | None = None,
                 ontology: Ontology | None = None) -> None:
        self.kb = kb
        self.lexicon = lexicon or load_lexicon()
        self.ontology = ontology or load_ontology()
        self._lemmas = self.lexicon.lemmas

    @property
    def name(self) -> str:
        return f"rules/{self.lexicon.version}"

    # ------------------------------------------------------------------------------ coding

    def code(self, annotated: AnnotatedArticle, mentions: list[Mention]) -> list[Event]:
        by_doc: dict[int, list[Mention]] = {}
        for m in mentions:
            by_doc.setdefault(id(annotated.spans[m.sentence_index].doc), []).append(m)
        events: list[Event] = []
        recent: list[tuple[int, Mention, Mention]] = []  # (sentence, source, target) dyads
        focus = _focus(mentions)
        for sentence, span in zip(annotated.sentences, annotated.spans, strict=True):
            if not any(t.lemma_.lower() in self._lemmas for t in span):
                continue
            doc_mentions = by_doc.get(id(span.doc), [])
            ctx = _Context(annotated.position(sentence.index), recent, focus)
            events.extend(self._sentence(annotated, sentence, span, doc_mentions, ctx))
        return merge_events(events)

    def _sentence(self, annotated: AnnotatedArticle, sentence: Sentence, span: Span,
                  doc_mentions: list[Mention], ctx: _Context) -> Iterable[Event]:
        options = [self._candidates(t, doc_mentions) for t in span]
        candidates = [o[0] for o in options if o]
        alternatives = {o[0].token.i: o for o in options if o}
        consumed = set().union(*(c.consumed for c in candidates)) if candidates else set()
        found: list[Event] = []
        ordered = sorted(candidates, key=lambda c: c.trigger.pos != "VERB")
        noun_sources = _NounSources(
            [c for c in candidates if c.trigger.pos == "NOUN"],
            lambda c, open_: self._actors(self._roles(c).sources, annotated, span,
                                          doc_mentions, open_=open_)[0])
        # What is demanded or threatened is the content of that event, not an event of its
        # own: "urged Israel to ease restrictions" codes the REQUEST only.
        # So is an event noun it takes as object ("demanded the withdrawal of the troops",
        # "threatened sanctions"): nothing was withdrawn or imposed yet.
        governed = {t.i for c in candidates
                    if self.ontology.types[c.trigger.type].complement_is_content
                    for comp in _content_holders(c) if _is_content(comp)
                    for t in comp.subtree}
        # So is the event noun a refusal takes ("rejected the US offer"): the refusal is
        # the event; the offer is what it refuses.
        governed |= {comp.i for c in candidates if c.trigger.pos == "VERB"
                     and (self.ontology.types[c.trigger.type].complement_is_content
                          or self.ontology.types[c.trigger.type].object_is_content)
                     for comp in c.token.children
                     if comp.dep_ == "dobj" and comp.i in alternatives}
        # "X said Y must agree to ...": the demand of the say-must construction; Y has done
        # nothing yet.
        governed |= {c.i for t in span if t.lemma_.lower() in SPEECH for c in t.children
                     if _obliged(c)}
        governed |= {c.i for t in span if (c := _wanted_clause(t)) is not None}
        # "jailed X for spying", "accused X of attacking Y": what a conflictual act is for
        # is the charge against its object, alleged, not an event the sentence reports.
        governed |= {t.i for c in candidates if c.trigger.pos == "VERB"
                     and self.ontology.types[c.trigger.type].quad_class >= 3
                     for g in _reasons(c.token) for t in g.subtree}
        for cand in ordered:
            if cand.token.i in consumed and cand.trigger.pos != "VERB":
                continue
            if cand.token.i in governed or _setting(cand.token) \
                    or _topic(cand, alternatives):
                continue
            # The most specific reading first; a less specific one when it finds no actors
            # ("welcomed the statement" is praise when nobody was welcomed as a visitor).
            # Only readings as specific as the best one: a matched "air strike" that finds
            # no target must not fall back to the bare "strike" of a labour protest.
            best = alternatives[cand.token.i][0].trigger.specificity
            for option in alternatives[cand.token.i]:
                if option.trigger.specificity < best:
                    break
                events = list(self._events(option, annotated, sentence, span, doc_mentions,
                                           noun_sources, ctx))
                if events:
                    found.extend(events)
                    break
        found = _without_consequences(found, span)
        found = _without_purposes(found, span, {c.token.i for c in candidates}, self.ontology)
        # after the purposes are gone: only a kept event can claim a side
        found = _without_borrowed_sides(found)
        found.extend(self._constructions(annotated, sentence, span, doc_mentions, ctx))
        reported = list(self._reported_conflict(found, annotated, span, doc_mentions))
        found = [e for e in found if not _alleged(e, reported)] + reported
        found.extend(self._conditional_threats(found, span))
        return found

    def _reported_conflict(self, found: list[Event], annotated: AnnotatedArticle, span: Span,
                           doc_mentions: list[Mention]) -> Iterable[Event]:
        """"X said Y had attacked Z": besides the attack, X accuses Y (CAMEO 112)."""
        done: set[tuple[str, str]] = set()
        for e in found:
            trace = e.evidence.trace
            if e.quad_class not in (3, 4) or e.type == "ACCUSE" or e.source is None \
                    or trace is None or trace.reported_by is None:
                continue
            tok = token_at(span, e.evidence.trigger_start)
            reporter = _reporter(tok) if tok is not None else None
            if reporter is None:
                continue
            speakers, how = self._actors(verb_roles(reporter, "speaker").sources, annotated,
                                         span, doc_mentions)
            alleging = reporter.lemma_.lower() in ALLEGING
            for sp in speakers:
                if not sp.actor or sp.actor.country == e.source.country \
                        or sp.actor.sector in NEWS_SECTORS or (_key(sp), e.source.text) in done:
                    continue  # a newspaper that reports a threat against its country accuses nobody
                if not alleging and (e.target is None or sp.actor.country != e.target.country):
                    continue  # "Thai police said ...": a third party's "said" attributes news
                done.add((_key(sp), e.source.text))
                cameo, quad, intensity = self.ontology.describe("ACCUSE", "allege")
                when = dates.event_date(span, reporter, annotated.article.published)
                report = Trace(entry="report-of-conflict", roles="speaker", source=how,
                               target=f"source-of-reported-{e.type}", date=when.rule,
                               construction=True)
                evidence = dataclasses.replace(e.evidence, trigger=reporter.text,
                                               rule=report.render(), trace=report,
                                               trigger_start=reporter.idx,
                                               trigger_end=reporter.idx + len(reporter.text))
                yield dataclasses.replace(
                    e, event_id=Event.make_id(e.doc_id, e.evidence.start,
                                              f"report:{reporter.idx}", _key(sp),
                                              e.source.text),
                    type="ACCUSE", mode="allege", source=_ref(sp), target=e.source,
                    evidence=evidence, contexts=list(e.contexts), date=when.date,
                    date_precision=when.precision, factuality="asserted", quad_class=quad,
                    intensity=intensity, cameo_root=cameo, location=None, quantities=[],
                    money=None, more_evidence=[], target_missing=None,
                    confidence=round(e.confidence * 0.8, 3))

    def _conditional_threats(self, found: list[Event], span: Span) -> Iterable[Event]:
        """"X will walk out of the talks unless Y ...": a conflictual act announced on a
        condition is a threat (CAMEO 13), coded beside the planned act; so is a withdrawal
        ("will withdraw its peacekeepers unless Y ...": CAMEO 131, to reduce or stop aid)."""
        for e in list(found):
            hostile = e.quad_class in (3, 4) or (e.type, e.mode) == ("RETREAT", "withdraw")
            if e.factuality != "planned" or not hostile or e.type == "THREATEN" \
                    or e.source is None or e.target is None:
                continue
            tok = token_at(span, e.evidence.trigger_start)
            if tok is None or not _conditional(anchor_of(tok)):
                continue
            cameo, quad, intensity = self.ontology.describe("THREATEN", None)
            trace = e.evidence.trace
            threat = Trace(entry="conditional-threat", roles="agent-patient",
                           source=trace.source if trace else "subj",
                           target=f"target-of-planned-{e.type}", construction=True,
                           date=trace.date if trace else None)
            yield dataclasses.replace(
                e, event_id=Event.make_id(e.doc_id, e.evidence.start, f"threat:{tok.idx}",
                                          e.source.text, e.target.text),
                type="THREATEN", mode=None, factuality="asserted", quad_class=quad,
                intensity=intensity, cameo_root=cameo, more_evidence=[],
                evidence=dataclasses.replace(e.evidence, rule=threat.render(), trace=threat),
                confidence=round(e.confidence * 0.8, 3))

    def _place_mention(self, place: Location | None, annotated: AnnotatedArticle,
                       sentence: Sentence) -> Mention | None:
        """The event's location as an actor reference."""
        if place is None or not place.country:
            return None
        at = sentence.text.find(place.name)
        if at < 0:
            return None
        return self._place_actor(annotated.article.doc_id, place.name, sentence.start + at,
                                 sentence.index, place.country, "location",
                                 "place of the event")

    def _place_actor(self, doc_id: str, text: str, start: int, index: int, country: str,
                     rule: str, why: str) -> Mention | None:
        """A place standing for its country's people (sector CVL) as a source or target."""
        if country not in self.kb.countries:
            return None
        return Mention(doc_id=doc_id, text=text, start=start, end=start + len(text),
                       sentence_index=index,
                       actor=Actor(name=self.kb.countries[country].name, country=country,
                                   sector="CVL", kind="country"),
                       rule=rule, evidence=f"{why}: {text!r} in {country} (its people, CVL)")

    def could_code(self, tokens: Iterable[Token]) -> bool:
        """Whether ``code`` could find an event at one of ``tokens``: a lexicon reading whose
        conditions hold, or a construction ("said ... must", "wants X to"). Needs parts of speech, lemmas
        and dependencies, not entities or actors: it asks no mention, so it holds for every
        sentence ``code`` finds an event in (and for more). The parser uses it to leave the
        entity recognizer and actor resolution out of articles with no such token."""
        return any(self._candidates(t, []) or _says_must(t) or _wanted_clause(t) is not None
                   for t in tokens)

    def _constructions(self, annotated: AnnotatedArticle, sentence: Sentence, span: Span,
                       doc_mentions: list[Mention], ctx: _Context) -> Iterable[Event]:
        """Events signalled by a construction rather than a trigger word: "X said Y must
        return the helicopter" and "X wants Y to return it" are X demanding of Y (REQUEST)."""
        for tok in span:
            kind = "want-to" if _wanted_clause(tok) is not None \
                else "say-must" if _says_must(tok) else None
            if kind is None:
                continue
            trig = Trigger(id=f"construction.{kind}", type="REQUEST", lemma=tok.lemma_.lower(),
                           pos="VERB", requires=(), with_=frozenset(), mode=None,
                           roles="speaker", contexts=(), confidence=0.6)
            yield from self._events(_Candidate(tok, trig, set()), annotated, sentence, span,
                                    doc_mentions, _NounSources([], lambda c, o: []), ctx)

    def _candidates(self, tok: Token, doc_mentions: list[Mention]) -> list[_Candidate]:
        """Lexicon readings of a token whose conditions hold, most specific first."""
        pos = POS_MAP.get(tok.pos_)
        lemma = tok.lemma_.lower()
        if pos is None or lemma not in self._lemmas:
            return []
        options = self.lexicon.lookup(lemma, pos)
        if not options:
            return []
        if _mentions_at(tok, doc_mentions):
            return []  # "the Trade Ministry", "Protest Party": part of an actor's name
        if tok.pos_ == "PROPN" and tok.ent_type_ in NAMED_THINGS:
            return []  # "the Andean Pact, formed by ...": an organization's name
        ranked: list[tuple[tuple[bool, int, float], _Candidate]] = []
        deps = _dependent_words(tok)
        scope = _object_scope(tok) if pos == "VERB" else []
        child_deps = {c.dep_ for c in tok.children}
        for trig in options:
            if any(w not in deps for w in trig.requires) or trig.without & child_deps:
                continue
            hit: set[int] = set()
            if trig.with_:
                hit = {t.i for t in scope if t.lemma_.lower() in trig.with_
                       or t.lower_ in trig.with_}
                if not hit:
                    continue
            ranked.append(((not trig.fallback, trig.specificity, trig.confidence),
                           _Candidate(tok, trig, hit)))
        ranked.sort(key=lambda pair: pair[0], reverse=True)
        return [c for _, c in ranked]

    def _roles(self, cand: _Candidate) -> Roles:
        """The candidate's role phrases (computed once: nouns are asked twice, for the
        sources other triggers borrow and for their own events)."""
        if cand.roles is None:
            if cand.trigger.pos == "VERB":
                cand.roles = verb_roles(cand.token, cand.trigger.roles)
            else:
                cand.roles = noun_roles(cand.token, cand.trigger.type,
                                        self.lexicon.agent_light_verbs,
                                        self.lexicon.recipient_light_verbs,
                                        cand.trigger.mode)
        return cand.roles

    def _actors(self, fillers: list[Filler], annotated: AnnotatedArticle, span: Span,
                doc_mentions: list[Mention],
                noun_sources: dict[int, list[Mention]] | None = None,
                exclude: list[Mention] | None = None, open_: bool = False,
                ) -> tuple[list[Mention], str]:
        """The mentions of the first filler that resolves to actors with a country (with
        ``open_``, to any actor), other than ``exclude`` (the source: "offered its troops to
        Iraq" looks past "its")."""
        keys = {_key(m) for m in exclude or ()}
        own = {m.actor.country for m in exclude or () if m.actor}
        for filler in fillers:
            if filler.how.endswith(EVENT_ONLY):
                continue  # only through the event it names (_event_sources)
            tok = _through_partitive(filler.token)
            # A pronoun of the source's own country is no other side ("launched an offensive
            # in its war with Iraq": the war's source is the attacker itself).
            via = [m for m in (noun_sources or {}).get(tok.i, [])
                   if _key(m) not in keys and not (m.from_coref and m.actor
                                                   and m.actor.country in own)]
            if via:
                return via, f"{filler.how}>event-source"
            phrase = tok.doc[tok.left_edge.i: tok.right_edge.i + 1]
            if filler.how.startswith("visitor") or tok.dep_ in ("poss", "amod", "compound", "nmod"):
                # A visitor is the object itself ("received Borisov"), never something
                # inside it ("welcomed Reagan's statement"); a modifier is its own word.
                ms = _mentions_at(tok, doc_mentions)
            else:
                ms = mentions_for_span(phrase, annotated, doc_mentions)
            ms = [m for m in ms if m.actor is not None and (m.actor.country or open_)
                  and _key(m) not in keys
                  and not (m.from_coref and m.actor.country in own)]
            if ms:
                home = self._home_capital(tok, ms, exclude or [], annotated.article.doc_id)
                return ([home], f"{filler.how}>place") if home else (_unique(ms), filler.how)
            place = self._place_filler(tok, annotated)
            if place is not None:
                return [place], f"{filler.how}>place"
        return [], ""

    def _home_capital(self, tok: Token, ms: list[Mention], sources: list[Mention],
                      doc_id: str) -> Mention | None:
        """"imposed a curfew in Quito" by the Ecuadorian government: a capital of the
        source's own country named as where the event happens stands for its people (CVL),
        not for the government it names elsewhere ("talks with Quito"). So does the
        country's own name where a state actor acts at home ("imposed a curfew in southern
        Kenya"); where its people act ("Kenyans protested in Kenya") the name stays the state.
        """
        if not (tok.dep_ == "pobj" and tok.head.lower_ == "in" and len(ms) == 1):
            return None
        m = ms[0]
        own = {s.actor.country for s in sources if s.actor}
        if m.actor is None or m.actor.country is None or m.actor.country not in own:
            return None
        if m.rule == "kb.country.country" and any(_sector(s) in (None, "CVL") for s in sources):
            return None
        if m.rule not in HOME_PLACES:
            return None
        why = "capital" if m.rule == "kb.country.capital" else "name"
        return self._place_actor(doc_id, m.text, m.start, m.sentence_index, m.actor.country,
                                 "place", f"{why} of the source's own country")

    def _place_filler(self, tok: Token, annotated: AnnotatedArticle) -> Mention | None:
        """A place that is not an actor ("an air strike on Gaza", "rockets fired at
        Kharkiv") stands for its country."""
        if tok.dep_ != "pobj" or tok.pos_ != "PROPN":
            return None
        ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
        span = ent if ent is not None else tok.doc[tok.i: tok.i + 1]
        country = self.kb.place_country(span.text)
        if not country:
            return None
        index = next((i for i, sp in enumerate(annotated.spans)
                      if sp.doc is tok.doc and sp.start <= tok.i < sp.end), 0)
        return self._place_actor(annotated.article.doc_id, span.text, span.start_char, index,
                                 country, "place", "place")

    def _events(self, cand: _Candidate, annotated: AnnotatedArticle, sentence: Sentence,
                span: Span, doc_mentions: list[Mention],
                noun_sources: _NounSources, ctx: _Context) -> Iterable[Event]:
        """The events of one trigger reading, in steps: roles, fallbacks for a missing side,
        the pairs to emit, attributes, provenance and confidence, the events."""
        et = self.ontology.types[cand.trigger.type]
        scene = _Scene(annotated, sentence, span, doc_mentions, anchor_of(cand.token))
        symmetric = cand.trigger.roles == "mutual" or et.symmetric
        sides = self._sides(cand, scene, noun_sources, symmetric, open_=False)
        self._fallbacks(cand, et, sides, scene, ctx)
        self._agentless(cand, et, sides, last=not scene.has_unplaced)
        named = _named_targets(self._roles(cand), cand, scene.doc_mentions)
        verb = cand.trigger.pos == "VERB"
        pairs, missing = _pairs(et, sides, named, verb)
        if not pairs and scene.has_unplaced:
            # Actors without a known country are sides too, but only where no actor with a
            # country fills the roles: a known country is never traded for an unknown one.
            sides = self._sides(cand, scene, noun_sources, symmetric, open_=True)
            self._fallbacks(cand, et, sides, scene, ctx)
            self._agentless(cand, et, sides, last=True)
            pairs, missing = _pairs(et, sides, named, verb)
        if not pairs or _troops_arriving(cand, pairs) or _own_aim(cand, et, missing) \
                or _travel(cand, missing) or _accident(cand):
            return
        attrs = self._attributes(cand, scene, sides)
        if attrs.fact_rule.startswith("conditional"):
            # "will boycott the vote unless the president agrees to step down": what a
            # condition names is no event the sentence reports (the threat is coded).
            return
        trace = Trace(entry=cand.trigger.id, roles=cand.trigger.roles, source=sides.s_how,
                      target=(sides.t_how or None) if any(t for _, t in pairs) else None,
                      factuality=attrs.fact_rule,
                      date=attrs.when.rule, reported_by=_lemma(_reporter(cand.token)))
        if sides.sources and sides.targets and sides.symmetric:
            ctx.remember(sides.sources[0], sides.targets[0])
        yield from self._emit(cand, scene, pairs, missing, attrs, trace)

    def _sides(self, cand: _Candidate, scene: _Scene, noun_sources: _NounSources,
               symmetric: bool, open_: bool) -> _Sides:
        """Source and target actors from the trigger's role phrases (``open_``: actors
        without a known country count too)."""
        trig = cand.trigger
        roles = self._roles(cand)
        sources, s_how = self._actors(roles.sources, scene.annotated, scene.span,
                                      scene.doc_mentions, open_=open_)
        if not sources:
            sources, s_how = _event_sources(roles.sources, noun_sources.get(open_))
        # A verb's object that is another event ("condemned the US blockade") stands for
        # that event's source; an object the verb itself includes ("imposed sanctions") not.
        # A demand the verb includes is still someone's: "accepted demands from the rebels"
        # yields to the rebels.
        asked = {c.token.i for c in noun_sources.nouns if c.trigger.type == "REQUEST"}
        redirect = {i: ms for i, ms in noun_sources.get(open_).items()
                    if (i not in cand.consumed or i in asked)
                    and not set(map(_key, ms)) & set(map(_key, sources))}
        targets, t_how = self._actors(roles.targets, scene.annotated, scene.span,
                                      scene.doc_mentions,
                                      redirect if trig.pos == "VERB" else None, sources,
                                      open_=open_)
        targets = [t for t in targets if t not in sources]
        sides = _Sides(sources, targets, s_how, t_how, symmetric)
        if not targets and len(sources) > 1 and symmetric:
            sides.sources, sides.targets = sources[:1], sources[1:]
            sides.t_how = f"{s_how}>conjunct"
        elif not sources and len(targets) > 1 and symmetric:
            sides.sources, sides.targets = targets[:1], targets[1:]  # "talks between X and Y"
            sides.s_how = f"{t_how}>conjunct"
        if sides.t_how.endswith(">conjunct") or sides.s_how.endswith(">conjunct"):
            sides.joint = sides.sources + sides.targets
        return sides

    def _fallbacks(self, cand: _Candidate, et: EventType, sides: _Sides, scene: _Scene,
                   ctx: _Context) -> None:
        """Fill a missing side from outside the clause, as the type allows (each marked)."""
        trig, tok = cand.trigger, cand.token
        if bool(sides.sources) != bool(sides.targets) \
                and not (sides.sources and et.target_optional) \
                and trig.roles not in ("mutual", "speaker", "host") and et.other_side_in_sentence:
            # One side named in the syntax, the other only elsewhere in the sentence ("the
            # Russian authorities donated 20 plants ... experienced by the country").
            other = _other_side(scene.sentence_ms, sides.sources or sides.targets, tok)
            if other is not None and sides.sources:
                sides.targets, sides.t_how = [other], FALLBACK
            elif other is not None:
                sides.sources, sides.s_how = [other], FALLBACK
        if sides.sources and not sides.targets \
                and (et.target_article_focus or trig.mode == "visit"):
            # "the Russian authorities donated 20 plants": to the country the article is about.
            focus = ctx.focus_other({m.actor.country for m in sides.sources if m.actor})
            if focus is not None:
                sides.targets, sides.t_how = [focus], "fallback:article-focus"
        if sides.sources and not sides.targets and et.target_at_location:
            self._location_target(sides, scene)
        if not sides.sources and not sides.targets and sides.symmetric \
                and not scene.sentence_ms:
            # "A trade accord was signed as well": the pair of the nearby statements.
            dyad = ctx.dyad()
            if dyad is not None:
                sides.sources, sides.targets = [dyad[0]], [dyad[1]]
                sides.s_how = sides.t_how = "fallback:previous-dyad"

    def _agentless(self, cand: _Candidate, et: EventType, sides: _Sides, last: bool) -> None:
        """"Three soldiers were killed": a passive with no agent anywhere has an unknown
        source where the type allows one (``source_optional``); so has one whose agent is no
        actor ("killed by a roadside bomb"), once no reading found an actor there (``last``)."""
        roles = self._roles(cand)
        if not (et.source_optional and roles.passive and not sides.sources and sides.targets
                and cand.trigger.pos == "VERB"):
            return
        if not [f for f in roles.sources if not f.how.endswith(EVENT_ONLY)]:
            sides.unknown_source, sides.s_how = True, "passive-no-agent"
        elif last:
            sides.unknown_source, sides.s_how = True, "passive-agent-not-an-actor"

    def _location_target(self, sides: _Sides, scene: _Scene) -> None:
        """"suicide bombers killed 23 people in Tel Aviv", "strengthened its forces in
        Lebanon": violence or deployment abroad is directed at where it happens."""
        sides.place, sides.located = location.extract(scene.span, scene.anchor, self.kb), True
        spot = self._place_mention(sides.place, scene.annotated, scene.sentence)
        if spot is not None and spot.actor and spot.actor.country not in {
                m.actor.country for m in sides.sources if m.actor}:
            sides.targets, sides.t_how = [spot], "location"

    def _attributes(self, cand: _Candidate, scene: _Scene, sides: _Sides) -> _Attributes:
        """Factuality, date, quantities, money, location and contexts of the event."""
        tok, span = cand.token, scene.span
        fact, fact_rule = factuality.classify(scene.anchor)
        when = dates.event_date(span, scene.anchor, scene.annotated.article.published, fact)
        if fact == "asserted" and tok.lemma_.lower() in INTENT_TRIGGERS:
            fact, fact_rule = "planned", f"intent-verb:{tok.lemma_.lower()}"
        qty, money = quantities.extract(span, tok)
        for i in sorted(cand.consumed):  # "pledged a loan": the loan's amount
            if not qty or money is None:
                more_qty, more_money = quantities.extract(span, span.doc[i])
                qty, money = qty or more_qty, money or more_money
        place = sides.place if sides.located else location.extract(span, scene.anchor,
                                                                    self.kb)
        contexts = list(cand.trigger.contexts)
        for c in self.lexicon.contexts_for({t.lemma_.lower() for t in _event_scope(tok)}):
            if c not in contexts:
                contexts.append(c)
        return _Attributes(fact, fact_rule, when, list(qty), money, place, contexts)

    def _emit(self, cand: _Candidate, scene: _Scene,
              pairs: list[tuple[Mention | None, Mention | None]], missing: str | None,
              attrs: _Attributes, trace: Trace) -> Iterable[Event]:
        """One event per (source, target) pair, with its evidence and confidence."""
        trig, tok, sentence = cand.trigger, cand.token, scene.sentence
        doc_id = scene.annotated.article.doc_id
        evidence = Evidence(sentence=sentence.text, start=sentence.start, end=sentence.end,
                            trigger=tok.text, rule=trace.render(), trigger_start=tok.idx,
                            trigger_end=tok.idx + len(tok.text), sentence_kind=sentence.kind,
                            trace=trace)
        confidence = _confidence(trig.confidence, trace, sentence.kind)
        cameo, quad, intensity = self.ontology.describe(trig.type, trig.mode)
        for src, tgt in pairs:
            conf = confidence * 0.9 if (src and src.from_coref) or (tgt and tgt.from_coref) \
                else confidence
            yield Event(
                event_id=Event.make_id(doc_id, sentence.start,
                                       f"{sentence.kind}:{tok.idx}:{trig.type}",
                                       _key(src), _key(tgt) if tgt else ""),
                doc_id=doc_id, type=trig.type, source=_ref(src) if src else None,
                target=_ref(tgt) if tgt else None, evidence=evidence, mode=trig.mode,
                contexts=list(attrs.contexts), date=attrs.when.date,
                date_precision=attrs.when.precision, factuality=attrs.fact,
                quad_class=quad, intensity=intensity, cameo_root=cameo, location=attrs.place,
                quantities=list(attrs.qty), money=attrs.money,
                target_missing=missing if tgt is None else None,
                confidence=round(conf, 3), coder=self.name)


@dataclass
class _NounSources:
    """The sources of the sentence's noun triggers, found before any event is coded
    ("condemned the US blockade": the target of the condemnation is who blockades); with
    ``open_``, actors of unknown country count too. Each reading is found on first use."""

    nouns: list[_Candidate]
    find: Callable[[_Candidate, bool], list[Mention]]
    found: dict[bool, dict[int, list[Mention]]] = field(default_factory=dict)

    def get(self, open_: bool) -> dict[int, list[Mention]]:
        if open_ not in self.found:
            self.found[open_] = {c.token.i: self.find(c, open_) for c in self.nouns}
        return self.found[open_]


@dataclass
class _Scene:
    """The sentence a trigger is coded in."""

    annotated: AnnotatedArticle
    sentence: Sentence
    span: Span
    doc_mentions: list[Mention]
    anchor: Token  # where time, place and factuality are read (``anchor_of``)
    sentence_ms: list[Mention] = field(init=False)  # those with a known country
    has_unplaced: bool = field(init=False)  # an actor without a known country is named here

    def __post_init__(self) -> None:
        s = self.sentence
        here = [m for m in self.doc_mentions if s.start <= m.start < s.end and m.actor]
        self.sentence_ms = [m for m in here if m.actor and m.actor.country]
        self.has_unplaced = len(self.sentence_ms) < len(here)


@dataclass
class _Sides:
    """The actors found for each role so far, and how."""

    sources: list[Mention]
    targets: list[Mention]
    s_how: str
    t_how: str
    symmetric: bool  # "X and Y did it" means X did it with Y
    unknown_source: bool = False  # an agentless passive the type allows without a source
    joint: list[Mention] = field(default_factory=list)  # "X, Y and Z met": all take part
    place: Location | None = None
    located: bool = False  # the location is read once, and only for events that need it


@dataclass
class _Attributes:
    fact: Factuality
    fact_rule: str
    when: dates.EventDate
    qty: list[Quantity]
    money: Money | None
    place: Location | None
    contexts: list[str]


def _event_sources(fillers: list[Filler],
                   noun_sources: dict[int, list[Mention]]) -> tuple[list[Mention], str]:
    """The source of an event a victim suffered in ("killed in a US drone strike")."""
    for f in fillers:
        found = noun_sources.get(f.token.i) if f.how.endswith(EVENT_ONLY) else None
        if found:
            return found, f.how
    return [], ""


def _troops_arriving(cand: _Candidate,
                     pairs: list[tuple[Mention | None, Mention | None]]) -> bool:
    """"Peacekeeping troops arrived in Bosnia": forces arriving somewhere are a deployment,
    not a CONSULT visit, which is a meeting of the visitor with the host; an army chief
    arriving is still one, so only plural military sources count."""
    if cand.trigger.mode != "visit" or cand.trigger.pos != "VERB":
        return False
    doc = cand.token.doc
    for s, _ in pairs:
        if s is None or s.actor is None or s.actor.sector != "MIL":
            return False
        last = doc.char_span(s.start, s.end, alignment_mode="expand")
        if last is None or last[-1].tag_ not in ("NNS", "NNPS"):
            return False
    return True


def _travel(cand: _Candidate, missing: str | None) -> bool:
    """"The president left for Lima": a departure that names only where it goes, and
    nothing it leaves, is travel, not a withdrawal."""
    return cand.trigger.roles == "departure" and missing is not None and any(
        c.dep_ == "prep" and c.lower_ in DESTINATION_PREPS for c in cand.token.children)


def _accident(cand: _Candidate) -> bool:
    """"Forty people were killed in a plane crash", "died in the earthquake": a death or
    injury an accident caused is no attack, whoever the crash names ("a Kenya Airways
    crash" is no Kenyan act)."""
    if cand.trigger.type != "ASSAULT" or cand.trigger.pos != "VERB":
        return False
    return any(o.lemma_.lower() in ACCIDENTS for p in cand.token.children
               if p.dep_ in ("prep", "agent") and p.lower_ in ACCIDENT_PREPS
               for o in p.children if o.dep_ == "pobj")


def _own_aim(cand: _Candidate, et: EventType, missing: str | None) -> bool:
    """"Brazil is seeking to deepen ties": a demand verb with a to-infinitive of its own and
    nobody addressed states the subject's own aim, not a request (its complement is content,
    so it is no event either)."""
    return missing is not None and et.complement_is_content and cand.trigger.pos == "VERB" \
        and any(c.dep_ == "xcomp" for c in cand.token.children)


def _named_targets(roles: Roles, cand: _Candidate, mentions: list[Mention]) -> bool:
    """Whether the trigger names a target candidate: a phrase that could be an actor (a
    resolved mention, a name or a pronoun; "relaxed import controls", "rejected the report"
    name what is relaxed or rejected, nobody) and is neither part of the event itself
    ("lifted the curfew", "called off its strike": the curfew is what is lifted) nor a time
    ("resigned on Tuesday"), nor a place no actor stands for ("surrendered in the town of
    Gulu": where, not to whom)."""
    return any(f.token.i not in cand.consumed and f.token.head.i not in cand.consumed
               and f.token.ent_type_ not in TIME_ENTITIES
               and not (f.how.split(">")[0] in WHERE and not _mentions_at(f.token, mentions))
               and (cand.trigger.pos != "VERB" or _could_be_actor(f.token, mentions))
               for f in roles.targets)


def _could_be_actor(tok: Token, mentions: list[Mention]) -> bool:
    return (tok.pos_ in ("PROPN", "PRON") or tok.ent_type_ in ACTOR_ENTITIES
            or bool(_mentions_at(tok, mentions)))


def _mentions_at(tok: Token, mentions: list[Mention]) -> list[Mention]:
    """The mentions whose text holds ``tok``."""
    return [m for m in mentions if m.start <= tok.idx < m.end]


def _pairs(et: EventType, sides: _Sides, named: bool,
           verb: bool) -> tuple[list[tuple[Mention | None, Mention | None]], str | None]:
    """The (source, target) pairs to code, and why a missing target is allowed (``verb``:
    the trigger is a verb)."""
    if sides.unknown_source:
        agentless: list[tuple[Mention | None, Mention | None]] = [(None, t)
                                                                  for t in sides.targets]
        return agentless[:MAX_PAIRS], None
    if not sides.sources:
        return [], None
    missing = None
    if not sides.targets:
        if not et.target_optional:
            return [], None
        if et.target_only_without_candidate and named:
            return [], None  # a target was named but is not an actor we know: do not guess
        if et.target_only_for_verbs and not verb:
            return [], None
        missing = et.target_optional
    slots: list[Mention | None] = list(sides.targets) or [None]
    pairs: list[tuple[Mention | None, Mention | None]] = [
        (s, t) for s in sides.sources for t in slots if t is None or _distinct(s, t)]
    # "X, Y and Z met": each met each other, so Y met Z too (once, in the order named)
    pairs += [(s, t) for i, s in enumerate(sides.joint) for t in sides.joint[i + 1:]
              if s not in sides.sources and _distinct(s, t)]
    if not pairs and sides.targets and missing is None and et.target_optional \
            and all(t.rule in PLACES for t in sides.targets) \
            and not (et.target_only_for_verbs and not verb):
        # "Iraqi Kurds demonstrated in Mosul": a place of the actors' own country is where
        # they act, not whom at; the type's optional target is simply missing.
        alone: list[tuple[Mention | None, Mention | None]] = [(s, None) for s in sides.sources]
        return alone[:MAX_PAIRS], et.target_optional
    pairs = pairs[:MAX_PAIRS]
    return pairs, missing


def _topic(cand: _Candidate, alternatives: dict[int, list[_Candidate]]) -> bool:
    """A trigger noun that names what another event noun is about ("the trade agreement",
    "a treaty of friendship and cooperation", "talks on trade") is that event's topic, not
    an event of its own."""
    if cand.trigger.pos != "NOUN":
        return False
    tok = cand.token
    for _ in range(3):
        if tok.dep_ == "conj":
            tok = tok.head
        elif tok.dep_ == "compound" or (tok.dep_ == "pobj" and tok.head.lower_ in TOPIC_PREPS):
            head = tok.head if tok.dep_ == "compound" else tok.head.head
            if head.pos_ == "VERB" and tok.dep_ == "pobj":
                # "attend a summit on the unrest": the parser hangs the topic on the verb
                return any(o.trigger.pos == "NOUN" for c in head.children if c.dep_ == "dobj"
                           for o in alternatives.get(c.i, []))
            return head.pos_ == "NOUN" and any(o.trigger.pos == "NOUN"
                                               for o in alternatives.get(head.i, []))
        else:
            return False
    return False


def _setting(tok: Token) -> bool:
    """The trigger is in a relative clause that describes a place or time ("in Serbia, where
    24 people were killed last March", "raids in which 20 people were killed"): background
    to the sentence's event, not an event the sentence reports."""
    cur = tok
    for _ in range(6):
        if cur.dep_ == "relcl" and any(
                (c.dep_ == "advmod" and c.lower_ in ("where", "when"))
                or (c.dep_ == "prep" and any(o.lower_ == "which" for o in c.children))
                for c in cur.children):
            return True
        if cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def _alleged(e: Event, reported: list[Event]) -> bool:
    """"X claimed Y had attacked Z": the attack is what X alleges (coded as X accusing Y),
    not an event the writer reports; after "said" it stays, beside the accusation."""
    trace = e.evidence.trace
    return trace is not None and trace.reported_by is not None \
        and trace.reported_by.lower() in ALLEGING and e.source is not None \
        and any(r.target is not None and r.target.text == e.source.text for r in reported)


def _without_consequences(found: list[Event], span: Span) -> list[Event]:
    """"X shelled Y, killing four civilians": a participle that carries its subject from an
    event of the same type is that event's consequence, not a second event (PLOVER codes one
    attack); it is dropped where the event it depends on has its source and a target."""
    by_start = {e.evidence.trigger_start: e for e in found}
    out = []
    for e in found:
        tok = token_at(span, e.evidence.trigger_start)
        head = by_start.get(tok.head.idx) if tok is not None and tok.dep_ == "advcl" \
            and tok.tag_ == "VBG" else None
        if head is not None and head is not e and head.type == e.type \
                and head.target is not None and head.source is not None and e.source \
                and head.source.country == e.source.country:
            continue
        out.append(e)
    return out


def _without_purposes(found: list[Event], span: Span, triggers: set[int],
                      ontology: Ontology) -> list[Event]:
    """"Protesters blocked the road to demand reforms", "accused X of ignoring the law": a
    verbal event with no addressee that hangs under another trigger of the sentence (or its
    light verb) is that event's purpose or content, not an event of its own. A conjoined
    verb ("met Y and demanded calm") is an act of its own."""
    out = []
    for e in found:
        tok = token_at(span, e.evidence.trigger_start)
        if tok is not None and tok.dep_ != "conj" and (
                (e.target is None and ontology.types[e.type].target_only_for_verbs)
                or _helping_aim(tok)):
            others = [span.doc[i] for i in triggers if i != tok.i]
            anchors = {t.i for t in others} | {t.head.i for t in others}
            if anchors & {a.i for a in list(tok.ancestors)[:3]}:
                continue
        out.append(e)
    return out


def _without_borrowed_sides(found: list[Event]) -> list[Event]:
    """"offered its troops to Lebanon's president to help him oust Aoun": a side taken from
    elsewhere in the sentence (``fallback:sentence``) that plays the other role in another
    event of the sentence ("its" offers) is that event's party, not this one's."""
    def spot(ref: ActorRef | None) -> tuple[int | None, int | None] | None:
        return (ref.start, ref.end) if ref is not None and ref.start is not None else None

    def hows(e: Event) -> tuple[str | None, str | None]:
        trace = e.evidence.trace
        return (trace.source, trace.target) if trace is not None else (None, None)

    # Only an event that found both its sides itself claims them: two events that each
    # borrowed one side ("a loan pledged to Cuba to buy Russian arms": the pledge borrows
    # Russia, the purchase borrows Cuba) would otherwise strike each other out.
    traced = [(e, hows(e)) for e in found]
    own = [e for e, how in traced if FALLBACK not in how]
    as_source = {spot(e.source) for e in own} - {None}
    as_target = {spot(e.target) for e in own} - {None}
    return [e for e, (s_how, t_how) in traced
            if not (t_how == FALLBACK and spot(e.target) in as_source)
            and not (s_how == FALLBACK and spot(e.source) in as_target)]


def _helping_aim(tok: Token) -> bool:
    """"sent troops to help Lebanon", "a grant to help survivors": a to-infinitive of help
    is what another act is for; that act is the aid."""
    return tok.lemma_.lower() in HELPING and tok.dep_ in ("advcl", "xcomp", "acl", "relcl") \
        and to_infinitive(tok)


def _confidence(base: float, trace: Trace, kind: str) -> float:
    """The trigger's confidence, lowered for roles carried or guessed and outside the body."""
    confidence = base
    if trace.is_carried():
        confidence *= 0.85
    if trace.has_fallback():
        confidence *= 0.6
    if kind != "body":
        confidence *= 0.8
    return confidence


def _lemma(tok: Token | None) -> str | None:
    return tok.lemma_ if tok is not None else None


@dataclass
class _Context:
    """What coding one sentence may borrow from the sentences before it."""

    sentence_index: int
    recent: list[tuple[int, Mention, Mention]]
    focus: list[Mention]  # first mention of each country, most mentioned country first
    window: int = 2

    def focus_other(self, countries: set[str | None]) -> Mention | None:
        """The article's most mentioned country outside ``countries`` (it must be clearly
        the article's subject: mentioned at least three times)."""
        for m in self.focus:
            if m.actor and m.actor.country not in countries:
                return m
        return None

    def dyad(self) -> tuple[Mention, Mention] | None:
        for index, src, tgt in reversed(self.recent):
            if self.sentence_index - index <= self.window:
                return src, tgt
        return None

    def remember(self, source: Mention, target: Mention) -> None:
        self.recent.append((self.sentence_index, source, target))


def _focus(mentions: list[Mention], minimum: int = 3) -> list[Mention]:
    counts: dict[str, int] = {}
    first: dict[str, Mention] = {}
    for m in mentions:
        if m.actor and m.actor.country and m.actor.country != "IGO":
            counts[m.actor.country] = counts.get(m.actor.country, 0) + 1
            first.setdefault(m.actor.country, m)
    ranked = sorted(counts, key=lambda c: -counts[c])
    return [first[c] for c in ranked if counts[c] >= minimum]


def _other_side(sentence_ms: list[Mention], known: list[Mention], tok: Token) -> Mention | None:
    """The mention nearest the trigger whose country differs from the known side's."""
    countries = {m.actor.country for m in known if m.actor}
    spans = [(m.start, m.end) for m in known]
    lo, hi = _reported_clause(tok)
    options = [m for m in sentence_ms
               if m.actor and m.actor.country not in countries
               and not any(s <= m.start < e for s, e in spans) and lo <= m.start < hi]
    if not options:
        return None
    return min(options, key=lambda m: abs(m.start - tok.idx))


def _reported_clause(tok: Token) -> tuple[int, int]:
    """The characters the other side of a reported act may come from: the clause the speech
    verb reports, never its speaker or listener ("X will help Y, Z's minister said": the
    minister is no party to the help)."""
    rep = _reporter(tok)
    if rep is None:
        return 0, sys.maxsize
    comp = next(c for c in rep.children if c.left_edge.i <= tok.i <= c.right_edge.i)
    return comp.left_edge.idx, comp.right_edge.idx + len(comp.right_edge)


PARTITIVE = frozenset({"thousand", "thousands", "hundred", "hundreds", "dozen", "dozens",
                       "million", "millions", "ten", "tens", "score", "scores", "number",
                       "group", "member", "members", "some", "many", "several", "most", "all",
                       "part", "majority", "few", "crowd", "crowds", "band", "contingent",
                       "delegation", "one", "two", "three", "leader", "leaders"})


def _says_must(tok: Token) -> bool:
    """A speech verb with a clause under it that says something must or should be done."""
    return tok.pos_ == "VERB" and tok.lemma_.lower() in SPEECH and any(
        _obliged(c) for c in tok.children)


def _wanted_clause(tok: Token) -> Token | None:
    """"Beijing wants Washington to lift the tariffs": what one side wants another to do is
    a demand of it; the clause that says what (want + someone + to-infinitive, which the
    parser reads as an object with an xcomp or as a clause with its own subject)."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() != "want":
        return None
    has_object = any(c.dep_ == "dobj" for c in tok.children)
    for c in tok.children:
        if (c.dep_ == "xcomp" and has_object) or (
                c.dep_ == "ccomp" and to_infinitive(c) and any(a.dep_ == "nsubj"
                                                              for a in c.children)):
            return c
    return None


def _conditional(verb: Token) -> bool:
    """The verb has a condition clause: "unless Y ...", or "if Y does not ..."."""
    for clause in verb.children:
        if clause.dep_ != "advcl":
            continue
        marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
        if "unless" in marks or ("if" in marks and any(c.dep_ == "neg"
                                                       for c in clause.children)):
            return True
    return False


def _obliged(comp: Token) -> bool:
    """A reported clause that says what someone must or should do ("said Y must resign")."""
    return comp.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ in OBLIGATION
                                        for a in comp.children)


def _content_holders(cand: _Candidate) -> list[Token]:
    """Where a demand's or threat's content hangs: under the trigger, and for a noun that
    is a verb's object under that verb too ("faces pressure from X to release Y")."""
    tok = cand.token
    if cand.trigger.pos == "NOUN" and tok.dep_ == "dobj":
        return [*tok.children, *(c for c in tok.head.children if c.dep_ in ("advcl", "xcomp"))]
    return list(tok.children)


def _is_content(comp: Token) -> bool:
    """A dependent that states what is demanded or threatened: a complement clause, a
    to-infinitive ("pressured by X to release Y"), or the "for" phrase of a demand
    ("lobbied for new tariffs", "called for a boycott")."""
    return comp.dep_ in ("ccomp", "xcomp", "acl") or (comp.dep_ == "prep"
                                                      and comp.lower_ == "for") \
        or (comp.dep_ == "advcl" and to_infinitive(comp))


def _reasons(verb: Token) -> list[Token]:
    """Gerunds that give why the verb's act was done to its object ("arrested X for
    attacking", "accused X of spying")."""
    if not any(c.dep_ == "dobj" for c in verb.children) and not is_passive(verb) \
            and verb.dep_ != "acl":
        return []
    return [g for p in verb.children if p.dep_ == "prep" and p.lower_ in ("for", "of")
            for g in p.children if g.dep_ in ("pcomp", "pobj") and g.tag_ == "VBG"]


def _through_partitive(tok: Token) -> Token:
    """"Thousands of Iraqi Kurds", "members of the opposition": the actor is the "of" object."""
    for _ in range(2):
        if tok.lemma_.lower() not in PARTITIVE and tok.lower_ not in PARTITIVE \
                and tok.pos_ != "NUM":
            break
        objs = [o for p in tok.children if p.dep_ == "prep" and p.lower_ == "of"
                for o in p.children if o.dep_ == "pobj"]
        if not objs:
            break
        tok = objs[0]
    return tok


def _dependent_words(tok: Token) -> set[str]:
    """Lemmas and forms of the trigger's dependents and their dependents (for required words
    of multi-word expressions: "take to the streets", "call for", "state visit")."""
    words: set[str] = set()
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass", "csubj"):
            continue
        words.update((c.lemma_.lower(), c.lower_))
        for g in c.children:
            words.update((g.lemma_.lower(), g.lower_))
    return words


def _object_scope(verb: Token) -> list[Token]:
    """Tokens of the verb's object phrases (not its subject or clauses): where "send" looks
    for "aid" or "troops"."""
    out: list[Token] = []
    chain = verb.head if verb.dep_ == "xcomp" else verb
    if chain.dep_ == "relcl":
        # "a credit that was said to be promised", "the aid that Malta sent": the antecedent
        out.append(chain.head)
    for c in verb.children:
        if c.dep_ in ("nsubj", "csubj", "ccomp", "advcl", "conj", "relcl", "parataxis",
                      "punct", "cc", "mark", "aux", "auxpass", "neg", "advmod"):
            continue
        out.extend(c.subtree)
    return out


def _event_scope(tok: Token) -> list[Token]:
    """Words that describe this event (for contexts): the trigger's subtree, and for a noun
    trigger the phrase of the verb it is an argument of."""
    if tok.pos_ != "VERB" and tok.head.pos_ == "VERB":
        return _object_scope(tok.head) + [tok.head]
    return list(tok.subtree)


def _reporter(tok: Token) -> Token | None:
    """The speech verb whose complement holds the trigger ("X said Y had attacked Z")."""
    cur = tok
    for _ in range(4):
        if cur.dep_ in ("ccomp", "parataxis") and cur.head.lemma_.lower() in SPEECH:
            return cur.head
        if cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def anchor_of(tok: Token) -> Token:
    """Where a trigger's time, place and factuality are read: the trigger, or for a noun that
    is the subject of an aspectual chain ("the visit is scheduled to begin on Monday") the
    last verb of that chain."""
    if tok.pos_ == "VERB" or tok.dep_ not in ("nsubj", "nsubjpass"):
        return tok
    verb = tok.head
    if verb.lemma_.lower() not in ASPECTUAL:
        return tok
    for _ in range(3):
        nxt = [c for c in verb.children if c.dep_ == "xcomp"]
        if not nxt:
            break
        verb = nxt[0]
    return verb


def _distinct(s: Mention, t: Mention) -> bool:
    """Source and target are different actors; a pronoun or descriptor pointing back to the
    source's own country is a resolution artefact, not a domestic event."""
    if _key(s) == _key(t):
        return False
    if s.actor and t.actor and s.actor.country is None and t.actor.country is None:
        # Two actors without a country: "riot police detained students" but not "police
        # clashed with the police".
        return s.actor.sector is None or s.actor.sector != t.actor.sector
    if s.actor and t.actor and s.actor.country == t.actor.country:
        if s.from_coref or t.from_coref:
            return False
        # A domestic event needs two sectors ("Egyptian police arrested opposition members");
        # a bare country acts as its government, so "Putin's tour through Russia" is no event.
        return _sector(s) != _sector(t) and None not in (_sector(s), _sector(t))
    return True


def _sector(m: Mention) -> str | None:
    if m.actor is None:
        return None
    if m.actor.sector:
        return m.actor.sector
    return "GOV" if m.actor.kind == "country" else None


def _key(m: Mention | None) -> str:
    if m is None or m.actor is None:
        return ""
    a = m.actor
    return a.entity_id or f"{a.country}:{a.sector or ''}:{m.text.lower()}"


def _unique(ms: list[Mention]) -> list[Mention]:
    seen: set[str] = set()
    out = []
    for m in ms:
        k = _key(m)
        if k not in seen:
            seen.add(k)
            out.append(m)
    return out


def _ref(m: Mention) -> ActorRef:
    a = m.actor
    assert a is not None
    return ActorRef(text=m.text, name=a.name, country=a.country, sector=a.sector,
                    entity_id=a.entity_id, start=m.start, end=m.end)
