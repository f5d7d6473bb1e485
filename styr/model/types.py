"""The steering model as frozen dataclasses: configuration, vision, units, goals, indicators, activities."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import field, fields, is_dataclass, replace
from datetime import date
from types import MemberDescriptorType
from typing import Any

from styr.frozen import frozen

Pos = tuple[int, int]

TargetValue = float | tuple[float, float] | bool
"""A target's plain value: a number; (min, max) for `intervall`; True/False for `uppnått`. A target written as a
bound or relative to something carries its full form in `Indicator.target_specs` too."""
OutcomeValue = float | bool

ColourOverride = tuple[tuple[str, Any], ...]
"""Fields of a `ColourModel` set by a unit's `färgmodell` or an indicator's `färgregel`: (field name, value)."""


@frozen
class Loc:
    """Where something stands: repository-relative POSIX path, 1-based line and column."""

    path: str
    line: int = 1
    column: int = 1

    @staticmethod
    def at(path: str, pos: Pos) -> Loc:
        return Loc(path, pos[0], pos[1])


@frozen
class Level:
    id: str
    name: str
    index: int
    decision_required: bool = False
    decision_body: str | None = None


@frozen
class Perspective:
    name: str
    description: str = ""


@frozen
class ColourModel:
    """The numbers of the fulfilment model (docs/fargmodell.md), all configurable in styrmodell.yaml; a unit's
    `färgmodell` and an indicator's `färgregel` change some of them (`with_override`)."""

    model: str = "standard"
    yellow_margin: float = 0.10
    yellow_on_improvement: bool = False
    scores: tuple[float, float, float] = (1.0, 0.5, 0.0)
    thresholds: tuple[float, float] = (0.8, 0.4)
    share_yellow: float = 0.8
    green_from: float = 1.0  # andel_av_målvärdet: the share of the target from which an outcome is grön
    rounding: int | None = None  # decimals an outcome (standard) or a share in per cent (andel) is rounded to
    preliminary_counts: bool = False  # preliminära_utfall: räknas
    goals_without_indicators: str = "svart"  # svart | bidragande
    contributor_method: str = "poäng"  # poäng | andel_grön

    def with_override(self, override: ColourOverride) -> ColourModel:
        """The model with the fields an override sets; the same object when it sets none."""
        return replace(self, **dict(override)) if override else self


@frozen
class StateWords:
    """`skala:` in styrmodell.yaml: a kommun's own word, meaning, symbol and emoji for one colour or state; None
    keeps styr's default."""

    state: str
    word: str | None = None
    label: str | None = None
    symbol: str | None = None
    emoji: str | None = None


@frozen
class WheelItem:
    month: int
    title: str
    description: str = ""


DEFAULT_REPORTING = ("H1", "helår")
"""The reporting periods of a year when styrmodell.yaml names none: the delårsbokslut and the bokslut."""


@frozen
class OpenData:
    """`öppna_data:` in styrmodell.yaml: where the published site lives and on what terms its data is given."""

    url: str | None = None
    licence: str | None = None
    contact: str | None = None


@frozen
class ModelConfig:
    """styrmodell.yaml."""

    municipality: str
    levels: tuple[Level, ...]
    perspectives: tuple[Perspective, ...]
    mandate_start: date | None
    mandate_end: date | None
    follow_up: str = "kvartal"
    reporting: tuple[str, ...] = DEFAULT_REPORTING
    """`rapportperioder`: the periods of a year reported to the fullmäktige (H1, T2, helår …); the report's
    default period is the latest of them that has ended."""
    colour: ColourModel = field(default_factory=ColourModel)
    wheel: tuple[WheelItem, ...] = ()
    rule_overrides: tuple[tuple[str, str], ...] = ()
    publishing: tuple[tuple[str, Any], ...] = ()
    closed_periods: tuple[str, ...] = ()
    kolada_id: str | None = None
    scale: tuple[StateWords, ...] = ()
    path: str = "styrmodell.yaml"
    rule_locs: Mapping[str, Pos] = field(default_factory=dict, compare=False)
    publishing_locs: Mapping[str, Pos] = field(default_factory=dict, compare=False)
    kolada_group: str | None = None
    """`kolada: jämförelsegrupp`: the Kolada group whose average is the reference value `liknande`."""
    open_data: OpenData | None = None
    locs: Mapping[str, Pos] = field(default_factory=dict, compare=False)
    colour_override: ColourOverride = ()  # the keys `färgmodell:` sets, as written (for the rules)

    def level(self, level_id: str) -> Level | None:
        for lv in self.levels:
            if lv.id == level_id:
                return lv
        return None

    @property
    def perspective_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.perspectives)


@frozen
class FocusArea:
    id: str
    name: str
    description: str
    loc: Loc
    locs: Mapping[str, Pos] = field(default_factory=dict, compare=False)
    """Where each value of the målområde stands (namn, beskrivning …), for the findings about it."""


@frozen
class Vision:
    title: str
    text: str
    values: tuple[str, ...]
    areas: tuple[FocusArea, ...]
    path: str = "vision.yaml"
    locs: Mapping[str, Pos] = field(default_factory=dict, compare=False)
    """Where each value of vision.yaml stands (titel, text …), for the findings about it."""


@frozen
class Person:
    name: str
    role: str = ""
    git: str = ""


@frozen
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
    locs: Mapping[str, Pos] = field(default_factory=dict, compare=False)


@frozen
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
    locs: Mapping[str, Pos] = field(default_factory=dict, compare=False)
    ou: str | None = None
    """`ou`: the unit's organisational unit in Kolada, whose values its indicators are fetched for."""
    colour_override: ColourOverride = ()  # `färgmodell:` in the styrkort, for the unit's subtree
    economy: dict[str, Economy] = field(default_factory=dict, compare=False)
    """Period (canonical text) → the unit's economy for it, in the file's order."""

    @property
    def path(self) -> str:
        return self.loc.path


@frozen
class Decision:
    organ: str
    date: date | None
    paragraph: str


@frozen
class Bound:
    """A target written as a bound: `{minst: 90}`, `{över: 40}` (strict), `{högst: 5}`, `{under: 5}` (strict), or
    an interval with either kind of edge, `{min: 2, under: 4}`. `keys` are the keys as written, for messages."""

    low: float | None = None
    high: float | None = None
    low_strict: bool = False
    high_strict: bool = False
    keys: tuple[str, ...] = ()


@frozen
class RelativeTarget:
    """A target relative to something measured: `{jämfört_med: 2015, förändring: "-25 %"}`. `base` is
    föregående, baslinje, a period (`2015`) or the name of a reference value (`riket`); `change` is None for the
    base itself, else added (`relative`: in per cent of the base); `strict`: the base itself is not enough."""

    base: str
    change: float | None = None
    relative: bool = False
    strict: bool = False
    change_text: str = ""


TargetSpec = Bound | RelativeTarget


@frozen
class OutcomeInfo:
    """What an outcome in its long form says beside its value: `{värde: 85.2, avser: 2025, preliminärt: ja,
    referens: {riket: 81.2}}`."""

    preliminary: bool = False
    about: str | None = None  # the period the value is about, when it differs from the key (reported later)
    references: tuple[tuple[str, float], ...] = ()

    def reference(self, name: str) -> float | None:
        for key, value in self.references:
            if key == name:
                return value
        return None


@frozen
class TrendRule:
    """`trend:` of an indicator: what the outcome is compared with, and the change that still counts as
    unchanged (`tolerance`, in the indicator's unit, or per cent of the reference when `relative`)."""

    compare_with: str = "föregående"
    tolerance: float = 0.0
    relative: bool = False


@frozen
class MultiYearTarget:
    """`flerårsmål:` a target over several periods: the outcomes from `start` to `end` (period texts) combined by
    `method` (genomsnitt, summa, senaste) and judged against `target` (`spec` when written as a bound)."""

    start: str
    end: str
    method: str
    target: TargetValue | None
    spec: TargetSpec | None = None


@frozen
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
    locs: Mapping[str, Pos] = field(default_factory=dict, compare=False)
    target_locs: Mapping[str, Pos] = field(default_factory=dict, compare=False)
    outcome_locs: Mapping[str, Pos] = field(default_factory=dict, compare=False)
    kolada: str | None = None
    """The Kolada KPI whose values are the outcomes (`kolada:`, or `källa: {kolada: …}`)."""
    gender: str = "T"
    """`kön`: T (totalt), K or M: which of the KPI's values is the outcome."""
    target_specs: dict[str, TargetSpec] = field(default_factory=dict)
    """Targets written as a mapping with bounds or relative to something (the key may be missing in `targets`
    when no plain number stands for it: a relative target)."""
    outcome_info: dict[str, OutcomeInfo] = field(default_factory=dict)
    """Outcomes written in the long form, by key."""
    trend: TrendRule | None = None
    weighs_in: str | None = None
    colour_rule: ColourOverride = ()
    multi_year: MultiYearTarget | None = None


@frozen
class Assessment:
    period: str
    colour: str | None
    analysis: str
    forecast: str | None
    motivation: str
    loc: Loc
    locs: Mapping[str, Pos] = field(default_factory=dict, compare=False)
    preliminary: bool = False  # `preliminär: ja`: written before the period ended, on purpose (a prognosis)


@frozen
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
    locs: Mapping[str, Pos] = field(default_factory=dict, compare=False)
    link_locs: tuple[Pos, ...] = field(default=(), compare=False)

    @property
    def path(self) -> str:
        return self.loc.path


@frozen
class FollowUpEntry:
    period: str
    status: str | None
    comment: str


@frozen
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
    locs: Mapping[str, Pos] = field(default_factory=dict, compare=False)
    link_locs: tuple[Pos, ...] = field(default=(), compare=False)

    @property
    def path(self) -> str:
        return self.loc.path


@frozen
class Section:
    """A text section of a unit's verksamhetsplan."""

    unit_folder: str
    slug: str
    title: str
    markdown: str
    path: str


def quick_pickling(classes: Iterable[object]) -> None:
    """Give each slotted dataclass among `classes` the pickling dataclasses gives it (its values in field order),
    without looking its fields up again for every object: unpickling the model of 20,000 files (sent back by the
    processes that read them, or kept by the parse cache) spent half its time in `dataclasses.fields`. The values
    are read by one C call (operator.attrgetter) and set through the slots' own descriptors, as a frozen dataclass's
    `__init__` sets them past its `__setattr__`: each a fifth faster again than a loop over the names."""
    for cls in classes:
        if isinstance(cls, type) and is_dataclass(cls) and "__slots__" in cls.__dict__:
            names = tuple(f.name for f in fields(cls))
            setattr(cls, "__getstate__", _getstate(names))  # noqa: B010 — replaces what dataclasses made
            setattr(cls, "__setstate__", _setstate(cls, names))  # noqa: B010


def _getstate(names: tuple[str, ...]) -> Callable[[object], tuple[object, ...]]:
    if len(names) < 2:  # attrgetter gives one value itself, not in a tuple
        def one(self: object) -> tuple[object, ...]:
            return tuple(getattr(self, name) for name in names)

        return one
    values = operator.attrgetter(*names)

    def getstate(self: object) -> tuple[object, ...]:
        return values(self)

    return getstate


def _setstate(cls: type, names: tuple[str, ...]) -> Callable[[object, Sequence[object]], None]:
    slots = [cls.__dict__.get(name) for name in names]
    if all(isinstance(slot, MemberDescriptorType) for slot in slots):
        setters = tuple(slot.__set__ for slot in slots)  # type: ignore[union-attr]

        def setstate(self: object, state: Sequence[object]) -> None:
            for put, value in zip(setters, state, strict=True):
                put(self, value)

        return setstate
    assign = object.__setattr__  # slots of a base class: as a frozen dataclass's own __init__ does

    def assigned(self: object, state: Sequence[object]) -> None:
        for name, value in zip(names, state, strict=True):
            assign(self, name, value)

    return assigned


quick_pickling(list(globals().values()))
