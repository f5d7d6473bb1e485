"""The goal repository as open data: one table per entity (units, goals, the goal chain, indicators, targets,
outcomes, assessments, goal and indicator colours per period) with stable ids, as the Swedish open-data
recommendations ask: UTF-8, a header row, ISO dates, a README that describes every column. CSV, JSON (with a
JSON Schema and a format version) or xlsx. The tables are plain rows; `opendata_files` turns them into files.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from styr.frozen import frozen
from styr.fulfilment.results import GoalResult
from styr.model.periods import Period, PeriodError, PeriodKind, parse_period
from styr.model.repository import Repository
from styr.model.types import Goal, Indicator, TargetValue
from styr.model.vocab import COLOURS

FORMAT = "styr öppna data"
FORMAT_VERSION = "1.0"
TEXT, NUMBER, DATE, INTEGER, YES_NO, COLOUR = "text", "tal", "datum", "heltal", "ja/nej", "färg"
Cell = str | float | int | bool | None


@frozen(slots=False)
class Column:
    name: str
    kind: str
    description: str
    required: bool = False


@frozen(slots=False)
class Entity:
    """One table: its file name (without extension), title, description and columns; the first column(s)
    marked required identify a row."""

    name: str
    title: str
    description: str
    columns: tuple[Column, ...]


def _c(name: str, kind: str, description: str, required: bool = False) -> Column:
    return Column(name, kind, description, required)


_PERIOD = (_c("period", TEXT, "Perioden: 2026 (helår), 2026-H1 (halvår), 2026-Q3 (kvartal), 2025/26 (läsår) osv.",
              True),
           _c("period_start", DATE, "Periodens första dag, ÅÅÅÅ-MM-DD."),
           _c("period_slut", DATE, "Periodens sista dag, ÅÅÅÅ-MM-DD."))
_IND = _c("indikator_id", TEXT, "Indikatorns id: målets id och indikatorns, t.ex. BUN-M2/I1.", True)
_GOAL = _c("mal_id", TEXT, "Målets id, t.ex. BUN-M2.", True)

ENTITIES: tuple[Entity, ...] = (
    Entity("enheter", "Enheter", "Organisationens enheter: kommunen, nämnderna, verksamheterna och enheterna.", (
        _c("enhet_id", TEXT, "Enhetens id, t.ex. BUN.", True), _c("namn", TEXT, "Enhetens namn."),
        _c("niva", TEXT, "Nivån i organisationen, t.ex. nämnd."),
        _c("overordnad_enhet_id", TEXT, "Id för enheten närmast över; tom för kommunen."),
        _c("verksamhetsar", TEXT, "kalenderår eller läsår.")),
    ),
    Entity("mal", "Mål", "Enheternas mål med perspektiv, tid och beslut.", (
        _GOAL, _c("enhet_id", TEXT, "Enheten som har målet."), _c("titel", TEXT, "Målet i en mening."),
        _c("beskrivning", TEXT, "Vad målet innebär och hur det mäts."), _c("perspektiv", TEXT, "Perspektivet."),
        _c("ansvarig", TEXT, "Ansvarig roll (tom om kommunen inte publicerar den)."),
        _c("start", DATE, "Dagen då målet börjar gälla."), _c("slut", DATE, "Dagen då målet ska vara nått."),
        _c("beslut_organ", TEXT, "Organet som antog målet."), _c("beslut_datum", DATE, "Dagen för beslutet."),
        _c("beslut_paragraf", TEXT, "Paragrafen i protokollet.")),
    ),
    Entity("malkedja", "Målkedjan", "Vilka mål (eller målområden i visionen) varje mål bidrar till.", (
        _GOAL, _c("bidrar_till_id", TEXT, "Id för målet en nivå upp, eller för ett målområde i visionen.", True)),
    ),
    Entity("indikatorer", "Indikatorer", "Indikatorerna som mäter målen.", (
        _IND, _c("mal_id", TEXT, "Målet som indikatorn mäter."), _c("namn", TEXT, "Vad indikatorn mäter."),
        _c("matenhet", TEXT, "Måttenhet: procent, antal, kronor …"),
        _c("riktning", TEXT, "öka, minska, intervall eller uppnått."),
        _c("vikt", NUMBER, "Vikten när målets färg räknas fram."),
        _c("matfrekvens", TEXT, "Hur ofta indikatorn mäts, t.ex. helår eller kvartal."),
        _c("kolada_id", TEXT, "Nyckeltalet i Kolada som ger utfallen, om något."),
        _c("baslinje_period", TEXT, "Perioden för utgångsläget."), _c("baslinje_varde", NUMBER, "Utgångsläget.")),
    ),
    Entity("malvarden", "Målvärden", "Indikatorernas målvärden per period.", (
        _IND, *_PERIOD, _c("varde", NUMBER, "Målvärdet (tomt för intervall och ja/nej)."),
        _c("min", NUMBER, "Intervallets undre gräns."), _c("max", NUMBER, "Intervallets övre gräns."),
        _c("uppnatt", YES_NO, "För indikatorer som mäter om något är uppnått: ja.")),
    ),
    Entity("utfall", "Utfall", "Indikatorernas uppmätta utfall per period.", (
        _IND, *_PERIOD, _c("varde", NUMBER, "Utfallet (tomt för ja/nej)."),
        _c("uppnatt", YES_NO, "För indikatorer som mäter om något är uppnått: ja eller nej.")),
    ),
    Entity("bedomningar", "Bedömningar", "Chefernas bedömning av målen per period, med analys och prognos.", (
        _GOAL, *_PERIOD, _c("farg", COLOUR, "Bedömd måluppfyllelse: grön, gul, röd eller svart."),
        _c("prognos", COLOUR, "Prognos för helåret."), _c("analys", TEXT, "Analysen (Markdown)."),
        _c("motivering", TEXT, "Motivering när bedömningen avviker från indikatorerna.")),
    ),
    Entity("maluppfyllelse", "Måluppfyllelse", "Målens färg per rapportperiod, som styr räknar fram den.", (
        _GOAL, *_PERIOD, _c("farg", COLOUR, "Total måluppfyllelse: bedömningen om den finns, annars indikatorfärgen "
                               "(grön, gul, röd, svart, ej_aktuell: ingen mätning planerad i perioden, ej_påbörjat)."),
        _c("indikatorfarg", COLOUR, "Färgen från indikatorerna, vägda."),
        _c("bedomd", YES_NO, "ja när färgen är chefens bedömning."),
        _c("poang", NUMBER, "Indikatorernas vägda poäng, 0–1."),
        _c("matta_indikatorer", INTEGER, "Antal indikatorer med utfall i perioden."),
        _c("indikatorer", INTEGER, "Antal indikatorer.")),
    ),
    Entity("indikatorfarger", "Indikatorernas färger", "Varje indikators färg per rapportperiod och varför.", (
        _IND, *_PERIOD, _c("farg", COLOUR, "grön, gul, röd, svart eller ej_aktuell (ingen mätning planerad i "
                           "perioden)."),
        _c("utfall_period", TEXT, "Perioden för utfallet som räknades."),
        _c("malvarde_period", TEXT, "Perioden för målvärdet som gällde."),
        _c("skal", TEXT, "Varför indikatorn fick sin färg.")),
    ),
)
BY_NAME = {e.name: e for e in ENTITIES}


# -- rows -------------------------------------------------------------------------------------------------------

Row = dict[str, Cell]


@lru_cache(maxsize=4096)  # a repository has a few dozen distinct period keys, used hundreds of thousands of times
def _period(key: str) -> Period | None:
    try:
        return parse_period(key)
    except PeriodError:
        return None


@lru_cache(maxsize=4096)
def _cells_of(key: str) -> tuple[str, str | None, str | None]:
    p = _period(key)
    return (p.text, p.start.isoformat(), p.end.isoformat()) if p else (key, None, None)


def _period_cells(key: str) -> Row:
    text, start, end = _cells_of(key)
    return {"period": text, "period_start": start, "period_slut": end}


_EXACT = 2**53  # integers up to here are exact as floats: written without a decimal part


def _number(value: float | None) -> Cell:
    # The common cases first (a cell each, hundreds of thousands): NaN and the infinities fail the range test.
    if isinstance(value, float) and -_EXACT < value < _EXACT:
        return int(value) if value.is_integer() else value
    if isinstance(value, int) and -_EXACT < value < _EXACT:
        return int(value)
    if value is None or value != value or value in (float("inf"), float("-inf")):
        return None
    return int(value) if float(value).is_integer() and abs(value) < _EXACT else value


def _yes_no(flag: bool | None) -> Cell:
    return None if flag is None else ("ja" if flag else "nej")


def _target_cells(value: TargetValue) -> tuple[Cell, Cell, Cell, Cell]:
    """varde, min, max, uppnatt."""
    if isinstance(value, bool):
        return None, None, None, _yes_no(value)
    if isinstance(value, tuple):
        return None, _number(value[0]), _number(value[1]), None
    return _number(value), None, None, None


ColourRows = tuple[list[Row], list[Row]]
"""The rows of `maluppfyllelse` and `indikatorfarger` for one period."""


@frozen(slots=False)
class Selection:
    """What to publish: the goals, the period every dated row must lie in (None: all), whether to name the
    responsible, and the colour rows by reporting period (`colour_rows`)."""

    goals: Sequence[Goal]
    within: Period | None
    show_responsible: bool
    colours: Sequence[ColourRows]


def _within(within: Period | None, key: str) -> bool:
    if within is None:
        return True
    p = _period(key)
    return p is not None and within.start <= p.start and p.end <= within.end


def tables(repo: Repository, selection: Selection) -> dict[str, list[Row]]:
    """Every entity's rows, in a stable order (the repository's order of units and goals, periods in order)."""
    out = entity_rows(repo, selection)
    add_colours(out, selection.colours)
    return out


def add_colours(out: dict[str, list[Row]], colours: Iterable[ColourRows]) -> None:
    """The colour rows of each period, in order, after the entities' rows (`entity_rows`)."""
    for goal_colours, indicator_colours in colours:
        out["maluppfyllelse"].extend(goal_colours)
        out["indikatorfarger"].extend(indicator_colours)


def entity_rows(repo: Repository, selection: Selection) -> dict[str, list[Row]]:
    """`tables` without the colours: units, goals, the chain, indicators, targets, outcomes and assessments."""
    out: dict[str, list[Row]] = {e.name: [] for e in ENTITIES}
    out["enheter"] = unit_rows(repo, selection.goals)
    for goal in selection.goals:
        goal_rows(repo, goal, selection, out)
    return out


GOAL_TABLES = tuple(e for e in ENTITIES if e.name in ("mal", "malkedja", "indikatorer", "malvarden", "utfall",
                                                      "bedomningar"))
"""The tables whose rows each come from one goal (`goal_rows`), in the order of ENTITIES."""


def unit_rows(repo: Repository, goals: Sequence[Goal]) -> list[Row]:
    """The rows of `enheter`: the units of `goals` (every unit when none has goals), in the repository's order."""
    folders = {g.unit_folder for g in goals}
    units = [u for u in repo.walk() if u.folder in folders] or repo.walk()
    rows: list[Row] = []
    for u in units:
        parent = repo.parent(u)
        rows.append({"enhet_id": u.id, "namn": u.name, "niva": u.level,
                     "overordnad_enhet_id": parent.id if parent else None, "verksamhetsar": u.year_kind})
    return rows


def colour_rows(goals: Sequence[Goal], period: str, results: Mapping[str, GoalResult]) -> ColourRows:
    """The goals' and indicators' colours in one period, as rows (plain data: cheap to send between processes)."""
    out: dict[str, list[Row]] = {"maluppfyllelse": [], "indikatorfarger": []}
    for goal in goals:
        result = results.get(goal.id)
        if result is not None and result.goal is goal:
            _result_rows(goal, period, result, out)
    return out["maluppfyllelse"], out["indikatorfarger"]


def goal_rows(repo: Repository, goal: Goal, selection: Selection, out: dict[str, list[Row]]) -> None:
    """Append one goal's rows to the GOAL_TABLES of `out`: its goal row, chain, indicators, targets, outcomes and
    assessments (within `selection.within`)."""
    unit = repo.unit_of(goal)
    d = goal.decision
    out["mal"].append({
        "mal_id": goal.id, "enhet_id": unit.id if unit else None, "titel": goal.title,
        "beskrivning": goal.description or None, "perspektiv": goal.perspective or None,
        "ansvarig": (goal.responsible or None) if selection.show_responsible else None,
        "start": goal.start.isoformat() if goal.start else None, "slut": goal.end.isoformat() if goal.end else None,
        "beslut_organ": d.organ if d else None, "beslut_datum": d.date.isoformat() if d and d.date else None,
        "beslut_paragraf": (d.paragraph or None) if d else None})
    out["malkedja"].extend({"mal_id": goal.id, "bidrar_till_id": link} for link in goal.contributes_to if link)
    for ind in goal.indicators:
        _indicator_rows(goal, ind, selection, out)
    if goal.assessments:
        for key, text, start, end in _dated(tuple(goal.assessments), selection.within):
            a = goal.assessments[key]
            out["bedomningar"].append({"mal_id": goal.id, "period": text, "period_start": start, "period_slut": end,
                                       "farg": a.colour, "prognos": a.forecast, "analys": a.analysis or None,
                                       "motivering": a.motivation or None})


def _indicator_rows(goal: Goal, ind: Indicator, selection: Selection, out: dict[str, list[Row]]) -> None:
    ref = f"{goal.id}/{ind.id}"
    base = ind.baseline_value
    out["indikatorer"].append({
        "indikator_id": ref, "mal_id": goal.id, "namn": ind.name, "matenhet": ind.measure,
        "riktning": ind.direction, "vikt": _number(ind.weight), "matfrekvens": ind.frequency,
        "kolada_id": ind.kolada, "baslinje_period": ind.baseline_period,
        "baslinje_varde": _number(base) if isinstance(base, int | float) and not isinstance(base, bool) else None})
    targets, outcomes, within = ind.targets, ind.outcomes, selection.within
    if targets:
        rows = out["malvarden"]
        for key, text, start, end in _dated(tuple(targets), within):
            value, low, high, achieved = _target_cells(targets[key])
            rows.append({"indikator_id": ref, "period": text, "period_start": start, "period_slut": end,
                         "varde": value, "min": low, "max": high, "uppnatt": achieved})
    if outcomes:
        rows = out["utfall"]
        for key, text, start, end in _dated(tuple(outcomes), within):
            value = outcomes[key]
            if type(value) is bool:
                rows.append({"indikator_id": ref, "period": text, "period_start": start, "period_slut": end,
                             "varde": None, "uppnatt": _yes_no(value)})
            else:
                rows.append({"indikator_id": ref, "period": text, "period_start": start, "period_slut": end,
                             "varde": _number(value), "uppnatt": None})


def _result_rows(goal: Goal, period: str, result: GoalResult, out: dict[str, list[Row]]) -> None:
    cells = _period_cells(period)
    out["maluppfyllelse"].append({
        "mal_id": goal.id, **cells, "farg": result.colour.value, "indikatorfarg": result.indicator_colour.value,
        "bedomd": _yes_no(result.assessed), "poang": None if result.score is None else round(result.score, 4),
        "matta_indikatorer": result.measured, "indikatorer": result.total})
    for r in result.indicators:
        out["indikatorfarger"].append({
            "indikator_id": f"{goal.id}/{r.indicator.id}", **cells, "farg": r.colour.value,
            "utfall_period": r.outcome_period, "malvarde_period": r.target_period, "skal": r.reason or None})


@lru_cache(maxsize=4096)  # indicators and goals share their sets of period keys
def _dated(keys: tuple[str, ...], within: Period | None) -> tuple[tuple[str, str, str | None, str | None], ...]:
    """The keys (of `målvärde`, `utfall` or `bedömning`) that lie within the period (all without one), in period
    order (text keys that are not periods last, as written), each with its period cells: text, start, end."""
    kept = (k for k in keys if _within(within, k))
    return tuple((k, *_cells_of(k)) for k in sorted(kept, key=_order))


@lru_cache(maxsize=4096)
def _order(key: str) -> tuple[int, int, int, str]:
    p = _period(key)
    return (0, p.start.toordinal(), -p.days, "") if p is not None else (1, 0, 0, key)


def reporting_periods(goals: Iterable[Goal]) -> list[Period]:
    """The calendar reporting periods (bokslut and delår: helår and H1) that have an outcome or an assessment,
    of their own or of a läsår unit's läsår or HT (shown in the bokslut and delår they end in): the periods
    whose colours are published."""
    found: set[Period] = set()
    for goal in goals:
        keys = [*goal.assessments, *(k for ind in goal.indicators for k in ind.outcomes)]
        for p in (_period(k) for k in keys):
            if p is not None and p.is_reporting:
                found.add(_calendar(p))
    return sorted(found)


def _calendar(p: Period) -> Period:
    if not p.kind.is_lasar_based:
        return p
    if p.is_bokslut:
        return Period(PeriodKind.HELAR, p.year)
    return Period(PeriodKind.HALVAR, p.year + 1, 1)  # HT 2025 is shown in the delår 2026-H1


def colour_words() -> list[str]:
    return [c.value for c in COLOURS]
