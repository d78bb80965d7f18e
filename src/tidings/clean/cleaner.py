"""RawDocument -> Article: drop page chrome, keep paragraphs, fill metadata.

``clean_document`` is the pure function; :class:`CleanStep` wraps it as a pipeline step so a
document that cannot be cleaned becomes a :class:`~tidings.records.Reject`, not a crash.
"""

from __future__ import annotations

from collections.abc import Iterator

from tidings.clean.chrome import DANGLING, TERMINAL, Line, classify, split_lines
from tidings.clean.chrome_rules import ChromeRules, load_rules
from tidings.clean.metadata import parse_dateline, source_name_from_url, split_kicker
from tidings.errors import Errors, InputError
from tidings.pipeline.base import Step
from tidings.records import Article, Dropped, RawDocument


def paragraphs_from(lines: list[Line]) -> list[str]:
    """Kept lines as paragraphs: lines of one block are joined when a sentence runs across them
    (hard-wrapped text); otherwise every kept line is its own paragraph."""
    paragraphs: list[str] = []
    previous: Line | None = None
    for line in lines:
        if line.reason is not None:
            continue
        wrapped = previous is not None and (
            (previous.block == line.block and not previous.text.endswith(TERMINAL) and line.text[:1].islower())
            or previous.text.endswith(DANGLING)
        )
        if wrapped and paragraphs:
            paragraphs[-1] = f"{paragraphs[-1]} {line.text}"
        else:
            paragraphs.append(line.text)
        previous = line
    return paragraphs


def clean_document(doc: RawDocument, rules: ChromeRules | None = None) -> Article:
    """Clean one document. Raises ``InputError`` when no body text is left."""
    rules = rules or load_rules()
    if not doc.content.strip():
        raise InputError("empty", Errors.E112)
    lines = split_lines(doc.content)
    # Only a scraped page has its headline in the text; extractors give the body alone.
    info = classify(lines, rules, given_title=doc.title, guess_title=doc.format == "text")
    paragraphs = paragraphs_from(lines)
    dropped = [Dropped(text=ln.text, reason=ln.reason) for ln in lines if ln.reason]
    paragraphs, dateline_date = strip_dateline(paragraphs, dropped)
    if not paragraphs:
        raise InputError("no-body", Errors.E113.format(lines=len(lines)))
    text = "\n\n".join(paragraphs)
    kicker, title = split_kicker(info.title) if info.title else (None, None)
    if kicker:
        dropped.append(Dropped(text=f"{kicker}:", reason="kicker"))
    return Article(
        doc_id=Article.make_id(text),
        text=text,
        title=title,
        published=doc.published or info.published or dateline_date,
        author=doc.author or info.author,
        section=doc.section or info.section or kicker,
        source_path=doc.source_path,
        origin=doc.origin,
        url=doc.url,
        source_name=source_name_from_url(doc.url),
        format=doc.format,
        captions=info.captions,
        dropped=dropped,
    )


def strip_dateline(paragraphs: list[str], dropped: list[Dropped]) -> tuple[list[str], str | None]:
    """The paragraphs without the wire dateline opening the first one ("NAIROBI, May 3,
    2023 — ..."), which goes to ``dropped`` as metadata so its place is never coded as an
    actor; also the dateline's date (ISO) when it names a year."""
    dateline = parse_dateline(paragraphs[0]) if paragraphs else None
    if dateline is None:
        return paragraphs, None
    dropped.append(Dropped(text=dateline.text, reason="wire-dateline"))
    first = paragraphs[0][len(dateline.text):].strip()
    return ([first] if first else []) + paragraphs[1:], dateline.date


class CleanStep(Step):
    """Pipeline step: RawDocument -> Article (other records pass through unchanged)."""

    name = "clean"

    def __init__(self, rules_path: str | None = None) -> None:
        self.rules = load_rules(rules_path)

    def process(self, record: object) -> Iterator[object]:
        if isinstance(record, RawDocument):
            yield clean_document(record, self.rules)
        else:
            yield record
