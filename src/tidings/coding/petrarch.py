"""Import PETRARCH-2's CAMEO verb dictionary as Tidings lexicon entries.

PETRARCH-2 (Open Event Data Alliance, MIT) codes events with a verb-pattern dictionary: blocks
of synonymous verbs, each with a default CAMEO code, and patterns such as ``- * AID [070]``
(the verb, then words that must follow it). This module turns what the Tidings lexicon can
express into entries: a verb with its CAMEO code becomes a lemma entry; a pattern whose words
all follow the verb becomes an entry with an object word (``with``) and required dependents
(``(TO BORDER)`` → "to", "border"). The CAMEO code becomes a PLOVER type, mode and context
through the CAMEO→PLOVER table (PLOVER project, draft 0.8). What cannot be expressed is
counted with its reason (see ``ImportReport``). ``tidings lexicon import-petrarch`` writes
the result; the shipped copy is ``data/lexicon/imported/petrarch-cameo2.yaml``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from tidings.coding.ontology import Ontology

CODE = re.compile(r"\[([^\]]*)\]")
# Pattern marks that only say where PETRARCH finds source ($), target (+) or skips (^).
MARKS = str.maketrans("", "", "$+^")
CONFIDENCE = 0.6  # below the hand-written entries' default (0.7)
MAX_GROUPS = 2  # the object word and one more dependent: what a dependency check can test


@dataclass(frozen=True)
class CameoReading:
    type: str
    mode: str | None
    contexts: tuple[str, ...]


@dataclass
class VerbBlock:
    head: str
    code: str | None
    verbs: list[tuple[str, str | None]] = field(default_factory=list)  # (verb, own code)
    patterns: list[tuple[str, str]] = field(default_factory=list)  # (pattern text, code)


@dataclass
class ImportReport:
    """What converted and what did not, with a reason for each."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    converted: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)

    def summary(self) -> dict[str, Any]:
        by_type = Counter(e["type"] for e in self.entries)
        return {"entries": len(self.entries), "by_type": dict(sorted(by_type.items())),
                "converted": dict(self.converted.most_common()),
                "not_converted": dict(self.skipped.most_common())}


def load_cameo_table(text: str) -> dict[str, CameoReading]:
    """The CAMEO→PLOVER table: ``code: TYPE, mode, context[; context] # label``."""
    table: dict[str, CameoReading] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        code, rest = (p.strip() for p in line.split(":", 1))
        fields = [f.strip() for f in rest.split(",")]
        if not code.isdigit() or not fields[0]:
            continue
        mode = fields[1] if len(fields) > 1 and fields[1] else None
        contexts = tuple(c.strip() for c in fields[2].split(";") if c.strip()) \
            if len(fields) > 2 else ()
        table[code] = CameoReading(fields[0].upper(), mode, contexts)
    return table


def parse_verb_dictionary(text: str) -> tuple[dict[str, list[str]], list[VerbBlock]]:
    """Synonym sets (``&NAME`` → words) and verb blocks of a PETRARCH verb dictionary."""
    synsets: dict[str, list[str]] = {}
    blocks: list[VerbBlock] = []
    current: list[str] | None = None
    in_verbs = False
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        comment = raw.split("#", 1)[1].strip() if "#" in raw else ""
        if "VERB PATTERNS" in raw:
            in_verbs = True
            continue
        if not line.strip():
            continue
        if not in_verbs:
            if line.startswith("&"):
                current = synsets.setdefault(line.strip(), [])
            elif line.startswith("+") and current is not None:
                current.append(line[1:].strip())
            continue
        _verb_line(line, comment, blocks)
    return synsets, blocks


def _verb_line(line: str, comment: str, blocks: list[VerbBlock]) -> None:
    if line.startswith("---"):
        codes = CODE.findall(line)
        head = line.strip("- ").split("[")[0].strip()
        blocks.append(VerbBlock(head=head, code=_first_code(codes[0]) if codes else None))
    elif not blocks:
        return
    elif line.startswith("-"):
        codes = CODE.findall(line)
        where = comment.split()[0] if comment else ""
        if codes:
            code = _first_code(codes[0]) or ""
            # "[:190]": a code only for the passive reading, the subject suffers the act
            # ("- * (IN CLASHES) [:190]" under DIE)
            passive = ":" + code if code and codes[0].strip().startswith(":") else code
            blocks[-1].patterns.append((CODE.sub("", line[1:]).strip() + f" #{where}",
                                        passive))
    else:
        codes = CODE.findall(line)
        verb = CODE.sub("", line).split("{")[0].strip()
        if verb:
            blocks[-1].verbs.append((verb, _first_code(codes[0]) if codes else None))


def _first_code(text: str) -> str | None:
    """"042:043" → 042 (the active reading); ":190" → 190; "---" → None."""
    for part in text.split(":"):
        part = part.strip()
        if part.isdigit():
            return part
    return None


def convert(text: str, table: dict[str, CameoReading], onto: Ontology,
            roles_by_type: dict[str, str]) -> ImportReport:
    """Lexicon entries for what the dictionary says that the Tidings lexicon can express."""
    synsets, blocks = parse_verb_dictionary(text)
    report = ImportReport()
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    for block in blocks:
        head = block.head.split("_")[0].lower()
        for verb, own in block.verbs:
            lemma = _lemma(verb)
            code = own or block.code
            if lemma is None:
                report.skipped["verb form not a plain lemma"] += 1
            elif code is None:
                report.skipped["verb with no default code (patterns only)"] += 1
            elif own is None and lemma != head:
                # The blocks' synonym lists come largely from WordNet: "meet" shares its
                # code with "face", "brave" and "confront". Only the block's own verb, or a
                # synonym with a code of its own, carries the default code.
                report.skipped["synonym without a code of its own"] += 1
            else:
                _add(report, seen, table, onto, roles_by_type, lemma, code, (), "verb")
        names = {v for v, _ in block.verbs}
        for pattern, code in block.patterns:
            body, _, where = pattern.partition(" #")
            verbs = [where] if where in names else [v for v, _ in block.verbs]
            groups = _groups(body, synsets, report)
            if groups is None:
                continue
            for verb in verbs:
                lemma = _lemma(verb)
                if lemma is not None:
                    _add(report, seen, table, onto, roles_by_type, lemma, code, groups,
                         "pattern")
    return report


def _lemma(verb: str) -> str | None:
    """"+ASK_FOR" → "ask for"; "RE_" and forms with odd marks are not lemmas."""
    word = verb.lstrip("+").strip().rstrip("_").lower()
    if not word or not re.fullmatch(r"[a-z][a-z'_-]*", word):
        return None
    return word.replace("_", " ")


def _groups(body: str, synsets: dict[str, list[str]],
            report: ImportReport) -> tuple[str, ...] | None:
    """The words after the verb as (object words, required words...): the first group gives
    the object word(s), joined by "|"; later groups give required dependents."""
    if "*" not in body:
        report.skipped["pattern without the verb's place"] += 1
        return None
    before, after = body.split("*", 1)
    if before.translate(MARKS).strip():
        report.skipped["words before the verb (subject side)"] += 1
        return None
    if "%" in after or "/" in after or "." in after:
        report.skipped["compound-actor or alternative marks"] += 1
        return None
    tokens = re.findall(r"\([^)]*\)|\{[^}]*\}|\S+", after.translate(MARKS))
    if not tokens:
        report.skipped["pattern with no words after the verb"] += 1
        return None
    if len(tokens) > MAX_GROUPS:
        report.skipped["more words than a dependency check can test"] += 1
        return None
    groups = [_words(t, synsets) for t in tokens]
    if any(g is None for g in groups):
        report.skipped["unknown synonym set"] += 1
        return None
    return tuple(g for g in groups if g)


def _words(token: str, synsets: dict[str, list[str]]) -> str | None:
    """A pattern token as words: "AID" → "aid"; "{ARMS SHIPMENT}" → "arms shipment";
    "(TO BORDER)" → "to border"; "&FOOD" → its members joined by "|"."""
    inner = token.strip("(){}")
    words = []
    for w in inner.split():
        if w.startswith("&"):
            if w not in synsets:
                return None
            words.append("|".join(m.rstrip("_").replace("_", " ").lower()
                                  for m in synsets[w]))
        else:
            words.append(w.rstrip("_").replace("_", " ").lower())
    return " ".join(words)


def _reading(code: str, table: dict[str, CameoReading]) -> CameoReading | None:
    for n in (len(code), 3, 2):
        if code[:n] in table:
            return table[code[:n]]
    return None


def _add(report: ImportReport, seen: set[tuple[str, str, tuple[str, ...]]],
         table: dict[str, CameoReading], onto: Ontology, roles_by_type: dict[str, str],
         lemma: str, code: str, groups: tuple[str, ...], kind: str) -> None:
    suffers = code.startswith(":")
    code = code.lstrip(":")
    if not code:
        report.skipped["pattern marks a use that is no event ([---])"] += 1
        return
    reading = _reading(code, table)
    if reading is None:
        report.skipped[f"CAMEO {code[:2]} has no PLOVER type"] += 1
        return
    if reading.type not in onto.types:
        report.skipped[f"PLOVER type {reading.type} not in the Tidings ontology"] += 1
        return
    key = (lemma, reading.type, groups)
    if key in seen:
        report.skipped["duplicate after conversion"] += 1
        return
    entry = _entry(lemma, code, groups, reading, onto, roles_by_type, suffers)
    if entry is None:
        report.skipped["synonym set in a required position"] += 1
        return
    seen.add(key)
    report.entries.append(entry)
    report.converted[f"{kind}{' with object word' if 'with' in entry else ''}"] += 1


PREPOSITIONS = frozenset({"to", "for", "with", "against", "on", "in", "of", "from", "at",
                          "into", "over", "by", "about", "toward", "towards", "under"})


def _entry(lemma: str, code: str, groups: tuple[str, ...], reading: CameoReading,
           onto: Ontology, roles_by_type: dict[str, str],
           subject_suffers: bool = False) -> dict[str, Any] | None:
    """One lexicon entry. The first group's last word is the object word (``with``, with a
    synonym set's members as alternatives) unless the group is a prepositional phrase; every
    other word must be among the verb's dependents (the lemma's further words). A code of
    the passive reading only (``subject_suffers``) makes the subject the target."""
    et = onto.types[reading.type]
    required: list[str] = []
    objects: list[str] = []
    for i, group in enumerate(groups):
        words = group.split(" ")
        if i == 0 and words[0] not in PREPOSITIONS:
            objects = sorted({alt.split()[-1] for alt in words[-1].split("|")})
            words = words[:-1]
        if any("|" in w for w in words):
            return None  # alternatives in a required position: not expressible
        required.extend(w for w in words if w)
    entry: dict[str, Any] = {"type": reading.type}
    tag = "-".join(groups).replace(" ", "_").replace("|", "/")[:40]
    entry["id"] = f"petrarch.{code}.{lemma.replace(' ', '_')}" + (f".{tag}" if tag else "")
    entry["lemma"] = " ".join([lemma, *required])
    entry["pos"] = "VERB"
    if objects:
        entry["with"] = objects
    if subject_suffers:
        entry["roles"] = "recipient-subject"
    elif code.startswith("043"):
        entry["roles"] = "host"
    else:
        entry["roles"] = roles_by_type.get(reading.type, "agent-patient")
    if reading.mode and reading.mode in et.modes:
        entry["mode"] = reading.mode
    contexts = [c for c in reading.contexts if c in onto.contexts]
    if contexts:
        entry["contexts"] = contexts
    entry["confidence"] = CONFIDENCE
    entry["cameo"] = code
    return entry


NOTICE = """\
# GENERATED FILE: do not edit. Rebuild with
#   tidings lexicon import-petrarch {verbs} --cameo-map {table} -o {out}{types_arg}
# Tidings lexicon entries converted from PETRARCH-2's CAMEO verb dictionary ({verbs_name}),
# openeventdata/petrarch2 @ 676801cd, data/dictionaries/; CAMEO codes mapped to PLOVER with
# the CAMEO-to-PLOVER table of the PLOVER project ({table_name}, draft 0.8, 2021-09-17,
# CC BY-SA 4.0). Each entry keeps its CAMEO code (``cameo``). Hand-written entries take
# priority: for a lemma they have, only an entry with object or required words is used, and
# only where their readings find no event.
# Types kept: {types} (measured with benchmarks/coding_accuracy.py; see docs/ontology.md).
#
# The verb dictionary's licence:
# The MIT License (MIT)
# Copyright (c) 2015 Open Event Data Alliance
# Permission is hereby granted, free of charge, to any person obtaining a copy of
# this software and associated documentation files (the "Software"), to deal in
# the Software without restriction, including without limitation the rights to
# use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
# the Software, and to permit persons to whom the Software is furnished to do so,
# subject to the following conditions:
# The above copyright notice and this permission notice shall be included in all
# copies or substantial portions of the Software.
# THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
# IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS
# FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
# COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
# IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
# CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


def render(report: ImportReport, *, verbs: str, table: str, out: str,
           types: tuple[str, ...] | None) -> str:
    """The generated lexicon file: notice, then the entries of ``types`` (all if None)."""
    import yaml

    kept = [e for e in report.entries if types is None or e["type"] in types]
    header = NOTICE.format(verbs=verbs, table=table, out=out,
                           types_arg=f" --types {','.join(types)}" if types else "",
                           verbs_name=verbs.rsplit("/", 1)[-1],
                           table_name=table.rsplit("/", 1)[-1],
                           types=", ".join(types) if types else "all")
    body = yaml.safe_dump({"version": "petrarch2-cameo2.0", "kind": "lexicon",
                           "type": "imported", "entries": kept},
                          sort_keys=False, width=100, allow_unicode=True)
    return header + body
