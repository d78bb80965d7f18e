"""Actors: who a noun phrase is (country, sector, identity), from a versioned knowledge base."""

from tidings.actors.kb import KnowledgeBase
from tidings.actors.resolver import ActorResolver, mentions_for_span

__all__ = ["ActorResolver", "KnowledgeBase", "mentions_for_span"]
