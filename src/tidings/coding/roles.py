"""Who did what to whom: the source and target of a trigger, read from the dependency parse.

Each finder returns the *phrases* (head tokens) that fill a role, with how they were found
(``subj``, ``passive-agent``, ``dobj``, ``prep:to``, ``carried:xcomp``, ``poss``...); the rule
coder then maps phrases to resolved actor mentions. The patterns (lexicon ``roles:``):

- ``agent-patient``: "X sent aid to Y", "Y was attacked by X", "X's forces shelled Y".
- ``speaker``: as agent-patient, plus the subject of a complement clause ("X demanded that Y
  withdraw") and prepositions of address ("X appealed to Y").
- ``recipient-subject``: the subject receives ("Y received aid from X").
- ``host``: the subject hosts the object ("X received Y" is a visit by Y to X).
- ``mutual``: both sides ("X met Y", "X met with Y", "X and Y agreed").
- ``departure``: as agent-patient, but whom the source leaves comes first ("withdrew its
  troops from Peru", "pulled out of Iraq").
- ``no-target``: only a source (protests, mobilization); a target if one is named.
- ``nominal``: a trigger noun ("X's visit to Y", "sanctions on X by Y", "Russian aid to Cuba",
  "X made a visit to Y" through a light verb).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Token

SUBJECTS = ("nsubj", "csubj")
# Speech verbs whose complement clause is reported, not asserted by the writer.
SPEECH = frozenset({"say", "tell", "state", "claim", "report", "add", "note", "insist",
                    "declare", "stress", "announce", "allege", "assert", "believe", "write",
                    "confirm", "indicate", "explain", "point", "warn", "argue", "reiterate",
                    "repeat", "emphasize", "emphasise", "underline", "remind", "conclude"})
# Pronouns that, as the subject of a reported clause, are the speaker ("Peru said it would
# close the border", "the rebels said they would attack"); elsewhere "it" and "they" too
# often refer to things, so the resolver leaves them alone.
SPEAKER_PRONOUNS = frozenset({"it", "they", "he", "she"})
PERSON_PRONOUNS = frozenset({"he", "she"})
PLURAL_TAGS = frozenset({"NNS", "NNPS"})
RELATIVE = frozenset({"who", "which", "that", "whom"})
CLAUSAL = frozenset({"ccomp", "advcl", "conj", "relcl", "xcomp", "acl", "parataxis", "csubj"})
TARGET_PREPS = ("to", "with", "on", "upon", "against", "at", "toward", "towards", "into", "for",
                "over", "between", "through", "across", "around", "in")
# What a statement is about before whom it is addressed to: "complained to the UN over
# Israeli raids" accuses Israel (the raids' source), not the UN.
ADDRESS_PREPS = ("against", "over", "about", "of", "on", "upon", "for", "to", "at", "from",
                 "with")
SOURCE_PREPS = ("by", "from")
MUTUAL_PREPS = ("with", "between", "to", "on")
# Prepositions through which a verb governs a trigger noun ("went on strike").
PHRASAL = frozenset({"on", "in", "into"})
# Types whose noun's "from" phrase is what is left, not who acts ("the withdrawal of the
# troops from Mali", "the release of the hostages from the camp").
FROM_IS_TARGET = frozenset({"RETREAT"})
OF_IS_TARGET = frozenset({"SANCTION", "COERCE", "ASSAULT", "THREATEN", "ACCUSE", "REJECT"})
# "the release of the hostages": who is released, not who releases ("the withdrawal of
# US troops" names the side that withdraws).
OF_IS_TARGET_MODES = frozenset({("RETREAT", "release")})
# Conflictual types whose noun's topic names the target through its own actor.
TOPIC_IS_TARGET = OF_IS_TARGET | {"PROTEST"}
MOD_DEPS = frozenset({"amod", "compound", "nmod", "npadvmod"})
# Particles the parser may take for a preposition before the real one ("out of", "away from").
PARTICLES = frozenset({"out", "away", "off", "back", "down", "up"})
CONDITIONS = frozenset({"unless", "if"})
# Marks a filler that stands only for the source of the event it names ("killed in a US
# drone strike"), never for actors named in its phrase ("killed in the Afghan capital").
EVENT_ONLY = "event-only"
# Verbs that put out a text whose participle speaks for its author ("issued a statement
# demanding", "sent a letter urging"); not "vetoed a resolution condemning".
ISSUING = frozenset({"issue", "release", "publish", "send", "deliver", "adopt", "pass",
                     "sign", "write", "submit", "present", "make", "circulate", "post",
                     "approve", "unveil", "file", "lodge", "table"})
# Prepositions of where a departure goes (never whom it leaves).
DESTINATION_PREPS = frozenset({"to", "for", "toward", "towards", "into"})
# Prepositions whose gerund is done by the governing verb's object, not its subject.
OBJECT_CONTROL_PREPS = frozenset({"from", "for", "of"})
# Adjectives of readiness whose subject acts in their "to" clause ("is willing to withdraw").
READY = frozenset({"willing", "ready", "prepared", "eager", "determined", "keen", "poised"})
# Verbs of letting someone act ("refused to allow X to land": X is refused).
PERMITTING = frozenset({"allow", "let", "permit"})
# Regular English inflections (suffix, what the base adds back): "staged" -> "stage".
INFLECTIONS = (("ed", ""), ("d", ""), ("es", ""), ("s", ""), ("ing", ""), ("ing", "e"))


@dataclass(frozen=True)
class Filler:
    """A phrase head that fills a role and how it was found."""

    token: Token
    how: str


@dataclass
class Roles:
    sources: list[Filler]
    targets: list[Filler]
    passive: bool = False


def _children(tok: Token, deps: tuple[str, ...] | frozenset[str]) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _pobjs(tok: Token, preps: tuple[str, ...]) -> Iterator[tuple[str, Token]]:
    """(preposition, object) pairs of ``tok``'s prepositional children, in ``preps`` order."""
    found = []
    for prep in _children(tok, ("prep", "agent", "dative")):
        word = prep.lower_
        objs = _children(prep, ("pobj", "pcomp"))
        inner = _children(prep, ("prep",))
        if not objs and inner and prep.dep_ == "prep" and word in PARTICLES:
            # a particle parsed as a preposition: "backed out of the deal", "walked away
            # from the talks" -> the inner preposition's object
            word, objs = inner[0].lower_, _children(inner[0], ("pobj", "pcomp"))
        if prep.dep_ == "dative" and not objs:
            found.append(("dative", prep))  # "gave Cuba aid"
            continue
        if word in preps:
            found.extend((word, o) for o in objs)
    order = {p: i for i, p in enumerate(("dative", *preps))}
    yield from sorted(found, key=lambda pair: order.get(pair[0], 99))


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def subject(verb: Token, depth: int = 0) -> Filler | None:
    """The agent of ``verb``: its subject, the "by" agent of a passive, or one carried from a
    governing clause ("X agreed to set up", "X decided to send", "X, which sent...")."""
    if is_passive(verb) or any(c.dep_ == "agent" for c in verb.children):
        # also a reduced passive: "products donated by the government of X"
        for _, obj in _pobjs(verb, ("by",)):
            return Filler(obj, "passive-agent")
    else:
        for c in _children(verb, SUBJECTS):
            if c.lower_ in RELATIVE and verb.dep_ == "relcl":
                return Filler(verb.head, "relcl-antecedent")
            return reported_speaker(verb, c) or Filler(c, "subj")
    if depth > 4:
        return None
    head = verb.head
    if head.i == verb.i:
        return None
    dep = verb.dep_
    if dep == "xcomp":
        # Object control: "urged Cuba to withdraw" → Cuba withdraws.
        objs = _children(head, ("dobj",))
        if objs:
            return Filler(objs[0], "carried:object-control")
        patients = _children(head, ("nsubjpass",))
        if patients:  # "Cuba was charged to reject ...": Cuba rejects
            return Filler(patients[0], "carried:passive-control")
        carried = subject(head, depth + 1)
        # "the visit is scheduled to begin": the nominal subject of the governor *is* the
        # event, not its agent.
        return Filler(carried.token, "carried:xcomp") if carried else None
    if dep in ("conj", "advcl") and head.pos_ in ("VERB", "AUX"):
        carried = subject(head, depth + 1)
        if carried is None:  # "X was attacked and retaliated", "X was charged to reject"
            patients = _children(head, ("nsubjpass",))
            return Filler(patients[0], "carried:passive-control") if patients else None
        return Filler(carried.token, f"carried:{dep}")
    if dep == "relcl":
        return Filler(head, "relcl-antecedent")
    if dep == "acomp" and verb.lemma_.lower() in READY and head.pos_ in ("VERB", "AUX"):
        # "Peru is willing to withdraw": the subject of the copula is ready, and acts
        # ("is unlikely to agree", "is due to discuss" say nothing of anyone's will)
        carried = subject(head, depth + 1)
        return Filler(carried.token, "carried:acomp") if carried else None
    if dep == "acl":
        for poss in _children(head, ("poss",)):
            return Filler(poss, "carried:acl-poss")
        if verb.tag_ == "VBG" and head.dep_ == "dobj" and head.head.lemma_.lower() in ISSUING:
            # "issued a statement demanding that ...": the statement speaks for its author
            carried = subject(head.head, depth + 1)
            return Filler(carried.token, "carried:acl-issued") if carried else None
        if verb.tag_ == "VBG" and head.pos_ in ("NOUN", "PROPN"):
            # "dispersed students protesting tuition fees": the students protest
            return Filler(head, "carried:acl-agent")
        return None
    if dep in ("pcomp", "pobj") and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        objs = _children(head.head, ("dobj",))
        if head.lower_ in OBJECT_CONTROL_PREPS and objs:
            # "prevented X from continuing": X continues; "jailed X for spying", "thanked X
            # for sending aid", "accused X of attacking": X did it, not the subject
            return Filler(objs[0], "carried:object-control")
        carried = subject(head.head, depth + 1)
        return Filler(carried.token, "carried:prep") if carried else None
    return None


def reporting_subject(verb: Token) -> Token | None:
    """The subject of the speech verb whose reported clause ``verb`` heads ("Peru said it
    would ..."), or None when ``verb`` heads no reported clause or its speaker is unnamed."""
    if verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in SPEECH:
        return None
    return next(iter(_children(verb.head, ("nsubj",))), None)


def to_infinitive(tok: Token) -> bool:
    """Whether ``tok`` has its own "to" marker ("to help", "wants X to lift")."""
    return any(a.dep_ == "aux" and a.lower_ == "to" for a in tok.children)


def reported_speaker(verb: Token, pronoun: Token) -> Filler | None:
    """The speaker a pronoun subject of a reported clause stands for: "it" for a speaker that
    is no common plural ("Peru", "the United States"), "they" for a plural one, "he" or
    "she" for a named person or the same pronoun (the annotation manual's "of two pronouns
    the first wins")."""
    word = pronoun.lower_
    speaker = reporting_subject(verb) if word in SPEAKER_PRONOUNS else None
    if speaker is None:
        return None
    if word in PERSON_PRONOUNS:
        # "he" is the speaker only if the speaker is a person: named, or "he" again
        # ("He said he will consult the police"); "Police said he attacked them" is not
        return Filler(speaker, "carried:reported-speaker") if speaker.ent_type_ == "PERSON" \
            or (speaker.pos_ == "PRON" and speaker.lower_ == word) else None
    if speaker.pos_ not in ("PROPN", "NOUN"):
        return None
    if (word == "they") != (speaker.tag_ in PLURAL_TAGS) and speaker.tag_ != "NNPS":
        return None
    return Filler(speaker, "carried:reported-speaker")


def verb_roles(verb: Token, pattern: str) -> Roles:
    """Source and target phrases of a verb trigger under a role pattern."""
    subj = subject(verb)
    passive = is_passive(verb)
    patient = next(iter(_children(verb, ("nsubjpass",))), None) if passive else None
    objects = _children(verb, ("dobj", "attr", "oprd"))
    sources: list[Filler] = []
    targets: list[Filler] = []
    if pattern == "recipient-subject":
        if subj is not None and not passive:
            targets.append(Filler(subj.token, f"recipient:{subj.how}"))
        for word, obj in _pobjs(verb, SOURCE_PREPS):
            sources.append(Filler(obj, f"prep:{word}"))
        for obj in objects:
            sources.extend(Filler(o, f"dobj>prep:{w}") for w, o in _pobjs(obj, ("from",)))
        # "died in a Turkish air raid": the source of the event suffered
        sources.extend(Filler(obj, f"prep:{word}>{EVENT_ONLY}")
                       for word, obj in _pobjs(verb, ("in", "during", "after")))
        return Roles(sources, targets, passive)
    if pattern == "host":
        if subj is not None and not passive:
            targets.append(Filler(subj.token, f"host:{subj.how}"))
            sources.extend(Filler(o, "visitor:dobj") for o in objects)
        elif passive and patient is not None:
            sources.append(Filler(patient, "visitor:nsubjpass"))
            if subj is not None:
                targets.append(Filler(subj.token, "host:passive-agent"))
        return Roles(sources, targets, passive)
    if subj is not None:
        sources.append(subj)
    elif passive:
        # "soldiers were killed in a clash with Chinese troops", "... in an attack by X"
        scenes = list(_pobjs(verb, ("in", "during")))
        for word, obj in scenes:
            sources.extend(Filler(o, f"passive>{word}>{w}") for w, o in
                           _pobjs(obj, ("by", "with", "from")))
        # "killed in a US drone strike": the source of the attack, if that is an event
        sources.extend(Filler(obj, f"passive>{word}>{EVENT_ONLY}") for word, obj in scenes)
        if pattern != "departure":
            # "rockets were fired from Syria", "diplomats were expelled from Kenya": where
            # the act comes from
            sources.extend(Filler(o, "passive>from") for _, o in _pobjs(verb, ("from",)))
    if pattern == "departure":
        # "withdrew its troops from Peru", "pulled out of Iraq": who is left, before what
        # is taken away (the source's own forces)
        targets.extend(Filler(o, f"prep:{w}") for w, o in _pobjs(verb, ("from", "of")))
    if patient is not None:
        targets.append(Filler(patient, "nsubjpass"))
    targets.extend(Filler(o, "dobj") for o in objects)
    preps: tuple[str, ...] = ADDRESS_PREPS if pattern == "speaker" else TARGET_PREPS
    if pattern == "mutual":
        preps = MUTUAL_PREPS
    elif pattern == "departure":
        # "left for Beijing", "withdrew to Kuwait": where the source goes is no one it leaves
        preps = tuple(p for p in preps if p not in DESTINATION_PREPS)
    targets.extend(Filler(o, f"prep:{w}") for w, o in _pobjs(verb, preps) if w != "by")
    if subj is not None and subj.how == "subj":
        # An active verb with its subject has no agent: a "by" phrase the parser hung on it
        # belongs to the object ("investigating crimes by Serbian troops").
        late = [Filler(o, "prep:by>object") for _, o in _pobjs(verb, ("by",))]
    else:
        late = []
    if pattern == "speaker":
        for comp in _children(verb, ("ccomp", "xcomp")):
            inner = _children(comp, ("nsubj", "nsubjpass"))
            targets.extend(Filler(s, f"{comp.dep_}-subj") for s in inner)
    for obj in objects + ([patient] if patient is not None else []):
        targets.extend(inside_object(obj))
    if pattern == "speaker":
        # whom a demand is made of, whose offer is refused: "demanded autonomy from Serbia",
        # "rejected an offer from Kabul"
        targets.extend(Filler(o, "dobj>prep:from") for obj in objects
                       for _, o in _pobjs(obj, ("from",)))
    for comp in _children(verb, ("xcomp",)):
        # "threatened to break relations with Russia", "promised to send aid to Peru"
        if comp.pos_ == "VERB":
            targets.extend(Filler(f.token, f"xcomp>{f.how}")
                           for f in verb_roles(comp, "agent-patient").targets)
        if comp.lemma_.lower() in PERMITTING:
            # "refused to allow UN planes to land": who would have been let act
            targets.extend(Filler(s, "xcomp>permitted") for c in _children(comp, ("ccomp",))
                           for s in _children(c, ("nsubj",)))
    # "opened fire to disperse the protesters": a purpose clause names whom the act is for
    for comp in _children(verb, ("advcl",)):
        if comp.pos_ == "VERB" and to_infinitive(comp):
            targets.extend(Filler(o, "purpose>dobj") for o in _children(comp, ("dobj",)))
    # Last: actors inside a prepositional object that is no actor itself ("backed out of
    # the accord with Nigeria", "walked out of talks with the union").
    for word, obj in _pobjs(verb, (*preps, "of", "from")):
        targets.extend(Filler(f.token, f"prep:{word}>{f.how}") for f in inside_object(obj))
    if pattern == "speaker":
        targets.extend(condition_subjects(verb))
    targets = [reported_object(verb, f) for f in targets]
    return Roles(sources, targets + late, passive)


def reported_object(verb: Token, filler: Filler) -> Filler:
    """"Israel said a rocket was fired at it": "it" after the preposition or as the object
    of a reported clause is the speaker, when the speaker is no common plural."""
    speaker = reporting_subject(verb) if filler.token.lower_ == "it" else None
    if speaker is None or speaker.pos_ != "PROPN" or speaker.tag_ == "NNPS":
        return filler
    return Filler(speaker, f"{filler.how}>reported-speaker")


def condition_subjects(verb: Token) -> list[Filler]:
    """Who must meet the condition of a statement: "threatened to strike unless the
    government raised wages", "will stop the talks if Y goes ahead" are addressed to them."""
    found: list[Filler] = []
    for head in [verb, *_children(verb, ("xcomp",))]:
        for clause in _children(head, ("advcl",)):
            marks = {c.lower_ for c in _children(clause, ("mark",))}
            if marks & CONDITIONS:
                found.extend(Filler(s, "condition-subj")
                             for s in _children(clause, ("nsubj", "nsubjpass")))
    return found


def inside_object(obj: Token) -> list[Filler]:
    """Actors inside a non-actor object: "rejected Y's attempt", "the economy of Cuba",
    "Cuban interests" — tried after the object itself."""
    found = [Filler(p, "dobj>poss") for p in _children(obj, ("poss",))]
    found += [Filler(o, f"dobj>prep:{w}") for w, o in _pobjs(obj, ("of", "by", *TARGET_PREPS))]
    found += [Filler(m, f"dobj>{m.dep_}") for m in _children(obj, MOD_DEPS) if m.i < obj.i]
    return found


def noun_roles(noun: Token, event_type: str, agent_verbs: frozenset[str],
               recipient_verbs: frozenset[str], mode: str | None = None) -> Roles:
    """Source and target phrases of a trigger noun (``mode``: its lexicon mode)."""
    of_is_target = event_type in OF_IS_TARGET or (event_type, mode) in OF_IS_TARGET_MODES
    sources: list[Filler] = [Filler(p, "poss") for p in _children(noun, ("poss",))]
    targets: list[Filler] = []
    mods = [m for m in _children(noun, MOD_DEPS) if m.i < noun.i]
    sources.extend(Filler(m, m.dep_) for m in mods)
    # "a US drone strike", "Israeli tank fire": the actor modifies the weapon's word
    sources.extend(Filler(n, f"compound>{n.dep_}") for m in mods if m.dep_ == "compound"
                   for n in _children(m, ("amod", "compound")) if n.i < m.i)
    for word, obj in _pobjs(noun, ("by", "from", "of", *TARGET_PREPS)):
        if word == "from" and event_type in FROM_IS_TARGET:
            targets.append(Filler(obj, "prep:from"))
        elif word in SOURCE_PREPS:
            sources.append(Filler(obj, f"prep:{word}"))
        elif word == "of" and not of_is_target and event_type in FROM_IS_TARGET \
                and (left := [o for w, o in _pobjs(obj, ("from",))]):
            # "the withdrawal of some forces from Panama": the parser hangs what is left
            # on the forces; it is no part of who leaves (the light verb's subject is)
            targets.extend(Filler(o, "prep:of>prep:from") for o in left)
        elif word == "of":
            (targets if of_is_target else sources).append(Filler(obj, "prep:of"))
        else:
            targets.append(Filler(obj, f"prep:{word}"))
    for clause in _children(noun, ("ccomp", "acl")):  # "its demand that Israel ease ..."
        if any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
            targets.extend(Filler(s, "noun>that-clause-subj")
                           for s in _children(clause, ("nsubj", "nsubjpass")))
    for acl in _children(noun, ("acl",)):  # "sanctions imposed by the US on Cuba"
        sources.extend(Filler(o, "acl>prep:by") for _, o in _pobjs(acl, ("by",)))
        targets.extend(Filler(o, f"acl>prep:{w}") for w, o in _pobjs(acl, TARGET_PREPS))
    if event_type in TOPIC_IS_TARGET:
        # "an investigation into abuses by Chilean troops", "a protest against Sweden's
        # decision": who did what the conflict is about
        targets.extend(Filler(f.token, f"prep:{w}>{f.how}")
                       for w, o in _pobjs(noun, TARGET_PREPS) for f in inside_object(o))
    verb, _ = governing_verb(noun)
    if verb is not None:
        lemma = base_form(verb, agent_verbs | recipient_verbs)
        vsubj = subject(verb)
        if lemma in recipient_verbs and not is_passive(verb):
            if vsubj is not None:
                targets.insert(0, Filler(vsubj.token, f"light-recipient:{lemma}"))
            sources.extend(Filler(o, f"light>prep:{w}") for w, o in _pobjs(verb, SOURCE_PREPS))
        elif lemma in agent_verbs:
            if vsubj is not None:
                sources.append(Filler(vsubj.token, f"light:{lemma}:{vsubj.how}"))
            targets.extend(Filler(o, f"light>prep:{w}") for w, o in _pobjs(verb, TARGET_PREPS))
            targets.extend(Filler(o, "light>dative") for o in _children(verb, ("dative",)))
    return Roles(sources, targets)


def base_form(verb: Token, known: frozenset[str]) -> str:
    """The verb's lemma, or the regular base of its form when that is a known verb and the
    lemmatizer missed it ("staged" is lemmatized "stag")."""
    lemma = verb.lemma_.lower()
    if lemma in known:
        return lemma
    form = verb.lower_
    for suffix, add in INFLECTIONS:
        if form.endswith(suffix) and form[:-len(suffix)] + add in known:
            return form[:-len(suffix)] + add
    return lemma


def governing_verb(noun: Token) -> tuple[Token | None, str]:
    """The verb a trigger noun is the object (or passive subject) of: "signed an agreement",
    "an agreement was signed", "paid a visit", "made progress on talks" stays unrelated."""
    tok = noun
    for _ in range(3):
        if tok.dep_ in ("dobj", "nsubjpass", "attr", "oprd"):
            head = tok.head
            if head.pos_ in ("VERB", "AUX"):
                return head, "passive" if tok.dep_ == "nsubjpass" else "object"
            return None, ""
        if tok.dep_ in ("conj", "appos", "compound"):
            tok = tok.head
            continue
        if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.lower_ in ("of",):
            tok = tok.head.head  # "shipped 40 tons of relief supplies"
            continue
        if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.lower_ in PHRASAL \
                and tok.head.head.pos_ == "VERB":
            return tok.head.head, "prep"  # "went on strike", "engaged in talks"
        break
    return None, ""
