"""Typed records passed between pipeline stages.

Every stage consumes and yields these dataclasses; nothing passes nested dicts around.
``to_dict`` gives the stable JSON shape (see ``docs/architecture.md`` and DESIGN's event record):
fields with nothing to say are ``None`` or ``[]``, never missing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Literal

DateP = Literal["day", "month", "year"]
Factuality = Literal["asserted", "negated", "planned", "possible"]
SentenceKind = Literal["title", "body", "caption"]


def stable_hash(*parts: str, size: int = 32) -> str:
    """Hex digest of the parts joined by a separator that cannot occur in text (NUL)."""
    h = hashlib.sha256("\x00".join(parts).encode("utf-8"))
    return h.hexdigest()[:size]


def _public(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # The typed trace is for code; its rendered string (``Evidence.rule``) is the output.
    return {k: v for k, v in pairs if k != "trace"}


def to_dict(record: Any) -> dict[str, Any]:
    """JSON-ready dict of any record (recursively), keeping None and empty lists."""
    return dataclasses.asdict(record, dict_factory=_public)


def to_json(record: Any) -> str:
    return json.dumps(to_dict(record), ensure_ascii=False, sort_keys=False)


# --------------------------------------------------------------------------- reading


@dataclass(slots=True)
class RawDocument:
    """One document as a reader found it, before cleaning.

    ``origin`` identifies it within its input (``path`` or ``path#record``) and is stable
    across runs, so reruns and sharding can refer to it.
    """

    origin: str
    format: str  # text | html | jsonl | warc | sgml
    content: str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    author: str | None = None
    section: str | None = None
    source_path: str | None = None


@dataclass(slots=True)
class Dropped:
    """A line or block the cleaner removed, with why."""

    text: str
    reason: str  # share-buttons, navigation, related-link, comment-form, byline, ...


@dataclass(slots=True)
class Article:
    """A cleaned article. ``doc_id`` is a hash of the cleaned text, so re-reading is stable."""

    doc_id: str
    text: str
    title: str | None = None
    published: str | None = None  # ISO date or datetime, as precise as the source gives
    author: str | None = None
    section: str | None = None
    source_path: str | None = None
    origin: str | None = None
    url: str | None = None
    source_name: str | None = None  # outlet (site name or domain), for counting sources
    language: str | None = None
    format: str | None = None
    captions: list[str] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    duplicate_of: str | None = None  # doc_id of the first copy seen in this run
    duplicate_kind: Literal["exact", "near"] | None = None

    @staticmethod
    def make_id(text: str) -> str:
        return stable_hash(" ".join(text.split()))


@dataclass(slots=True)
class Reject:
    """Something a step could not use, kept with its reason so nothing is lost silently."""

    origin: str
    stage: str
    reason: str  # short machine code: empty, binary, decode-error, too-large, not-english, ...
    detail: str = ""
    doc_id: str | None = None


# --------------------------------------------------------------------------- annotation


@dataclass(slots=True)
class Sentence:
    doc_id: str
    index: int
    start: int  # character offsets into Article.text
    end: int
    text: str
    kind: SentenceKind = "body"


@dataclass(slots=True)
class Actor:
    """Who a mention is: country (ISO3 or international code), sector, identity."""

    name: str
    country: str | None = None
    sector: str | None = None
    entity_id: str | None = None
    role: str | None = None  # office held on the article's date, e.g. "head of state"
    kind: Literal["country", "person", "organization", "group"] | None = None


@dataclass(slots=True)
class Mention:
    """A stretch of text that refers to an actor, with the reason it was resolved so."""

    doc_id: str
    text: str
    start: int
    end: int
    sentence_index: int
    actor: Actor | None = None
    rule: str = ""  # which rule or KB entry decided
    evidence: str = ""  # human-readable justification
    confidence: float = 1.0

    @property
    def from_coref(self) -> bool:
        """Resolved through another mention of the document (a pronoun, "the island", a
        surname), not by its own words: the coref resolvers' rules are named ``coref.*``."""
        return self.rule.startswith("coref.")


# --------------------------------------------------------------------------- events


@dataclass(slots=True)
class ActorRef:
    text: str
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    entity_id: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(slots=True)
class Location:
    name: str
    country: str | None = None


@dataclass(slots=True)
class Quantity:
    value: float
    unit: str | None
    text: str


@dataclass(slots=True)
class Money:
    amount: float
    currency: str | None
    text: str


@dataclass(frozen=True, slots=True)
class Trace:
    """How a coder found an event: which lexicon entry or construction, how each role was
    found, which rules decided factuality and date, and the speech verb that reported it.
    Code reads these fields; ``render`` gives the one-line form that output and the store
    keep (``Evidence.rule``)."""

    entry: str  # lexicon entry id, or the construction's id
    roles: str  # the role pattern: agent-patient, speaker, mutual, ...
    source: str  # how the source was found: subj, passive-agent, fallback:sentence, ...
    target: str | None = None
    factuality: str | None = None
    date: str | None = None
    reported_by: str | None = None  # lemma of the speech verb whose complement holds it
    construction: bool = False  # found by a construction, not a trigger word
    model: str | None = None  # a learned coder's model name, and its score
    score: float | None = None
    # A learned coder's scores of the chosen type and the runner-up ("ASSAULT 0.91>ACCUSE 0.04")
    types: str | None = None

    def has_fallback(self) -> bool:
        return any(h and h.startswith("fallback") for h in (self.source, self.target))

    def is_carried(self) -> bool:
        """A role taken through another phrase (a conjunct, an event's source, a place)."""
        return any(h and (h.startswith("carried") or ">" in h)
                   for h in (self.source, self.target))

    def render(self) -> str:
        head = "construction" if self.construction else "lexicon"
        # A model's event names the model first: "model:tidings-plover-minilm/3|..."
        first = f"model:{self.model}" if self.model and not self.entry else f"{head}:{self.entry}"
        parts = [first, f"roles:{self.roles}", f"source:{self.source}",
                 f"target:{self.target or '-'}"]
        if self.factuality is not None:
            parts.append(f"factuality:{self.factuality}")
        if self.date is not None:
            parts.append(f"date:{self.date}")
        if self.reported_by is not None:
            parts.append(f"reported-by:{self.reported_by}")
        if self.model is not None and self.entry:
            parts.append(f"model:{self.model}")
        if self.types is not None:
            parts.append(f"types:{self.types}")
        if self.score is not None:
            parts.append(f"score:{self.score:g}")
        return "|".join(parts)


@dataclass(slots=True)
class Evidence:
    sentence: str
    start: int  # sentence offsets in the article text
    end: int
    trigger: str
    rule: str  # rule or model that produced the event: ``trace`` rendered, for output
    trigger_start: int | None = None
    trigger_end: int | None = None
    sentence_kind: SentenceKind = "body"
    # The typed provenance the coder made; None for evidence read back from the store,
    # which keeps only the rendered string. Not part of the JSON record.
    trace: Trace | None = field(default=None, compare=False)


@dataclass(slots=True)
class Event:
    event_id: str
    doc_id: str
    type: str  # PLOVER event type
    source: ActorRef | None
    target: ActorRef | None
    evidence: Evidence
    mode: str | None = None
    contexts: list[str] = field(default_factory=list)
    date: str | None = None
    date_precision: DateP | None = None
    factuality: Factuality = "asserted"
    quad_class: int | None = None
    intensity: float | None = None
    cameo_root: str | None = None
    location: Location | None = None
    quantities: list[Quantity] = field(default_factory=list)
    money: Money | None = None
    more_evidence: list[Evidence] = field(default_factory=list)
    target_missing: str | None = None  # why PLOVER allows no target here, when there is none
    confidence: float = 0.5
    coder: str = ""  # coder name and version

    @staticmethod
    def make_id(doc_id: str, sentence_start: int, trigger: str, source: str, target: str) -> str:
        return stable_hash(doc_id, str(sentence_start), trigger, source, target)


@dataclass(slots=True)
class CodedArticle:
    """What coding one article produced: its sentences, resolved mentions and events."""

    article: Article
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # Sentences not parsed because they cannot hold an event (annotate.filter); not listed.
    skipped_sentences: int = 0
