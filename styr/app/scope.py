"""What a command shows: the period (given, or the latest ended follow-up period) and the unit scope (a unit
and every unit below it). Every command that takes `--period` or `--unit` resolves it here, the same way."""

from __future__ import annotations

from datetime import date

from styr.app.errors import AppError, refusals
from styr.frozen import frozen
from styr.fulfilment.evaluate import default_period, units_in_scope
from styr.model import periods
from styr.model.periods import Period
from styr.model.repository import Repository
from styr.model.types import Unit
from styr.suggest import did_you_mean
from styr.wording.collation import sort_key

LISTED_UNITS = 30
"""Up to this many units, an unknown unit's message lists them all; beyond it a list would drown the hint."""


@frozen(slots=False)
class Scope:
    """The period and the units a command shows. `unit` is None for the whole repository."""

    period: Period
    unit: Unit | None
    units: tuple[Unit, ...]

    @property
    def unit_id(self) -> str | None:
        return self.unit.id if self.unit is not None else None


def choose_period(repo: Repository, text: str | None, today: date) -> Period:
    """`--period` as written (2026, 2026-H1, 2026-Q3, 2025/26 …), or the latest follow-up period that has ended."""
    if text is None:
        return default_period(repo, today)
    with refusals():
        return periods.parse_period(text)


def find_unit(repo: Repository, text: str) -> Unit:
    """The unit with id `text`, in any letter case ('bun-v' is BUN-V); else the one whose name or folder it is
    ('Barn- och utbildningsnämnden', 'kommun/bun/'); an unknown unit says what was meant."""
    wanted = text.strip()
    found = repo.unit_by_id.get(wanted)
    if found is None:
        folded = [u for uid, u in repo.unit_by_id.items() if uid.casefold() == wanted.casefold()]
        found = folded[0] if len(folded) == 1 else None
    if found is None:
        found = _by_name_or_folder(repo, wanted)
    if found is None:
        ids = sorted(repo.unit_by_id, key=sort_key)
        listed = "Enheter: " + ", ".join(ids) + "." if len(ids) <= LISTED_UNITS else "'styr status' visar enheterna."
        raise AppError(f"okänd enhet '{text}'. {did_you_mean(wanted, ids, listed)}".rstrip())
    return found


def _by_name_or_folder(repo: Repository, wanted: str) -> Unit | None:
    """The one unit named `wanted` (any letter case) or lying in the folder `wanted`. Raises AppError when two
    units have that name, naming their ids."""
    folder = wanted.replace("\\", "/").strip("/").removeprefix("./")
    by_folder = [u for u in repo.units if u.folder == folder]
    if by_folder:
        return by_folder[0]
    named = [u for u in repo.units if u.name.casefold() == wanted.casefold()]
    if len(named) > 1:
        raise AppError(f"flera enheter heter '{wanted}': {', '.join(sorted(u.id for u in named))}. Ange enhetens id.")
    return named[0] if named else None


def choose_scope(repo: Repository, period: str | None, unit: str | None, today: date) -> Scope:
    """The period and the unit scope: `unit` and the units below it, top-down; every unit without one."""
    chosen = choose_period(repo, period, today)
    found = find_unit(repo, unit) if unit is not None else None
    return Scope(chosen, found, tuple(units_in_scope(repo, found)))
