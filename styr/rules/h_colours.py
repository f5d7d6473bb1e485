"""U07: the colours of a closed period, computed at the base and now, must be equal — a changed målvärde, riktning,
vikt, mätfrekvens, colour model, verksamhetsår or goal time must not move a result that an organ has adopted.

Only goals whose file, unit or the model configuration changed since the base are judged again, each through
the fulfilment API, so a `--base` run stays linear in the size of the change."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from styr.diagnostics import Diagnostic
from styr.diagnostics import Severity as S
from styr.fulfilment.evaluate import colour_model, unit_period
from styr.fulfilment.goal import goal_result, indicator_colour
from styr.fulfilment.results import GoalResult, IndicatorResult
from styr.load.source import MODEL_FILE
from styr.model.periods import Period
from styr.model.repository import Repository
from styr.model.types import ColourModel, Goal, Indicator, Loc, OutcomeValue, Pos, TargetValue
from styr.rules.closures import ClosedSinceBase, closed_since_base
from styr.rules.context import Context, HistoryUnavailable
from styr.rules.registry import check, rule
from styr.wording.numbers import number
from styr.wording.values import MISSING, value_range, yes_no

U07 = rule("U07", "stangd-farg-andrad", S.ERROR, "Måluppfyllelsen i en stängd period har ändrats.",
           """Färgerna i ett antaget bokslut eller delårsbokslut är beslutade. De räknas fram ur utfallen och ur
           det som bestämmer hur utfallen bedöms: målvärden, riktning, vikt, mätfrekvens, färgmodellen i
           styrmodell.yaml och enhetens verksamhetsår. Målets tid (`start`, `slut`) avgör om det hör till
           periodens rapport. U06 skyddar utfallen och bedömningarna; U07 skyddar resten.

           `styr validate --base REV` räknar fram färgen för varje mål i en stängd period som den var i REV och
           som den är nu. Skiljer de sig åt är det fel, och meddelandet säger vad som flyttade färgen. Ett utfall
           som saknades (indikatorn var svart) och kommer in i efterhand ändrar inget beslutat och är tillåtet.

           Ett nytt målvärde eller en ny riktning skrivs för de perioder som inte är stängda. Ska kommunen byta
           färgmodell, sänk först U07 i en egen, granskad ändring (`regler: {U07: warning}`): i en körning med
           `--base` gäller regelinställningarna som de var i basen.""",
           "Ändra tillbaka det som flyttade färgen, eller låt det gälla först från nästa öppna period.")

_MODEL_KEYS = (("model", "modell"), ("yellow_margin", "gul_marginal"), ("yellow_on_improvement", "gul_vid_förbättring"),
               ("scores", "poäng"), ("thresholds", "gränser"), ("share_yellow", "andel_gul"))
_LEVELS = ("grön", "gul", "röd")


@dataclass(frozen=True, slots=True)
class _Cause:
    """Something that differs in how a goal's colour is computed, and where it stands now (None: the goal)."""

    text: str
    pos: Pos | None = None
    outcome_edit: bool = False
    """A changed or removed outcome of the same period: U06 reports it already."""


@check(U07, history=True)
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
    pairs = _candidates(closed.base, ctx.repo, touched)
    if not pairs:
        return
    judge = _Judge(closed, ctx.repo)
    for period in closed.periods():
        for then, goal in pairs:
            closure = closed.of(then, goal)(period.text)
            found = judge.moved(then, goal, period) if closure is not None else None
            if closure is None or found is None:
                continue
            changes, causes = found
            named = "; ".join(c.text for c in causes[:4]) + (f" (och {len(causes) - 4} till)"
                                                               if len(causes) > 4 else "")
            where = next((c.pos for c in causes if c.pos is not None), None) or _id_pos(goal)
            yield U07.diag(f"Måluppfyllelsen för {goal.id} i {period.text} har ändrats sedan {history.base}: "
                           f"{', '.join(changes)}. Det som flyttade den: {named or 'en ändring som styr diff visar'}. "
                           f"Perioden är stängd: {closure.reason}.", goal.path, *where,
                           f"Ändra tillbaka det som flyttade färgen (jämför med {history.base}), eller låt det gälla "
                           "först från nästa öppna period.")


def _candidates(base: Repository, current: Repository, touched: frozenset[str]) -> list[tuple[Goal, Goal]]:
    """The goals (as at the base, and now) whose colour may have moved: their file, their unit or the model's
    configuration changed, or the id now stands in another file or unit."""
    everything = MODEL_FILE in touched
    out: list[tuple[Goal, Goal]] = []
    for gid, then in base.goal_by_id.items():
        goal = current.goal_by_id.get(gid)
        if not gid or goal is None:
            continue  # a goal that is gone is U06's
        unit = current.unit_of(goal)
        if (everything or goal.path != then.path or goal.path in touched or goal.unit_folder != then.unit_folder
                or (unit is not None and unit.path in touched)):
            out.append((then, goal))
    return out


class _Judge:
    """Computes a goal's fulfilment at the base and now, and says what moved."""

    def __init__(self, closed: ClosedSinceBase, current: Repository) -> None:
        self.base, self.current = closed.base, current
        self.then_model, self.now_model = colour_model(closed.base), colour_model(current)
        self.model_causes = [_Cause(t) for t in _model_changes(self.then_model, self.now_model)]

    def moved(self, then: Goal, goal: Goal, period: Period) -> tuple[list[str], list[_Cause]] | None:
        """(the colours that changed, what changed them), or None when the colours are the same or only an
        outcome changed (U06 names that)."""
        if _counts_in(then, period) and not _counts_in(goal, period):
            return [f"målet hör inte längre till {period.text}"], _time_causes(then, goal)
        old = goal_result(then, unit_period(self.base.unit_of(then), period), self.then_model, report_period=period,
                          explain=False)
        new = goal_result(goal, unit_period(self.current.unit_of(goal), period), self.now_model,
                          report_period=period, explain=False)
        changes = _colour_changes(old, new, self.now_model)
        if not changes:
            return None
        causes = [*self.model_causes, *_causes(old, new)]
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


def _colour_changes(old: GoalResult, new: GoalResult, model: ColourModel) -> list[str]:
    """The goal's colour from its indicators and each measured indicator's colour, where they differ. An
    indicator not measured at the base may get its outcome late: that is no change of what was decided."""
    late = {r.indicator.id for r in old.indicators if r.outcome is None}
    kept = [r for r in new.indicators if r.indicator.id not in late]
    now = indicator_colour(kept, model)[0] if late else new.indicator_colour
    out = [f"färgen från indikatorerna {old.indicator_colour} → {now}"] if now != old.indicator_colour else []
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
