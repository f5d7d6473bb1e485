"""Outcomes from Kolada: which indicators name a KPI and for which place, Kolada's answers (fetched, or saved in
a file) as values, and for each indicator and year the outcome to write, its reference values, or why not.

Kolada's data entries are `{"kpi", "municipality" | "ou", "period", "values": [{"gender", "value", "count",
"status"}]}`; a missing measurement has `"value": null` or no entry at all, and is never written as zero.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from styr.exchange.kolada_client import Client, KoladaError
from styr.frozen import frozen
from styr.model.periods import Period, PeriodKind
from styr.model.repository import Repository
from styr.model.types import Goal, Indicator, Unit
from styr.model.vocab import Gender, YearKind

MUNICIPALITY, OU = "municipality", "ou"
NATIONAL = "0000"  # Kolada's id for the whole country (riket)
RIKET, LIKNANDE = "riket", "liknande"
MAX_FILE = 64 * 2**20


@frozen
class Source:
    """Where an indicator's values are in Kolada: a municipality or an organisational unit."""

    kind: str
    place: str


@frozen
class Wanted:
    """An indicator whose outcomes come from a Kolada KPI."""

    goal: Goal
    indicator: Indicator
    unit: Unit | None
    kpi: str
    gender: str
    source: Source

    @property
    def label(self) -> str:
        return f"{self.goal.id}/{self.indicator.id}"


@dataclass
class Plan:
    """What to ask Kolada for, and the indicators that name a KPI but cannot be fetched (with why)."""

    wanted: list[Wanted] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def requests(self, references: Sequence[Source]) -> dict[Source, list[str]]:
        """Source → its KPIs (sorted, unique): the indicators' own places and every reference place."""
        out: dict[Source, set[str]] = {}
        for w in self.wanted:
            out.setdefault(w.source, set()).add(w.kpi)
            for ref in references:
                out.setdefault(ref, set()).add(w.kpi)
        return {s: sorted(k) for s, k in sorted(out.items(), key=lambda sk: (sk[0].kind, sk[0].place))}


def plan(repo: Repository, municipality: str | None) -> Plan:
    """Every indicator that names a KPI: fetched for its unit's `ou` when the unit names one, else for the
    kommun (`kolada: {kommun}` in styrmodell.yaml)."""
    result = Plan()
    for goal in repo.goals:
        unit = repo.unit_of(goal)
        for indicator in goal.indicators:
            if not indicator.kolada or not indicator.id:
                continue
            label = f"{goal.id}/{indicator.id}"
            gender = Gender.get(indicator.gender)
            source = Source(OU, unit.ou) if unit is not None and unit.ou else \
                Source(MUNICIPALITY, municipality) if municipality else None
            if gender is None:
                result.skipped.append(f"{label}: kön '{indicator.gender}' finns inte i Kolada (T, K eller M).")
            elif source is None:
                result.skipped.append(f"{label}: kommunens id i Kolada saknas; skriv kolada: {{kommun: \"1234\"}} "
                                      "i styrmodell.yaml.")
            else:
                result.wanted.append(Wanted(goal, indicator, unit, indicator.kolada, gender.value, source))
    return result


# -- Kolada's answers ----------------------------------------------------------------------------------------

Key = tuple[str, str, str, int, str]
"""(kind, place, kpi, year, gender)."""


@dataclass
class Values:
    """Kolada's values by (kind, place, kpi, year, gender); None where Kolada has the entry but no value."""

    found: dict[Key, float | None] = field(default_factory=dict)

    def add(self, entries: Iterable[Any]) -> None:
        for entry in entries:
            if isinstance(entry, dict):
                self._entry(entry)

    def _entry(self, entry: dict[str, Any]) -> None:
        kind = OU if "ou" in entry else MUNICIPALITY
        place, kpi, year = entry.get(kind), entry.get("kpi"), _year(entry.get("period"))
        if not isinstance(place, str | int) or not isinstance(kpi, str) or year is None:
            return
        for value in entry.get("values") or ():
            if isinstance(value, dict) and isinstance(value.get("gender"), str):
                number = value.get("value")
                # null (and NaN) is a measurement Kolada does not have: never a zero
                ok = isinstance(number, int | float) and not isinstance(number, bool) and number == number
                self.found[(kind, str(place), kpi, year, value["gender"])] = float(number) if ok else None  # type: ignore[arg-type]

    def value(self, source: Source, kpi: str, year: int, gender: str) -> float | None:
        return self.found.get((source.kind, source.place, kpi, year, gender))


def _year(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def fetch(client: Client, requests: dict[Source, list[str]], years: Sequence[int],
          tick: Callable[[], None] | None = None) -> Values:
    """Ask Kolada for every source's KPIs and years. Raises KoladaError."""
    values = Values()
    for source, kpis in requests.items():
        values.add(client.data(source.kind, kpis, source.place, years, tick))
    return values


def batches(requests: dict[Source, list[str]], per_request: int) -> int:
    """How many requests `fetch` makes before paging: for a progress bar."""
    return sum(-(-len(kpis) // per_request) for kpis in requests.values())


def read_saved(data: bytes, name: str) -> Values:
    """Saved answers (`--fil`): one response `{"values": [...]}`, or a list of responses (one per page)."""
    if len(data) > MAX_FILE:
        raise KoladaError(f"{name} är större än {MAX_FILE // 2**20} MiB: är det rätt fil?")
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise KoladaError(f"{name} är inte JSON. Spara Koladas svar som de är, t.ex. med curl -o {name}.") from None
    pages = doc if isinstance(doc, list) else [doc]
    values = Values()
    for page in pages:
        if not isinstance(page, dict) or not isinstance(page.get("values"), list):
            raise KoladaError(f"{name} ser inte ut som ett svar från Kolada: ett objekt med listan 'values' "
                              "(eller en lista av sådana) väntades.")
        values.add(page["values"])
    return values


# -- what to write -------------------------------------------------------------------------------------------


@frozen
class Found:
    """One indicator's outcome for one year from Kolada, and its reference values (riket, liknande)."""

    wanted: Wanted
    period: Period
    value: float
    references: dict[str, float]


def outcome_period(wanted: Wanted, year: int) -> Period | None:
    """The period a Kolada year is written as: the year itself; for an indicator measured per läsår, the
    läsår that ends in it (Kolada dates school results by their spring). None for an indicator measured more
    often than yearly: Kolada has one value a year."""
    frequency = wanted.indicator.frequency or (
        PeriodKind.LASAR if wanted.unit is not None and wanted.unit.year_kind == YearKind.LASAR else PeriodKind.HELAR)
    if frequency == PeriodKind.HELAR:
        return Period(PeriodKind.HELAR, year)
    if frequency == PeriodKind.LASAR:
        return Period(PeriodKind.LASAR, year)
    return None


def results(plan_: Plan, values: Values, years: Sequence[int],
            references: dict[str, Source]) -> tuple[list[Found], list[str]]:
    """For each wanted indicator and year: the outcome with its references, or a note saying why not."""
    found: list[Found] = []
    notes: list[str] = []
    for wanted in plan_.wanted:
        for year in years:
            period = outcome_period(wanted, year)
            if period is None:
                notes.append(f"{wanted.label}: mäts per {wanted.indicator.frequency}, men Kolada har ett värde per "
                             f"år; {wanted.kpi} hämtades inte.")
                break
            value = values.value(wanted.source, wanted.kpi, year, wanted.gender)
            if value is None:
                notes.append(f"{wanted.label}: {wanted.kpi} har inget värde för {year} i Kolada"
                             f"{'' if wanted.gender == 'T' else f' (kön {wanted.gender})'}; inget skrevs.")
                continue
            refs: dict[str, float] = {}
            for name, source in references.items():
                ref = values.value(source, wanted.kpi, year, wanted.gender)
                if ref is None:
                    notes.append(f"{wanted.label}: {wanted.kpi} har inget värde för {name} {year} i Kolada; "
                                 "utfallet skrivs utan det.")
                else:
                    refs[name] = ref
            found.append(Found(wanted, period, value, refs))
    return found, notes
