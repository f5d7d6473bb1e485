"""`styr kolada hämta` and `styr kolada sök`: outcomes from Kolada, written through the same editor as `styr
import` (all rows checked first, only outcome lines change, closed periods guarded, --ersätt to replace), and
a search for the KPI to name in a goal file."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from styr.app.authoring.imported import Imported
from styr.app.authoring.importing import Entry, record
from styr.app.authoring.outcomes import outside_note
from styr.app.authoring.workspace import AuthoringError, open_workspace, read_input
from styr.app.errors import AppError
from styr.app.workspace import parse_today
from styr.edit.text import printable
from styr.edit.values import ValueProblem, outcome_value, outside, with_references
from styr.exchange import kolada
from styr.exchange.kolada import LIKNANDE, MUNICIPALITY, NATIONAL, RIKET, Source
from styr.exchange.kolada_client import KPIS_PER_REQUEST, Client, KoladaError
from styr.frozen import frozen
from styr.model.repository import Repository
from styr.render.site.progress import Progress, Silent

COMPARISONS = (RIKET, LIKNANDE)
MAX_YEARS = 25  # Kolada refuses longer year lists
_YEARS = re.compile(r"\s*([0-9]{4})\s*(?:-\s*([0-9]{4})\s*)?")


@dataclass
class Fetched:
    """What `styr kolada hämta` did (or, with problems or --dry-run, would have done)."""

    imported: Imported
    years: tuple[int, ...]
    indicators: int
    notes: list[str] = field(default_factory=list)


def years_arg(texts: Sequence[str], this_year: int) -> tuple[int, ...]:
    """`--år 2025`, `--år 2023-2025` or `--år 2024,2025` (repeatable); without it, last year: Kolada publishes
    a year's values during the year after."""
    if not texts:
        return (this_year - 1,)
    years: set[int] = set()
    for text in texts:
        for part in text.split(","):
            found = _YEARS.fullmatch(part)
            if not found:
                raise AuthoringError(f"ogiltigt år '{part.strip()}': skriv t.ex. --år 2025 eller --år 2023-2025.")
            first, last = int(found.group(1)), int(found.group(2) or found.group(1))
            if last < first or last - first >= MAX_YEARS:
                raise AuthoringError(f"ogiltigt intervall '{part.strip()}': högst {MAX_YEARS} år, det första först.")
            years.update(range(first, last + 1))
    if len(years) > MAX_YEARS:
        raise AuthoringError(f"högst {MAX_YEARS} år åt gången.")
    return tuple(sorted(years))


def _references(repo: Repository, comparisons: Sequence[str]) -> dict[str, Source]:
    refs: dict[str, Source] = {}
    for name in comparisons:
        wanted = name.strip().casefold()
        if wanted not in COMPARISONS:
            raise AuthoringError(f"okänd jämförelse '{name}': välj riket eller liknande.")
        if wanted == RIKET:
            refs[RIKET] = Source(MUNICIPALITY, NATIONAL)
            continue
        group = repo.config.kolada_group if repo.config is not None else None
        if not group:
            raise AuthoringError("--jämförelse liknande behöver en grupp av liknande kommuner: skriv "
                                 "kolada: {kommun: \"1234\", jämförelsegrupp: G124026} i styrmodell.yaml.")
        refs[LIKNANDE] = Source(MUNICIPALITY, group)
    return refs


@frozen(slots=False)
class FetchRequest:
    """`styr kolada hämta`'s options as the user gave them."""

    path: Path
    years: Sequence[str] = ()
    comparisons: Sequence[str] = ()
    saved: str | None = None
    """`--fil`: saved answers from Kolada to read instead of asking it."""
    replace: bool = False
    force: bool = False
    dry_run: bool = False
    today: str | None = None


def fetch_outcomes(request: FetchRequest, progress: Progress | None = None,
                   client: Callable[[], Client] = Client.from_environment) -> Fetched:
    """Fetch (or read from `--fil`) the outcomes of every indicator that names a KPI for the years asked for
    and record them. Raises AuthoringError: a usage error, or Kolada unreachable or answering an error."""
    path, replace, force, dry_run = request.path, request.replace, request.force, request.dry_run
    try:
        this_year = parse_today(request.today).year
    except AppError as exc:
        raise AuthoringError(str(exc)) from None
    years, comparisons, saved = request.years, request.comparisons, request.saved
    wanted_years = years_arg(years, this_year)
    space = open_workspace(path)
    repo = space.repo
    references = _references(repo, comparisons)
    plan = kolada.plan(repo, repo.config.kolada_id if repo.config is not None else None)
    result = Fetched(Imported("Kolada", "UTF-8", numbered=False), wanted_years, len(plan.wanted), list(plan.skipped))
    if not plan.wanted:
        result.notes.append("Ingen indikator anger ett nyckeltal i Kolada (kolada: N12345 i målfilen).")
        return result
    try:
        values = _values(plan, references, wanted_years, saved, progress or Silent(), client)
    except KoladaError as exc:
        raise AuthoringError(str(exc)) from None
    found, notes = kolada.results(plan, values, wanted_years, references)
    result.notes.extend(notes)
    entries = _entries(found, force, result)
    record(space, entries, result.imported, replace=replace, force=force,
           dry_run=dry_run)
    return result


def _values(plan: kolada.Plan, references: dict[str, Source], years: tuple[int, ...], saved: str | None,
            progress: Progress, client: Callable[[], Client]) -> kolada.Values:
    if saved is not None:
        return kolada.read_saved(read_input(saved, kolada.MAX_FILE), printable(saved))
    requests = plan.requests(list(references.values()))
    progress.start(kolada.batches(requests, KPIS_PER_REQUEST))
    return kolada.fetch(client(), requests, years, progress.advance)


def _entries(found: list[kolada.Found], force: bool, result: Fetched) -> list[Entry]:
    entries: list[Entry] = []
    for number, item in enumerate(found, start=1):
        w = item.wanted
        if outside(w.goal, item.period) and not force:
            result.notes.append(f"{w.label}: {outside_note(w.goal, item.period)}")
            continue
        try:
            value = outcome_value(repr(item.value), w.indicator, w.label)
        except ValueProblem as exc:
            result.notes.append(f"{w.label}: {w.kpi} {item.period.text}: {exc}")
            continue
        entries.append(Entry(number, w.goal, w.indicator, item.period, with_references(value, item.references),
                             refines=bool(item.references)))
    return entries


@frozen(slots=False)
class Kpi:
    """A KPI in Kolada: its id, title and whether its values are split by gender."""

    id: str
    title: str
    by_gender: bool


def search(text: str, client: Callable[[], Client] = Client.from_environment) -> list[Kpi]:
    """The KPIs whose title contains `text`, by id. Raises AuthoringError."""
    if not text.strip():
        raise AuthoringError("ange en text att söka efter, t.ex. styr kolada sök \"trygga\".")
    try:
        found = client().search(text.strip())
    except KoladaError as exc:
        raise AuthoringError(str(exc)) from None
    kpis = [Kpi(str(k.get("id", "")), str(k.get("title", "")).strip(),
                k.get("is_divided_by_gender") in (True, 1, "1", "true"))
            for k in found if k.get("id")]
    return sorted(kpis, key=lambda k: k.id)
