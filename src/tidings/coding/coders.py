"""Choosing a coder by name: ``rules`` (lexicon × parse), ``model`` (the learned coder) or
``hybrid`` (both, combined as tuned on the corpus's dev split). The CLI's ``--coder``, the
paste page and the Python API all come through ``make_coder``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from tidings.errors import Errors, TidingsError

if TYPE_CHECKING:  # light at import: the web app and the CLI's help import this module
    from tidings.actors.kb import KnowledgeBase
    from tidings.annotate import AnnotatedArticle
    from tidings.coding.base import EventCoder
    from tidings.coding.lexicon import Lexicon
    from tidings.records import Event, Mention

CoderName = Literal["rules", "model", "hybrid"]
CODERS: tuple[str, ...] = ("rules", "model", "hybrid")
DEFAULT_CODER = "rules"


class CoderError(TidingsError, ValueError):
    """An unknown coder name."""


def make_coder(name: str, kb: KnowledgeBase, lexicon: Lexicon, *,
               min_confidence: float = 0.0, model_dir: str | None = None) -> EventCoder:
    """The coder called ``name``; the model is loaded on its first sentence, not here."""
    if name not in CODERS:
        raise CoderError(Errors.E216.format(name=name))
    from tidings.coding.rules import RuleCoder

    rules = RuleCoder(kb, lexicon)
    if name == "rules":
        return _MinConfidence(rules, min_confidence) if min_confidence > 0 else rules
    from tidings.coding.model.coder import ModelCoder
    from tidings.coding.model.hybrid import HybridCoder

    model = ModelCoder(kb, lexicon, rules.ontology, model_dir=model_dir,
                       min_confidence=0.0 if name == "hybrid" else min_confidence)
    if name == "model":
        return model
    return HybridCoder(rules, model, min_confidence=min_confidence)


class _MinConfidence:
    """A coder whose events below ``minimum`` confidence are left out."""

    def __init__(self, coder: EventCoder, minimum: float) -> None:
        self.coder = coder
        self.minimum = minimum

    @property
    def name(self) -> str:
        return self.coder.name

    def code(self, annotated: AnnotatedArticle, mentions: list[Mention]) -> list[Event]:
        return [e for e in self.coder.code(annotated, mentions) if e.confidence >= self.minimum]
