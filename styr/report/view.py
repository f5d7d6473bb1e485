"""The view model: frozen dataclasses for the templates. Every computation of a report happens here (and in
figures.py and fmt.py); the templates only loop over and test what this module prepared."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Literal

from styr import periods
from styr.fulfilment.results import COLOURS, Colour, GoalResult, IndicatorResult
from styr.model.repository import Repository
from styr.model.types import Activity, Goal, Indicator, Section, Unit
from styr.periods import Period, PeriodError
from styr.report import figures, fmt
from styr.report.figures import Figure, period_or_none
from styr.report.fmt import ColourView, StatusView
from styr.report.markdown import to_html, to_markdown
from styr.report.safe import Safe
from styr.report.site import Slugs

Format = Literal["html", "md"]

KNOWN_SECTIONS = ("omvärldsanalys", "nulägesanalys", "ekonomi", "förbättringsområden")
_SECTION_TITLES = {
    "omvärldsanalys": "Trend- och omvärldsanalys",
    "nulägesanalys": "Nulägesanalys",
    "ekonomi": "Ekonomi och investeringar",
    "förbättringsområden": "Förbättringsområden",
}
_BEFORE_GOALS = ("omvärldsanalys", "nulägesanalys")  # a plan reads: outside world, now, goals, money, next steps


class Kind(StrEnum):
    STYRKORT = "styrkort"
    MALRAPPORT = "målrapport"
    VERKSAMHETSPLAN = "verksamhetsplan"

    @property
    def folder(self) -> str:
        """ASCII folder name: URLs stay plain on every web server."""
        return {"styrkort": "styrkort", "målrapport": "malrapport", "verksamhetsplan": "verksamhetsplan"}[self.value]

    @property
    def heading(self) -> str:
        return self.value.capitalize()


KINDS: tuple[Kind, ...] = tuple(Kind)


def parse_kind(text: str) -> Kind | None:
    """A kind as written on the command line; `malrapport` is the ASCII spelling of `målrapport`."""
    wanted = text.strip().casefold()
    for kind in Kind:
        if wanted in (kind.value, kind.folder):
            return kind
    return None


# -- the view model ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Link:
    text: str
    href: str  # empty when the target is not part of this output: then the text is shown without a link
    current: bool = False


@dataclass(frozen=True, slots=True)
class PersonView:
    role: str
    name: str


@dataclass(frozen=True, slots=True)
class DistTableRow:
    label: str
    counts: tuple[int, ...]  # in the order of DistTable.colours
    total: int


@dataclass(frozen=True, slots=True)
class DistTable:
    caption: str
    label_heading: str
    colours: tuple[ColourView, ...]
    rows: tuple[DistTableRow, ...]
    figure: Figure | None  # the same numbers as a picture (HTML only)


@dataclass(frozen=True, slots=True)
class IndicatorView:
    ref: str
    name: str
    description: str
    measure: str
    direction: str
    baseline: str
    source: str
    target: str
    outcome: str
    colour: ColourView
    reason: str
    previous_outcome: str
    history: str  # every outcome so far, as text
    trend: Figure | None
    indicator: Indicator = field(compare=False, repr=False)  # for the picture; templates have no use for it


@dataclass(frozen=True, slots=True)
class ActivityView:
    id: str
    title: str
    responsible: str
    start: str
    end: str
    status: StatusView
    comment: str
    goals: str


@dataclass(frozen=True, slots=True)
class ChainItem:
    text: str
    unit: str
    href: str
    colour: ColourView
    indent: Safe  # Markdown list indentation
    children: tuple[ChainItem, ...]
    current: bool = False  # so the item can be shown like any Link


@dataclass(frozen=True, slots=True)
class ChainView:
    figure: Figure | None
    items: tuple[ChainItem, ...]
    summary: str


@dataclass(frozen=True, slots=True)
class GoalView:
    id: str
    anchor: str
    title: str
    description: str
    h: int
    hashes: Safe
    sub_h: int
    sub_hashes: Safe
    perspective: str
    parents: tuple[Link, ...]
    responsible: str
    dates: str
    decision: str
    colour: ColourView
    indicator_colour: ColourView
    measured: str
    assessment_note: str
    period_note: str
    forecast: ColourView | None
    forecast_missing: bool
    previous: ColourView | None
    previous_label: str
    contributors: str
    analysis: Safe
    motivation: Safe
    explanation: tuple[str, ...]
    indicators: tuple[IndicatorView, ...]
    indicators_caption: str
    show_previous_outcome: bool
    activities: tuple[ActivityView, ...]
    activities_caption: str
    chain: ChainView | None
    chain_heading: str


@dataclass(frozen=True, slots=True)
class PerspectiveView:
    name: str
    description: str
    anchor: str
    h: int
    hashes: Safe
    summary: str
    goals: tuple[GoalView, ...]


@dataclass(frozen=True, slots=True)
class SectionView:
    title: str
    anchor: str
    h: int
    hashes: Safe
    body: Safe
    missing_text: str  # non-empty when the unit has not written this section


@dataclass(frozen=True, slots=True)
class UnitPart:
    id: str
    name: str
    anchor: str
    heading: str
    h: int
    hashes: Safe
    sub_h: int
    sub_hashes: Safe
    level_name: str
    people: tuple[PersonView, ...]
    summary: str
    vision_heading: str
    vision: Safe
    sections_before: tuple[SectionView, ...]
    goals_heading: str
    distribution: DistTable | None
    perspectives: tuple[PerspectiveView, ...]
    no_goals_text: str
    other_activities: tuple[ActivityView, ...]
    other_activities_caption: str
    sections_after: tuple[SectionView, ...]
    link: Link


@dataclass(frozen=True, slots=True)
class UnitBody:
    kind: str
    report_note: str
    summary_heading: str
    overview: tuple[DistTable, ...]
    toc: tuple[Link, ...]
    parts: tuple[UnitPart, ...]
    children: tuple[Link, ...]
    children_heading: str


@dataclass(frozen=True, slots=True)
class GoalLink:
    link: Link
    colour: ColourView


@dataclass(frozen=True, slots=True)
class AreaView:
    id: str
    anchor: str
    name: str
    description: str
    goals: tuple[GoalLink, ...]


@dataclass(frozen=True, slots=True)
class OrgNode:
    name: str
    level: str
    links: tuple[Link, ...]
    indent: Safe
    children: tuple[OrgNode, ...]


@dataclass(frozen=True, slots=True)
class WheelEntry:
    month: str
    title: str
    description: str
    current: bool


@dataclass(frozen=True, slots=True)
class IndexBody:
    vision_title: str
    vision: Safe
    values: tuple[str, ...]
    areas: tuple[AreaView, ...]
    org: tuple[OrgNode, ...]
    overview: tuple[DistTable, ...]
    wheel: Figure | None
    wheel_entries: tuple[WheelEntry, ...]
    current_month: str


@dataclass(frozen=True, slots=True)
class SiteView:
    municipality: str
    home: Link
    accessibility: Link | None
    generated: str
    period_name: str
    legend: tuple[ColourView, ...]
    statuses: tuple[StatusView, ...]
    show_people: bool


@dataclass(frozen=True, slots=True)
class Page:
    path: str
    title: str
    heading: str
    intro: str
    site: SiteView
    crumbs: tuple[Link, ...]
    kind_links: tuple[Link, ...]
    body: UnitBody | IndexBody


@dataclass(frozen=True, slots=True)
class PagePlan:
    path: str
    kind: Kind | None
    unit: Unit | None


@dataclass(frozen=True)
class ReportInput:
    """Everything a report is built from."""

    repo: Repository
    period: Period
    results: Mapping[str, GoalResult]
    previous: Mapping[str, GoalResult] | None  # bokslut: the previous year's results
    fmt: Format
    kinds: tuple[Kind, ...]
    units: tuple[Unit, ...]  # the units whose pages are written
    today: date
    version: str
    source_label: str = ""


def _hashes(level: int) -> Safe:
    return Safe("#" * max(1, min(6, level)))


def report_label(period: Period) -> str:
    """How the report names its period: 'delårsbokslut 2026', 'bokslut 2026', 'kvartal 3 2026'."""
    if period.kind is periods.PeriodKind.HALVAR and period.number == 1:
        return f"delårsbokslut {period.year}"
    if period.kind is periods.PeriodKind.HELAR:
        return f"bokslut {period.year}"
    return period.swedish_name


# -- the builder ------------------------------------------------------------------------------------------------


class ViewBuilder:
    """Builds one Page at a time from a ReportInput. Unit parts are cached: a målrapport page contains the
    parts of every unit below it, and each part is prepared once."""

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

    # -- the plan -----------------------------------------------------------------------------------------

    def plan(self) -> list[PagePlan]:
        pages = [PagePlan(self.index_path, None, None)]
        for unit in self.repo.walk():
            if unit.folder in self.rendered:
                pages.extend(PagePlan(self.unit_path(unit, k), k, unit) for k in self.d.kinds)
        return pages

    def build(self, plan: PagePlan) -> Page:
        if plan.unit is None or plan.kind is None:
            return self._index(plan.path)
        return self._unit_page(plan.path, plan.unit, plan.kind)

    def template_for(self, plan: PagePlan) -> str:
        name = "index" if plan.kind is None else plan.kind.folder
        return f"{self.d.fmt}/{name}.{self.ext}.j2"

    # -- common -------------------------------------------------------------------------------------------

    def _site(self, here: str) -> SiteView:
        config = self.repo.config
        municipality = config.municipality if config and config.municipality else "Kommunen"
        source = f" från {self.d.source_label}" if self.d.source_label else ""
        generated = (f"Skapad {fmt.long_date(self.d.today)} med styr {self.d.version}{source}. "
                     f"Rapportperiod: {self.d.period.swedish_name}.")
        return SiteView(
            municipality=municipality,
            home=Link(municipality, self._rel(here, self.index_path), here == self.index_path),
            accessibility=Link("Tillgänglighetsredogörelse", self.statement) if self.statement else None,
            generated=generated,
            period_name=self.d.period.swedish_name,
            legend=tuple(fmt.colour_view(c) for c in COLOURS),
            statuses=tuple(fmt.status_view(s) for s in ("planerad", "pågår", "genomförd", "försenad", "avbruten")),
            show_people=self.show_people,
        )

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

    def _dist_table(self, fig_id: str, caption: str, label_heading: str,
                    rows: Sequence[tuple[str, dict[Colour, int]]]) -> DistTable:
        figure = figures.distribution(fig_id, caption, rows) if self.d.fmt == "html" else None
        return DistTable(
            caption=caption,
            label_heading=label_heading,
            colours=tuple(fmt.colour_view(c) for c in COLOURS),
            rows=tuple(DistTableRow(label, tuple(c[k] for k in COLOURS), sum(c.values())) for label, c in rows),
            figure=figure,
        )

    def _by_perspective(self, goals: Sequence[Goal]) -> list[tuple[str, list[Goal]]]:
        names = list(self.repo.config.perspective_names) if self.repo.config else []
        groups: dict[str, list[Goal]] = {n: [] for n in names}
        for g in goals:
            groups.setdefault(g.perspective or "Utan perspektiv", []).append(g)
        return [(n, gs) for n, gs in groups.items() if gs or n in names]

    def _per_perspective_table(self, fig_id: str, caption: str, goals: Sequence[Goal]) -> DistTable:
        rows = [(name, self._counts(gs)) for name, gs in self._by_perspective(goals)]
        return self._dist_table(fig_id, caption, "Perspektiv", rows)

    def _per_level_table(self, fig_id: str, caption: str, units: Sequence[Unit]) -> DistTable:
        by_level: dict[str, list[Goal]] = {}
        order: list[str] = [lv.name for lv in self.repo.config.levels] if self.repo.config else []
        for u in units:
            by_level.setdefault(self._level_name(u), []).extend(self._goals(u))
        names = [n for n in order if n in by_level] + [n for n in by_level if n not in order]
        return self._dist_table(fig_id, caption, "Nivå", [(n, self._counts(by_level[n])) for n in names])

    # -- index ----------------------------------------------------------------------------------------------

    def _index(self, here: str) -> Page:
        site = self._site(here)
        vision = self.repo.vision
        roots = [u for u in self.repo.walk() if u.depth == 0]
        areas = []
        if vision is not None:
            for area in vision.areas:
                goals = tuple(
                    GoalLink(Link(f"{g.id} {g.title}", self._goal_href(here, g)), self._colour(g))
                    for g in self.repo.contributors.get(area.id, ())
                    if (u := self.repo.unit_of(g)) is not None and u.depth == 0
                )
                areas.append(AreaView(area.id, self.area_slugs.get(area.id, area.id), area.name, area.description,
                                      goals))
        shown_units = [u for u in self.repo.walk() if u.folder in self.rendered]
        overview: tuple[DistTable, ...] = ()
        if shown_units:
            overview = (
                self._per_level_table("fig-nivaer", "Måluppfyllelse per nivå", shown_units),
                self._per_perspective_table("fig-perspektiv", "Måluppfyllelse per perspektiv",
                                            [g for u in shown_units for g in self._goals(u)]),
            )
        items = self.repo.config.wheel if self.repo.config else ()
        wheel = None
        if items and self.d.fmt == "html":
            wheel = figures.wheel("fig-arshjul", "Årshjulet", items, self.d.today)
        entries = tuple(
            WheelEntry(fmt.MONTHS[i.month - 1], i.title, i.description, i.month == self.d.today.month)
            for i in sorted(items, key=lambda i: i.month) if 1 <= i.month <= 12
        )
        body = IndexBody(
            vision_title=vision.title if vision else "",
            vision=self._rich(vision.text, 2) if vision else Safe(""),
            values=vision.values if vision else (),
            areas=tuple(areas),
            org=tuple(self._org_node(here, u, 0) for u in sorted(roots, key=lambda u: u.folder)),
            overview=overview,
            wheel=wheel,
            wheel_entries=entries,
            current_month=fmt.MONTHS[self.d.today.month - 1],
        )
        title = f"{site.municipality}: mål och resultat"
        intro = (f"Styrkort, målrapporter och verksamhetsplaner för {site.municipality}, "
                 f"{report_label(self.d.period)}.")
        return Page(here, title, title, intro, site, (), (), body)

    def _org_node(self, here: str, unit: Unit, depth: int) -> OrgNode:
        links = tuple(Link(k.heading, self._unit_href(here, unit, k)) for k in self.d.kinds)
        kids = tuple(self._org_node(here, c, depth + 1) for c in self.repo.children.get(unit.folder, ()))
        return OrgNode(unit.name or unit.id, self._level_name(unit), links, Safe("  " * depth), kids)

    # -- unit pages -----------------------------------------------------------------------------------------

    def _unit_page(self, here: str, unit: Unit, kind: Kind) -> Page:
        site = self._site(here)
        chain_units: list[Unit] = []
        parent = self.repo.parent(unit)
        while parent is not None and parent not in chain_units:
            chain_units.insert(0, parent)
            parent = self.repo.parent(parent)
        crumbs = (Link("Start", site.home.href), *(Link(u.name, self._unit_href(here, u, kind)) for u in chain_units),
                  Link(unit.name, "", True))
        kind_links = tuple(Link(k.heading, self._unit_href(here, unit, k), k is kind) for k in self.d.kinds)
        children = tuple(Link(f"{c.name} ({self._level_name(c).lower()})", self._unit_href(here, c, kind))
                         for c in self.repo.children.get(unit.folder, ()))
        label = report_label(self.d.period)
        if kind is Kind.MALRAPPORT:
            # The report holds the unit's own part and each unit's one level down, as the kommun's delårsbokslut
            # holds each nämnd's; deeper levels are counted in the summary and have reports of their own.
            units = self._subtree(unit)
            parts = (self._part(unit, kind), *(self._part(c, kind) for c in self.repo.children.get(unit.folder, ())))
            all_goals = [g for u in units for g in self._goals(u)]
            slug = self.unit_slugs.get(unit.folder, unit.id)
            overview = [self._per_perspective_table(f"fig-{slug}-persp-total", "Måluppfyllelse per perspektiv",
                                                    all_goals)]
            if len(units) > 1:
                overview.insert(0, self._per_level_table(f"fig-{slug}-nivaer", "Måluppfyllelse per nivå", units))
            heading = f"Målrapport, {label}: {unit.name}"
            body = UnitBody(
                kind=kind.value,
                report_note=self._report_note(),
                summary_heading="Sammanfattning",
                overview=tuple(overview),
                toc=tuple(p.link for p in parts) if len(parts) > 1 else (),
                parts=parts,
                children=children,
                children_heading="Underordnade enheter",
            )
            below = len(units) - 1
            intro = (f"Måluppfyllelse för {unit.name}, {label}, med rapporterna från "
                     f"{fmt.count(len(parts) - 1, 'enhet', 'enheter')} en nivå ned. Sammanfattningen räknar alla "
                     f"{fmt.count(below, 'underordnad enhet', 'underordnade enheter')}." if below else
                     f"Måluppfyllelse för {unit.name}, {label}.")
        else:
            part = self._part(unit, kind)
            heading = part.heading
            note = ("Styrkortet samlar enhetens mål per perspektiv med indikatorer, aktiviteter och måluppfyllelse."
                    if kind is Kind.STYRKORT else
                    "Verksamhetsplanen består av styrkortet och enhetens analyser, ekonomi och förbättringsområden.")
            body = UnitBody(kind.value, note, "", (), (), (part,), children, "Underordnade enheter")
            intro = f"{self._level_name(unit)} · {label}"
        title = f"{heading} – {site.municipality}"
        return Page(here, title, heading, intro, site, crumbs, kind_links, body)

    def _report_note(self) -> str:
        p = self.d.period
        if self.is_delar:
            return (f"Delårsbokslutet visar måluppfyllelsen per {fmt.long_date(p.end)} och prognosen för helåret "
                    f"{p.year}: det styrkortet visar följs upp och rapporteras nivå för nivå.")
        if self.is_bokslut and self.previous_period is not None:
            return (f"Bokslutet visar måluppfyllelsen för {p.swedish_name} med analys, jämfört med föregående år "
                    f"({self.previous_period.text}).")
        return f"Uppföljning av mål och aktiviteter för {p.swedish_name}."

    def _part(self, unit: Unit, kind: Kind) -> UnitPart:
        key = (unit.folder, kind)
        cached = self._parts.get(key)
        if cached is None:
            cached = self._parts[key] = self._make_part(unit, kind)
        return cached

    def _make_part(self, unit: Unit, kind: Kind) -> UnitPart:
        slug = self.unit_slugs.get(unit.folder, unit.id)
        here = self.unit_path(unit, kind)
        h = 2 if kind is Kind.MALRAPPORT else 1
        sub_h = h + 1
        persp_h = sub_h + 1 if kind is Kind.VERKSAMHETSPLAN else sub_h
        goals = self._goals(unit)
        detailed = kind is not Kind.MALRAPPORT
        local = Slugs()  # perspective and section anchors: unique within the part, prefixed by the unit
        perspectives = []
        for name, gs in self._by_perspective(goals):
            if not gs:
                continue
            desc = ""
            if self.repo.config:
                desc = next((p.description for p in self.repo.config.perspectives if p.name == name), "")
            perspectives.append(PerspectiveView(
                name=name,
                description=desc,
                anchor=f"{slug}-perspektiv-{local.get(('p', name), name)}",
                h=persp_h,
                hashes=_hashes(persp_h),
                summary=figures.distribution_text(self._counts(gs)),
                goals=tuple(self._goal(here, g, persp_h + 1, detailed) for g in gs),
            ))
        linked = {a.id for g in goals for a in self._activities(unit, g)}
        others = tuple(self._activity(a) for a in self.repo.activities_by_unit.get(unit.folder, ())
                       if a.id not in linked and self._in_year(a.start, a.end))
        people = []
        if self.show_people:
            if unit.chef is not None:
                people.append(PersonView(unit.chef.role or "Chef", unit.chef.name))
            people.extend(PersonView(c.role or "Styrkortsamordnare", c.name) for c in unit.coordinators)
        sections_before: tuple[SectionView, ...] = ()
        sections_after: tuple[SectionView, ...] = ()
        if kind is Kind.VERKSAMHETSPLAN:
            sections_before, sections_after = self._sections(unit, sub_h, slug, local)
        titles = {Kind.STYRKORT: "Styrkort", Kind.VERKSAMHETSPLAN: f"Verksamhetsplan {self.year.text}",
                  Kind.MALRAPPORT: ""}
        heading = f"{titles[kind]}: {unit.name}" if titles[kind] else f"{unit.name} ({self._level_name(unit).lower()})"
        distribution = self._unit_distribution(unit, slug, goals)
        vision_text = unit.vision_text if kind is not Kind.MALRAPPORT else ""
        return UnitPart(
            id=unit.id,
            name=unit.name,
            anchor=f"enhet-{slug}",
            heading=heading,
            h=h,
            hashes=_hashes(h),
            sub_h=sub_h,
            sub_hashes=_hashes(sub_h),
            level_name=self._level_name(unit),
            people=tuple(people),
            summary=(f"{fmt.count(len(goals), 'mål', 'mål')} under {self.year.text}: "
                     f"{figures.distribution_text(self._counts(goals))}." if goals else ""),
            vision_heading="Visionen för enheten",
            vision=self._rich(vision_text, sub_h) if vision_text else Safe(""),
            sections_before=sections_before,
            goals_heading="Mål och måluppfyllelse" if kind is Kind.VERKSAMHETSPLAN else "",
            distribution=distribution,
            perspectives=tuple(perspectives),
            no_goals_text="" if goals else f"Enheten har inga mål för {self.year.text}.",
            other_activities=others,
            other_activities_caption=f"Aktiviteter i {unit.name} som inte hör till något av enhetens mål",
            sections_after=sections_after,
            link=Link(f"{unit.name} ({self._level_name(unit).lower()})",
                      f"#enhet-{slug}" if self.ext == "html" else ""),
        )

    def _unit_distribution(self, unit: Unit, slug: str, goals: Sequence[Goal]) -> DistTable | None:
        """The unit's colours per perspective: the same picture on each of its pages, drawn once."""
        if not goals:
            return None
        found = self._distributions.get(unit.folder)
        if found is None:
            found = self._distributions[unit.folder] = self._per_perspective_table(
                f"fig-{slug}-perspektiv", f"Måluppfyllelse i {unit.name}", goals)
        return found

    def _sections(self, unit: Unit, h: int, slug: str,
                  local: Slugs) -> tuple[tuple[SectionView, ...], tuple[SectionView, ...]]:
        have = {s.slug: s for s in self.repo.sections_by_unit.get(unit.folder, ())}
        before: list[SectionView] = []
        after: list[SectionView] = []
        for name in KNOWN_SECTIONS:
            view = self._section(have.get(name), name, h, f"{slug}-avsnitt-{local.get(('s', name), name)}")
            (before if name in _BEFORE_GOALS else after).append(view)
        extra = sorted((s for s in have.values() if s.slug not in KNOWN_SECTIONS), key=lambda s: s.slug)
        after.extend(self._section(s, s.slug, h, f"{slug}-avsnitt-{local.get(('s', s.slug), s.slug)}")
                     for s in extra)
        return tuple(before), tuple(after)

    def _section(self, section: Section | None, name: str, h: int, anchor: str) -> SectionView:
        if section is None:
            title = _SECTION_TITLES.get(name, name)
            missing = f"Avsnittet är inte skrivet ännu (verksamhetsplan/{name}.md)."
            return SectionView(title, anchor, h, _hashes(h), Safe(""), missing)
        lines = section.markdown.splitlines()
        # The first '# ' line is the section's title, shown as our own heading.
        body_lines = lines
        for i, line in enumerate(lines):
            if line.startswith("# "):
                body_lines = lines[:i] + lines[i + 1:]
                break
        return SectionView(section.title, anchor, h, _hashes(h), self._rich("\n".join(body_lines), h - 1), "")

    # -- goals ----------------------------------------------------------------------------------------------

    def _colour(self, goal: Goal) -> ColourView:
        r = self._result(goal)
        return fmt.colour_view(r.colour if r else Colour.SVART)

    def _activities(self, unit: Unit, goal: Goal) -> list[Activity]:
        return [a for a in self.repo.activities_by_goal.get(goal.id, ())
                if a.unit_folder == unit.folder and self._in_year(a.start, a.end)]

    def _goal(self, here: str, goal: Goal, h: int, detailed: bool) -> GoalView:
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
                                            fmt.day(d.date) if d.date else "", d.paragraph) if x)
        colour = fmt.colour_view(r.colour if r else Colour.SVART)
        ind_colour = fmt.colour_view(r.indicator_colour if r else Colour.SVART)
        measured = "ingen bedömning"
        if r is not None:
            measured = f"{r.measured} av {fmt.count(r.total, 'indikator mätt', 'indikatorer mätta')}"
        if r is None:
            note = "Målet har ingen beräknad måluppfyllelse (dubblett-id?)."
        elif r.assessed:
            note = "Total måluppfyllelse enligt ansvarig chefs bedömning, byggd på analysen."
        else:
            note = "Ingen bedömning för perioden: indikatorerna avgör måluppfyllelsen."
        period_note = ""
        if r is not None and r.period != self.d.period.text:
            try:
                period_note = f"Bedömt för {periods.parse_period(r.period).swedish_name} (enheten planerar per läsår)."
            except PeriodError:
                period_note = f"Bedömt för {r.period}."
        forecast = fmt.colour_view(r.forecast) if (r is not None and r.forecast is not None and self.is_delar) else None
        previous = None
        previous_label = ""
        prev_result = None
        if self.is_bokslut and self.d.previous is not None and self.previous_period is not None:
            prev_result = self.d.previous.get(goal.id)
            if prev_result is not None and prev_result.goal is goal:
                previous = fmt.colour_view(prev_result.colour)
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
            contributors = f"Bidragande mål en nivå ned: {figures.distribution_text(r.contributors)}."
        show_people = self.show_people
        return GoalView(
            id=goal.id,
            anchor=slug,
            title=goal.title,
            description=goal.description,
            h=h,
            hashes=_hashes(h),
            sub_h=min(h + 1, 6),
            sub_hashes=_hashes(h + 1),
            perspective=goal.perspective,
            parents=tuple(parents),
            responsible=goal.responsible if show_people else "",
            dates=fmt.span(goal.start, goal.end),
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
            indicators_caption=f"Indikatorer för {goal.id}, {self.d.period.swedish_name}",
            show_previous_outcome=bool(previous_label),
            activities=acts,
            activities_caption=f"Aktiviteter för {goal.id} under {self.year.text}",
            chain=chain,
            chain_heading=f"Målkedjan från {goal.id}",
        )

    def _indicator_results(self, goal: Goal, r: GoalResult | None) -> list[IndicatorResult]:
        if r is not None:
            return list(r.indicators)
        return [IndicatorResult(i, self.d.period.text, None, None, None, None, None, Colour.SVART, "Inte bedömd.")
                for i in goal.indicators]

    def _trend(self, goal: Goal, iv: IndicatorView, fig_id: str, until: date) -> Figure | None:
        if self.d.fmt != "html":
            return None
        return figures.trend(fig_id, iv.indicator, until, f"{goal.id}/{iv.indicator.id}: utfall och målvärden")

    def _indicator(self, goal: Goal, ir: IndicatorResult, prev: IndicatorResult | None, until: date) -> IndicatorView:
        ind = ir.indicator
        m = ind.measure
        target = fmt.value(ir.target, m)
        if ir.target is not None and ir.target_period and ir.target_period != ir.period:
            target += f" ({ir.target_period})"
        outcome = fmt.value(ir.outcome, m)
        if ir.outcome is not None and ir.outcome_period and ir.outcome_period != ir.period:
            outcome += f" ({ir.outcome_period})"
        previous = ""
        if prev is not None:
            previous = fmt.value(prev.outcome, m)
            if prev.outcome is not None and prev.outcome_period and prev.outcome_period != prev.period:
                previous += f" ({prev.outcome_period})"
        history = _history(ind, until)
        baseline = ""
        if ind.baseline_period and ind.baseline_value is not None:
            baseline = f"{fmt.value(ind.baseline_value, m)} ({ind.baseline_period})"
        return IndicatorView(
            ref=f"{goal.id}/{ind.id}",
            name=ind.name,
            description=ind.description,
            measure=m or "",
            direction=fmt.direction(ind.direction),
            baseline=baseline,
            source=ind.source,
            target=target,
            outcome=outcome,
            colour=fmt.colour_view(ir.colour),
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
            start=fmt.day(a.start),
            end=fmt.day(a.end),
            status=fmt.status_view(status),
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
                             fmt.colour_view(colour), Safe("  " * max(depth - 1, 0)), kids)

        root = item(goal, 0, frozenset({goal.id}))
        depth = max(d for d, _, _ in rows)
        counts: dict[Colour, int] = dict.fromkeys(COLOURS, 0)
        for _, _, c in rows[1:]:
            counts[c] += 1
        summary = (f"{fmt.count(len(rows) - 1, 'mål', 'mål')} på {fmt.count(depth, 'nivå', 'nivåer')} under "
                   f"{goal.id} bidrar till målet: {figures.distribution_text(counts)}.")
        figure = None
        if self.d.fmt == "html":
            figure = figures.chain(f"fig-{slug}-kedja", f"Målkedjan från {goal.id}", rows, summary)
        return ChainView(figure, root.children, summary)


def _history(ind: Indicator, until: date) -> str:
    values = []
    for key, v in ind.outcomes.items():
        p = period_or_none(key)
        if p is not None and p.end <= until:
            values.append((periods.sort_key(p), f"{p.text}: {fmt.value(v, ind.measure)}"))
    return "; ".join(text for _, text in sorted(values))

