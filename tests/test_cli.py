from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from timeline.cli import main
from timeline.store import Store

from .conftest import SEED, need

NCG = "The allies held the fifth NCG meeting in Washington on Thursday.\n"


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "cli.db")


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "ncg.txt"
    path.write_text(NCG, encoding="utf-8")
    return path


def counts(db: str) -> dict[str, int]:
    with Store(db) as store:
        return store.stats()


def test_every_command_has_help() -> None:
    for name, command in main.commands.items():
        assert command.help, f"{name} has no help text"
        assert run(name, "--help").exit_code == 0


def test_ingest_query_json(db: str, article: Path) -> None:
    result = run("ingest", str(article), "--published", "2025-12-12", "--db", db)
    assert result.exit_code == 0, result.output
    assert "articles: 1 new" in result.output
    out = run("query", "--db", db, "--format", "json")
    (event,) = json.loads(out.output)
    assert set(event) == {
        "id", "kind", "title", "date", "status", "actors", "participants", "location",
        "series", "ordinal", "confidence", "sources",
    }
    assert event["date"] == {"value": "2025-12-11", "start": "2025-12-11", "end": "2025-12-11", "precision": "day", "mod": None}
    assert (event["series"], event["ordinal"], event["location"]) == ("NCG", 5, "Washington")
    assert set(event["sources"][0]) == {"article", "title", "published", "sentence", "start", "end"}
    assert event["sources"][0]["published"] == "2025-12-12"


def test_second_ingest_adds_nothing(db: str, article: Path) -> None:
    run("ingest", str(article), "--published", "2025-12-12", "--db", db)
    before = counts(db)
    result = run("ingest", str(article), "--published", "2025-12-12", "--db", db)
    assert "0 new, 1 already known" in result.output
    assert counts(db) == before


def test_query_formats(db: str, article: Path) -> None:
    run("ingest", str(article), "--published", "2025-12-12", "--db", db)
    assert "5th NCG meeting" in run("query", "--db", db).output
    assert run("query", "--db", db, "--format", "csv").output.startswith("id,date,")
    lines = run("query", "--db", db, "--format", "jsonl").output.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["kind"] == "meeting"


def test_env_var_selects_database(tmp_path: Path, article: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIMELINE_DB", str(tmp_path / "env.db"))
    run("ingest", str(article), "--published", "2025-12-12")
    assert counts(str(tmp_path / "env.db"))["events"] == 1


def test_add_accepts_the_same_date_text(db: str) -> None:
    result = run(
        "add", "--date", "first half of 2026", "--kind", "meeting", "--title", "6th NCG meeting",
        "--actors", "US,KR", "--series", "NCG", "--ordinal", "6", "--db", db,
    )
    assert result.exit_code == 0, result.output
    assert "2026-H1 (2026-01-01..2026-06-30, half" in result.output


def _one_line_error(result: Result, *words: str) -> None:
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    for w in words:
        assert w in lines[0], lines[0]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["add", "--date", "2025", "--kind", "party", "--title", "x"], ["unknown kind 'party'"]),
        (["add", "--date", "whenever", "--kind", "meeting", "--title", "x"], ["whenever"]),
        (["query", "--from", "2026", "--to", "2025"], ["after --to"]),
        (["query", "--from", "blue moon"], ["--from", "blue moon"]),
        (["query", "--kind", "party"], ["unknown kind"]),
        (["ingest", "x.txt", "--published", "someday"], ["--published", "someday"]),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(db: str, article: Path, args: list[str], words: list[str]) -> None:
    run("ingest", str(article), "--published", "2025-12-12", "--db", db)
    before = counts(db)
    _one_line_error(run(*args, "--db", db), *words)
    assert counts(db) == before


@pytest.mark.parametrize(
    ("content", "words"),
    [(None, ["no such file"]), (b"", ["empty file"]), (b"   \n\t\n", ["empty file"]), (b"\x00\x01\x02PNG", ["binary file"])],
)
def test_bad_files(db: str, article: Path, tmp_path: Path, content: bytes | None, words: list[str]) -> None:
    run("ingest", str(article), "--published", "2025-12-12", "--db", db)
    before = counts(db)
    bad = tmp_path / "bad.txt"
    if content is not None:
        bad.write_bytes(content)
    result = run("ingest", str(bad), "--db", db, "-q")
    assert result.exit_code == 1
    assert any(all(w in line for w in words) and str(bad) in line for line in result.output.splitlines())
    assert counts(db) == before


def test_one_bad_file_does_not_stop_the_batch(db: str, article: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    result = run("ingest", str(missing), str(article), "--published", "2025-12-12", "--db", db)
    assert result.exit_code == 1
    assert "1 new, 0 already known, 1 failed" in result.output
    assert counts(db)["articles"] == 1


def test_folder_ingest(db: str, tmp_path: Path) -> None:
    folder = tmp_path / "news"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(NCG)
    (folder / "sub" / "b.md").write_text("---\npublished: 2024-06-11\n---\nThe allies held the third NCG meeting in Seoul on Monday.\n")
    (folder / "ignore.bin").write_bytes(b"\x00")
    result = run("ingest", str(folder), "--db", db)
    assert "articles: 2 new" in result.output
    values = [e["date"]["value"] for e in json.loads(run("query", "--db", db, "--format", "json").output)]
    assert values == ["2024-06-10"]  # a.txt has no DCT: "Thursday" stays unresolved
    assert "without a publication date" in result.output


def test_plot_writes_chart(db: str, article: Path, tmp_path: Path) -> None:
    run("ingest", str(article), "--published", "2025-12-12", "--db", db)
    out = tmp_path / "chart.png"
    result = run("plot", "--db", db, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 1000


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_plot_unwritable_output(db: str, article: Path, tmp_path: Path) -> None:
    run("ingest", str(article), "--published", "2025-12-12", "--db", db)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    _one_line_error(run("plot", "--db", db, "-o", str(locked / "c.png")), "permission denied")


@pytest.mark.parametrize(
    ("output", "words"),
    [("nowhere/c.png", ["does not exist"]), ("c.gif", ["unknown file type '.gif'"])],
)
def test_plot_bad_output(db: str, article: Path, tmp_path: Path, output: str, words: list[str]) -> None:
    run("ingest", str(article), "--published", "2025-12-12", "--db", db)
    _one_line_error(run("plot", "--db", db, "-o", str(tmp_path / output)), *words)


def test_plot_with_no_events(db: str, tmp_path: Path) -> None:
    _one_line_error(run("plot", "--db", db, "-o", str(tmp_path / "c.png")), "no events")


def test_tag_json_and_plain_timeml(article: Path) -> None:
    data = json.loads(run("tag", str(article), "--dct", "2025-12-12").output)
    assert [(t["text"], t["value"]) for t in data["timexes"]] == [("Thursday", "2025-12-11")]
    xml = run("tag", str(article), "--dct", "2025-12-12", "--format", "timeml").output
    assert '<TIMEX3 tid="t1" type="DATE" value="2025-12-11">Thursday</TIMEX3>' in xml


def test_tag_timeml_keeps_text(tmp_path: Path) -> None:
    src = tmp_path / "doc.tml"
    src.write_text(
        '<?xml version="1.0" ?>\n<TimeML>\n<DOCID>d1</DOCID>\n'
        '<DCT><TIMEX3 tid="t0" type="DATE" value="1998-03-02" temporalFunction="false" '
        'functionInDocument="CREATION_TIME">1998-03-02</TIMEX3></DCT>\n'
        "<TEXT>Talks resumed on Friday after a break &amp; a vote last week.</TEXT>\n</TimeML>\n",
        encoding="utf-8",
    )
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    result = run("tag", str(src), "--format", "timeml", "--out-dir", str(out_dir))
    assert result.exit_code == 0, result.output
    written = (out_dir / "doc.tml").read_text("utf-8")
    assert 'value="1998-02-27">Friday</TIMEX3>' in written
    import re

    def plain(s: str) -> str:
        return re.sub(r"<[^>]+>", "", s.split("<TEXT>")[1].split("</TEXT>")[0])

    assert plain(written) == plain(src.read_text("utf-8"))


def test_demo(tmp_path: Path) -> None:
    result = run("demo", "--out", str(tmp_path / "demo"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "demo" / "timeline.png").stat().st_size > 10_000
    assert "NCG meeting" in result.output
    # A second run starts from a fresh database rather than piling up.
    again = run("demo", "--out", str(tmp_path / "demo"))
    assert again.output.split("\n")[0] == result.output.split("\n")[0]


def test_seed_end_to_end(db: str) -> None:
    seed = need(SEED)
    run("ingest", str(seed), "--published", "2025-12-12", "--db", db)
    data = json.loads(run("query", "--from", "2025-11-01", "--to", "2026-06-30", "--format", "json", "--db", db).output)
    got = {(e["kind"], e["date"]["value"], e["status"]) for e in data}
    assert {
        ("meeting", "2025-12-11", "occurred"),
        ("meeting", "2025-11-01", "occurred"),
        ("missile_launch", "2025-11-08", "occurred"),
        ("meeting", "2026-H1", "planned"),
    } <= got
    everything = json.loads(run("query", "--format", "json", "--db", db).output)
    got_all = {(e["kind"], e["date"]["value"]) for e in everything}
    assert {("meeting", "2025-01"), ("summit", "2023-04")} <= got_all
    before = counts(db)
    run("ingest", str(seed), "--published", "2025-12-12", "--db", db)
    assert counts(db) == before
