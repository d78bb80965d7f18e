"""Annotation: spaCy models by name (``models``) and articles parsed into sentences
(``parse``)."""

from __future__ import annotations

from tidings.annotate.parse import AnnotatedArticle, annotate

__all__ = ["AnnotatedArticle", "annotate"]
