"""Factuality of an event: asserted, negated, planned or possible, with the cue that decided.

Why rules on the parse: the cues (``not``, ``will``, ``plans to``, ``could``, ``possible``)
are closed-class words whose scope is given by syntax. We look at the trigger and at the
chain of verbs governing it (xcomp/ccomp/conj/aux/acl links), and for a nominal trigger
("the loan", "possible deals") at its own modifiers and at the verb it is an argument of.
Precedence: negation > possibility > plan > asserted, because "will not sign" is negated and
"could plan to visit" is possible.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Token

from tidings.coding.attributes import load_data
from tidings.records import Factuality

# Links along which a governing verb's factuality carries down to the trigger.
_CARRY_DEPS = frozenset(
    {
        "xcomp",
        "ccomp",
        "conj",
        "dobj",
        "nsubjpass",
        "nsubj",
        "pobj",
        "prep",
        "attr",
        "oprd",
        "acomp",
        "compound",
        "amod",
        "appos",
        "pcomp",
    }
)
_PRIORITY: dict[Factuality, int] = {"negated": 3, "possible": 2, "planned": 1, "asserted": 0}


@dataclass(frozen=True, slots=True)
class _Cue:
    value: Factuality
    rule: str
    depth: int
    at: int  # index of the word that is the cue


def classify(trigger: Token) -> tuple[Factuality, str]:
    """Factuality of the event whose trigger is ``trigger`` and the rule id that decided it.

    "did not sign" → negated/neg:not; "is scheduled to begin" → planned/plan-verb:schedule;
    "could include" → possible/modal:could; "possible deals" → possible/adj:possible;
    "reportedly signed" → asserted/reported:reportedly (still asserted, but noted).
    """
    best: _Cue | None = None
    reported: str | None = None
    cues = list(_cues(trigger))
    # One negating word can be seen twice ("No agreement was reached": on the noun and on
    # the verb through its subject), so count the distinct words.
    negations = {c.at for c in cues if c.value == "negated"}
    if negations and len(negations) % 2 == 0:
        # "has not prevented them from continuing": two negations on the path cancel.
        cues = [c for c in cues if c.value != "negated"] + [
            _Cue("asserted", "double-negation", 0, -1)
        ]
    for cue in cues:
        if cue.rule.startswith("reported:") or cue.rule == "double-negation":
            reported = reported or cue.rule
            continue
        if best is None or _PRIORITY[cue.value] > _PRIORITY[best.value]:
            best = cue
    if best is not None:
        return best.value, best.rule
    return "asserted", reported or "default"


def _chain(trigger: Token) -> Iterator[tuple[Token, Token | None, int]]:
    """The trigger then each governing word up its clause chain: (word, child-on-path, depth).

    Stops at the sentence root or at a link that opens an independent statement (a reported
    verb's subject clause does not inherit "said"); relative clauses stop the walk too.
    """
    current: Token = trigger
    child: Token | None = None
    depth = 0
    while True:
        yield current, child, depth
        if current.head.i == current.i or current.dep_ not in _CARRY_DEPS:
            return
        if current.dep_ == "ccomp" and current.head.lemma_.lower() not in _plan_like():
            return  # "X said Y attacked Z": the attack's factuality is its own
        child, current, depth = current, current.head, depth + 1


def _plan_like() -> frozenset[str]:
    """Verbs whose clausal complement takes their factuality ("denied that it had expelled")."""
    data = load_data("factuality")
    verbs = data["plan_verbs"] + data["possible_verbs"] + data["negating_verbs"]
    return frozenset(verbs)


def _cues(trigger: Token) -> Iterator[_Cue]:
    """Every factuality cue found along the trigger's governing chain."""
    for word, child, depth in _chain(trigger):
        yield from _own_cues(word, depth, is_trigger=child is None)
        if child is not None and child.dep_ in ("xcomp", "ccomp"):
            yield from _governor_cues(word, child, depth)
        elif child is not None and child.dep_ in ("dobj", "nsubjpass"):
            yield from _object_cues(word, depth)
        elif child is not None and child.dep_ == "prep" and child.lower_ == "from":
            yield from _prevent_cues(word, depth)


def _own_cues(word: Token, depth: int, is_trigger: bool) -> Iterator[_Cue]:
    """Cues among a word's own children: neg, aux modals, determiners, adjectives, adverbs."""
    data = load_data("factuality")
    for kid in word.children:
        low = kid.lower_
        if kid.dep_ == "neg" or (kid.dep_ in ("advmod", "preconj") and low in ("never", "neither")):
            yield _Cue("negated", f"neg:{low}", depth, kid.i)
        elif kid.dep_ == "det" and low in data["negating_determiners"]:
            yield _Cue("negated", f"det:{low}", depth, kid.i)
        elif kid.dep_ == "aux" and low in data["future_aux"]:
            yield _Cue("planned", f"future:{low}", depth, kid.i)
        elif kid.dep_ == "aux" and low in data["reported_future_aux"] and _reported(word):
            yield _Cue("planned", f"reported-future:{low}", depth, kid.i)
        elif kid.dep_ in ("aux", "auxpass") and low in data["possibility_aux"]:
            yield _Cue("possible", f"modal:{low}", depth, kid.i)
        elif kid.dep_ == "amod" and low in data["possible_adjectives"]:
            yield _Cue("possible", f"adj:{low}", depth, kid.i)
        elif kid.dep_ in ("amod", "compound") and low in data["planned_adjectives"]:
            yield _Cue("planned", f"adj:{low}", depth, kid.i)
        elif kid.dep_ == "advmod" and low in data["report_adverbs"]:
            yield _Cue("asserted", f"reported:{low}", depth, kid.i)
        elif kid.dep_ == "advmod" and low in data["possible_adverbs"]:
            yield _Cue("possible", f"adverb:{low}", depth, kid.i)
        elif kid.dep_ == "mark" and low in data["conditional_marks"]:
            yield _Cue("possible", f"conditional:{low}", depth, kid.i)
        elif kid.dep_ in ("nsubj", "nsubjpass") and (det := _negating_det(kid)) is not None:
            yield _Cue("negated", "subject:no", depth, det.i)
    if word.dep_ == "advcl" and _is_conditional(word):
        yield _Cue("possible", "conditional", depth, word.i)
    if is_trigger and word.tag_ == "MD":
        yield _Cue("possible", f"modal:{word.lower_}", depth, word.i)


def _governor_cues(verb: Token, complement: Token, depth: int) -> Iterator[_Cue]:
    """Cues from a verb over its complement: "plans to create", "refused to sign"."""
    data = load_data("factuality")
    lemma = verb.lemma_.lower()
    if lemma in data["negating_verbs"]:
        yield _Cue("negated", f"negating-verb:{lemma}", depth, verb.i)
    elif lemma in ("have", "be") and any(k.lower_ == "yet" for k in verb.children):
        yield _Cue("negated", "yet-to", depth, verb.i)  # "has yet to approve": not approved
    elif lemma in ("try", "attempt"):
        yield _Cue("possible", f"attempt-verb:{lemma}", depth, verb.i)
    elif lemma in data["possible_verbs"] and complement.dep_ == "xcomp":
        yield _Cue("possible", f"possible-verb:{lemma}", depth, verb.i)
    elif lemma in ("begin", "start", "go") and not _is_future(verb):
        return  # "began to withdraw" happened; "is going to" is caught by _is_future
    elif lemma in data["plan_verbs"] and complement.dep_ == "xcomp":
        yield _Cue("planned", f"plan-verb:{lemma}", depth, verb.i)


def _object_cues(verb: Token, depth: int) -> Iterator[_Cue]:
    """A nominal event that a negating verb governs did not happen ("the visit was cancelled")."""
    lemma = verb.lemma_.lower()
    if lemma in load_data("factuality")["negating_verbs"]:
        yield _Cue("negated", f"negating-verb:{lemma}", depth, verb.i)


def _prevent_cues(verb: Token, depth: int) -> Iterator[_Cue]:
    """ "prevented them from continuing": the complement of a prevent-verb did not happen."""
    lemma = verb.lemma_.lower()
    if lemma in load_data("factuality")["prevent_verbs"]:
        yield _Cue("negated", f"prevent-verb:{lemma}", depth, verb.i)


def _reported(verb: Token) -> bool:
    """The verb heads a clause reported by a speech verb ("said it would ...")."""
    return verb.dep_ == "ccomp" and verb.head.lemma_.lower() in load_data("factuality")[
        "reporting_verbs"]


def _is_future(verb: Token) -> bool:
    """Progressive "is going to"/"are set to" or a future auxiliary on the verb."""
    future = load_data("factuality")["future_aux"]
    return any(k.dep_ == "aux" and (k.lower_ in future or k.lemma_ == "be") for k in verb.children)


def _negating_det(noun: Token) -> Token | None:
    dets = load_data("factuality")["negating_determiners"]
    return next((k for k in noun.children if k.dep_ == "det" and k.lower_ in dets), None)


def _is_conditional(verb: Token) -> bool:
    marks = load_data("factuality")["conditional_marks"]
    return any(k.dep_ == "mark" and k.lower_ in marks for k in verb.children)
