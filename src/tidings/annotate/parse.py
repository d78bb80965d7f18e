"""Parse articles with spaCy into sentences the later stages can point at.

An article has three kinds of text: its title, its body (``Article.text``) and its photo
captions. Each is parsed as its own spaCy ``Doc``; ``AnnotatedArticle.sentences`` lists the
sentences of all of them in reading order (title, body, captions), each with offsets into the
text of its own kind. Offsets of body sentences are therefore offsets into ``Article.text``.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc, Span, Token

from tidings.annotate.entities import greedy_entities
from tidings.annotate.filter import SentenceFilter, cut_sentences
from tidings.records import Article, Sentence, SentenceKind

# What the pipeline's components assign and a partly parsed Doc takes over from its parse.
PARSE_ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE]
# Components a coder's trigger check does not need, run last and only on articles the check
# passes (SentenceFilter.could_code): the entity recognizer, a third of spaCy's time.
LATE_COMPONENTS = frozenset({"ner"})
OUTSIDE = 2  # ENT_IOB's "O": outside any entity


@dataclass
class AnnotatedArticle:
    """An article with its parsed parts. In-memory only (holds spaCy objects)."""

    article: Article
    body: Doc
    title: Doc | None = None
    captions: list[Doc] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)  # spans[i] is the spaCy span of sentences[i]
    # Sentences a SentenceFilter kept from the parser: they are in no list above.
    skipped: int = 0
    # positions[i]: where sentences[i] stands among all the article's sentences, skipped ones
    # counted (i when none was skipped), so "the previous two sentences" means the same
    # sentences whether or not the ones between were parsed.
    positions: list[int] = field(default_factory=list)

    def position(self, index: int) -> int:
        """``positions[index]``, or ``index`` for an article built without positions."""
        return self.positions[index] if index < len(self.positions) else index

    def docs(self) -> Iterator[tuple[SentenceKind, Doc]]:
        if self.title is not None:
            yield "title", self.title
        yield "body", self.body
        for cap in self.captions:
            yield "caption", cap


def token_at(span: Span, char: int | None) -> Token | None:
    """The token of ``span`` that starts at document offset ``char`` (a mention's or a
    trigger's start), or None if no token starts there (or ``char`` is unknown).

    Found by spaCy's binary search over the token offsets (``char_span``), not by walking
    the span: the resolver and the coder ask it for every mention and event."""
    if char is None or not span.start_char <= char < span.end_char:
        return None
    found = span.doc.char_span(char, char + 1, alignment_mode="expand")
    tok = found[0] if found is not None and len(found) else None
    if tok is None or tok.idx != char or not span.start <= tok.i < span.end:
        return None
    return tok


@dataclass
class _Parsed:
    """One text of an article, parsed: its Doc, its sentences, how many were skipped."""

    doc: Doc
    sentences: list[Span]
    skipped_starts: list[int] = field(default_factory=list)  # first token of each skipped one

    @property
    def skipped(self) -> int:
        return len(self.skipped_starts)


def _index_sentences(ann: AnnotatedArticle, parts: list[tuple[SentenceKind, _Parsed]]) -> None:
    doc_id = ann.article.doc_id
    for kind, part in parts:
        for span in part.sentences:
            if not span.text.strip():
                continue
            ann.positions.append(len(ann.sentences) + ann.skipped
                                 + bisect_left(part.skipped_starts, span.start))
            ann.sentences.append(
                Sentence(doc_id=doc_id, index=len(ann.sentences), start=span.start_char,
                         end=span.end_char, text=span.text, kind=kind)
            )
            ann.spans.append(span)
        ann.skipped += part.skipped


def annotate(
    nlp: Language, articles: Iterable[Article], batch_size: int = 32,
    keep: SentenceFilter | None = None,
) -> Iterator[AnnotatedArticle]:
    """Parse a stream of articles. Body, title and captions of ``batch_size`` articles at a
    time go through one ``nlp.pipe`` call, so short articles do not pay per-call overhead.

    With ``keep``, each text is cut into sentences without a model and only the sentences
    ``keep`` passes are parsed (see ``parse_kept``); the others are counted in ``skipped``.
    """
    chunk: list[Article] = []
    for article in articles:
        chunk.append(article)
        if len(chunk) >= batch_size:
            yield from _annotate_chunk(nlp, chunk, batch_size, keep)
            chunk = []
    if chunk:
        yield from _annotate_chunk(nlp, chunk, batch_size, keep)


def _annotate_chunk(nlp: Language, chunk: list[Article], batch_size: int,
                    keep: SentenceFilter | None) -> Iterator[AnnotatedArticle]:
    texts: list[str] = []
    for article in chunk:
        texts.append(article.text)
        if article.title:
            texts.append(article.title)
        texts.extend(article.captions)
    if keep is None:
        parsed = iter([_Parsed(doc, list(doc.sents)) for doc in _pipe_all(nlp, texts,
                                                                          batch_size)])
    else:
        owners = [i for i, a in enumerate(chunk) for _ in range(1 + bool(a.title)
                                                                 + len(a.captions))]
        parsed = iter(parse_kept(nlp, texts, keep, batch_size, owners))
    for article in chunk:
        parts: list[tuple[SentenceKind, _Parsed]] = [("body", next(parsed))]
        if article.title:
            parts.insert(0, ("title", next(parsed)))
        parts.extend(("caption", next(parsed)) for _ in article.captions)
        ann = AnnotatedArticle(article=article, body=parts[1 if article.title else 0][1].doc,
                               title=parts[0][1].doc if article.title else None,
                               captions=[p.doc for k, p in parts if k == "caption"])
        _index_sentences(ann, parts)
        yield ann


def _pipe_all(nlp: Language, texts: list[str], batch_size: int) -> list[Doc]:
    """``nlp.pipe(texts)``, with the late components (the recognizer) run by ``_run_late``:
    the same annotations."""
    late = late_components(nlp)
    docs = list(nlp.pipe(texts, batch_size=batch_size, disable=late))
    for name in late:
        docs = _run_late(nlp.get_pipe(name), docs, batch_size)
    return docs


def parse_kept(nlp: Language, texts: list[str], keep: SentenceFilter, batch_size: int = 32,
               owners: list[int] | None = None) -> list[_Parsed]:
    """Each text tokenized and cut into sentences whole; the sentences ``keep`` passes parsed
    together as one Doc per text (so a run of kept sentences is parsed as it stands in the
    text, and the parser still places the sentence boundaries inside it), their annotations
    copied back onto the whole text's Doc, so every offset stays an offset into the text.

    ``owners[i]`` is the article of ``texts[i]`` (default: each text its own): the lead
    sentences (``keep.lead``) are context for events, so they are parsed only for an article
    with a sentence ``keep`` passes somewhere in its texts."""
    docs = [nlp.make_doc(text) for text in texts]
    owners = owners if owners is not None else list(range(len(texts)))
    cuts = [_cut(doc, keep) for doc in docs]
    coded = {owner for owner, cut in zip(owners, cuts, strict=True) if any(k for _, _, k in cut)}
    plans = [_kept_ranges(doc, cut, keep.lead, keep.context) if owner in coded
             else _kept_ranges(doc, cut, 0)
             for doc, cut, owner in zip(docs, cuts, owners, strict=True)]
    subs = {i: _sub_doc(doc, ranges)
            for i, (doc, (ranges, _)) in enumerate(zip(docs, plans, strict=True)) if ranges}
    leads = [_lead_tokens(cuts[i], keep.lead) for i in subs]
    parsed = _pipe(nlp, subs, keep, [owners[i] for i in subs], leads, batch_size)
    out = []
    for i, (doc, (ranges, skipped)) in enumerate(zip(docs, plans, strict=True)):
        if i in parsed:
            out.append(_Parsed(doc, _copy_back(doc, parsed[i], ranges), skipped))
        else:  # nothing kept, or nothing a coder could code: every sentence skipped
            out.append(_Parsed(doc, [], [s for s, e, _ in cuts[i] if doc[s:e].text.strip()]))
    return out


def _pipe(nlp: Language, subs: dict[int, Doc], keep: SentenceFilter, owners: list[int],
          leads: list[int], batch_size: int) -> dict[int, Doc]:
    """``subs`` through the pipeline. With ``keep.could_code``, the late components
    (entities) run only on the texts of articles where it holds for some token, and there
    only on the sentences that need them (``_entity_tokens``); the texts of the other
    articles are left out of the answer. ``leads[n]``: how many tokens the lead sentences
    take at the start of the n-th text of ``subs``."""
    late = late_components(nlp) if keep.could_code is not None else []
    early = list(nlp.pipe(subs.values(), batch_size=batch_size, disable=late))
    if not late:
        return dict(zip(subs, early, strict=True))
    could_code = keep.could_code
    assert could_code is not None
    coded = {owner for owner, doc in zip(owners, early, strict=True) if could_code(doc)}
    chosen = {i: (doc, lead) for i, owner, doc, lead in zip(subs, owners, early, leads,
                                                            strict=True) if owner in coded}
    picks = [_entity_tokens(doc, could_code, lead) for doc, lead in chosen.values()]
    docs = [doc if pick is None else _words_doc(doc, pick)
            for (doc, _), pick in zip(chosen.values(), picks, strict=True)]
    for name in late:  # the pipeline's own order, as nlp.pipe would run them
        docs = _run_late(nlp.get_pipe(name), docs, batch_size)
    for (doc, _), pick, done in zip(chosen.values(), picks, docs, strict=True):
        if pick is not None:
            _copy_entities(doc, done, pick)
    return {i: doc for i, (doc, _) in chosen.items()}


def _run_late(component: Any, docs: list[Doc], batch_size: int) -> list[Doc]:
    """A late component over ``docs``: the entity recognizer decoded in numpy when that gives
    spaCy's own entities (``entities.greedy_entities``; a third of its time saved), anything
    else as spaCy runs it."""
    if not isinstance(component, EntityRecognizer):
        return list(component.pipe(docs, batch_size=batch_size))
    # Batches of Docs of like length, as spaCy batches them: the decoding takes as many
    # steps as the longest Doc of a batch has tokens.
    order = sorted(range(len(docs)), key=lambda i: len(docs[i]))
    for n in range(0, len(order), batch_size):
        batch = [docs[i] for i in order[n:n + batch_size]]
        if greedy_entities(component, batch) is None:
            list(component.pipe(batch, batch_size=batch_size))
    return docs


def _entity_tokens(doc: Doc, could_code: Callable[[Iterable[Token]], bool],
                   lead: int) -> list[int] | None:
    """The tokens of the sentences of ``doc`` (tagged and parsed) that need entities: those
    where a coder could find an event and the lead sentences (the first ``lead`` tokens),
    which name the people that later sentences call by surname or "he". Entities elsewhere
    change no event often enough to pay for (docs/coding.md). None: every sentence."""
    sents = list(doc.sents)
    picked = [s for s in sents if s.start < lead or could_code(s)]
    if len(picked) == len(sents):
        return None
    return [i for s in picked for i in range(s.start, s.end)]


def _words_doc(doc: Doc, pick: list[int]) -> Doc:
    """The tokens ``pick`` of ``doc`` as a Doc of their own with ``doc``'s sentence starts
    (the recognizer keeps an entity within a sentence): all a late component reads."""
    return Doc(doc.vocab, words=[doc[i].text for i in pick],
               spaces=[bool(doc[i].whitespace_) for i in pick],
               sent_starts=[bool(doc[i].is_sent_start) for i in pick])


def _copy_entities(doc: Doc, done: Doc, pick: list[int]) -> None:
    """``done``'s entities onto the tokens ``pick`` of ``doc`` it was built from; every
    other token of ``doc`` is outside any entity ("O"), as the recognizer would leave it."""
    values = np.zeros((len(doc), 2), dtype="uint64")
    values[:, 0] = OUTSIDE
    values[np.array(pick)] = done.to_array([ENT_IOB, ENT_TYPE])
    doc.from_array([ENT_IOB, ENT_TYPE], values)  # type: ignore[arg-type]  # thinc's Ints2d is numpy


def late_components(nlp: Language) -> list[str]:
    """The components at the end of ``nlp``'s pipeline that no trigger check needs (entities:
    the recognizer reads only the words), so they can wait for ``SentenceFilter.could_code``."""
    names = list(nlp.pipe_names)
    late: list[str] = []
    while names and names[-1] in LATE_COMPONENTS:
        late.insert(0, names.pop())
    return late


def _lead_tokens(cut: list[tuple[int, int, bool]], lead: int) -> int:
    """How many tokens the first ``lead`` sentences of a text take (in a text with a kept
    sentence they are always kept, so they open its sub-doc too)."""
    return cut[min(lead, len(cut)) - 1][1] if lead and cut else 0


def _cut(doc: Doc, keep: SentenceFilter) -> list[tuple[int, int, bool]]:
    """The text's sentences (token ranges), each with whether ``keep`` passes it."""
    words = [t.lower_ for t in doc]
    return [(start, end, keep.keeps_words(words[start:end]))
            for start, end in cut_sentences(doc)]


def _kept_ranges(doc: Doc, cut: list[tuple[int, int, bool]], lead: int,
                 context: Callable[[Sequence[str]], bool] | None = None,
                 ) -> tuple[list[tuple[int, int]], list[int]]:
    """Token ranges of the kept sentences (passed, among the first ``lead``, or words that
    ``context`` holds for), adjacent ones joined, and the first token of each skipped
    sentence with any text."""
    ranges: list[tuple[int, int]] = []
    skipped: list[int] = []
    for n, (start, end, passed) in enumerate(cut):
        if n >= lead and not passed and not (
                context is not None and context([t.text for t in doc[start:end]])):
            if doc[start:end].text.strip():
                skipped.append(start)
        elif ranges and ranges[-1][1] == start:
            ranges[-1] = (ranges[-1][0], end)
        else:
            ranges.append((start, end))
    return ranges, skipped


def _sub_doc(doc: Doc, ranges: list[tuple[int, int]]) -> Doc:
    """The tokens of ``ranges`` as a Doc of their own; each range starts a sentence, so the
    parser never joins two ranges that a skipped sentence separated."""
    words: list[str] = []
    spaces: list[bool] = []
    starts: list[bool | int | None] = []
    for start, end in ranges:
        for tok in doc[start:end]:
            words.append(tok.text)
            spaces.append(bool(tok.whitespace_))
            starts.append(True if tok.i == start else None)
    return Doc(doc.vocab, words=words, spaces=spaces, sent_starts=starts)


def _copy_back(doc: Doc, sub: Doc, ranges: list[tuple[int, int]]) -> list[Span]:
    """Put ``sub``'s annotations on the tokens of ``doc`` it was cut from; return the parsed
    sentences as spans of ``doc``. Heads are relative offsets and never leave a range."""
    index = np.concatenate([np.arange(start, end) for start, end in ranges])
    values = np.zeros((len(doc), len(PARSE_ATTRS)), dtype="uint64")
    values[index] = sub.to_array(PARSE_ATTRS)
    doc.from_array(PARSE_ATTRS, values)  # type: ignore[arg-type]  # thinc's Ints2d is numpy
    return [doc[int(index[s.start]):int(index[s.end - 1]) + 1] for s in sub.sents]
