"""The report pictures: well-formed SVG, escaped text, a text alternative, shapes besides colours."""

from __future__ import annotations

from datetime import date

import pytest
from lxml import etree

from styr.model.types import Indicator, Loc, WheelItem
from styr.model.vocab import Colour
from styr.render.site import figures, svg
from styr.wording.periods import month_abbreviation

NS = "{http://www.w3.org/2000/svg}"
EVIL = '</desc><script>alert(1)</script><desc x="'


def parse(markup: str) -> etree._Element:
    root = etree.fromstring(markup.encode("utf-8"))  # well-formed XML, or this raises
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    fig_id = root.get("aria-labelledby", "").split()[0].removesuffix("-t")
    title, desc = root.find(f"{NS}title"), root.find(f"{NS}desc")
    assert title is not None and title.get("id") == f"{fig_id}-t" and title.text
    assert desc is not None and desc.get("id") == f"{fig_id}-d" and desc.text
    for el in root.iter():
        assert el.tag not in (f"{NS}script", f"{NS}foreignObject", f"{NS}image", f"{NS}use"), el.tag
        assert not [a for a in el.attrib if a.lower().startswith("on")]
        assert not el.get("href") and not el.get("{http://www.w3.org/1999/xlink}href")
        assert el.get("id") is None or el.get("id", "").startswith(fig_id)
    return root


def indicator(outcomes: dict[str, float | bool], targets: dict[str, object], name: str = "Andel trygga") -> Indicator:
    return Indicator("I1", name, "", "procent", "öka", "", "2022", 80.0, 1.0, None, None,
                     targets, outcomes, Loc("x.yaml"))  # type: ignore[arg-type]


def test_distribution_names_every_colour_and_escapes_labels() -> None:
    rows = [(EVIL, {Colour.GRON: 2, Colour.GUL: 1, Colour.ROD: 0, Colour.SVART: 1}),
            ("Tom", {Colour.GRON: 0, Colour.GUL: 0, Colour.ROD: 0, Colour.SVART: 0})]
    fig = figures.distribution("fig-a", "Måluppfyllelse", rows)
    root = parse(fig.svg)
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert EVIL in texts  # shown as text, not markup
    assert "2 grön, 1 gul, 0 röd, 1 svart" in fig.alt and "0 grön, 0 gul, 0 röd, 0 svart" in fig.alt
    shapes = {el.tag for el in root.iter() if el.tag in (f"{NS}circle", f"{NS}polygon", f"{NS}rect")}
    assert shapes == {f"{NS}circle", f"{NS}polygon", f"{NS}rect"}  # circle, triangle, square: not hue alone


def test_trend_has_outcomes_targets_and_a_complete_description() -> None:
    ind = indicator({"2023": 81.0, "2024": 85.0, "2025": 84.0, "2026-Q2": 86.0, "2027": 99.0},
                    {"2023": 82.0, "2024": 84.0, "2025": 86.0, "2026": (85.0, 90.0)})
    fig = figures.trend("fig-t", ind, date(2026, 6, 30), "Trend")
    assert fig is not None
    root = parse(fig.svg)
    assert len(list(root.iter(f"{NS}circle"))) == 3 + 1  # three yearly outcomes up to the period, one in the legend
    assert "2027" not in fig.alt  # after the report period
    assert "Utfall: 2023 81 %, 2024 85 %, 2025 84 %, 2026-Q2 86 %." in fig.alt
    assert "2026 85–90 %" in fig.alt and "Baslinje 2022: 80 %" in fig.alt


def test_trend_needs_a_numeric_outcome() -> None:
    assert figures.trend("fig-t", indicator({"2025": True}, {"2025": True}), date(2026, 1, 1), "T") is None
    assert figures.trend("fig-t", indicator({}, {"2025": 80.0}), date(2026, 1, 1), "T") is None


def test_trend_with_a_single_value_still_draws() -> None:
    fig = figures.trend("fig-t", indicator({"2025": 50.0}, {}), date(2026, 1, 1), "T")
    assert fig is not None
    parse(fig.svg)


def test_chain_is_cut_but_the_description_says_so() -> None:
    rows = [(0, "KF-M1 Rot", Colour.GUL)] + [(1 + i % 3, f"M{i} <b>", Colour.GRON) for i in range(300)]
    fig = figures.chain("fig-k", "Målkedjan", rows, "Sammanfattning.")
    root = parse(fig.svg)
    assert len(list(root.iter(f"{NS}text"))) <= figures.MAX_CHAIN_ROWS
    assert "listan under bilden visar alla" in fig.alt
    assert any("<b>" in (t.text or "") for t in root.iter(f"{NS}text"))


@pytest.mark.parametrize("month", [1, 6, 11, 12])
def test_wheel_marks_the_current_month(month: int) -> None:
    items = [WheelItem(2, "Bokslut"), WheelItem(month, "Nu händer <det>")]
    fig = figures.wheel("fig-w", "Årshjulet", items, date(2026, month, 15))
    root = parse(fig.svg)
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert "Nu" in texts
    assert "Nu händer <det>" in fig.alt
    bold = [t.text for t in root.iter(f"{NS}text") if t.get("font-weight") == "bold"]
    assert month_abbreviation(month) in bold


def test_marker_shapes_differ_per_colour() -> None:
    def shape(key: str) -> str:
        el = etree.fromstring(svg.marker(key, 5, 5, 4).encode("utf-8"))
        return f"{el.tag}/{len(el.get('points', '').split())}"

    shapes = {key: shape(key) for key in ("gron", "gul", "rod", "svart")}
    assert shapes == {"gron": "circle/0", "gul": "polygon/3", "rod": "rect/0", "svart": "polygon/4"}


def test_svart_is_drawn_black_not_white() -> None:
    """Svart reads as black on screen and in print: a filled dark diamond and a dark bar segment."""
    el = etree.fromstring(svg.marker("svart", 5, 5, 4).encode("utf-8"))
    assert el.get("fill") == "#1a1a1a"
    fig = figures.distribution("fig-s", "M", [("Alla", {Colour.GRON: 0, Colour.GUL: 0, Colour.ROD: 0,
                                                        Colour.SVART: 3})])
    bars = [r for r in parse(fig.svg).iter(f"{NS}rect") if r.get("width") not in (None, "0")]
    assert any(r.get("fill") == "#1a1a1a" for r in bars)


def test_trend_draws_one_series_per_kind_of_period() -> None:
    """A yearly and a quarterly outcome are different measurements: two lines, never one zigzag between them."""
    ind = indicator({"2024": 80.0, "2025": 84.0, "2026": 86.0, "2025-Q4": 70.0, "2026-Q1": 72.0, "2026-Q2": 75.0},
                    {"2026": 88.0})
    fig = figures.trend("fig-z", ind, date(2026, 12, 31), "Trend")
    assert fig is not None
    root = parse(fig.svg)
    lines = list(root.iter(f"{NS}polyline"))
    assert len(lines) == 2
    assert sorted(len(pl.get("points", "").split()) for pl in lines) == [3, 3]
    words = [t.text for t in root.iter(f"{NS}text")]
    assert "Utfall, helår" in words and "Utfall, kvartal" in words
    assert "%" in words  # the y axis says its unit
