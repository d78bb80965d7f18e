"""Resolve the noun phrases of an annotated article to actors (country, sector, identity).

How it works, per sentence:

1. *KB matches*: the longest token n-grams that name a KB entry (country name, alias, demonym,
   capital, seat of power, organization, person, city or region), folded for
   case/diacritics/hyphens; short acronyms ("US", "UN") must match their exact case.
   Capitalized words only (and "al-"/"el-" names), so "turkey" the bird and "us" the pronoun
   never match. A city or region is never an actor by itself: it places the phrase it is
   in and counts as its country in the sentence.
2. *Candidate heads*: each match's syntactic root, every role noun from ``sectors.yaml``
   ("authorities", "specialists", "minister") and every PERSON entity.
3. *Merging*: a candidate that modifies another candidate (compound, adjective, possessive,
   apposition, "of"/"in"/"from" phrase) joins it, so "Russian Deputy Prime Minister Yuri
   Borisov", "the minister of Foreign Affairs of Cuba, Bruno Rodríguez Padilla" and "protesters
   in Caracas" are each one mention.
4. *Deciding*: a known person wins (country and sector from the role held on the article's
   date), then an organization, then a role noun with a country (an office title with a country
   and no name becomes the office holder on that date), then a bare country. Role nouns and
   unknown people without any country are emitted last, with a null country
   (``role-phrase.no-country``, ``name.unknown-person``): their events are coded too.
5. *In-document reference* (``coref.py``): surname-only mentions, descriptors ("the Caribbean
   nation"), groups ("both countries") and pronouns, from the document's own earlier mentions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from spacy.tokens import Doc, Span, Token

from tidings.actors.coref import DocumentContext, resolve_references
from tidings.actors.kb import KnowledgeBase, NameEntry, Person
from tidings.actors.names import fold
from tidings.annotate import AnnotatedArticle
from tidings.annotate.parse import token_at
from tidings.clean.metadata import first_full_date
from tidings.records import Actor, Mention

MERGE_DEPS = frozenset({"compound", "amod", "poss", "nmod", "appos", "flat", "npadvmod"})
LINK_PREPS = frozenset({"of", "in", "from"})
NOMINAL = frozenset({"NOUN", "PROPN"})
MAX_NGRAM = 8
COUNTRY_KINDS = frozenset({"country", "demonym", "metonym", "capital"})
INTERNATIONAL = frozenset({"IGO", "NGO", "IMG", "MNC"})
CREDIT_WORDS = frozenset({"photo", "photos", "photograph", "file", "credit", "source", "image"})


@dataclass
class Part:
    """One piece of evidence inside a phrase: a KB match, a role noun or a person name."""

    start: int  # token indices in the Doc
    end: int
    entries: list[NameEntry] = field(default_factory=list)
    person: Person | None = None
    person_rule: str = ""
    person_evidence: str = ""
    role_sector: str | None = None
    located: bool = False  # joined through "in X": the country of a place, weaker evidence
    link: str = ""  # the dependency through which it joined its phrase ("" = the head)

    @property
    def kind(self) -> str:
        if self.person is not None:
            return "person"
        if self.entries:
            return self.entries[0].kind
        return "role" if self.role_sector else "name"


@dataclass
class Group:
    """A phrase: its head token and the parts merged into it."""

    head: Token
    parts: list[Part] = field(default_factory=list)


class ActorResolver:
    """Resolves every actor mention of an :class:`AnnotatedArticle`."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def resolve(self, annotated: AnnotatedArticle) -> list[Mention]:
        article = annotated.article
        # Office holders are looked up on the article's date: its published date, else the
        # first date its text writes in full; never "today".
        ctx = DocumentContext(doc_id=article.doc_id, date=(article.published or "")[:10]
                              or first_full_date(article.text))
        mentions: list[Mention] = []
        for index, (sentence, span) in enumerate(zip(annotated.sentences, annotated.spans,
                                                     strict=True)):
            groups = self._groups(span, ctx)
            found = [self._decide(g, index, ctx) for g in groups]
            found_ok = _ethnic_minorities(
                _split_coordinated([m for m in found if m is not None], span), span)
            found_ok += self._contextual_roles(
                [g for g, m in zip(groups, found, strict=True) if m is None], found_ok,
                _place_countries(groups), index, ctx)
            if sentence.kind == "caption":
                found_ok = [m for m in found_ok if not _is_credit(span, m)]
            ctx.add(found_ok)
            found_ok += resolve_references(self.kb, span, index, found_ok, ctx)
            ctx.add([m for m in found_ok if m.from_coref])
            # Actors with no country the text gives: kept as mentions (their events are
            # coded, with a null country), never lent to pronouns or context.
            unplaced = self._unplaced(groups, span, found_ok, index, ctx)
            if sentence.kind == "caption":
                unplaced = [m for m in unplaced if not _is_credit(span, m)]
            # People the KB does not know are still who a later "he" or "she" is.
            ctx.add([m for m in unplaced if m.actor and m.actor.kind == "person"])
            unplaced += _lone_pronouns(span, found_ok + unplaced, index, ctx.doc_id)
            mentions.extend(found_ok + unplaced)
        return sorted(mentions, key=lambda m: (m.sentence_index, m.start, m.end))

    def _contextual_roles(self, unresolved: list[Group], found: list[Mention],
                          places: set[str], index: int,
                          ctx: DocumentContext) -> list[Mention]:
        """Role phrases with no country of their own ("police", "opposition protesters") take
        the one country of their sentence, or else the one country of the article so far:
        news names the country once and then speaks of "the police". A city or region the
        sentence names counts as its country ("police in a town in Kordofan"). With two or
        more candidate countries nothing is guessed."""
        here = places | {m.actor.country for m in found if m.actor and m.actor.country
                         and len(m.actor.country) == 3 and m.actor.country not in INTERNATIONAL}
        earlier = {c for c, _ in ctx.recent_countries((index, -1))}
        country, why = None, ""
        if len(here) == 1:
            country, why = next(iter(here)), "the one country named in the sentence"
        elif not here and len(earlier) == 1:
            country, why = next(iter(earlier)), "the one country named in the article"
        if country is None or country not in self.kb.countries:
            return []
        out: list[Mention] = []
        for group in unresolved:
            role = _role_part(group)
            if role is None or role.role_sector in (None, "IGO", "NGO"):
                continue
            actor, _, evidence = self._role_actor(group, role, country, why, ctx)
            out.append(_group_mention(group, index, ctx.doc_id, actor,
                                      "role-phrase.context-country", evidence, 0.5))
        return out

    def _unplaced(self, groups: list[Group], span: Span, found: list[Mention], index: int,
                  ctx: DocumentContext) -> list[Mention]:
        """Actors the text names without a country it gives: role phrases ("riot police",
        "a farmers' union") and people the KB does not know. Country is null; the sector is
        the role noun's, when there is one."""
        taken = [(m.start, m.end) for m in found]
        out: list[Mention] = []
        for group in groups:
            doc = group.head.doc
            first = doc[min(min(p.start for p in group.parts), _phrase_start(group.head))]
            last = doc[max(p.end for p in group.parts) - 1]
            if any(s < last.idx + len(last) and first.idx < e for s, e in taken):
                continue  # "the U.N. war crimes court": the court is the U.N.'s
            role = _role_part(group)
            if role is not None:
                text = group.head.doc[role.start:role.end].text
                actor = Actor(name=text, sector=role.role_sector, kind=_group_kind(group))
                rule, why = "role-phrase.no-country", f"role noun {text!r} -> " \
                                                      f"{role.role_sector}; no country given"
            elif all(p.kind == "name" for p in group.parts):
                m = _group_mention(group, index, ctx.doc_id, None, "", "", 0.4)
                actor = Actor(name=m.text, kind="person")
                rule, why = "name.unknown-person", "a person the KB does not list"
            else:
                continue
            out.append(_group_mention(group, index, ctx.doc_id, actor, rule, why, 0.4))
            taken.append((out[-1].start, out[-1].end))
        # Unknown ORG entities are not taken: the small models tag too many of them wrongly
        # ("Later Díaz-Canel"); an organization is found through its role noun ("the
        # farmers' union") or the KB.
        return out

    # --- finding parts -----------------------------------------------------------------------

    def _matches(self, span: Span, ctx: DocumentContext) -> Iterator[Part]:
        doc = span.doc
        i = span.start
        longest = min(self.kb.max_name_tokens, MAX_NGRAM)
        reach = self._reach(span)
        while i < span.end:
            part = None
            if _may_start_name(doc[i]) and reach[i - span.start] > i:
                for n in range(min(longest, reach[i - span.start] - i), 0, -1):
                    part = self._lookup(doc, i, i + n, ctx)
                    if part is not None:
                        break
            if part is not None:
                yield part
                i = part.end
            else:
                i += 1

    def _reach(self, span: Span) -> list[int]:
        """For each token of ``span``, the end beyond which no n-gram starting there can be
        a name (the token itself when none can start there): a whole word (spaces on both
        sides) that is in no KB name and no PERSON entity ends every n-gram it would join.
        Only a pruning: every n-gram it lets through is still looked up as before."""
        doc = span.doc

        def blocks(tok: Token) -> bool:
            return (tok.ent_type_ != "PERSON" and bool(tok.whitespace_ or tok.i == len(doc) - 1)
                    and (tok.i == 0 or bool(doc[tok.i - 1].whitespace_))
                    and not self.kb.could_name(tok.text))

        reach = [0] * len(span)
        end = span.end
        for tok in reversed(span):
            reach[tok.i - span.start] = end
            if blocks(tok):
                end = tok.i
                if tok.lower_ != "the":  # "the" is dropped from the front of a name
                    reach[tok.i - span.start] = tok.i
        return reach

    def _lookup(self, doc: Doc, start: int, end: int, ctx: DocumentContext) -> Part | None:
        last = doc[end - 1]
        if last.is_punct or last.is_space or doc[start].is_space or not any(t.text[:1].isupper() for t in doc[start:end]):
            return None
        text = doc[start:end].text
        people = self.kb.lookup_person(text)
        if people:
            person = people[0]
            return Part(start, end, person=person, person_rule="kb.person",
                        person_evidence=f"people.yaml {person.id}")
        entries = self.kb.lookup(text)
        if entries and doc[start].lower_ == "the" and all(e.kind == "demonym" for e in entries):
            return None  # "the Russian side": the demonym alone is the match
        if entries:
            return Part(start, end, entries=entries)
        if end - start >= 1 and doc[start].ent_type_ == "PERSON" and last.ent_type_ == "PERSON":
            return self._surname(doc, start, end, ctx)
        return None

    def _surname(self, doc: Doc, start: int, end: int, ctx: DocumentContext) -> Part | None:
        """A surname-only (or partial-name) mention: the document's earlier person first, then
        the one KB person of that surname in office on the article's date."""
        whole = doc[start].ent_iob_ == "B" and (end == len(doc) or doc[end].ent_iob_ != "I")
        if not whole:
            return None  # only a whole PERSON entity is looked up by surname
        text = doc[start:end].text
        earlier = ctx.person_by_surname(text)
        if earlier is not None:
            return Part(start, end, person=earlier, person_rule="coref.surname",
                        person_evidence=f"same surname as an earlier mention of {earlier.name}")
        people = self.kb.people_by_surname(text, ctx.date)
        if len(people) == 1:
            return Part(start, end, person=people[0], person_rule="kb.person.surname",
                        person_evidence=f"only {people[0].name} ({people[0].id}) of that surname "
                                        f"held office on {ctx.date or 'the latest date'}")
        return None

    def _groups(self, span: Span, ctx: DocumentContext) -> list[Group]:
        doc = span.doc
        parts = list(self._matches(span, ctx))
        covered = {i for p in parts for i in range(p.start, p.end)}
        ents: dict[int, Span] | None = None
        for tok in span:
            if tok.i in covered or tok.pos_ not in NOMINAL:
                continue
            sector = self._sector(tok)
            if sector:
                parts.append(Part(tok.i, tok.i + 1, role_sector=sector))
            elif tok.ent_type_ == "PERSON" and tok.ent_iob_ == "B":
                if ents is None:  # doc.ents builds every entity: once per sentence
                    ents = {e.start: e for e in doc.ents}
                ent = ents.get(tok.i)
                if ent is not None and not covered.intersection(range(ent.start, ent.end)):
                    parts.append(Part(ent.start, ent.end))
                    covered.update(range(ent.start, ent.end))
        return _merge(doc, parts)

    def _sector(self, tok: Token) -> str | None:
        """The sector of a role noun: by lemma, by its text, and for a capitalised plural the
        tagger took for a name ("Rebels in Mosul ...", lemma "Rebels") by its singular."""
        terms = self.kb.sector_terms
        found = terms.get(fold(tok.lemma_)) or terms.get(fold(tok.text))
        if found is None and tok.pos_ == "PROPN" and tok.lower_.endswith("s"):
            found = terms.get(fold(tok.text[:-1]))
        return found

    # --- deciding ----------------------------------------------------------------------------

    def _decide(self, group: Group, index: int, ctx: DocumentContext) -> Mention | None:
        actor, rule, evidence = self._actor(group, ctx)
        if actor is None:
            return None
        doc = group.head.doc
        start = min(p.start for p in group.parts)
        end = max(p.end for p in group.parts)
        if any(p.role_sector for p in group.parts):
            start = min(start, _phrase_start(group.head))
        text = doc[start:end].text
        return Mention(doc_id=ctx.doc_id, text=text, start=doc[start].idx,
                       end=doc[end - 1].idx + len(doc[end - 1].text), sentence_index=index,
                       actor=actor, rule=rule, evidence=evidence,
                       confidence=0.9 if rule.startswith("kb.") else 0.7)

    def _actor(self, group: Group, ctx: DocumentContext) -> tuple[Actor | None, str, str]:
        parts = group.parts
        role = _role_part(group)
        # "Putin's envoy" is the envoy, not Putin: a possessor lends only its country.
        person = next((p for p in parts if p.person is not None and p.link != "poss"), None)
        if person is not None and person.person is not None:
            return self._person_actor(person.person, role, person, ctx)
        parts = [_as_country(self.kb, p, ctx.date) if p.person is not None else p for p in parts]
        org = next((e for p in parts if not p.located for e in p.entries
                    if e.kind == "organization"), None)
        of_place = _people_of_place(group)
        parts = [dataclasses.replace(p, located=True) if p in of_place else p for p in parts]
        minority = bool(of_place) or _marked_ethnic(group)
        country, why = _country(parts, minority=minority)
        # "al-Qaeda leaders in Yemen": the group's own name says who they are; the place
        # where they are only locates them
        placed_only = country is not None and _country(
            [p for p in parts if not p.located])[0] is None
        if org is not None and (role is None or country is None or placed_only):
            o = self.kb.organizations[org.ref]
            sector = o.sector if role is None or o.country in ("IGO", "NGO", "IMG", "MNC") \
                else role.role_sector
            return (Actor(name=o.name, country=o.country, sector=sector, entity_id=o.id,
                          kind="organization"), "kb.org", f"organizations.yaml {o.id}")
        if role is not None and country is not None:
            return self._role_actor(group, role, country, why, ctx)
        if role is None and all(p.kind == "place" for p in parts):
            return None, "", ""  # a city or region is where actors are, not an actor
        if role is None and minority and country is not None:
            # a minority is civilians living in the state, not the state itself: "Albanians
            # in Serbia demand autonomy from Serbia" is no state demanding of itself
            name = self.kb.countries[country].name
            return (Actor(name=f"{group.head.text} of {name}", country=country, sector="CVL",
                          kind="group"), "kb.minority", why)
        if role is None and country is not None and len(parts) == 1:
            entry = parts[0].entries[0]
            name = self.kb.countries[country].name
            return (Actor(name=name, country=country, sector=entry.sector, kind="country"),
                    f"kb.country.{entry.kind}", f"countries.yaml {country}: {entry.text!r}")
        if role is None and country is not None:
            name = self.kb.countries[country].name
            return (Actor(name=name, country=country, kind="country"),
                    "kb.country.name", why)
        return None, "", ""

    def _person_actor(self, person: Person, role: Part | None, part: Part,
                      ctx: DocumentContext) -> tuple[Actor, str, str]:
        held = person.role_on(ctx.date) or person.role_on(None)
        country = held.country if held else person.country
        sector = held.sector if held else (role.role_sector if role else None)
        title = held.title if held else None
        rule = part.person_rule or "kb.person"
        evidence = part.person_evidence
        if held:
            evidence += f"; {held.title} from {held.start}" + (f" to {held.end}" if held.end
                                                               else "")
        return (Actor(name=person.name, country=country, sector=sector, entity_id=person.id,
                      role=title, kind="person"), rule, evidence)

    def _role_actor(self, group: Group, role: Part, country: str, why: str,
                    ctx: DocumentContext) -> tuple[Actor, str, str]:
        doc = group.head.doc
        phrase = doc[role.start:role.end]
        office = self._office(group)
        # Without a date the holder is unknown: the phrase stays a role, not a guessed person.
        if office and ctx.date and not any(p.kind == "name" for p in group.parts):
            holder = self.kb.office_holder(country, office, ctx.date)
            if holder is not None:
                part = Part(role.start, role.end, person=holder, person_rule="kb.person.dated-role",
                            person_evidence=f"{office} of {country} on "
                                            f"{ctx.date}: {holder.id}")
                return self._person_actor(holder, role, part, ctx)
        sector = role.role_sector
        return (Actor(name=f"{self.kb.countries[country].name} {phrase.text}" if country
                      in self.kb.countries else phrase.text, country=country, sector=sector,
                      kind=_group_kind(group)),
                "role-phrase", f"role noun {phrase.text!r} -> {sector}; country {why}")

    def _office(self, group: Group) -> str | None:
        """An office title in the phrase ("prime minister", "minister of foreign affairs")."""
        head = group.head
        words = [t for t in head.lefts if t.dep_ in ("compound", "amod")] + [head]
        texts = [fold(" ".join(t.text for t in words[k:])) for k in range(len(words))]
        of = [c for c in head.rights if c.dep_ == "prep" and c.lower_ in ("of", "for")]
        if of:
            texts.insert(0, fold(f"{head.text} {of[0].lower_} "
                                 f"{' '.join(t.text for t in of[0].subtree)}"))
            texts.insert(0, fold(f"{head.text} of {' '.join(t.text for t in of[0].rights)}"))
        for text in texts:
            for k in range(len(text.split())):
                key = " ".join(text.split()[: len(text.split()) - k])
                if key in self.kb.office_terms:
                    return self.kb.office_terms[key]
        return None

    def resolve_span(self, span: Span, annotated: AnnotatedArticle,
                     mentions: list[Mention]) -> list[Mention]:
        return mentions_for_span(span, annotated, mentions)


def mentions_for_span(span: Span, annotated: AnnotatedArticle,
                      mentions: list[Mention]) -> list[Mention]:
    """The mentions a span refers to: those containing its root (all of a group reference),
    plus those of the root's conjuncts; else the mentions inside the span that are not inside
    a prepositional phrase of it."""
    doc = span.doc
    same = [m for m in mentions if annotated.spans[m.sentence_index].doc is doc]

    def at(tok: Token) -> list[Mention]:
        return [m for m in same if m.start <= tok.idx < m.end]

    root = span.root
    found = at(root)
    if found:
        # a list the parser made an apposition ("The US, Russia and Switzerland met") is
        # listed too: its items are other mentions (``_listed_not_apposed``)
        listed = [c for c in root.children if c.dep_ in ("appos", "npadvmod")]
        for conj in [*root.conjuncts, *listed, *(t for c in listed for t in c.conjuncts)]:
            found += [m for m in at(conj) if m not in found]
        return found
    inside = [m for m in same if span.start_char <= m.start and m.end <= span.end_char]
    return [m for m in inside if not _under_prep(doc.char_span(m.start, m.end,
                                                               alignment_mode="expand"), root)]


def _under_prep(mspan: Span | None, root: Token) -> bool:
    if mspan is None:
        return True
    tok = mspan.root
    while tok.i != root.i and tok.head.i != tok.i:
        if tok.dep_ in ("prep", "pobj", "relcl", "acl", "advcl", "ccomp"):
            return True
        tok = tok.head
    return False


# --- helpers -------------------------------------------------------------------------------------


def _may_start_name(tok: Token) -> bool:
    # Arabic names keep a lowercase article: "al-Qaeda", "el-Sisi"
    article = tok.lower_ in ("al", "el") and tok.i + 1 < len(tok.doc) \
        and tok.doc[tok.i + 1].text == "-"
    return (tok.text[:1].isupper() or tok.lower_ == "the" or article) and not tok.is_punct


def _phrase_start(head: Token) -> int:
    start = head.i
    for left in reversed(list(head.lefts)):
        if left.dep_ in ("det", "amod", "compound", "poss", "nummod", "case") \
                or left.i == start - 1:
            start = min(start, left.left_edge.i)
    return start


def _root_of(doc: Doc, part: Part) -> Token:
    """The part's syntactic root: its token attached outside it. A leading "the" hangs on
    the phrase's head too ("The US commander"), so it is the root only when nothing else is."""
    outside = [t for t in doc[part.start:part.end]
               if not part.start <= t.head.i < part.end or t.head.i == t.i]
    return next((t for t in outside if t.dep_ != "det"), outside[0] if outside
                else doc[part.end - 1])


def _climb(tok: Token) -> Iterator[tuple[Token, bool]]:
    """Ancestors a phrase part can join: through modifier links and "of/in/from" phrases.
    Yields (ancestor, located) where located means the link went through "in"."""
    located = False
    for _ in range(4):
        if tok.dep_ in MERGE_DEPS and tok.head.i != tok.i:
            tok = tok.head
        elif (tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.lower_ in LINK_PREPS
              and tok.head.head.pos_ in NOMINAL):
            located = located or tok.head.lower_ == "in"
            tok = tok.head.head
        else:
            return
        yield tok, located


def _merge(doc: Doc, parts: list[Part]) -> list[Group]:
    roots = {_root_of(doc, p).i: p for p in parts}
    owner: dict[int, int] = {}
    for i in roots:
        owner[i] = i
        for anc, located in _climb(doc[i]):
            if anc.i in roots and anc.i != i:
                if _listed_not_apposed(doc[i], roots[i], anc, roots[anc.i]):
                    break
                owner[i] = anc.i
                roots[i].located = roots[i].located or located
                roots[i].link = doc[i].dep_
                break
    def top(i: int) -> int:
        seen = set()
        while owner[i] != i and i not in seen:
            seen.add(i)
            i = owner[i]
        return i
    groups: dict[int, Group] = {}
    for i, part in sorted(roots.items()):
        t = top(i)
        groups.setdefault(t, Group(head=doc[t])).parts.append(part)
    return list(groups.values())


def _listed_not_apposed(tok: Token, part: Part, head: Token, head_part: Part) -> bool:
    """"The US, Russia and Switzerland", "in Liberia, the World Food Program said": the parser
    makes an apposition (or a modifier) of a list or of a clause's next subject. Two
    countries or organizations the KB knows as different entities, with a comma between
    them, are never one actor, so they are not merged; "Hamas, the Palestinian group" (a
    role) and "Russia's Gazprom" still are."""
    if tok.head.i != head.i:
        return False
    between = tok.doc[min(tok.i, head.i) + 1:max(tok.i, head.i)]
    if not any(t.text == "," for t in between):
        return False
    kinds = {"country", "organization"}
    if not (part.entries and head_part.entries and part.kind in kinds
            and head_part.kind in kinds):
        return False
    return not {e.ref for e in part.entries} & {e.ref for e in head_part.entries}


def _role_part(group: Group) -> Part | None:
    roles = [p for p in group.parts if p.role_sector]
    if not roles:
        return None
    head = next((p for p in roles if p.start <= group.head.i < p.end), None)
    return head or max(roles, key=lambda p: p.start)


def _country(parts: list[Part], minority: bool = False) -> tuple[str | None, str]:
    """The phrase's country: direct modifiers (name, demonym, possessive, "of X") before
    places joined by "in", and countries before cities or regions ("Darfur rebels");
    organizations and people give theirs too. A ``minority`` ("ethnic Albanians in Serbia")
    is coded with the state where it lives (docs/annotation.md): there the place comes
    first."""
    ranked = sorted(parts, key=lambda p: (p.located != minority, p.kind == "place"))
    for part in ranked:
        for entry in part.entries:
            if entry.kind in COUNTRY_KINDS or entry.kind == "place":
                how = "located by " if part.located else ""
                how = "ethnic minority " + how if minority and part.located else how
                return entry.ref, f"{how}{entry.kind} {entry.text!r} ({entry.ref})"
    return None, ""


def _marked_ethnic(group: Group) -> bool:
    """"ethnic Albanians in Serbia", "ethnic Russian villagers in Estonia": the phrase is
    marked as a minority and placed by "in"."""
    if not any(p.located for p in group.parts):
        return False
    doc = group.head.doc
    start = min(min(p.start for p in group.parts), _phrase_start(group.head))
    return any(t.lower_ == "ethnic" for t in doc[max(start - 1, 0):group.head.i])


def _people_of_place(group: Group) -> list[Part]:
    """"the Albanians of southern Serbia", "the Hungarians of Romania": a people named by
    its plural demonym and placed by "of" in another state is a minority there, coded like
    "ethnic Albanians in Serbia" (docs/annotation.md). Returns the placing parts, or none."""
    head = group.head
    own = next((p for p in group.parts if p.start <= head.i < p.end), None)
    if head.tag_ not in ("NNPS", "NNS") or own is None or not own.entries \
            or any(e.kind != "demonym" for e in own.entries):
        return []
    doc = head.doc
    homes = {e.ref for e in own.entries}
    return [p for p in group.parts if p is not own and p.link == "pobj"
            and (placer := _root_of(doc, p).head).lower_ == "of" and placer.head.i == head.i
            and any(e.kind in COUNTRY_KINDS | {"place"} and e.ref not in homes
                    for e in p.entries)]


def _place_countries(groups: list[Group]) -> set[str]:
    """Countries of the cities and regions a sentence names (KB places)."""
    return {e.ref for g in groups for p in g.parts for e in p.entries if e.kind == "place"}


def _as_country(kb: KnowledgeBase, part: Part, date: str | None) -> Part:
    """A possessor person ("Putin's envoy") as the country they served on the date."""
    assert part.person is not None
    held = part.person.role_on(date)
    iso3 = held.country if held else part.person.country
    entry = NameEntry("country", iso3, None, part.person.name)
    return Part(part.start, part.end, entries=[entry], located=part.located, link=part.link)


# Personal pronouns that, with nothing in the article to refer to, are still the actor the
# sentence names (annotation manual D33: "even a pronoun"); "it" and "they" too often stand
# for things.
LONE_PRONOUNS = frozenset({"he", "she", "i", "we"})


def _lone_pronouns(span: Span, found: list[Mention], index: int, doc_id: str) -> list[Mention]:
    """A subject "he", "she", "I" or "we" coreference left unresolved, with no mention before
    it in its sentence (which it might mean: "a senior minister said ... as he left"): an
    actor of unknown identity (country and sector null), so "He urged the government to
    resign" is still coded. Never lent to later pronouns or context."""
    out: list[Mention] = []
    for tok in span:
        if tok.lower_ not in LONE_PRONOUNS or tok.dep_ != "nsubj" \
                or any(m.start <= tok.idx for m in found):
            continue
        out.append(Mention(doc_id=doc_id, text=tok.text, start=tok.idx,
                           end=tok.idx + len(tok.text), sentence_index=index,
                           actor=Actor(name=tok.text,
                                       kind="group" if tok.lower_ == "we" else "person"),
                           rule="pronoun.unresolved",
                           evidence=f"{tok.text!r}: nothing earlier in the article it refers to",
                           confidence=0.3))
    return out


def _group_kind(group: Group) -> Literal["person", "group"]:
    """A role phrase with a person's full name in it ("Labour MP Tony Banks", "spokesman
    Nigel Yeo") is a person, whom a later "he" or "she" can mean; without one it is a group
    (a single capitalised word is not enough: the small models tag the "Riot" of "Riot
    police" at the start of a sentence as a person)."""
    doc = group.head.doc
    named = any(p.kind == "name"
                and sum(t.ent_type_ == "PERSON" for t in doc[p.start:p.end]) >= 2
                for p in group.parts)
    return "person" if named else "group"


def _split_coordinated(found: list[Mention], span: Span) -> list[Mention]:
    """"U.S. and Russian negotiators" are negotiators of both countries: the group mention is
    repeated (same offsets) for each coordinated country inside it."""
    out = list(found)
    for m in found:
        if m.actor is None or m.actor.kind != "group":
            continue
        for n in found:
            if n is m or n.actor is None or n.actor.kind != "country" \
                    or n.actor.country == m.actor.country \
                    or not (m.start <= n.start and n.end <= m.end):
                continue
            tok = token_at(span, n.start)
            if tok is None or tok.dep_ != "conj":
                continue
            actor = dataclasses.replace(m.actor, country=n.actor.country,
                                        name=f"{n.text} {m.actor.name.split(' ', 1)[-1]}")
            out.append(dataclasses.replace(
                m, actor=actor, rule=f"{m.rule}.coordinated",
                evidence=f"{m.evidence}; coordinated with {n.text!r} ({n.actor.country})"))
    return out


def _ethnic_minorities(found: list[Mention], span: Span) -> list[Mention]:
    """"ethnic Hungarians in Romania": a state's demonym marked "ethnic" names a minority of
    another state, coded with the state where it lives (docs/annotation.md, the Phoenix
    convention), when the sentence names exactly one other country; else it is left as is."""
    out: list[Mention] = []
    states = {o.actor.country for o in found if o.actor and o.actor.country
              and len(o.actor.country) == 3 and o.actor.country not in INTERNATIONAL}
    for m in found:
        tok = token_at(span, m.start)
        own = m.actor.country if m.actor else None
        marked = tok is not None and (tok.lower_ == "ethnic" or (
            tok.i > 0 and tok.doc[tok.i - 1].lower_ == "ethnic"))
        # "Hungarians from Romania": a place inside the phrase is a second candidate state
        marked = marked and not LINK_PREPS & set(m.text.lower().split())
        others = states - {own}
        if not (marked and m.actor and own and len(others) == 1):
            out.append(m)
            continue
        home = next(iter(others))
        actor = dataclasses.replace(m.actor, country=home, sector=m.actor.sector or "CVL",
                                    kind="group", entity_id=None)
        out.append(dataclasses.replace(
            m, actor=actor, rule=f"{m.rule}|ethnic-minority",
            evidence=f"{m.evidence}; 'ethnic' {own} minority in {home}, the one other "
                     f"country of the sentence"))
    return out


def _group_mention(group: Group, index: int, doc_id: str, actor: Actor | None, rule: str,
                   evidence: str, confidence: float) -> Mention:
    """The mention of a phrase, from its determiner or modifiers to its last part."""
    doc = group.head.doc
    start = min(min(p.start for p in group.parts), _phrase_start(group.head))
    end = max(p.end for p in group.parts)
    return Mention(doc_id=doc_id, text=doc[start:end].text, start=doc[start].idx,
                   end=doc[end - 1].idx + len(doc[end - 1].text), sentence_index=index,
                   actor=actor, rule=rule, evidence=evidence, confidence=confidence)


def _is_credit(span: Span, mention: Mention) -> bool:
    """A photo credit in a caption ("Photo: Reuters") is not an actor."""
    doc = span.doc
    tok = token_at(span, mention.start)
    if tok is None:
        return False
    before = [t.lower_ for t in doc[max(span.start, tok.i - 3):tok.i]]
    return ":" in before and any(w in CREDIT_WORDS for w in before)
