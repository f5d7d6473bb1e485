"""Periods (perioder): canonical text forms, dates, total order and the läsår mapping."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from datetime import date, timedelta
from enum import StrEnum
from typing import Final, Literal

from styr.frozen import frozen
from styr.load.period_words import period_guesses, year_in

__all__ = [
    "ACCEPTED_FORMS",
    "LASAR_START_MONTH",
    "MAX_YEAR",
    "MIN_YEAR",
    "STYR_DATUM_ENV",
    "FollowUp",
    "Period",
    "PeriodError",
    "PeriodKind",
    "calendar_year_of_lasar",
    "contains",
    "ended",
    "follow_up_periods",
    "lasar_for_calendar_period",
    "latest_ended",
    "latest_ended_reporting",
    "next_period",
    "overlaps",
    "parse_period",
    "period_of",
    "periods_of_frequency",
    "previous",
    "same_period_previous_year",
    "sort_key",
    "target_period_for",
    "today",
    "year_period",
]

#: The läsår starts on the 1st of this month (August) and ends on the last day of the month before
#: (31 July). Höstterminen (HT) is August–December, vårterminen (VT) January–July: the summer belongs to
#: VT so that the terms tile the läsår without gaps.
LASAR_START_MONTH: Final = 8

#: Every period must lie within these calendar years; anything else is almost surely a typo.
MIN_YEAR: Final = 1900
MAX_YEAR: Final = 2200

#: Environment variable that overrides today's date (YYYY-MM-DD), for reproducible reports and tests.
STYR_DATUM_ENV: Final = "STYR_DATUM"

FollowUp = Literal["kvartal", "tertial", "månad"]

ACCEPTED_FORMS: Final = (
    "2027 (helår), 2027-H1 (halvår), 2027-T1 (tertial), 2027-Q1 (kvartal), 2027-M01 (månad), "
    "2026/27 (läsår), 2026/27-HT och 2026/27-VT (termin)"
)

class PeriodError(ValueError):
    """An invalid period. The message is Swedish and names the accepted forms; `value` is the input."""

    def __init__(self, message: str, value: object = None) -> None:
        super().__init__(message)
        self.value = value


class PeriodKind(StrEnum):
    """The kind of a period. Values are the Swedish words used in `mätfrekvens` and `uppföljning`."""

    HELAR = "helår"
    HALVAR = "halvår"
    TERTIAL = "tertial"
    KVARTAL = "kvartal"
    MANAD = "månad"
    LASAR = "läsår"
    TERMIN = "termin"

    @property
    def per_year(self) -> int:
        """How many periods of this kind make up a year (helår or läsår)."""
        return _COUNT[self]

    @property
    def is_lasar_based(self) -> bool:
        """True for läsår and termin: periods of the school calendar rather than the calendar year."""
        return self in (PeriodKind.LASAR, PeriodKind.TERMIN)


_COUNT: Final = {
    PeriodKind.HELAR: 1,
    PeriodKind.HALVAR: 2,
    PeriodKind.TERTIAL: 3,
    PeriodKind.KVARTAL: 4,
    PeriodKind.MANAD: 12,
    PeriodKind.LASAR: 1,
    PeriodKind.TERMIN: 2,
}
# months per period for the calendar kinds (terms are unequal, 5 + 7 months, and handled apart)
_MONTHS_PER: Final = {
    PeriodKind.HELAR: 12,
    PeriodKind.HALVAR: 6,
    PeriodKind.TERTIAL: 4,
    PeriodKind.KVARTAL: 3,
    PeriodKind.MANAD: 1,
}
_LETTER: Final = {PeriodKind.HALVAR: "H", PeriodKind.TERTIAL: "T", PeriodKind.KVARTAL: "Q"}
_TERMS: Final = ("HT", "VT")  # number 1 and 2: HT comes first in the läsår


def _first_of_month(year: int, month: int) -> date:
    # month may run past 12 (the month after December): normalise it
    return date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


@frozen
class Period:
    """One period. `year` is the calendar year the period belongs to; for läsår and termin the calendar
    year in which the period ends: `Period(PeriodKind.LASAR, 2026)` is 2025/26, 2025/26-HT has year 2025
    and 2025/26-VT year 2026. `number` is 0 for helår and läsår, otherwise 1-based (H1=1, Q4=4, M12=12,
    HT=1, VT=2). Build from text with `parse_period`.

    Order (`<`, `sorted`): by start date, then the longer period first, so a period comes before the
    periods inside it: 2026 < 2026-H1 < 2026-T1 < 2026-Q1 < 2026-M01 < 2026-M02 < 2026-M03 < 2026-Q2 …,
    and 2025/26 < 2025/26-HT < 2025-M08. No two periods share both start and end, so the order is total
    and agrees with equality.
    """

    kind: PeriodKind
    year: int
    number: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.kind, PeriodKind):
            raise PeriodError(f"Okänt periodslag {self.kind!r}.", self.kind)
        if isinstance(self.year, bool) or not isinstance(self.year, int):
            raise PeriodError(f"Periodens år ska vara ett heltal, inte {self.year!r}.", self.year)
        # a läsår must lie wholly within MIN_YEAR..MAX_YEAR, so it ends at the earliest in MIN_YEAR + 1
        low = MIN_YEAR + 1 if self.kind.is_lasar_based else MIN_YEAR
        if not low <= self.lasar_end_year <= MAX_YEAR:
            raise PeriodError(
                f"Ogiltig period ({self.kind} {self.year}): året ska ligga mellan {MIN_YEAR} och {MAX_YEAR}.",
                self.year,
            )
        count = _COUNT[self.kind]
        valid = self.number == 0 if count == 1 else 1 <= self.number <= count
        if isinstance(self.number, bool) or not valid:
            raise PeriodError(f"Ogiltigt nummer {self.number!r} för {self.kind}.", self.number)

    # -- identity and text ---------------------------------------------------------------------------

    @property
    def text(self) -> str:
        """The canonical text form, e.g. `2026`, `2026-Q1`, `2026-M03`, `2025/26`, `2025/26-HT`."""
        k, y, n = self.kind, self.year, self.number
        if k is PeriodKind.HELAR:
            return str(y)
        if k is PeriodKind.MANAD:
            return f"{y}-M{n:02d}"
        if k is PeriodKind.LASAR:
            return f"{y - 1}/{y % 100:02d}"
        if k is PeriodKind.TERMIN:
            end_year = self.lasar_end_year
            return f"{end_year - 1}/{end_year % 100:02d}-{_TERMS[n - 1]}"
        return f"{y}-{_LETTER[k]}{n}"

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Period({self.text!r})"

    # -- dates -----------------------------------------------------------------------------------------

    @property
    def start(self) -> date:
        """First day of the period."""
        k, y, n = self.kind, self.year, self.number
        if k is PeriodKind.LASAR:
            return date(y - 1, LASAR_START_MONTH, 1)
        if k is PeriodKind.TERMIN:
            return date(y, LASAR_START_MONTH, 1) if n == 1 else date(y, 1, 1)
        if k is PeriodKind.HELAR:
            return date(y, 1, 1)
        return date(y, (n - 1) * _MONTHS_PER[k] + 1, 1)

    @property
    def end(self) -> date:
        """Last day of the period (inclusive)."""
        k, y, n = self.kind, self.year, self.number
        if k is PeriodKind.LASAR or (k is PeriodKind.TERMIN and n == 2):
            return date(y, LASAR_START_MONTH, 1) - timedelta(days=1)
        if k is PeriodKind.TERMIN:
            return date(y, 12, 31)
        if k is PeriodKind.HELAR:
            return date(y, 12, 31)
        return _first_of_month(y, n * _MONTHS_PER[k] + 1) - timedelta(days=1)

    @property
    def lasar_end_year(self) -> int:
        """The year in which the period's läsår ends (2025/26-HT → 2026); for calendar periods `year`."""
        return self.year + 1 if self.kind is PeriodKind.TERMIN and self.number == 1 else self.year

    @property
    def days(self) -> int:
        """Length in days (a leap year's helår has 366)."""
        return (self.end - self.start).days + 1

    @property
    def is_lasar_based(self) -> bool:
        """True for läsår and termin: periods of the school calendar."""
        return self.kind.is_lasar_based

    # -- reporting roles -------------------------------------------------------------------------------
    # Decision: a läsår unit's operating year is the läsår. Its bokslut-equivalent is the läsår itself, and
    # its delår-equivalent is HT, the first half of the läsår, just as H1 is the first half of the calendar
    # year. VT and H2 are not reporting periods of their own: the läsår / helår that ends with them is.

    @property
    def is_bokslut(self) -> bool:
        """Helår (bokslut) or läsår (the läsår unit's equivalent)."""
        return self.kind in (PeriodKind.HELAR, PeriodKind.LASAR)

    @property
    def is_delar(self) -> bool:
        """H1 (delårsbokslut) or HT (the läsår unit's equivalent: the first half of its operating year)."""
        return self.kind in (PeriodKind.HALVAR, PeriodKind.TERMIN) and self.number == 1

    @property
    def is_reporting(self) -> bool:
        """A reporting period: bokslut or delår (helår, H1, läsår, HT). These need an analys (U03)."""
        return self.is_bokslut or self.is_delar

    # -- order -----------------------------------------------------------------------------------------

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return sort_key(self) < sort_key(other)

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return sort_key(self) <= sort_key(other)

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return sort_key(self) > sort_key(other)

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return sort_key(self) >= sort_key(other)


def sort_key(p: Period) -> tuple[int, int]:
    """Key of the total order: start date ascending, then end date descending (longer period first)."""
    return (p.start.toordinal(), -p.end.toordinal())


# -- parsing -----------------------------------------------------------------------------------------------

# [0-9], not \d: \d also matches other scripts' digits, which int() would accept silently.
_CAL_RE: Final = re.compile(r"([0-9]{4})(?:-([A-Z])([0-9]+))?")
_SCHOOL_RE: Final = re.compile(r"([0-9]{4})/([0-9]+)(?:-([A-Z0-9]+))?")
_RANGES: Final = {
    "H": (PeriodKind.HALVAR, "halvår är H1–H2"),
    "T": (PeriodKind.TERTIAL, "tertial är T1–T3"),
    "Q": (PeriodKind.KVARTAL, "kvartal är Q1–Q4"),
    "M": (PeriodKind.MANAD, "månad skrivs med två siffror, M01–M12"),
}


def parse_period(value: str | int | Period) -> Period:
    """Read a period from its text form (or a YAML integer year). Case and surrounding whitespace are
    ignored (`2026-q1` is `2026-Q1`); everything else must be exactly one of the canonical forms.
    Raises PeriodError with a Swedish message."""
    if isinstance(value, Period):
        return value
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise PeriodError(
            f"Ogiltig period {value!r}: en period skrivs som text eller årtal, t.ex. {ACCEPTED_FORMS}.", value
        )
    text = str(value).strip().upper()
    try:
        return _parse(text)
    except _Invalid as exc:
        meant = _meant(text)
        hint = f" Menade du {' eller '.join(meant)}?" if meant else ""
        raise PeriodError(f"Ogiltig period '{value}': {exc}.{hint}", value) from None


def _parse(text: str) -> Period:
    """The period of a text in the canonical form (upper case, stripped). Raises _Invalid."""
    if m := _CAL_RE.fullmatch(text):
        return _calendar_period(int(m[1]), m[2], m[3])
    if m := _SCHOOL_RE.fullmatch(text):
        return _school_period(int(m[1]), m[2], m[3])
    raise _Invalid(f"giltiga former är {_forms(text)}")


def _forms(text: str) -> str:
    """The accepted forms, shown for the year the text names (else the standard examples)."""
    y = year_in(text)
    if y is None or not MIN_YEAR <= y < MAX_YEAR:
        return ACCEPTED_FORMS
    school = f"{y}/{(y + 1) % 100:02d}"
    return (f"{y} (helår), {y}-H1 (halvår), {y}-T1 (tertial), {y}-Q1 (kvartal), {y}-M01 (månad), {school} (läsår), "
            f"{school}-HT och {school}-VT (termin)")


def _meant(text: str) -> list[str]:
    """The periods a text that is none probably means (styr.load.period_words), each one a period here."""
    return period_guesses(text, _parses)


def _parses(text: str) -> bool:
    try:
        _parse(text)  # not parse_period: a guess that is no period is dropped, never explained again
    except _Invalid:
        return False
    return True


class _Invalid(Exception):
    """Why a text is not a period (the clause after 'Ogiltig period …:')."""


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _Invalid(f"året ska ligga mellan {MIN_YEAR} och {MAX_YEAR}")


def _calendar_period(year: int, letter: str | None, digits: str | None) -> Period:
    _check_year(year)
    if letter is None or digits is None:
        return Period(PeriodKind.HELAR, year)
    if letter not in _RANGES:
        raise _Invalid(f"okänt periodslag '{letter}'; giltiga former är {_forms(str(year))}")
    kind, rule = _RANGES[letter]
    n = int(digits)
    width_ok = len(digits) == 2 if kind is PeriodKind.MANAD else len(digits) == 1
    if not (width_ok and 1 <= n <= kind.per_year):
        raise _Invalid(rule)
    return Period(kind, year, n)


def _school_period(first: int, second: str, term: str | None) -> Period:
    if len(second) != 2 or int(second) != (first + 1) % 100:
        raise _Invalid("läsår skrivs ÅÅÅÅ/ÅÅ där ÅÅ är nästa års två sista siffror, t.ex. 2026/27")
    _check_year(first)
    _check_year(first + 1)
    if term is None:
        return Period(PeriodKind.LASAR, first + 1)
    if term not in _TERMS:
        raise _Invalid("terminer skrivs HT (hösttermin) och VT (vårtermin), t.ex. 2026/27-HT")
    if term == "HT":
        return Period(PeriodKind.TERMIN, first, 1)
    return Period(PeriodKind.TERMIN, first + 1, 2)


# -- relations -----------------------------------------------------------------------------------------------


def contains(outer: Period, inner: Period) -> bool:
    """True when every day of `inner` lies in `outer` (a period contains itself). By dates, so the
    läsår 2025/26 contains 2026-Q1 and the helår 2025 contains 2025/26-HT."""
    return outer.start <= inner.start and inner.end <= outer.end


def overlaps(a: Period, b: Period) -> bool:
    """True when the two periods share at least one day."""
    return a.start <= b.end and b.start <= a.end


def ended(p: Period, as_of: date) -> bool:
    """True when the period is over on `as_of`: its last day is before `as_of`."""
    return as_of > p.end


def period_of(kind: PeriodKind | str, day: date) -> Period:
    """The period of `kind` that contains `day`, e.g. (kvartal, 2026-05-10) → 2026-Q2."""
    kind = _kind(kind)
    autumn = day.month >= LASAR_START_MONTH
    if kind is PeriodKind.LASAR:
        return Period(kind, day.year + 1 if autumn else day.year)
    if kind is PeriodKind.TERMIN:
        return Period(kind, day.year, 1 if autumn else 2)
    if kind is PeriodKind.HELAR:
        return Period(kind, day.year)
    return Period(kind, day.year, (day.month - 1) // _MONTHS_PER[kind] + 1)


def year_period(p: Period) -> Period:
    """The operating year that contains `p`: its helår, or for läsår and termin its läsår."""
    if p.kind.is_lasar_based:
        return Period(PeriodKind.LASAR, p.lasar_end_year)
    return Period(PeriodKind.HELAR, p.year)


def next_period(p: Period) -> Period:
    """The period of the same kind just after `p` (2026-Q4 → 2027-Q1, 2025/26-VT → 2026/27-HT)."""
    if p.kind is PeriodKind.TERMIN:  # HT 2025 → VT 2026 → HT 2026: the year counts calendar years
        return Period(p.kind, p.year + 1, 2) if p.number == 1 else Period(p.kind, p.year, 1)
    if p.number in (0, p.kind.per_year):
        return Period(p.kind, p.year + 1, 1 if p.number else 0)
    return Period(p.kind, p.year, p.number + 1)


def previous(p: Period) -> Period:
    """The period of the same kind just before `p` (2026-Q1 → 2025-Q4, 2025/26-HT → 2024/25-VT). Used by
    the trend colour model. Raises PeriodError before 1900."""
    if p.kind is PeriodKind.TERMIN:
        return Period(p.kind, p.year, 2) if p.number == 1 else Period(p.kind, p.year - 1, 1)
    if p.number in (0, 1):
        return Period(p.kind, p.year - 1, p.kind.per_year if p.number else 0)
    return Period(p.kind, p.year, p.number - 1)


def same_period_previous_year(p: Period) -> Period:
    """The same period one year earlier, for "jämfört med föregående år" (2026-Q1 → 2025-Q1)."""
    return Period(p.kind, p.year - 1, p.number)


# -- läsår in a calendar-year report -------------------------------------------------------------------------


def lasar_for_calendar_period(p: Period) -> Period:
    """Vilken läsårsperiod en rapport för kalenderperioden `p` visar för enheter som planerar per läsår.

    Regeln: rapporten visar den senaste läsårsperioden av motsvarande slag som har tagit slut senast
    samma dag som rapportperioden:

    * Helår (bokslutet) visar det läsår som slutade under året: bokslutet 2026 visar läsåret 2025/26
      (1 aug 2025 – 31 jul 2026), där vårens betyg och resultat finns. Ett läsår redovisas alltså i
      bokslutet för det kalenderår då det slutar (se `calendar_year_of_lasar`).
    * Kortare perioder (halvår, tertial, kvartal, månad) visar den senast avslutade terminen.
      Delårsbokslutet 2026-H1 (t.o.m. 30 juni) visar höstterminen 2025 (2025/26-HT): vårterminen 2026
      räknas till och med 31 juli och är alltså inte slut den 30 juni; den kommer med läsåret i bokslutet.
      2026-Q3 visar vårterminen 2026 och 2026-H2 höstterminen 2026 (2026/27-HT).

    Så redovisas varje termin och läsår en gång i årshjulet: höstterminen i delårsbokslutet året efter,
    läsåret i bokslutet. En läsårsperiod som ges in lämnas oförändrad.
    """
    if p.kind.is_lasar_based:
        return p
    if p.kind is PeriodKind.HELAR:
        return Period(PeriodKind.LASAR, p.year)
    term = period_of(PeriodKind.TERMIN, p.end)  # the term running on p's last day: ended only if same end
    return term if term.end == p.end else previous(term)


def calendar_year_of_lasar(p: Period) -> Period:
    """Det kalenderår (helår) som en period hör till: året då den slutar. Läsåret 2025/26 → 2026, så det
    redovisas i bokslutet 2026 och jämförs med målvärdet för 2026 om enheten har kalenderårsmål.
    Terminerna: 2025/26-HT → 2025, 2025/26-VT → 2026. En kalenderperiod ger sitt eget år.
    Motsatt riktning, och hela regeln för rapporter: `lasar_for_calendar_period`."""
    return Period(PeriodKind.HELAR, p.year)


def target_period_for(outcome: Period, target_keys: Iterable[Period]) -> Period | None:
    """The target period an outcome is judged against, or None when no target applies:

    1. a target for exactly the outcome's period;
    2. else the shortest target period that contains the outcome, preferring the outcome's own calendar
       (kalenderår vs läsår) — so 2026-Q1 uses 2026-H1 if set, else 2026; 2025/26-HT uses 2025/26;
    3. else across calendars by the documented mapping: a läsår/termin outcome uses the target of the
       calendar year in which it ends (`calendar_year_of_lasar`); a calendar outcome uses the läsår period
       its report shows (`lasar_for_calendar_period`) or the läsår containing that.
    """
    targets = set(target_keys)
    if outcome in targets:
        return outcome

    def best(candidates: Iterable[Period], inner: Period) -> Period | None:
        found = [t for t in candidates if contains(t, inner)]
        own = inner.kind.is_lasar_based
        return min(found, key=lambda t: (t.kind.is_lasar_based != own, t.days, sort_key(t)), default=None)

    if (hit := best(targets, outcome)) is not None:
        return hit
    if outcome.kind.is_lasar_based:
        year = calendar_year_of_lasar(outcome)
        return year if year in targets else None
    # Only läsår targets here: a calendar target that failed step 2 must not sneak in via the mapping.
    return best((t for t in targets if t.kind.is_lasar_based), lasar_for_calendar_period(outcome))


# -- follow-up rhythm and frequencies ----------------------------------------------------------------------


def _kind(value: PeriodKind | str) -> PeriodKind:
    try:
        return PeriodKind(value.strip().lower() if isinstance(value, str) else value)
    except ValueError:
        names = ", ".join(k.value for k in PeriodKind)
        raise PeriodError(f"Okänt periodslag '{value}': giltiga är {names}.", value) from None


def _rhythm_kind(rhythm: str) -> PeriodKind:
    if rhythm not in ("kvartal", "tertial", "månad"):
        message = f"Okänd uppföljningsrytm '{rhythm}': giltiga är kvartal, tertial och månad."
        raise PeriodError(message, rhythm)
    return PeriodKind(rhythm)


def follow_up_periods(year: int, rhythm: FollowUp) -> list[Period]:
    """The follow-up periods of a calendar year in the model's rhythm (kvartal → Q1–Q4 …), in order."""
    kind = _rhythm_kind(rhythm)
    return [Period(kind, year, n) for n in range(1, kind.per_year + 1)]


def periods_of_frequency(freq: PeriodKind | str, start: date, end: date) -> list[Period]:
    """Every period of the frequency (an indicator's mätfrekvens: helår, halvår, tertial, kvartal, månad,
    läsår; also termin) that overlaps the days start..end inclusive, in order. Empty when end < start."""
    kind = _kind(freq)
    result: list[Period] = []
    if end < start:
        return result
    p = period_of(kind, start)
    while p.start <= end:
        result.append(p)
        p = next_period(p)
    return result


def latest_ended(rhythm: FollowUp, today: date) -> Period:
    """The default report period: the latest follow-up period that has ended on `today`.
    With kvartal: 2026-03-31 → 2025-Q4 (Q1 ends that day), 2026-04-01 → 2026-Q1, 2026-11-29 → 2026-Q3."""
    return previous(period_of(_rhythm_kind(rhythm), today))


def latest_ended_reporting(today: date, *, school_year: bool = False) -> Period:
    """The latest reporting period that has ended on `today`: H1 (delår) or helår (bokslut);
    with school_year=True HT or läsår. 2026-06-30 → 2025, 2026-07-01 → 2026-H1."""
    half = period_of(PeriodKind.TERMIN if school_year else PeriodKind.HALVAR, today)
    if half.number == 2:  # we are in the second half: the first half (H1, HT) has ended
        return previous(half)
    return previous(year_period(half))  # first half: the previous helår / läsår is the latest


# -- today -------------------------------------------------------------------------------------------------

_DATE_RE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def today() -> date:
    """Today's date, or the date in the environment variable STYR_DATUM (YYYY-MM-DD) when it is set and
    not empty — so reports and tests can be run "as of" a chosen day."""
    raw = os.environ.get(STYR_DATUM_ENV, "").strip()
    if not raw:
        return date.today()
    if _DATE_RE.fullmatch(raw):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    raise PeriodError(
        f"Ogiltigt datum i {STYR_DATUM_ENV}: '{raw}'. Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2026-11-29.", raw
    )
