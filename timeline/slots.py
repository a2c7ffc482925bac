"""Fast construction of frozen dataclasses with slots.

A frozen dataclass's ``__init__`` sets each field through
``object.__setattr__`` (its own ``__setattr__`` refuses), which costs about
a quarter of a microsecond per field: for a million imported events, or the
thousand sources of a month's query, more than the work around it. The
functions here store each field straight into its slot instead, with code
built from the class's own fields, as :mod:`dataclasses` builds its methods.
Instances are the same: same type, fields, equality, hash and immutability.

Storing through a slot's descriptor is itself a call (0.1 µs). Where the
class allows it, the code stores with plain attribute assignments into an
instance of a *twin*: a class with the same slots and no frozen
``__setattr__``, then turns it into the real class by assigning
``__class__``, which Python allows between classes of the same layout
(and checks). Half the cost again: 0.35 µs instead of 0.7 µs for the eight
fields of a query's source record, 1.3 µs instead of 2.4 µs for sixteen.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["fast_init", "positional_maker"]

_T = TypeVar("_T")


def _plain(cls: type) -> list[dataclasses.Field[Any]] | None:
    """The fields of ``cls`` if it is a dataclass whose __init__ only stores
    its arguments into slots (no __post_init__, no InitVar, no factory)."""
    if not dataclasses.is_dataclass(cls) or "__post_init__" in vars(cls):
        return None
    fields = list(dataclasses.fields(cls))
    if {f.name for f in fields} != set(getattr(cls, "__slots__", ())):
        return None
    if any(not f.init or f.default_factory is not dataclasses.MISSING for f in fields):
        return None
    return fields


def _twin(cls: type) -> type | None:
    """A class whose instances can become ``cls`` instances by assigning
    ``__class__``: the same slots, in the same order, on the same base, with
    plain attribute stores. None when ``cls`` derives from another class
    (its ``__setattr__`` or layout could differ)."""
    if cls.__bases__ != (object,):
        return None
    twin = type(f"_{cls.__name__}Layout", (), {"__slots__": tuple(vars(cls)["__slots__"])})
    probe: Any = object.__new__(twin)
    try:
        probe.__class__ = cls
    except TypeError:  # Python found the layouts different
        return None
    return twin


def _build(cls: type, fields: list[dataclasses.Field[Any]], head: str) -> Callable[..., Any]:
    names = [f.name for f in fields]
    namespace: dict[str, Any] = {
        "_new": object.__new__,
        "_cls": cls,
        "_twin": _twin(cls),
        "_set_class": object.__dict__["__class__"].__set__,  # past a frozen __setattr__
    }
    params = []
    for f in fields:
        if f.default is dataclasses.MISSING:
            params.append(f.name)
        else:
            namespace[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        namespace[f"_set_{f.name}"] = vars(cls)[f.name].__set__
    through_slots = "".join(f"    _set_{name}(self, {name})\n" for name in names)
    plain = "".join(f"    self.{name} = {name}\n" for name in names) + "    self.__class__ = _cls\n"
    if namespace["_twin"] is None:
        new, body = "    self = _new(_cls)\n", through_slots
    elif head == "make":
        new, body = "    self = _new(_twin)\n", plain
    else:
        # An instance of a subclass keeps its own class: stored through slots.
        new = ""
        body = (
            "    if self.__class__ is not _cls:\n"
            + through_slots.replace("    ", "        ")
            + "        return\n    _set_class(self, _twin)\n"
            + plain
        )
    if head == "make":
        source = f"def make({', '.join(params)}):\n{new}{body}    return self\n"
    else:
        source = f"def __init__(self, {', '.join(params)}):\n{body}"
    exec(source, namespace)  # code built from the class's own field names
    return namespace[head]  # type: ignore[no-any-return]


def positional_maker(cls: type[_T]) -> Callable[..., _T]:
    """A function equal to ``cls(*fields)`` (and keywords), without calling
    ``cls.__init__``; ``cls`` itself when it is not a plain slotted dataclass."""
    fields = _plain(cls)
    return cls if fields is None else _build(cls, fields, "make")


def fast_init(cls: type[_T]) -> type[_T]:
    """Give the slotted dataclass ``cls`` an ``__init__`` of the same
    signature that stores into the slots directly (a class decorator, to
    apply after ``@dataclass``); unchanged when it is not a plain one."""
    fields = _plain(cls)
    if fields is not None:
        init = _build(cls, fields, "__init__")
        init.__qualname__ = f"{cls.__qualname__}.__init__"
        init.__doc__ = cls.__init__.__doc__
        cls.__init__ = init  # type: ignore[method-assign]
    return cls
