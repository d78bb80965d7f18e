"""Steps and pipelines.

A *step* turns an iterable of records into an iterator of records. Two forms are accepted:

- a subclass of :class:`Step` that implements ``process(record)`` (one record in, zero or more
  out); the base class catches any exception per record and turns it into a :class:`Reject`,
  so one bad article never stops a batch;
- any callable ``fn(data, rank=0, world_size=1) -> Iterator`` (or ``fn(data)``) for steps that
  need to see the whole stream, like deduplication.

Rejects flow through every step untouched, so the end of the pipeline sees all of them.
Executors (``tidings.flows.parallel``) decide where a pipeline runs, never what it does.
"""

from __future__ import annotations

import inspect
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from tidings.errors import InputError
from tidings.records import Article, Reject

SHOWN_REJECTS = 100  # a summary names this many rejected inputs; --rejects FILE has all

StepFn = Callable[..., Iterator[Any]]


class Step:
    """Base class for record-at-a-time steps with per-record error handling."""

    name: str = "step"

    def process(self, record: Any) -> Iterable[Any]:
        raise NotImplementedError

    def run(self, data: Iterable[Any], rank: int = 0, world_size: int = 1) -> Iterator[Any]:
        for record in data:
            if isinstance(record, Reject):
                yield record
                continue
            try:
                yield from self.process(record)
            except InputError as exc:
                yield reject_for(record, self.name, exc.reason, str(exc))
            except Exception as exc:  # noqa: BLE001 - any failure becomes a recorded reject
                yield reject_for(record, self.name, "step-error", f"{type(exc).__name__}: {exc}")

    def __call__(self, data: Iterable[Any], rank: int = 0, world_size: int = 1) -> Iterator[Any]:
        return self.run(data, rank=rank, world_size=world_size)


def reject_for(record: Any, stage: str, reason: str, detail: str) -> Reject:
    """A Reject that names the record it came from as precisely as the record allows."""
    origin = getattr(record, "origin", None) or getattr(record, "source_path", None) or "?"
    doc_id = getattr(record, "doc_id", None)
    return Reject(origin=str(origin), stage=stage, reason=reason, detail=detail, doc_id=doc_id)


def _call_step(step: StepFn | Step, data: Iterable[Any], rank: int, world_size: int) -> Iterator[Any]:
    if isinstance(step, Step):
        return step.run(data, rank=rank, world_size=world_size)
    params = inspect.signature(step).parameters
    if "rank" in params or any(p.kind is p.VAR_KEYWORD for p in params.values()):
        return step(data, rank=rank, world_size=world_size)
    return step(data)


@dataclass
class Pipeline:
    """An ordered list of steps. ``run`` chains them lazily (memory stays flat)."""

    steps: Sequence[StepFn | Step]

    def run(
        self, data: Iterable[Any] = (), rank: int = 0, world_size: int = 1
    ) -> Iterator[Any]:
        stream: Iterable[Any] = data
        for step in self.steps:
            stream = _call_step(step, stream, rank, world_size)
        return iter(stream)

    def __add__(self, other: Pipeline) -> Pipeline:
        return Pipeline([*self.steps, *other.steps])


@dataclass
class RunSummary:
    """Counts of what a run read, kept, marked duplicate and rejected (by reason)."""

    read: int = 0
    kept: int = 0
    duplicates: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    # Articles read and kept, then rejected by a later stage (coding): in ``rejected`` too.
    rejected_later: int = 0
    outputs: Counter[str] = field(default_factory=Counter)
    # Which inputs were rejected and why, for the summary (the first SHOWN_REJECTS of them).
    rejects: list[Reject] = field(default_factory=list)

    def observe(self, stream: Iterable[Any]) -> Iterator[Any]:
        """Pass records through while counting them."""
        for record in stream:
            self.add(record)
            yield record

    def add(self, record: Any) -> None:
        if isinstance(record, Reject):
            self.read += 1
            self.rejected[record.reason] += 1
            if len(self.rejects) < SHOWN_REJECTS:
                self.rejects.append(record)
        elif isinstance(record, Article):
            self.read += 1
            if record.duplicate_of:
                self.duplicates += 1
            else:
                self.kept += 1
        else:
            self.outputs[type(record).__name__] += 1

    def add_later_reject(self, reject: Reject) -> None:
        """Count a reject from a stage after the one observed (an article that was read and
        kept, then failed coding), so the summary shows every reject of the run."""
        self.rejected[reject.reason] += 1
        self.rejected_later += 1
        if len(self.rejects) < SHOWN_REJECTS:
            self.rejects.append(reject)

    def merge(self, other: RunSummary) -> None:
        self.read += other.read
        self.kept += other.kept
        self.duplicates += other.duplicates
        self.rejected.update(other.rejected)
        self.rejected_later += other.rejected_later
        self.outputs.update(other.outputs)
        self.rejects.extend(other.rejects[:SHOWN_REJECTS - len(self.rejects)])

    def as_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "kept": self.kept,
            "duplicates": self.duplicates,
            "rejected": dict(sorted(self.rejected.items())),
            "rejected_total": sum(self.rejected.values()),
            **({"rejected_in_coding": self.rejected_later} if self.rejected_later else {}),
            **({"outputs": dict(self.outputs)} if self.outputs else {}),
        }

    def rejected_files(self) -> dict[str, str]:
        """Each rejected input with ``reason: detail`` (``unsupported-format: pdf: …``)."""
        named = {r.origin: f"{r.reason}: {plain_detail(r.detail)}" for r in self.rejects}
        more = self.rejected.total() - len(self.rejects)
        if more > 0:
            named["..."] = f"and {more} more (write them all with --rejects FILE)"
        return named


def plain_detail(detail: str) -> str:
    """A reject's detail without its error code (``[E114] pdf: …`` → ``pdf: …``)."""
    return detail.split("] ", 1)[1] if detail.startswith("[E") and "] " in detail else detail
