"""H03: the colours of a closed period, computed at the base and now, must be equal — a changed målvärde, riktning,
vikt, mätfrekvens, colour model, verksamhetsår or goal time must not move a result that an organ has adopted.

Colours are computed by the fulfilment API (`evaluate`) on the repository at the base and now. Only the goals whose
file changed since the base, and what their colour depends on, are judged again — all goals only when
styrmodell.yaml or a styrkort changed — so a `--base` run costs what the change touches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from styr.diagnostics import Diagnostic
from styr.diagnostics import Severity as S
from styr.frozen import frozen
from styr.fulfilment.evaluate import colour_model, evaluate
from styr.fulfilment.results import GoalResult, IndicatorResult
from styr.load.source import MODEL_FILE
from styr.load.yamlio import YMap
from styr.model.periods import Period
from styr.model.repository import Repository
from styr.model.types import ColourModel, Goal, Indicator, Loc, OutcomeValue, Pos, TargetValue
from styr.rules.closures import ClosedSinceBase, Closure, closed_since_base
from styr.rules.context import Context, HistoryReader, HistoryUnavailable
from styr.rules.registry import check, rule
from styr.wording.numbers import number
from styr.wording.values import MISSING, value_range, yes_no

H03 = rule("H03", "stangd-farg-andrad", S.ERROR, "Måluppfyllelsen i en stängd period har ändrats.",
           """Färgerna i ett antaget bokslut eller delårsbokslut är beslutade. De räknas fram ur utfallen och ur
           det som bestämmer hur utfallen bedöms: målvärden, riktning, vikt, mätfrekvens, färgmodellen i
           styrmodell.yaml och enhetens verksamhetsår. Målets tid (`start`, `slut`) avgör om det hör till
           periodens rapport. U06 skyddar utfallen och bedömningarna; H03 skyddar resten.

           `styr validate --base REV` räknar fram färgen för varje mål i en stängd period som den var i REV och
           som den är nu. Skiljer de sig åt är det fel, och meddelandet säger vad som flyttade färgen. Ett utfall
           som saknades (indikatorn var svart) och kommer in i efterhand ändrar inget beslutat och är tillåtet.

           Ett nytt målvärde skrivs för de perioder som inte är stängda. Ska en indikator byta riktning, vikt eller
           mätfrekvens, lägg hellre till en ny indikator och låt den gamla stå kvar med sina utfall. Ska kommunen
           byta färgmodell, sänk först H03 i en egen, granskad ändring (`regler: {H03: warning}`): i en körning
           med `--base` gäller regelinställningen i basen, om inte dagens är strängare.""",
           "Ändra tillbaka det som flyttade färgen, eller låt det gälla först från nästa öppna period.")

_MODEL_KEYS = (("model", "modell"), ("yellow_margin", "gul_marginal"), ("yellow_on_improvement", "gul_vid_förbättring"),
               ("scores", "poäng"), ("thresholds", "gränser"), ("share_yellow", "andel_gul"))
_LEVELS = ("grön", "gul", "röd")
_STYRKORT = "styrkort.yaml"


@frozen
class _Cause:
    """Something that differs in how a goal's colour is computed, and where it stands now (None: the goal)."""

    text: str
    pos: Pos | None = None
    outcome_edit: bool = False
    """A changed or removed outcome of the same period: U06 reports it already."""
    model: bool = False
    """A setting of the colour model (styrmodell.yaml), the same for every goal."""


@check(H03, history=True)
def closed_colours_unchanged(ctx: Context) -> Iterator[Diagnostic]:
    """With `--base`: every goal whose colour in a closed period differs from the colour at the base."""
    history = ctx.history
    if history is None or history.base is None:
        return
    try:
        closed = closed_since_base(ctx.repo, history)
        touched = history.changed_goals().touched if closed is not None else frozenset()
    except HistoryUnavailable:
        return  # U06 says so once (H02)
    if closed is None:
        return
    scope = _Scope(closed.base, ctx.repo, touched)
    if not scope.ids:
        return
    judge = _Judge(closed, ctx.repo)
    for period in closed.periods():
        then_all = evaluate(scope.then, period, explain=False)
        now_all = evaluate(scope.now, period, explain=False)
        late = _late_goals(then_all, scope.then)
        by_model: list[tuple[Goal, Closure]] = []
        for gid in scope.ids:
            old, new = then_all.get(gid), now_all.get(gid)
            if old is None or new is None or (closure := closed.of(old.goal, new.goal)(period.text)) is None:
                continue
            found = judge.moved(old, new, period, gid in late)
            if found is None:
                continue
            changes, causes = found
            if causes and all(c.model for c in causes):
                by_model.append((new.goal, closure))  # said once for all of them, at the colour model
            else:
                yield _goal_finding(history.base, new.goal, period, closure, changes, causes)
        if by_model:
            yield _model_finding(history, period, by_model, judge.model_causes)


def _goal_finding(base: str | None, goal: Goal, period: Period, closure: Closure, changes: list[str],
                  causes: list[_Cause]) -> Diagnostic:
    named = "; ".join(c.text for c in causes[:4]) + (f" (och {len(causes) - 4} till)" if len(causes) > 4 else "")
    where = next((c.pos for c in causes if c.pos is not None), None) or _id_pos(goal)
    return H03.diag(f"Måluppfyllelsen för {goal.id} i {period.text} har ändrats sedan {base}: {', '.join(changes)}. "
                    f"Det som flyttade den: {named or 'en ändring som styr diff visar'}. Perioden är stängd: "
                    f"{closure.reason}.", goal.path, *where,
                    f"Ändra tillbaka det som flyttade färgen (jämför med {base}), eller låt det gälla först från "
                    "nästa öppna period.")


def _model_finding(history: HistoryReader, period: Period, moved: list[tuple[Goal, Closure]],
                   causes: list[_Cause]) -> Diagnostic:
    """One finding for the goals whose colour only the colour model moved: it names them, at `färgmodell`."""
    ids = [g.id for g, _ in moved]
    shown = ", ".join(ids[:5]) + (f" och {len(ids) - 5} till" if len(ids) > 5 else "")
    reasons = "; ".join(dict.fromkeys(c.reason for _, c in moved))
    try:
        doc = history.documents([MODEL_FILE]).get(MODEL_FILE)
    except HistoryUnavailable:
        doc = None
    where = doc.where("färgmodell") if isinstance(doc, YMap) and "färgmodell" in doc else (1, 1)
    return H03.diag(f"Färgmodellen har ändrats sedan {history.base} ({'; '.join(c.text for c in causes)}), och det "
                    f"ändrar måluppfyllelsen i {period.text} för {len(ids)} mål: {shown}. Perioden är stängd: "
                    f"{reasons}.", MODEL_FILE, *where,
                    "En ny färgmodell kan inte gälla bara framåt: ändra tillbaka, eller sänk först H03 i en egen, "
                    "granskad ändring ('styr explain H03').")


class _Scope:
    """The goals whose colour may have moved, and the repositories (at the base and now) to judge them in.

    A goal's colour depends on its own file, its unit and the units above it, the model's configuration and —
    for a goal without indicators, which may be judged from the goals that contribute to it — those goals. So when
    styrmodell.yaml or a styrkort changed every goal is judged again; otherwise the goals whose file changed or
    moved, the goals without indicators that they contribute to (upwards), and what those are judged from."""

    def __init__(self, base: Repository, current: Repository, touched: frozenset[str]) -> None:
        everything = any(p == MODEL_FILE or p.endswith(_STYRKORT) for p in touched)
        ids: set[str] = set()
        for gid, then in base.goal_by_id.items():
            goal = current.goal_by_id.get(gid)
            if gid and goal is not None and (everything or goal.path != then.path or goal.path in touched):
                ids.add(gid)
        self.ids = sorted(_dependents(base, _dependents(current, ids)) & set(base.goal_by_id) &
                          set(current.goal_by_id))
        self.then = base if everything else _subset(base, self.ids)
        self.now = current if everything else _subset(current, self.ids)


def _dependents(repo: Repository, ids: set[str]) -> set[str]:
    """The ids and, upwards through `bidrar_till`, every goal without indicators that they feed."""
    out, todo = set(ids), list(ids)
    while todo:
        goal = repo.goal_by_id.get(todo.pop())
        for parent_id in goal.contributes_to if goal is not None else ():
            parent = repo.goal_by_id.get(parent_id)
            if parent is not None and not parent.indicators and parent_id not in out:
                out.add(parent_id)
                todo.append(parent_id)
    return out


def _subset(repo: Repository, ids: Iterable[str]) -> Repository:
    """The repository with only these goals and what a goal without indicators among them is judged from (the
    goals that contribute to it, all the way down). Units and configuration stay whole."""
    keep, todo = set(ids), [i for i in ids if (g := repo.goal_by_id.get(i)) is not None and not g.indicators]
    while todo:
        for child in repo.contributors.get(todo.pop(), ()):
            if child.id not in keep:
                keep.add(child.id)
                if not child.indicators:
                    todo.append(child.id)
    return replace(repo, goals=tuple(g for g in repo.goals if g.id in keep), activities=())


def _late_goals(results: dict[str, GoalResult], repo: Repository) -> set[str]:
    """Goals whose colour may still move because an outcome was missing at the base (it may arrive late): those
    with an unmeasured indicator, and goals without indicators that such a goal contributes to."""
    late = {gid for gid, r in results.items() if any(i.outcome is None for i in r.indicators)}
    return late | {gid for gid in _dependents(repo, late) if gid not in late}


class _Judge:
    """Compares a goal's fulfilment at the base and now, and says what moved it."""

    def __init__(self, closed: ClosedSinceBase, current: Repository) -> None:
        changes = _model_changes(colour_model(closed.base), colour_model(current))
        self.model_causes = [_Cause(t, model=True) for t in changes]

    def moved(self, old: GoalResult, new: GoalResult, period: Period, late: bool
              ) -> tuple[list[str], list[_Cause]] | None:
        """(the colours that changed, what changed them), or None when the colours are the same or only an
        outcome changed (U06 names that). `late`: an outcome was missing at the base, so the goal's own colour
        may move when it arrives; the indicators measured then are still compared."""
        then, goal = old.goal, new.goal
        if _counts_in(then, period) and not _counts_in(goal, period):
            return [f"målet hör inte längre till {period.text}"], _time_causes(then, goal)
        changes = _colour_changes(old, new, late)
        if not changes:
            return None
        causes = [*self.model_causes, *_time_causes(then, goal), *_causes(old, new)]
        named = [c for c in causes if not c.outcome_edit]
        if causes and not named:
            return None
        return changes, named


def _counts_in(goal: Goal, period: Period) -> bool:
    """The goal's time overlaps the period, so the period's reports show it (a goal without dates always)."""
    return (goal.start is None or goal.start <= period.end) and (goal.end is None or goal.end >= period.start)


def _time_causes(then: Goal, goal: Goal) -> list[_Cause]:
    return [_Cause(f"{key}: {a or MISSING} → {b or MISSING}", goal.locs.get(key))
            for key, a, b in (("start", then.start, goal.start), ("slut", then.end, goal.end)) if a != b]


def _colour_changes(old: GoalResult, new: GoalResult, late: bool) -> list[str]:
    """The goal's colour from its indicators (unless an outcome may still arrive) and the colour of each indicator
    that was measured at the base, where they differ."""
    out = [] if late or new.indicator_colour == old.indicator_colour else [
        f"färgen från indikatorerna {old.indicator_colour} → {new.indicator_colour}"]
    news = {r.indicator.id: r for r in new.indicators}
    for r in old.indicators:
        n = news.get(r.indicator.id)
        if r.outcome is not None and n is not None and n.colour != r.colour:
            out.append(f"{old.goal.id}/{r.indicator.id} {r.colour} → {n.colour}")
    return out


def _causes(old: GoalResult, new: GoalResult) -> list[_Cause]:
    out: list[_Cause] = []
    if old.period != new.period:
        out.append(_Cause(f"perioden som bedöms {old.period} → {new.period} (verksamhetsår)"))
    olds = {r.indicator.id: r for r in old.indicators}
    news = {r.indicator.id: r for r in new.indicators}
    for iid, b in news.items():
        if iid not in olds:
            out.append(_Cause(f"indikatorn {iid} har tillkommit", _pos(b.indicator.loc)))
    for iid, a in olds.items():
        b_result = news.get(iid)
        if b_result is None:
            out.append(_Cause(f"indikatorn {iid} har tagits bort", outcome_edit=True))
        else:
            out.extend(_indicator_causes(iid, a, b_result))
    return out


def _indicator_causes(iid: str, a: IndicatorResult, b: IndicatorResult) -> list[_Cause]:
    ai, bi = a.indicator, b.indicator
    out: list[_Cause] = []
    if (a.target_period, a.target) != (b.target_period, b.target):
        key = b.target_period or a.target_period or ""
        out.append(_Cause(f"{iid} målvärde {key}: {_value(a.target)} → {_value(b.target)}",
                          bi.target_locs.get(key) or bi.locs.get("målvärde")))
    for label, x, y in (("riktning", ai.direction, bi.direction), ("vikt", ai.weight, bi.weight),
                        ("mätfrekvens", ai.frequency, bi.frequency), ("baslinje", _baseline(ai), _baseline(bi))):
        if x != y:
            out.append(_Cause(f"{iid} {label}: {_value(x)} → {_value(y)}", bi.locs.get(label, _pos(bi.loc))))
    if (a.outcome_period, a.outcome) != (b.outcome_period, b.outcome):
        edit = b.outcome is None or a.outcome_period == b.outcome_period
        out.append(_Cause(f"{iid} utfallet som räknas: {a.outcome_period or MISSING} ({_value(a.outcome)}) → "
                          f"{b.outcome_period or MISSING} ({_value(b.outcome)})",
                          bi.outcome_locs.get(b.outcome_period or ""), outcome_edit=edit))
    return out


def _baseline(ind: Indicator) -> str | None:
    if ind.baseline_value is None:
        return None
    return f"{_value(ind.baseline_value)} ({ind.baseline_period or MISSING})"


def _model_changes(a: ColourModel, b: ColourModel) -> list[str]:
    return [f"färgmodell: {key} {_setting(getattr(a, name))} → {_setting(getattr(b, name))}"
            for name, key in _MODEL_KEYS if getattr(a, name) != getattr(b, name)]


def _setting(v: object) -> str:
    """A colour model setting: `standard`, `0,1`, `ja`, levels as `grön 0,8, gul 0,4`."""
    if isinstance(v, tuple):
        return ", ".join(f"{level} {_value(x)}" for level, x in zip(_LEVELS, v, strict=False))
    return _value(v)  # type: ignore[arg-type]


def _value(v: OutcomeValue | TargetValue | str | None) -> str:
    """A value as a change line shows it: every digit, ja/nej, a range as min–max."""
    if v is None:
        return MISSING
    if isinstance(v, bool):
        return yes_no(v)
    if isinstance(v, tuple):
        return value_range(*v)
    if isinstance(v, int | float):
        return number(v, decimals=None)
    return str(v)


def _pos(loc: Loc) -> Pos:
    return (loc.line, loc.column)


def _id_pos(goal: Goal) -> Pos:
    return goal.locs.get("id", (goal.loc.line, goal.loc.column))
