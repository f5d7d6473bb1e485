"""Views of whole pages: the start page with the organisation, the vision and the årshjul, and each unit's
styrkort, målrapport and verksamhetsplan. Builds on goalview.py, which prepares the goals on them."""

from __future__ import annotations

from collections.abc import Sequence

from styr.model.types import Goal, Section, Unit
from styr.model.vocab import COLOURS, Colour
from styr.render.site import figures
from styr.render.site.economy import EconomyViews
from styr.render.site.goalview import GoalViews
from styr.render.site.safe import Safe
from styr.render.site.site import Slugs
from styr.render.site.view import (
    AreaView,
    DistTable,
    DistTableRow,
    EconomyView,
    GoalLink,
    IndexBody,
    Kind,
    Link,
    OrgNode,
    Page,
    PagePlan,
    PersonView,
    PerspectiveView,
    SectionView,
    SiteView,
    UnitBody,
    UnitPart,
    WheelEntry,
    hashes,
)
from styr.wording import values
from styr.wording.activities import STATUS_WORDS
from styr.wording.periods import long_date, month_name, period_name, report_name
from styr.wording.scale import distribution_text

KNOWN_SECTIONS = ("omvärldsanalys", "nulägesanalys", "ekonomi", "förbättringsområden")
_SECTION_TITLES = {
    "omvärldsanalys": "Trend- och omvärldsanalys",
    "nulägesanalys": "Nulägesanalys",
    "ekonomi": "Ekonomi och investeringar",
    "förbättringsområden": "Förbättringsområden",
}
# The unit's last change covers all its own files: the scorecard, goals, activities and plan sections.
_CHANGED = {Kind.STYRKORT: "Styrkortet senast ändrat", Kind.MALRAPPORT: "Styrkortet senast ändrat",
            Kind.VERKSAMHETSPLAN: "Verksamhetsplanen senast ändrad"}
_BEFORE_GOALS = ("omvärldsanalys", "nulägesanalys")  # a plan reads: outside world, now, goals, money, next steps


class ViewBuilder(GoalViews):
    """Builds one Page at a time from a ReportInput. Unit parts are cached: a målrapport page holds the parts
    of the units one level down, and each part is prepared once."""

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
        generated = (f"Skapad {long_date(self.d.today)} med styr {self.d.version}{source}. "
                     f"Rapportperiod: {self.period_name}.")
        return SiteView(
            municipality=municipality,
            home=Link(municipality, self._rel(here, self.index_path), here == self.index_path),
            accessibility=Link("Tillgänglighetsredogörelse", self.statement) if self.statement else None,
            generated=generated,
            period_name=self.period_name,
            legend=self.scale.levels,
            statuses=STATUS_WORDS,
            show_people=self.show_people,
            history_note=self.history_note() if here == self.index_path else "",
        )

    def _dist_table(self, fig_id: str, caption: str, label_heading: str,
                    rows: Sequence[tuple[str, dict[Colour, int]]]) -> DistTable:
        figure = figures.distribution(fig_id, caption, rows, self.scale) if self.d.fmt == "html" else None
        return DistTable(
            caption=caption,
            label_heading=label_heading,
            colours=self.scale.levels,
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
            WheelEntry(month_name(i.month), i.title, i.description, i.month == self.d.today.month)
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
            current_month=month_name(self.d.today.month),
            economy=self._economy(here, roots[0], h=2, anchor="ekonomi", link_self=True) if len(roots) == 1 and
            roots[0].folder in self.rendered else None,
        )
        title = f"{site.municipality}: mål och resultat"
        intro = (f"Styrkort, målrapporter och verksamhetsplaner för {site.municipality}, "
                 f"{report_name(self.d.period)}.")
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
        label = report_name(self.d.period)
        if kind is Kind.MALRAPPORT:
            # The report holds the unit's own part and each unit's one level down, as the kommun's delårsbokslut
            # holds each nämnd's; deeper levels are counted in the summary and have reports of their own.
            units = self._subtree(unit)
            parts = (self._part(unit, kind), *(self._part(c, kind) for c in self.repo.children.get(unit.folder, ())))
            slug = self.unit_slugs.get(unit.folder, unit.id)
            # A unit with none below has its colours in its own part: a summary would say the same again.
            overview = []
            if len(units) > 1:
                all_goals = [g for u in units for g in self._goals(u)]
                overview = [self._per_level_table(f"fig-{slug}-nivaer", "Måluppfyllelse per nivå", units),
                            self._per_perspective_table(f"fig-{slug}-persp-total", "Måluppfyllelse per perspektiv",
                                                        all_goals)]
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
                     f"{values.count(len(parts) - 1, 'enhet', 'enheter')} en nivå ned. Sammanfattningen räknar alla "
                     f"{values.count(below, 'underordnad enhet', 'underordnade enheter')}." if below else
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

    def _economy(self, here: str, unit: Unit, *, h: int, anchor: str, link_self: bool = False) -> EconomyView | None:
        """The economy of the unit and the units one level down, beside their goals. A part of a målrapport is
        shown on two pages (its own and the one a level up), so the rows link to the units' målrapporter."""
        def link(u: Unit) -> Link:
            return Link(u.name, "" if u is unit and not link_self else self._unit_href(here, u, Kind.MALRAPPORT))

        views = EconomyViews(self.repo, self.d.period, self.scale, lambda u: self._counts(self._goals(u)), link,
                             self._level_name)
        return views.view(unit, anchor=anchor, h=h)

    def _report_note(self) -> str:
        p = self.d.period
        if self.is_delar:
            return (f"Delårsbokslutet visar måluppfyllelsen per {long_date(p.end)} och prognosen för helåret "
                    f"{p.year}: det styrkortet visar följs upp och rapporteras nivå för nivå.")
        if self.is_bokslut and self.previous_period is not None:
            return (f"Bokslutet visar måluppfyllelsen för {period_name(p)} med analys, jämfört med föregående år "
                    f"({self.previous_period.text}).")
        return f"Uppföljning av mål och aktiviteter för {period_name(p)}."

    def _part(self, unit: Unit, kind: Kind) -> UnitPart:
        key = (unit.folder, kind)
        cached = self._parts.get(key)
        if cached is None:
            cached = self._parts[key] = self._make_part(unit, kind)
        return cached

    def _make_part(self, unit: Unit, kind: Kind) -> UnitPart:  # long — every section of a unit's part, in page order
        slug = self.unit_slugs.get(unit.folder, unit.id)
        here = self.unit_path(unit, kind)
        h = 2 if kind is Kind.MALRAPPORT else 1
        sub_h = h + 1
        # Styrkort and verksamhetsplan put the goals at the same heading level (under "Mål och
        # måluppfyllelse"): a goal looks the same on both, so it is prepared and rendered once for both.
        persp_h = sub_h if kind is Kind.MALRAPPORT else sub_h + 1
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
                hashes=hashes(persp_h),
                summary=distribution_text(self._counts(gs), every=True, scale=self.scale),
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
            hashes=hashes(h),
            sub_h=sub_h,
            sub_hashes=hashes(sub_h),
            level_name=self._level_name(unit),
            people=tuple(people),
            summary=(f"{values.count(len(goals), 'mål', 'mål')} under {self.year.text}: "
                     f"{distribution_text(self._counts(goals), every=True, scale=self.scale)}." if goals else ""),
            vision_heading="Visionen för enheten",
            vision=self._rich(vision_text, sub_h) if vision_text else Safe(""),
            sections_before=sections_before,
            goals_heading="" if kind is Kind.MALRAPPORT else "Mål och måluppfyllelse",
            distribution=distribution,
            perspectives=tuple(perspectives),
            no_goals_text="" if goals else f"Enheten har inga mål för {self.year.text}.",
            other_activities=others,
            other_activities_caption=f"Aktiviteter i {unit.name} som inte hör till något av enhetens mål",
            sections_after=sections_after,
            link=Link(f"{unit.name} ({self._level_name(unit).lower()})",
                      f"#enhet-{slug}" if self.ext == "html" else ""),
            last_change=self._unit_change(unit, _CHANGED[kind]),
            economy=self._economy(here, unit, h=sub_h, anchor=f"{slug}-ekonomi") if kind is Kind.MALRAPPORT else None,
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
            return SectionView(title, anchor, h, hashes(h), Safe(""), missing)
        lines = section.markdown.splitlines()
        # The first '# ' line is the section's title, shown as our own heading.
        body_lines = lines
        for i, line in enumerate(lines):
            if line.startswith("# "):
                body_lines = lines[:i] + lines[i + 1:]
                break
        return SectionView(section.title, anchor, h, hashes(h), self._rich("\n".join(body_lines), h - 1), "")

