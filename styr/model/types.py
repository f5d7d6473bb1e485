"""The steering model as frozen dataclasses: configuration, vision, units, goals, indicators, activities."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

Pos = tuple[int, int]

TargetValue = float | tuple[float, float] | bool
"""A target: a number; (min, max) for `intervall`; True/False for `uppnått`."""
OutcomeValue = float | bool


@dataclass(frozen=True, slots=True)
class Loc:
    """Where something stands: repository-relative POSIX path, 1-based line and column."""

    path: str
    line: int = 1
    column: int = 1

    @staticmethod
    def at(path: str, pos: Pos) -> Loc:
        return Loc(path, pos[0], pos[1])


@dataclass(frozen=True, slots=True)
class Level:
    id: str
    name: str
    index: int
    decision_required: bool = False
    decision_body: str | None = None


@dataclass(frozen=True, slots=True)
class Perspective:
    name: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class ColourModel:
    """The numbers of the fulfilment model (DESIGN.md §4), all configurable in styrmodell.yaml."""

    model: str = "standard"
    yellow_margin: float = 0.10
    yellow_on_improvement: bool = False
    scores: tuple[float, float, float] = (1.0, 0.5, 0.0)
    thresholds: tuple[float, float] = (0.8, 0.4)
    share_yellow: float = 0.8


@dataclass(frozen=True, slots=True)
class WheelItem:
    month: int
    title: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class OpenData:
    """`öppna_data:` in styrmodell.yaml: where the published site lives and on what terms its data is given."""

    url: str | None = None
    licence: str | None = None
    contact: str | None = None


@dataclass(frozen=True, slots=True)
class ModelConfig:
    """styrmodell.yaml."""

    municipality: str
    levels: tuple[Level, ...]
    perspectives: tuple[Perspective, ...]
    mandate_start: date | None
    mandate_end: date | None
    follow_up: str = "kvartal"
    colour: ColourModel = field(default_factory=ColourModel)
    wheel: tuple[WheelItem, ...] = ()
    rule_overrides: tuple[tuple[str, str], ...] = ()
    publishing: tuple[tuple[str, Any], ...] = ()
    closed_periods: tuple[str, ...] = ()
    kolada_id: str | None = None
    path: str = "styrmodell.yaml"
    rule_locs: dict[str, Pos] = field(default_factory=dict, compare=False)
    kolada_group: str | None = None
    """`kolada: jämförelsegrupp`: the Kolada group whose average is the reference value `liknande`."""
    open_data: OpenData | None = None

    def level(self, level_id: str) -> Level | None:
        for lv in self.levels:
            if lv.id == level_id:
                return lv
        return None

    @property
    def perspective_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.perspectives)


@dataclass(frozen=True, slots=True)
class FocusArea:
    id: str
    name: str
    description: str
    loc: Loc


@dataclass(frozen=True, slots=True)
class Vision:
    title: str
    text: str
    values: tuple[str, ...]
    areas: tuple[FocusArea, ...]
    path: str = "vision.yaml"


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    role: str = ""
    git: str = ""


@dataclass(frozen=True, slots=True)
class Economy:
    """A unit's economy for one period (`ekonomi:` in styrkort.yaml), in tkr of net cost. `period` is the key in
    its canonical form when it is a period. `deviation` is the avvikelse as written (None: not written; styr.model.
    economy computes it). Values that are not numbers were reported by the schema check and are None here."""

    period: str
    budget: float | None
    outcome: float | None
    forecast: float | None
    deviation: float | None
    comment: str
    loc: Loc
    """The period's key."""
    locs: dict[str, Pos] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class Unit:
    """One organisational unit: a folder with a styrkort.yaml."""

    id: str
    name: str
    level: str
    folder: str
    parent_folder: str | None
    depth: int
    organ: str | None
    chef: Person | None
    coordinators: tuple[Person, ...]
    vision_text: str
    year_kind: str
    loc: Loc
    locs: dict[str, Pos] = field(default_factory=dict, compare=False)
    ou: str | None = None
    """`ou`: the unit's organisational unit in Kolada, whose values its indicators are fetched for."""
    economy: dict[str, Economy] = field(default_factory=dict, compare=False)
    """Period (canonical text) → the unit's economy for it, in the file's order."""

    @property
    def path(self) -> str:
        return self.loc.path


@dataclass(frozen=True, slots=True)
class Decision:
    organ: str
    date: date | None
    paragraph: str


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    name: str
    description: str
    measure: str | None
    direction: str | None
    source: str
    baseline_period: str | None
    baseline_value: OutcomeValue | None
    weight: float
    frequency: str | None
    value_range: tuple[float | None, float | None] | None
    targets: dict[str, TargetValue]
    outcomes: dict[str, OutcomeValue]
    loc: Loc
    locs: dict[str, Pos] = field(default_factory=dict, compare=False)
    target_locs: dict[str, Pos] = field(default_factory=dict, compare=False)
    outcome_locs: dict[str, Pos] = field(default_factory=dict, compare=False)
    kolada: str | None = None
    """The Kolada KPI whose values are the outcomes (`kolada:`, or `källa: {kolada: …}`)."""
    gender: str = "T"
    """`kön`: T (totalt), K or M: which of the KPI's values is the outcome."""


@dataclass(frozen=True, slots=True)
class Assessment:
    period: str
    colour: str | None
    analysis: str
    forecast: str | None
    motivation: str
    loc: Loc
    locs: dict[str, Pos] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class Goal:
    id: str
    title: str
    description: str
    perspective: str
    contributes_to: tuple[str, ...]
    responsible: str
    start: date | None
    end: date | None
    decision: Decision | None
    indicators: tuple[Indicator, ...]
    assessments: dict[str, Assessment]
    unit_folder: str
    loc: Loc
    locs: dict[str, Pos] = field(default_factory=dict, compare=False)
    link_locs: tuple[Pos, ...] = field(default=(), compare=False)

    @property
    def path(self) -> str:
        return self.loc.path


@dataclass(frozen=True, slots=True)
class FollowUpEntry:
    period: str
    status: str | None
    comment: str


@dataclass(frozen=True, slots=True)
class Activity:
    id: str
    title: str
    description: str
    goals: tuple[str, ...]
    responsible: str
    start: date | None
    end: date | None
    status: str | None
    follow_ups: dict[str, FollowUpEntry]
    unit_folder: str
    loc: Loc
    locs: dict[str, Pos] = field(default_factory=dict, compare=False)
    link_locs: tuple[Pos, ...] = field(default=(), compare=False)

    @property
    def path(self) -> str:
        return self.loc.path


@dataclass(frozen=True, slots=True)
class Section:
    """A text section of a unit's verksamhetsplan."""

    unit_folder: str
    slug: str
    title: str
    markdown: str
    path: str
