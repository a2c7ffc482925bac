"""`timeline import`: event lists in, with their sources, without duplicates."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from timeline.cli import main
from timeline.errors import InputError
from timeline.importer import (
    ImportSpec,
    import_events,
    parse_kind_map,
    parse_mapping,
    parse_set,
    row_events,
)
from timeline.query import build_query
from timeline.store import Store

from .conftest import CORPORA, need

CSIS = CORPORA / "nk-provocations-csis" / "processed" / "north_korea_provocations_1958_present.csv"
CNS = CORPORA / "nk-missile-tests-cns" / "nk_missile_tests_flat.csv"
CSIS_ARGS = [
    "--map", "date=date,event=title,type=kind,description=evidence,resources=url",
    "--kind-map", "Missile Provocation=missile_launch,Nuclear Provocation=nuclear_test",
    "--set", "actors=KP",
]


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize(
    ("fn", "texts", "message"),
    [
        (parse_mapping, ["date=when"], "unknown field; choose from date"),
        (parse_mapping, ["date"], "expected NAME=VALUE"),
        (parse_kind_map, ["Missile=rocket"], "unknown kind"),
        (parse_set, ["colour=red"], "unknown field"),
    ],
)
def test_option_errors(fn: Any, texts: list[str], message: str) -> None:
    with pytest.raises(InputError, match=message):
        fn(texts)


def test_set_keeps_commas() -> None:
    assert parse_set(["actors=US,KR", "title={a}, {b}"]) == {"actors": "US,KR", "title": "{a}, {b}"}


CSIS_SPEC = ImportSpec(
    mapping=parse_mapping(["date=date,event=title,type=kind,description=evidence,resources=url"]),
    kind_map=parse_kind_map(["Missile Provocation=missile_launch"]),
    defaults=parse_set(["actors=KP"]),
)


@pytest.mark.parametrize(
    ("row", "kind"),
    [
        # The kind map, exactly or ignoring case.
        ({"type": "Missile Provocation", "description": "Talks were held."}, "missile_launch"),
        ({"type": "missile provocation", "description": "Talks were held."}, "missile_launch"),
        # A value that is a kind already.
        ({"type": "Nuclear test", "description": "x"}, "nuclear_test"),
        # Anything else: read from the description.
        ({"type": "Other Provocation",
          "description": "North Korea launched its Malligyong-1 reconnaissance satellite into orbit."},
         "satellite_launch"),
        ({"type": "", "description": "North Korea conducted its sixth nuclear test."}, "nuclear_test"),
    ],
)
def test_kind_of_a_row(row: dict[str, str], kind: str) -> None:
    full = {"date": "2023-11-21", "event": "Launch", "resources": "https://x.example/a", **row}
    (event,) = row_events(full, "row 7", "csis.csv", CSIS_SPEC)
    assert event.kind == kind
    assert (event.title, event.date.value, event.actors) == ("Launch", "2023-11-21", ("KP",))
    assert event.source_note == "csis.csv row 7 (https://x.example/a)"
    assert event.sentence == row["description"]


def test_star_and_templates() -> None:
    spec = ImportSpec(
        mapping={"date": "date", "missile_type": "kind"},
        kind_map={"SLV": "satellite_launch", "*": "missile_launch"},
        defaults={"title": "{missile_name} launch", "actors": "KP"},
    )
    row = {"date": "2026-04-18", "missile_type": "SRBM", "missile_name": "Hwasong-11D"}
    (event,) = row_events(row, "row 1", "cns.csv", spec)
    assert (event.kind, event.title) == ("missile_launch", "Hwasong-11D launch")
    (sat,) = row_events({**row, "missile_type": "SLV"}, "row 2", "cns.csv", spec)
    assert sat.kind == "satellite_launch"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--map", "date=date,kind=kind,headline=title"], "no column 'headline'; its columns are date, kind"),
        (["--set", "title={name} {nope}"], "no column 'name', 'nope'; its columns are date, kind"),
    ],
)
def test_missing_columns_are_one_error(tmp_path: Path, args: list[str], message: str) -> None:
    path = write_csv(tmp_path / "events.csv", [{"date": "2025", "kind": "meeting"}] * 3)
    result = CliRunner().invoke(main, ["import", str(path), *args, "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert result.output == f"Error: events.csv: {message}\n"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"date": "", "kind": "meeting", "title": "T"}, "no date"),
        ({"date": "sometime", "kind": "meeting", "title": "T"}, "cannot read 'sometime'"),
        ({"date": "2025", "kind": "meeting", "title": ""}, "no title"),
        ({"date": "2025", "kind": "meeting", "title": "T", "ordinal": "fifth"}, "not a whole number"),
        ({"date": "2025", "kind": "meeting", "title": "T", "status": "maybe"}, "unknown status"),
    ],
)
def test_bad_rows(row: dict[str, str], message: str) -> None:
    with pytest.raises(InputError, match=message):
        row_events(row, "row 1", "x.csv", ImportSpec())


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_import_reports_bad_rows_and_never_duplicates(tmp_path: Path, store: Store) -> None:
    path = write_csv(tmp_path / "events.csv", [
        {"date": "2025-12-11", "kind": "meeting", "title": "5th NCG meeting", "actors": "US;KR"},
        {"date": "2025-12-11", "kind": "meeting", "title": "NCG session", "actors": "KR"},
        {"date": "", "kind": "meeting", "title": "No date", "actors": ""},
        {"date": "2026-H1", "kind": "meeting", "title": "6th NCG meeting", "actors": "US,KR"},
    ])
    first = import_events(store, path)
    assert (first.rows, first.events_new, first.events_merged, first.known) == (4, 2, 1, 0)
    assert [f.message for f in first.failed] == ["events.csv row 3: no date"]
    second = import_events(store, path)
    assert (second.events_new, second.events_merged, second.known) == (0, 0, 3)
    events = store.query()
    assert [(e.date_value, len(e.sources)) for e in events] == [("2025-12-11", 2), ("2026-H1", 1)]
    assert {s.article for s in events[0].sources} == {"events.csv row 1", "events.csv row 2"}


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    from timeline.demo import ingest_samples

    db = str(tmp_path_factory.mktemp("import") / "samples.db")
    with Store(db) as store:
        ingest_samples(store)
    return db


def _comparable(events: list[dict[str, Any]], keep_sources: bool = True) -> list[str]:
    out = []
    for e in events:
        e = dict(e)
        e.pop("id")
        if keep_sources:
            # What a JSON file can carry back: each source's name and sentence.
            e["sources"] = sorted((s["article"], s["sentence"]) for s in e["sources"])
        else:
            e.pop("sources")
        out.append(json.dumps(e, sort_keys=True))
    return sorted(out)


def test_json_export_round_trips(sample_db: str, tmp_path: Path) -> None:
    exported = tmp_path / "events.json"
    assert run("export", "--db", sample_db, "--format", "json", "-o", str(exported)).exit_code == 0
    empty = str(tmp_path / "empty.db")
    result = run("import", str(exported), "--db", empty)
    assert result.exit_code == 0, result.output
    before = json.loads(run("query", "--db", sample_db, "--format", "json").output)
    after = json.loads(run("query", "--db", empty, "--format", "json").output)
    assert _comparable(after) == _comparable(before)
    assert f"rows: {len(before)}; events: {len(before)} new, 0 merged" in result.output
    # Importing it again, or into the database it came from, adds nothing.
    for db in (empty, sample_db):
        again = run("import", str(exported), "--db", db)
        assert f"{len(before)} row(s) already imported" in again.output
    assert len(json.loads(run("query", "--db", sample_db, "--format", "json").output)) == len(before)


def test_jsonl_and_csv_exports_round_trip_their_fields(sample_db: str, tmp_path: Path) -> None:
    before = json.loads(run("query", "--db", sample_db, "--format", "json").output)
    for fmt in ("jsonl", "csv"):
        path = tmp_path / f"events.{fmt}"
        run("export", "--db", sample_db, "--format", fmt, "-o", str(path))
        db = str(tmp_path / f"{fmt}.db")
        assert run("import", str(path), "--db", db).exit_code == 0
        after = json.loads(run("query", "--db", db, "--format", "json").output)
        if fmt == "jsonl":
            assert _comparable(after) == _comparable(before)
        else:
            # A CSV row carries one source; everything else comes back
            # (a TIMEX mod, which CSV has no column for, aside).
            strip = [{**e, "date": {**e["date"], "mod": None}} for e in before]
            got = [{**e, "date": {**e["date"], "mod": None}} for e in after]
            assert _comparable(got, keep_sources=False) == _comparable(strip, keep_sources=False)


@pytest.mark.corpus
def test_csis_file_imports_and_shows_in_query_and_plot(tmp_path: Path) -> None:
    need(CSIS)
    db = str(tmp_path / "csis.db")
    result = run("import", str(CSIS), *CSIS_ARGS, "--db", db)
    assert result.exit_code == 0, result.output
    with CSIS.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert f"rows: {len(rows)};" in result.output and "0 failed" in result.output
    with Store(db) as store:
        nuclear = store.query(build_query(kinds=["nuclear_test"], date_from="2017", date_to="2017"))
        total = store.count()
    assert [e.date_value for e in nuclear] == ["2017-09-03"]
    assert nuclear[0].actors == ("KP",)
    assert nuclear[0].sources[0].article.startswith("north_korea_provocations_1958_present.csv row ")
    assert total > 0.9 * len(rows)  # a few same-day reports merge
    listed = run("query", "--db", db, "--kind", "nuclear_test", "--from", "2017", "--to", "2017")
    assert "2017-09-03" in listed.output
    again = run("import", str(CSIS), *CSIS_ARGS, "--db", db)
    assert f"{len(rows)} row(s) already imported" in again.output
    chart = tmp_path / "csis.png"
    plotted = run("plot", "--db", db, "--from", "2022", "--to", "2022", "-o", str(chart))
    assert plotted.exit_code == 0 and chart.stat().st_size > 10_000


@pytest.mark.corpus
def test_cns_missile_list_imports(tmp_path: Path) -> None:
    need(CNS)
    # The most recent 80 rows (2019 on) show the same as all 339, faster.
    with CNS.open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)[-80:]
    part = write_csv(tmp_path / CNS.name, rows)
    db = str(tmp_path / "cns.db")
    args = ["import", str(part), "--map", "date=date,missile_type=kind,description=evidence",
            "--kind-map", "SLV=satellite_launch,*=missile_launch", "--set", "actors=KP",
            "--set", "title={missile_name} launch", "--db", db]
    result = run(*args)
    assert result.exit_code == 0, result.output
    days = {(r["date"], r["missile_type"] == "SLV") for r in rows}
    # Several missiles on one day are one launch event with several sources.
    with Store(db) as store:
        assert store.count() == len(days)
    assert "0 failed" in result.output
