"""Which sentences can hold an event, decided before the parser runs.

Contract: ``SentenceFilter.keeps(tokens)`` is True for every sentence in which a coder can
find an event. A coder states what it needs as ``Cue``s: a trigger lemma and the words its
sentence must also hold (the rule coder's are its lexicon entries, with their required
dependents and object words, and the "X said Y must" construction:
``tidings.flows.code.rule_cues``); a coder that looks at other words (a learned one) passes
its own cues. Lemmas are only known after the tagger, so the filter works on surface forms
instead: every form the pipeline's own rule lemmatizer can turn into the cue's words,
whatever part of speech the tagger would choose. That over-approximates (a noun "talks" and
a verb "talks" both pass), never under-: a sentence the filter drops holds no token a coder
could take as a trigger with its conditions met.

Sentences are cut by a rule sentencizer over the tokenizer's output (no model), so the whole
article is segmented before anything is skipped; ``tidings.annotate.parse`` then parses only
the kept sentences and counts the skipped ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

# The parts of speech spaCy's English rule lemmatizer has suffix rules and exceptions for.
LEMMATIZED_POS = ("noun", "verb", "adj", "adv")
SENTENCE_END = frozenset({".", "!", "?", "...", "…"})


@dataclass(frozen=True)
class Cue:
    """A trigger word and what else its sentence must hold for the trigger to apply: one word
    of each set in ``needs`` (a lexicon entry's required dependents, its object words)."""

    lemma: str
    needs: tuple[frozenset[str], ...] = ()


@dataclass(frozen=True)
class SentenceFilter:
    """Keeps a sentence when one of its tokens, lowercased, is a form of a cue's word and the
    sentence also holds a form of a word of each of that cue's ``needs``."""

    cues: dict[str, tuple[tuple[frozenset[str], ...], ...]]  # form → each cue's needs (forms)
    lead: int = 0  # the first sentences of each text are always kept (context for the rest)
    # In an article with a kept sentence, a sentence whose words (as written) this holds for
    # is kept too: it names actors that the kept sentences' context draws on (the countries
    # named so far, the article's focus, earlier people). None: no such sentences.
    context: Callable[[Sequence[str]], bool] | None = None
    # Whether a coder could find an event at one of a parsed text's tokens, asked once the
    # components a coder's triggers need have run (tags, parse, lemmas) and before the late
    # ones (``LATE_COMPONENTS``): an article none of whose kept sentences passes gets no
    # entities and no actors, and is counted as skipped whole. None: every kept sentence
    # goes through the whole pipeline.
    could_code: Callable[[Iterable[Token]], bool] | None = None

    def keeps(self, tokens: Iterable[Token]) -> bool:
        return self.keeps_words(t.lower_ for t in tokens)

    def keeps_words(self, lowered: Iterable[str]) -> bool:
        """``keeps`` for the tokens' lowercase forms."""
        words = set(lowered)
        # Word by word into the table: words.intersection(self.cues) would walk the whole
        # table (every form of every cue) for each sentence, 2 s per 1,000 stories.
        for word in [w for w in words if w in self.cues]:
            for needs in self.cues[word]:
                if all(not words.isdisjoint(need) for need in needs):
                    return True
        return False

    @classmethod
    def for_cues(cls, cues: Iterable[Cue], nlp: Language, lead: int = 0,
                 context: Callable[[Sequence[str]], bool] | None = None,
                 could_code: Callable[[Iterable[Token]], bool] | None = None,
                 ) -> SentenceFilter:
        """The filter for ``cues``, with every word widened to the inflected forms ``nlp``'s
        lemmatizer maps to it (without a lemmatizer: the words as written)."""
        cues = list(cues)
        words = {c.lemma.lower() for c in cues} | {w.lower() for c in cues for need in c.needs
                                                   for w in need}
        forms = _forms_by_word(words, nlp)
        table: dict[str, list[tuple[frozenset[str], ...]]] = {}
        for cue in cues:
            needs = tuple(frozenset().union(*(forms[w.lower()] for w in need))
                          for need in cue.needs)
            for form in forms[cue.lemma.lower()]:
                if needs not in table.setdefault(form, []):
                    table[form].append(needs)
        return cls({form: tuple(options) for form, options in table.items()}, lead, context,
                   could_code)

    @property
    def forms(self) -> frozenset[str]:
        return frozenset(self.cues)


def _forms_by_word(words: set[str], nlp: Language) -> dict[str, frozenset[str]]:
    if "lemmatizer" not in nlp.pipe_names:
        return {w: frozenset({w}) for w in words}
    lookups = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
    return inflected_forms(words, _table(lookups, "lemma_rules"), _table(lookups, "lemma_exc"))


def _table(lookups: Any, name: str) -> Mapping[str, Any]:
    if not lookups.has_table(name):
        return {}
    table = lookups.get_table(name)
    return {pos: table.get(pos, {}) for pos in LEMMATIZED_POS}


def inflected_forms(words: Iterable[str], rules: Mapping[str, Sequence[Sequence[str]]],
                    exceptions: Mapping[str, Mapping[str, Sequence[str]]]
                    ) -> dict[str, frozenset[str]]:
    """For each word, every lowercase form spaCy's rule lemmatizer can lemmatize to it: the
    word itself, each suffix rule run backwards (``old → new`` read as ``new → old``) and
    each exception ("went" → "go"). Over-generates ("goed"), which costs nothing."""
    by_lemma: dict[str, set[str]] = {}
    for pos_exc in exceptions.values():
        for form, targets in pos_exc.items():
            for target in targets:
                by_lemma.setdefault(target, set()).add(form.lower())
    suffixes = {(old, new) for pos_rules in rules.values() for old, new in pos_rules}
    return {w: frozenset({w, *by_lemma.get(w, ()),
                          *(w[:len(w) - len(new)] + old for old, new in suffixes
                            if w.endswith(new))})
            for w in words}


def cut_sentences(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of ``doc``'s sentences, cut without a model the way the parser mostly cuts
    them: after ".", "!" or "?", the closing quotes and brackets that stick to it, and the
    whitespace (line breaks) that follows; an opening quote starts the next sentence."""
    toks = [(t.text, t.is_punct, t.is_space, bool(t.whitespace_)) for t in doc]
    n = len(toks)
    if not n:
        return []
    bounds = [0]
    i = 0
    while i < n:
        text = toks[i][0]
        i += 1
        if text not in SENTENCE_END and not text.endswith(("!", "?")):
            continue
        while i < n and toks[i][1] and toks[i][0] not in SENTENCE_END and not toks[i - 1][3]:
            i += 1  # '."' or '.)': closing marks written against the full stop
        while i < n and toks[i][2]:
            i += 1
        if bounds[-1] < i < n:
            bounds.append(i)
    return list(zip(bounds, bounds[1:] + [n], strict=True))
