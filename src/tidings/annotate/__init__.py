"""Annotation: spaCy models by name (``models``) and articles parsed into sentences
(``parse``).

``AnnotatedArticle`` and ``annotate`` are imported on first use, so that importing
``tidings.annotate.models`` for its ``DEFAULT_MODEL`` does not load spaCy (``tidings --help``
stays fast).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tidings.annotate.parse import AnnotatedArticle, annotate

__all__ = ["AnnotatedArticle", "annotate"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from tidings.annotate import parse

        return getattr(parse, name)
    raise AttributeError(name)
