from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.dates import containing_starts, interval


def _periods(d: dt.date) -> list[str]:
    y, w, _ = d.isocalendar()
    values = [
        d.isoformat(), f"{y}-W{w:02d}", f"{y}-W{w:02d}-WE", f"{d.year}-{d.month:02d}",
        f"{d.year}-Q{(d.month - 1) // 3 + 1}", f"{d.year}-H{1 if d.month <= 6 else 2}",
        str(d.year), f"{d.year // 10:03d}X", f"{d.year // 100:02d}XX",
    ]  # fmt: skip
    for year in (d.year - 1, d.year):
        values += [f"{year}-{code}" for code in ("SP", "SU", "FA", "WI")]
    return values


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=dt.date(1001, 1, 1), max_value=dt.date(2999, 12, 31)))
def test_every_containing_period_start_is_listed(day: dt.date) -> None:
    """Deduplication seeks candidates on these starts: none may be missing."""
    starts = set(containing_starts(day)) | {day}
    for value in _periods(day):
        iv = interval(value)
        if iv is not None and iv.start <= day <= iv.end:
            assert iv.start in starts, (day, value)
    assert all(s < day for s in containing_starts(day))
