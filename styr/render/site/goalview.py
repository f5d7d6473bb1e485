"""Views of goals for the reports: indicators with their trends, activities, goal chains, and the links and
results every page needs. All computation of a goal's presentation happens here."""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from styr.fulfilment.results import GoalResult, IndicatorResult
from styr.model import periods
from styr.model.periods import Period, PeriodError
from styr.model.types import Activity, Goal, Indicator, Unit
from styr.model.vocab import COLOURS, Colour, HistoryShown
from styr.render.site import figures
from styr.render.site.figures import Figure, period_or_none, span
from styr.render.site.markdown import to_html, to_markdown
from styr.render.site.publishing import Publishing, history_note
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
    Overview,
    ReportInput,
    SiteView,
    UnitPart,
    hashes,
)
from styr.wording import values
from styr.wording.activities import status_words
from styr.wording.change import ChangeWords, change
from styr.wording.periods import day, period_name, report_title
from styr.wording.periods import span as day_span
from styr.wording.scale import ColourWords, distribution_text

FULL, PLAN = "full", "plan"
"""How much of a goal a page shows: everything (styrkort and målrapport: one view, rendered once for both), or
what a plan holds (verksamhetsplan). The goal chain is the styrkort's own block after the goal (chain_of): in
a large kommun's målrapport it would weigh megabytes."""


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
        # Every slug is handed out here, in model order, never as pages ask: a page made alone (in a helper process,
        # or again by an incremental report) links exactly as it would in a whole run.
        for area in self.repo.vision.areas if self.repo.vision else ():
            self.area_slugs.get(area.id, area.id)
        self.rendered = {u.folder for u in data.units}
        self._parts: dict[tuple[str, Kind], UnitPart] = {}
        self._distributions: dict[str, DistTable] = {}
        self._goal_views: dict[tuple[str, int, str], GoalView] = {}
        self._goal_cache: dict[tuple[str, str], tuple[tuple[IndicatorView, ...], tuple[ActivityView, ...]]] = {}
        self._chains: dict[str, ChainView | None] = {}
        self.publishing = Publishing.of(self.repo, data.internal)
        self.show_people = self.publishing.show_people
        self.statement = self.publishing.statement
        self.earlier_name = report_title(data.earlier_period).lower() if data.earlier_period else ""
        self.is_delar = data.period.is_delar
        self.is_bokslut = data.period.is_bokslut
        try:
            self.previous_period: Period | None = periods.same_period_previous_year(data.period)
        except PeriodError:
            self.previous_period = None
        self.year = periods.year_period(data.period)
        self._year_bounds = (self.year.start, self.year.end)  # asked for every goal and activity a page counts
        self._in_years: dict[str, tuple[Goal, ...]] = {}  # a unit's goals in the year, see `_goals`
        self.period_text, self.period_name = data.period.text, period_name(data.period)
        self.scale = data.scale
        self.colours = data.colours  # the colours and states the tables and legends show
        self._changes: dict[str, ChangeView | None] = {}
        self._sites: dict[tuple[bool, bool, bool], SiteView] = {}  # see ViewBuilder._site
        self._grids: dict[str, Overview | None] = {}  # a unit's overview grid, see ViewBuilder._unit_page

    def forget(self) -> None:
        """Drop the views prepared so far: the next pages show other units."""
        for cache in (self._parts, self._distributions, self._goal_views, self._goal_cache, self._changes,
                      self._chains, self._grids):
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

    def _page_href(self, here: str, target: str) -> str:
        """A link to another page of the report; none in a PDF, which stands alone."""
        return "" if self.d.pdf else self._rel(here, target)

    def _unit_href(self, here: str, unit: Unit | None, kind: Kind) -> str:
        if unit is None or unit.folder not in self.rendered or kind not in self.d.kinds or self.d.pdf:
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
        first, last = self._year_bounds
        return (start is None or start <= last) and (end is None or end >= first)

    def _goals(self, unit: Unit) -> tuple[Goal, ...]:
        """The unit's goals in the report's year. Found once per unit, not forgotten with the views (see `forget`):
        every page above a unit counts them again (the kommun's målrapport and the start page all of them)."""
        found = self._in_years.get(unit.folder)
        if found is None:
            found = self._in_years[unit.folder] = tuple(g for g in self.repo.goals_by_unit.get(unit.folder, ())
                                                        if self._in_year(g.start, g.end))
        return found

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

    def _goal(self, here: str, goal: Goal, h: int, detail: str = FULL) -> GoalView:
        """The goal as shown at heading level `h`. Every unit page links the same way (see _rel), so the view
        is made once for each level and detail and shared by the pages: the renderer then renders it once."""
        key = (goal.loc.path, h, detail)
        view = self._goal_views.get(key)
        if view is None:
            view = self._goal_views[key] = self._make_goal(here, goal, h, detail)
        return view

    def _parents(self, here: str, goal: Goal) -> tuple[Link, ...]:
        parents = []
        for pid in goal.contributes_to:
            target = self.repo.goal_by_id.get(pid)
            area = next((a for a in self.repo.vision.areas if a.id == pid), None) if self.repo.vision else None
            if target is not None:
                parents.append(Link(f"{target.id} {target.title}", self._goal_href(here, target)))
            elif area is not None:
                href = self._page_href(here, self.index_path)
                if self.ext == "html" and href:
                    href += f"#{self.area_slugs.get(area.id, area.id)}"
                parents.append(Link(f"{area.id} {area.name} (visionen)", href))
            else:
                parents.append(Link(pid, ""))
        return tuple(parents)

    def _judgement(self, r: GoalResult | None) -> tuple[str, str, str]:
        """(how many indicators were measured, what decides the colour, which period a läsår unit is judged for)."""
        if r is None:
            return "ingen bedömning", "Målet har ingen beräknad måluppfyllelse (dubblett-id?).", ""
        measured = f"{r.measured} av {values.count(r.total, 'indikator mätt', 'indikatorer mätta')}"
        note = ("Total måluppfyllelse enligt ansvarig chefs bedömning, byggd på analysen." if r.assessed else
                "Ingen bedömning för perioden: indikatorerna avgör måluppfyllelsen.")
        period_note = ""
        if r.period != self.period_text:
            judged = period_or_none(r.period)
            period_note = (f"Bedömt för {period_name(judged)} (enheten planerar per läsår)." if judged is not None
                           else f"Bedömt för {r.period}.")
        return measured, note, period_note

    def _previous_year(self, goal: Goal) -> tuple[GoalResult | None, ColourWords | None, str]:
        """The bokslut compares with the year before: its result, its colour and the label that says so."""
        if not (self.is_bokslut and self.d.previous is not None and self.previous_period is not None):
            return None, None, ""
        found = self.d.previous.get(goal.id)
        colour = self.scale[found.colour] if found is not None and found.goal is goal else None
        return found, colour, f"Föregående år ({self.previous_period.text})"

    def change_of(self, goal: Goal) -> ChangeWords | None:
        """The goal's colour now against the earlier period's (the overview's arrows); None without one."""
        earlier = self.d.earlier
        if earlier is None or not self.earlier_name:
            return None
        r = self._result(goal)
        before_colour = earlier.get(goal.id) if self.repo.goal_by_id.get(goal.id) is goal else None
        return change(before_colour, r.colour if r else Colour.SVART, f"sedan {self.earlier_name}",
                      self.scale.word(before_colour) if before_colour is not None else "")

    def _goal_parts(self, goal: Goal, r: GoalResult | None, prev: GoalResult | None,
                    detail: str) -> tuple[tuple[IndicatorView, ...], tuple[ActivityView, ...]]:
        """A goal is on up to four pages (styrkort, verksamhetsplan, its målrapport and the one above): its
        indicators, pictures and activities are prepared once and shared by all of them."""
        key = (goal.loc.path, detail)
        found = self._goal_cache.get(key)
        if found is not None:
            return found
        if detail == PLAN:  # the plan shows the goal and its activities; the styrkort has the rest
            unit = self.repo.unit_of(goal)
            acts = tuple(self._activity(a) for a in self._activities(unit, goal)) if unit else ()
            found = self._goal_cache[key] = ((), acts)
            return found
        acts = self._goal_parts(goal, r, prev, PLAN)[1]
        judged = period_or_none(r.period) if r is not None else None
        until = judged.end if judged is not None else self.d.period.end
        slug = self.goal_slugs.get(goal.loc.path, goal.id)
        prev_inds = {ir.indicator.id: ir for ir in prev.indicators} if prev is not None else {}
        indicators = tuple(
            replace(iv, trend=self._trend(goal, iv, f"fig-{slug}-{i}", until))
            for i, iv in enumerate(self._indicator(goal, ir, prev_inds.get(ir.indicator.id), until)
                                   for ir in self._indicator_results(goal, r))
        )
        found = self._goal_cache[key] = (indicators, acts)
        return found

    def chain_of(self, here: str, goal: Goal, h: int) -> ChainView | None:
        """The goal's chain for its styrkort, made once; None when no goal contributes to it."""
        key = goal.loc.path
        if key not in self._chains:
            found = None
            if self.repo.contributors.get(goal.id):
                found = self._chain(here, goal, self.goal_slugs.get(goal.loc.path, goal.id), h)
            self._chains[key] = found
        return self._chains[key]

    def _make_goal(self, here: str, goal: Goal, h: int, detail: str) -> GoalView:
        r = self._result(goal)
        measured, note, period_note = self._judgement(r)
        prev_result, previous, previous_label = self._previous_year(goal)
        indicators, acts = self._goal_parts(goal, r, prev_result, detail)
        forecast = self.scale[r.forecast] if (r is not None and r.forecast is not None and self.is_delar) else None
        assessment = r.assessment if r is not None and detail != PLAN else None
        decision = ""
        if goal.decision is not None:
            d = goal.decision
            decision = " ".join(x for x in (f"Beslutat av {d.organ}" if d.organ else "Beslutat",
                                            day(d.date) if d.date else "", d.paragraph) if x)
        contributors = ""
        if r is not None and any(r.contributors.values()):
            contributors = (f"Bidragande mål en nivå ned: "
                            f"{distribution_text(r.contributors, every=True, scale=self.scale)}.")
        styrkort = self._unit_href(here, self.repo.unit_of(goal), Kind.STYRKORT)
        more = None
        if detail == PLAN and styrkort:
            slug = self.goal_slugs.get(goal.loc.path, goal.id)
            more = Link(f"Indikatorer, utfall och analys för {goal.id} i styrkortet",
                        styrkort + (f"#{slug}" if self.ext == "html" else ""))
        return GoalView(
            id=goal.id, anchor=self.goal_slugs.get(goal.loc.path, goal.id), title=goal.title,
            description=goal.description, h=h, hashes=hashes(h), sub_h=min(h + 1, 6), sub_hashes=hashes(h + 1),
            perspective=goal.perspective, parents=self._parents(here, goal),
            responsible=goal.responsible if self.show_people else "", dates=day_span(goal.start, goal.end),
            decision=decision, colour=self.scale[r.colour if r else Colour.SVART],
            indicator_colour=self.scale[r.indicator_colour if r else Colour.SVART], measured=measured,
            assessment_note=note, period_note=period_note, forecast=forecast,
            forecast_missing=self.is_delar and forecast is None and detail != PLAN,
            previous=previous, previous_label=previous_label, contributors=contributors,
            analysis=self._rich(assessment.analysis, h + 1) if assessment and assessment.analysis else Safe(""),
            motivation=self._rich(assessment.motivation, h + 1) if assessment and assessment.motivation else Safe(""),
            explanation=r.explanation if r else (), indicators=indicators,
            indicators_caption=f"Indikatorer för {goal.id}, {self.period_name}",
            show_previous_outcome=bool(previous_label), activities=acts,
            activities_caption=f"Aktiviteter för {goal.id} under {self.year.text}", chain=None,
            chain_heading=f"Målkedjan från {goal.id}", last_change=self._goal_change(goal),
            show_people=self.show_people, change=self.change_of(goal), plan=detail == PLAN, more=more,
            details_label=(f"Aktiviteter för {goal.id}" if detail == PLAN else
                           f"Indikatorer, analys och aktiviteter för {goal.id}"),
        )

    # -- last changes (from Git) -------------------------------------------------------------------------------

    def _goal_change(self, goal: Goal) -> ChangeView | None:
        """By the goal's file rather than its id: a duplicated id must not borrow another file's change."""
        history = self.d.history
        if history is None:
            return None
        key = "g:" + goal.loc.path
        if key not in self._changes:
            self._changes[key] = self.publishing.change(history.by_path.get(goal.loc.path), "Senast ändrad")
        return self._changes[key]

    def _unit_change(self, unit: Unit, label: str) -> ChangeView | None:
        """The newest change to any of the unit's own files: styrkort.yaml, mål/, aktiviteter/, verksamhetsplan/."""
        history = self.d.history
        if history is None or not unit.id:
            return None
        key = f"u:{unit.folder}:{label}"
        if key not in self._changes:
            self._changes[key] = self.publishing.change(history.get(unit.id), label)
        return self._changes[key]

    def history_note(self) -> str:
        """Why the report shows no last changes, or not all of them; empty when it shows them all (or was
        told not to read the history at all, or shows none)."""
        history = self.d.history
        if history is None or not history.reason or self.publishing.history is HistoryShown.INGEN:
            return ""
        return history_note(history.reason, bool(history))

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

    def _chain(self, here: str, goal: Goal, slug: str, h: int) -> ChainView:
        """The goals below `goal` in the goal chain, counted all the way down; the picture and the list show the
        levels that fit in MAX_CHAIN_ROWS goals (a large kommun's goal has thousands below it), and say so."""
        rows: list[tuple[int, Goal, Colour]] = []
        stack: list[tuple[int, Goal, frozenset[str]]] = [(0, goal, frozenset({goal.id}))]
        while stack:  # depth first, in file order
            depth, g, seen = stack.pop()
            r = self._result(g)
            rows.append((depth, g, r.colour if r else Colour.SVART))
            kids = [c for c in self.repo.contributors.get(g.id, ()) if c.id not in seen]
            stack.extend((depth + 1, c, seen | {c.id}) for c in reversed(kids))
        depth = max(d for d, _, _ in rows)
        counts: dict[Colour, int] = dict.fromkeys(COLOURS, 0)
        for _, _, c in rows[1:]:
            counts[c] += 1
        summary = (f"{values.count(len(rows) - 1, 'mål', 'mål')} på {values.count(depth, 'nivå', 'nivåer')} under "
                   f"{goal.id} bidrar till målet: {distribution_text(counts, every=True, scale=self.scale)}.")
        limit = depth
        while limit > 1 and sum(1 for d, _, _ in rows if d <= limit) > figures.MAX_CHAIN_ROWS:
            limit -= 1
        shown = [row for row in rows if row[0] <= limit][:figures.MAX_CHAIN_ROWS + 1]
        note = ""
        if len(shown) < len(rows):
            note = (f"Listan visar {len(shown) - 1} av {len(rows) - 1} mål; de övriga finns i styrkorten för "
                    "enheterna längre ned.")
        figure = None
        if self.d.fmt == "html":
            figure = figures.chain(f"fig-{slug}-kedja", f"Målkedjan från {goal.id}",
                                   [(d, f"{g.id} {g.title}", c) for d, g, c in rows], summary, self.scale)
        return ChainView(figure, self._chain_items(here, shown)[0].children, summary, note,
                         f"Målkedjan från {goal.id}", f"{slug}-kedja", h, hashes(h))

    def _chain_items(self, here: str, rows: Sequence[tuple[int, Goal, Colour]]) -> list[ChainItem]:
        """The rows (depth first) as a tree of list items."""
        built: list[tuple[int, Goal, Colour, list[ChainItem]]] = []
        top: list[ChainItem] = []
        for depth, g, colour in reversed(rows):  # children come after their parent: build from the end
            kids: list[ChainItem] = []
            while built and built[-1][0] == depth + 1:
                kids.append(self._chain_item(here, *built.pop()))
            built.append((depth, g, colour, kids))
        top.extend(self._chain_item(here, *b) for b in reversed(built))
        return top

    def _chain_item(self, here: str, depth: int, g: Goal, colour: Colour, kids: list[ChainItem]) -> ChainItem:
        unit = self.repo.unit_of(g)
        return ChainItem(f"{g.id} {g.title}", unit.name if unit else "", self._goal_href(here, g), self.scale[colour],
                         Safe("  " * max(depth - 1, 0)), tuple(kids))


def _history(ind: Indicator, until: date) -> str:
    shown = []
    limit = until.toordinal() + 1
    for key, v in ind.outcomes.items():
        sp = span(key)
        if sp is not None and sp.end <= limit:
            shown.append(((sp.start, -sp.end), f"{sp.period.text}: {values.value(v, ind.measure, nbsp=True)}"))
    return "; ".join(text for _, text in sorted(shown))

