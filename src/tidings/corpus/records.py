"""Typed records of the annotated corpus: sentence references (standoff) and event labels."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Origin = str  # a collection name, or "written"
Split = Literal["train", "dev", "test"]
MANIFEST_COLUMNS = ("sid", "corpus", "file", "doc", "start", "end", "sha")


@dataclass(frozen=True, slots=True)
class SentenceRef:
    """Where an annotated sentence lives: offsets into its document's text, and a hash."""

    sid: str  # "<prefix>:<doc>:<start>", e.g. "reu:12345:120"
    corpus: str
    file: str
    doc: str
    start: int
    end: int
    sha: str

    @property
    def doc_key(self) -> str:
        return self.sid.rsplit(":", 1)[0]


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the sentence: offsets relative to the sentence text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class EventLabel:
    type: str
    mode: str | None
    factuality: str
    trigger: Span
    source: Span | None
    target: Span | None
    source_country: str | None = None
    source_sector: str | None = None
    target_country: str | None = None
    target_sector: str | None = None


@dataclass(slots=True)
class LabelledSentence:
    """One sentence of the built corpus, as ``corpus.jsonl`` holds it."""

    id: str
    doc: str
    origin: Origin
    text: str
    events: list[EventLabel] = field(default_factory=list)
    split: Split = "train"

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "doc": self.doc, "split": self.split, "origin": self.origin,
                "text": self.text, "events": [_event_json(e) for e in self.events]}


def _span_json(span: Span | None) -> dict[str, Any] | None:
    return None if span is None else {"text": span.text, "start": span.start, "end": span.end}


def _event_json(e: EventLabel) -> dict[str, Any]:
    return {"type": e.type, "mode": e.mode, "factuality": e.factuality,
            "trigger": _span_json(e.trigger), "source": _span_json(e.source),
            "target": _span_json(e.target), "source_country": e.source_country,
            "source_sector": e.source_sector, "target_country": e.target_country,
            "target_sector": e.target_sector}


def _span_from(raw: dict[str, Any] | None) -> Span | None:
    return None if raw is None else Span(raw["text"], int(raw["start"]), int(raw["end"]))


def sentence_from_json(raw: dict[str, Any]) -> LabelledSentence:
    """Read one line of ``corpus.jsonl`` back (for benchmarks and training)."""
    events = [EventLabel(
        type=e["type"], mode=e.get("mode"), factuality=e.get("factuality", "asserted"),
        trigger=_span_from(e["trigger"]) or Span("", 0, 0), source=_span_from(e.get("source")),
        target=_span_from(e.get("target")), source_country=e.get("source_country"),
        source_sector=e.get("source_sector"), target_country=e.get("target_country"),
        target_sector=e.get("target_sector")) for e in raw.get("events", [])]
    return LabelledSentence(id=raw["id"], doc=raw["doc"], origin=raw["origin"],
                            text=raw["text"], events=events, split=raw.get("split", "train"))


def read_manifest(path: Path) -> list[SentenceRef]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [SentenceRef(r["sid"], r["corpus"], r["file"], r["doc"], int(r["start"]),
                        int(r["end"]), r["sha"]) for r in rows]


def write_manifest(path: Path, refs: list[SentenceRef]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(MANIFEST_COLUMNS)
        for r in refs:
            writer.writerow([r.sid, r.corpus, r.file, r.doc, r.start, r.end, r.sha])
