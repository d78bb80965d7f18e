"""Parse articles with spaCy into sentences the later stages can point at.

An article has three kinds of text: its title, its body (``Article.text``) and its photo
captions. Each is parsed as its own spaCy ``Doc``; ``AnnotatedArticle.sentences`` lists the
sentences of all of them in reading order (title, body, captions), each with offsets into the
text of its own kind. Offsets of body sentences are therefore offsets into ``Article.text``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from tidings.records import Article, Sentence, SentenceKind


@dataclass
class AnnotatedArticle:
    """An article with its parsed parts. In-memory only (holds spaCy objects)."""

    article: Article
    body: Doc
    title: Doc | None = None
    captions: list[Doc] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)  # spans[i] is the spaCy span of sentences[i]

    def docs(self) -> Iterator[tuple[SentenceKind, Doc]]:
        if self.title is not None:
            yield "title", self.title
        yield "body", self.body
        for cap in self.captions:
            yield "caption", cap


def _index_sentences(ann: AnnotatedArticle) -> None:
    doc_id = ann.article.doc_id
    for kind, doc in ann.docs():
        for span in doc.sents:
            text = span.text.strip()
            if not text:
                continue
            ann.sentences.append(
                Sentence(doc_id=doc_id, index=len(ann.sentences), start=span.start_char,
                         end=span.end_char, text=span.text, kind=kind)
            )
            ann.spans.append(span)


def annotate(
    nlp: Language, articles: Iterable[Article], batch_size: int = 32
) -> Iterator[AnnotatedArticle]:
    """Parse a stream of articles. Body, title and captions of ``batch_size`` articles at a
    time go through one ``nlp.pipe`` call, so short articles do not pay per-call overhead."""
    chunk: list[Article] = []
    for article in articles:
        chunk.append(article)
        if len(chunk) >= batch_size:
            yield from _annotate_chunk(nlp, chunk, batch_size)
            chunk = []
    if chunk:
        yield from _annotate_chunk(nlp, chunk, batch_size)


def _annotate_chunk(nlp: Language, chunk: list[Article],
                    batch_size: int) -> Iterator[AnnotatedArticle]:
    texts: list[str] = []
    for article in chunk:
        texts.append(article.text)
        if article.title:
            texts.append(article.title)
        texts.extend(article.captions)
    docs = iter(nlp.pipe(texts, batch_size=batch_size))
    for article in chunk:
        body = next(docs)
        title = next(docs) if article.title else None
        captions = [next(docs) for _ in article.captions]
        ann = AnnotatedArticle(article=article, body=body, title=title, captions=captions)
        _index_sentences(ann)
        yield ann
