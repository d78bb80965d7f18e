"""The annotated corpus tooling: spans, labels, splits, contamination, agreement, build.

Every sentence here is written for these tests; the fake collection is a BBC-style tarball
made in a temporary folder.
"""

from __future__ import annotations

import io
import json
import tarfile
from collections import Counter
from pathlib import Path

import pytest

from tidings.corpus.agreement import agreement, cohen_kappa
from tidings.corpus.annotations import AnnotationError, load_vocabulary, locate, parse_event
from tidings.corpus.build import build, read_corpus, split_of, write_corpus
from tidings.corpus.contamination import EvalIndex
from tidings.corpus.records import EventLabel, SentenceRef, Span, read_manifest, write_manifest
from tidings.corpus.sample import DrawnDocument, refs_of
from tidings.corpus.segment import paragraphs, sentence_hash
from tidings.corpus.sources import SourceDocument
from tidings.corpus.tool import check_lines
from tidings.corpus.tool import main as tool_main

VOCAB = load_vocabulary()
ARTICLE = ("Freedonia expels envoy\n\n"
           "The government of Freedonia expelled the Sylvanian ambassador on Monday.\n\n"
           "Sylvania accused Freedonia of provocation. Markets were calm.\n")


def _event(**extra: object) -> dict[str, object]:
    base: dict[str, object] = {
        "type": "ACCUSE", "mode": "disapprove", "factuality": "asserted",
        "trigger": "accused", "source": "Sylvania", "target": "Freedonia",
        "source_country": "USA", "source_sector": "GOV"}
    base.update(extra)
    return base


def test_locate_folds_whitespace_and_picks_occurrence() -> None:
    span = locate("the army\n   shelled the army base", "army shelled")
    assert (span.start, span.end, span.text) == (4, 19, "army\n   shelled")
    assert locate("the army hit the army base", "army", 1).start == 17
    assert locate("then the hero said he left", "he").start == 19  # not inside then/the/hero
    assert locate("the hero said he and he left", "he", 1).start == 21
    with pytest.raises(AnnotationError):
        locate("the army hit", "navy")
    with pytest.raises(AnnotationError):
        locate("the army hit", "army", 1)


def test_parse_event_checks_every_label() -> None:
    sentence = "Sylvania accused Freedonia of provocation."
    event = parse_event(_event(), sentence, VOCAB)
    assert event.trigger == Span("accused", 9, 16)
    assert event.target == Span("Freedonia", 17, 26)
    bad = [_event(type="SANCTIONS"), _event(mode="visit"), _event(factuality="maybe"),
           _event(source_country="XXX"), _event(source_sector="KING"),
           _event(target=None, target_country="USA"), _event(trigger=None), _event(colour=1)]
    for raw in bad:
        with pytest.raises(AnnotationError):
            parse_event(raw, sentence, VOCAB)


def test_split_is_by_document_seeded_and_near_70_15_15() -> None:
    assert split_of("reu:42") == split_of("reu:42")
    counts = Counter(split_of(f"doc:{i}") for i in range(4000))
    assert abs(counts["train"] / 4000 - 0.70) < 0.03
    assert abs(counts["dev"] / 4000 - 0.15) < 0.03
    assert abs(counts["test"] / 4000 - 0.15) < 0.03


def test_contamination_finds_near_copies_only() -> None:
    index = EvalIndex([("set.jsonl", "The coastal guard seized four fishing boats near the "
                                     "disputed islands late on Friday night.")])
    near = "The coastal guard seized four fishing boats near the disputed islands on Friday night."
    hits = index.hits([("a", near), ("b", "Farmers in the valley harvested a record crop.")])
    assert [h.sid for h in hits] == ["a"]
    assert hits[0].jaccard >= 0.5


def test_agreement_kappa_and_event_f1() -> None:
    assert cohen_kappa(["A", "A", "NONE", "B"], ["A", "A", "NONE", "B"]) == 1.0
    assert cohen_kappa(["A", "NONE"], ["NONE", "A"]) < 0
    accuse = EventLabel("ACCUSE", None, "asserted", Span("x", 0, 1), Span("Sylvania", 0, 8),
                        Span("Freedonia", 17, 26))
    shorter = EventLabel("ACCUSE", None, "asserted", Span("x", 0, 1), Span("Sylv", 0, 4),
                         Span("Freedonia", 17, 26))
    result = agreement([([accuse], [shorter]), ([], []), ([accuse], [])])
    assert result.sentences == 3 and result.matched == 1
    assert result.f1 == pytest.approx(2 / 3)


def test_reuters_paragraphs_keep_wrapped_lines_together() -> None:
    text = "LONDON, March 3 - The ministry said\nexports rose.\n    It gave no figures.\n"
    doc = SourceDocument("reuters-21578", "reut2-000.sgm.gz", "1", text)
    spans = list(paragraphs(doc))
    assert [text[s:e] for s, e in spans] == [
        "LONDON, March 3 - The ministry said\nexports rose.", "It gave no figures."]


def _collection(root: Path, body: str) -> SourceDocument:
    folder = root / "bbc-news-2225"
    folder.mkdir(parents=True, exist_ok=True)
    data = body.encode("utf-8")
    with tarfile.open(folder / "bbc-fulltext.tar.gz", "w:gz") as tar:
        info = tarfile.TarInfo("bbc/politics/001.txt")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return SourceDocument("bbc-news-2225", "bbc-fulltext.tar.gz", "politics/001", body)


def _spans(text: str) -> list[tuple[int, int]]:
    starts = [text.index(s) for s in ("Freedonia expels", "The government", "Sylvania accused",
                                      "Markets were")]
    ends = [text.index(e) + len(e) for e in ("envoy", "Monday.", "provocation.", "calm.")]
    return list(zip(starts, ends, strict=True))


def _corpus_dir(tmp_path: Path, doc: SourceDocument) -> tuple[Path, list[SentenceRef]]:
    corpus_dir = tmp_path / "corpus"
    refs = refs_of(DrawnDocument(doc, _spans(doc.text)))
    write_manifest(corpus_dir / "batches" / "b01.tsv", refs)
    lines = [{"sid": r.sid, "events": []} for r in refs]
    lines[1]["events"] = [{"type": "COERCE", "mode": "deport", "factuality": "asserted",
                           "trigger": "expelled", "source": "The government of Freedonia",
                           "target": "the Sylvanian ambassador", "target_sector": "GOV"}]
    lines[2]["events"] = [_event(source_country=None)]
    (corpus_dir / "annotations").mkdir(parents=True)
    (corpus_dir / "annotations" / "b01.jsonl").write_text(
        "".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    (corpus_dir / "written").mkdir()
    (corpus_dir / "written" / "rare.jsonl").write_text(json.dumps(
        {"sid": "wri:rare:1", "text": "The militia freed two hostages.", "events": [
            {"type": "RETREAT", "mode": "release", "factuality": "asserted", "trigger": "freed",
             "source": "The militia", "target": "two hostages", "source_sector": "REB"}]}) + "\n",
        encoding="utf-8")
    return corpus_dir, refs


def test_build_rebuilds_checks_and_writes(tmp_path: Path) -> None:
    doc = _collection(tmp_path / "corpora", ARTICLE)
    corpus_dir, refs = _corpus_dir(tmp_path, doc)
    assert check_lines(refs, [{"sid": refs[0].sid, "events": []}],
                       {r.sid: doc.text[r.start:r.end] for r in refs}, VOCAB) == [
        f"{r.sid}: not annotated" for r in refs[1:]]
    report = build(tmp_path / "corpora", corpus_dir, eval_dir=None)
    assert report.refused == []
    assert [len(s.events) for s in report.sentences] == [0, 1, 1, 0, 1]
    assert report.sentences[-1].origin == "written" and report.sentences[-1].split == "train"
    assert len({s.split for s in report.sentences[:4]}) == 1  # one document, one split
    out = tmp_path / "corpus.jsonl"
    write_corpus(report, out)
    again = read_corpus(out)
    assert [s.to_json() for s in again] == [s.to_json() for s in report.sentences]
    assert again[1].events[0].target == Span("the Sylvanian ambassador", 37, 61)


def test_build_refuses_changed_text_and_reports_contamination(tmp_path: Path) -> None:
    doc = _collection(tmp_path / "corpora", ARTICLE)
    corpus_dir, refs = _corpus_dir(tmp_path, doc)
    _collection(tmp_path / "corpora", ARTICLE.replace("Monday", "Friday"))
    eval_dir = tmp_path / "eval"
    eval_dir.mkdir()
    (eval_dir / "gold.jsonl").write_text(json.dumps(
        {"text": "Sylvania accused Freedonia of provocation."}) + "\n", encoding="utf-8")
    report = build(tmp_path / "corpora", corpus_dir, eval_dir)
    assert report.refused == [f"{refs[1].sid}: hash differs"]
    assert [h.sid for h in report.contamination] == [refs[2].sid]
    assert sentence_hash("a") != sentence_hash("b")


def _refs(doc: str, count: int) -> list[SentenceRef]:
    return [SentenceRef(f"bbc:{doc}:{i * 10}", "bbc-news-2225", "bbc-fulltext.tar.gz", doc,
                        i * 10, i * 10 + 9, f"sha{i}") for i in range(count)]


def test_draw_agreement_samples_whole_documents_of_the_named_batches(tmp_path: Path) -> None:
    batches = tmp_path / "corpus" / "batches"
    for number in range(1, 5):
        write_manifest(batches / f"b{number:02d}.tsv",
                       [r for d in range(4) for r in _refs(f"b{number}d{d}", 5)])
    argv = ["draw-agreement", "agreement2", "--corpora", str(tmp_path), "--corpus-dir",
            str(tmp_path / "corpus"), "--batches", "b02-b03", "--share", "0.3"]
    assert tool_main(argv) == 0
    drawn = read_manifest(batches / "agreement2.tsv")
    docs = Counter(r.doc for r in drawn)
    assert len(drawn) >= 0.3 * 40 and set(docs.values()) == {5}  # whole documents only
    assert all(d.startswith(("b2", "b3")) for d in docs)
    assert tool_main(argv) == 1  # never overwrites a sample annotated against
    assert tool_main([*argv[:1], "agreement3", *argv[2:6], "--batches", "b04-b09"]) == 1
