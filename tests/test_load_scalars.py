"""A plain scalar gets the type YAML 1.2's core schema gives it, whatever shortcut the loader takes to decide."""

from __future__ import annotations

import math
import re
import unicodedata
from types import SimpleNamespace
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from styr.load import yamlio
from styr.load.yamlio import parse_yaml

_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")


def reference(value: str) -> Any:
    """The core schema, asked in full: null, true/false, an integer, a float, else text."""
    if value in ("", "~", "null", "Null", "NULL"):
        return None
    if value in ("true", "True", "TRUE"):
        return True
    if value in ("false", "False", "FALSE"):
        return False
    if _INT.match(value):
        return int(value) if len(value) <= 300 else value
    if _FLOAT.match(value):
        number = float(value)
        return number if math.isfinite(number) else value
    return unicodedata.normalize("NFC", value)


def _plain(value: str) -> Any:
    return yamlio._scalar(SimpleNamespace(value=value, tag=yamlio._PLAIN, style=""))


_TEXTS = st.text(alphabet="0123456789+-.eE ~nulNLtrufalsTRUFASå\u0301x", max_size=12)


@given(_TEXTS)
def test_plain_scalars_are_typed_as_the_core_schema_says(value: str) -> None:
    got, want = _plain(value), reference(value)
    assert type(got) is type(want) and (got == want or (got != got and want != want))


def test_typing_of_each_kind_in_a_file() -> None:
    doc = parse_yaml(b"a: 12\nb: -1.5e3\nc: .5\nd: +7\ne: ja\nf: ~\ng: TRUE\nh: 1.2.3\ni: .inf\nj: '12'\n"
                     b"k: 1e999\n").doc
    assert doc is not None
    assert doc == {"a": 12, "b": -1500.0, "c": 0.5, "d": 7, "e": "ja", "f": None, "g": True, "h": "1.2.3",
                   "i": ".inf", "j": "12", "k": "1e999"}
    assert [type(doc[k]) for k in "abcd"] == [int, float, float, int]
