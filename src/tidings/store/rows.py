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

ARTICLE_COLUMNS = (
    "doc_id", "title", "text", "published", "pub_date", "author", "section", "source_path",
    "origin", "url", "source_name", "language", "format", "captions", "dropped",
    "duplicate_of", "duplicate_kind", "run_id",
)
SENTENCE_COLUMNS = ("doc_id", "idx", "start_char", "end_char", "text", "kind")
EVENT_COLUMNS = (
    "event_id", "doc_id", "type", "mode", "contexts",
    "source_text", "source_name", "source_country", "source_sector", "source_entity",
    "target_text", "target_name", "target_country", "target_sector", "target_entity",
    "date", "date_text", "date_precision", "factuality", "quad_class", "intensity",
    "cameo_root", "location_name", "location_country", "quantities", "money",
    "sentence", "sentence_start", "sentence_end", "trigger_text", "trigger_start",
    "trigger_end", "rule", "sentence_kind", "more_evidence", "target_missing",
    "confidence", "coder", "cluster_id", "run_id",
)
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


def _actor(ref: ActorRef | None) -> tuple[Any, ...]:
    if ref is None:
        return (None,) * 5
    return (ref.text, ref.name, ref.country, ref.sector, ref.entity_id)


def event_row(event: Event, run_id: str) -> tuple[Any, ...]:
    ev = event.evidence
    return (
        event.event_id, event.doc_id, event.type, event.mode, _json(event.contexts),
        *_actor(event.source), *_actor(event.target),
        parse_date(event.date), event.date, event.date_precision, event.factuality,
        event.quad_class, event.intensity, event.cameo_root,
        event.location.name if event.location else None,
        event.location.country if event.location else None,
        _json([to_dict(q) for q in event.quantities]),
        _json(to_dict(event.money)) if event.money else None,
        ev.sentence, ev.start, ev.end, ev.trigger, ev.trigger_start, ev.trigger_end, ev.rule,
        ev.sentence_kind, _json([to_dict(e) for e in event.more_evidence]),
        event.target_missing, event.confidence, event.coder, None, run_id,
    )


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
