"""The coder interface. A coder turns one parsed article and its resolved actor mentions into
events; the rule coder (:mod:`tidings.coding.rules`) is the default, and a model-based coder
can be added behind the same protocol without touching the pipeline, store or CLI."""

from __future__ import annotations

from typing import Protocol

from tidings.annotate import AnnotatedArticle
from tidings.records import Event, Mention


class EventCoder(Protocol):
    """Anything that codes events. ``name`` goes into every event's ``coder`` field."""

    @property
    def name(self) -> str: ...

    def code(self, annotated: AnnotatedArticle, mentions: list[Mention]) -> list[Event]:
        """Events of one article, each traceable to its sentence, trigger and rule."""
        ...
