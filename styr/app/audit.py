"""`styr log`, `styr diff` and `styr adopt`: the Git history as the audit trail, for the goal repository given."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from styr.app.errors import AppError, refusals
from styr.app.output import write_text
from styr.app.workspace import goal_root
from styr.model import periods

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
    with refusals():
        return record(root, organ, when, paragraph, period, rev, message)


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
