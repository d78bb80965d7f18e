"""The GDELT 2.0 export on hand-built events: all 61 columns in GDELT's order, codes that agree
with each other and with CAMEO, GDELT's Goldstein values, lead-paragraph root events, counts
from the cross-article clusters, and a file ``tidings import gdelt`` reads back."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

import tidings
from tidings.records import ActorRef, Article, CodedArticle, Event, Evidence, Location
from tidings.store.exports import (
    GDELT_COLUMNS,
    POLECAT_COLUMNS,
    event_code,
    gdelt_text,
    goldstein_table,
    to_gdelt,
    to_polecat,
)
from tidings.store.gdelt import import_gdelt
from tidings.store.writer import Batch, RunInfo, StoreWriter

SHARED = Path(__file__).parents[3] / "shared"
SAMPLES = SHARED / "corpora" / "gdelt-samples"
GOLDSTEIN = SHARED / "eval" / "gdelt_lookups" / "CAMEO.goldsteinscale.txt"

# Own example text: two paragraphs; the lead holds the visit.
LEAD = "The Cuban foreign minister arrived in Moscow for talks. Both sides signed a pact."
REST = "Riot police dispersed marchers in Nairobi. Ottawa expelled two envoys."


def _event(doc: str, text: str, sentence: str, etype: str, cameo: str, quad: int,
           source: ActorRef | None, target: ActorRef | None, date: str | None,
           location: Location | None = None, more: list[Evidence] | None = None) -> Event:
    start = text.index(sentence)
    trigger = sentence.split()[3]
    evidence = Evidence(sentence=sentence, start=start, end=start + len(sentence),
                        trigger=trigger, rule="test", sentence_kind="body",
                        trigger_start=start + sentence.index(trigger),
                        trigger_end=start + sentence.index(trigger) + len(trigger))
    return Event(event_id=Event.make_id(doc, start, trigger, str(source), str(target)),
                 doc_id=doc, type=etype, source=source, target=target, evidence=evidence,
                 date=date, quad_class=quad, intensity=1.0, cameo_root=cameo,
                 location=location, more_evidence=more or [], coder="test 1")


def _article(text: str, outlet: str, url: str | None, path: str) -> Article:
    return Article(doc_id=Article.make_id(text + outlet), text=text, title="Talks",
                   published="2023-05-03", source_path=path, url=url, source_name=outlet)


CUB = ActorRef("the Cuban foreign minister", "Cuba", "CUB", "GOV")
RUS = ActorRef("Moscow", "Russia", "RUS", "GOV")


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    text = f"{LEAD}\n\n{REST}"
    first = _article(text, "wire-a", "https://news.example/a", "/news/a.html")
    doc = first.doc_id
    title = Evidence(sentence="Talks", start=0, end=5, trigger="Talks", rule="test",
                     sentence_kind="title")
    visit = _event(doc, text, "The Cuban foreign minister arrived in Moscow for talks.",
                   "CONSULT", "042", 1, CUB, RUS, "2023-05-03", Location("Moscow", "RUS"),
                   [title])
    pact = _event(doc, text, "Both sides signed a pact.", "AGREE", "03", 1, CUB, RUS,
                  "2023-05-03")
    police = _event(doc, text, "Riot police dispersed marchers in Nairobi.", "COERCE", "17",
                    4, ActorRef("Riot police", "police", None, "COP"),
                    ActorRef("marchers", "protesters", None, "CVL"), None,
                    Location("Nairobi", "KEN"))
    expel = _event(doc, text, "Ottawa expelled two envoys.", "SANCTION", "1663", 4,
                   ActorRef("Ottawa", "Canada", "CAN", "GOV"), None, "2023-05-02",
                   Location("", "CAN"))
    other_text = "The Cuban foreign minister arrived in Moscow for talks on Thursday."
    second = _article(other_text, "wire-b", None, "/news/b.txt")
    again = _event(second.doc_id, other_text, other_text, "CONSULT", "042", 1, CUB, RUS,
                   "2023-05-04")
    writer = StoreWriter(tmp_path / "g.duckdb")
    writer.start(RunInfo())
    writer.write(Batch(coded=[CodedArticle(first, events=[visit, pact, police, expel]),
                              CodedArticle(second, events=[again])]))
    return tmp_path / "g.duckdb"


def _published_goldstein() -> dict[str, float]:
    rows = csv.reader(GOLDSTEIN.read_text().splitlines()[1:], delimiter="\t")
    return {r[0]: float(r[1]) for r in rows if r}


def test_every_exported_row_is_a_consistent_gdelt2_event(db: Path) -> None:
    store = tidings.open(db)
    out = to_gdelt(store.events(limit=None), store)
    assert tuple(out.columns) == GDELT_COLUMNS and len(GDELT_COLUMNS) == 61
    if SAMPLES.exists():
        names = [r["name"] for r in csv.DictReader((SAMPLES / "gdelt2_events_columns.csv")
                                                   .open(encoding="utf-8"))]
        assert [n.lower() for n in names] == [c.lower() for c in GDELT_COLUMNS]
    cameo = json.loads((SAMPLES / "cameo_codes.json").read_text())["Description"] \
        if SAMPLES.exists() else goldstein_table()
    published = _published_goldstein() if GOLDSTEIN.exists() else goldstein_table()
    for row in out.to_dict("records"):
        code = row["EventCode"]
        assert code in cameo and len(code) >= 3
        assert row["EventBaseCode"] == code[:3] and row["EventRootCode"] == code[:2]
        root = int(code[:2])
        assert row["QuadClass"] == (1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13
                                    else 4)
        assert row["GoldsteinScale"] == published[code]
        assert row["SOURCEURL"] in ("https://news.example/a", "/news/b.txt")
        assert row["NumMentions"] >= row["NumArticles"] >= 1 and row["NumSources"] >= 1
    by_code = out.set_index("EventCode")
    assert list(by_code.loc["042", "IsRootEvent"]) == [1, 1]  # lead of A; B is all lead
    assert by_code.loc["030", "IsRootEvent"] == 1 and by_code.loc["170", "IsRootEvent"] == 0
    visits = by_code.loc["042"]
    assert list(visits["NumArticles"]) == [2, 2] and list(visits["NumSources"]) == [2, 2]
    assert list(visits["NumMentions"]) == [3, 3]  # two reports, one also in the headline
    police = by_code.loc["170"]
    assert (police["Actor1Code"], police["Actor2Code"]) == ("COP", "CVL")
    assert pd.isna(police["Actor1CountryCode"])
    assert (police["ActionGeo_FullName"], police["ActionGeo_Type"]) == ("Nairobi", 4)
    assert pd.isna(police["SQLDATE"])
    expel = by_code.loc["166"]  # CAMEO 1663 is not in GDELT's list: its parent
    assert (expel["Actor1Code"], expel["Actor2Code"], expel["ActionGeo_Type"]) == \
        ("CANGOV", "", 1)
    first = visits.iloc[0]
    assert (first["SQLDATE"], first["MonthYear"], first["Year"]) == ("20230503", "202305", 2023)
    assert first["FractionDate"] == round(2023 + (5 * 30 + 3) / 365, 4)
    assert len(str(first["DATEADDED"])) == 14


def test_the_export_is_read_back_by_tidings_import_gdelt(db: Path, tmp_path: Path) -> None:
    store = tidings.open(db)
    out = to_gdelt(store.events(limit=None), store)
    path = tmp_path / "ours.export.CSV"
    path.write_text(gdelt_text(out), encoding="utf-8")
    lines = path.read_text().splitlines()
    assert len(lines) == len(out) and all(line.count("\t") == 60 for line in lines)
    back = tmp_path / "back.duckdb"
    assert import_gdelt(path, back) == len(out)
    rows = tidings.open(back).query("SELECT * FROM gdelt_events ORDER BY globaleventid")
    expected = out.sort_values("GLOBALEVENTID")
    assert list(rows["globaleventid"]) == list(expected["GLOBALEVENTID"])
    assert list(rows["event_code"]) == list(expected["EventCode"])
    assert list(rows["event_root_code"]) == list(expected["EventRootCode"])
    assert list(rows["goldstein"]) == list(expected["GoldsteinScale"])
    assert list(rows["source_url"]) == list(expected["SOURCEURL"])
    assert set(rows["layout"]) == {"gdelt2"} and rows["date"].isna().sum() == 1


@pytest.mark.parametrize("etype, cameo, expected", [
    ("AGREE", "03", "030"), ("CONSULT", "04", "040"), ("SANCTION", "16", "163"),
    ("SANCTION", "1663", "166"), ("COERCE", "176", "170"), ("ASSAULT", "20", "200"),
    ("ASSAULT", "1951", "195"), ("AID", None, "070"),
])
def test_event_codes_are_cameo_codes_under_the_events_root(etype: str, cameo: str | None,
                                                           expected: str) -> None:
    assert event_code(etype, cameo) == expected


def test_every_ontology_code_has_a_published_goldstein_value() -> None:
    from tidings.coding.ontology import load_ontology

    table = goldstein_table()
    for name, etype in load_ontology().types.items():
        assert event_code(name, etype.cameo_root)[:2] == etype.cameo_root, name
        for mode in etype.modes.values():
            assert event_code(name, mode.cameo) in table
    if GOLDSTEIN.exists():
        published = _published_goldstein()
        assert all(published[c] == v for c, v in table.items())


def test_polecat_columns_and_types(db: Path) -> None:
    store = tidings.open(db)
    out = to_polecat(store.events(limit=None), store)
    assert tuple(out.columns) == POLECAT_COLUMNS and len(POLECAT_COLUMNS) == 40
    visit = out[out["Event Type"] == "CONSULT"].iloc[0]
    assert (visit["Event Date"], visit["Actor Country"], visit["Recipient Country"]) == \
        ("2023-05-03", "CUB", "RUS")
    assert visit["Quad Code"] == 1 and visit["Publication Date"] == "2023-05-03"
    assert visit["Placename"] == "Moscow" and visit["Source"] == "wire-a"
    assert pd.isna(out[out["Event Type"] == "COERCE"].iloc[0]["Actor Country"])


def test_cli_export_then_import(db: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tidings.cli import load_commands

    runner, app = CliRunner(), load_commands()
    out = tmp_path / "ours.tsv"
    result = runner.invoke(app, ["events", "--db", str(db), "--format", "gdelt", "-o", str(out)])
    assert result.exit_code == 0, result.output
    back = tmp_path / "back.duckdb"
    result = runner.invoke(app, ["import", "gdelt", str(out), "--db", str(back)])
    assert result.exit_code == 0, result.output
    rows = tidings.open(back).events(limit=None, source="gdelt")
    assert len(rows) == 5 and set(rows["type"]) == {"042", "030", "170", "166"}
    polecat = tmp_path / "ours.polecat.tsv"
    result = runner.invoke(app, ["events", "--db", str(db), "--format", "polecat", "-o",
                                 str(polecat)])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(polecat, sep="\t")
    assert tuple(frame.columns) == POLECAT_COLUMNS and len(frame) == 5
