"""Language identification (py3langid) with a confidence floor for short texts.

Coding rules are written for English, so other languages are detected, marked and rejected
with the detected code and probability. Very short texts give unreliable guesses: they are
only rejected when the guess is confident, and otherwise keep ``language = None``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tidings.errors import Errors, InputError
from tidings.pipeline.base import Step
from tidings.records import Article

#: Below this probability a guess is "unsure": the article is kept and not marked.
MIN_PROBABILITY = 0.5
#: Texts of fewer words are only judged with this higher probability.
SHORT_TEXT_WORDS = 12
SHORT_TEXT_PROBABILITY = 0.9
#: Enough text to identify a language; more only costs time.
SAMPLE_CHARS = 2000


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    code: str
    probability: float


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid import langid

    path = os.path.join(os.path.dirname(langid.__file__), langid.MODEL_FILE)
    return langid.LanguageIdentifier.from_modelpath(path, norm_probs=True)


def detect_language(text: str) -> LanguageGuess:
    """The most likely ISO 639-1 code of ``text`` and its probability."""
    code, probability = _identifier().classify(text[:SAMPLE_CHARS])
    return LanguageGuess(code=str(code), probability=float(probability))


def is_confident(guess: LanguageGuess, words: int) -> bool:
    floor = SHORT_TEXT_PROBABILITY if words < SHORT_TEXT_WORDS else MIN_PROBABILITY
    return guess.probability >= floor


class LanguageStep(Step):
    """Marks ``Article.language``; rejects articles confidently in another language."""

    name = "language"

    def __init__(self, languages: tuple[str, ...] = ("en",)) -> None:
        self.languages = tuple(languages)

    def process(self, record: Any) -> Iterator[Any]:
        if not isinstance(record, Article):
            yield record
            return
        sample = f"{record.title or ''}\n{record.text}".strip()
        words = len(sample.split())
        if words == 0:
            raise InputError("empty", Errors.E111)
        guess = detect_language(sample)
        if not is_confident(guess, words):
            yield record  # unsure: keep it, and say nothing we do not know
            return
        record.language = guess.code
        if self.languages and guess.code not in self.languages:
            # One reason code for "outside the accepted languages" (errors.REJECT_REASONS).
            raise InputError("not-english", Errors.E002.format(language=guess.code,
                                                               probability=guess.probability))
        yield record
