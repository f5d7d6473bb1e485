"""Tests for styr.model.periods: parsing, dates, order, containment, läsår mapping, rhythm and today()."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from styr.model.periods import (
    LASAR_START_MONTH,
    STYR_DATUM_ENV,
    Period,
    PeriodError,
    PeriodKind,
    calendar_year_of_lasar,
    contains,
    ended,
    follow_up_periods,
    lasar_for_calendar_period,
    latest_ended,
    latest_ended_reporting,
    next_period,
    overlaps,
    parse_period,
    period_of,
    periods_of_frequency,
    previous,
    same_period_previous_year,
    sort_key,
    target_period_for,
    today,
    year_period,
)
from styr.wording.periods import period_name

P = parse_period
K = PeriodKind

# -- parsing -------------------------------------------------------------------------------------------

VALID = [
    (2026, "2026", K.HELAR),
    ("2026", "2026", K.HELAR),
    ("  2026\n", "2026", K.HELAR),
    ("2026-H1", "2026-H1", K.HALVAR),
    ("2026-h2", "2026-H2", K.HALVAR),
    ("2026-T3", "2026-T3", K.TERTIAL),
    ("2026-q1", "2026-Q1", K.KVARTAL),
    (" 2026-Q4 ", "2026-Q4", K.KVARTAL),
    ("2026-M01", "2026-M01", K.MANAD),
    ("2026-m12", "2026-M12", K.MANAD),
    ("2025/26", "2025/26", K.LASAR),
    ("1999/00", "1999/00", K.LASAR),
    ("2025/26-HT", "2025/26-HT", K.TERMIN),
    ("2025/26-vt", "2025/26-VT", K.TERMIN),
    (1900, "1900", K.HELAR),
    ("2200-M12", "2200-M12", K.MANAD),
    ("2199/00-VT", "2199/00-VT", K.TERMIN),
]


@pytest.mark.parametrize(("value", "text", "kind"), VALID)
def test_parse_valid(value: str | int, text: str, kind: PeriodKind) -> None:
    p = parse_period(value)
    assert p.text == text
    assert str(p) == text
    assert p.kind is kind
    assert parse_period(p) is p


INVALID = [
    ("2026-Q5", "Ogiltig period '2026-Q5': kvartal är Q1–Q4."),
    ("2026-Q0", "kvartal är Q1–Q4"),
    ("2026-Q01", "kvartal är Q1–Q4"),
    ("2026-H3", "halvår är H1–H2"),
    ("2026-T4", "tertial är T1–T3"),
    ("2026-M13", "M01–M12"),
    ("2026-M1", "M01–M12"),
    ("2026-M001", "M01–M12"),
    ("2026/28", "nästa års två sista siffror"),
    ("2026/2027", "nästa års två sista siffror"),
    ("2026/7", "nästa års två sista siffror"),
    ("2026/27-XT", "HT (hösttermin) och VT (vårtermin)"),
    ("2026/27-H1", "HT (hösttermin) och VT (vårtermin)"),
    ("1899", "mellan 1900 och 2200"),
    ("2201", "mellan 1900 och 2200"),
    (1850, "mellan 1900 och 2200"),
    ("1899/00", "mellan 1900 och 2200"),
    ("2200/01", "mellan 1900 och 2200"),
    ("2026-X1", "okänt periodslag 'X'"),
    ("", "giltiga former är 2027 (helår)"),
    ("abc", "giltiga former är"),
    ("26", "giltiga former är"),
    ("2026-", "giltiga former är"),
    ("2026 - Q1", "giltiga former är"),
    ("2026-Q1-M01", "giltiga former är"),
    ("2026-01", "giltiga former är"),
    ("٢٠٢٦", "giltiga former är"),  # Arabic-Indic digits: int() would accept them
    ("２０２６", "giltiga former är"),  # fullwidth digits
]


@pytest.mark.parametrize(("value", "message"), INVALID)
def test_parse_invalid(value: str | int, message: str) -> None:
    with pytest.raises(PeriodError) as info:
        parse_period(value)
    assert message in str(info.value)
    assert str(info.value).startswith("Ogiltig period ")
    assert info.value.value == value
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("value", [True, 2026.0, None, b"2026", ["2026"]])
def test_parse_rejects_other_types(value: object) -> None:
    with pytest.raises(PeriodError, match="skrivs som text eller årtal"):
        parse_period(value)  # type: ignore[arg-type]


def test_generic_message_names_all_forms() -> None:
    with pytest.raises(PeriodError) as info:
        parse_period("första kvartalet")
    for form in ("2027", "2027-H1", "2027-T1", "2027-Q1", "2027-M01", "2026/27", "2026/27-HT", "2026/27-VT"):
        assert form in str(info.value)
    with pytest.raises(PeriodError) as info:  # for the year the text names
        parse_period("Q1 2026")
    for form in ("2026", "2026-H1", "2026-T1", "2026-Q1", "2026-M01", "2026/27", "2026/27-HT", "2026/27-VT"):
        assert form in str(info.value)


@pytest.mark.parametrize(
    ("kind", "year", "number"),
    [(K.KVARTAL, 2026, 5), (K.KVARTAL, 2026, 0), (K.HELAR, 2026, 1), (K.LASAR, 1900, 0), (K.MANAD, 2201, 1)],
)
def test_constructor_validates(kind: PeriodKind, year: int, number: int) -> None:
    with pytest.raises(PeriodError):
        Period(kind, year, number)


# -- dates ---------------------------------------------------------------------------------------------

DATES = [
    ("2026", date(2026, 1, 1), date(2026, 12, 31), 365),
    ("2024", date(2024, 1, 1), date(2024, 12, 31), 366),
    ("2026-H1", date(2026, 1, 1), date(2026, 6, 30), 181),
    ("2024-H1", date(2024, 1, 1), date(2024, 6, 30), 182),
    ("2026-H2", date(2026, 7, 1), date(2026, 12, 31), 184),
    ("2026-T1", date(2026, 1, 1), date(2026, 4, 30), 120),
    ("2026-T2", date(2026, 5, 1), date(2026, 8, 31), 123),
    ("2026-T3", date(2026, 9, 1), date(2026, 12, 31), 122),
    ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31), 90),
    ("2028-Q1", date(2028, 1, 1), date(2028, 3, 31), 91),
    ("2026-Q2", date(2026, 4, 1), date(2026, 6, 30), 91),
    ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30), 92),
    ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31), 92),
    ("2026-M02", date(2026, 2, 1), date(2026, 2, 28), 28),
    ("2024-M02", date(2024, 2, 1), date(2024, 2, 29), 29),
    ("2000-M02", date(2000, 2, 1), date(2000, 2, 29), 29),
    ("2100-M02", date(2100, 2, 1), date(2100, 2, 28), 28),
    ("2026-M12", date(2026, 12, 1), date(2026, 12, 31), 31),
    ("2025/26", date(2025, 8, 1), date(2026, 7, 31), 365),
    ("2023/24", date(2023, 8, 1), date(2024, 7, 31), 366),
    ("2025/26-HT", date(2025, 8, 1), date(2025, 12, 31), 153),
    ("2025/26-VT", date(2026, 1, 1), date(2026, 7, 31), 212),
    ("2023/24-VT", date(2024, 1, 1), date(2024, 7, 31), 213),
    ("1999/00", date(1999, 8, 1), date(2000, 7, 31), 366),
]


@pytest.mark.parametrize(("text", "start", "end", "days"), DATES)
def test_start_end(text: str, start: date, end: date, days: int) -> None:
    p = P(text)
    assert (p.start, p.end, p.days) == (start, end, days)


def test_lasar_constant_and_year() -> None:
    assert LASAR_START_MONTH == 8
    assert P("2025/26").year == 2026
    assert P("2025/26-HT").year == 2025  # the year in which the period itself ends
    assert P("2025/26-VT").year == 2026
    assert P("2025/26-HT").lasar_end_year == 2026
    assert Period(K.TERMIN, 2025, 1) == P("2025/26-HT")
    assert Period(K.LASAR, 2026) == P("2025/26")


@pytest.mark.parametrize("kind", [k for k in PeriodKind])
def test_periods_tile_without_gaps(kind: PeriodKind) -> None:
    p = Period(kind, 2022, 0 if kind.per_year == 1 else 1)
    for _ in range(30):
        q = next_period(p)
        assert q.start == p.end + timedelta(days=1)
        assert previous(q) == p
        p = q


def test_terms_tile_the_lasar() -> None:
    for year in range(1901, 2201):
        lasar, ht, vt = Period(K.LASAR, year), Period(K.TERMIN, year - 1, 1), Period(K.TERMIN, year, 2)
        assert (ht.start, ht.end + timedelta(days=1), vt.end) == (lasar.start, vt.start, lasar.end)


NAMES = [
    ("2026", "helår 2026"),
    ("2026-H1", "delår (halvår 1) 2026"),
    ("2026-H2", "halvår 2 2026"),
    ("2026-T2", "tertial 2 2026"),
    ("2026-Q1", "kvartal 1 2026"),
    ("2026-M03", "mars 2026"),
    ("2025/26", "läsår 2025/26"),
    ("2025/26-HT", "hösttermin 2025"),
    ("2025/26-VT", "vårtermin 2026"),
]


@pytest.mark.parametrize(("text", "name"), NAMES)
def test_period_name(text: str, name: str) -> None:
    assert period_name(P(text)) == name


ROLES = [  # text, is_bokslut, is_delar
    ("2026", True, False),
    ("2026-H1", False, True),
    ("2026-H2", False, False),
    ("2026-Q2", False, False),
    ("2026-T1", False, False),
    ("2026-M01", False, False),
    ("2025/26", True, False),
    ("2025/26-HT", False, True),
    ("2025/26-VT", False, False),
]


@pytest.mark.parametrize(("text", "bokslut", "delar"), ROLES)
def test_reporting_roles(text: str, bokslut: bool, delar: bool) -> None:
    p = P(text)
    assert (p.is_bokslut, p.is_delar, p.is_reporting) == (bokslut, delar, bokslut or delar)


def test_repr_and_hash() -> None:
    assert repr(P("2026-Q1")) == "Period('2026-Q1')"
    assert {P(2026), P("2026"), P(" 2026 ")} == {Period(K.HELAR, 2026)}


# -- order (hypothesis) -----------------------------------------------------------------------------------


@st.composite
def periods(draw: st.DrawFn) -> Period:
    kind = draw(st.sampled_from(list(PeriodKind)))
    year = draw(st.integers(1995, 2035))  # narrow enough that periods overlap often
    number = 0 if kind.per_year == 1 else draw(st.integers(1, kind.per_year))
    return Period(kind, year, number)


@given(periods(), periods())
def test_order_total_and_consistent_with_equality(a: Period, b: Period) -> None:
    assert [a < b, a == b, b < a].count(True) == 1
    assert (a <= b) == (a < b or a == b)
    assert (a >= b) == (b <= a)
    assert (a > b) == (b < a)
    assert (sort_key(a) == sort_key(b)) == (a == b)


@given(periods(), periods())
def test_antisymmetry(a: Period, b: Period) -> None:
    if a <= b <= a:
        assert a == b


@given(periods(), periods(), periods())
def test_transitivity(a: Period, b: Period, c: Period) -> None:
    if a <= b <= c:
        assert a <= c
    if a < b < c:
        assert a < c


@given(st.lists(periods(), max_size=30), st.randoms(use_true_random=False))
def test_sort_is_deterministic(ps: list[Period], rnd: random.Random) -> None:
    shuffled = ps[:]
    rnd.shuffle(shuffled)
    assert sorted(shuffled) == sorted(ps) == sorted(ps, key=sort_key)


@given(periods())
def test_round_trip(p: Period) -> None:
    assert parse_period(p.text) == p
    assert parse_period(f" {p.text.lower()}\t") == p
    if p.kind is K.HELAR:
        assert parse_period(p.year) == p


@given(periods())
def test_period_relations(p: Period) -> None:
    assert p.start <= p.end
    assert contains(p, p) and overlaps(p, p)
    assert contains(year_period(p), p)
    assert period_of(p.kind, p.start) == p == period_of(p.kind, p.end)
    assert previous(p) < p < next_period(p)
    assert same_period_previous_year(p).start.replace(year=p.start.year) == p.start


def test_no_two_periods_share_start_and_end() -> None:
    span = (date(2020, 1, 1), date(2030, 1, 1))
    everything = [p for kind in PeriodKind for p in periods_of_frequency(kind, *span)]
    assert len({(p.start, p.end) for p in everything}) == len(set(everything))


def test_documented_order_examples() -> None:
    texts = ["2026-M02", "2026-Q2", "2026-M01", "2026-Q1", "2026-T1", "2026-H1", "2026", "2025/26-HT"]
    assert [p.text for p in sorted(map(P, [*texts, "2025/26"]))] == [
        "2025/26", "2025/26-HT", "2026", "2026-H1", "2026-T1", "2026-Q1", "2026-M01", "2026-M02", "2026-Q2",
    ]  # fmt: skip
    assert P("2025-M08") > P("2025/26-HT")


def test_compare_with_other_types() -> None:
    with pytest.raises(TypeError):
        _ = P(2026) < "2027"
    other: object = "2026"
    assert P(2026) != other


# -- containment, previous, ended -------------------------------------------------------------------------


def test_contains() -> None:
    assert contains(P(2026), P("2026-Q3"))
    assert contains(P("2026-H1"), P("2026-M06"))
    assert not contains(P("2026-H1"), P("2026-Q3"))
    assert not contains(P("2026-Q1"), P(2026))
    assert contains(P("2025/26"), P("2026-Q1"))
    assert contains(P(2025), P("2025/26-HT"))
    assert not contains(P(2026), P("2025/26"))
    assert not contains(P("2026-T2"), P("2026-Q2"))  # T2 is May–Aug, Q2 Apr–Jun
    assert overlaps(P("2026-T2"), P("2026-Q2")) and not overlaps(P("2026-Q1"), P("2026-Q2"))


@pytest.mark.parametrize(
    ("text", "prev", "prev_year"),
    [
        ("2026", "2025", "2025"),
        ("2026-H1", "2025-H2", "2025-H1"),
        ("2026-T2", "2026-T1", "2025-T2"),
        ("2026-Q1", "2025-Q4", "2025-Q1"),
        ("2026-M01", "2025-M12", "2025-M01"),
        ("2025/26", "2024/25", "2024/25"),
        ("2025/26-HT", "2024/25-VT", "2024/25-HT"),
        ("2025/26-VT", "2025/26-HT", "2024/25-VT"),
        ("2000/01", "1999/00", "1999/00"),
    ],
)
def test_previous(text: str, prev: str, prev_year: str) -> None:
    assert previous(P(text)) == P(prev)
    assert same_period_previous_year(P(text)) == P(prev_year)


def test_previous_at_lower_bound() -> None:
    with pytest.raises(PeriodError):
        previous(P(1900))


def test_ended() -> None:
    q1 = P("2026-Q1")
    assert not ended(q1, date(2026, 3, 31))
    assert ended(q1, date(2026, 4, 1))
    assert not ended(q1, date(2026, 1, 1))


# -- target_period_for -------------------------------------------------------------------------------------

TARGETS = [  # outcome, target keys, expected
    ("2026", ["2025", "2026", "2027"], "2026"),
    ("2026-Q1", ["2025", "2026"], "2026"),
    ("2026-Q1", ["2026-Q1", "2026"], "2026-Q1"),
    ("2026-Q1", ["2026-H1", "2026"], "2026-H1"),
    ("2026-M05", ["2026-T2", "2026-H1", "2026"], "2026-T2"),
    ("2026-Q1", ["2025", "2027"], None),
    ("2026-Q1", [], None),
    ("2026-Q2", ["2026-T2"], None),  # T2 does not contain Q2
    ("2025/26-HT", ["2025/26", "2026/27"], "2025/26"),
    ("2025/26-VT", ["2025/26-VT", "2025/26"], "2025/26-VT"),
    ("2025/26", ["2024/25", "2025/26"], "2025/26"),
    # läsår outcome, calendar targets: the year in which it ends
    ("2025/26", ["2025", "2026"], "2026"),
    ("2025/26", ["2025"], None),
    ("2025/26-HT", ["2025", "2026"], "2025"),
    ("2025/26-VT", ["2025", "2026"], "2026"),
    # calendar outcome, läsår targets: containment first, then the documented mapping
    ("2026-Q1", ["2025/26", "2026/27"], "2025/26"),
    ("2026-M08", ["2025/26", "2026/27"], "2026/27"),
    ("2026", ["2025/26", "2026/27"], "2025/26"),
    ("2026-H1", ["2025/26"], "2025/26"),
    ("2026-H2", ["2025/26", "2026/27"], "2026/27"),  # H2 shows HT 2026 → läsår 2026/27
    ("2026-Q3", ["2025/26", "2026/27"], "2025/26"),  # Q3 shows VT 2026
    ("2026-Q3", ["2025/26-VT"], "2025/26-VT"),
    ("2026", ["2026/27"], None),
    # a mixed set prefers the outcome's own calendar when both contain it
    ("2026-Q1", ["2025/26", "2026"], "2026"),
    ("2025/26-VT", ["2025/26", "2026"], "2025/26"),
    # the mapping may not lead a calendar outcome to a calendar target it is not in
    ("2026-M01", ["2025"], None),
]


@pytest.mark.parametrize(("outcome", "keys", "expected"), TARGETS)
def test_target_period_for(outcome: str, keys: list[str], expected: str | None) -> None:
    found = target_period_for(P(outcome), (P(k) for k in keys))
    assert found == (None if expected is None else P(expected))


# -- läsår mapping --------------------------------------------------------------------------------------

LASAR_MAP = [
    ("2026", "2025/26"),
    ("2024", "2023/24"),
    ("2026-H1", "2025/26-HT"),
    ("2026-H2", "2026/27-HT"),
    ("2026-T1", "2025/26-HT"),
    ("2026-T2", "2025/26-VT"),
    ("2026-Q2", "2025/26-HT"),
    ("2026-Q3", "2025/26-VT"),
    ("2026-Q4", "2026/27-HT"),
    ("2026-M06", "2025/26-HT"),
    ("2026-M07", "2025/26-VT"),  # ends the same day
    ("2026-M12", "2026/27-HT"),
    ("2025/26-VT", "2025/26-VT"),  # läsår periods pass through
    ("2025/26", "2025/26"),
]


@pytest.mark.parametrize(("report", "shown"), LASAR_MAP)
def test_lasar_for_calendar_period(report: str, shown: str) -> None:
    assert lasar_for_calendar_period(P(report)) == P(shown)


@given(periods())
def test_lasar_mapping_shows_only_ended_periods(p: Period) -> None:
    shown = lasar_for_calendar_period(p)
    assert shown.is_lasar_based
    if not p.is_lasar_based:
        assert shown.end <= p.end
        # and it is the latest such: the next one of its kind has not ended by p's end
        assert next_period(shown).end > p.end


@pytest.mark.parametrize(
    ("school", "year"), [("2025/26", 2026), ("2025/26-HT", 2025), ("2025/26-VT", 2026), ("2026-Q3", 2026)]
)
def test_calendar_year_of_lasar(school: str, year: int) -> None:
    assert calendar_year_of_lasar(P(school)) == Period(K.HELAR, year)


def test_lasar_round_trip_through_bokslut() -> None:
    for year in range(1901, 2201):
        lasar = lasar_for_calendar_period(Period(K.HELAR, year))
        assert lasar.kind is K.LASAR and lasar.is_bokslut
        assert calendar_year_of_lasar(lasar) == Period(K.HELAR, year)


# -- rhythm and frequencies ------------------------------------------------------------------------------


def test_follow_up_periods() -> None:
    quarters = ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert [p.text for p in follow_up_periods(2026, "kvartal")] == quarters
    assert [p.text for p in follow_up_periods(2026, "tertial")] == ["2026-T1", "2026-T2", "2026-T3"]
    months = follow_up_periods(2026, "månad")
    assert len(months) == 12 and months[0].text == "2026-M01" and months[-1].text == "2026-M12"
    with pytest.raises(PeriodError, match="Okänd uppföljningsrytm 'halvår'"):
        follow_up_periods(2026, "halvår")  # type: ignore[arg-type]


def test_periods_of_frequency() -> None:
    def texts(freq: str, start: date, end: date) -> list[str]:
        return [p.text for p in periods_of_frequency(freq, start, end)]

    goal = (date(2023, 1, 1), date(2026, 12, 31))
    assert texts("helår", *goal) == ["2023", "2024", "2025", "2026"]
    assert texts("läsår", *goal) == ["2022/23", "2023/24", "2024/25", "2025/26", "2026/27"]
    assert len(texts("kvartal", *goal)) == 16
    assert len(texts("månad", *goal)) == 48
    assert texts("halvår", date(2026, 6, 30), date(2026, 7, 1)) == ["2026-H1", "2026-H2"]
    assert texts("tertial", date(2026, 5, 1), date(2026, 5, 1)) == ["2026-T2"]
    assert texts("termin", date(2026, 7, 31), date(2026, 8, 1)) == ["2025/26-VT", "2026/27-HT"]
    assert texts("Kvartal", date(2026, 1, 1), date(2026, 3, 31)) == ["2026-Q1"]
    assert texts("kvartal", date(2026, 4, 1), date(2026, 3, 31)) == []
    with pytest.raises(PeriodError, match="Okänt periodslag 'vecka'"):
        periods_of_frequency("vecka", *goal)


LATEST = [  # rhythm, today, expected
    ("kvartal", date(2026, 11, 29), "2026-Q3"),
    ("kvartal", date(2026, 3, 31), "2025-Q4"),  # last day of Q1: Q1 has not ended
    ("kvartal", date(2026, 4, 1), "2026-Q1"),
    ("kvartal", date(2026, 1, 1), "2025-Q4"),
    ("kvartal", date(2025, 12, 31), "2025-Q3"),
    ("tertial", date(2026, 4, 30), "2025-T3"),
    ("tertial", date(2026, 5, 1), "2026-T1"),
    ("månad", date(2024, 2, 29), "2024-M01"),
    ("månad", date(2024, 3, 1), "2024-M02"),
]


@pytest.mark.parametrize(("rhythm", "day", "expected"), LATEST)
def test_latest_ended(rhythm: str, day: date, expected: str) -> None:
    p = latest_ended(rhythm, day)  # type: ignore[arg-type]
    assert p == P(expected)
    assert ended(p, day) and not ended(next_period(p), day)


REPORTING = [  # today, school_year, expected
    (date(2026, 11, 29), False, "2026-H1"),
    (date(2026, 6, 30), False, "2025"),
    (date(2026, 7, 1), False, "2026-H1"),
    (date(2026, 12, 31), False, "2026-H1"),
    (date(2027, 1, 1), False, "2026"),
    (date(2026, 11, 29), True, "2025/26"),
    (date(2026, 7, 31), True, "2025/26-HT"),
    (date(2026, 8, 1), True, "2025/26"),
    (date(2027, 1, 1), True, "2026/27-HT"),
]


@pytest.mark.parametrize(("day", "school_year", "expected"), REPORTING)
def test_latest_ended_reporting(day: date, school_year: bool, expected: str) -> None:
    p = latest_ended_reporting(day, school_year=school_year)
    assert p == P(expected) and p.is_reporting and ended(p, day)


# -- today ---------------------------------------------------------------------------------------------


def test_today_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(STYR_DATUM_ENV, raising=False)
    before = date.today()
    assert before <= today() <= date.today()


@pytest.mark.parametrize(
    ("raw", "expected"), [("2026-11-29", date(2026, 11, 29)), (" 2024-02-29 ", date(2024, 2, 29))]
)
def test_today_from_env(monkeypatch: pytest.MonkeyPatch, raw: str, expected: date) -> None:
    monkeypatch.setenv(STYR_DATUM_ENV, raw)
    assert today() == expected


def test_today_empty_env_means_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(STYR_DATUM_ENV, "")
    before = date.today()
    assert before <= today() <= date.today()


@pytest.mark.parametrize("raw", ["2026-13-01", "2025-02-29", "20261129", "29/11/2026", "2026-W48-7", "idag"])
def test_today_bad_env(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv(STYR_DATUM_ENV, raw)
    message = f"Ogiltigt datum i STYR_DATUM: '{raw}'. Skriv datumet som ÅÅÅÅ-MM-DD"
    with pytest.raises(PeriodError, match=message):
        today()


@pytest.mark.parametrize(("typed", "meant"), [
    ("2026H1", ["2026-H1"]), ("H1 2026", ["2026-H1"]), ("2026 t2", ["2026-T2"]), ("Q3-2026", ["2026-Q3"]),
    ("2026-K3", ["2026-Q3"]), ("kvartal 3 2026", ["2026-Q3"]), ("2026-halvår1", ["2026-H1"]),
    ("2026-09", ["2026-M09"]), ("bokslut 2026", ["2026"]), ("helår 2026", ["2026"]),
    ("delår 2026", ["2026-H1", "2026-T2"]), ("HT 2026", ["2026/27-HT"]), ("VT 2026", ["2025/26-VT"]),
    ("2026/2027", ["2026/27"]),
    ("2026-13", []), ("kvartal 9 2026", []), ("2026-Q5", []), ("foo", []), ("2026-X1", []),
])
def test_a_text_that_is_no_period_gets_the_period_it_probably_means(typed: str, meant: list[str]) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(typed)
    message = str(caught.value)
    if meant:
        assert message.endswith(f"Menade du {' eller '.join(meant)}?")
    else:
        assert "Menade du" not in message
    # The forms are shown for the year the user wrote, when there is one.
    if typed[:4] == "2026" and "giltiga former" in message:
        assert "2026-H1 (halvår)" in message


@given(st.text(max_size=24) | st.from_regex(r"[ -~åäöÅÄÖ]{0,4}[0-9]{4}[ -~åäöÅÄÖ]{0,10}", fullmatch=True))
def test_every_text_is_a_period_or_refused_in_words_and_every_guess_is_a_period(text: str) -> None:
    try:
        parse_period(text)
    except PeriodError as exc:
        message = str(exc)
        assert message.startswith("Ogiltig period")
        if "Menade du " in message:
            for guess in message.rsplit("Menade du ", 1)[1].removesuffix("?").split(" eller "):
                assert parse_period(guess).text == guess
