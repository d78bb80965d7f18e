"""The cleaner's knowledge of page chrome, loaded from ``data/clean/chrome.yaml``.

Kept in a data file so that a new site's share row or comment widget is a one-line change
that tests can pin, not a code edit. Users may pass their own file with the same keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from tidings.errors import Errors, UsageError

BULLETS = "•·●▪◦‣*–—-|>»›"

#: Every ``Dropped.reason`` the cleaner emits, with what it means.
DROP_REASONS: dict[str, str] = {
    "share-buttons": "a row of social-media share/follow buttons",
    "navigation": "menus, player widgets, section labels, 'back to top' and similar short chrome",
    "breadcrumb": "a section path such as 'News > Latin America'",
    "related-link": "a 'RELATED:' line and the linked headline of another story",
    "comment-form": "the comment section: headings, counters, form fields, captcha",
    "byline": "an author/editor line such as 'By Jane Roe' or 'Edited by John Doe'",
    "dateline": "a line holding only the publication date or time",
    "wire-dateline": "the place, date and agency opening a wire story ('LIMA, June 2 (Reuters) -'):"
                     " metadata (the article's place and, when it has none, its date), not text"
                     " to code",
    "kicker": "a headline's topic label before a colon ('Russia:'), kept as the section",
    "caption": "a photo caption or image alt text (captions are kept in Article.captions)",
    "title": "the headline, kept in Article.title",
    "repeated": "a paragraph the page already showed once",
    "promotion": "a call to subscribe, sign up, download the app or follow the outlet",
    "copyright": "a copyright or reprint-permission notice",
}


@dataclass(frozen=True, slots=True)
class ChromeRules:
    """Normalised word lists; see the YAML file for what each one means."""

    share_words: frozenset[str]
    share_prefixes: tuple[str, ...]
    navigation_lines: frozenset[str]
    related_prefixes: tuple[str, ...]
    comment_headings: frozenset[str]
    comment_lines: frozenset[str]
    byline_author_prefixes: tuple[str, ...]
    byline_other_prefixes: tuple[str, ...]
    date_prefixes: tuple[str, ...]
    caption_markers: tuple[str, ...]
    promotion: re.Pattern[str]
    comment_notice: re.Pattern[str]
    copyright: re.Pattern[str]


def normalize_line(line: str) -> str:
    """Lowercase, strip bullets and edge punctuation, collapse spaces: the form rules match on."""
    text = " ".join(line.split()).strip(BULLETS + " ").lower()
    return text.strip(" .:!?,;")


def _longest_first(items: list[str]) -> tuple[str, ...]:
    # Longest first so "edited by" wins over "by" when both could match.
    return tuple(sorted({normalize_line(i) for i in items}, key=len, reverse=True))


@lru_cache(maxsize=8)
def load_rules(path: str | None = None) -> ChromeRules:
    """The packaged chrome rules, with the lists of the user's file at ``path`` (same keys,
    any subset) added to them, so a site's quirks need only the new words."""
    data = yaml.safe_load(
        resources.files("tidings").joinpath("data/clean/chrome.yaml").read_text("utf-8")
    )
    if path is not None:
        data = overlay(data, yaml.safe_load(Path(path).read_text("utf-8")) or {})
    return _build(data)


def overlay(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``base`` with every list in ``extra`` appended to the list of the same key."""
    unknown = sorted(set(extra) - set(base))
    if unknown:
        raise UsageError(Errors.E006.format(keys=", ".join(unknown)))
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, list):
            merged[key] = [*base[key], *value]
    return merged


def _build(data: dict[str, Any]) -> ChromeRules:
    return ChromeRules(
        share_words=frozenset(normalize_line(w) for w in data["share_words"]),
        share_prefixes=_longest_first(data["share_prefixes"]),
        navigation_lines=frozenset(normalize_line(w) for w in data["navigation_lines"]),
        related_prefixes=_longest_first(data["related_prefixes"]),
        comment_headings=frozenset(normalize_line(w) for w in data["comment_headings"]),
        comment_lines=frozenset(normalize_line(w) for w in data["comment_lines"]),
        byline_author_prefixes=_longest_first(data["byline_author_prefixes"]),
        byline_other_prefixes=_longest_first(data["byline_other_prefixes"]),
        date_prefixes=_longest_first(data["date_prefixes"]),
        caption_markers=_longest_first(data["caption_markers"]),
        promotion=_any_of(data["promotion_phrases"]),
        comment_notice=_any_of(data["comment_phrases"]),
        copyright=_any_of(data["copyright_phrases"]),
    )


def _any_of(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@lru_cache(maxsize=64)
def prefix_regex(prefixes: tuple[str, ...]) -> re.Pattern[str]:
    """A case-insensitive regex matching a line that starts with one of ``prefixes`` as words."""
    alternation = "|".join(re.escape(p) for p in prefixes)
    return re.compile(rf"^\s*[{re.escape(BULLETS)}\s]*(?:{alternation})\b\s*:?\s*", re.IGNORECASE)
