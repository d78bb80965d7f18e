"""Faster equivalents of two spaCy pipeline components: the same annotations, less time.

**The attribute ruler without its Matcher.** ``en_core_web_sm``'s ``attribute_ruler`` (179
patterns mapping fine tags to parts of speech, morphology and a few lemmas) took 16% of the
pipeline's time on Reuters news (1.6 -> 0.4 s per 200 stories here), because spaCy's
Matcher tries every pattern at every token.
Almost all of its patterns look at one token only, and a one-token pattern matches or not
by the token's tag, dependency, whether it is a space, and its lowercase form: so the
patterns that match are looked up by those (lowercase forms only for the patterns that name
words), and the few patterns of several tokens still go through a Matcher of their own.
The attributes are then set exactly as ``AttributeRuler.set_annotations`` sets them: pattern
by pattern in the ruler's order (later patterns win), with the ruler's own attribute values.
A ruler whose patterns use anything else (other attributes, other operators, quantifiers)
is left as it is (``fast_attribute_ruler`` returns None).

**The rule lemmatizer, cached and read by columns.** spaCy's rule lemmatizer caches a lemma
by (word, part of speech, morphology) only when it ran its suffix rules; a word it finds in
its base form (most nouns, infinitives, positive adjectives) has its morphology parsed again
every time, and every token is visited as a Python ``Token`` to set a string. Its answer
depends on those three and its fixed tables only, so ``CachedLemmatizer`` reads them for the
whole Doc as one array, looks each up in a cache of every answer (the lemma's string id),
asks the lemmatizer itself only on a miss (with its index of known words as sets, not the
lists it scans), and writes the lemmas back as one column.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import AttributeRuler, Lemmatizer
    from spacy.tokens import Doc, Token

ATTRS = {"TAG": "tag_", "DEP": "dep_", "IS_SPACE": "is_space", "LOWER": "lower_"}
OPS = frozenset({"IN", "NOT_IN", "REGEX"})
# Entries a component's cache holds before it starts afresh: a long run meets ever more
# words, and a cache that only grows would grow with it (200,000 keys: some 50 MB).
CACHE_SIZE = 200_000
FACTORY = "tidings_attribute_ruler"
LEMMATIZER_FACTORY = "tidings_cached_lemmatizer"


@dataclass(frozen=True)
class _Test:
    """One attribute's condition in a one-token pattern."""

    attr: str  # the Token attribute: tag_, dep_, is_space, lower_
    op: str  # "==", IN, NOT_IN or REGEX
    value: Any

    def holds(self, tok: Token) -> bool:
        got = getattr(tok, self.attr)
        if self.op == "==":
            return bool(got == self.value)
        if self.op == "IN":
            return got in self.value
        if self.op == "NOT_IN":
            return got not in self.value
        return bool(re.search(self.value, got))


@dataclass(frozen=True)
class _Rule:
    """A one-token pattern: the ruler's attribute id (its order) and its conditions."""

    attr_id: int
    tests: tuple[_Test, ...]

    def holds(self, tok: Token) -> bool:
        return all(t.holds(tok) for t in self.tests)


def _tests(spec: dict[str, Any]) -> tuple[_Test, ...] | None:
    tests = []
    for name, value in spec.items():
        if name not in ATTRS:
            return None
        if isinstance(value, dict):
            if len(value) != 1 or next(iter(value)) not in OPS:
                return None
            op, arg = next(iter(value.items()))
            tests.append(_Test(ATTRS[name], op, frozenset(arg) if op != "REGEX" else arg))
        elif isinstance(value, str | bool):
            tests.append(_Test(ATTRS[name], "==", value))
        else:
            return None
    return tuple(tests)


def _words(rule: _Rule) -> frozenset[str] | None:
    """The lowercase forms a rule is limited to (None: any)."""
    for t in rule.tests:
        if t.attr == "lower_" and t.op == "==":
            return frozenset({t.value})
        if t.attr == "lower_" and t.op == "IN":
            return frozenset(t.value)
    return None


class FastAttributeRuler:
    """Callable pipeline component with ``ruler``'s output (see the module docstring)."""

    def __init__(self, ruler: AttributeRuler, rules: list[_Rule],
                 longer: list[tuple[int, list[list[dict[str, Any]]]]]) -> None:
        from spacy.matcher import Matcher

        self.ruler = ruler
        self.by_word: dict[str, list[_Rule]] = {}
        self.other_words: list[_Rule] = []  # rules on the lowercase form by REGEX or NOT_IN
        self.general: list[_Rule] = []  # rules that do not look at the word
        for rule in rules:
            words = _words(rule)
            if words is not None:
                for w in words:
                    self.by_word.setdefault(w, []).append(rule)
            elif any(t.attr == "lower_" for t in rule.tests):
                self.other_words.append(rule)
            else:
                self.general.append(rule)
        # (tag, dep, is_space, lowercase form), as string ids -> ids of the rules that hold:
        # each token's rules are worked out once per distinct key, not per token; the rules
        # that do not look at the word once per (tag, dep, is_space): a few hundred keys.
        self.cache: dict[tuple[int, int, int, int], tuple[int, ...]] = {}
        self.general_cache: dict[tuple[int, int, int], tuple[int, ...]] = {}
        self.matcher = Matcher(ruler.vocab)
        for attr_id, patterns in longer:
            self.matcher.add(str(attr_id), patterns)

    def __call__(self, doc: Doc) -> Doc:
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
        from spacy.tokens._retokenize import set_token_attrs

        extra: dict[int, list[int]] = {}
        for match_id, start, end in self.matcher(doc, allow_missing=True):
            attr_id = int(self.ruler.vocab.strings[match_id])
            tok = doc[start:end][self.ruler.indices[attr_id]]
            extra.setdefault(tok.i, []).append(attr_id)
        attrs = self.ruler.attrs
        keys = doc.to_array([TAG, DEP, IS_SPACE, LOWER]).tolist()
        for tok, key in zip(doc, keys, strict=True):
            ids = self.cache.get(tuple(key))
            if ids is None:
                ids = self._ids(tok, (key[0], key[1], key[2]))
                bounded_put(self.cache, tuple(key), ids)
            if tok.i in extra:
                ids = tuple(sorted((*ids, *extra[tok.i])))
            for attr_id in ids:
                set_token_attrs(tok, attrs[attr_id])
        return doc

    def _ids(self, tok: Token, general_key: tuple[int, int, int]) -> tuple[int, ...]:
        ids = self.general_cache.get(general_key)
        if ids is None:
            ids = self.general_cache[general_key] = tuple(
                r.attr_id for r in self.general if r.holds(tok))
        word = [r.attr_id for r in self.by_word.get(tok.lower_, ()) if r.holds(tok)]
        word += [r.attr_id for r in self.other_words if r.holds(tok)]
        return tuple(sorted((*ids, *word))) if word else ids

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


def fast_attribute_ruler(ruler: AttributeRuler) -> FastAttributeRuler | None:
    """The stand-in for ``ruler``, or None if one of its patterns is beyond it. A pattern's
    place in ``ruler.patterns`` is its attribute id, the order ``set_annotations`` uses."""
    rules: list[_Rule] = []
    longer: list[tuple[int, list[list[dict[str, Any]]]]] = []
    for attr_id, entry in enumerate(ruler.patterns):
        patterns: list[list[dict[str, Any]]] = entry["patterns"]  # type: ignore[assignment]
        many = [p for p in patterns if len(p) != 1]
        if many:
            longer.append((attr_id, many))
        for pattern in (p for p in patterns if len(p) == 1):
            tests = _tests(pattern[0])
            if tests is None:
                return None
            rules.append(_Rule(attr_id, tests))
    return FastAttributeRuler(ruler, rules, longer)


def _make(nlp: Language, name: str) -> FastAttributeRuler:
    fast = fast_attribute_ruler(nlp.get_pipe("attribute_ruler"))  # type: ignore[arg-type]
    assert fast is not None  # speed_up checked
    return fast


def bounded_put(cache: dict[Any, Any], key: Any, value: Any) -> None:
    """``cache[key] = value``, emptying ``cache`` first when it is full (``CACHE_SIZE``)."""
    if len(cache) >= CACHE_SIZE:
        cache.clear()
    cache[key] = value


class CachedLemmatizer:
    """Callable pipeline component with a rule ``Lemmatizer``'s output (module docstring):
    the tokens it would lemmatize (those without a lemma, or all with ``overwrite``) get
    ``lemmatizer.lemmatize(token)[0]``, remembered by (word, part of speech, morphology)."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.cache: dict[tuple[int, int, int], int] = {}  # -> the lemma's string id
        # The lemmatizer asks its index of known words only "form in index", and the tables
        # ship each part of speech's index as a list (57,000 nouns): scanned on every miss,
        # 80% of the lemmatizer's time in a fresh process. As sets, the same answers.
        index = lemmatizer.lookups.get_table("lemma_index", {})
        for pos, words in list(index.items()):
            if isinstance(words, list):
                index[pos] = frozenset(words)

    @property
    def lookups(self) -> Any:  # the tables the sentence filter reads (annotate.filter)
        return self.lemmatizer.lookups

    @property
    def mode(self) -> str:
        return str(self.lemmatizer.mode)

    def __call__(self, doc: Doc) -> Doc:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        if not self.lemmatizer._validated:
            self.lemmatizer._validate_tables()
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        overwrite = self.lemmatizer.overwrite
        cache, strings = self.cache, doc.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if overwrite or lemma == 0:
                found = cache.get((orth, pos, morph))
                if found is None:
                    found = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
                    bounded_put(cache, (orth, pos, morph), found)
                lemmas[i] = found
        doc.from_array([LEMMA], lemmas)  # type: ignore[arg-type]  # thinc's Ints2d is numpy
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


def _make_lemmatizer(nlp: Language, name: str) -> CachedLemmatizer:
    return CachedLemmatizer(nlp.get_pipe("lemmatizer"))  # type: ignore[arg-type]


def speed_up(nlp: Language) -> Language:
    """``nlp`` with its ``attribute_ruler`` run by ``FastAttributeRuler`` where it can be
    and its rule lemmatizer by ``CachedLemmatizer`` (same names, same places)."""

    if "lemmatizer" in nlp.pipe_names and getattr(nlp.get_pipe("lemmatizer"), "mode",
                                                  None) == "rule":
        _swap(nlp, "lemmatizer", LEMMATIZER_FACTORY, _make_lemmatizer)
    if "attribute_ruler" not in nlp.pipe_names or fast_attribute_ruler(
            nlp.get_pipe("attribute_ruler")) is None:  # type: ignore[arg-type]
        return nlp
    _swap(nlp, "attribute_ruler", FACTORY, _make)
    return nlp


def _swap(nlp: Language, name: str, factory: str, make: Callable[[Language, str], Any]) -> None:
    """Put the component ``factory`` makes in place of ``nlp``'s ``name``, under that name."""
    from spacy.language import Language

    if not Language.has_factory(factory):
        Language.factory(factory, func=make)
    nlp.add_pipe(factory, after=name)
    nlp.remove_pipe(name)
    nlp.rename_pipe(factory, name)
