"""Photo captions: lines that carry a credit such as "Photo: Agency" or "| Photo: Reuters".

Captions describe the story's pictures and often name who met whom, so they are evidence;
but they are not body text. The cleaner moves them to ``Article.captions`` without the credit.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tidings.clean.chrome_rules import BULLETS, ChromeRules

MAX_CAPTION_WORDS = 60


@lru_cache(maxsize=8)
def _credit_regex(markers: tuple[str, ...]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(m) for m in markers)
    # A credit marker at the line start or after a sentence end, pipe, dash or bracket,
    # followed by ":" or "by" and the credited agency/person up to the end of the line.
    return re.compile(
        rf"(?:^|(?<=[.!?|)\]])|\s[|–—-]|\(|\[)\s*(?:{alternation})\s*(?::|by\b|/)\s*[^.!?]*?[)\]]?\s*$",
        re.IGNORECASE,
    )


def parse_caption(line: str, rules: ChromeRules) -> str | None:
    """The caption text (credit removed) if ``line`` is a photo caption, else ``None``.

    A credit-only line ("Photo: Reuters") gives ``""``: it is a caption line with nothing
    worth keeping.
    """
    stripped = " ".join(line.split()).strip(BULLETS + " ")
    if not stripped or len(stripped.split()) > MAX_CAPTION_WORDS:
        return None
    match = _credit_regex(rules.caption_markers).search(stripped)
    if not match:
        return None
    text = stripped[: match.start()].strip(" |–—-([").strip()
    return text


def is_alt_text(line: str, next_caption_line: str) -> bool:
    """True when ``line`` repeats the start of the caption that follows it (image alt text)."""
    alt = " ".join(line.split()).strip(BULLETS + " ")
    following = " ".join(next_caption_line.split()).strip(BULLETS + " ")
    return bool(alt) and following.lower().startswith(alt.lower())
