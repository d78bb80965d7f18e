"""Cleaning: scraped RawDocuments become Articles (chrome dropped with reasons, metadata,
captions apart), non-English and empty ones become Rejects, duplicates are marked.

Use ``clean_steps()`` after a reader::

    Pipeline([read_raw, *clean_steps()]).run()
"""

from __future__ import annotations

from typing import Any

from tidings.clean.chrome_rules import DROP_REASONS, load_rules
from tidings.clean.cleaner import CleanStep, clean_document
from tidings.clean.dedup import (
    DEFAULT_THRESHOLD,
    Deduplicator,
    NearDuplicateIndex,
    deduplicate_step,
    minhash_signature,
)
from tidings.clean.language import LanguageStep, detect_language
from tidings.pipeline.base import Step

__all__ = [
    "DROP_REASONS",
    "CleanStep",
    "Deduplicator",
    "LanguageStep",
    "NearDuplicateIndex",
    "clean_document",
    "clean_steps",
    "deduplicate_step",
    "detect_language",
    "load_rules",
    "minhash_signature",
]


def clean_steps(
    *,
    languages: tuple[str, ...] = ("en",),
    near_duplicate_threshold: float = DEFAULT_THRESHOLD,
    deduplicate: bool = True,
    rules_path: str | None = None,
) -> list[Step | Any]:
    """The cleaning steps in order: clean, language, (deduplicate).

    ``languages=()`` keeps every language (still marked); ``deduplicate=False`` leaves
    duplicate marking to a later stage (e.g. after a scaled-out run merges its shards).
    """
    steps: list[Step | Any] = [CleanStep(rules_path), LanguageStep(languages)]
    if deduplicate:
        steps.append(deduplicate_step(near_duplicate_threshold))
    return steps
