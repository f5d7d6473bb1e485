"""`styr status --format json`: the goal fulfilment of one period as a stable JSON document.

Contract (fields may be added, never renamed or removed; schema: `styr schema utdata status`):
{"formatversion": 2, "period": "2026-H1", "skala": {"grön": {"ord", "beskrivning", "symbol"}, …},
 "mål": [{"id", "enhet", "nivå", "perspektiv", "indikatorfärg", "färg", "bedömd": bool, "mätta": n,
 "ej_aktuella": n, "indikatorer_totalt": n, "grund": "indikatorer" | "bidragande",
 "indikatorer": [{"id", "målvärde", "utfall", "färg", "skäl", "målvärdesfärg", "trend", "vägs_in", …}],
 "bidragande": {"grön": n, "gul": n, "röd": n, "svart": n, "ej_aktuell": n, "ej_påbörjat": n}}]}

`färg` is one of grön, gul, röd, svart, or a state: ej_aktuell (nothing was due in the period; `utfall` and
`utfallsperiod` are then the latest outcome) or ej_påbörjat (the goal starts after the period). `skala` gives the
words the kommun shows for each (styrmodell.yaml: skala).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from datetime import date
from typing import Any

from styr.fulfilment.results import GoalResult, IndicatorResult
from styr.model.periods import Period
from styr.model.repository import Repository
from styr.model.types import OutcomeValue, TargetValue
from styr.model.vocab import COLOURS, Colour
from styr.render.json import FORMAT_VERSION
from styr.render.views import StatusView, Terminal
from styr.wording.periods import period_name
from styr.wording.scale import scale_for

__all__ = ["goal_json", "render_status_json", "status_document", "status_json"]


def _number(v: float) -> float | int | None:
    if math.isinf(v) or math.isnan(v):
        return None  # an open interval bound: JSON has no infinity
    return int(v) if float(v).is_integer() else v


def _value(v: TargetValue | OutcomeValue | None) -> Any:
    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, tuple):
        return {"min": _number(v[0]), "max": _number(v[1])}
    return _number(v)


def _colour(c: Colour | None) -> str | None:
    return c.value if c is not None else None


def _indicator(r: IndicatorResult) -> dict[str, Any]:
    ind = r.indicator
    return {
        "id": ind.id,
        "namn": ind.name,
        "riktning": ind.direction,
        "enhet": ind.measure,
        "vikt": _number(ind.weight),
        "målvärde": _value(r.target),
        "målvärdesperiod": r.target_period,
        "utfall": _value(r.outcome),
        "utfallsperiod": r.outcome_period,
        "kvot": r.ratio,
        "färg": r.colour.value,
        "skäl": r.reason,
        "målvärdesfärg": _colour(r.target_colour),
        "målvärdesgrund": r.target_basis or None,
        "trend": r.trend.value if r.trend is not None else None,
        "trendskäl": r.trend_reason or None,
        "vägs_in": r.weighs_in.value,
        "preliminärt": r.preliminary,
        "avser": r.about,
        "referens": {k: _number(v) for k, v in r.references} or None,
    }


def goal_json(repo: Repository, r: GoalResult, explain: bool = False) -> dict[str, Any]:
    """One goal's entry of the `mål` list."""
    g = r.goal
    unit = repo.unit_of(g)
    level = repo.level_of(unit) if unit is not None else None
    a = r.assessment
    out: dict[str, Any] = {
        "id": g.id,
        "titel": g.title,
        "enhet": unit.id if unit is not None else None,
        "enhetsnamn": unit.name if unit is not None else None,
        "nivå": level.id if level is not None else (unit.level if unit is not None else None),
        "perspektiv": g.perspective,
        "bidrar_till": list(g.contributes_to),
        "period": r.period,
        "indikatorfärg": r.indicator_colour.value,
        "poäng": r.score,
        "färg": r.colour.value,
        "bedömd": r.assessed,
        "bedömning": None if a is None else {
            "period": a.period,
            "färg": a.colour,
            "analys": a.analysis,
            "prognos": a.forecast,
            "motivering": a.motivation,
        },
        "prognos": _colour(r.forecast),
        "mätta": r.measured,
        "ej_aktuella": r.not_due,
        "indikatorer_totalt": r.total,
        "grund": r.basis or "indikatorer",
        "indikatorer": [_indicator(i) for i in r.indicators],
        "bidragande": {c.value: r.contributors.get(c, 0) for c in COLOURS},
        "fil": g.path,
    }
    if explain:
        out["förklaring"] = list(r.explanation)
    return out


def status_document(repo: Repository, results: Sequence[GoalResult], period: Period, today: date | None = None,
                    unit: str | None = None, explain: bool = False) -> dict[str, Any]:
    """The whole document; `results` in the order they should be listed."""
    totals = {c.value: 0 for c in COLOURS}
    for r in results:
        totals[r.colour.value] += 1
    doc: dict[str, Any] = {"formatversion": FORMAT_VERSION, "period": period.text, "periodnamn": period_name(period)}
    scale = scale_for(repo.config)
    doc["skala"] = {c.value: {"ord": scale.word(c), "beskrivning": scale.label(c), "symbol": scale.symbol(c)}
                    for c in COLOURS}
    if today is not None:
        doc["datum"] = today.isoformat()
    if repo.config is not None:
        doc["kommun"] = repo.config.municipality
        doc["färgmodell"] = repo.config.colour.model
    if unit is not None:
        doc["enhet"] = unit
    doc["fördelning"] = totals
    doc["mål"] = [goal_json(repo, r, explain) for r in results]
    return doc


def render_status_json(repo: Repository, results: Sequence[GoalResult], period: Period, today: date | None = None,
                       unit: str | None = None, explain: bool = False) -> str:
    """The document as UTF-8 JSON text (å, ä, ö as they are): the header fields indented, then one goal a line.

    One goal a line keeps the output readable and diffable line by line, and lets the C encoder do the work:
    Python's indenting encoder is pure Python and three times slower on a repository of thousands of goals."""
    doc = status_document(repo, results, period, today, unit, explain)
    goals = doc.pop("mål")
    head = json.dumps(doc, ensure_ascii=False, indent=2)
    if not goals:
        return head[:-2] + ',\n  "mål": []\n}'
    lines = ",\n".join("    " + json.dumps(g, ensure_ascii=False) for g in goals)
    return f'{head[:-2]},\n  "mål": [\n{lines}\n  ]\n}}'


def status_json(view: StatusView, terminal: Terminal) -> str:
    """`styr status --format json`: the goals in scope, or with `--explain` the one goal with its explanation."""
    del terminal  # JSON is the same on every terminal
    unit = view.unit.id if view.unit is not None else None
    if view.explained is not None:
        return render_status_json(view.repo, [view.explained], view.period, view.today, unit, explain=True) + "\n"
    results = [view.results[g.id] for g in view.goals]
    return render_status_json(view.repo, results, view.period, view.today, unit) + "\n"
