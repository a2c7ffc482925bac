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


def test_instances_are_built_in_a_twin_and_become_the_class() -> None:
    from timeline.slots import _twin

    assert _twin(_Plain) is not None
    made = positional_maker(_Plain)(1, "y")
    assert type(made) is _Plain and made.__slots__ == ("a", "b", "c")
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.a = 2  # type: ignore[misc]
    fast = _Fast(1)
    assert type(fast) is _Fast and _Fast.__init__.__qualname__ == "_Fast.__init__"


def test_a_subclass_keeps_its_class_through_a_fast_init() -> None:
    @dataclasses.dataclass(frozen=True, slots=True)
    class Base:
        a: int
        b: str = "x"

    fast_init(Base)

    class Sub(Base):
        __slots__ = ("extra",)

    sub = Sub(1, "y")
    assert type(sub) is Sub and (sub.a, sub.b) == (1, "y")
    assert Base(1, "y") == Base(a=1, b="y")


def test_a_dataclass_with_a_base_is_built_through_its_slots() -> None:
    class Root:
        __slots__ = ()

    @dataclasses.dataclass(frozen=True, slots=True)
    class Derived(Root):
        a: int
        b: str = "x"

    from timeline.slots import _twin

    assert _twin(Derived) is None
    made = positional_maker(Derived)(3)
    assert type(made) is Derived and made == Derived(3) and made.b == "x"
