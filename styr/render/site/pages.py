"""Views of whole pages: the start page with the organisation, the vision and the årshjul, each unit's styrkort,
målrapport and verksamhetsplan, and the list of every goal. Builds on goalview.py and overview.py."""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import replace

from styr.model.periods import PeriodKind
from styr.model.types import Goal, Section, Unit
from styr.model.vocab import Colour
from styr.render.site import figures
from styr.render.site.economy import EconomyViews
from styr.render.site.goalview import FULL, PLAN
from styr.render.site.overview import OverviewViews
from styr.render.site.safe import Safe
from styr.render.site.site import Slugs
from styr.render.site.view import (
    AllGoalsBody,
    AreaView,
    DistTable,
    DistTableRow,
    EconomyView,
    GoalLink,
    IndexBody,
    Kind,
    Link,
    Logo,
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
from styr.wording.periods import long_date, month_name, period_basis, period_name, report_name, report_title
from styr.wording.scale import distribution_text

KNOWN_SECTIONS = ("omvärldsanalys", "nulägesanalys", "ekonomi", "förbättringsområden")
_SECTION_TITLES = {
    "omvärldsanalys": "Trend- och omvärldsanalys",
    "nulägesanalys": "Nulägesanalys",
    "ekonomi": "Ekonomi och budgetram",
    "förbättringsområden": "Förbättringsområden",
}
# The unit's last change covers all its own files: the scorecard, goals, activities and plan sections.
_CHANGED = {Kind.STYRKORT: "Styrkortet senast ändrat", Kind.MALRAPPORT: "Styrkortet senast ändrat",
            Kind.VERKSAMHETSPLAN: "Verksamhetsplanen senast ändrad"}
_BEFORE_GOALS = ("omvärldsanalys", "nulägesanalys")  # a plan reads: outside world, now, goals, money, next steps
STYLESHEET = "stil.css"
LOGO = "logotyp"


def css_string(text: str) -> Safe:
    """`text` as a CSS string inside a <style> element: quotes, backslashes and line breaks escaped, and '<'
    too, so no user text can close the element."""
    out = ['"']
    for ch in text:
        if ch in '"\\<>&' or ord(ch) < 0x20 or ch == "\x7f":
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    out.append('"')
    return Safe("".join(out))


class ViewBuilder(OverviewViews):
    """Builds one Page at a time from a ReportInput. Unit parts are cached: a målrapport page holds the parts
    of the units one level down, and each part is prepared once."""

    # -- the plan -----------------------------------------------------------------------------------------

    def plan(self) -> list[PagePlan]:
        pages = [PagePlan(self.index_path, None, None)]
        pages.extend(PagePlan(path, None, None, n) for n, path in enumerate(self.all_goals_paths, 1))
        for unit in self.repo.walk():
            if unit.folder in self.rendered:
                pages.extend(PagePlan(self.unit_path(unit, k), k, unit) for k in self.d.kinds)
        return pages

    def build(self, plan: PagePlan) -> Page:
        if plan.number:
            return self._all_goals(plan.path, plan.number)
        if plan.unit is None or plan.kind is None:
            return self._index(plan.path)
        return self._unit_page(plan.path, plan.unit, plan.kind)

    def template_for(self, plan: PagePlan) -> str:
        name = "alla-mal" if plan.number else "index" if plan.kind is None else plan.kind.folder
        return f"{self.d.fmt}/{name}.{self.ext}.j2"

    # -- common -------------------------------------------------------------------------------------------

    @property
    def municipality(self) -> str:
        config = self.repo.config
        return config.municipality if config and config.municipality else "Kommunen"

    def _site(self, here: str) -> SiteView:
        """The frame every page shares. It differs only by where the page lies (its links to the start page,
        the stylesheet and 'Alla mål' are relative) and by which of those the page is: made once for each."""
        key = (posixpath.dirname(here) == "", here == self.index_path, here.startswith("alla-mal/"))
        found = self._sites.get(key)
        if found is None:
            found = self._sites[key] = self._make_site(here)
        return found

    def _make_site(self, here: str) -> SiteView:
        municipality = self.municipality
        source = f" från {self.d.source_label}" if self.d.source_label else ""
        generated = (f"Skapad {long_date(self.d.today)} med styr {self.d.version}{source}. "
                     f"Rapportperiod: {self.period_name}.")
        reporting = self._is_reporting()
        logo = None
        if self.d.logo is not None and self.ext == "html":
            logo = Logo(self._rel(here, f"{LOGO}.{self.d.logo[0]}"), f"{municipality}s logotyp")
        return SiteView(
            municipality=municipality,
            home=Link(municipality, self._page_href(here, self.index_path), here == self.index_path),
            accessibility=Link("Tillgänglighetsredogörelse", self.statement) if self.statement else None,
            generated=generated,
            period_name=self.period_name,
            legend=tuple(self.scale[c] for c in self.colours),
            statuses=STATUS_WORDS,
            show_people=self.show_people,
            history_note=self.history_note() if here == self.index_path else "",
            period_line=period_basis(self.d.period, self.d.latest_reporting, reporting, self.d.today),
            stylesheet=self._rel(here, STYLESHEET),
            logo=logo,
            all_goals=None if self.d.pdf else Link("Alla mål A–Ö", self._rel(here, self.all_goals_paths[0]),
                                                     here.startswith("alla-mal/")),
        )

    def _is_reporting(self) -> bool:
        """Whether the report's period is one of `rapportperioder` (helår, H1, T2 …)."""
        p = self.d.period
        code = "helår" if p.kind is PeriodKind.HELAR else p.text.partition("-")[2]
        return code in self.d.reporting

    def _page(self, here: str, heading: str, intro: str, site: SiteView, crumbs: tuple[Link, ...],
              kind_links: tuple[Link, ...], body: UnitBody | IndexBody | AllGoalsBody, report: str) -> Page:
        """A page; `report` names it in the running header of a printed page (kommun · report · period)."""
        title = heading if here == self.index_path else f"{heading} – {site.municipality}"
        header = css_string(f"{site.municipality} · {report} · {report_title(self.d.period)}")
        return Page(here, title, heading, intro, site, crumbs, kind_links, body, header)

    def _dist_table(self, fig_id: str, caption: str, label_heading: str,
                    rows: Sequence[tuple[str, dict[Colour, int]]]) -> DistTable:
        figure = figures.distribution(fig_id, caption, rows, self.scale, self.colours) if self.d.fmt == "html" else None
        return DistTable(
            caption=caption,
            label_heading=label_heading,
            colours=tuple(self.scale[c] for c in self.colours),
            rows=tuple(DistTableRow(label, tuple(c[k] for k in self.colours), sum(c.values())) for label, c in rows),
            figure=figure,
        )

    def _per_perspective_table(self, fig_id: str, caption: str, goals: Sequence[Goal]) -> DistTable:
        rows = [(name, self._counts(gs)) for name, gs in self.perspective_groups(goals)]
        return self._dist_table(fig_id, caption, "Perspektiv", rows)

    def _per_level_table(self, fig_id: str, caption: str, units: Sequence[Unit]) -> DistTable:
        by_level: dict[str, list[Goal]] = {}
        order: list[str] = [lv.name for lv in self.repo.config.levels] if self.repo.config else []
        for u in units:
            by_level.setdefault(self._level_name(u), []).extend(self._goals(u))
        names = [n for n in order if n in by_level] + [n for n in by_level if n not in order]
        return self._dist_table(fig_id, caption, "Nivå", [(n, self._counts(by_level[n])) for n in names])

    # -- index ----------------------------------------------------------------------------------------------

    def _areas(self, here: str) -> tuple[AreaView, ...]:
        vision = self.repo.vision
        if vision is None:
            return ()
        return tuple(
            AreaView(area.id, self.area_slugs.get(area.id, area.id), area.name, area.description, tuple(
                GoalLink(Link(f"{g.id} {g.title}", self._goal_href(here, g)), self._colour(g))
                for g in self.repo.contributors.get(area.id, ())
                if (u := self.repo.unit_of(g)) is not None and u.depth == 0))
            for area in vision.areas
        )

    def _index(self, here: str) -> Page:
        site = self._site(here)
        vision = self.repo.vision
        roots = [u for u in self.repo.walk() if u.depth == 0]
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
        top_goals = [g for u in roots if u.folder in self.rendered for g in self._goals(u)]
        body = IndexBody(
            vision_title=vision.title if vision else "",
            vision=self._rich(vision.text, 2) if vision else Safe(""),
            values=vision.values if vision else (),
            areas=self._areas(here),
            org=tuple(self._org_node(here, u, 0) for u in sorted(roots, key=lambda u: u.folder)),
            overview=overview,
            wheel=wheel,
            wheel_entries=entries,
            current_month=month_name(self.d.today.month),
            grid=self.overview(here, top_goals, f"Kommunens mål, {report_name(self.d.period)}", "kommunmalen",
                               below=True),
            economy=self._economy(here, roots[0], h=2, anchor="ekonomi", link_self=True) if len(roots) == 1 and
            roots[0].folder in self.rendered else None,
        )
        title = f"{site.municipality}: mål och resultat"
        intro = (f"Styrkort, målrapporter och verksamhetsplaner för {site.municipality}, "
                 f"{report_name(self.d.period)}.")
        return self._page(here, title, intro, site, (), (), body, "Mål och resultat")

    def _org_node(self, here: str, unit: Unit, depth: int) -> OrgNode:
        links = tuple(Link(k.heading, self._unit_href(here, unit, k)) for k in self.d.kinds)
        kids = tuple(self._org_node(here, c, depth + 1) for c in self.repo.children.get(unit.folder, ()))
        return OrgNode(unit.name or unit.id, self._level_name(unit), links, Safe("  " * depth), kids)

    def _all_goals(self, here: str, number: int) -> Page:
        site = self._site(here)
        body = self.all_goals_body(here, number)
        heading = "Alla mål A–Ö" + (f", sida {number}" if len(body.pages) > 1 else "")
        intro = (f"Varje mål i {site.municipality} under {self.year.text}, i bokstavsordning efter målets titel, med "
                 f"enhet och måluppfyllelse för {self.period_name}.")
        crumbs = (Link("Start", site.home.href), Link("Alla mål A–Ö", "", True))
        return self._page(here, heading, intro, site, crumbs, (), body, "Alla mål")

    # -- unit pages -----------------------------------------------------------------------------------------

    def _crumbs(self, here: str, unit: Unit, kind: Kind, site: SiteView) -> tuple[Link, ...]:
        chain_units: list[Unit] = []
        parent = self.repo.parent(unit)
        while parent is not None and parent not in chain_units:
            chain_units.insert(0, parent)
            parent = self.repo.parent(parent)
        return (Link("Start", site.home.href), *(Link(u.name, self._unit_href(here, u, kind)) for u in chain_units),
                Link(unit.name, "", True))

    def _unit_page(self, here: str, unit: Unit, kind: Kind) -> Page:
        site = self._site(here)
        kind_links = tuple(Link(k.heading, self._unit_href(here, unit, k), k is kind) for k in self.d.kinds)
        children = tuple(Link(f"{c.name} ({self._level_name(c).lower()})", self._unit_href(here, c, kind))
                         for c in self.repo.children.get(unit.folder, ()))
        label = report_name(self.d.period)
        grid = None
        if kind is not Kind.VERKSAMHETSPLAN:  # the same grid on the styrkort and the målrapport: made once
            if unit.folder not in self._grids:
                self._grids[unit.folder] = self.overview(here, self._goals(unit), f"Översikt: målen i {unit.name}",
                                                         "oversikt")
            grid = self._grids[unit.folder]
        if kind is Kind.MALRAPPORT:
            body, heading, intro = self._malrapport(unit, children, label)
            body = replace(body, grid=grid)
        else:
            part = self._part(unit, kind)
            heading = part.heading
            note = ("Styrkortet samlar enhetens mål per perspektiv med indikatorer, aktiviteter och måluppfyllelse."
                    if kind is Kind.STYRKORT else
                    "Verksamhetsplanen visar enhetens mål med aktiviteterna som ska nå dem, analyserna och "
                    "budgetramen. Indikatorer, utfall och måluppfyllelse finns i styrkortet.")
            body = UnitBody(kind.value, note, "", (), (), (part,), children, "Underordnade enheter", grid)
            intro = f"{self._level_name(unit)} · {label}"
        crumbs = self._crumbs(here, unit, kind, site)
        return self._page(here, heading, intro, site, crumbs, kind_links, body, f"{kind.heading} {unit.name}")

    def _malrapport(self, unit: Unit, children: tuple[Link, ...], label: str) -> tuple[UnitBody, str, str]:
        """The unit's own part and each unit's one level down, as the kommun's delårsbokslut holds each nämnd's;
        deeper levels are counted in the summary and have reports of their own."""
        units = self._subtree(unit)
        kind = Kind.MALRAPPORT
        parts = (self._part(unit, kind), *(self._part(c, kind) for c in self.repo.children.get(unit.folder, ())))
        slug = self.unit_slugs.get(unit.folder, unit.id)
        # A unit with none below has its colours in its own part: a summary would say the same again.
        overview = []
        if len(units) > 1:
            all_goals = [g for u in units for g in self._goals(u)]
            overview = [self._per_level_table(f"fig-{slug}-nivaer", "Måluppfyllelse per nivå", units),
                        self._per_perspective_table(f"fig-{slug}-persp-total", "Måluppfyllelse per perspektiv",
                                                    all_goals)]
        body = UnitBody(kind=kind.value, report_note=self._report_note(), summary_heading="Sammanfattning",
                        overview=tuple(overview), toc=tuple(p.link for p in parts) if len(parts) > 1 else (),
                        parts=parts, children=children, children_heading="Underordnade enheter")
        below = len(units) - 1
        intro = (f"Måluppfyllelse för {unit.name}, {label}, med rapporterna från "
                 f"{values.count(len(parts) - 1, 'enhet', 'enheter')} en nivå ned. Sammanfattningen räknar alla "
                 f"{values.count(below, 'underordnad enhet', 'underordnade enheter')}." if below else
                 f"Måluppfyllelse för {unit.name}, {label}.")
        return body, f"Målrapport, {label}: {unit.name}", intro

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

    def _perspectives(self, unit: Unit, kind: Kind, goals: Sequence[Goal], persp_h: int,
                      local: Slugs) -> tuple[PerspectiveView, ...]:
        slug = self.unit_slugs.get(unit.folder, unit.id)
        here = self.unit_path(unit, kind)
        detail = PLAN if kind is Kind.VERKSAMHETSPLAN else FULL
        described = {p.name: p.description for p in self.repo.config.perspectives} if self.repo.config else {}
        return tuple(
            PerspectiveView(
                name=name,
                description=described.get(name, ""),
                anchor=f"{slug}-perspektiv-{local.get(('p', name), name)}",
                h=persp_h,
                hashes=hashes(persp_h),
                summary="" if detail == PLAN else distribution_text(self._counts(gs), every=True, scale=self.scale),
                goals=tuple(self._goal(here, g, persp_h + 1, detail) for g in gs),
                chains=tuple(self.chain_of(here, g, persp_h + 2) for g in gs) if kind is Kind.STYRKORT else (),
            )
            for name, gs in self.perspective_groups(goals) if gs
        )

    def _people(self, unit: Unit) -> tuple[PersonView, ...]:
        if not self.show_people:
            return ()
        people = [PersonView(unit.chef.role or "Chef", unit.chef.name)] if unit.chef is not None else []
        people.extend(PersonView(c.role or "Styrkortsamordnare", c.name) for c in unit.coordinators)
        return tuple(people)

    def _make_part(self, unit: Unit, kind: Kind) -> UnitPart:
        slug = self.unit_slugs.get(unit.folder, unit.id)
        h = 2 if kind is Kind.MALRAPPORT else 1
        sub_h = h + 1
        # Styrkort and verksamhetsplan put the goals at the same heading level as the målrapport (under "Mål och
        # måluppfyllelse"): a goal looks the same on styrkort and målrapport, so it is prepared and rendered once.
        persp_h = sub_h if kind is Kind.MALRAPPORT else sub_h + 1
        goals = self._goals(unit)
        local = Slugs()  # perspective and section anchors: unique within the part, prefixed by the unit
        linked = {a.id for g in goals for a in self._activities(unit, g)}
        others = tuple(self._activity(a) for a in self.repo.activities_by_unit.get(unit.folder, ())
                       if a.id not in linked and self._in_year(a.start, a.end))
        sections_before: tuple[SectionView, ...] = ()
        sections_after: tuple[SectionView, ...] = ()
        if kind is Kind.VERKSAMHETSPLAN:
            sections_before, sections_after = self._sections(unit, sub_h, slug, local)
        titles = {Kind.STYRKORT: "Styrkort", Kind.VERKSAMHETSPLAN: f"Verksamhetsplan {self.year.text}",
                  Kind.MALRAPPORT: ""}
        heading = f"{titles[kind]}: {unit.name}" if titles[kind] else f"{unit.name} ({self._level_name(unit).lower()})"
        vision_text = unit.vision_text if kind is not Kind.MALRAPPORT else ""
        return UnitPart(
            id=unit.id, name=unit.name, anchor=f"enhet-{slug}", heading=heading, h=h, hashes=hashes(h), sub_h=sub_h,
            sub_hashes=hashes(sub_h), level_name=self._level_name(unit), people=self._people(unit),
            summary=(f"{values.count(len(goals), 'mål', 'mål')} under {self.year.text}: "
                     f"{distribution_text(self._counts(goals), every=True, scale=self.scale)}." if goals else ""),
            vision_heading="Visionen för enheten",
            vision=self._rich(vision_text, sub_h) if vision_text else Safe(""),
            sections_before=sections_before,
            goals_heading="" if kind is Kind.MALRAPPORT else
            "Mål och aktiviteter" if kind is Kind.VERKSAMHETSPLAN else "Mål och måluppfyllelse",
            distribution=self._unit_distribution(unit, slug, goals) if kind is not Kind.VERKSAMHETSPLAN else None,
            perspectives=self._perspectives(unit, kind, goals, persp_h, local),
            no_goals_text="" if goals else f"Enheten har inga mål för {self.year.text}.",
            other_activities=others,
            other_activities_caption=f"Aktiviteter i {unit.name} som inte hör till något av enhetens mål",
            sections_after=sections_after,
            link=Link(f"{unit.name} ({self._level_name(unit).lower()})",
                      f"#enhet-{slug}" if self.ext == "html" else ""),
            last_change=self._unit_change(unit, _CHANGED[kind]),
            decision_changes=self.decision_changes(unit, sub_h, slug) if kind is not Kind.VERKSAMHETSPLAN else None,
            # A part is shared by the unit's page and the one a level up; both lie one folder down, so links agree.
            economy=self._economy(self.unit_path(unit, kind), unit, h=sub_h, anchor=f"{slug}-ekonomi")
            if kind is Kind.MALRAPPORT else None,
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

