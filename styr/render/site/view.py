"""The view model: the frozen dataclasses the templates receive. They are prepared in full by goalview.py and
pages.py (with figures.py and styr.wording); templates only loop over them and test them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Literal

from styr.frozen import frozen
from styr.fulfilment.results import GoalResult
from styr.model.periods import Period
from styr.model.repository import Repository
from styr.model.types import Indicator, Unit
from styr.model.vocab import COLOURS, CORE_COLOURS, Colour
from styr.render.site.figures import Figure
from styr.render.site.safe import Safe
from styr.wording.activities import StatusWords
from styr.wording.change import ChangeWords
from styr.wording.scale import DEFAULT_SCALE, ColourWords, Scale

if TYPE_CHECKING:  # the history module (and Git) is only loaded when a report reads the history
    from styr.history.log import LastChanges

Format = Literal["html", "md"]


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


@frozen
class Link:
    text: str
    href: str  # empty when the target is not part of this output: then the text is shown without a link
    current: bool = False


@frozen
class ChangeView:
    """The commit that last changed a goal or a unit, as much of it as `publicering: historik` lets a public page
    show: 'Senast ändrad 2026-10-03' (datum), '… av förvaltningschef' (roll), '… av Karin Ek (a1b2c3d4): Utfall
    Q3 inlagt' (allt, or an internal site). Author and message are user text; templates escape them."""

    label: str  # Senast ändrad, Styrkortet senast ändrat …
    date_text: str  # 2026-10-03, the author's own date
    who: str  # the author's name (allt) or role (roll); empty otherwise
    short: str  # the commit's short id (allt); empty otherwise
    message: str  # the commit message's first line, shortened when long (allt); empty otherwise


@frozen
class PersonView:
    role: str
    name: str


@frozen
class DistTableRow:
    label: str
    counts: tuple[int, ...]  # in the order of DistTable.colours
    total: int


@frozen
class DistTable:
    caption: str
    label_heading: str
    colours: tuple[ColourWords, ...]
    rows: tuple[DistTableRow, ...]
    figure: Figure | None  # the same numbers as a picture (HTML only)


@frozen
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
    colour: ColourWords
    reason: str
    previous_outcome: str
    history: str  # every outcome so far as text, in Markdown (in HTML the trend picture's text says it)
    trend: Figure | None
    indicator: Indicator = field(compare=False, repr=False)  # for the picture; templates have no use for it


@frozen
class ActivityView:
    id: str
    title: str
    responsible: str
    start: str
    end: str
    status: StatusWords
    comment: str
    goals: str


@frozen
class ChainItem:
    text: str
    unit: str
    href: str
    colour: ColourWords
    indent: Safe  # Markdown list indentation
    children: tuple[ChainItem, ...]
    current: bool = False  # so the item can be shown like any Link


@frozen
class ChainView:
    """A goal's chain on its styrkort, right after the goal: shown by _chain.html.j2 / _chain.md.j2."""

    figure: Figure | None
    items: tuple[ChainItem, ...]
    summary: str
    note: str = ""  # the list shows the levels that fit; the note says how many goals it leaves out
    heading: str = ""  # Målkedjan från KF-M1
    anchor: str = ""
    h: int = 5
    hashes: Safe = field(default_factory=lambda: Safe("#####"))


@frozen
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
    colour: ColourWords
    indicator_colour: ColourWords
    measured: str
    assessment_note: str
    period_note: str
    forecast: ColourWords | None
    forecast_missing: bool
    previous: ColourWords | None
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
    last_change: ChangeView | None
    show_people: bool  # the responsible person's column in the activity table
    change: ChangeWords | None = None  # the colour's change since the earlier period (arrow and word)
    plan: bool = False  # the verksamhetsplan's view: the goal and its activities; the rest is on the styrkort
    more: Link | None = None  # the verksamhetsplan's link to the goal on the styrkort
    details_label: str = ""  # the summary line of the folded details (indicators, analysis, activities)


@frozen
class PerspectiveView:
    name: str
    description: str
    anchor: str
    h: int
    hashes: Safe
    summary: str
    goals: tuple[GoalView, ...]
    chains: tuple[ChainView | None, ...] = ()  # on the styrkort: each goal's chain, in the order of `goals`


@frozen
class SectionView:
    title: str
    anchor: str
    h: int
    hashes: Safe
    body: Safe
    missing_text: str  # non-empty when the unit has not written this section


@frozen
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
    last_change: ChangeView | None
    decision_changes: DecisionChanges | None = None
    economy: EconomyView | None = None
    """The unit's economy beside its goal fulfilment (the målrapport), shown by _ekonomi.html.j2/_ekonomi.md.j2."""


@frozen
class DecisionChange:
    """One goal (or indicator) changed since the decision: what, how, and the changed values in words."""

    text: str
    status: str  # tillagd, borttagen, flyttad, ändrad
    details: tuple[str, ...]
    link: Link


@frozen
class DecisionChanges:
    """'Förändringar sedan beslutet': goals, targets and indicators changed since the last adopted decision."""

    heading: str
    anchor: str
    h: int
    hashes: Safe
    intro: str
    items: tuple[DecisionChange, ...]


@frozen
class GridGoal:
    """One goal in the overview grid: link, colour, the change since the earlier period, and (start page) the
    colours of the goals below it in the goal chain."""

    id: str
    link: Link
    colour: ColourWords
    change: ChangeWords | None
    below: tuple[tuple[ColourWords, int], ...]  # empty when not shown
    below_text: str


@frozen
class GridCell:
    """One perspective of the balanced-scorecard grid."""

    name: str
    link: Link
    goals: tuple[GridGoal, ...]
    empty_text: str


@frozen
class Overview:
    """The overview a page opens with: the goals by perspective, each with colour and change."""

    heading: str
    anchor: str
    note: str  # what the arrows compare with
    cells: tuple[GridCell, ...]
    below_heading: str  # the column for the colours below each goal (start page); empty when not shown
    h: int = 2  # the overview is a section of the page: its heading is h2, each perspective's h3
    hashes: Safe = field(default_factory=lambda: Safe("##"))


@frozen
class UnitBody:
    kind: str
    report_note: str
    summary_heading: str
    overview: tuple[DistTable, ...]
    toc: tuple[Link, ...]
    parts: tuple[UnitPart, ...]
    children: tuple[Link, ...]
    children_heading: str
    grid: Overview | None = None


@frozen
class GoalLink:
    link: Link
    colour: ColourWords


@frozen
class AreaView:
    id: str
    anchor: str
    name: str
    description: str
    goals: tuple[GoalLink, ...]


@frozen
class OrgNode:
    name: str
    level: str
    links: tuple[Link, ...]
    indent: Safe
    children: tuple[OrgNode, ...]


@frozen
class WheelEntry:
    month: str
    title: str
    description: str
    current: bool


@frozen
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
    grid: Overview | None = None
    economy: EconomyView | None = None
    """The kommun's economy: the nämnder summed beside the nämnders' goals (render/site/economy.py)."""


@frozen
class GoalRow:
    """A row of the 'Alla mål' list."""

    link: Link
    unit: str
    perspective: str
    colour: ColourWords


@frozen
class AllGoalsBody:
    """'Alla mål A–Ö': every goal in Swedish alphabetical order, a page at a time when there are many."""

    caption: str
    rows: tuple[GoalRow, ...]
    pages: tuple[Link, ...]  # every page of the list (the current one marked); empty when there is one


@frozen
class Logo:
    href: str
    alt: str


@frozen
class SiteView:
    municipality: str
    home: Link
    accessibility: Link | None
    generated: str
    period_name: str
    legend: tuple[ColourWords, ...]
    statuses: tuple[StatusWords, ...]
    show_people: bool
    history_note: str  # start page only: why the report shows no (or not every) last change
    period_line: str = ""  # which period the report shows and why (every page)
    stylesheet: str = ""  # the shared stylesheet, relative to the page (HTML)
    logo: Logo | None = None
    all_goals: Link | None = None


@frozen
class Page:
    path: str
    title: str
    heading: str
    intro: str
    site: SiteView
    crumbs: tuple[Link, ...]
    kind_links: tuple[Link, ...]
    body: UnitBody | IndexBody | AllGoalsBody
    print_header: Safe  # the running header of a printed page, as a CSS string


@frozen
class PagePlan:
    path: str
    kind: Kind | None
    unit: Unit | None
    number: int = 0  # the page of 'Alla mål' (from 1); 0 for every other page


@frozen
class ChangedItem:
    """A goal changed since the decision that adopted it: its id, title, how, and the changed values in words."""

    item_id: str
    title: str
    status: str  # tillagd, borttagen, flyttad, ändrad
    details: tuple[str, ...]


@frozen
class ChangedSince:
    """What changed in a unit's goals since the last decision of its organ (from the decision tags in Git)."""

    decision: str  # 'KF antog målen 2026-10-23 § 123'
    items: tuple[ChangedItem, ...]


@frozen(slots=False)
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
    history: LastChanges | None = None
    """When each goal and unit last changed (styr.history.log.last_changes); None with --no-history."""
    scale: Scale = DEFAULT_SCALE
    """The words and symbols of the fulfilment colours (issue 12: the kommun's own, from styrmodell.yaml)."""
    latest_reporting: Period | None = None
    """The latest reporting period that had ended on `today` (the default period): the page says why it shows
    the period it shows."""
    reporting: tuple[str, ...] = ("H1", "helår")
    """`rapportperioder` of styrmodell.yaml."""
    earlier_period: Period | None = None
    """The period the overview compares with: the reporting period before (or the period of the same kind)."""
    earlier: Mapping[str, Colour] | None = None
    """The total colour of each goal (by id; a duplicated id: its first goal, as `results`) in `earlier_period`, for
    the change arrows of the overview: all a report shows of that period (styr.fulfilment.evaluate.colours)."""
    internal: bool = False
    """An internal site (`--internal`): names and the whole change history, whatever `publicering:` says."""
    since_decision: Mapping[str, ChangedSince] | None = None
    """Unit folder → its goals' changes since the decision (None: the history was not read or has no decision)."""
    logo: tuple[str, bytes] | None = None
    """The kommun's logo from `publicering: logotyp`, checked: (file extension, contents)."""
    accent: str = "#1a4fa0"
    """The accent colour the report uses (the kommun's own when its contrast suffices)."""
    pdf: bool = False
    """HTML pages made into PDF files: no links to other pages (a PDF stands alone)."""
    digests: Mapping[str, bytes] = field(default_factory=dict)
    """The SHA-256 of each file the model was built from, where reading it computed one (the parse cache does): a
    page's fingerprint names a goal by its file's digest, not by its whole value (see inputs.py)."""

    @property
    def colours(self) -> tuple[Colour, ...]:
        """The colours the report's tables and legends show: the four always, a state (ej aktuell, ej påbörjat)
        only where a goal of the period has it, so that a year-end report has no columns of zeros."""
        seen = {r.colour for r in self.results.values()}
        return tuple(c for c in COLOURS if c in CORE_COLOURS or c in seen)


def hashes(level: int) -> Safe:
    return Safe("#" * max(1, min(6, level)))


# -- the economy beside the goals (prepared by economy.py, shown by _ekonomi.html.j2 / _ekonomi.md.j2) ------------


@frozen
class ColourCount:
    colour: ColourWords
    count: int


@frozen
class EconomyRow:
    """One unit (or a sum) in the table: its goal fulfilment beside its figures. Amounts are text in tkr without
    the unit (the table's caption names it); `missing` when the unit has no figures for the period."""

    name: Link
    fulfilment: tuple[ColourCount, ...]  # the colours that occur, in scale order
    fulfilment_text: str  # '3 grön, 1 gul' ('inga mål' when there are none)
    budget: str
    outcome: str
    forecast: str  # '' in a bokslut
    deviation: str  # '+2 300', '−1 100'
    balance: str  # överskott, underskott, i balans ('' when missing)
    balance_key: str  # ASCII for CSS: overskott, underskott, balans
    comment: str
    missing: bool


@frozen
class EconomyView:
    heading: str
    anchor: str
    h: int  # the heading's level: 2 on the start page, the part's sub-heading level in a målrapport
    hashes: Safe  # the same for Markdown
    intro: str  # what the table shows and the sign convention ("" for a unit alone)
    summary: str  # one sentence: the total avvikelse, or what is missing
    caption: str
    unit_heading: str  # Nämnd, Verksamhet …
    outcome_heading: str  # Utfall, or Utfall hittills in a delår
    delar: bool  # a prognos column
    rows: tuple[EconomyRow, ...]  # the units one level down, or the unit itself when it has none
    total: EconomyRow | None  # their sum, when every one has figures
    own: EconomyRow | None  # the unit's own figures, beside the units below it
    missing_text: str  # which units lack figures
    difference_text: str  # the unit's own figures disagree with the sum (rule E03)
