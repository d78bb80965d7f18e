"""Hand-built records for store tests (no spaCy model needed)."""

from __future__ import annotations

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
