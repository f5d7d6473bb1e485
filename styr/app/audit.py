"""`styr log`, `styr diff` and `styr adopt`: the Git history as the audit trail, for the goal repository given."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from styr.app.errors import AppError, refusals
from styr.app.output import write_text
from styr.app.workspace import goal_root, open_repository, settings_for
from styr.model import periods
from styr.model.repository import Repository
from styr.suggest import did_you_mean
from styr.wording.collation import sort_key

if TYPE_CHECKING:  # the history modules are loaded when a command reads the history
    from styr.history.adopt import Adopted
    from styr.history.log import ItemLog
    from styr.history.modeldiff import ModelDiff


def item_log(path: Path, item: str, render: Callable[[ItemLog], str], limit: int | None = None) -> str:
    """The commits that changed a goal, an indicator, an activity or a unit, newest first, rendered by
    `render`. Raises AppError."""
    from styr.history.log import item_log as read_log

    root = goal_root(path)
    with refusals():
        found = read_log(root, item, limit)
    return render(found)


def model_diff(path: Path, revisions: str | None, render: Callable[[ModelDiff], str], *,
               since_adoption: bool = False, organ: str | None = None, output: Path | None = None) -> str:
    """What changed between two revisions (or a revision and the work tree), in the model's terms, rendered
    by `render` and written to `output` when given. `styr diff mapp` names a folder, not a revision."""
    from styr.history.modeldiff import model_diff as compare

    if revisions is not None and ".." not in revisions and path == Path(".") and _is_dir(revisions):
        path, revisions = Path(revisions), None
    root = goal_root(path)
    with refusals():
        found = compare(root, revisions, since_adoption=since_adoption, organ=organ)
    text = render(found)
    if output is not None:
        write_text(output, text)
    return text


def adopt(path: Path, *, organ: str, day: str | None, paragraph: str = "", period: str | None = None,
          rev: str = "HEAD", message: str = "") -> Adopted:
    """Record a decision as an annotated tag (and close `period` when a bokslut or delår was adopted)."""
    from styr.history.adopt import adopt as record

    if not organ.strip():
        raise AppError("ange organet med --organ, t.ex. --organ KF.")
    when = _day(day)
    root = goal_root(path)
    repo = open_repository(settings_for(root, None), model_only=True).repo
    known = known_organ(repo, organ)
    if period is not None:
        _ended(period, when)
    with refusals():
        return record(root, known, when, paragraph, period, rev, message)


def organs(repo: Repository) -> list[str]:
    """The bodies that decide in this model: each level's beslutsorgan, each unit's organ, the units on levels
    whose goals are decided (a nämnd is its own organ), and the organs its goals' decisions name; in Swedish
    order."""
    found = [lv.decision_body for lv in (repo.config.levels if repo.config else ()) if lv.decision_body]
    found += [u.organ for u in repo.units if u.organ]
    found += [u.id for u in repo.units if u.id and (level := repo.level_of(u)) is not None and level.decision_required]
    found += [g.decision.organ for g in repo.goals if g.decision is not None and g.decision.organ]
    return sorted(dict.fromkeys(found), key=sort_key)


def known_organ(repo: Repository, text: str) -> str:
    """The organ as the model spells it (any letter case); one the model does not know is refused, naming the
    closest and the known ones."""
    wanted = text.strip()
    known = organs(repo)
    hit = next((o for o in known if o == wanted), None) or next(
        (o for o in known if o.casefold() == wanted.casefold()), None)
    if hit is None:
        listed = "Organen i styrmodellen och styrkorten: " + ", ".join(known) + "." if known else \
            "Styrmodellen anger inget beslutsorgan (nivåer: beslutsorgan, styrkort: organ)."
        raise AppError(f"organet '{wanted}' finns inte i målrepot. {did_you_mean(wanted, known, listed)}")
    return hit


def _ended(text: str, decided: date) -> None:
    """A bokslut or delår can be adopted only after its period has ended, on the decision's day and today."""
    try:
        period = periods.parse_period(text)
    except periods.PeriodError as exc:
        raise AppError(str(exc)) from exc
    as_of = min(decided, periods.today())  # a decision dated ahead is not yet taken either
    if not periods.ended(period, as_of):
        raise AppError(f"perioden {period.text} slutar {period.end.isoformat()} och kan inte antas "
                       f"{as_of.isoformat()}: ett bokslut eller delårsbokslut antas när perioden har slutat.")


def _day(text: str | None) -> date:
    try:
        return date.fromisoformat(text) if text else periods.today()
    except (ValueError, periods.PeriodError) as exc:
        raise AppError(f"ogiltigt datum '{text}': skriv ÅÅÅÅ-MM-DD.") from exc


def _is_dir(text: str) -> bool:
    """`styr diff mapp` names a folder, not a revision; a text too long for a file name is still a revision."""
    try:
        return Path(text).is_dir()
    except OSError:
        return False
