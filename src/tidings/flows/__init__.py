"""Flows wire the stages together: ``read`` (readers → clean), ``code`` (annotate → actors →
coding, and the ``CodeRunner`` that runs it), ``parallel`` (where a step runs: in process,
a process pool or Dask) and ``ingest`` (read → code → store). Stages never import flows."""
