"""Views that give the whole picture: the overview grid a page opens with (the goals by perspective with colour
and change), the 'Alla mål A–Ö' list, and each unit's changes since the decision that adopted its goals."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

from styr.model.types import Goal, Unit
from styr.model.vocab import Colour
from styr.render.site.goalview import GoalViews
from styr.render.site.view import (
    AllGoalsBody,
    DecisionChange,
    DecisionChanges,
    GoalRow,
    GridCell,
    GridGoal,
    Link,
    Overview,
    hashes,
)
from styr.wording import values
from styr.wording.collation import sort_key
from styr.wording.scale import ColourWords, distribution_text

ALL_GOALS_FOLDER = "alla-mal"
ALL_GOALS_PAGE = 600
"""Goals a page of 'Alla mål' lists: about 150 kB; a large kommun's list is split into pages A–Ö."""
_STATUS_WORDS = {"tillagd": "Nytt mål", "borttagen": "Borttaget mål", "flyttad": "Flyttat mål", "ändrad": "Ändrat mål"}


class OverviewViews(GoalViews):
    """Overview grids, the list of every goal and the changes since the decision, on top of the goal views."""

    # -- the overview grid --------------------------------------------------------------------------------------

    def perspective_groups(self, goals: Sequence[Goal]) -> list[tuple[str, list[Goal]]]:
        """The goals by perspective in styrmodell.yaml's order (every perspective, empty ones too), then any other."""
        names = list(self.repo.config.perspective_names) if self.repo.config else []
        groups: dict[str, list[Goal]] = {n: [] for n in names}
        for g in goals:
            groups.setdefault(g.perspective or "Utan perspektiv", []).append(g)
        return [(n, gs) for n, gs in groups.items() if gs or n in names]

    def overview(self, here: str, goals: Sequence[Goal], heading: str, anchor: str, *,
                 below: bool = False) -> Overview | None:
        """The balanced-scorecard grid: one cell per perspective, each goal with its colour and the change since
        the earlier period; with `below`, the colours of the goals below each goal in the goal chain."""
        if not goals:
            return None
        cells = tuple(
            GridCell(name, Link(name, ""), tuple(self._grid_goal(here, g, below) for g in gs),
                     "Inga mål i perspektivet." if not gs else "")
            for name, gs in self.perspective_groups(goals)
        )
        note = ""
        if self.earlier_name:
            note = (f"Färgen gäller {self.period_name}. Pilen visar förändringen sedan {self.earlier_name}: "
                    "↑ bättre, → oförändrad, ↓ sämre, – kan inte jämföras (inte mätt eller nytt mål).")
        return Overview(heading, anchor, note, cells, "Målen under i målkedjan" if below else "")

    def _grid_goal(self, here: str, goal: Goal, below: bool) -> GridGoal:
        href = f"#{self.goal_slugs.get(goal.loc.path, goal.id)}" if self.ext == "html" and here != self.index_path \
            else self._goal_href(here, goal)
        shown: tuple[tuple[ColourWords, int], ...] = ()
        text = ""
        if below:
            counts = self._chain_counts(goal)
            if sum(counts.values()):
                shown = tuple((self.scale[c], counts[c]) for c in self.colours)
                text = f"{values.count(sum(counts.values()), 'mål', 'mål')}: " + distribution_text(
                    counts, every=True, scale=self.scale)
            else:
                text = "Inga mål under."
        return GridGoal(goal.id, Link(f"{goal.id} {goal.title}", href), self._colour(goal), self.change_of(goal),
                        shown, text)

    def _chain_counts(self, goal: Goal) -> dict[Colour, int]:
        """The colours of every goal below `goal` in the goal chain, all levels down, each goal once."""
        seen = {goal.id}
        stack = list(self.repo.contributors.get(goal.id, ()))
        below: list[Goal] = []
        while stack:
            g = stack.pop()
            if g.id in seen:
                continue
            seen.add(g.id)
            below.append(g)
            stack.extend(self.repo.contributors.get(g.id, ()))
        return self._counts(below)

    # -- 'Alla mål' -----------------------------------------------------------------------------------------------

    @cached_property
    def all_goals_sorted(self) -> list[Goal]:
        """Every goal of the units in the report, in Swedish alphabetical order by title (å, ä, ö after z).
        Sorted once: every page links to the list."""
        return sorted((g for u in self.repo.walk() if u.folder in self.rendered for g in self._goals(u)),
                      key=lambda g: (sort_key(g.title), g.id))

    @cached_property
    def all_goals_paths(self) -> list[str]:
        count = len(self.all_goals_sorted)
        pages = max(1, -(-count // ALL_GOALS_PAGE))
        return [f"{ALL_GOALS_FOLDER}/{'index' if n == 1 else f'sida-{n}'}.{self.ext}" for n in range(1, pages + 1)]

    def all_goals_chunk(self, number: int) -> list[Goal]:
        """The goals page `number` (from 1) of 'Alla mål' lists."""
        return self.all_goals_sorted[(number - 1) * ALL_GOALS_PAGE:number * ALL_GOALS_PAGE]

    def all_goals_bounds(self) -> list[tuple[Goal, Goal]]:
        """The first and the last goal of each page of 'Alla mål', when there are several: each page links to every
        page by the initials of their titles."""
        goals = self.all_goals_sorted
        if len(self.all_goals_paths) < 2:
            return []
        return [(goals[i * ALL_GOALS_PAGE], goals[min(len(goals), (i + 1) * ALL_GOALS_PAGE) - 1])
                for i in range(len(self.all_goals_paths))]

    def all_goals_body(self, here: str, number: int) -> AllGoalsBody:
        rows = tuple(
            GoalRow(Link(f"{g.id} {g.title}", self._goal_href(here, g)),
                    u.name if (u := self.repo.unit_of(g)) is not None else "", g.perspective, self._colour(g))
            for g in self.all_goals_chunk(number)
        )
        pages = tuple(Link(f"{_initial(first.title)}–{_initial(last.title)}", self._rel(here, p), p == here)
                      for p, (first, last) in zip(self.all_goals_paths, self.all_goals_bounds(), strict=False))
        caption = f"Alla mål {self.year.text} i bokstavsordning, med enhet, perspektiv och måluppfyllelse"
        return AllGoalsBody(caption, rows, pages)

    # -- changes since the decision -------------------------------------------------------------------------------

    def decision_changes(self, unit: Unit, h: int, slug: str) -> DecisionChanges | None:
        """'Förändringar sedan beslutet': the unit's goals changed since the last decision of its organ."""
        found = self.d.since_decision.get(unit.folder) if self.d.since_decision is not None else None
        if found is None:
            return None
        items = []
        for item in found.items:
            goal = self.repo.goal_by_id.get(item.item_id)
            href = self._goal_href(self.unit_path(unit, self.d.kinds[0]), goal) if goal is not None else ""
            items.append(DecisionChange(f"{item.item_id} {item.title}".strip(), _STATUS_WORDS.get(item.status,
                                        item.status), item.details, Link(f"{item.item_id} {item.title}".strip(),
                                                                         href)))
        intro = (f"Sedan {found.decision} har {values.count(len(items), 'mål', 'mål')} ändrats i det som beslutades "
                 "(mål, målvärden och indikatorer; utfall och bedömningar räknas inte)." if items else
                 f"Inga mål, målvärden eller indikatorer har ändrats sedan {found.decision}.")
        return DecisionChanges("Förändringar sedan beslutet", f"{slug}-sedan-beslutet", h, hashes(h), intro,
                               tuple(items))


def _initial(title: str) -> str:
    stripped = title.strip()
    return stripped[:1].upper() if stripped else "?"
