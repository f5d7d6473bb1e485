"""Stage 2: turn checked documents into the frozen model. Tolerant: bad values were reported in stage 1."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from typing import Any

from styr.load.repo import Loaded, LoadedDoc
from styr.load.schema_files import DocKind
from styr.load.yamlio import YList, YMap
from styr.model import fulfilment_keys as keys
from styr.model import vocab
from styr.model.repository import OrderKey, Repository, code_point_order
from styr.model.types import (
    DEFAULT_REPORTING,
    Activity,
    Assessment,
    ColourModel,
    Decision,
    Economy,
    FocusArea,
    FollowUpEntry,
    Goal,
    Indicator,
    Level,
    Loc,
    ModelConfig,
    OpenData,
    Person,
    Perspective,
    Section,
    Unit,
    Vision,
    WheelItem,
)
from styr.model.vocab import PeriodKind, YearKind, YesNo

SECTION_ORDER = ("omvärldsanalys", "nulägesanalys", "ekonomi", "förbättringsområden")


def text(value: Any) -> str:
    """A value where text is meant: numbers are taken as written (`titel: 2030` is the text '2030')."""
    if type(value) is str:  # nearly every value (called about twenty times per goal file)
        return value.strip()
    if value is None or isinstance(value, dict | list):
        return ""
    if isinstance(value, bool):
        return YesNo.of(value).value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() if isinstance(value, str) else str(value)


def opt_text(value: Any) -> str | None:
    t = value.strip() if type(value) is str else text(value)
    return t or None


def as_date(value: Any) -> date | None:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def number(value: Any) -> float | None:
    """A finite number, or None: an integer too large for a float is no measurement (the loader keeps such
    numbers as text, but a document built by other means must not end the run with an OverflowError)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        result = float(value)
    except OverflowError:
        return None
    return result if math.isfinite(result) else None


def truth(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return vocab.truth(value)
    return None


_NO_MAP = YMap((1, 1))
_NO_LIST = YList((1, 1))
"""What a missing or mistyped mapping or list counts as: one of each, shared, since building only reads them."""


def mapping(value: Any) -> YMap:
    return value if isinstance(value, YMap) else _NO_MAP


def seq(value: Any) -> YList:
    """A list value; anything else (already reported as F02) counts as empty."""
    return value if isinstance(value, YList) else _NO_LIST


def text_list(value: Any) -> tuple[str, ...]:
    return tuple(t for t in (text(v) for v in seq(value)) if t)


def build(loaded: Loaded, order_key: OrderKey = code_point_order, wanted: Callable[[str, DocKind], bool] | None = None,
          *, release: bool = False) -> Repository:
    """Build the model from what stage 1 read; `order_key` orders names and ids as a person reads them. `wanted`:
    only the documents of these paths and kinds (the others are left out of the model, and not unpickled).
    `release`: the documents are not wanted afterwards; each goes once it is modelled (see Loaded.derived)."""
    config: ModelConfig | None = None
    vision: Vision | None = None
    units: list[Unit] = []
    goals: list[Goal] = []
    activities: list[Activity] = []
    # unpickled one at a time, or made where read (see Loaded)
    for kind, made in loaded.derived(derive, wanted, release=release):
        if kind is DocKind.STYRMODELL and isinstance(made, ModelConfig):
            config = made
        elif kind is DocKind.VISION and isinstance(made, Vision):
            vision = made
        elif kind is DocKind.STYRKORT and isinstance(made, Unit):
            units.append(made)
        elif kind is DocKind.MAL and isinstance(made, Goal):
            goals.append(made)
        elif kind is DocKind.AKTIVITET and isinstance(made, Activity):
            activities.append(made)
    sections = [_section(p, t) for p, t in loaded.markdown.items() if "/verksamhetsplan/" in p]
    sections.sort(key=_section_key)
    return Repository(
        config=config,
        vision=vision,
        units=tuple(units),
        goals=tuple(goals),
        activities=tuple(activities),
        sections=tuple(sections),
        files=tuple(loaded.files),
        orphan_folders=tuple(loaded.orphan_folders),
        order_key=order_key,
    )


def _value_classes() -> dict[str, type]:
    from dataclasses import is_dataclass

    from styr.model import types

    found = (getattr(types, name) for name in dir(types))
    return {f"{c.__module__}.{c.__qualname__}": c for c in found
            if isinstance(c, type) and is_dataclass(c) and c.__module__ == types.__name__}


MADE_OF: dict[str, type] = _value_classes()
"""The classes what `derive` makes is made of (by module and name): all the parse cache may unpickle of a model
it keeps (styr.load.cache.open_models)."""


def derive(ld: LoadedDoc) -> ModelConfig | Vision | Unit | Goal | Activity:
    """What the model makes of one document: the document alone decides it (and its path and unit folder), so it
    may be made wherever the file is read (styr.load.repo.Survey.load)."""
    kind = ld.kind
    if kind is DocKind.MAL:
        return _goal(ld)
    if kind is DocKind.AKTIVITET:
        return _activity(ld)
    if kind is DocKind.STYRKORT:
        return _unit(ld)
    if kind is DocKind.VISION:
        return _vision(ld)
    return _config(ld)


def item(ld: LoadedDoc) -> Goal | Activity | None:
    """The goal or activity of one document (None for a document of another kind)."""
    made = derive(ld) if ld.kind in (DocKind.MAL, DocKind.AKTIVITET) else None
    return made if isinstance(made, Goal | Activity) else None


def _config(ld: LoadedDoc) -> ModelConfig:
    d = ld.doc
    levels = []
    for i, raw in enumerate(seq(d.get("nivåer"))):
        m = mapping(raw)
        lid = text(m.get("id"))
        if lid:
            levels.append(Level(lid, text(m.get("namn")) or lid, i, truth(m.get("beslut_krävs")) is True,
                                opt_text(m.get("beslutsorgan"))))
    perspectives = []
    for raw in seq(d.get("perspektiv")):
        m = mapping(raw) if isinstance(raw, dict) else YMap((1, 1))
        name = text(m.get("namn")) if isinstance(raw, dict) else text(raw)
        if name:
            perspectives.append(Perspective(name, text(m.get("beskrivning"))))
    mandate = mapping(d.get("mandatperiod"))
    override = keys.colour_override(d.get("färgmodell"))
    colour = ColourModel().with_override(override)
    rules_map = mapping(d.get("regler"))
    rules = tuple((text(k), text(v)) for k, v in rules_map.items())
    publishing = mapping(d.get("publicering"))
    return ModelConfig(
        municipality=text(d.get("kommun")),
        levels=tuple(levels),
        perspectives=tuple(perspectives),
        mandate_start=as_date(mandate.get("start")),
        mandate_end=as_date(mandate.get("slut")),
        follow_up=text(d.get("uppföljning")) or PeriodKind.KVARTAL.value,
        reporting=text_list(d.get("rapportperioder")) or DEFAULT_REPORTING,
        colour=colour,
        wheel=_wheel(d.get("årshjul")),
        rule_overrides=rules,
        publishing=tuple(publishing.items()),
        closed_periods=text_list(d.get("stängda_perioder")),
        kolada_id=opt_text(mapping(d.get("kolada")).get("kommun")) or opt_text(d.get("kolada_id")),
        scale=keys.state_words(d.get("skala")),
        path=ld.path,
        rule_locs=rules_map.key_pos,
        publishing_locs=publishing.key_pos,
        kolada_group=opt_text(mapping(d.get("kolada")).get("jämförelsegrupp")),
        open_data=_open_data(d.get("öppna_data")),
        locs=d.val_pos,
        colour_override=override,
    )


def _wheel(value: Any) -> tuple[WheelItem, ...]:
    wheel = []
    for raw in seq(value):
        m = mapping(raw)
        month = number(m.get("månad"))
        if month is not None:
            wheel.append(WheelItem(int(month), text(m.get("titel")), text(m.get("beskrivning"))))
    return tuple(wheel)


def _open_data(value: Any) -> OpenData | None:
    if not isinstance(value, dict):
        return None
    return OpenData(opt_text(value.get("webbadress")), opt_text(value.get("licens")), opt_text(value.get("kontakt")))


def _vision(ld: LoadedDoc) -> Vision:
    d = ld.doc
    areas = []
    areas_raw = seq(d.get("målområden"))
    for i, raw in enumerate(areas_raw):
        m = mapping(raw)
        aid = text(m.get("id"))
        if aid:
            areas.append(FocusArea(aid, text(m.get("namn")), text(m.get("beskrivning")),
                                   Loc.at(ld.path, areas_raw.where(i)), m.val_pos))
    return Vision(text(d.get("titel")), text(d.get("text")), text_list(d.get("ledord")), tuple(areas), ld.path,
                  d.val_pos)


def _person(value: Any) -> Person | None:
    m = mapping(value)
    name = text(m.get("namn"))
    if not name:
        return None
    return Person(name, text(m.get("roll")), text(m.get("git")))


def _unit(ld: LoadedDoc) -> Unit:
    d = ld.doc
    folder = ld.unit_folder
    parts = folder.split("/")
    coord_raw = d.get("samordnare")
    coords = [_person(c) for c in seq(coord_raw)] if isinstance(coord_raw, list) else [_person(coord_raw)]
    return Unit(
        id=text(d.get("id")),
        name=text(d.get("namn")),
        level=text(d.get("nivå")),
        folder=folder,
        parent_folder="/".join(parts[:-1]) or None,
        depth=len(parts) - 1,
        organ=opt_text(d.get("organ")),
        chef=_person(d.get("chef")),
        coordinators=tuple(c for c in coords if c is not None),
        vision_text=text(d.get("vision")),
        year_kind=text(d.get("verksamhetsår")) or YearKind.KALENDERAR.value,
        loc=Loc.at(ld.path, d.pos),
        locs=d.val_pos,
        ou=opt_text(d.get("ou")),
        colour_override=keys.colour_override(d.get("färgmodell")),
        economy=_economy(ld.path, d.get("ekonomi")),
    )


def _economy(path: str, value: Any) -> dict[str, Economy]:
    """`ekonomi:` period → entry. Keys are taken as written: the schema check reports one that is no period."""
    raw = mapping(value)
    out: dict[str, Economy] = {}
    for period, entry in raw.items():
        m = mapping(entry)
        out[period] = Economy(
            period=period,
            budget=_amount(m.get("budget")),
            outcome=_amount(m.get("utfall")),
            forecast=_amount(m.get("prognos")),
            deviation=_amount(m.get("avvikelse")),
            comment=text(m.get("kommentar")),
            loc=Loc.at(path, raw.where_key(period)),
            locs=m.val_pos,
        )
    return out


def _amount(value: Any) -> float | None:
    # 1e999 is a valid YAML number but no amount: it would turn every sum into inf or nan.
    n = number(value)
    return n if n is not None and math.isfinite(n) else None


def _indicator(raw: Any, path: str, pos: tuple[int, int]) -> Indicator:
    m = mapping(raw)
    targets_raw, outcomes_raw = mapping(m.get("målvärde")), mapping(m.get("utfall"))
    targets = {k: t for k, v in targets_raw.items() if (t := keys.target(v)) is not None}
    outcomes = {k: o for k, v in outcomes_raw.items() if (o := keys.outcome(v)) is not None}
    # Only targets and outcomes written as mappings can say more than their value: most files have none.
    specs = {k: s for k, v in targets_raw.items() if isinstance(v, dict) and (s := keys.target_spec(v)) is not None}
    info = {k: i for k, v in outcomes_raw.items() if isinstance(v, dict) and (i := keys.outcome_info(v)) is not None}
    base = mapping(m.get("baslinje"))
    src = m.get("källa")
    source = ", ".join(f"{k}: {text(v)}" for k, v in src.items()) if isinstance(src, dict) else text(src)
    vr = m.get("värdeområde")
    value_range = (number(vr.get("min")), number(vr.get("max"))) if isinstance(vr, dict) else None
    weight = number(m.get("vikt"))
    return Indicator(
        id=text(m.get("id")),
        name=text(m.get("namn")),
        description=text(m.get("beskrivning")),
        measure=opt_text(m.get("enhet")),
        direction=opt_text(m.get("riktning")),
        source=source,
        baseline_period=opt_text(base.get("period")),
        baseline_value=keys.outcome(base.get("värde")),
        weight=weight if weight is not None and weight > 0 else 1.0,
        frequency=opt_text(m.get("mätfrekvens")),
        value_range=value_range,
        targets=targets,
        outcomes=outcomes,
        loc=Loc.at(path, pos),
        locs=m.val_pos,
        target_locs=targets_raw.val_pos,
        outcome_locs=outcomes_raw.val_pos,
        kolada=opt_text(m.get("kolada")) or (opt_text(src.get("kolada")) if isinstance(src, dict) else None),
        gender=opt_text(m.get("kön")) or "T",
        target_specs=specs,
        outcome_info=info,
        trend=keys.trend_rule(m.get("trend")) if "trend" in m else None,
        weighs_in=opt_text(m.get("vägs_in")),
        colour_rule=keys.colour_override(m.get("färgregel")),
        multi_year=keys.multi_year(m.get("flerårsmål")),
    )


def _goal(ld: LoadedDoc) -> Goal:
    d = ld.doc
    inds_raw = seq(d.get("indikatorer"))
    indicators = tuple(_indicator(r, ld.path, inds_raw.where(i)) for i, r in enumerate(inds_raw))
    assessments = {}
    ass_raw = mapping(d.get("bedömning"))
    for period, raw in ass_raw.items():
        m = mapping(raw)
        assessments[period] = Assessment(
            period=period,
            colour=opt_text(m.get("färg")),
            analysis=text(m.get("analys")),
            forecast=opt_text(m.get("prognos")),
            motivation=text(m.get("motivering")),
            loc=Loc.at(ld.path, ass_raw.where_key(period)),
            locs=m.val_pos,
            preliminary=truth(m.get("preliminär")) is True,
        )
    dec = d.get("beslut")
    decision = None
    if isinstance(dec, dict):
        decision = Decision(text(dec.get("organ")), as_date(dec.get("datum")), text(dec.get("paragraf")))
    links = seq(d.get("bidrar_till"))
    return Goal(
        id=text(d.get("id")),
        title=text(d.get("titel")),
        description=text(d.get("beskrivning")),
        perspective=text(d.get("perspektiv")),
        contributes_to=tuple(text(v) for v in links),
        responsible=text(d.get("ansvarig")),
        start=as_date(d.get("start")),
        end=as_date(d.get("slut")),
        decision=decision,
        indicators=indicators,
        assessments=assessments,
        unit_folder=ld.unit_folder,
        loc=Loc.at(ld.path, d.pos),
        locs=d.val_pos,
        link_locs=tuple(links.item_pos),
    )


def _activity(ld: LoadedDoc) -> Activity:
    d = ld.doc
    follow = {}
    for period, raw in mapping(d.get("uppföljning")).items():
        m = mapping(raw)
        follow[period] = FollowUpEntry(period, opt_text(m.get("status")), text(m.get("kommentar")))
    links = seq(d.get("mål"))
    return Activity(
        id=text(d.get("id")),
        title=text(d.get("titel")),
        description=text(d.get("beskrivning")),
        goals=tuple(text(v) for v in links),
        responsible=text(d.get("ansvarig")),
        start=as_date(d.get("start")),
        end=as_date(d.get("slut")),
        status=opt_text(d.get("status")),
        follow_ups=follow,
        unit_folder=ld.unit_folder,
        loc=Loc.at(ld.path, d.pos),
        locs=d.val_pos,
        link_locs=tuple(links.item_pos),
    )


def _section(path: str, markdown: str) -> Section:
    folder = path.split("/verksamhetsplan/", maxsplit=1)[0]
    slug = path.rsplit("/", 1)[-1].removesuffix(".md")
    title = slug.replace("-", " ").capitalize()
    for line in markdown.splitlines():
        if line.startswith("# "):
            title = line[2:].strip()
            break
    return Section(folder, slug, title, markdown, path)


def _section_key(s: Section) -> tuple[str, int, str]:
    rank = SECTION_ORDER.index(s.slug) if s.slug in SECTION_ORDER else len(SECTION_ORDER)
    return (s.unit_folder, rank, s.slug)
