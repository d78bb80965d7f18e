"""The trigger lexicon: words and phrases that signal a PLOVER event, with the role pattern
that finds its actors. One YAML file per event type in ``data/lexicon/``; users add files with
``--lexicon``. Format (docs/ontology.md):

    version: "2026.11.1"
    kind: lexicon
    type: AID
    groups:                      # compact form: one entry per lemma
      - {pos: VERB, roles: agent-patient, lemmas: [donate, "ship", "hand over"], with: [aid]}
      - {pos: VERB, roles: no-target, lemmas: [demonstrate], without: [ccomp, dobj]}
    entries:                     # full form, one trigger each
      - {id: aid.send.relief, lemma: send, pos: VERB, with: [aid], roles: agent-patient}

A lemma written with spaces is a multi-word expression. For verbs the first word is the
trigger and the other words must be found among its dependents ("set up", "call for", "take
to the streets"). For nouns the head is the last word ("state visit", "air strike") unless a
preposition joins the words ("round of talks"), then it is the first; the other words must
be among the head's dependents. Articles (a, an, the) are ignored.

Two more file kinds live beside the lexicon files:

    kind: light-verbs            # verbs that lend their subject to a trigger noun
    agent: [make, hold, sign, ...]        # "X made a visit to Y": X is the source
    recipient: [receive, get, ...]        # "Y received aid from X": Y is the target

    kind: context-words          # words in the sentence that add a PLOVER context
    contexts: {military: [troops, army, ...], economic: [trade, loan, ...]}
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from tidings.cache import cached
from tidings.coding.ontology import Ontology, load_ontology
from tidings.errors import Errors, LexiconError

ROLE_PATTERNS = ("agent-patient", "recipient-subject", "host", "mutual", "speaker", "nominal",
                 "no-target", "departure")
POS = ("VERB", "NOUN", "ADJ")


@dataclass(frozen=True)
class Trigger:
    id: str
    type: str
    lemma: str
    pos: str
    requires: tuple[str, ...]
    with_: frozenset[str]
    mode: str | None
    roles: str
    contexts: tuple[str, ...]
    confidence: float
    without: frozenset[str] = frozenset()  # dependency labels that veto ("demonstrated that")
    fallback: bool = False  # an imported reading of a hand-written lemma: tried after them

    @property
    def specificity(self) -> int:
        """More conditions met means a more specific (preferred) trigger."""
        return int(bool(self.with_)) * 2 + len(self.requires)


@dataclass(frozen=True)
class Lexicon:
    version: str
    entries: tuple[Trigger, ...]
    agent_light_verbs: frozenset[str] = frozenset()
    recipient_light_verbs: frozenset[str] = frozenset()
    context_words: tuple[tuple[str, frozenset[str]], ...] = ()
    _index: dict[tuple[str, str], tuple[Trigger, ...]] = field(
        init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        index: dict[tuple[str, str], list[Trigger]] = {}
        for t in self.entries:
            index.setdefault((t.lemma, t.pos), []).append(t)
        object.__setattr__(self, "_index", {k: tuple(v) for k, v in index.items()})

    def lookup(self, lemma: str, pos: str) -> tuple[Trigger, ...]:
        return self._index.get((lemma, pos), ())

    @property
    def lemmas(self) -> frozenset[str]:
        return frozenset(t.lemma for t in self.entries)

    def contexts_for(self, lemmas: set[str]) -> list[str]:
        """PLOVER contexts whose cue words occur among ``lemmas``, in file order."""
        return [name for name, words in self.context_words if words & lemmas]


def _trigger(raw: dict[str, Any], type_: str, onto: Ontology, where: str) -> Trigger:
    lemma_text = str(raw["lemma"]).lower().strip()
    pos = str(raw.get("pos", "VERB"))
    lemma, requires = split_expression(lemma_text, pos)
    roles = str(raw.get("roles", "agent-patient" if pos == "VERB" else "nominal"))
    mode = raw.get("mode")
    et = onto.types.get(type_)
    tid = str(raw.get("id") or f"{type_.lower()}.{lemma_text.replace(' ', '-')}."
              f"{pos.lower()}" + (f".{'-'.join(sorted(raw.get('with') or []))[:40]}"
                                  if raw.get("with") else ""))
    problems = []
    if et is None:
        problems.append(f"unknown type {type_!r}")
    elif mode and mode not in et.modes:
        problems.append(f"unknown mode {mode!r} for {type_}")
    if pos not in POS:
        problems.append(f"pos must be one of {POS}")
    if roles not in ROLE_PATTERNS:
        problems.append(f"unknown role pattern {roles!r}")
    contexts = tuple(raw.get("contexts") or ())
    problems += [f"unknown context {c!r}" for c in contexts if c not in onto.contexts]
    if problems:
        raise LexiconError(Errors.E210.format(where=where, entry=tid, problems="; ".join(problems)))
    return Trigger(id=tid, type=type_, lemma=lemma, pos=pos, requires=requires,
                   with_=frozenset(str(w).lower() for w in raw.get("with") or ()),
                   mode=mode, roles=roles, contexts=contexts,
                   confidence=float(raw.get("confidence", 0.7)),
                   without=frozenset(str(w) for w in raw.get("without") or ()))


ARTICLES = frozenset({"a", "an", "the"})
JOINERS = frozenset({"of", "in", "for", "to", "with"})


def split_expression(text: str, pos: str) -> tuple[str, tuple[str, ...]]:
    """(head lemma, other words that must be among its dependents) of an expression."""
    words = [w for w in text.split() if w not in ARTICLES]
    if len(words) <= 1:
        return text.strip(), ()
    if pos == "NOUN" and not JOINERS & set(words):
        return words[-1], tuple(words[:-1])
    return words[0], tuple(words[1:])


def parse_lexicon_file(data: dict[str, Any], where: str, onto: Ontology) -> list[Trigger]:
    if not isinstance(data, dict) or data.get("kind") != "lexicon":
        raise LexiconError(Errors.E211.format(where=where))
    type_ = str(data.get("type"))
    out = [_trigger(e, str(e.get("type", type_)), onto, where) for e in data.get("entries") or ()]
    for group in data.get("groups") or ():
        shared = {k: v for k, v in group.items() if k != "lemmas"}
        for lemma in group.get("lemmas") or ():
            out.append(_trigger({**shared, "lemma": lemma}, str(group.get("type", type_)),
                                onto, where))
    return out


def _build(files: Sequence[tuple[str, str]],
           imported: Sequence[tuple[str, str]] = ()) -> Lexicon:
    onto = load_ontology()
    entries: dict[str, Trigger] = {}
    versions = []
    agent: set[str] = set()
    recipient: set[str] = set()
    contexts: dict[str, set[str]] = {}
    for where, text in files:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise LexiconError(Errors.E212.format(where=where, error=exc)) from exc
        versions.append(str(data.get("version", "?")) if isinstance(data, dict) else "?")
        kind = data.get("kind") if isinstance(data, dict) else None
        if kind == "light-verbs":
            agent.update(str(w).lower() for w in data.get("agent") or ())
            recipient.update(str(w).lower() for w in data.get("recipient") or ())
            continue
        if kind == "context-words":
            for name, words in (data.get("contexts") or {}).items():
                if name not in onto.contexts:
                    raise LexiconError(Errors.E213.format(where=where, name=name))
                contexts.setdefault(name, set()).update(str(w).lower() for w in words)
            continue
        for t in parse_lexicon_file(data, where, onto):
            entries[t.id] = t  # a later file (a user's) replaces an entry with the same id
    _add_imported(entries, imported, onto)
    return Lexicon(version=max(versions, default="?"), entries=tuple(entries.values()),
                   agent_light_verbs=frozenset(agent), recipient_light_verbs=frozenset(recipient),
                   context_words=tuple((k, frozenset(v)) for k, v in contexts.items()))


def _add_imported(entries: dict[str, Trigger], imported: Sequence[tuple[str, str]],
                  onto: Ontology) -> None:
    """Entries generated from other coders' dictionaries (``data/lexicon/imported``): the
    hand-written entries keep priority, so an imported entry is used only for a lemma and
    part of speech that no hand-written entry has."""
    hand = {(t.lemma, t.pos) for t in entries.values()}
    for where, text in imported:
        for t in parse_lexicon_file(yaml.safe_load(text), where, onto):
            if (t.lemma, t.pos) in hand:
                if not t.specificity:
                    continue  # a bare imported verb adds nothing to the hand-written reading
                t = dataclasses.replace(t, fallback=True)
            entries.setdefault(t.id, t)


def _shipped_files(folder: str = "") -> list[tuple[str, str]]:
    base = resources.files("tidings") / "data" / "lexicon"
    if folder:
        base = base / folder
    return [(p.name, p.read_text(encoding="utf-8"))
            for p in sorted(base.iterdir(), key=lambda p: p.name) if p.name.endswith(".yaml")]


@lru_cache(maxsize=8)
def _load(extra: tuple[str, ...], imported: bool) -> Lexicon:
    def build() -> Lexicon:
        files = _shipped_files() + [(p, Path(p).read_text(encoding="utf-8")) for p in extra]
        return _build(files, _shipped_files("imported") if imported else ())

    # Compiled once per set of file contents (tidings.cache): the YAML takes seconds to parse.
    data = resources.files("tidings") / "data"
    sources = [*_yaml_in(data / "lexicon"), *(_yaml_in(data / "lexicon" / "imported")
                                              if imported else ()),
               *(Path(p) for p in extra), data / "ontology" / "plover.yaml",
               Path(__file__), Path(__file__).with_name("ontology.py")]
    # The kind says whether the imported folder was read as imported: `lexicon
    # import-petrarch` checks its output as a plain extra file, which lists the same file
    # names and bytes, and must not share an entry with the coder's lexicon.
    return cached("lexicon-imported" if imported else "lexicon", sources, build)


def _yaml_in(folder: Traversable) -> list[Traversable]:
    return sorted((p for p in folder.iterdir() if p.name.endswith(".yaml")),
                  key=lambda p: p.name)


def load_lexicon(extra_paths: Sequence[str | Path] = (), imported: bool = True) -> Lexicon:
    """The shipped lexicon plus user files (an entry with the same id is replaced); with
    ``imported``, also the shipped entries converted from PETRARCH-2's verb dictionary
    (docs/ontology.md)."""
    return _load(tuple(str(p) for p in extra_paths), imported)
