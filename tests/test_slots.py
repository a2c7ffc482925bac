"""Frozen slotted dataclasses built without their generated __init__ are
the same objects as those it builds."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from timeline.dates import interval
from timeline.slots import fast_init, positional_maker
from timeline.writer import NewEvent


@dataclasses.dataclass(frozen=True, slots=True)
class _Plain:
    a: int
    b: str = "x"
    c: tuple[str, ...] = ()


_Fast = fast_init(
    dataclasses.make_dataclass(
        "_Fast", [("a", int), ("b", str, "x"), ("c", tuple, ())], frozen=True, slots=True
    )
)


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [((1,), {}), ((1, "y"), {}), ((1,), {"c": ("z",)}), ((), {"a": 2, "b": "q", "c": ()})],
)
def test_fast_init_and_maker_match_the_dataclass(args: tuple[object, ...], kwargs: dict[str, object]) -> None:
    want = _Plain(*args, **kwargs)  # type: ignore[arg-type]
    fast = _Fast(*args, **kwargs)
    assert dataclasses.astuple(fast) == dataclasses.astuple(want)
    made = positional_maker(_Plain)(*args, **kwargs)
    assert type(made) is _Plain and made == want and hash(made) == hash(want)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.a = 3
    with pytest.raises(TypeError):
        _Fast()


def test_new_event_keeps_its_signature_and_defaults() -> None:
    day = interval("2024-03-01")
    assert day is not None
    ev = NewEvent(kind="meeting", title="Talks", date=day, actors=("KR",))
    defaults = {f.name: f.default for f in dataclasses.fields(NewEvent)}
    assert ev.status == defaults["status"] == "occurred"
    assert (ev.participants, ev.location, ev.sentence, ev.start) == ((), None, "", 0)
    assert NewEvent("meeting", "Talks", day, actors=("KR",)) == ev
    assert dataclasses.replace(ev, title="Other").title == "Other"
    assert hash(ev) == hash(NewEvent(kind="meeting", title="Talks", date=day, actors=("KR",)))
    with pytest.raises(dataclasses.FrozenInstanceError):
        ev.title = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        NewEvent(kind="meeting", title="x")  # type: ignore[call-arg]
    assert dt.date(2024, 3, 1) == ev.date.start


def test_a_class_that_is_not_plain_keeps_its_init() -> None:
    @dataclasses.dataclass(frozen=True, slots=True)
    class WithPost:
        a: int

        def __post_init__(self) -> None:
            pass

    assert positional_maker(WithPost) is WithPost
    assert fast_init(WithPost).__init__ is WithPost.__init__
