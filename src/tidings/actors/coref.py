"""In-document reference: what the article itself says a phrase refers to.

- descriptors ("the Caribbean nation", "the Eurasian country", "the island"): the most recent
  country mentioned earlier in the article that the KB lists the descriptor for (its own
  descriptors or its region's generic ones);
- groups ("both countries", "the two states", "both sides"): the two most recent distinct
  countries, one mention each with the same offsets;
- pronouns: "he/she/his/her/him" -> the most recent person; "its" -> the most recent country
  or organization. "it" and "they" are left alone: too often they refer to things, not actors.
Surname-only mentions are handled during matching (``resolver._surname``) with the same context.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Span

from tidings.actors.kb import KnowledgeBase, Person
from tidings.actors.names import fold, fold_person, surname_keys
from tidings.records import Actor, Mention

GROUP_NOUNS = frozenset({"countries", "nations", "states", "sides", "governments", "capitals",
                         "neighbours", "neighbors", "allies", "partners"})
GROUP_DETERMINERS = (("both",), ("the", "two"), ("the", "2"))
PERSON_PRONOUNS = frozenset({"he", "she", "his", "her", "him"})
THING_PRONOUNS = frozenset({"its"})
MAX_DESCRIPTOR = 5


@dataclass
class DocumentContext:
    """What the article has mentioned so far, in reading order."""

    doc_id: str
    date: str | None
    mentions: list[Mention] = field(default_factory=list)
    people: dict[str, Person] = field(default_factory=dict)  # surname key -> person

    def add(self, mentions: Iterable[Mention]) -> None:
        for m in mentions:
            self.mentions.append(m)

    def remember(self, person: Person) -> None:
        for name in (person.name, *person.aliases):
            for key in surname_keys(name):
                self.people.setdefault(key, person)

    def person_by_surname(self, text: str) -> Person | None:
        return self.people.get(fold_person(text))

    def recent_countries(self, before: tuple[int, int]) -> list[tuple[str, Mention]]:
        """Distinct countries mentioned before (sentence index, char offset), most recent first."""
        seen: dict[str, Mention] = {}
        for m in reversed(self.mentions):
            if (m.sentence_index, m.start) >= before:
                continue
            c = m.actor.country if m.actor else None
            if c and len(c) == 3 and c not in ("IGO", "NGO", "IMG", "MNC") and c not in seen:
                seen[c] = m
        return list(seen.items())


def resolve_references(kb: KnowledgeBase, span: Span, index: int, found: list[Mention],
                       ctx: DocumentContext) -> list[Mention]:
    """Mentions for the descriptors, groups and pronouns of one sentence."""
    for m in found:
        if m.actor and m.actor.kind == "person" and m.actor.entity_id in kb.people:
            ctx.remember(kb.people[m.actor.entity_id])
    taken = {(m.start, m.end) for m in found}
    out: list[Mention] = []
    for maker in (_descriptors, _groups, _pronouns):
        for m in maker(kb, span, index, ctx, found + out):
            if (m.start, m.end) not in taken or m.rule == "coref.group":
                out.append(m)
        taken |= {(m.start, m.end) for m in out}
    return out


def _copy(ctx: DocumentContext, span: Span, start: int, end: int, index: int, actor: Actor,
          rule: str, evidence: str) -> Mention:
    doc = span.doc
    while end - 1 > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return Mention(doc_id=ctx.doc_id, text=doc[start:end].text, start=doc[start].idx,
                   end=doc[end - 1].idx + len(doc[end - 1].text), sentence_index=index,
                   actor=actor, rule=rule, evidence=evidence, confidence=0.6)


def _inside(found: list[Mention], start_char: int) -> bool:
    return any(m.start <= start_char < m.end for m in found)


def _descriptors(kb: KnowledgeBase, span: Span, index: int, ctx: DocumentContext,
                 found: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    doc = span.doc
    for i in range(span.start, span.end):
        if doc[i].lower_ not in ("the", "this") or _inside(found, doc[i].idx):
            continue
        recent = ctx.recent_countries((index, doc[i].idx))
        for n in range(MAX_DESCRIPTOR, 0, -1):
            if i + 1 + n > span.end:
                continue
            key = fold(doc[i + 1:i + 1 + n].text)
            fits = kb.descriptors.get(key)
            if not fits:
                continue
            match = next(((c, m) for c, m in recent if c in fits), None)
            if match:
                c, earlier = match
                actor = Actor(name=kb.countries[c].name, country=c, kind="country")
                out.append(_copy(ctx, span, i, i + 1 + n, index, actor, "coref.descriptor",
                                 f"{doc[i:i + 1 + n].text!r} fits {c}, last mentioned as "
                                 f"{earlier.text!r}"))
            break
    return out


def _groups(kb: KnowledgeBase, span: Span, index: int, ctx: DocumentContext,
            found: list[Mention]) -> list[Mention]:
    doc = span.doc
    out: list[Mention] = []
    for tok in span:
        if tok.lower_ not in GROUP_NOUNS:
            continue
        recent = ctx.recent_countries((index, tok.idx))[:2]
        if len(recent) < 2:
            continue
        for det in GROUP_DETERMINERS:
            start = tok.i - len(det)
            if start >= span.start and tuple(t.lower_ for t in doc[start:tok.i]) == det:
                names = " and ".join(m.text for _, m in recent)
                for c, _ in recent:
                    actor = Actor(name=kb.countries[c].name, country=c, kind="country")
                    out.append(_copy(ctx, span, start, tok.i + 1, index, actor, "coref.group",
                                     f"the two countries last mentioned: {names}"))
                break
    return out


def _pronouns(kb: KnowledgeBase, span: Span, index: int, ctx: DocumentContext,
              found: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for tok in span:
        if tok.pos_ != "PRON" or tok.dep_ not in ("nsubj", "nsubjpass", "poss", "dobj", "pobj"):
            continue
        word = tok.lower_
        if word in PERSON_PRONOUNS:
            pool = [m for m in ctx.mentions + found if m.actor and m.actor.kind == "person"
                    and (m.sentence_index, m.start) < (index, tok.idx)]
        elif word in THING_PRONOUNS:
            pool = [m for m in ctx.mentions + found if m.actor
                    and m.actor.kind in ("country", "organization")
                    and (m.sentence_index, m.start) < (index, tok.idx)]
        else:
            continue
        last = pool[-1] if pool else None
        if last is not None and last.actor is not None:
            out.append(_copy(ctx, span, tok.i, tok.i + 1, index, last.actor, "coref.pronoun",
                             f"{tok.text!r} -> last compatible actor {last.text!r}"))
    return out
