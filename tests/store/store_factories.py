"""Hand-built records for store tests (no spaCy model needed)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tidings.records import (
    ActorRef,
    Article,
    CodedArticle,
    Event,
    Evidence,
    Location,
    Quantity,
    Sentence,
)
from tidings.store.writer import Batch, RunInfo, StoreWriter

QUAD = {"AGREE": 1, "COOPERATE": 1, "AID": 2, "ACCUSE": 3, "THREATEN": 3, "SANCTION": 4,
        "ASSAULT": 4}
INTENSITY = {"AGREE": 3.0, "COOPERATE": 4.0, "AID": 7.0, "ACCUSE": -2.0, "THREATEN": -4.0,
             "SANCTION": -5.0, "ASSAULT": -9.0}


def make_event(doc_id: str, sentence: str, start: int, src: str, tgt: str, etype: str,
               date: str | None = "2025-03-04") -> Event:
    trigger = sentence.split()[1]
    evidence = Evidence(sentence=sentence, start=start, end=start + len(sentence),
                        trigger=trigger, rule=f"test.{etype.lower()}",
                        trigger_start=start + sentence.index(trigger),
                        trigger_end=start + sentence.index(trigger) + len(trigger))
    return Event(
        event_id=Event.make_id(doc_id, start, trigger, src, tgt), doc_id=doc_id, type=etype,
        source=ActorRef(text=src, name=src, country=src, sector="GOV"),
        target=ActorRef(text=tgt, name=tgt, country=tgt, sector="GOV"),
        evidence=evidence, date=date, date_precision="day" if date else None,
        quad_class=QUAD[etype], intensity=INTENSITY[etype], cameo_root="05",
        location=Location("Havana", "CUB"), quantities=[Quantity(2.0, "ships", "two ships")],
        coder="test-coder 0.1")


def make_coded(text: str, events: list[tuple[str, str, str]], date: str = "2025-03-04",
               outlet: str = "Example Wire", duplicate_of: str | None = None) -> CodedArticle:
    """An article whose sentences are ``text`` split on '. ', with events per sentence."""
    doc_id = Article.make_id(text + outlet + (duplicate_of or ""))
    article = Article(doc_id=doc_id, text=text, title=text.split(".")[0], published=date,
                      source_name=outlet, origin=f"{outlet}.txt", duplicate_of=duplicate_of,
                      duplicate_kind="near" if duplicate_of else None)
    sentences, coded_events, offset = [], [], 0
    for index, part in enumerate(text.split(". ")):
        sentences.append(Sentence(doc_id, index, offset, offset + len(part), part))
        for src, tgt, etype in events[index:index + 1]:
            coded_events.append(make_event(doc_id, part, offset, src, tgt, etype, date))
        offset += len(part) + 2
    return CodedArticle(article=article, sentences=sentences, events=coded_events)


def with_actors(coded: CodedArticle, source: ActorRef | None,
                target: ActorRef | None) -> CodedArticle:
    """``coded`` with its one event's source and target replaced (``None``: no actor)."""
    return replace(coded, events=[replace(e, source=source, target=target)
                                  for e in coded.events])


def actor(text: str, country: str | None) -> ActorRef:
    return ActorRef(text=text, name=None, country=country, sector="COP")


def write_unknown_country_store(path: Path) -> Path:
    """Three Chile–Peru events over three months, one Peru–Chile, and five events with an
    actor of unknown country: Chile → a union, a militia → Peru, an agentless passive on
    Chile's side, Peru's police → students abroad (undated), and one with both unknown."""
    coded = [make_coded(f"Santiago praised Lima on item {m}. End", [("CHL", "PER", "AGREE")],
                        date=f"2025-0{m}-10", outlet=f"a{m}") for m in (1, 2, 3)]
    coded.append(make_coded("Lima thanked Santiago warmly. End", [("PER", "CHL", "AGREE")],
                            date="2025-02-12", outlet="b"))
    unknown = [
        ("Santiago accused the dockers' union. End", actor("Chile", "CHL"),
         actor("the dockers' union", None), "2025-01-20"),
        ("A militia threatened the Peruvian army. End", actor("A militia", None),
         actor("the Peruvian army", "PER"), "2025-02-20"),
        ("Two Chilean officials were assaulted. End", None, actor("Chilean officials", "CHL"),
         "2025-03-20"),
        ("Police detained students. End", actor("Peruvian police", "PER"),
         actor("students", None), None),
        ("Rebels assaulted a convoy. End", actor("Rebels", None), actor("a convoy", None),
         "2025-03-22"),
    ]
    for i, (text, src, tgt, day) in enumerate(unknown):
        base = make_coded(text, [("CHL", "PER", "ACCUSE")], date=day or "2025-01-01",
                          outlet=f"u{i}")
        base = replace(base, events=[replace(e, date=day) for e in base.events])
        coded.append(with_actors(base, src, tgt))
    writer = StoreWriter(path)
    writer.start(RunInfo())
    writer.write(Batch(coded=coded))
    return path
