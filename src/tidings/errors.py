"""All of Tidings' error messages, each with a code (the spaCy way).

Reject reasons (``Reject.reason``) are short machine codes; ``REJECT_REASONS`` says what each means,
so summaries and docs can explain them.
"""

from __future__ import annotations

REJECT_REASONS: dict[str, str] = {
    "empty": "the input holds no text (or only whitespace/boilerplate)",
    "binary": "the input looks like binary data, not text",
    "decode-error": "the bytes could not be decoded as text",
    "too-large": "the input is larger than the configured maximum size",
    "not-english": "the article is not in English; it is kept out of coding",
    "unreadable": "the file could not be opened or parsed",
    "bad-record": "a record inside a container (JSONL line, WARC record) is malformed",
    "no-body": "no article body could be extracted",
    "step-error": "a pipeline step failed on this record (see detail)",
}


class TidingsError(Exception):
    """Base error; ``code`` is stable and documented."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")


class UsageError(TidingsError):
    """Bad arguments from the user (the CLI exits non-zero only for these)."""

    code = "E001"


class InputError(TidingsError):
    """A single input cannot be used; becomes a Reject with ``reason``."""

    code = "E002"

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        super().__init__(message)


class ModelError(TidingsError):
    """A spaCy pipeline could not be loaded."""

    code = "E003"


class KnowledgeBaseError(TidingsError):
    """A knowledge-base file is malformed."""

    code = "E004"


class StoreError(TidingsError):
    """The database cannot be opened, migrated or written."""

    code = "E005"
