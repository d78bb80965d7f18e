"""Actor accuracy on the actor annotations of the PLOVER gold records.

For every gold actor (its text as annotated, a country code and often a sector) we look for
the resolved mention that covers the annotated text in that sentence (or, failing that, a
mention inside it). Country accuracy is over all gold actors with a country; sector accuracy
over those with a sector, counted only when the mention was found. CAMEO-era codes are mapped
(JAP → JPN, ITL → ITA, ...); Phoenix sector codes with a suffix ("CVLalb") keep their first
three letters.

Example:
    python benchmarks/actors_plover.py ../shared/eval/plover/PLOVER_GSR_CAMEO.txt
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gold import GoldActor, load_plover, published  # noqa: E402
from tidings.annotate.models import DEFAULT_MODEL  # noqa: E402
from tidings.flows.code import make_step  # noqa: E402
from tidings.records import Article, CodedArticle, Mention  # noqa: E402

# Phoenix sectors Tidings writes differently.
SECTOR_ALIASES = {"CIV": "CVL", "ELI": "GOV", "UAF": "MIL", "PTY": "OPP", "SOC": "CVL",
                  "CRM": "CVL", "SPY": "GOV", "AGR": "BUS", "MOS": "REL", "REF": "CVL"}


def find(actor: GoldActor, text: str, mentions: list[Mention]) -> Mention | None:
    start = text.find(actor.text) if actor.text else -1
    if start < 0:
        return None
    end = start + len(actor.text)
    covering = [m for m in mentions if m.start <= start and end <= m.end]
    inside = [m for m in mentions if start <= m.start and m.end <= end]
    overlap = [m for m in mentions if m.start < end and start < m.end]
    for group in (covering, inside, overlap):
        if group:
            return min(group, key=lambda m: m.end - m.start)
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", type=Path)
    ap.add_argument("--model", default=DEFAULT_MODEL)
    ap.add_argument("--kb", type=Path, action="append", default=[],
                    help="extra KB file (e.g. from tidings kb import-phoenix); repeatable")
    ap.add_argument("--show", type=int, default=15, help="print this many misses")
    args = ap.parse_args()
    sentences = load_plover(args.gold)
    step = make_step(model=args.model, events=False, kb_paths=args.kb)
    articles = [Article(doc_id=f"g{i}", text=s.text, published=published(s.date))
                for i, s in enumerate(sentences)]
    n_country = ok_country = found = n_sector = ok_sector = 0
    misses: Counter[str] = Counter()
    shown = 0
    for sent, coded in zip(sentences, step.run(articles), strict=True):
        mentions = coded.mentions if isinstance(coded, CodedArticle) else []
        seen: set[tuple[str, str | None]] = set()
        for ev in sent.events:
            for actor in ev.sources + ev.targets:
                if actor.country is None or (actor.text, actor.country) in seen:
                    continue
                seen.add((actor.text, actor.country))
                n_country += 1
                m = find(actor, sent.text, mentions)
                got = m.actor.country if m and m.actor else None
                found += m is not None
                if got == actor.country:
                    ok_country += 1
                else:
                    misses["not found" if m is None else "wrong country"] += 1
                    if shown < args.show:
                        shown += 1
                        print(f"  miss: {actor.text!r} gold {actor.country} got {got} "
                              f"({m.text if m else '-'}) | {sent.text[:90]}")
                if actor.sector and m and m.actor:
                    n_sector += 1
                    gold_sector = SECTOR_ALIASES.get(actor.sector, actor.sector)
                    ok_sector += (m.actor.sector or ("GOV" if m.actor.kind == "country"
                                                     else None)) == gold_sector
    print(f"gold actors with a country: {n_country}; mention found for {found}")
    print(f"country accuracy: {ok_country / n_country:.3f} ({ok_country}/{n_country})")
    if n_sector:
        print(f"sector accuracy (found mentions with a gold sector): "
              f"{ok_sector / n_sector:.3f} ({ok_sector}/{n_sector})")
    print("misses:", dict(misses))


if __name__ == "__main__":
    main()
