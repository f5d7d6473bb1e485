"""styr.frozen: a frozen value class compares, hashes and shows itself exactly as `@dataclass(frozen=True)` would
(with or without slots), with the fields' compare/hash/repr flags; is still a frozen dataclass to `dataclasses`
and to pickle; keeps a `__repr__` of its own; and every class styr declares with it is made that way."""

from __future__ import annotations

import dataclasses
import importlib
import math
import pickle
import pkgutil
from dataclasses import field
from typing import Any

import pytest

import styr
from styr.frozen import frozen


def _pair(slots: bool) -> tuple[type[Any], type[Any]]:
    """The same class made by `frozen` and by `dataclasses.dataclass(frozen=True)`."""

    def body() -> dict[str, Any]:
        return {
            "__annotations__": {"a": "int", "b": "object", "hidden": "str", "loose": "float", "salt": "int"},
            "hidden": field(default="x", repr=False),
            "loose": field(default=0.0, compare=False),
            "salt": field(default=0, hash=False),
            "__module__": __name__,
        }

    ours = frozen(slots=slots)(type("Värde", (), body()))
    theirs = dataclasses.dataclass(frozen=True, slots=slots)(type("Värde", (), body()))
    return ours, theirs


VALUES: list[tuple[Any, ...]] = [
    (1, "ett"), (1, "ett", "dold", 2.5, 7), (2, (1, 2)), (0, math.nan), (-0, 0.0), (3, None), (1, ["lista"]),
]


@pytest.mark.parametrize("slots", [True, False])
def test_eq_hash_and_repr_are_those_dataclasses_generates(slots: bool) -> None:
    ours, theirs = _pair(slots)
    for left in VALUES:
        for right in VALUES:
            assert (ours(*left) == ours(*right)) == (theirs(*left) == theirs(*right)), (left, right)
            assert (ours(*left) != ours(*right)) == (theirs(*left) != theirs(*right)), (left, right)
        assert repr(ours(*left)) == repr(theirs(*left))
        if not any(isinstance(v, list) for v in left):
            assert hash(ours(*left)) == hash(theirs(*left))
        else:
            with pytest.raises(TypeError):
                hash(ours(*left))
    same, also = ours(0, math.nan), theirs(0, math.nan)
    assert (same == same) == (also == also)  # a value holding NaN is itself, as the generated __eq__ has it
    assert ours(1, "ett") != theirs(1, "ett")  # another class: not equal
    assert ours(1, "ett").__eq__(1) is NotImplemented


def test_a_field_left_out_of_the_comparison_does_not_count() -> None:
    ours, _ = _pair(True)
    assert ours(1, "ett", loose=1.0) == ours(1, "ett", loose=2.0)
    assert hash(ours(1, "ett", salt=1)) == hash(ours(1, "ett", salt=2))
    assert ours(1, "ett", salt=1) != ours(1, "ett", salt=2)


def test_it_is_still_a_frozen_dataclass_that_pickles() -> None:
    ours, _ = _pair(True)
    value = ours(1, "ett")
    assert dataclasses.is_dataclass(value)
    assert [f.name for f in dataclasses.fields(value)] == ["a", "b", "hidden", "loose", "salt"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        value.a = 2
    assert dataclasses.replace(value, a=2) == ours(2, "ett")
    assert not hasattr(value, "__dict__")


def test_a_recursive_value_shows_dots_as_dataclasses_does() -> None:
    for slots in (True, False):
        ours, theirs = _pair(slots)
        mine, other = ours(1, []), theirs(1, [])
        mine.b.append(mine)
        other.b.append(other)
        assert repr(mine) == repr(other) == "Värde(a=1, b=[...], loose=0.0, salt=0)"


def test_a_repr_of_its_own_is_kept_and_an_eq_of_its_own_refused() -> None:
    class Own:
        a: int

        def __repr__(self) -> str:
            return "egen"

    assert repr(frozen(Own)(1)) == "egen"

    class Equal:
        a: int

        def __eq__(self, other: object) -> bool:
            return True

        __hash__ = object.__hash__

    with pytest.raises(TypeError):
        frozen(Equal)


def test_pickling_a_value_gives_it_back() -> None:
    from styr.model.periods import parse_period

    period = parse_period("2026-H1")
    assert pickle.loads(pickle.dumps(period)) == period


def test_every_frozen_class_of_styr_is_made_by_frozen() -> None:
    # A class declared with @frozen has the shared functions; one declared with @dataclass(frozen=True) the
    # generated ones (named like them, but made in the class's own module by dataclasses).
    found = 0
    for info in pkgutil.walk_packages(styr.__path__, "styr."):
        if info.name == "styr.__main__":  # importing it runs styr
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (isinstance(value, type) and value.__module__ == module.__name__ and dataclasses.is_dataclass(value)
                    and value.__dataclass_params__.frozen):  # type: ignore[attr-defined]
                assert value.__eq__.__module__ == "styr.frozen", value
                found += 1
    assert found > 100
