"""One way to write numbers in Swedish, for messages and for reports alike."""

from __future__ import annotations

from styr.fulfilment.indicator import fmt_number
from styr.render.site import fmt
from styr.wording.numbers import NBSP, number


def test_messages_and_reports_write_numbers_alike_but_for_the_space() -> None:
    values = (85, 84.1, 1250000, -2, 0.333, -0.0, 1e3, -12345.678, float("inf"))
    assert [number(v) for v in values] == ["85", "84,1", "1 250 000", "−2", "0,33", "0", "1 000", "−12 345,68", "∞"]
    assert [fmt_number(v) for v in values] == [number(v) for v in values]
    assert [fmt.number(v) for v in values] == [number(v).replace(" ", NBSP) for v in values]
