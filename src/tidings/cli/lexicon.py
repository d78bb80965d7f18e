"""``tidings lexicon``: lexicon utilities (import PETRARCH-2's CAMEO verb dictionary)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from tidings.cli.app import app, print_summary

lexicon_app = typer.Typer(help="Trigger-lexicon utilities.", no_args_is_help=True)
app.add_typer(lexicon_app, name="lexicon")


@lexicon_app.command("import-petrarch")
def import_petrarch(
    verbs: Annotated[Path, typer.Argument(help="PETRARCH-2 verb dictionary (CAMEO.2.0.txt).")],
    cameo_map: Annotated[Path, typer.Option("--cameo-map",
                                            help="CAMEO-to-PLOVER table (CAMEO2PLOVER).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Lexicon file to write.")],
    types: Annotated[str, typer.Option(help="Comma-separated PLOVER types to keep "
                                            "(default: all).")] = "",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary.")] = False,
) -> None:
    """Convert PETRARCH-2's CAMEO verb dictionary into a Tidings lexicon file, and report what
    converts and what cannot (with why).

    Example: tidings lexicon import-petrarch CAMEO.2.0.txt --cameo-map CAMEO2PLOVER-2021.txt
    -o petrarch.yaml --types ASSAULT,CONSULT,SANCTION
    """
    from tidings.coding.lexicon import load_lexicon
    from tidings.coding.ontology import load_ontology
    from tidings.coding.petrarch import convert, load_cameo_table, render

    for path in (verbs, cameo_map):
        if not path.is_file():
            raise typer.BadParameter(f"not a file: {path}")
    onto = load_ontology()
    kept = tuple(t.strip().upper() for t in types.split(",") if t.strip()) or None
    unknown = [t for t in kept or () if t not in onto.types]
    if unknown:
        raise typer.BadParameter(f"unknown PLOVER types: {', '.join(unknown)}")
    # Each type's role pattern is the one its hand-written verb entries use most.
    counts = Counter((t.type, t.roles) for t in load_lexicon(imported=False).entries
                     if t.pos == "VERB")
    roles: dict[str, str] = {}
    for (type_, pattern), _ in counts.most_common():
        roles.setdefault(type_, pattern)
    report = convert(verbs.read_text(encoding="utf-8", errors="replace"),
                     load_cameo_table(cameo_map.read_text(encoding="utf-8")), onto, roles)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(report, verbs=str(verbs), table=str(cameo_map), out=str(out),
                          types=kept), encoding="utf-8")
    load_lexicon([out], imported=False)  # the file must load: fail here, not when coding
    print_summary({**report.summary(), "kept_types": list(kept or ("all",)),
                   "written": str(out)}, quiet)
