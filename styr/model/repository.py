"""The whole model of one goal repository, with its references resolved into a graph of indexes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import field
from functools import cached_property
from typing import Any

from styr.frozen import frozen
from styr.model.types import Activity, Goal, Level, ModelConfig, Section, Unit, Vision

OrderKey = Callable[[str], Any]
"""A sort key for names and ids, in the order a person reads them."""


def code_point_order(text: str) -> str:
    return text


@frozen(slots=False)
class Repository:
    """The in-memory model. Indexes are derived lazily and cached; the data itself never changes.

    Units are listed by name and goals and activities by id, in the order `order_key` gives: the application
    passes the Swedish alphabetical order (styr.wording.collation), since the model knows no language."""

    config: ModelConfig | None
    vision: Vision | None
    units: tuple[Unit, ...]
    goals: tuple[Goal, ...]
    activities: tuple[Activity, ...]
    sections: tuple[Section, ...] = ()
    files: tuple[str, ...] = ()
    orphan_folders: tuple[tuple[str, str], ...] = field(default=())
    order_key: OrderKey = field(default=code_point_order, compare=False, repr=False)

    def _unit_order(self, unit: Unit) -> tuple[Any, str]:
        return self.order_key(unit.name or unit.id), unit.folder

    def _id_order(self, item: Goal | Activity) -> tuple[Any, str]:
        return self.order_key(item.id), item.id

    # --- units -------------------------------------------------------------------------------------
    @cached_property
    def unit_by_folder(self) -> dict[str, Unit]:
        return {u.folder: u for u in self.units}

    @cached_property
    def unit_by_id(self) -> dict[str, Unit]:
        out: dict[str, Unit] = {}
        for u in self.units:
            out.setdefault(u.id, u)
        return out

    @cached_property
    def roots(self) -> tuple[Unit, ...]:
        return tuple(u for u in self.units if u.depth == 0)

    @cached_property
    def children(self) -> dict[str, tuple[Unit, ...]]:
        kids: dict[str, list[Unit]] = defaultdict(list)
        for u in self.units:
            if u.parent_folder is not None:
                kids[u.parent_folder].append(u)
        return {k: tuple(sorted(v, key=self._unit_order)) for k, v in kids.items()}

    def parent(self, unit: Unit) -> Unit | None:
        """The nearest enclosing unit (a folder without styrkort is skipped over)."""
        folder = unit.parent_folder
        while folder:
            found = self.unit_by_folder.get(folder)
            if found is not None:
                return found
            folder = folder.rpartition("/")[0]
        return None

    def level_of(self, unit: Unit) -> Level | None:
        """The level a unit has by its folder depth (not by what its styrkort says)."""
        if self.config is None or unit.depth >= len(self.config.levels):
            return None
        return self.config.levels[unit.depth]

    def walk(self) -> list[Unit]:
        """Units top-down, depth first, children in the order of their names (see `order_key`)."""
        out: list[Unit] = []
        stack = list(reversed(sorted(self.roots, key=self._unit_order)))
        while stack:
            u = stack.pop()
            out.append(u)
            stack.extend(reversed(self.children.get(u.folder, ())))
        return out

    # --- goals and activities ------------------------------------------------------------------------
    @cached_property
    def goal_by_id(self) -> dict[str, Goal]:
        out: dict[str, Goal] = {}
        for g in self.goals:
            out.setdefault(g.id, g)
        return out

    @cached_property
    def goals_by_unit(self) -> dict[str, tuple[Goal, ...]]:
        by: dict[str, list[Goal]] = defaultdict(list)
        for g in self.goals:
            by[g.unit_folder].append(g)
        return {k: tuple(sorted(v, key=self._id_order)) for k, v in by.items()}

    @cached_property
    def activity_by_id(self) -> dict[str, Activity]:
        out: dict[str, Activity] = {}
        for a in self.activities:
            out.setdefault(a.id, a)
        return out

    @cached_property
    def activities_by_unit(self) -> dict[str, tuple[Activity, ...]]:
        by: dict[str, list[Activity]] = defaultdict(list)
        for a in self.activities:
            by[a.unit_folder].append(a)
        return {k: tuple(sorted(v, key=self._id_order)) for k, v in by.items()}

    @cached_property
    def activities_by_goal(self) -> dict[str, tuple[Activity, ...]]:
        by: dict[str, list[Activity]] = defaultdict(list)
        for a in self.activities:
            for gid in dict.fromkeys(a.goals):
                by[gid].append(a)
        return {k: tuple(v) for k, v in by.items()}

    @cached_property
    def contributors(self) -> dict[str, tuple[Goal, ...]]:
        """Goal id (or vision focus-area id) -> the goals that name it in `bidrar_till`, unit by unit (in the
        order of the units' names), by id within a unit."""
        by: dict[str, list[Goal]] = defaultdict(list)
        for g in self.goals:
            for parent in dict.fromkeys(g.contributes_to):
                by[parent].append(g)
        return {k: tuple(sorted(v, key=self._contributor_order)) for k, v in by.items()}

    def _contributor_order(self, goal: Goal) -> tuple[Any, ...]:
        unit = self.unit_by_folder.get(goal.unit_folder)
        place = self._unit_order(unit) if unit is not None else (self.order_key(""), "")
        return (*place, *self._id_order(goal))

    def unit_of(self, item: Goal | Activity) -> Unit | None:
        return self.unit_by_folder.get(item.unit_folder)

    @cached_property
    def sections_by_unit(self) -> dict[str, tuple[Section, ...]]:
        by: dict[str, list[Section]] = defaultdict(list)
        for s in self.sections:
            by[s.unit_folder].append(s)
        return {k: tuple(v) for k, v in by.items()}

    @property
    def indicator_count(self) -> int:
        return sum(len(g.indicators) for g in self.goals)
