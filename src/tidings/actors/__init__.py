"""Actors: who a noun phrase is (country, sector, identity), from a versioned knowledge base.

The resolver is imported on first use (it needs spaCy); the knowledge base does not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tidings.actors.kb import KnowledgeBase

if TYPE_CHECKING:
    from tidings.actors.resolver import ActorResolver, mentions_for_span

__all__ = ["ActorResolver", "KnowledgeBase", "mentions_for_span"]


def __getattr__(name: str) -> Any:
    if name in ("ActorResolver", "mentions_for_span"):
        from tidings.actors import resolver

        return getattr(resolver, name)
    raise AttributeError(name)
