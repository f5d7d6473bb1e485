"""`styr status` in the terminal: the goal chain as a tree, each goal with shape, colour word and counts."""

from __future__ import annotations

from collections.abc import Mapping
from io import StringIO

from rich.text import Text
from rich.tree import Tree

from styr.fulfilment.results import GoalResult, empty_distribution
from styr.model.periods import Period, PeriodKind
from styr.model.repository import Repository
from styr.model.types import Goal, Unit
from styr.model.vocab import COLOURS, Colour
from styr.render.terminal.console import text_console
from styr.render.views import StatusView, Terminal
from styr.wording.periods import period_name
from styr.wording.scale import DEFAULT_SCALE, Scale, distribution_text, scale_for
from styr.wording.terminal import visible

__all__ = ["STYLES", "marker", "render_explain_text", "render_status_text", "status_text"]

# Shape and word as well as colour: colour is never the only signal (WCAG 1.4.1), and NO_COLOR must work.
STYLES: dict[Colour, str] = {Colour.GRON: "bold green", Colour.GUL: "bold yellow", Colour.ROD: "bold red",
                             Colour.SVART: "bold", Colour.EJ_AKTUELL: "dim", Colour.EJ_PABORJAT: "dim"}


def marker(colour: Colour, scale: Scale = DEFAULT_SCALE) -> Text:
    """'● grön', '▲ gul', '■ röd', '◆ svart', '◌ ej aktuell', styled: the same shapes as on the web."""
    return Text(scale.marker(colour), style=STYLES[colour])


def _goal_label(r: GoalResult, note: str = "", scale: Scale = DEFAULT_SCALE) -> Text:
    label = marker(r.colour, scale)
    label.append("  ")
    label.append(visible(r.goal.id), style="bold")
    label.append(f" {visible(r.goal.title)}")
    if r.basis == "bidragande":
        details = [f"bedömt från bidragande mål: {r.measured}/{r.total} med färg"]
    else:
        details = [f"{r.measured}/{r.total} mätta"]
    if r.not_due:
        details.append(f"{r.not_due} {scale.word(Colour.EJ_AKTUELL)}")
    if r.assessed:
        differs = r.indicator_colour is not r.colour
        details.append("bedömd" + (f" (indikatorer: {scale.word(r.indicator_colour)})" if differs else ""))
    if r.forecast is not None:
        details.append(f"prognos {scale.word(r.forecast)}")
    if r.report_period and r.period != r.report_period:
        details.append(f"läsårsperiod {r.period}")
    dist = distribution_text(r.contributors, scale=scale)
    if dist:
        details.append(f"bidragande: {dist}")
    if note:
        details.append(note)
    label.append("  · " + " · ".join(details), style="dim")
    return label


class _ChainTree:
    """Builds the tree; a goal that contributes to several goals is expanded once and referred to after."""

    def __init__(self, repo: Repository, results: Mapping[str, GoalResult], scope: list[Goal], scale: Scale) -> None:
        self.repo = repo
        self.scale = scale
        self.results = results
        self.scope = {g.id for g in scope if g.id in results and results[g.id].goal is g}
        self.seen: set[str] = set()

    def add(self, node: Tree, goal: Goal) -> None:
        stack: list[tuple[Tree, Goal]] = [(node, goal)]
        while stack:  # depth first without recursion: a broken chain may be arbitrarily deep
            parent, g = stack.pop()
            r = self.results[g.id]
            if g.id in self.seen:
                parent.add(_goal_label(r, "visas ovan", self.scale))
                continue
            self.seen.add(g.id)
            child = parent.add(_goal_label(r, scale=self.scale))
            kids = [c for c in self.repo.contributors.get(g.id, ()) if c.id in self.scope]
            stack.extend((child, c) for c in reversed(kids))

    def leftovers(self, ordered: list[Goal]) -> list[Goal]:
        return [g for g in ordered if g.id in self.scope and g.id not in self.seen]


def render_status_text(repo: Repository, results: Mapping[str, GoalResult], scope: list[Goal], period: Period, *,
                       unit: Unit | None = None, color: bool = False, width: int = 100,
                       scale: Scale = DEFAULT_SCALE) -> str:
    """The tree for the goals in `scope` (all goals, or one unit's subtree), then a summary and the legend."""
    chain = _ChainTree(repo, results, scope, scale)
    heading = f"Måluppfyllelse {period_name(period)} ({period.text})"
    if unit is not None:
        root = Tree(Text(visible(f"{unit.name} ({unit.id}) – {heading}"), style="bold"))
        for g in repo.goals_by_unit.get(unit.folder, ()):
            if g.id in chain.scope:
                chain.add(root, g)
    else:
        title = repo.vision.title if repo.vision is not None else "Målkedjan"
        root = Tree(Text(visible(f"{title} – {heading}"), style="bold"))
        for area in repo.vision.areas if repo.vision is not None else ():
            tops = [g for g in repo.contributors.get(area.id, ()) if g.id in chain.scope]
            dist = empty_distribution()
            for g in tops:
                dist[results[g.id].colour] += 1
            label = Text(visible(f"{area.id} {area.name}"), style="bold")
            label.append(f"  · kommunmål: {distribution_text(dist, scale=scale) or 'inga'}", style="dim")
            node = root.add(label)
            for g in tops:
                chain.add(node, g)
    rest = chain.leftovers(scope)
    if rest:
        other = root.add(Text("Mål utanför målkedjan" if unit is None else "Övriga mål i enheten", style="bold"))
        for g in rest:
            if g.id not in chain.seen:
                chain.add(other, g)
    out = StringIO()
    console = text_console(out, color, width)
    console.print(root)
    console.print()
    for line in _footer(results, chain.scope, period, scale):
        console.print(line)
    return "\n".join(line.rstrip() for line in out.getvalue().rstrip("\n").split("\n")) + "\n"


def _footer(results: Mapping[str, GoalResult], scope: set[str], period: Period, scale: Scale) -> list[Text]:
    dist = empty_distribution()
    for gid in scope:
        dist[results[gid].colour] += 1
    total = sum(dist.values())
    lines = [Text(f"{total} mål för {period.text}: {distribution_text(dist, scale=scale) or 'inga'}.", style="bold")]
    legend = Text("Teckenförklaring: ")
    for i, c in enumerate(COLOURS):
        if i:
            legend.append(" · ")
        legend.append_text(marker(c, scale))
        legend.append(f" {scale.label(c)}")
    lines.append(legend)
    if total and dist[Colour.EJ_AKTUELL] * 2 > total and period.kind not in (PeriodKind.HELAR, PeriodKind.LASAR):
        lines.append(Text(f"Många mål har ingen mätning i {period.text}: indikatorer som mäts per helår bedöms i "
                          f"bokslutet, t.ex. --period {period.year - 1}.", style="dim"))
    lines.append(Text("Förklara ett måls färg: styr status --explain MÅL-ID", style="dim"))
    return lines


def render_explain_text(r: GoalResult, *, color: bool = False, width: int = 100,
                        scale: Scale = DEFAULT_SCALE) -> str:
    """`--explain`: the goal's colour, then every step: indicators, weighting, assessment, contributors."""
    out = StringIO()
    console = text_console(out, color, width)
    head = marker(r.colour, scale)
    head.append("  ")
    first, *rest = r.explanation or (f"{r.goal.id} {r.goal.title}",)
    head.append(first, style="bold")
    console.print(head)
    for line in rest:
        console.print(Text(visible(line)), soft_wrap=True)  # whole lines: an explanation is copied into mails and notes
    return "\n".join(line.rstrip() for line in out.getvalue().rstrip("\n").split("\n")) + "\n"


def status_text(view: StatusView, terminal: Terminal) -> str:
    """`styr status`: the tree of the goals in scope, or with `--explain` one goal's colour step by step."""
    scale = scale_for(view.repo.config)
    if view.explained is not None:
        return render_explain_text(view.explained, color=terminal.color, width=terminal.width, scale=scale)
    return render_status_text(view.repo, view.results, list(view.goals), view.period, unit=view.unit,
                              color=terminal.color, width=terminal.width, scale=scale)
