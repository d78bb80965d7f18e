"""Body kept / boilerplate removed on the trafilatura English news evaluation pages.

Each page lists snippets that must be in the article (``with``) and boilerplate that must not
(``without``). The HTML is turned into text two ways -- trafilatura's article extraction (what
the html reader feeds the cleaner) and a recall-favouring extraction with comments (more chrome
left in, a harder case for the cleaner) -- and the snippets are checked before and after cleaning.

    python benchmarks/cleaning_trafilatura_eval.py /work/shared/corpora/trafilatura-eval-en-news
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from tidings.clean import clean_document
from tidings.errors import InputError
from tidings.records import RawDocument


@dataclass
class Tally:
    kept: int = 0
    wanted: int = 0
    leaked: int = 0
    unwanted: int = 0

    def add(self, text: str, with_: list[str], without: list[str]) -> None:
        norm = " ".join(text.split())
        self.kept += sum(" ".join(s.split()) in norm for s in with_)
        self.wanted += len(with_)
        self.leaked += sum(" ".join(s.split()) in norm for s in without)
        self.unwanted += len(without)

    def line(self, label: str) -> str:
        return (
            f"{label:28} body snippets kept {self.kept}/{self.wanted} ({self.kept / max(self.wanted, 1):.1%})"
            f"   boilerplate leaked {self.leaked}/{self.unwanted} ({self.leaked / max(self.unwanted, 1):.1%})"
        )


def texts_for(html: str) -> dict[str, str]:
    return {
        "trafilatura": trafilatura.extract(html, include_comments=False) or "",
        "recall+comments": trafilatura.extract(html, include_comments=True, favor_recall=True) or "",
    }


def cleaned_text(text: str, origin: str) -> str:
    try:
        article = clean_document(RawDocument(origin=origin, format="html", content=text))
    except InputError:
        return ""
    return "\n".join([article.title or "", article.text, *article.captions])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", type=Path, nargs="?", default=Path("/work/shared/corpora/trafilatura-eval-en-news"))
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    annotations = json.loads((args.corpus / "annotations.json").read_text("utf-8"))
    items = list(annotations.values())[: args.limit or None]
    tallies = {f"{m} {stage}": Tally() for m in ("trafilatura", "recall+comments") for stage in ("raw", "cleaned")}
    clean_seconds = 0.0
    for item in items:
        html = gzip.decompress((args.corpus / "html" / item["file"]).read_bytes()).decode("utf-8", "replace")
        for mode, text in texts_for(html).items():
            tallies[f"{mode} raw"].add(text, item["with"], item["without"])
            start = time.perf_counter()
            cleaned = cleaned_text(text, item["file"])
            clean_seconds += time.perf_counter() - start
            tallies[f"{mode} cleaned"].add(cleaned, item["with"], item["without"])
    print(f"{len(items)} pages")
    for label, tally in tallies.items():
        print(tally.line(label))
    print(f"cleaning time: {clean_seconds:.2f}s for {2 * len(items)} texts")


if __name__ == "__main__":
    main()
