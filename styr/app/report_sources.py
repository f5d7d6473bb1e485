"""What a report takes from beside the model: the kommun's logo (a file in the goal repository, read safely) and
each unit's changes since the decision that adopted its goals (from the decision tags in Git)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from styr.app.workspace import Opened
from styr.model.repository import Repository
from styr.model.types import Unit

if TYPE_CHECKING:  # the history (Git) and the site's views are loaded only when a report is written
    from styr.history.adopt import Adoption
    from styr.render.site.view import ChangedSince

Notify = Callable[[str], None]

MAX_LOGO = 512 * 1024
_LOGO_TYPES = {".svg": "svg", ".png": "png", ".jpg": "jpg", ".jpeg": "jpg"}
_MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "jpg": b"\xff\xd8\xff"}
# An SVG is a document that can run code when opened on its own: one with scripts, event handlers, embedded
# documents, entities or references to anything outside itself is refused, not cleaned.
_SVG_UNSAFE = re.compile(rb"<\s*script|<\s*foreignobject|<\s*iframe|<!\s*(?:entity|doctype)|\son[a-z]+\s*=|"
                         rb"javascript:|data:|(?:xlink:)?href\s*=\s*[\"']\s*(?!#)|@import|url\(\s*[\"']?\s*(?!#)",
                         re.I)
# Categories of a goal's changes that alter what the organ decided: not outcomes, assessments or follow-up.
_DECIDED = ("koppling", "målvärde", "definition", "beslut")


def read_logo(opened: Opened, notify: Notify) -> tuple[str, bytes] | None:
    """`publicering: logotyp`: (extension, contents) of an SVG, PNG or JPEG file inside the goal repository,
    at most MAX_LOGO bytes. Anything else is said (notify) and the report has no logo."""
    config = opened.repo.config
    wanted = dict(config.publishing).get("logotyp") if config is not None else None
    if not isinstance(wanted, str) or not wanted.strip():
        return None
    rel = PurePosixPath(wanted.strip())
    ext = _LOGO_TYPES.get(rel.suffix.lower())
    if rel.is_absolute() or ".." in rel.parts or "\\" in wanted or ext is None:
        notify(f"logotypen '{wanted}' används inte: ange en .svg-, .png- eller .jpg-fil i målrepot, med sökväg "
               "från målrepots rot.")
        return None
    data = _logo_bytes(opened, rel.as_posix(), notify)
    if data is None:
        return None
    if ext == "svg" and (b"<svg" not in data[:4096].lower() or _SVG_UNSAFE.search(data)):
        notify(f"logotypen '{wanted}' används inte: SVG-filen innehåller skript, händelser, inbäddade dokument "
               "eller hänvisningar utanför filen.")
        return None
    if ext in _MAGIC and not data.startswith(_MAGIC[ext]):
        notify(f"logotypen '{wanted}' används inte: filen är ingen {ext.upper()}-bild.")
        return None
    return ext, data


def _logo_bytes(opened: Opened, rel: str, notify: Notify) -> bytes | None:
    if opened.settings.rev is not None:
        from styr.history import gitio  # a report of --rev reads the logo from the same revision

        source = opened.source
        try:
            repo = getattr(source, "repo")  # noqa: B009 — a RevisionSource's Git repository
            found = gitio.read_blobs(repo, [f"{getattr(source, 'commit')}:{repo.full(rel)}"])  # noqa: B009
        except (gitio.GitError, AttributeError):
            found = {}
        data = next(iter(found.values()), None)
        if data is None or len(data) > MAX_LOGO:
            notify(f"logotypen '{rel}' finns inte i revisionen eller är större än {MAX_LOGO // 1024} kB.")
            return None
        return data
    path = opened.root / rel
    root = os.path.realpath(opened.root)
    real = os.path.realpath(path)
    if os.path.commonpath([root, real]) != root or path.is_symlink() or not path.is_file():
        notify(f"logotypen '{rel}' används inte: den finns inte som en vanlig fil i målrepot.")
        return None
    try:
        if path.stat().st_size > MAX_LOGO:
            notify(f"logotypen '{rel}' används inte: den är större än {MAX_LOGO // 1024} kB.")
            return None
        return path.read_bytes()
    except OSError as exc:
        notify(f"logotypen '{rel}' kunde inte läsas: {exc.strerror or exc}.")
        return None


def since_decision(opened: Opened, repo: Repository) -> dict[str, ChangedSince] | None:
    """Unit folder → its goals' changes since the latest decision of the organ that adopts them (a unit without
    an organ of its own: the nearest above it). A unit whose organ has recorded no decision has no entry; None
    when the repository has no recorded decision on goals or no Git."""
    from styr.history import gitio
    from styr.history.adopt import adoptions, latest
    from styr.history.modeldiff import model_diff
    from styr.render.site.view import ChangedItem, ChangedSince

    try:
        decisions = [a for a in adoptions(gitio.open_repo(opened.root)) if a.period is None]
    except gitio.GitError:
        return None
    if not decisions:
        return None
    groups: dict[str, list[Unit]] = {}
    chosen: dict[str, Adoption] = {}
    for unit in repo.walk():
        organ = _organ(repo, unit)
        found = latest(decisions, organ) if organ else None
        if found is not None:
            groups.setdefault(found.tag, []).append(unit)
            chosen[found.tag] = found
    out: dict[str, ChangedSince] = {}
    for tag, units in groups.items():
        rev = opened.settings.rev
        try:
            diff = model_diff(opened.root, f"{tag}..{rev}" if rev else tag)
        except gitio.GitError:
            continue
        by_unit: dict[str, list[ChangedItem]] = {}
        for item in diff.items:
            details = tuple(c.text() for c in item.changes if c.category in _DECIDED)
            if item.kind == "mål" and (item.status != "ändrad" or details):
                by_unit.setdefault(item.unit, []).append(ChangedItem(item.item_id, item.title, item.status, details))
        sentence = chosen[tag].sentence().rsplit(" (", 1)[0]  # without the tag's name: readers know no tags
        for unit in units:
            out[unit.folder] = ChangedSince(sentence, tuple(by_unit.get(unit.folder, ())))
    return out


def _organ(repo: Repository, unit: Unit) -> str | None:
    """The organ that adopts the unit's goals: its own `organ` or its level's `beslutsorgan`, else that of the
    nearest unit above that has one (a verksamhet's goals stand under its nämnd's decision)."""
    seen: set[str] = set()
    here: Unit | None = unit
    while here is not None and here.folder not in seen:
        seen.add(here.folder)
        level = repo.level_of(here)
        organ = here.organ or (level.decision_body if level is not None else None)
        if organ:
            return organ
        here = repo.parent(here)
    return None
