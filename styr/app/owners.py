"""`styr codeowners`: CODEOWNERS from the roles in the styrkort, checked against or written to the file."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from styr.app.errors import AppError
from styr.app.output import write_text
from styr.app.workspace import open_repository, settings_for
from styr.frozen import frozen
from styr.model.owners import handle, owner_rules
from styr.model.repository import Repository
from styr.render.codeowners import MARKER


class OwnersState(StrEnum):
    PRINTED = "printed"  # to standard output
    CURRENT = "current"  # --check: the file is up to date
    STALE = "stale"  # --check: the file differs
    WRITTEN = "written"


@frozen(slots=False)
class Owners:
    text: str
    state: OwnersState
    target: Path | None = None
    notes: tuple[str, ...] = ()
    """Who is left out of the file for want of a `git:` handle, in Swedish, for stderr."""
    rules: int = 0
    """The lines of the file that name owners."""


def codeowners(path: Path, render: Callable[[Repository], str], *, today: str | None = None,
               out: Path | None = None, check: bool = False, force: bool = False) -> Owners:
    """The CODEOWNERS text for the goal repository at `path`, rendered by `render` (GitHub or GitLab syntax),
    and what became of it: printed (`out` '-'), compared (`check`) or written to `out` (default: CODEOWNERS
    in the repository). A file styr did not write is replaced only with `force`. Raises AppError."""
    opened = open_repository(settings_for(path, today), model_only=True)
    text = render(opened.repo)
    rules = len(owner_rules(opened.repo))
    notes = left_out(opened.repo)
    if not rules:
        notes = (*notes, "obs! ingen chef eller samordnare har ett git-namn, så CODEOWNERS ger ingen ägare ännu; "
                         "lägg till git: \"@namn\" hos chef eller samordnare i styrkort.yaml (regel O08).")
    if out is not None and str(out) == "-":
        return Owners(text, OwnersState.PRINTED, notes=notes, rules=rules)
    target = out or opened.settings.root / "CODEOWNERS"
    current = _read(target)
    if check:
        return Owners(text, OwnersState.CURRENT if current == text else OwnersState.STALE, target, notes, rules)
    if current is not None and not current.startswith(MARKER) and not force:
        raise AppError(f"{target} finns redan och är inte skapad av styr; använd --force för att ersätta den.")
    write_text(target, text)
    return Owners(text, OwnersState.WRITTEN, target, notes, rules)


def left_out(repo: Repository) -> tuple[str, ...]:
    """Each chef and samordnare without a `git:` handle, unit by unit in Swedish order: they approve nothing,
    since CODEOWNERS can only name Git users."""
    out = []
    for unit in repo.walk():
        roles = [("chef", unit.chef), *(("samordnare", p) for p in unit.coordinators)]
        for role, person in roles:
            if person is not None and not (person.git or "").strip():
                out.append(f"obs! {person.name or 'en person utan namn'} ({role} för {unit.name or unit.id}) har "
                           f"inget git-namn och blir inte ägare i CODEOWNERS; lägg till git: \"@namn\" i "
                           f"{unit.path}.")
            elif person is not None and handle(person) is None:
                out.append(f"obs! git-namnet för {person.name or 'en person utan namn'} ({role} för "
                           f"{unit.name or unit.id}) är inget Git-namn och skrivs inte i CODEOWNERS; skriv t.ex. "
                           f"git: \"@namn\" i {unit.path}.")
    return tuple(out)


def _read(target: Path) -> str | None:
    if not target.is_file():
        return None
    try:
        return target.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise AppError(f"kunde inte läsa {target}: {exc.strerror or exc}") from exc
