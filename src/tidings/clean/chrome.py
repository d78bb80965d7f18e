"""Line-by-line page-chrome classifier for scraped article text.

Scraped text keeps the page around the story: share rows, menus, breadcrumbs, bylines, dates,
photo captions, "RELATED:" teasers and comment forms. ``classify`` gives every line a reason
to drop it (from :data:`tidings.clean.chrome_rules.DROP_REASONS`) or ``None`` to keep it, and collects
the metadata the header lines carry. Rules look at the line alone first, then at its context
(what follows a "RELATED:", where the body starts and ends, lines seen before), so they
generalise across sites instead of being keyed on one page layout.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from tidings.clean.captions import is_alt_text, parse_caption
from tidings.clean.chrome_rules import ChromeRules, normalize_line, prefix_regex
from tidings.clean.metadata import parse_breadcrumb, parse_byline, parse_date_line

_SHARE_SPLIT = re.compile(r"\s*[,|/·•]\s*|\s{2,}")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_MENU_SPLIT = re.compile(r"\s*[|•·]\s*")
_TAGS = re.compile(r"^(?:tags|topics|keywords|filed under)\s*:", re.IGNORECASE)
_COUNTER = re.compile(r"^\d+\s*(?:comments?|replies|responses|shares|views)$")
DANGLING = ("—", "–", "-")  # "WASHINGTON —" continues on the next line
TERMINAL = ('.', '!', '?', '"', '”', "'", '’', ')', ':', '。', '！', '？', '」')
#: A kept line this long (in words), or ending a sentence with at least this many, is body text.
BODY_MIN_WORDS = 8
FRAGMENT_MAX_WORDS = 4
#: Notices and calls to action are short; longer lines are reporting even if they match.
NOTICE_MAX_WORDS = 40


@dataclass(slots=True)
class Line:
    """One non-blank input line; ``block`` numbers the blank-line separated block it sits in."""

    text: str
    block: int
    reason: str | None = None
    caption: str | None = None
    opens_comments: bool = False
    related_needs_headline: bool = False


@dataclass(slots=True)
class HeaderInfo:
    """Metadata found in chrome lines while classifying."""

    title: str | None = None
    published: str | None = None
    author: str | None = None
    editor: str | None = None
    section: str | None = None
    captions: list[str] = field(default_factory=list)


def split_lines(content: str) -> list[Line]:
    """Non-blank lines with their block numbers (a blank line starts a new block)."""
    lines: list[Line] = []
    block = 0
    for raw in content.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        text = " ".join(raw.replace("\u00a0", " ").split())
        if not text:
            block += 1
            continue
        lines.append(Line(text=text, block=block))
    return lines


def word_count(text: str) -> int:
    """Whitespace words, with every two CJK characters counted as one word (those scripts
    write no spaces, and a long Japanese paragraph must not look like a one-word label)."""
    return len(text.split()) + len(_CJK.findall(text)) // 2


def is_body_line(line: Line) -> bool:
    """A kept line that reads as article prose (long, or a full sentence of some length)."""
    words = word_count(line.text)
    return line.reason is None and (words >= 20 or (words >= BODY_MIN_WORDS and line.text.endswith(TERMINAL)))


def _is_share_row(norm: str, rules: ChromeRules) -> bool:
    if norm in rules.share_words:
        return True
    parts = [p for p in _SHARE_SPLIT.split(norm) if p]
    if len(parts) > 1 and all(p in rules.share_words for p in parts):
        return True
    return norm.startswith(rules.share_prefixes) and word_count(norm) <= 6


def _is_menu_row(text: str) -> bool:
    """"HOME | WORLD | SPORT": three or more short items separated by bars or bullets."""
    parts = [p for p in _MENU_SPLIT.split(text.strip(" |•·")) if p]
    return len(parts) >= 3 and all(word_count(p) <= 3 and not p.endswith(".") for p in parts)


def classify_line(line: Line, rules: ChromeRules, info: HeaderInfo) -> None:
    """Set ``line.reason`` from the line alone, recording any metadata into ``info``."""
    norm = normalize_line(line.text)
    if not norm or not any(ch.isalnum() for ch in norm):
        line.reason = "navigation"
    elif _is_share_row(norm, rules):
        line.reason = "share-buttons"
    elif norm in rules.comment_headings:
        line.reason, line.opens_comments = "comment-form", True
    elif norm in rules.comment_lines or norm.startswith("captcha") or _COUNTER.match(norm):
        line.reason = "comment-form"
    elif word_count(line.text) <= NOTICE_MAX_WORDS and _classify_notice(line, rules):
        pass
    elif _classify_related(line, rules):
        line.reason = "related-link"
    elif norm in rules.navigation_lines or _is_menu_row(line.text) or _TAGS.match(line.text):
        line.reason = "navigation"
    else:
        _classify_metadata(line, rules, info)


def _classify_notice(line: Line, rules: ChromeRules) -> bool:
    """Calls to action, comment policies and copyright notices, wherever they sit."""
    for pattern, reason in (
        (rules.promotion, "promotion"),
        (rules.comment_notice, "comment-form"),
        (rules.copyright, "copyright"),
    ):
        if pattern.search(line.text):
            line.reason = reason
            return True
    return False


def _classify_related(line: Line, rules: ChromeRules) -> bool:
    match = prefix_regex(rules.related_prefixes).match(line.text)
    if not match:
        return False
    has_colon = ":" in line.text[: match.end()]
    rest = line.text[match.end():].strip()
    if not has_colon and not (line.text.isupper() and not rest):
        return False  # "Related talks began..." is prose, not a teaser
    line.related_needs_headline = not rest
    return True


def _classify_metadata(line: Line, rules: ChromeRules, info: HeaderInfo) -> None:
    crumbs = parse_breadcrumb(line.text)
    if crumbs:
        line.reason = "breadcrumb"
        info.section = info.section or crumbs[-1]
        return
    byline = parse_byline(line.text, rules)
    if byline:
        line.reason = "byline"
        name, is_author = byline
        if is_author:
            info.author = info.author or name
        else:
            info.editor = info.editor or name
        return
    date = parse_date_line(line.text, rules)
    if date is not None:
        line.reason = "dateline"
        info.published = info.published or date or None
        return
    caption = parse_caption(line.text, rules)
    if caption is not None:
        line.reason, line.caption = "caption", caption


def classify(
    lines: list[Line], rules: ChromeRules, given_title: str | None = None, guess_title: bool = True
) -> HeaderInfo:
    """Give every line a drop reason or ``None``; return the header metadata found.

    ``guess_title`` takes the first substantial header line as the headline when no title is
    given; only right for scraped pages, not for an extractor's body text.
    """
    info = HeaderInfo()
    for line in lines:
        classify_line(line, rules, info)
    _mark_related_headlines(lines)
    _mark_alt_text(lines)
    _mark_comment_tail(lines)
    _mark_title(lines, info, given_title, guess_title)
    _mark_edge_fragments(lines)
    _mark_repeats(lines, info.title)
    info.captions = _unique([ln.caption for ln in lines if ln.caption])
    return info


def _next_index(lines: list[Line], i: int) -> int | None:
    return i + 1 if i + 1 < len(lines) else None


def _mark_related_headlines(lines: list[Line]) -> None:
    """A bare "RELATED:" line links to the headline on the next line: drop that too."""
    for i, line in enumerate(lines):
        j = _next_index(lines, i)
        if (
            line.related_needs_headline
            and j is not None
            and lines[j].reason is None
            and word_count(lines[j].text) <= 25
        ):
            lines[j].reason = "related-link"


def _mark_alt_text(lines: list[Line]) -> None:
    """Image alt text repeats the start of the caption that follows; it is caption chrome."""
    for i, line in enumerate(lines):
        j = _next_index(lines, i)
        if (
            line.reason is None
            and j is not None
            and lines[j].reason == "caption"
            and is_alt_text(line.text, lines[j].text)
        ):
            line.reason = "caption"


def _mark_comment_tail(lines: list[Line]) -> None:
    """Everything after a comment heading that follows the body belongs to the comment section."""
    seen_body = False
    for i, line in enumerate(lines):
        seen_body = seen_body or is_body_line(line)
        if line.opens_comments and seen_body:
            for rest in lines[i + 1:]:
                rest.reason = "comment-form"
            return


def _first_body_index(lines: list[Line]) -> int:
    return next((i for i, ln in enumerate(lines) if is_body_line(ln)), len(lines))


def _mark_title(
    lines: list[Line], info: HeaderInfo, given_title: str | None, guess_title: bool
) -> None:
    """The headline is the given title's line, or else the first substantial header line."""
    if given_title:
        info.title = " ".join(given_title.split())
        wanted = normalize_line(given_title)
        for line in lines:
            if line.reason is None and normalize_line(line.text) == wanted:
                line.reason = "title"
                return
        return
    if not guess_title:
        return
    for line in lines[: _first_body_index(lines)]:
        if line.reason is None and 2 <= word_count(line.text) <= 30:
            line.reason, info.title = "title", line.text
            return


def _is_fragment(line: Line) -> bool:
    return (
        line.reason is None
        and word_count(line.text) <= FRAGMENT_MAX_WORDS
        and not line.text.endswith(TERMINAL + DANGLING)
    )


def _mark_edge_fragments(lines: list[Line]) -> None:
    """Short label-like lines before the body starts or after it ends are page chrome."""
    first = _first_body_index(lines)
    last = max((i for i, ln in enumerate(lines) if is_body_line(ln)), default=-1)
    for i, line in enumerate(lines):
        if (i < first or i > last) and _is_fragment(line):
            line.reason = "navigation"


def _mark_repeats(lines: list[Line], title: str | None) -> None:
    """A paragraph the page shows a second time (a pulled quote, a repeated lead) goes."""
    seen = _SeenParagraphs()
    if title:
        seen.add(_fingerprint(title))
    counts = Counter(_fingerprint(ln.text) for ln in lines if ln.reason is None)
    for line in lines:
        if line.reason is not None:
            continue
        key = _fingerprint(line.text)
        # Three or more copies are the page's structure (an interview's recurring question),
        # not an accidental repeat of the lead.
        if counts[key] < 3 and word_count(line.text) >= FRAGMENT_MAX_WORDS and seen.contains(key):
            line.reason = "repeated"
        seen.add(key)


class _SeenParagraphs:
    """Paragraph fingerprints seen so far, indexed by their word windows so that "is this
    paragraph inside an earlier one" stays linear on long documents."""

    def __init__(self) -> None:
        self.keys: set[str] = set()
        self.by_window: dict[str, list[str]] = {}

    def add(self, key: str) -> None:
        self.keys.add(key)
        words = key.split()
        for i in range(max(len(words) - BODY_MIN_WORDS + 1, 0)):
            self.by_window.setdefault(" ".join(words[i : i + BODY_MIN_WORDS]), []).append(key)

    def contains(self, key: str) -> bool:
        """Equal to an earlier paragraph, or (for a full sentence's length) contained in one,
        as when the repeat lacks the first copy's "CITY, date -" dateline."""
        if key in self.keys:
            return True
        words = key.split()
        if len(words) < BODY_MIN_WORDS:
            return False
        candidates = self.by_window.get(" ".join(words[:BODY_MIN_WORDS]), [])
        return any(f" {key} " in f" {other} " for other in candidates)


def _fingerprint(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _unique(items: list[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if item and item not in out:
            out.append(item)
    return out
