from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from timeline.store import Store

from .conftest import ROOT

SCRIPT = ROOT / "scripts" / "add_events.py"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True)


def test_csv_rows_are_added(tmp_path: Path) -> None:
    src = tmp_path / "events.csv"
    src.write_text(
        "date,kind,title,actors,status,location\n"
        "2023-07-18,meeting,1st NCG meeting,\"US,KR\",occurred,Seoul\n"
        "first half of 2026,meeting,6th NCG meeting,\"US,KR\",planned,\n"
        "2023-07-12,missile_launch,Hwasong-18 ICBM launch,KP,,\n",
        encoding="utf-8",
    )
    db = tmp_path / "a.db"
    out = run(str(src), "--db", str(db))
    assert out.returncode == 0, out.stderr
    assert "added 3 new event(s)" in out.stdout
    with Store(db) as store:
        values = [(e.date_value, e.status) for e in store.query()]
    assert values == [("2023-07-12", "occurred"), ("2023-07-18", "occurred"), ("2026-H1", "planned")]


def test_bad_row_is_named_and_nothing_added(tmp_path: Path) -> None:
    src = tmp_path / "events.csv"
    src.write_text("date,kind,title\n2023-07-18,meeting,ok\nnot a date,meeting,bad\n2024,party,bad\n")
    db = tmp_path / "b.db"
    out = run(str(src), "--db", str(db))
    assert out.returncode == 1
    assert "line 3" in out.stderr and "not a date" in out.stderr
    assert "line 4" in out.stderr and "unknown kind 'party'" in out.stderr
    with Store(db) as store:
        assert store.count() == 0
    assert "added 1 new" in run(str(src), "--db", str(db), "--skip-bad").stdout


def test_json_list(tmp_path: Path) -> None:
    src = tmp_path / "events.json"
    src.write_text(json.dumps([{"date": "2025-W44", "kind": "summit", "title": "Gyeongju summit", "actors": ["US", "KR"]}]))
    db = tmp_path / "c.db"
    assert run(str(src), "--db", str(db)).returncode == 0
    with Store(db) as store:
        (event,) = store.query()
    assert (event.date_value, event.precision, event.actors) == ("2025-W44", "week", ("KR", "US"))
