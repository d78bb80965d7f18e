"""Drawing whole articles from the collections into annotation batches, reproducibly.

Articles are drawn without replacement with probability proportional to a weight that favours
international political news (how many countries an article names, political words, the BBC
category), so the rare PLOVER types occur often enough, while every sentence of a drawn article
is annotated, so sentences without events occur as they do in news. Weighted sampling without
replacement uses Efraimidis–Spirakis keys (u ** (1 / w)) from a seeded generator.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from tidings.corpus.records import SentenceRef
from tidings.corpus.segment import sentence_hash, sentences
from tidings.corpus.sources import SourceDocument, iter_documents

# Sentences wanted per collection (about 3,700 in all; the team's written sentences add the rest).
QUOTAS = {
    "reuters-21578": 1400,
    "bbc-news-2225": 1300,
    "article-extraction-benchmark": 650,
    "trafilatura-eval-en-news": 250,
    "readability-test-pages-news": 150,
}
MAX_SENTENCES = 45  # longer articles would eat a collection's quota alone
BBC_WEIGHT = {"politics": 3.0, "business": 1.5, "tech": 0.6, "entertainment": 0.4, "sport": 0.3}
POLITICAL = re.compile(
    r"\b(minister|president|government|talks|troops|army|police|rebels?|protest\w*|sanction\w*|"
    r"accus\w+|attack\w*|treaty|agreement|embassy|diplomat\w*|parliament|election|militar\w+|"
    r"aid|strike|war|ceasefire|negotiat\w+|summit|opposition|court)\b", re.I)
# A second draw favours the PLOVER types that general news reports least often, so that every
# type reaches enough examples (issue 15: at least 80 each); whole articles are still drawn.
RARE = re.compile(
    r"\b(protest\w*|demonstrat\w+|rall(y|ies)|strik(e|es|ers)|boycott\w*|troops|deploy\w*|"
    r"mobili[sz]\w+|reinforce\w*|threat\w*|warn\w*|ultimatum|withdr[ae]w\w*|releas\w+|"
    r"freed|ceasefire|truce|concession\w*|yield\w*|back(ed)? down|aid|donat\w+|loan\w*|"
    r"grant\w*|relief|sanction\w*|embargo\w*|tariff\w*|ban(ned|s)?|cooperat\w+|joint|"
    r"partnership|exercise\w*|arrest\w*|detain\w*|seiz\w+|expel\w*|deport\w*)\b", re.I)
_ROUGH_SENTENCE = re.compile(r"[.!?][\"'’”]?\s")


@dataclass(frozen=True, slots=True)
class DrawnDocument:
    doc: SourceDocument
    sentences: list[tuple[int, int]]


def country_words() -> re.Pattern[str]:
    """Country names and demonyms from the knowledge base, as one pattern."""
    path = resources.files("tidings") / "data" / "kb" / "countries.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    words = {w for c in data["countries"] for w in [c["name"], *(c.get("demonyms") or [])] if w}
    return re.compile(r"\b(" + "|".join(sorted(map(re.escape, words), key=len, reverse=True))
                      + r")\b")


def weight(doc: SourceDocument, countries: re.Pattern[str], rare: bool = False) -> float:
    named = {m.group(0) for m in countries.finditer(doc.text)}
    political = min(len(POLITICAL.findall(doc.text)), 10)
    base = 0.2 + len(named) + 0.3 * political
    if rare:
        base *= 1 + min(len(RARE.findall(doc.text)), 8)
    if doc.corpus == "bbc-news-2225":
        base *= BBC_WEIGHT.get(doc.category or "", 1.0)
    return base


def rough_sentences(text: str) -> int:
    return len(_ROUGH_SENTENCE.findall(text)) + 1


def draw(root: Path, seed: int, segment: Callable[[SourceDocument], list[tuple[int, int]]],
         quotas: dict[str, int] | None = None, exclude: frozenset[str] = frozenset(),
         rare: bool = False) -> list[DrawnDocument]:
    """Whole documents from each collection until its sentence quota is met.

    ``exclude`` holds document keys drawn before; ``rare`` favours the rare event types.
    """
    rng = random.Random(seed)
    countries = country_words()
    drawn: list[DrawnDocument] = []
    for corpus, quota in (quotas or QUOTAS).items():
        docs = [d for d in iter_documents(root, corpus)
                if 2 <= rough_sentences(d.text) <= MAX_SENTENCES and d.key not in exclude]
        keyed = sorted(docs, key=lambda d: rng.random() ** (1.0 / weight(d, countries, rare)),
                       reverse=True)
        total = 0
        for doc in keyed:
            if total >= quota:
                break
            spans = segment(doc)
            if len(spans) > MAX_SENTENCES or not spans:
                continue
            drawn.append(DrawnDocument(doc, spans))
            total += len(spans)
    return drawn


def refs_of(drawn: DrawnDocument) -> list[SentenceRef]:
    d = drawn.doc
    return [SentenceRef(f"{d.key}:{s}", d.corpus, d.file, d.doc, s, e, sentence_hash(d.text[s:e]))
            for s, e in drawn.sentences]


def into_batches(drawn: Iterable[DrawnDocument], count: int, seed: int) -> list[list[SentenceRef]]:
    """Documents shuffled and dealt to the batch with the fewest sentences (mixed collections)."""
    docs = list(drawn)
    random.Random(seed + 1).shuffle(docs)
    batches: list[list[SentenceRef]] = [[] for _ in range(count)]
    for doc in docs:
        min(batches, key=len).extend(refs_of(doc))
    return batches


def agreement_sample(batches: list[list[SentenceRef]], share: float, seed: int) -> list[SentenceRef]:
    """Whole documents drawn at random until ``share`` of all sentences: the blind second pass."""
    by_doc: dict[str, list[SentenceRef]] = {}
    for batch in batches:
        for ref in batch:
            by_doc.setdefault(ref.doc_key, []).append(ref)
    keys = sorted(by_doc)
    random.Random(seed + 2).shuffle(keys)
    wanted = share * sum(len(b) for b in batches)
    chosen: list[SentenceRef] = []
    for key in keys:
        if len(chosen) >= wanted:
            break
        chosen.extend(by_doc[key])
    return chosen


def segmenter(nlp: object) -> Callable[[SourceDocument], list[tuple[int, int]]]:
    return lambda doc: sentences(doc, nlp)
