"""The batch progress bar: drawn on a terminal, silent elsewhere."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from timeline.progress import batch_progress


@pytest.mark.parametrize(("terminal", "bar"), [(True, True), (False, False)])
def test_bar_only_on_a_terminal(terminal: bool, bar: bool) -> None:
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=terminal, width=100)
    with batch_progress(console) as state:
        state.plan(3)
        state.advance(new=True)
        state.advance()
        state.print("one line")
        state.advance(failed=True)
        state.plan(1)  # a feed's items found on the way
        assert (state.total, state.new, state.known, state.failed) == (4, 1, 1, 1)
        assert (state.progress is not None) is bar
    out = buf.getvalue()
    assert "one line" in out
    assert ("1 new · 1 known · 1 failed" in out) is bar
