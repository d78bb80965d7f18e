"""Quantities and money attached to one event, normalized to numbers, units and ISO currencies.

Why our own normalizer: quantulum3 misreads "US$50-million" and price-parser drops "million".
Money is found by a pattern built from the currency table in ``data/attributes/quantities.yaml``
(prefix symbols/codes or trailing names, with scale words); other quantities are number tokens
(digits, ``like_num`` words) with the noun they count as the unit. Only what lies in the
trigger's own phrase counts, so a second event's numbers in the same sentence are not taken.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Span, Token

from tidings.coding.attributes import load_data
from tidings.records import Money, Quantity

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# Clause links below a verb trigger that start another event's phrase.
_OTHER_CLAUSES = frozenset({"ccomp", "advcl", "conj", "parataxis"})
_COUNT_DEPS = frozenset({"nummod", "quantmod", "compound", "amod"})
_SKIP_ENTS = frozenset({"DATE", "TIME", "PERCENT", "ORDINAL"})


def extract(sentence: Span, trigger: Token) -> tuple[list[Quantity], Money | None]:
    """Quantities and the money amount of the event triggered by ``trigger``.

    "delivered some 300 tons of wheat" → [Quantity(300, "ton", "some 300 tons")];
    "a US$50-million loan" → Money(50000000, "USD", "US$50-million").
    """
    scope = event_scope(trigger)
    money: Money | None = None
    taken: set[int] = set()
    for match in _money_pattern().finditer(sentence.text):
        tokens = _tokens_at(sentence, match.start(), match.end())
        if tokens and any(t.i in scope for t in tokens) and money is None:
            money = _to_money(match)
            taken.update(t.i for t in tokens)
    quantities = [q for q in _quantities(sentence, scope, taken) if q is not None]
    return quantities, money


def event_scope(trigger: Token) -> set[int]:
    """Token indices of the trigger's phrase: its subtree minus subordinate events' clauses,
    plus the predicate of a nominal trigger ("the loan was $50m")."""
    scope = {trigger.i}
    for kid in trigger.children:
        if kid.dep_ in _OTHER_CLAUSES and kid.pos_ in ("VERB", "AUX"):
            continue
        scope.update(t.i for t in kid.subtree)
    if trigger.dep_ in ("nsubj", "nsubjpass") and trigger.pos_ in ("NOUN", "PROPN"):
        for kid in trigger.head.children:
            if kid.dep_ in ("attr", "acomp", "dobj", "npadvmod"):
                scope.update(t.i for t in kid.subtree)
    if trigger.dep_ == "dobj" and trigger.pos_ in ("NOUN", "PROPN"):
        # "holds several contracts with Chile, including one worth $90 million": the parser
        # hangs the "including" phrase on the verb, but it lists members of the object.
        for kid in trigger.head.children:
            if kid.dep_ == "prep" and kid.lower_ in _ELABORATING and kid.i > trigger.i:
                scope.update(t.i for t in kid.subtree)
    return scope


_ELABORATING = frozenset({"including", "like", "notably"})


# --------------------------------------------------------------------------- numbers


def parse_number(text: str) -> float | None:
    """Value of a written number: "1,000", "1.2bn", "50-million", "two dozen", "twenty-five".

    Returns None for vague counts ("hundreds", "several") that have no single value.
    """
    data = load_data("quantities")
    words, scales = data["number_words"], data["scales"]
    parts = re.findall(r"\d[\d,]*(?:\.\d+)?|[a-z]+", text.lower().replace("-", " "))
    total, current, seen = 0.0, 0.0, False
    for part in parts:
        if part[0].isdigit():
            current += float(part.replace(",", ""))
            seen = True
        elif part in scales and (seen or part in ("dozen", "hundred", "thousand")):
            current = (current or 1.0) * float(scales[part])
            seen = True
            if scales[part] >= 1000:
                total, current = total + current, 0.0
        elif part in words and words[part] is not None:
            current += float(words[part])
            seen = True
        elif part != "and":
            return None
    return total + current if seen else None


# --------------------------------------------------------------------------- money


@lru_cache(maxsize=1)
def _money_pattern() -> re.Pattern[str]:
    """Regex for money: [approximator] PREFIX NUM [SCALE] | [approximator] NUM [SCALE] NAME."""
    data = load_data("quantities")
    approx = _alternation(data["approximators"])
    prefixes = _alternation(data["currency_prefixes"])
    names = _alternation(k for k, v in data["currency_names"].items() if v)
    scales = _alternation(data["scales"])
    numword = _alternation(k for k, v in data["number_words"].items() if v and len(k) > 2)
    num = rf"(?:{_NUM}|{numword})"
    scale = rf"(?:[\s-]*(?i:{scales})\b)*"
    lead = rf"(?:(?P<approx>(?i:{approx}))\s+)?"
    return re.compile(
        rf"{lead}(?:(?P<cur>{prefixes})\s?(?P<num>{_NUM}){scale.replace('(?:[', '(?P<scale>(?:[', 1)})"
        rf"|{lead.replace('approx', 'approx2')}(?P<num2>{num}{scale})\s+(?P<name>(?i:{names}))\b)"
    )


def _alternation(items: object) -> str:
    words = sorted((str(i) for i in items), key=len, reverse=True)  # type: ignore[attr-defined]
    return "|".join(re.escape(w) for w in words)


def _to_money(match: re.Match[str]) -> Money | None:
    data = load_data("quantities")
    if match.group("cur"):
        currency = data["currency_prefixes"][match.group("cur")]
        amount = parse_number(match.group("num") + " " + (match.group("scale") or ""))
    else:
        currency = data["currency_names"][match.group("name").lower()]
        amount = parse_number(match.group("num2"))
    if amount is None:
        return None
    return Money(amount, currency, match.group(0).strip())


def _tokens_at(sentence: Span, start: int, end: int) -> list[Token]:
    """Tokens of ``sentence`` overlapping the character range [start, end) of its text."""
    offset = sentence.start_char
    return [t for t in sentence if t.idx - offset < end and t.idx + len(t) - offset > start]


# --------------------------------------------------------------------------- quantities


def _quantities(sentence: Span, scope: set[int], taken: set[int]) -> list[Quantity | None]:
    """One Quantity per run of number tokens in scope, counted noun as unit."""
    skip = {t.i for ent in sentence.ents if ent.label_ in _SKIP_ENTS for t in ent}
    runs: list[list[Token]] = []
    scales = load_data("quantities")["scales"]
    for token in sentence:
        if token.i not in scope or token.i in taken or token.i in skip:
            continue
        follows = bool(runs) and runs[-1][-1].i == token.i - 1
        if follows and (token.lower_ in scales or token.text == "-"):
            runs[-1].append(token)  # "two dozen", "twenty-five", "3 million"
        elif _is_number(token):
            if follows:
                runs[-1].append(token)
            else:
                runs.append([token])
    kept = [[t for t in run if t.text != "-"] for run in runs if not _is_reference(run)]
    return [_to_quantity(sentence, run) for run in kept]


def _is_reference(run: list[Token]) -> bool:
    """Numbers that name or refer rather than count: "COVID 19", "the two states", "one of".

    A number after the proper noun it modifies is part of a name; "the/these/both two X"
    refers back to known things; a lone number word heading its own phrase is a pronoun.
    """
    first, last = run[0], run[-1]
    if last.head.i < first.i and (last.head.pos_ == "PROPN" or last.head.is_upper):
        return True
    counted = last.head
    definite = load_data("quantities")["definite_determiners"]
    if any(
        k.dep_ in ("det", "poss") and k.lower_ in definite and k.i < first.i
        for k in counted.children
    ):
        return True
    return len(run) == 1 and not first.text[0].isdigit() and first.dep_ not in _COUNT_DEPS


def _is_number(token: Token) -> bool:
    words = load_data("quantities")["number_words"]
    low = token.lower_
    if low in ("a", "an", "single", "half", "one") and token.dep_ in ("det",):
        return False
    return token.like_num or token.pos_ == "NUM" or (low in words and low not in ("a", "an"))


def _to_quantity(sentence: Span, run: list[Token]) -> Quantity | None:
    data = load_data("quantities")
    value = parse_number(" ".join(t.text for t in run))
    if value is None:
        return None
    last = run[-1]
    inside = {t.i for t in run}
    heads = [t.head for t in run if t.head.i not in inside and t.dep_ in _COUNT_DEPS]
    unit_tok = next((h for h in heads if h.pos_ in ("NOUN", "PROPN")), None)
    while unit_tok is not None and unit_tok.dep_ == "compound" and unit_tok.head.pos_ == "NOUN":
        unit_tok = unit_tok.head  # "3 million vaccine doses": the count is of doses
    start = run[0].i
    for kid in run[0].children:
        if kid.dep_ in ("advmod", "quantmod") and kid.i < start:
            start = min(start, kid.left_edge.i)
    start = _approximator_start(sentence, start, data["approximators"])
    end = unit_tok.i if unit_tok is not None and unit_tok.i > last.i else last.i
    unit = _unit_name(unit_tok, data["unit_aliases"]) if unit_tok is not None else None
    doc = sentence.doc
    return Quantity(value, unit, doc[start : end + 1].text)


def _approximator_start(sentence: Span, start: int, approximators: list[str]) -> int:
    """Extend ``start`` left over an approximator ("some", "more than") right before it."""
    doc = sentence.doc
    for phrase in sorted(approximators, key=len, reverse=True):
        n = len(phrase.split())
        if start - n >= sentence.start and doc[start - n : start].text.lower() == phrase:
            return start - n
    return start


def _unit_name(token: Token, aliases: dict[str, str]) -> str:
    lemma = token.lemma_.lower()
    return aliases.get(token.lower_, aliases.get(lemma, lemma))
