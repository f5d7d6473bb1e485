"""Frozen value classes, made cheaply: dataclasses whose comparison, hash and repr are shared functions.

styr's model, results, views and findings are frozen dataclasses, and every command makes about 150 of them as it
starts. `dataclasses` writes each class's `__eq__`, `__hash__` and `__repr__` as source text and compiles it: a
third of the time a class takes to make (a twentieth of a small `styr validate`). `frozen` leaves `__init__` and
the frozen attribute guard to `dataclasses` and gives the class functions made once, that behave as the generated
ones do: equal when the other is of the same class and the compared fields are equal, the hash of those fields in a
tuple, and `Name(field=value, …)` of the shown fields (`field(compare=False, repr=False, hash=…)` as dataclasses
reads them). A `__repr__` of the class's own is kept. tests/test_frozen.py holds them to the generated ones.
"""

from __future__ import annotations

import dataclasses
import operator
import reprlib
import sys
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T")


@overload
def frozen(cls: type[T], /) -> type[T]: ...


@overload
def frozen(*, slots: bool = True) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def frozen(cls: type[T] | None = None, /, *, slots: bool = True) -> type[T] | Callable[[type[T]], type[T]]:
    """`@dataclass(frozen=True, slots=True)` (`slots=False`: without slots), with shared eq, hash and repr."""

    def make(c: type[T]) -> type[T]:
        if "__eq__" in c.__dict__ or "__hash__" in c.__dict__:
            raise TypeError(f"{c.__qualname__}: en frusen värdeklass jämför och hashar sina fält själv")
        made = dataclasses.dataclass(frozen=True, slots=slots, eq=False, repr=False)(c)
        fields = dataclasses.fields(made)  # type: ignore[arg-type]
        made.__eq__ = _eq(tuple(f.name for f in fields if f.compare))  # type: ignore[method-assign]
        made.__hash__ = _hash(tuple(f.name for f in fields  # type: ignore[assignment,method-assign]
                                    if (f.compare if f.hash is None else f.hash)))
        if "__repr__" not in c.__dict__:  # one of its own (a period's) is kept, as dataclasses keeps it
            made.__repr__ = _repr(tuple(f.name for f in fields if f.repr))  # type: ignore[method-assign]
        return made

    return make if cls is None else make(cls)


def _values(names: tuple[str, ...]) -> Callable[[object], tuple[Any, ...]]:
    """The values of `names` in a tuple, as the generated methods compare and hash them."""
    if len(names) > 1:
        return operator.attrgetter(*names)  # one C call; a tuple for two names or more
    if names:
        name = names[0]
        return lambda self: (getattr(self, name),)
    return lambda self: ()


def _eq(names: tuple[str, ...]) -> Callable[[object, object], Any]:
    if sys.version_info >= (3, 13):  # dataclasses compares field by field since 3.13, after an identity check
        def field_by_field(self: object, other: object) -> Any:
            if self is other:
                return True
            if other.__class__ is not self.__class__:
                return NotImplemented
            same: Any = True
            for name in names:
                same = getattr(self, name) == getattr(other, name)
                if not same:
                    return same
            return same

        return field_by_field
    values = _values(names)

    def __eq__(self: object, other: object) -> Any:  # as a tuple, before 3.13
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    return __eq__


def _hash(names: tuple[str, ...]) -> Callable[[object], int]:
    values = _values(names)

    def __hash__(self: object) -> int:
        return hash(values(self))

    return __hash__


def _repr(names: tuple[str, ...]) -> Callable[[object], str]:
    @reprlib.recursive_repr()
    def __repr__(self: object) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({shown})"

    return __repr__
