"""Pipeline mechanism: steps over iterables of typed records."""

from tidings.pipeline.base import Pipeline, RunSummary, Step, reject_for

__all__ = ["Pipeline", "RunSummary", "Step", "reject_for"]
