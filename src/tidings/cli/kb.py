"""``tidings kb``: knowledge-base utilities (import Phoenix/PETRARCH actor dictionaries)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
import yaml

from tidings.cli.app import app, print_summary
from tidings.cli.options import Quiet

kb_app = typer.Typer(help="Knowledge-base utilities.", no_args_is_help=True)
app.add_typer(kb_app, name="kb")


@kb_app.command("import-phoenix")
def import_phoenix(
    paths: Annotated[list[Path], typer.Argument(help="Phoenix/PETRARCH .actors files.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for the KB files.")],
    quiet: Quiet = False,
) -> None:
    """Convert Phoenix actor dictionaries into KB files for --kb.

    Writes OUT/phoenix-people.yaml and OUT/phoenix-organizations.yaml.

    Example: tidings kb import-phoenix Phoenix.Countries.actors.txt -o my-kb/
    """
    from tidings.actors.kb import KnowledgeBase
    from tidings.actors.phoenix import import_files

    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise typer.BadParameter(f"not files: {', '.join(missing)}")
    result = import_files(paths)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, entries in (("people", result.people), ("organizations", result.organizations)):
        target = out / f"phoenix-{kind}.yaml"
        header = (f"# Imported by tidings kb import-phoenix from: "
                  f"{', '.join(p.name for p in paths)}\n")
        target.write_text(header + yaml.safe_dump(
            {"version": "phoenix-import", "kind": kind, kind: entries}, allow_unicode=True,
            sort_keys=False), encoding="utf-8")
        written.append(target)
    KnowledgeBase.load(written)  # the files must load: fail here, not at coding time
    print_summary({"people": len(result.people), "organizations": len(result.organizations),
                   "country_entries_left_to_shipped_table": result.country_entries,
                   "skipped": len(result.skipped), "written": [str(p) for p in written]},
                  quiet)
