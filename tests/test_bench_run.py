"""bench.run's summary on hand-built timings: the goals judged by the best times, beside each round's ratio to that
round's floor (how much the machine moved while the run lasted)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # bench/ is not part of the installed package
    sys.path.insert(0, str(ROOT))

from bench.run import print_table, round_ratios, summarise  # noqa: E402


def _timing(seconds: list[float], cpu: list[float] | None = None, ok: bool = True) -> dict[str, Any]:
    return {"command": ["styr"], "seconds": seconds, "cpu_seconds": cpu or seconds, "peak_mb": 200.0,
            "exit_codes": [0] * len(seconds), "ok": ok, "stderr_tail": "", "summary": None}


def _row() -> dict[str, Any]:
    return {"size": 20000, "files": 20003, "timings": {
        "floor": _timing([4.0, 5.0, 4.0], [4.0, 5.0, 4.0]),
        "validate": _timing([4.4, 5.0, 4.8], [6.0, 7.0, 6.4]),
        "report": _timing([10.0, 11.0, 12.0]),
        "report_one": _timing([3.0, 3.0, 3.0], ok=False),
    }}


def test_each_round_is_compared_with_its_own_floor() -> None:
    ratios = round_ratios(_row())
    assert ratios["validate_per_floor"] == [1.1, 1.0, 1.2]
    assert ratios["validate_cpu_per_floor_cpu"] == [1.5, 1.4, 1.6]
    assert ratios["report_per_floor"] == [2.5, 2.2, 3.0]
    assert "report_one_per_floor" not in ratios  # a command that failed has no ratio
    assert "validate_warm_per_floor" not in ratios  # not measured


def test_the_goals_take_the_best_times_and_the_table_shows_the_rounds(capsys: pytest.CaptureFixture[str]) -> None:
    rows = [_row()]
    goals = summarise(rows, None)
    assert goals["report_per_floor"] == {"mål": 2.5, "mätt": 2.5, "uppfyllt": True}  # 10.0 / 4.0
    assert goals["validate_cpu_per_floor_cpu"]["mätt"] == 1.5  # 6.0 / 4.0
    assert goals["report_peak_mb"]["mätt"] == 200.0
    print_table(rows, goals, None)
    shown = capsys.readouterr().out
    assert "report_per_floor             mål ≤ 2.5    mätt 2.50  uppfyllt  (varv för varv: 2.50, 2.20, 3.00)" in shown
    assert "validate_cpu_per_floor_cpu   mål ≤ 1.5    mätt 1.50  uppfyllt  (varv för varv: 1.50, 1.40, 1.60)" in shown
