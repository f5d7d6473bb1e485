"""Views of goals for the reports: indicators with their trends, activities, goal chains, and the links and
results every page needs. All computation of a goal's presentation happens here."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from styr.fulfilment.results import GoalResult, IndicatorResult
from styr.model import periods
from styr.model.periods import Period, PeriodError
from styr.model.types import Activity, Goal, Indicator, Unit
from styr.model.vocab import COLOURS, Colour
from styr.render.site import figures
from styr.render.site.figures import Figure, period_or_none, span
from styr.render.site.markdown import to_html, to_markdown
from styr.render.site.safe import Safe
from styr.render.site.site import Slugs
from styr.render.site.view import (
    ActivityView,
    ChainItem,
    ChainView,
    ChangeView,
    DistTable,
    GoalView,
    IndicatorView,
    Kind,
    Link,
    ReportInput,
    UnitPart,
    hashes,
)
from styr.wording import values
from styr.wording.activities import status_words
from styr.wording.periods import day, period_name
from styr.wording.periods import span as day_span
from styr.wording.scale import ColourWords, distribution_text

if TYPE_CHECKING:
    from styr.history.log import Change

MESSAGE_MAX = 120  # characters of a commit message's first line shown in a report
# A folder on the machine that made the report has no place on a public page: Git's messages name it.
_QUOTED_PATH = re.compile(r"'(?:/|[A-Za-z]:[\\/]|\\\\)[^']*'")
_BARE_PATH = re.compile(r"(?<![\w.~-])(?:/|[A-Za-z]:[\\/])[^\s']+")


class GoalViews:
    """The state of one report and the views of its goals, indicators, activities and goal chains. A goal is
    on up to four pages; what is expensive to prepare for it is prepared once and shared."""

    def __init__(self, data: ReportInput) -> None:
        self.d = data
        self.repo = data.repo
        self.ext = "html" if data.fmt == "html" else "md"
        self.unit_slugs = Slugs()
        self.goal_slugs = Slugs("mal-")
        self.area_slugs = Slugs("malomrade-")
        for unit in self.repo.walk():
            self.unit_slugs.get(unit.folder, unit.id or unit.folder)
        for goal in self.repo.goals:
            self.goal_slugs.get(goal.loc.path, goal.id)
        self.rendered = {u.folder for u in data.units}
        self._parts: dict[tuple[str, Kind], UnitPart] = {}
        self._distributions: dict[str, DistTable] = {}
        self._goal_views: dict[tuple[str, int, bool], GoalView] = {}
        self._goal_cache: dict[tuple[str, bool], tuple[tuple[IndicatorView, ...], ChainView | None,
                                                        tuple[ActivityView, ...]]] = {}
        pub = dict(self.repo.config.publishing) if self.repo.config else {}
        self.show_people = pub.get("visa_ansvarig", True) is not False
        statement = pub.get("tillgänglighetsredogörelse")
        self.statement = statement if isinstance(statement, str) and statement.startswith(("https://", "http://")) \
            else None
        self.is_delar = data.period.is_delar
        self.is_bokslut = data.period.is_bokslut
        try:
            self.previous_period: Period | None = periods.same_period_previous_year(data.period)
        except PeriodError:
            self.previous_period = None
        self.year = periods.year_period(data.period)
        self.period_text, self.period_name = data.period.text, period_name(data.period)
        self.scale = data.scale
        self._changes: dict[str, ChangeView | None] = {}

    def forget(self) -> None:
        """Drop the views prepared so far: the next pages show other units."""
        for cache in (self._parts, self._distributions, self._goal_views, self._goal_cache, self._changes):
            cache.clear()

    # -- paths and links ----------------------------------------------------------------------------------

    @property
    def index_path(self) -> str:
        return "index.html" if self.ext == "html" else "README.md"

    def unit_path(self, unit: Unit, kind: Kind) -> str:
        return f"{kind.folder}/{self.unit_slugs.get(unit.folder, unit.id)}.{self.ext}"

    def _rel(self, here: str, target: str) -> str:
        # Every unit page lies one folder down, so '../' + target works from all of them: the same link text
        # on every page lets a goal's prepared view be shared by the pages it is shown on.
        return target if posixpath.dirname(here) == "" else "../" + target

    def _unit_href(self, here: str, unit: Unit | None, kind: Kind) -> str:
        if unit is None or unit.folder not in self.rendered or kind not in self.d.kinds:
            return ""
        return self._rel(here, self.unit_path(unit, kind))

    def _goal_href(self, here: str, goal: Goal) -> str:
        """A goal is shown on its unit's styrkort; without that page, on another page of the unit."""
        unit = self.repo.unit_of(goal)
        for kind in (Kind.STYRKORT, Kind.VERKSAMHETSPLAN, Kind.MALRAPPORT):
            href = self._unit_href(here, unit, kind)
            if href:
                return href + (f"#{self.goal_slugs.get(goal.loc.path, goal.id)}" if self.ext == "html" else "")
        return ""

    def _result(self, goal: Goal) -> GoalResult | None:
        found = self.d.results.get(goal.id)
        return found if found is not None and found.goal is goal else None

    def _rich(self, text: str, shift: int) -> Safe:
        return to_html(text, shift) if self.d.fmt == "html" else to_markdown(text, shift)

    def _level_name(self, unit: Unit) -> str:
        level = self.repo.level_of(unit)
        return level.name if level is not None else unit.level

    def _in_year(self, start: date | None, end: date | None) -> bool:
        """Goals and activities shown for the report's year: those that overlap it (or have no dates)."""
        first, last = self.year.start, self.year.end
        return (start is None or start <= last) and (end is None or end >= first)

    def _goals(self, unit: Unit) -> list[Goal]:
        return [g for g in self.repo.goals_by_unit.get(unit.folder, ()) if self._in_year(g.start, g.end)]

    def _subtree(self, unit: Unit) -> list[Unit]:
        out, stack = [], [unit]
        while stack:
            u = stack.pop()
            out.append(u)
            stack.extend(reversed(self.repo.children.get(u.folder, ())))
        return out

    def _counts(self, goals: Sequence[Goal]) -> dict[Colour, int]:
        counts = dict.fromkeys(COLOURS, 0)
        for g in goals:
            r = self._result(g)
            counts[r.colour if r else Colour.SVART] += 1
        return counts

    # -- goals ----------------------------------------------------------------------------------------------

    def _colour(self, goal: Goal) -> ColourWords:
        r = self._result(goal)
        return self.scale[r.colour if r else Colour.SVART]

    def _activities(self, unit: Unit, goal: Goal) -> list[Activity]:
        return [a for a in self.repo.activities_by_goal.get(goal.id, ())
                if a.unit_folder == unit.folder and self._in_year(a.start, a.end)]

    def _goal(self, here: str, goal: Goal, h: int, detailed: bool) -> GoalView:
        """The goal as shown at heading level `h`. Every unit page links the same way (see _rel), so the view
        is made once for each level and detail and shared by the pages: the renderer then renders it once."""
        key = (goal.loc.path, h, detailed)
        view = self._goal_views.get(key)
        if view is None:
            view = self._goal_views[key] = self._make_goal(here, goal, h, detailed)
        return view

    def _make_goal(self, here: str, goal: Goal, h: int, detailed: bool) -> GoalView:  # noqa: C901, PLR0912, PLR0915 — every part of a goal's view in one place
        r = self._result(goal)
        unit = self.repo.unit_of(goal)
        parents = []
        for pid in goal.contributes_to:
            target = self.repo.goal_by_id.get(pid)
            if target is not None:
                parents.append(Link(f"{target.id} {target.title}", self._goal_href(here, target)))
            else:
                area = next((a for a in self.repo.vision.areas if a.id == pid), None) if self.repo.vision else None
                if area is not None:
                    href = self._rel(here, self.index_path)
                    if self.ext == "html":
                        href += f"#{self.area_slugs.get(area.id, area.id)}"
                    parents.append(Link(f"{area.id} {area.name} (visionen)", href))
                else:
                    parents.append(Link(pid, ""))
        decision = ""
        if goal.decision is not None:
            d = goal.decision
            decision = " ".join(x for x in (f"Beslutat av {d.organ}" if d.organ else "Beslutat",
                                            day(d.date) if d.date else "", d.paragraph) if x)
        colour = self.scale[r.colour if r else Colour.SVART]
        ind_colour = self.scale[r.indicator_colour if r else Colour.SVART]
        measured = "ingen bedömning"
        if r is not None:
            measured = f"{r.measured} av {values.count(r.total, 'indikator mätt', 'indikatorer mätta')}"
        if r is None:
            note = "Målet har ingen beräknad måluppfyllelse (dubblett-id?)."
        elif r.assessed:
            note = "Total måluppfyllelse enligt ansvarig chefs bedömning, byggd på analysen."
        else:
            note = "Ingen bedömning för perioden: indikatorerna avgör måluppfyllelsen."
        period_note = ""
        if r is not None and r.period != self.period_text:
            try:
                period_note = f"Bedömt för {period_name(periods.parse_period(r.period))} (enheten planerar per läsår)."
            except PeriodError:
                period_note = f"Bedömt för {r.period}."
        forecast = self.scale[r.forecast] if (r is not None and r.forecast is not None and self.is_delar) else None
        previous = None
        previous_label = ""
        prev_result = None
        if self.is_bokslut and self.d.previous is not None and self.previous_period is not None:
            prev_result = self.d.previous.get(goal.id)
            if prev_result is not None and prev_result.goal is goal:
                previous = self.scale[prev_result.colour]
            previous_label = f"Föregående år ({self.previous_period.text})"
        prev_inds = {ir.indicator.id: ir for ir in prev_result.indicators} if prev_result else {}
        assessment = r.assessment if r else None
        judged = period_or_none(r.period) if r is not None else None
        until = judged.end if judged is not None else self.d.period.end
        slug = self.goal_slugs.get(goal.loc.path, goal.id)
        # A goal is on up to four pages (styrkort, verksamhetsplan, its målrapport and the one above): its
        # indicators, pictures, chain and activities are prepared once and shared by all of them.
        key = (goal.loc.path, detailed)
        shared = self._goal_cache.get(key)
        if shared is None:
            plain = self._goal_cache.get((goal.loc.path, False))
            if plain is None:
                indicators = tuple(
                    self._indicator(goal, ir, prev_inds.get(ir.indicator.id), until)
                    for ir in self._indicator_results(goal, r)
                )
                acts = tuple(self._activity(a) for a in self._activities(unit, goal)) if unit else ()
                plain = self._goal_cache[(goal.loc.path, False)] = (indicators, None, acts)
            shared = plain
            if detailed:
                indicators = tuple(
                    replace(iv, trend=self._trend(goal, iv, f"fig-{slug}-{i}", until)) for i, iv in enumerate(plain[0])
                )
                chain = self._chain(here, goal, slug) if self.repo.contributors.get(goal.id) else None
                shared = self._goal_cache[key] = (indicators, chain, plain[2])
        indicators, chain, acts = shared
        contributors = ""
        if r is not None and any(r.contributors.values()):
            contributors = (f"Bidragande mål en nivå ned: "
                            f"{distribution_text(r.contributors, every=True, scale=self.scale)}.")
        show_people = self.show_people
        return GoalView(
            id=goal.id,
            anchor=slug,
            title=goal.title,
            description=goal.description,
            h=h,
            hashes=hashes(h),
            sub_h=min(h + 1, 6),
            sub_hashes=hashes(h + 1),
            perspective=goal.perspective,
            parents=tuple(parents),
            responsible=goal.responsible if show_people else "",
            dates=day_span(goal.start, goal.end),
            decision=decision,
            colour=colour,
            indicator_colour=ind_colour,
            measured=measured,
            assessment_note=note,
            period_note=period_note,
            forecast=forecast,
            forecast_missing=self.is_delar and forecast is None,
            previous=previous,
            previous_label=previous_label,
            contributors=contributors,
            analysis=self._rich(assessment.analysis, h + 1) if assessment and assessment.analysis else Safe(""),
            motivation=self._rich(assessment.motivation, h + 1) if assessment and assessment.motivation else Safe(""),
            explanation=r.explanation if r else (),
            indicators=indicators,
            indicators_caption=f"Indikatorer för {goal.id}, {self.period_name}",
            show_previous_outcome=bool(previous_label),
            activities=acts,
            activities_caption=f"Aktiviteter för {goal.id} under {self.year.text}",
            chain=chain,
            chain_heading=f"Målkedjan från {goal.id}",
            last_change=self._goal_change(goal),
            show_people=show_people,
        )

    # -- last changes (from Git) -------------------------------------------------------------------------------

    def _goal_change(self, goal: Goal) -> ChangeView | None:
        """By the goal's file rather than its id: a duplicated id must not borrow another file's change."""
        history = self.d.history
        if history is None:
            return None
        key = "g:" + goal.loc.path
        if key not in self._changes:
            self._changes[key] = self._change_view(history.by_path.get(goal.loc.path), "Senast ändrad")
        return self._changes[key]

    def _unit_change(self, unit: Unit, label: str) -> ChangeView | None:
        """The newest change to any of the unit's own files: styrkort.yaml, mål/, aktiviteter/, verksamhetsplan/."""
        history = self.d.history
        if history is None or not unit.id:
            return None
        key = f"u:{unit.folder}:{label}"
        if key not in self._changes:
            self._changes[key] = self._change_view(history.get(unit.id), label)
        return self._changes[key]

    def _change_view(self, change: Change | None, label: str) -> ChangeView | None:
        if change is None:
            return None
        message = " ".join(change.message.split())
        if len(message) > MESSAGE_MAX:
            message = message[:MESSAGE_MAX - 1].rstrip() + "…"
        return ChangeView(
            label=label,
            date_text=day(change.date.date()),
            author=change.author if self.show_people else "",
            short=change.short,
            message=message,
        )

    def history_note(self) -> str:
        """Why the report shows no last changes, or not all of them; empty when it shows them all (or was
        told not to read the history at all)."""
        history = self.d.history
        if history is None or not history.reason:
            return ""
        reason = _BARE_PATH.sub("…", _QUOTED_PATH.sub("målrepots mapp", history.reason))
        lead = "Ändringshistoriken är ofullständig" if history else "Ändringshistorik saknas"
        return f"{lead}: {reason}"

    def _indicator_results(self, goal: Goal, r: GoalResult | None) -> list[IndicatorResult]:
        if r is not None:
            return list(r.indicators)
        return [IndicatorResult(i, self.period_text, None, None, None, None, None, Colour.SVART, "Inte bedömd.")
                for i in goal.indicators]

    def _trend(self, goal: Goal, iv: IndicatorView, fig_id: str, until: date) -> Figure | None:
        if self.d.fmt != "html":
            return None
        return figures.trend(fig_id, iv.indicator, until, f"{goal.id}/{iv.indicator.id}: utfall och målvärden")

    def _indicator(self, goal: Goal, ir: IndicatorResult, prev: IndicatorResult | None, until: date) -> IndicatorView:
        ind = ir.indicator
        m = ind.measure
        target = values.value(ir.target, m, nbsp=True)
        if ir.target is not None and ir.target_period and ir.target_period != ir.period:
            target += f" ({ir.target_period})"
        outcome = values.value(ir.outcome, m, nbsp=True)
        if ir.outcome is not None and ir.outcome_period and ir.outcome_period != ir.period:
            outcome += f" ({ir.outcome_period})"
        previous = ""
        if prev is not None:
            previous = values.value(prev.outcome, m, nbsp=True)
            if prev.outcome is not None and prev.outcome_period and prev.outcome_period != prev.period:
                previous += f" ({prev.outcome_period})"
        history = _history(ind, until) if self.d.fmt == "md" else ""
        baseline = ""
        if ind.baseline_period and ind.baseline_value is not None:
            baseline = f"{values.value(ind.baseline_value, m, nbsp=True)} ({ind.baseline_period})"
        return IndicatorView(
            ref=f"{goal.id}/{ind.id}",
            name=ind.name,
            description=ind.description,
            measure=m or "",
            direction=values.direction(ind.direction),
            baseline=baseline,
            source=ind.source,
            target=target,
            outcome=outcome,
            colour=self.scale[ir.colour],
            reason=ir.reason,
            previous_outcome=previous,
            history=history,
            trend=None,
            indicator=ind,
        )

    def _activity(self, a: Activity) -> ActivityView:
        status, comment = a.status, ""
        # The follow-up that was current at the end of the report period: the latest one that had ended.
        done = [(p, e) for k, e in a.follow_ups.items()
                if (p := period_or_none(k)) is not None and p.end <= self.d.period.end]
        if done:
            p, entry = max(done, key=lambda pe: (pe[0].end, -pe[0].days))
            status = entry.status or status
            comment = f"{p.text}: {entry.comment}" if entry.comment else ""
        return ActivityView(
            id=a.id,
            title=a.title,
            responsible=a.responsible if self.show_people else "",
            start=day(a.start),
            end=day(a.end),
            status=status_words(status),
            comment=comment,
            goals=", ".join(a.goals),
        )

    def _chain(self, here: str, goal: Goal, slug: str) -> ChainView:
        rows: list[tuple[int, str, Colour]] = []

        def item(g: Goal, depth: int, seen: frozenset[str]) -> ChainItem:
            r = self._result(g)
            colour = r.colour if r else Colour.SVART
            unit = self.repo.unit_of(g)
            rows.append((depth, f"{g.id} {g.title}", colour))
            kids = tuple(item(c, depth + 1, seen | {c.id}) for c in self.repo.contributors.get(g.id, ())
                         if c.id not in seen)
            return ChainItem(f"{g.id} {g.title}", unit.name if unit else "", self._goal_href(here, g),
                             self.scale[colour], Safe("  " * max(depth - 1, 0)), kids)

        root = item(goal, 0, frozenset({goal.id}))
        depth = max(d for d, _, _ in rows)
        counts: dict[Colour, int] = dict.fromkeys(COLOURS, 0)
        for _, _, c in rows[1:]:
            counts[c] += 1
        summary = (f"{values.count(len(rows) - 1, 'mål', 'mål')} på {values.count(depth, 'nivå', 'nivåer')} under "
                   f"{goal.id} bidrar till målet: {distribution_text(counts, every=True, scale=self.scale)}.")
        figure = None
        if self.d.fmt == "html":
            figure = figures.chain(f"fig-{slug}-kedja", f"Målkedjan från {goal.id}", rows, summary, self.scale)
        return ChainView(figure, root.children, summary)


def _history(ind: Indicator, until: date) -> str:
    shown = []
    limit = until.toordinal() + 1
    for key, v in ind.outcomes.items():
        sp = span(key)
        if sp is not None and sp.end <= limit:
            shown.append(((sp.start, -sp.end), f"{sp.period.text}: {values.value(v, ind.measure, nbsp=True)}"))
    return "; ".join(text for _, text in sorted(shown))

