"""H: rules that need the Git history — closed periods (U06), goals changed after adoption (H01), and saying so
once when the history cannot be read (H02).

The checks read Git through the history reader in their context (styr.rules.context.HistoryReader, implemented
in styr.history); the application layer gives one only when history is wanted (`styr validate`). Only the goal
files Git reports as changed are read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from styr.diagnostics import Diagnostic
from styr.diagnostics import Severity as S
from styr.load.source import MODEL_FILE
from styr.load.yamlio import YList, YMap
from styr.model.repository import Repository
from styr.model.types import Goal
from styr.rules.closures import Closure, by_period, closed_since_base
from styr.rules.context import Context, Decision, HistoryReader, HistoryUnavailable
from styr.rules.registry import check, rule

U06 = rule("U06", "stangd-period-andrad", S.ERROR, "Utfall eller bedömning i stängd period ändrad.",
           """När ett organ har antagit bokslutet eller delårsbokslutet för en period är periodens utfall och
           bedömningar ett beslutat underlag: de ska inte ändras i efterhand. En period är stängd när ett
           beslut om dess bokslut (helår, läsår) eller delår (H1, HT) är registrerat med `styr adopt --period`,
           eller när den står under `stängda_perioder` i styrmodell.yaml. Ett beslut av ett organ stänger
           perioden för de enheter som hör till organet (ett organ som ingen enhet anger stänger den för hela
           repot).

           `styr validate --base REV` (det som CI kör för en merge request, med `--base origin/main`) jämför
           varje utfall och bedömning i en stängd period med hur de såg ut i REV, mål för mål efter id. Att ändra
           eller ta bort ett sådant värde är fel, och likaså att målet försvinner: filen tas bort, målet får ett
           annat id eller flyttas dit styr inte läser (mappar som börjar med `_` eller `.`). Att lägga till ett
           utfall som saknades är tillåtet, eftersom statistik (t.ex. från Kolada) ofta kommer efter bokslutet.
           H03 skyddar färgerna som räknas fram ur utfallen.

           Vilka organ som stänger vad avgörs både som enheterna såg ut i REV och som de ser ut nu, och i en
           körning med `--base` gäller regelinställningarna (`regler:`) för U06, H01, H02 och H03 som de var i
           REV, om inte dagens är strängare: att stänga av regeln i samma ändring döljer inget.""",
           "Återställ värdet. En rättelse efter beslutet redovisas i nästa uppföljning eller beslutas på nytt.")

H01 = rule("H01", "mal-andrat-efter-beslut", S.WARNING, "Målets definition ändrad efter senaste beslut.",
           """Mål på nivåer som kräver beslut antas av ett organ (kommunfullmäktige, nämnden). Ändras målets
           definition — titel, beskrivning, perspektiv, koppling, tid eller indikatorer med målvärden — efter
           organets senaste beslut (`styr adopt`, taggen `beslut/<ORGAN>/<datum>`), gäller inte längre det som
           beslutades. Utfall, bedömningar, ansvarig och själva `beslut:` räknas inte som definition.

           Varningen försvinner när organet har fattat ett nyare beslut (en nyare tagg), eller när målets
           `beslut: datum` är senare än taggen.""",
           "Låt organet anta målet på nytt och registrera beslutet med 'styr adopt', eller ändra tillbaka.")

H02 = rule("H02", "historik-saknas", S.WARNING, "Git-historiken kunde inte läsas.",
           """Kontrollerna som jämför med Git-historiken (stängda perioder, ändringar efter beslut) kunde inte
           göras: mappen ligger inte i ett Git-repo, repot saknar commits, basrevisionen finns inte, eller
           klonen är för grund för att innehålla den. Övrig validering har gjorts som vanligt.

           Med `--base` är en basrevision som inte kan läsas ett användningsfel (slutkod 2): en kontroll av
           stängda perioder som tyst uteblir är ingen kontroll. `--allow-missing-base` gör det till den här
           varningen i stället.""",
           "Kontrollera att mappen ligger i ett Git-repo och att revisionen finns. I GitLab CI: sätt GIT_DEPTH: 0 "
           "eller hämta basgrenen med 'git fetch'.")


def _unavailable(exc: Exception, what: str) -> Diagnostic:
    return H02.diag(f"{what} kunde inte kontrolleras: {exc}", MODEL_FILE)


# --- U06: closed periods ---------------------------------------------------------------------------------------


@check(U06, H02, history=True)
def closed_periods_unchanged(ctx: Context) -> Iterator[Diagnostic]:
    """With `--base`: every outcome or assessment of a closed period that differs from the base or is gone, and
    every goal with such values that is gone (deleted, its id changed, moved where styr does not read). Goals are
    matched by id, so a renamed file, a moved goal or a duplicate that now stands in for it is compared too. When
    the history cannot be read, one H02 says so and validation goes on."""
    history = ctx.history
    if history is None or history.base is None:
        return
    try:
        closed = closed_since_base(ctx.repo, history)
        touched = history.changed_goals().touched if closed is not None else frozenset()
    except HistoryUnavailable as exc:
        yield _unavailable(exc, "Stängda perioder (--base)")
        return
    if closed is None:
        return
    pairs: list[tuple[Goal, Goal]] = []
    where: _Whereabouts | None = None
    for gid, then in closed.base.goal_by_id.items():  # each id once: the goal the model keeps
        goal = ctx.repo.goal_by_id.get(gid)
        if not gid or not _has_closed_values(then, closed.of(then, goal)):
            continue
        if goal is None:
            where = where or _Whereabouts(ctx.repo, touched)
            yield _gone(where, history, then, closed.of(then, None))
        elif goal.path != then.path or goal.path in touched:
            pairs.append((then, goal))
    try:
        before = history.base_documents(then.path for then, _ in pairs)
        now = history.documents(goal.path for _, goal in pairs)
    except HistoryUnavailable as exc:
        yield _unavailable(exc, "Stängda perioder (--base)")
        return
    for then, goal in pairs:
        yield from _goal_edits(history, before.get(then.path) or {}, now.get(goal.path), goal,
                               closed.of(then, goal))


def _has_closed_values(goal: Goal, closed: Callable[[str], Closure | None]) -> bool:
    keys = [*goal.assessments, *(k for ind in goal.indicators for k in ind.outcomes)]
    return any(closed(k) is not None for k in keys)


class _Whereabouts:
    """Where a goal that is gone went: indexes over the version checked, built once for all the gone goals."""

    def __init__(self, current: Repository, touched: frozenset[str]) -> None:
        self.goals: dict[str, Goal] = {}
        for g in current.goals:
            self.goals.setdefault(g.path, g)
        self.files = set(current.files)
        # new files that styr does not read as goals, by their name up to .yaml (`x.yaml.bak` is `x.yaml`)
        self.renamed: dict[str, str] = {}
        for p in sorted(touched):
            if p not in self.goals:
                self.renamed.setdefault(_yaml_name(p), p)

    def of(self, then: Goal) -> tuple[str, tuple[str, int, int]]:
        """What became of the goal's file, and where to report it."""
        path = then.path
        if (successor := self.goals.get(path)) is not None:
            return f"filen {path} har nu id {successor.id}", (successor.path, *_id_pos(successor))
        if path in self.files:
            return f"filen {path} kan inte läsas som ett mål", (path, 1, 1)
        moved = self.renamed.get(_yaml_name(path))
        if moved is not None and moved != path:
            return f"filen har flyttats till {moved}, där styr inte läser mål", (moved, 1, 1)
        return f"filen {path} har tagits bort", (path, 1, 1)


def _yaml_name(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    for suffix in (".yaml", ".yml"):
        if suffix in name:
            return name[:name.index(suffix) + len(suffix)]
    return name


def _gone(where: _Whereabouts, history: HistoryReader, then: Goal, closed: Callable[[str], Closure | None]
          ) -> Diagnostic:
    """A goal with outcomes or assessments in a closed period that the version checked no longer has."""
    found = {c.period.text: c for k in [*then.assessments, *(k for i in then.indicators for k in i.outcomes)]
             if (c := closed(k)) is not None}
    periods = sorted(found)
    reasons = "; ".join(dict.fromkeys(found[p].reason for p in periods))
    what, at = where.of(then)
    return U06.diag(f"Målet {then.id} finns inte längre ({what}), men det har utfall eller bedömning i stängd "
                    f"period ({', '.join(periods)}): {reasons}.", *at,
                    f"Återställ målet som det var i {history.base}: ett beslutat resultat ska finnas kvar. Ett mål "
                    "som inte längre gäller får ett slutdatum efter perioden i stället för att tas bort.")


def _id_pos(goal: Goal) -> tuple[int, int]:
    return goal.locs.get("id", (goal.loc.line, goal.loc.column))


def _goal_edits(history: HistoryReader, before: Mapping[str, Any], after: Any, goal: Goal,
                closed: Callable[[str], Closure | None]) -> Iterator[Diagnostic]:
    hint = (f"Återställ värdet som det var i {history.base}. En rättelse efter beslutet redovisas i nästa "
            "uppföljning eller beslutas på nytt.")
    after_map = after if isinstance(after, YMap) else None
    for ind in before.get("indikatorer") or []:
        iid = str(ind.get("id", "")).strip() if isinstance(ind, Mapping) else ""
        if not iid:
            continue
        now = _indicator(after, iid)
        old_out, new_out = by_period(ind.get("utfall")), by_period(now.get("utfall") if now else None)
        for period, (_, value) in old_out.items():
            closure = closed(period)
            if closure is None:
                continue
            where = _outcome_pos(after_map, now, new_out.get(period, ("", None))[0])
            if period not in new_out:
                yield U06.diag(f"Utfallet {period} för {goal.id}/{iid} ({history.shown(value)}) har tagits bort, "
                               f"men perioden är stängd: {closure.reason}.", goal.path, *where, hint)
            elif _differ(history, value, new_out[period][1]):
                yield U06.diag(f"Utfallet {period} för {goal.id}/{iid} har ändrats från {history.shown(value)} "
                               f"till {history.shown(new_out[period][1])}, men perioden är stängd: "
                               f"{closure.reason}.", goal.path, *where, hint)
    yield from _assessment_edits(history, before, after, goal, closed, hint)


def _assessment_edits(history: HistoryReader, before: Mapping[str, Any], after: Any, goal: Goal,
                      closed: Callable[[str], Closure | None], hint: str) -> Iterator[Diagnostic]:
    after_map = after if isinstance(after, YMap) else None
    new_ass = by_period(after.get("bedömning") if isinstance(after, Mapping) else None)
    for period, (_, value) in by_period(before.get("bedömning")).items():
        closure = closed(period)
        if closure is None:
            continue
        if period not in new_ass:
            yield U06.diag(f"Bedömningen {period} för {goal.id} har tagits bort, men perioden är stängd: "
                           f"{closure.reason}.", goal.path, *_pos(after_map, "bedömning"), hint)
            continue
        key, now = new_ass[period]
        changes = history.differences(value, now) if isinstance(value, Mapping) and isinstance(now, Mapping) else (
            [] if not _differ(history, value, now) else history.differences({"bedömning": value}, {"bedömning": now}))
        if changes:
            what = "; ".join(c.text() for c in changes[:3])
            where = _pos(after_map.get("bedömning") if after_map else None, key)
            yield U06.diag(f"Bedömningen {period} för {goal.id} har ändrats ({what}), men perioden är stängd: "
                           f"{closure.reason}.", goal.path, *where, hint)


def _differ(history: HistoryReader, a: object, b: object) -> bool:
    return bool(history.differences({"v": a}, {"v": b}))


def _indicator(doc: object, indicator_id: str) -> Mapping[str, Any] | None:
    """The indicator mapping with this id inside a goal document, or None."""
    if not isinstance(doc, Mapping):
        return None
    for item in doc.get("indikatorer") or ():
        if isinstance(item, Mapping) and str(item.get("id", "")).strip() == indicator_id:
            return item
    return None


def _pos(node: object, key: str) -> tuple[int, int]:
    if isinstance(node, YMap):
        return node.where(key)
    if isinstance(node, YList):
        return node.pos
    return (1, 1)


def _outcome_pos(doc: YMap | None, indicator: object, period_key: str) -> tuple[int, int]:
    """The outcome's own position when it is still there, else its indicator's utfall, else the goal's id."""
    if isinstance(indicator, YMap):
        outcomes = indicator.get("utfall")
        if isinstance(outcomes, YMap) and period_key in outcomes:
            return outcomes.where(period_key)
        return indicator.where("utfall") if "utfall" in indicator else indicator.pos
    return doc.where("id") if doc is not None else (1, 1)


# --- H01: definition changed after adoption ------------------------------------------------------------------------


@check(H01, H02, history=True)
def definitions_as_adopted(ctx: Context) -> Iterator[Diagnostic]:
    """Goals whose definition differs from what their organ last adopted (a decision without a period) and whose
    file records no newer decision. Quiet outside Git and without decisions."""
    history = ctx.history
    if history is None:
        return
    try:
        decisions = history.decisions()
    except HistoryUnavailable:
        return  # nothing adopted to compare with; with --base, U06 has said why
    try:
        found = list(_definition_checks(ctx.repo, history, decisions))
    except HistoryUnavailable as exc:
        found = [_unavailable(exc, "Ändringar efter beslut")]
    yield from found


def _definition_checks(current: Repository, history: HistoryReader, decisions: Sequence[Decision]
                       ) -> Iterator[Diagnostic]:
    goal_decisions = [d for d in decisions if d.period is None]
    if not goal_decisions:
        return
    todo: dict[str, list[Goal]] = {}
    adopted_by: dict[str, Decision] = {}
    for goal in current.goals:
        body = _body(current, goal)
        last = _latest(goal_decisions, body) if body else None
        if last is None:
            continue
        if goal.decision is not None and goal.decision.date is not None and goal.decision.date > last.day:
            continue  # the file records a newer decision than the tag
        todo.setdefault(last.commit, []).append(goal)
        adopted_by[goal.id] = last
    for since, goals in todo.items():
        changed = history.changed_goals(since)
        suspects = [g for g in goals if g.path in changed.touched]
        if not suspects:
            continue
        then_by_id: dict[str, Mapping[str, Any]] = {}
        for gid, doc in changed.before:
            then_by_id.setdefault(gid, doc)
        now = history.documents(g.path for g in suspects)
        for goal in suspects:
            yield from _definition_check(history, goal, then_by_id.get(goal.id), now.get(goal.path),
                                         adopted_by[goal.id])


def _latest(found: list[Decision], organ: str) -> Decision | None:
    """The newest decision of an organ (the decisions come oldest first)."""
    for d in reversed(found):
        if d.organ.casefold() == organ.casefold():
            return d
    return None


def _body(current: Repository, goal: Goal) -> str | None:
    """The organ that adopts a goal: named in its `beslut`, else its unit's organ, else its level's body."""
    if goal.decision is not None and goal.decision.organ:
        return goal.decision.organ
    unit = current.unit_by_folder.get(goal.unit_folder)
    if unit is None:
        return None
    level = current.level_of(unit)
    if unit.organ:
        return unit.organ
    return level.decision_body if level is not None and level.decision_body else None


def _definition_check(history: HistoryReader, goal: Goal, then: object, now: object, adoption: Decision
                      ) -> Iterator[Diagnostic]:
    doc = now if isinstance(now, YMap) else None
    if then is None:
        where = doc.where("id") if doc is not None else (goal.loc.line, goal.loc.column)
        yield H01.diag(f"Målet {goal.id} har tillkommit efter att {adoption.sentence()}, och inget nyare beslut "
                       "finns.", goal.path, *where)
        return
    changes = history.differences(then, now, definition=True)
    if not changes:
        return
    what = "; ".join(c.text() for c in changes[:3]) + (f" (och {len(changes) - 3} till)" if len(changes) > 3 else "")
    first = changes[0].path[0]
    where = doc.where(first) if doc is not None and first in doc else (goal.loc.line, goal.loc.column)
    yield H01.diag(f"Målet {goal.id} har ändrats efter att {adoption.sentence()}, och inget nyare beslut finns: "
                   f"{what}.", goal.path, *where)
