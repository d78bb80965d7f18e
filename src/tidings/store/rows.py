"""Records → table rows (and back), the one place that knows column order."""

from __future__ import annotations

import json
import math
from datetime import date
from typing import Any

import pandas as pd

from tidings.records import (
    ActorRef,
    Article,
    CodedArticle,
    Event,
    Evidence,
    Location,
    Money,
    Quantity,
    Reject,
    Sentence,
    to_dict,
)
from tidings.store.columns import EVENT_COLUMNS

ARTICLE_COLUMNS = (
    "doc_id", "title", "text", "published", "pub_date", "author", "section", "source_path",
    "origin", "url", "source_name", "language", "format", "captions", "dropped",
    "duplicate_of", "duplicate_kind", "run_id",
)
SENTENCE_COLUMNS = ("doc_id", "idx", "start_char", "end_char", "text", "kind")
REJECT_COLUMNS = ("origin", "stage", "reason", "detail", "doc_id", "run_id")


def parse_date(text: str | None) -> date | None:
    """The calendar day of an ISO date/datetime (month/year precision → first day)."""
    if not text:
        return None
    head = text.strip()[:10]
    parts = head.split("-")
    try:
        if len(parts) == 1:
            return date(int(parts[0]), 1, 1)
        if len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 1)
        return date(int(parts[0]), int(parts[1]), int(parts[2][:2]))
    except ValueError:
        return None


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def article_row(article: Article, run_id: str) -> tuple[Any, ...]:
    return (
        article.doc_id, article.title, article.text, article.published,
        parse_date(article.published), article.author, article.section, article.source_path,
        article.origin, article.url, article.source_name, article.language, article.format,
        _json(article.captions), _json([to_dict(d) for d in article.dropped]),
        article.duplicate_of, article.duplicate_kind, run_id,
    )


def sentence_row(sentence: Sentence) -> tuple[Any, ...]:
    return (sentence.doc_id, sentence.index, sentence.start, sentence.end, sentence.text,
            sentence.kind)


def _actor(side: str, ref: ActorRef | None) -> dict[str, Any]:
    values = (ref.text, ref.name, ref.country, ref.sector, ref.entity_id) if ref else (None,) * 5
    parts = ("text", "name", "country", "sector", "entity")
    return {f"{side}_{part}": value for part, value in zip(parts, values, strict=True)}


def event_values(event: Event, run_id: str) -> dict[str, Any]:
    """The ``events`` row of ``event`` by column name (``cluster_id`` is set by the writer)."""
    ev = event.evidence
    return {
        "event_id": event.event_id, "doc_id": event.doc_id, "type": event.type,
        "mode": event.mode, "contexts": _json(event.contexts),
        **_actor("source", event.source), **_actor("target", event.target),
        "date": parse_date(event.date), "date_text": event.date,
        "date_precision": event.date_precision, "factuality": event.factuality,
        "quad_class": event.quad_class, "intensity": event.intensity,
        "cameo_root": event.cameo_root,
        "location_name": event.location.name if event.location else None,
        "location_country": event.location.country if event.location else None,
        "quantities": _json([to_dict(q) for q in event.quantities]),
        "money": _json(to_dict(event.money)) if event.money else None,
        "sentence": ev.sentence, "sentence_start": ev.start, "sentence_end": ev.end,
        "trigger_text": ev.trigger, "trigger_start": ev.trigger_start,
        "trigger_end": ev.trigger_end, "rule": ev.rule, "sentence_kind": ev.sentence_kind,
        "more_evidence": _json([to_dict(e) for e in event.more_evidence]),
        "target_missing": event.target_missing, "confidence": event.confidence,
        "coder": event.coder, "cluster_id": None, "run_id": run_id,
    }


def event_row(event: Event, run_id: str) -> tuple[Any, ...]:
    """``event_values`` in ``EVENT_COLUMNS`` order."""
    values = event_values(event, run_id)
    return tuple(values[name] for name in EVENT_COLUMNS)


def reject_row(reject: Reject, run_id: str) -> tuple[Any, ...]:
    return (reject.origin, reject.stage, reject.reason, reject.detail, reject.doc_id, run_id)


def coded_rows(coded: CodedArticle, run_id: str) -> dict[str, list[tuple[Any, ...]]]:
    """All rows one coded article contributes, by table."""
    return {
        "articles": [article_row(coded.article, run_id)],
        "sentences": [sentence_row(s) for s in coded.sentences],
        "events": [event_row(e, run_id) for e in coded.events],
    }


def _actor_ref(row: dict[str, Any], side: str) -> ActorRef | None:
    if row.get(f"{side}_text") is None:
        return None
    return ActorRef(text=row[f"{side}_text"], name=row[f"{side}_name"],
                    country=row[f"{side}_country"], sector=row[f"{side}_sector"],
                    entity_id=row[f"{side}_entity"])


def _clean(value: Any) -> Any:
    """pandas' NaN/NA → None, numpy scalars → Python ones (rows may come from a DataFrame)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value.item() if hasattr(value, "item") else value


def event_from_row(raw: dict[str, Any]) -> Event:
    """Rebuild the Event record from an ``events`` row (the round-trip the tests check)."""
    row = {k: _clean(v) for k, v in raw.items()}
    evidence = Evidence(
        sentence=row["sentence"], start=row["sentence_start"], end=row["sentence_end"],
        trigger=row["trigger_text"], rule=row["rule"], trigger_start=row["trigger_start"],
        trigger_end=row["trigger_end"], sentence_kind=row["sentence_kind"])
    money = json.loads(row["money"]) if row["money"] else None
    location = (Location(row["location_name"], row["location_country"])
                if row["location_name"] is not None else None)
    return Event(
        event_id=row["event_id"], doc_id=row["doc_id"], type=row["type"],
        source=_actor_ref(row, "source"), target=_actor_ref(row, "target"),
        evidence=evidence, mode=row["mode"], contexts=json.loads(row["contexts"]),
        date=row["date_text"], date_precision=row["date_precision"],
        factuality=row["factuality"], quad_class=row["quad_class"],
        intensity=row["intensity"], cameo_root=row["cameo_root"], location=location,
        quantities=[Quantity(**q) for q in json.loads(row["quantities"])],
        money=Money(**money) if money else None,
        more_evidence=[Evidence(**e) for e in json.loads(row["more_evidence"])],
        target_missing=row["target_missing"], confidence=row["confidence"], coder=row["coder"])
