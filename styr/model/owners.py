"""Who owns which files, from the roles in styrkort.yaml: each unit's folder is owned by its chef and samordnare.
The CODEOWNERS text is written by `styr.render.codeowners`; rule O08 asks `effective_owner`."""

from __future__ import annotations

import re

from styr.frozen import frozen
from styr.model.repository import Repository
from styr.model.types import Person, Unit


@frozen
class OwnerRule:
    pattern: str
    owners: tuple[str, ...]
    section: str


_HANDLE = re.compile(r"(?:@[A-Za-z0-9][A-Za-z0-9._/-]*|[^@\s#]+@[^@\s#]+)\Z")
"""A Git user as CODEOWNERS names one: `@namn` (GitLab groups with `/`) or an e-mail address; the schema's
pattern, and no `#` (a comment)."""


def handle(person: Person | None) -> str | None:
    """The person's `git:` as CODEOWNERS can name it (an `@` added when it was left out), or None: without one, or
    with one that is no Git user. Anything else is never written: a line break in `git:` would start a line of
    its own in CODEOWNERS and make someone owner of files no role gave them (`"@namn\\n/styrmodell.yaml @någon"`),
    a space would add an owner, and a `#` would hide the rest of the line."""
    if person is None or not person.git:
        return None
    h = person.git.strip()
    h = h if h.startswith("@") or "@" in h else f"@{h}"
    return h if _HANDLE.match(h) else None


def handles(people: tuple[Person | None, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for p in people:
        h = handle(p)
        if h is not None and h not in out:
            out.append(h)
    return tuple(out)


def unit_owners(unit: Unit) -> tuple[str, ...]:
    return handles((unit.chef, *unit.coordinators))


def _escape(path: str) -> str:
    # Both GitHub and GitLab read a backslash-escaped space as part of the path.
    return path.replace("\\", "\\\\").replace(" ", "\\ ").replace("#", "\\#")


def owner_rules(repo: Repository) -> list[OwnerRule]:
    """Rules in file order: general first, so a deeper unit's line (later) wins, as both platforms match."""
    rules: list[OwnerRule] = []
    roots = sorted(repo.roots, key=lambda u: u.folder)
    if roots:
        root = roots[0]
        # The model and the vision belong to the kommun-wide samordnare (falling back to the root's chef).
        model_owners = handles(root.coordinators) or unit_owners(root)
        # Without an owner, no line: GitLab counts an entry without owners as an error, and on GitHub it only
        # says that nobody owns the file, which no line says as well (O08 asks for a git name instead).
        for name in ("styrmodell.yaml", "vision.yaml") if model_owners else ():
            rules.append(OwnerRule(f"/{name}", model_owners, root.name or root.id))
    for unit in repo.walk():
        owners = unit_owners(unit)
        if owners:
            rules.append(OwnerRule(f"/{_escape(unit.folder)}/", owners, unit.name or unit.id))
        if unit.depth == 0 and handles(unit.coordinators):
            # Kommun goals are KF's: only the kommun-wide samordnare approves changes to them.
            rules.append(OwnerRule(f"/{_escape(unit.folder)}/mål/", handles(unit.coordinators), unit.name or unit.id))
    return rules


def effective_owner(repo: Repository, unit: Unit) -> tuple[str, ...]:
    """Who would own the unit's files: its own handles, else the nearest ancestor's."""
    current: Unit | None = unit
    while current is not None:
        owners = unit_owners(current)
        if owners:
            return owners
        current = repo.parent(current)
    return ()
