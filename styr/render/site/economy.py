"""The economy beside the goals in a report: each unit's budget, utfall, prognos and avvikelse for the report's
period next to its goal fulfilment, the sum of the units one level down, and who lacks figures.

The view (EconomyView in view.py) is the field `economy` of the målrapport's and the start page's bodies; the
partial templates `_ekonomi.html.j2` and `_ekonomi.md.j2` show it. Everything is prepared here: numbers through
styr.wording.money.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from styr.frozen import frozen
from styr.model import economy as eco
from styr.model.economy import Report, Roll
from styr.model.periods import Period
from styr.model.repository import Repository
from styr.model.types import Economy, Unit
from styr.model.vocab import COLOURS, Colour
from styr.render.site.safe import Safe
from styr.render.site.view import ColourCount, EconomyRow, EconomyView, Link
from styr.wording import values
from styr.wording.money import balance, signed, tkr
from styr.wording.periods import long_date, report_name
from styr.wording.scale import Scale, distribution_text
from styr.wording.values import MISSING

_BALANCE_KEYS = {"överskott": "overskott", "underskott": "underskott", "i balans": "balans"}


@frozen(slots=False)
class EconomyViews:
    """What the economy view needs of a report: the model, the period, and for each unit the colours of its own
    goals, a link to its part of the report and its level's name."""

    repo: Repository
    period: Period
    scale: Scale
    counts: Callable[[Unit], Mapping[Colour, int]]
    link: Callable[[Unit], Link]
    level_name: Callable[[Unit], str]

    def view(self, unit: Unit, *, anchor: str, h: int = 2) -> EconomyView | None:
        """The unit's economy with the units one level down; None when none of them has figures for the period
        (or the period is no bokslut or delår)."""
        report = eco.report_of(self.period.text)
        if report is Report.NONE:
            return None
        roll = eco.roll(self.repo, unit, self.period)
        if not roll.any:
            return None
        delar = report is Report.DELAR
        below = [u for u, _ in roll.parts]
        shown_parts = roll.parts if roll.reported or unit.depth == 0 else ()
        rows = tuple(self._row(self.link(u), e, self.counts(u)) for u, e in shown_parts)
        group = self._group(below)
        total = roll.total if shown_parts else None
        own = self._row(self.link(unit), roll.own, self.counts(unit), own=bool(rows)) if roll.own or not rows else None
        return EconomyView(
            heading="Ekonomi och måluppfyllelse",
            anchor=anchor,
            h=h,
            hashes=Safe("#" * h),
            intro=self._intro(delar) if rows else "",  # a unit alone: its sentence and the words say enough
            summary=self._summary(unit, roll, group, bool(rows)),
            caption=f"Ekonomi och måluppfyllelse, {report_name(self.period)} (belopp i tkr)",
            unit_heading=self.level_name(below[0]) if rows else self.level_name(unit),
            outcome_heading="Utfall hittills" if delar else "Utfall",
            delar=delar,
            rows=rows,
            total=self._total_row(group, total, below) if total is not None else None,
            own=own,
            missing_text=self._missing(roll, group) if shown_parts else "",
            difference_text=self._difference(unit, roll, group),
        )

    # -- rows ----------------------------------------------------------------------------------------------------

    def _fulfilment(self, counts: Mapping[Colour, int]) -> tuple[tuple[ColourCount, ...], str]:
        shown = tuple(ColourCount(self.scale[c], counts.get(c, 0)) for c in COLOURS if counts.get(c, 0))
        return shown, distribution_text(counts, scale=self.scale) or "inga mål"

    def _row(self, name: Link, e: Economy | None, counts: Mapping[Colour, int], *, own: bool = False) -> EconomyRow:
        if own:
            name = Link(f"{name.text} (egna siffror)", name.href, name.current)
        fulfilment, text = self._fulfilment(counts)
        if e is None:
            return EconomyRow(name, fulfilment, text, MISSING, MISSING, MISSING, MISSING, "", "", "", True)
        return self._figures(name, fulfilment, text, e.budget, e.outcome, e.forecast, eco.deviation(e), e.comment)

    def _figures(self, name: Link, fulfilment: tuple[ColourCount, ...], text: str, budget: float | None,
                 outcome: float | None, forecast: float | None, deviation: float | None, comment: str) -> EconomyRow:
        word = balance(deviation) if deviation is not None else ""
        return EconomyRow(
            name=name, fulfilment=fulfilment, fulfilment_text=text,
            budget=_amount(budget), outcome=_amount(outcome),
            forecast=_amount(forecast) if eco.report_of(self.period.text) is Report.DELAR else "",
            deviation=signed(deviation, unit=False) if deviation is not None else MISSING,
            balance=word, balance_key=_BALANCE_KEYS.get(word, ""), comment=comment, missing=False)

    def _total_row(self, group: str, total: eco.Total, below: list[Unit]) -> EconomyRow:
        counts = dict.fromkeys(COLOURS, 0)
        for u in below:
            for c, n in self.counts(u).items():
                counts[c] += n
        fulfilment, text = self._fulfilment(counts)
        return self._figures(Link(f"Summa {group}", ""), fulfilment, text, total.budget, total.outcome,
                             total.forecast, total.deviation, "")

    # -- sentences -----------------------------------------------------------------------------------------------

    def _group(self, below: list[Unit]) -> str:
        """How the text names the units one level down: 'nämnderna' in the usual model."""
        if not below:
            return "enheterna"
        name = self.level_name(below[0]).lower()
        return "nämnderna" if name == "nämnd" else f"enheterna på nivån {name}"

    def _intro(self, delar: bool) -> str:
        if delar:
            return (f"Budget och utfall hittills i år per {_day(self.period)}, prognos för helåret {self.period.year} "
                    "och avvikelse mellan budget och prognos, i tkr (nettokostnad). Positiv avvikelse är ett "
                    "överskott, negativ ett underskott.")
        return ("Budget, utfall och avvikelse mellan budget och utfall för helåret, i tkr (nettokostnad). Positiv "
                "avvikelse är ett överskott, negativ ett underskott.")

    def _summary(self, unit: Unit, roll: Roll, group: str, parts: bool) -> str:
        what = "prognostiserar" if eco.report_of(self.period.text) is Report.DELAR else "redovisar"
        total = roll.total if parts else None
        if total is not None and total.deviation is not None:
            return (f"{group.capitalize()} {what} tillsammans {_result(total.deviation)} mot en budget på "
                    f"{_amount(total.budget)} tkr.")
        if roll.own is not None and (d := eco.deviation(roll.own)) is not None:
            return f"{unit.name} {what} {_result(d)} mot en budget på {_amount(roll.own.budget)} tkr."
        return ""

    def _missing(self, roll: Roll, group: str) -> str:
        missing = roll.missing
        if not missing:
            return ""
        names = _listing([u.name or u.id for u in missing])
        return (f"Siffror för {report_name(self.period)} saknas för {names}, så summan för {group} "
                f"kan inte räknas fram ({values.count(len(roll.reported), 'enhet', 'enheter')} av "
                f"{len(roll.parts)} har redovisat).")

    def _difference(self, unit: Unit, roll: Roll, group: str) -> str:
        total, own = roll.total, roll.own
        if total is None or own is None:
            return ""
        pairs = (("budget", own.budget, total.budget), ("utfall", own.outcome, total.outcome),
                 ("prognos", own.forecast, total.forecast), ("avvikelse", eco.deviation(own), total.deviation))
        differ = [word for word, mine, theirs in pairs
                  if mine is not None and theirs is not None and not eco.agrees(mine, theirs, total.count)]
        if not differ:
            return ""
        return (f"{unit.name}s egna siffror ({_listing(differ)}) stämmer inte med summan för {group} "
                "(regel E03).")


def _amount(value: float | None) -> str:
    return tkr(value, unit=False) if value is not None else MISSING


def _result(deviation: float) -> str:
    word = balance(deviation)
    if word == "i balans":
        return "ett resultat i balans"
    return f"ett {word} på {tkr(abs(deviation))}"


def _day(p: Period) -> str:
    return long_date(p.end)


def _listing(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " och " + names[-1]
