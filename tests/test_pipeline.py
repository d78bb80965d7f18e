from collections.abc import Iterator

from tidings.errors import InputError
from tidings.pipeline import Pipeline, RunSummary, Step
from tidings.records import Article, Reject


class Upper(Step):
    name = "upper"

    def process(self, record: Article) -> Iterator[Article]:
        if record.text == "boom":
            raise ValueError("exploded")
        if record.text == "empty":
            raise InputError("empty", "nothing here")
        record.text = record.text.upper()
        yield record


def art(text: str) -> Article:
    return Article(doc_id=Article.make_id(text), text=text, origin=f"mem:{text}")


def test_step_turns_failures_into_rejects_and_keeps_going() -> None:
    out = list(Pipeline([Upper()]).run([art("a"), art("boom"), art("empty"), art("b")]))
    assert [type(r).__name__ for r in out] == ["Article", "Reject", "Reject", "Article"]
    assert out[1].reason == "step-error" and "exploded" in out[1].detail
    assert out[2].reason == "empty" and out[2].origin == "mem:empty"
    assert out[3].text == "B"


def test_rejects_flow_through_later_steps_untouched() -> None:
    r = Reject(origin="x", stage="read", reason="binary")
    out = list(Pipeline([Upper(), Upper()]).run([r, art("c")]))
    assert out[0] is r and out[1].text == "C"


def test_plain_functions_are_steps_with_or_without_rank() -> None:
    def double(data):
        for rec in data:
            yield rec
            yield rec

    def shard(data, rank=0, world_size=1):
        for i, rec in enumerate(data):
            if i % world_size == rank:
                yield rec

    out = list(Pipeline([double, shard]).run([art("x")], rank=1, world_size=2))
    assert len(out) == 1


def test_summary_counts_by_reason() -> None:
    s = RunSummary()
    dup = art("y")
    dup.duplicate_of = "abc"
    list(s.observe([art("x"), dup, Reject("o", "read", "binary"), Reject("p", "read", "binary")]))
    assert s.as_dict() == {"read": 4, "kept": 1, "duplicates": 1,
                           "rejected": {"binary": 2}, "rejected_total": 2}


def test_doc_id_ignores_whitespace_layout() -> None:
    assert Article.make_id("a  b\nc") == Article.make_id("a b c")
