"""The contamination check: no corpus sentence may be (close to) an evaluation sentence.

Evaluation sets measure; a model or rule that saw them proves nothing. Every sentence of the
corpus (real or written) is compared with every sentence of the evaluation folder (PLOVER
gold, CAMEO manual examples, PETRARCH-2 sets, the PLOVER manual): a hit is a word 5-gram
Jaccard similarity of 0.5 or more. Candidates are found through an index of 5-grams, so the
check is linear in practice.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

N = 5
THRESHOLD = 0.5
_WORD = re.compile(r"[a-z0-9]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_XML_TEXT = re.compile(r"<Text>(.*?)</Text>", re.S)
_JSON_TEXT = re.compile(r'"text"\s*:\s*"((?:[^"\\]|\\.)*)"')


@dataclass(frozen=True, slots=True)
class Hit:
    sid: str
    eval_file: str
    eval_sentence: str
    jaccard: float


def grams(text: str) -> frozenset[tuple[str, ...]]:
    """Lower-case word n-grams (the whole sentence as one gram when it is shorter than n)."""
    words = _WORD.findall(text.lower())
    if len(words) < N:
        return frozenset([tuple(words)]) if words else frozenset()
    return frozenset(tuple(words[i:i + N]) for i in range(len(words) - N + 1))


def _texts_of(path: Path) -> Iterator[str]:
    raw = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".xml":
        yield from (m.group(1) for m in _XML_TEXT.finditer(raw))
    elif path.suffix == ".jsonl":
        for line in raw.splitlines():
            if line.strip():
                value = json.loads(line).get("text")
                if isinstance(value, str):
                    yield value
    elif path.suffix == ".txt":  # PLOVER gold records; dictionaries hold no "text" fields
        yield from (json.loads(f'"{m.group(1)}"') for m in _JSON_TEXT.finditer(raw))
    elif path.suffix == ".tex":  # the manual's examples, paragraph by paragraph
        yield from raw.split("\n\n")


def eval_sentences(folder: Path) -> Iterator[tuple[str, str]]:
    """(file, sentence) for every sentence of every evaluation file under ``folder``."""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            for text in _texts_of(path):
                for sentence in _SENTENCE_END.split(" ".join(text.split())):
                    if len(_WORD.findall(sentence)) >= 3:
                        yield str(path.relative_to(folder)), sentence


class EvalIndex:
    """Evaluation sentences indexed by their n-grams."""

    def __init__(self, sentences: Iterable[tuple[str, str]]) -> None:
        self.sentences: list[tuple[str, str, frozenset[tuple[str, ...]]]] = []
        self.by_gram: dict[tuple[str, ...], list[int]] = {}
        for file, sentence in sentences:
            g = grams(sentence)
            self.sentences.append((file, sentence, g))
            for gram in g:
                self.by_gram.setdefault(gram, []).append(len(self.sentences) - 1)

    @classmethod
    def from_folder(cls, folder: Path) -> EvalIndex:
        return cls(eval_sentences(folder))

    def best(self, text: str) -> tuple[float, int] | None:
        """The highest Jaccard similarity of ``text`` to an evaluation sentence, and which."""
        g = grams(text)
        candidates = {i for gram in g for i in self.by_gram.get(gram, ())}
        scored = [(len(g & self.sentences[i][2]) / len(g | self.sentences[i][2]), i)
                  for i in candidates]
        return max(scored) if scored else None

    def hits(self, items: Iterable[tuple[str, str]]) -> list[Hit]:
        """Every (sid, text) whose best similarity reaches the threshold."""
        found: list[Hit] = []
        for sid, text in items:
            best = self.best(text)
            if best and best[0] >= THRESHOLD:
                file, sentence, _ = self.sentences[best[1]]
                found.append(Hit(sid, file, sentence, round(best[0], 3)))
        return found
