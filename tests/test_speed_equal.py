"""The fast paths give what the plain ones give: a GoalResult changed field by field as `replace` changes it; in the
open data the JSON records written by one encoder call and split at NUL, the CSV rows passed as they are, and the
number cells, for any text (NUL, braces, control characters, non-ASCII), None, floats and rows whose keys are
missing or in another order."""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import fields, replace

from hypothesis import given
from hypothesis import strategies as st

from styr.exchange.opendata import ENTITIES, _number
from styr.exchange.opendata_files import records_json, table_csv
from styr.fulfilment.results import GoalResult, changed
from styr.model.vocab import Colour

_PLAIN = json.JSONEncoder(ensure_ascii=False)
_NAMES = ("a", "b}", "{c", "d\0")  # keys with the characters the split looks for

_TEXT = st.one_of(st.text(), st.sampled_from(["}\0{", "}, {", "},\n{", "\0", "\x1f\x7f\u2028", "å}{ä", '"}"']))
_CELL = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True), _TEXT)
_ROW = st.one_of(
    st.tuples(*[_CELL] * len(_NAMES)).map(lambda cells: dict(zip(_NAMES, cells, strict=True))),
    st.dictionaries(st.sampled_from(_NAMES), _CELL),  # keys missing or in another order: the careful path
)


@given(st.lists(_ROW, max_size=8))
def test_records_json_is_each_record_encoded_by_itself(rows: list[dict[str, object]]) -> None:
    expected = ",\n".join(_PLAIN.encode({n: r.get(n) for n in _NAMES}) for r in rows)
    assert records_json(rows, _NAMES) == expected  # type: ignore[arg-type]


def _plain_csv(names: list[str], rows: list[dict[str, object]]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(names)
    writer.writerows([row.get(n) for n in names] for row in rows)
    return out.getvalue()


@given(st.lists(st.dictionaries(st.sampled_from([c.name for c in ENTITIES[0].columns]), _CELL), max_size=6))
def test_csv_rows_in_any_key_order_are_written_by_column(rows: list[dict[str, object]]) -> None:
    entity = ENTITIES[0]
    names = [c.name for c in entity.columns]
    ordered = [{n: r.get(n) for n in names} for r in rows]  # the fast path: the row's own values as they are
    assert table_csv(entity, rows) == _plain_csv(names, rows)  # type: ignore[arg-type]
    assert table_csv(entity, ordered) == _plain_csv(names, rows)  # type: ignore[arg-type]


def _plain_number(value: float | None) -> object:
    if value is None or value != value or value in (float("inf"), float("-inf")):
        return None
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


@given(st.one_of(st.none(), st.booleans(), st.integers(min_value=-2**60, max_value=2**60), st.floats(),
                 st.sampled_from([2**53, -2**53, 2.0**53, -2.0**53, 2**53 - 1, 2.0**53 - 1, -0.0, math.inf]))
       )
def test_number_cells(value: float | None) -> None:
    got, expected = _number(value), _plain_number(value)
    assert type(got) is type(expected) and repr(got) == repr(expected)


def test_changed_is_replace_for_every_field() -> None:
    """`changed` builds a GoalResult field by field: a field added to GoalResult and not carried over fails here."""
    values: dict[str, object] = {f.name: object() for f in fields(GoalResult)}
    r = GoalResult(**values)  # type: ignore[arg-type]
    dist = {Colour.GRON: 1}
    new = changed(r, dist, ("rad",))
    expected = replace(r, contributors=dist, explanation=("rad",))
    assert all(getattr(new, f.name) is getattr(expected, f.name) for f in fields(GoalResult))


def test_results_without_reasons_are_the_results_with_them_but_the_reasons() -> None:
    # A report judges the periods it only compares with without the indicators' reasons: everything else the same,
    # in every period the example judges (not due, missing, judged, trends, läsår units, contributors).
    from pathlib import Path

    from styr.app.pipeline import read_repository
    from styr.fulfilment.evaluate import evaluate
    from styr.load.source import WorkTree
    from styr.model.periods import parse_period

    _, repo = read_repository(WorkTree(Path(__file__).resolve().parents[1] / "example-repo"), cache=False)
    judged = 0
    for text in ("2025", "2026-H1", "2026-Q3", "2026", "2025/26", "2024"):
        period = parse_period(text)
        full, bare = evaluate(repo, period, explain=False), evaluate(repo, period, explain=False, reasons=False)
        assert full.keys() == bare.keys()
        for gid, r in full.items():
            assert _unreasoned(bare[gid]) == _unreasoned(r), gid
            shorter = zip(r.indicators, bare[gid].indicators, strict=True)
            judged += sum(1 for i, b in shorter if len(b.reason) < len(i.reason))
    assert judged > 50  # reasons there were to leave out


def _unreasoned(r: GoalResult) -> GoalResult:
    return replace(r, indicators=tuple(replace(i, reason="", trend_reason="") for i in r.indicators))


def test_colours_are_the_results_colours() -> None:
    # The period a report compares with is judged for its colours alone: a goal's assessed colour without judging its
    # indicators, the others as `evaluate` judges them (contributors, läsår units, goals not started, duplicates).
    from pathlib import Path

    from styr.app.pipeline import read_repository
    from styr.fulfilment.evaluate import colours, evaluate, unit_period
    from styr.fulfilment.goal import assessed_colour
    from styr.load.source import WorkTree
    from styr.model.periods import parse_period

    _, repo = read_repository(WorkTree(Path(__file__).resolve().parents[1] / "example-repo"), cache=False)
    assessed = judged = 0
    for text in ("2025", "2025-H1", "2026-H1", "2026-Q3", "2026", "2025/26", "2024", "2023"):
        period = parse_period(text)
        expected = {gid: r.colour for gid, r in evaluate(repo, period, explain=False).items()}
        assert colours(repo, period) == expected, text
        for goal in repo.goals:
            if assessed_colour(goal, unit_period(repo.unit_of(goal), period), period)[1] is not None:
                assessed += 1
            else:
                judged += 1
    assert assessed > 20 and judged > 20  # both ways were taken
