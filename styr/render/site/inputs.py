"""What each report page is made from, as a fingerprint: a page whose fingerprint and file are as the last run left
them is not made again (`styr report` after one changed goal re-renders the pages that show it).

A page shows its unit's own goals, activities, texts, economy, results and history, and more of the model
around it: the unit's ancestors (the path at the top), every unit below it (a målrapport counts the whole
subtree), the goals its goals contribute to and every goal that contributes to them (the goal chain), and the
frame every page shares (the kommun, the period, the unit tree, the options, styr itself and its templates).
The start page counts every unit's results; a page of "Alla mål" shows its goals, with their units and colours, and
where each page of the list begins and ends. The fingerprint covers all of that, so it is wider than what a page
happens to show, never narrower: a change re-renders a page that would have come out the same, never leaves one
stale. `tests/test_report_incremental.py` compares an incremental run with a full one after random edits.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from styr.fulfilment.results import GoalResult, IndicatorResult
from styr.load.cache import code_fingerprint
from styr.model.types import Goal, Unit
from styr.model.vocab import Colour
from styr.render.site.pages import ViewBuilder
from styr.render.site.view import PagePlan
from styr.resources import data_dir

Fingerprint = str


def _digest(parts: Iterable[object]) -> str:
    """The SHA-256 of the parts' values. Each part is pickled without a memo (`fast`): the bytes then depend on the
    values alone, never on which equal values happen to be the same object, so equal inputs give equal bytes in
    every process (tests/test_report_incremental.py holds a second run, in a new process, to no pages made).
    Pickling is C code where the `repr` of a dataclass is Python: half the cost, on every result of three periods.
    A part pickle refuses (none should) is taken by its `repr`, which is structural too."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=_PROTOCOL)
    pickler.fast = True
    for part in parts:
        try:
            pickler.dump(part)
        except (pickle.PicklingError, TypeError, AttributeError, ValueError):
            buffer.write(b"\0repr\0" + repr(part).encode("utf-8", "surrogatepass"))
    return hashlib.sha256(buffer.getbuffer()).hexdigest()


_PROTOCOL = 5
"""Fixed, not pickle.HIGHEST_PROTOCOL: a newer Python must not make every page look changed."""


def _folder_digest(folder: Path) -> str:
    """The names and contents of a template folder: a kommun's own templates are edited without styr changing."""
    h = hashlib.sha256()
    for dirpath, dirnames, names in os.walk(folder):
        dirnames.sort()
        for name in sorted(names):
            path = os.path.join(dirpath, name)
            h.update(os.path.relpath(path, folder).encode("utf-8", "surrogatepass") + b"\0")
            try:
                h.update(Path(path).read_bytes())
            except OSError:
                h.update(b"?")
    return h.hexdigest()


def result_state(r: GoalResult | None) -> tuple[object, ...] | None:
    """A goal's result as plain values (every field but the goal, which its file's digest stands for): what its
    `repr` says, made several times faster (the generated reprs of dataclasses and enums are Python code, and a
    report fingerprints every result of three periods). tests/test_report_incremental.py checks that every field
    is here."""
    if r is None:
        return None
    a = r.assessment
    # The assessment's positions (loc, locs) are left out: places in the goal's file, which the page does not show.
    assessment = (a.period, a.colour, a.analysis, a.forecast, a.motivation, a.preliminary) if a is not None else None
    return (r.period, tuple(map(_indicator_state, r.indicators)), r.indicator_colour._value_, r.score, r.measured,
            r.total, assessment, r.colour._value_, r.assessed,
            r.forecast._value_ if r.forecast is not None else None,
            tuple((c._value_, n) for c, n in r.contributors.items()), r.explanation, r.report_period, r.not_due,
            r.basis)


def _colour_state(c: Colour | None) -> str | None:
    return c._value_ if c is not None else None


def _indicator_state(r: IndicatorResult) -> tuple[object, ...]:
    target_colour, trend = r.target_colour, r.trend
    return (r.period, r.target, r.target_period, r.outcome, r.outcome_period, r.ratio, r.colour._value_, r.reason,
            target_colour._value_ if target_colour is not None else None, trend._value_ if trend is not None else None,
            r.trend_reason, r.weighs_in._value_, r.preliminary, r.about, r.target_basis, r.references)


class PageInputs:
    """The fingerprints of one report's pages. `views` is the report's view builder: its slugs are part of what a
    page links to."""

    def __init__(self, views: ViewBuilder, templates: Path | None) -> None:
        self.v = views
        self.repo = views.repo
        self._units: dict[str, str] = {}
        self.shared = self._shared(templates)

    def _shared(self, templates: Path | None) -> str:
        d, repo = self.v.d, self.repo
        counted = Counter(g.id for g in repo.goals)
        duplicated = sorted(i for i, n in counted.items() if n > 1)  # which of them a link by id names
        tree = [(u.folder, u.id, u.name, u.level, u.parent_folder, u.depth, u.folder in self.v.rendered,
                 self.v.unit_slugs.get(u.folder, u.id)) for u in repo.walk()]
        return _digest([
            code_fingerprint(), _folder_digest(data_dir("templates")),
            _folder_digest(templates) if templates is not None else "",
            d.fmt, d.pdf, d.kinds, d.period, d.today, d.version, d.source_label, d.latest_reporting, d.reporting,
            d.earlier_period, d.internal, d.logo, d.accent, d.scale, d.colours,
            d.history.reason if d.history is not None else None, d.history is None, d.since_decision is None,
            repo.config, repo.vision, tree, duplicated, self.v.all_goals_paths[0],
        ])

    def of_group(self, group: Sequence[PagePlan]) -> Fingerprint | None:
        """The fingerprint the pages of one group of unit pages share (see render.groups); None for a group of pages
        without a unit (see `of_overview`)."""
        units = [p.unit for p in group if p.unit is not None]
        if len(units) < len(group) or not units:
            return None
        shown = self._subtrees(units)
        goals = [g for f in sorted(shown) for g in self.repo.goals_by_unit.get(f, ())]  # a set: its order varies
        around = shown | self._below(goals)
        return _digest([self.shared, *(f"{f}\0{self._unit(self.repo.unit_by_folder[f])}" for f in sorted(around)),
                        *self._links_up(goals)])

    def of_page(self, group: Fingerprint, plan: PagePlan, template: str) -> Fingerprint:
        return _digest([group, plan.path, template])

    def of_overview(self, plan: PagePlan, template: str) -> Fingerprint:
        """A page without a unit of its own. The start page shows every unit (the overview counts their results, the
        kommun's goals and the focus areas show colours, the kommun's economy); the vision, the årshjul and the
        organisation are in the shared part. A page of 'Alla mål' shows its goals in order, with the unit, the
        perspective and the colour of each, and links to every page by the titles it begins and ends with."""
        repo = self.repo
        if plan.number:
            goals = self.v.all_goals_chunk(plan.number)
            folders = sorted({u.folder for g in goals if (u := repo.unit_of(g)) is not None})
            listed: list[object] = [g.loc.path for g in goals]
            listed.extend(g.title for pair in self.v.all_goals_bounds() for g in pair)  # the links' initials
        else:
            folders, listed = sorted(repo.unit_by_folder), []
        found = _digest([self.shared, plan.number, *listed,
                         *(f"{f}\0{self._unit(repo.unit_by_folder[f])}" for f in folders)])
        return self.of_page(found, plan, template)

    # -- what a group's pages show ----------------------------------------------------------------------------

    def _subtrees(self, units: Sequence[Unit]) -> set[str]:
        """The folders of `units` and of every unit below them: a målrapport counts the whole subtree, and shows
        the units one level down."""
        out: set[str] = set()
        stack = [u.folder for u in units]
        while stack:
            folder = stack.pop()
            if folder not in out:
                out.add(folder)
                stack.extend(c.folder for c in self.repo.children.get(folder, ()))
        return out

    def _below(self, goals: Iterable[Goal]) -> set[str]:
        """The units of every goal contributing to `goals`, all the way down: a styrkort draws the goal chain."""
        repo = self.repo
        out: set[str] = set()
        seen: set[str] = set()
        stack = list(goals)
        while stack:
            g = stack.pop()
            if g.id in seen:
                continue
            seen.add(g.id)
            if (u := repo.unit_of(g)) is not None:
                out.add(u.folder)
            stack.extend(repo.contributors.get(g.id, ()))
        return out

    def _links_up(self, goals: Iterable[Goal]) -> list[tuple[str, str, str, str, str]]:
        """What a goal shows of the goals it contributes to: a link with their id and title (the unit's slug is in
        the shared part; the goal's is here)."""
        out = []
        for g in goals:
            for pid in g.contributes_to:
                target = self.repo.goal_by_id.get(pid)
                if target is not None:
                    unit = self.repo.unit_of(target)
                    out.append((g.id, target.id, target.title, self.v.goal_slugs.get(target.loc.path, target.id),
                                unit.folder if unit is not None else ""))
        return out

    def _unit(self, unit: Unit) -> str:
        """Everything of one unit a page may show: the unit, its goals, activities, texts, results in each period
        the report compares, their slugs and their history."""
        found = self._units.get(unit.folder)
        if found is None:
            found = self._units[unit.folder] = self._make_unit(unit)
        return found

    def _source(self, path: str, item: object) -> object:
        """A unit, goal, activity or section is built from its file alone (and the path, and styr's code: in the
        shared part), so its file's digest stands for it; without one, its whole value."""
        digest = self.v.d.digests.get(path)
        return (path, digest) if digest is not None else item

    def _make_unit(self, unit: Unit) -> str:
        d, repo = self.v.d, self.repo
        goals = repo.goals_by_unit.get(unit.folder, ())
        history = d.history
        return _digest([
            unit.folder, self._source(unit.loc.path, unit), unit.economy,
            *(self._source(g.loc.path, g) for g in goals),
            *(self._source(a.loc.path, a) for a in repo.activities_by_unit.get(unit.folder, ())),
            *(self._source(s.path, s) for s in repo.sections_by_unit.get(unit.folder, ())),
            *((result_state(r := d.results.get(g.id)), r is not None and r.goal is g,
               _colour_state((d.earlier or {}).get(g.id)), result_state((d.previous or {}).get(g.id)),
               self.v.goal_slugs.get(g.loc.path, g.id),
               history.by_path.get(g.loc.path) if history is not None else None) for g in goals),
            history.get(unit.id) if history is not None else None,
            (d.since_decision or {}).get(unit.folder),
        ])
