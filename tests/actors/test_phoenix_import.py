"""The Phoenix/PETRARCH actor-dictionary importer, on a dictionary written for this test."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from tidings.actors.kb import KnowledgeBase
from tidings.actors.phoenix import import_files
from tidings.cli import load_commands

SAMPLE = """# a made-up dictionary in the TABARI format
FREEDONIA_  [FRD]
+FREEDONIAN_

RUFUS_T_FIREFLY_  # comment after the name
+FIREFLY_
+PRESIDENT_FIREFLY_
\t[FRDGOV 880101-891231]
\t[FRDELI >020101]

THE_SYLVANIAN_BANK_ [SYLBUS]
+SYLVANIAN_BANK_

NOBODY_IN_PARTICULAR_
"""


def test_import_converts_people_with_dated_roles_and_organizations(tmp_path: Path) -> None:
    src = tmp_path / "sample.actors.txt"
    src.write_text(SAMPLE, encoding="utf-8")
    result = import_files([src])  # two-digit years: 50-99 are 19xx, 00-49 are 20xx
    assert result.country_entries == 1 and result.skipped == ["Nobody In Particular: no code"]
    (person,) = result.people
    assert person["name"] == "Rufus T Firefly" and person["country"] == "FRD"
    assert set(person["aliases"]) == {"Firefly", "President Firefly"}
    assert [(r["sector"], r["start"], r["end"]) for r in person["roles"]] == [
        ("GOV", "1988-01-01", "1989-12-31"), ("ELI", "2002-01-01", None)]
    (org,) = result.organizations
    assert (org["country"], org["sector"], org["name"]) == ("SYL", "BUS", "The Sylvanian Bank")


def test_cli_writes_kb_files_that_load(tmp_path: Path) -> None:
    src = tmp_path / "sample.actors.txt"
    src.write_text(SAMPLE, encoding="utf-8")
    out = tmp_path / "kb"
    result = CliRunner().invoke(load_commands(), ["kb", "import-phoenix", str(src), "-o",
                                                  str(out), "-q"])
    assert result.exit_code == 0, result.output
    kb = KnowledgeBase.load([out / "phoenix-people.yaml", out / "phoenix-organizations.yaml"])
    firefly = kb.people["phoenix.rufus-t-firefly"]
    assert firefly.role_on("1988-06-01").sector == "GOV"
    (bank,) = [o for o in kb.organizations.values() if o.name == "The Sylvanian Bank"]
    assert bank.sector == "BUS" and bank.id.startswith("phoenix.")
