"""spaCy's entity recognizer with its greedy decoding done in numpy: the same entities, less time.

The recognizer (``EntityRecognizer``, a transition-based model) scores, at every token, each
action (B-, I-, L-, U- of each label, O) and takes the best one that is valid there. spaCy
3.8's compiled loop asks each action whether it is valid through a helper that takes and
releases the interpreter's lock on every call, some 150 times per token: on the sentences
the rule-coder run sends it, a third or more of the recognizer's time went to that lock
(``perf``: ``PyGILState_Ensure`` under ``StateC::B_``; docs/coding.md). This module runs
the same model, step by step, for all Docs of a batch at once: the precomputed first layer
(``lower``) gathered for each state's three context tokens and summed in spaCy's order, its
bias, maxout, the output layer through the same ``gemm``; the valid actions as boolean
masks (``_valid``, spaCy's ``ner.pyx`` rules for Docs without preset entities); the best
valid action applied to every state at once.

``greedy_entities`` answers None when it cannot promise spaCy's result (a beam, another
model shape or feature set, classes unseen in training, postprocess hooks, Docs with
entities already set); the caller then runs the component itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from spacy.attrs import ENT_IOB, ENT_TYPE, IS_SPACE, SENT_START

if TYPE_CHECKING:
    from spacy.tokens import Doc

NER_FEATURES = 3  # state_type "ner": the next token, the open entity's first, the one before
BEGIN, IN, LAST, UNIT, OUT = range(5)
MOVES = {"B": BEGIN, "I": IN, "L": LAST, "U": UNIT, "O": OUT}
IOB_IN, IOB_OUT, IOB_BEGIN = 1, 2, 3  # ENT_IOB's codes


@dataclass(frozen=True)
class _Moves:
    """The recognizer's actions as arrays: each class's move and label (an index into
    ``labels``, the labels' string ids; -1 for none), and which classes are valid in each
    kind of state (spaCy's ``ner.pyx`` ``is_valid`` rules for Docs without preset
    entities). With no entity open (``closed[2 * may_begin + may_unit]``): B needs two tokens
    left, no sentence start next and a token that is not a space (``may_begin``); U a token
    that is not a space (``may_unit``); O is always valid. With an entity open
    (``opened[label, may_go_on]``): L of its label, and I of its label when two tokens are
    left and no sentence starts next (``may_go_on``). "U-" with no label is only for preset
    entities, never valid here."""

    move: np.ndarray
    label: np.ndarray
    labels: np.ndarray
    closed: np.ndarray  # (4, classes)
    opened: np.ndarray  # (labels, 2, classes)

    @classmethod
    def of(cls, ner: Any) -> _Moves | None:
        names = [ner.moves.get_class_name(i).partition("-") for i in range(ner.moves.n_moves)]
        if any(kind not in MOVES for kind, _, _ in names):
            return None
        labels = sorted({label for _, _, label in names if label})
        move = np.array([MOVES[kind] for kind, _, _ in names])
        label = np.array([labels.index(name) if name else -1 for _, _, name in names])
        named = label >= 0
        closed = np.array([((move == BEGIN) & named & bool(k & 2)) | ((move == UNIT) & named
                           & bool(k & 1)) | (move == OUT) for k in range(4)])
        opened = np.array([[(move == LAST) & (label == i) | (move == IN) & (label == i)
                            & bool(go_on) for go_on in (0, 1)] for i in range(len(labels))])
        ids = np.array([ner.vocab.strings.add(name) for name in labels], dtype="uint64")
        return cls(move, label, ids, closed, opened)


def _usable(ner: Any) -> bool:
    """Whether the model is one this decoding reproduces exactly."""
    model = ner.model
    return (ner.cfg.get("beam_width", 1) == 1 and not ner.postprocesses
            and model.attrs.get("has_upper") and not model.attrs.get("unseen_classes")
            and model.get_ref("lower").get_dim("nF") == NER_FEATURES
            and len(model.layers) == 3)


def greedy_entities(ner: Any, docs: list[Doc]) -> list[Doc] | None:
    """``ner.pipe(docs)`` for a batch: the entities spaCy's greedy decoding gives, set on the
    Docs; None (nothing set) when that is not assured (module docstring)."""
    moves = _Moves.of(ner) if _usable(ner) else None
    if moves is None or any(d.to_array(ENT_IOB).any() for d in docs):
        return None
    full = [d for d in docs if len(d)]
    if full:
        found = _decode(ner, full, moves)
        for doc, entities in zip(full, found, strict=True):
            _set_entities(doc, entities, moves.labels)
    return docs


def _decode(ner: Any, docs: list[Doc], moves: _Moves) -> list[list[tuple[int, int, int]]]:
    """Every Doc's entities (start, end, label), decoded greedily for all Docs at once."""
    model = ner.model
    tokvecs = model.layers[0].predict(docs)
    cached = model.layers[1].predict(tokvecs)  # (tokens + 1, features, hidden, pieces); row 0 pads
    lower_bias = model.get_ref("lower").get_param("b").ravel()
    upper = model.get_ref("upper")
    width = cached.shape[2] * cached.shape[3]
    table = cached.reshape(cached.shape[0], NER_FEATURES, width)
    lengths = np.array([len(d) for d in docs])
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    sent_start = np.concatenate([d.to_array(SENT_START).astype("int64") for d in docs])
    space = np.concatenate([d.to_array(IS_SPACE).astype(bool) for d in docs])
    state = _States(len(docs))
    found: list[list[tuple[int, int, int]]] = [[] for _ in docs]
    live = np.flatnonzero(state.b < lengths)
    while len(live):
        rows = _context_rows(state, live, offsets)
        summed = np.zeros((len(live), width), dtype="float32")
        for f in range(NER_FEATURES):  # spaCy's order: zero, + each feature, + bias
            summed += table[rows[:, f], f]
        summed += lower_bias
        hidden = summed.reshape(len(live), cached.shape[2], cached.shape[3]).max(axis=2)
        scores = model.ops.gemm(np.ascontiguousarray(hidden), upper.get_param("W"),
                                trans2=True)
        scores += upper.get_param("b")
        valid = _valid(state, live, lengths, offsets, sent_start, space, moves)
        best = np.where(valid, scores, -np.inf).argmax(axis=1)
        state.apply(live, moves.move[best], moves.label[best], found)
        live = live[state.b[live] < lengths[live]]
    return found


class _States:
    """The decoding state of each Doc: the next token, and the open entity if any."""

    def __init__(self, n: int) -> None:
        self.b = np.zeros(n, dtype="int64")
        self.open = np.zeros(n, dtype=bool)
        self.start = np.zeros(n, dtype="int64")
        self.label = np.zeros(n, dtype="int64")  # index into _Moves.labels

    def apply(self, live: np.ndarray, move: np.ndarray, label: np.ndarray,
              found: list[list[tuple[int, int, int]]]) -> None:
        b = self.b[live]
        begin = move == BEGIN
        self.open[live[begin]] = True
        self.start[live[begin]] = b[begin]
        self.label[live[begin]] = label[begin]
        for i in np.flatnonzero((move == LAST) | (move == UNIT)):
            doc = int(live[i])
            start = int(self.start[doc]) if move[i] == LAST else int(b[i])
            found[doc].append((start, int(b[i]) + 1, int(label[i])))  # a label index
        self.open[live[move == LAST]] = False
        self.b[live] += 1


def _context_rows(state: _States, live: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Each live state's three feature rows in the precomputed table (0: padding): the next
    token, and with an entity open its first token and the token before the next."""
    base = offsets[live] + 1
    b, is_open = state.b[live], state.open[live]
    return np.stack([base + b,
                     np.where(is_open, base + state.start[live], 0),
                     np.where(is_open, base + b - 1, 0)], axis=1)


def _valid(state: _States, live: np.ndarray, lengths: np.ndarray, offsets: np.ndarray,
           sent_start: np.ndarray, space: np.ndarray, moves: _Moves) -> np.ndarray:
    """Which actions each live state may take (``_Moves``)."""
    b = state.b[live]
    at = offsets[live] + b
    two = lengths[live] - b >= 2
    go_on = two & (sent_start[np.minimum(at + 1, len(sent_start) - 1)] != 1)
    blank = space[at]
    closed = moves.closed[2 * (go_on & ~blank) + ~blank]
    opened = moves.opened[state.label[live], go_on.astype("int64")]
    return np.where(state.open[live][:, None], opened, closed)


def _set_entities(doc: Doc, entities: list[tuple[int, int, int]], labels: np.ndarray) -> None:
    """The entities (start, end, index into ``labels``) on ``doc``, every other token
    outside any (as spaCy's recognizer leaves a Doc without preset entities)."""
    values = np.zeros((len(doc), 2), dtype="uint64")
    values[:, 0] = IOB_OUT
    for start, end, label in entities:
        values[start, 0] = IOB_BEGIN
        values[start + 1:end, 0] = IOB_IN
        values[start:end, 1] = labels[label]
    doc.from_array([ENT_IOB, ENT_TYPE], values)  # type: ignore[arg-type]  # thinc's Ints2d is numpy
