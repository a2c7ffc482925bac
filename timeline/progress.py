"""A progress bar with counts for long batches, shown only on a terminal.

Batch functions report through plain callbacks (``on_plan(n)``,
``on_item(...)``) and know nothing of rich; this module turns those calls
into a live bar on standard error. When standard error is not a terminal (a
pipe, a log file, a test) nothing is drawn and messages are printed as
ordinary lines, so logs stay clean.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

__all__ = ["BatchProgress", "batch_progress"]


@dataclass(slots=True)
class BatchProgress:
    """Counts of a running batch, drawn as a bar when there is one."""

    console: Console
    progress: Progress | None = None
    task: TaskID | None = None
    total: int = 0
    new: int = 0
    known: int = 0
    failed: int = 0

    def plan(self, more: int) -> None:
        """``more`` items were discovered (files, then each feed's items)."""
        self.total += more
        if self.progress is not None and self.task is not None:
            self.progress.update(self.task, total=max(self.total, 1))

    def advance(self, *, new: bool = False, failed: bool = False) -> None:
        """One item is done."""
        if failed:
            self.failed += 1
        elif new:
            self.new += 1
        else:
            self.known += 1
        if self.progress is not None and self.task is not None:
            self.progress.update(
                self.task,
                advance=1,
                counts=f"{self.new} new · {self.known} known · {self.failed} failed",
            )

    def print(self, message: str) -> None:
        """A line above the bar (or a plain line without one)."""
        if self.progress is not None:
            self.progress.console.print(message, highlight=False, soft_wrap=True)
        else:
            self.console.print(message, highlight=False, soft_wrap=True)


@contextmanager
def batch_progress(console: Console, description: str = "ingest") -> Iterator[BatchProgress]:
    """A :class:`BatchProgress` with a live bar when ``console`` is a terminal."""
    state = BatchProgress(console)
    if not console.is_terminal:
        yield state
        return
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[counts]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as progress:
        state.progress = progress
        state.task = progress.add_task(description, total=None, counts="")
        yield state
