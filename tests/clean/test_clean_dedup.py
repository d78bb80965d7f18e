"""Exact and near-duplicate marking; the first copy wins."""

from __future__ import annotations

from tidings.clean.dedup import NearDuplicateIndex, deduplicate_step, minhash_signature, shingles
from tidings.records import Article, Reject

STORY = (
    "The foreign ministers of Chile and Argentina met in Santiago on Thursday to discuss a new "
    "gas pipeline, lithium mining and the shared management of glaciers along the border. "
    "Both sides said the talks were constructive and agreed to set up a joint working group "
    "that will report to the presidents before the end of the year. Officials added that a "
    "visit by the Argentine president to Chile is being prepared for the coming months."
)
EDITED = STORY.replace("met in Santiago on Thursday", "met on Thursday in Santiago").replace(
    "constructive", "very constructive"
)
OTHER = (
    "Kenya and Ethiopia signed an agreement on electricity trade on Monday, allowing the sale of "
    "hydropower across their border through a new high-voltage line built over five years, "
    "while ministers promised to expand road and rail links between Nairobi and Addis Ababa."
)


def article(text: str, origin: str) -> Article:
    return Article(doc_id=Article.make_id(text), text=text, origin=origin)


def test_signature_is_deterministic_and_plain_ints() -> None:
    sig = minhash_signature(STORY)
    assert sig == minhash_signature(STORY)
    assert len(sig) == 128 and all(isinstance(v, int) for v in sig)


def test_shingles_ignore_case_accents_and_punctuation() -> None:
    assert shingles("Bogotá, COLOMBIA signs the deal today") == shingles("bogota colombia signs the deal, today!")


def test_index_returns_the_first_copy() -> None:
    index = NearDuplicateIndex(threshold=0.7)
    assert index.add("a", minhash_signature(STORY)) is None
    assert index.add("b", minhash_signature(OTHER)) is None
    assert index.add("c", minhash_signature(EDITED)) == "a"


def test_stream_marks_exact_and_near_duplicates() -> None:
    reject = Reject(origin="r", stage="read", reason="binary")
    records = [article(STORY, "1"), article(OTHER, "2"), reject, article(EDITED, "3"), article(STORY, "4")]
    out = list(deduplicate_step()(records))
    first, other, passed, near, exact = out
    assert (first.duplicate_of, other.duplicate_of) == (None, None)
    assert passed is reject
    assert (near.duplicate_kind, near.duplicate_of) == ("near", first.doc_id)
    assert (exact.duplicate_kind, exact.duplicate_of) == ("exact", first.doc_id)


def test_each_run_starts_fresh() -> None:
    step = deduplicate_step()
    [a] = step([article(STORY, "1")])
    [b] = step([article(STORY, "1")])
    assert a.duplicate_of is None and b.duplicate_of is None


def test_second_stage_check_from_precomputed_signatures() -> None:
    from tidings.clean.dedup import Deduplicator

    pairs = [(Article.make_id(t), minhash_signature(t)) for t in (STORY, OTHER, EDITED, STORY)]
    dedup = Deduplicator()
    found = [dedup.check(doc_id, sig) for doc_id, sig in pairs]
    first_id = pairs[0][0]
    assert found == [None, None, (first_id, "near"), (first_id, "exact")]
