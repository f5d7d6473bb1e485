"""`styr new` and `styr init`: new units, goals, activities and whole repositories from templates, never
overwriting a file, every new file read back before it is written."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from styr.app.authoring.workspace import AuthoringError, Workspace, argument, open_workspace, write
from styr.app.errors import AppError
from styr.app.pipeline import analyse
from styr.app.scope import find_unit
from styr.edit import files, scaffold, templates
from styr.edit.scalars import EditError
from styr.edit.text import printable
from styr.frozen import frozen
from styr.load.schema_files import load_schemas
from styr.load.source import CONTENT_DIRS, WorkTree
from styr.model import periods
from styr.model.ids import suggestable
from styr.model.repository import Repository
from styr.model.types import Unit
from styr.suggest import closest, did_you_mean

_ID = re.compile(r"[A-ZÅÄÖ0-9][A-ZÅÄÖ0-9-]*\Z")
_MANDATE = re.compile(r"(\d{4})\s*[-–/]\s*(\d{4})\Z")


@frozen
class Hint:
    """What a rule still asks for in a new file."""

    line: int
    code: str
    severity: str
    message: str


@frozen
class Created:
    path: Path
    what: str
    """The new thing in Swedish: 'målet BUN-M2'."""
    hints: tuple[Hint, ...]


def _unit(repo: Repository, unit_id: str) -> Unit:
    wanted = argument(unit_id, "enhetens id")
    if not wanted:
        raise AuthoringError("ange enheten med --enhet, t.ex. --enhet BUN.")
    try:
        return find_unit(repo, wanted)  # any letter case, the same refusal as status and report
    except AppError as exc:
        raise AuthoringError(str(exc)) from None


def _next_id(prefix: str, taken: set[str]) -> str:
    numbers = [int(m[1]) for t in taken if (m := re.fullmatch(re.escape(prefix) + r"(\d{1,9})", t))]
    return f"{prefix}{max(numbers, default=0) + 1}"


def _free_file(folder: Path, title: str, fallback: str) -> Path:
    """A new file name from the title; never one that exists."""
    base = scaffold.slug(title)[:60].strip("-") or scaffold.slug(fallback)
    for candidate in (base, scaffold.slug(fallback), *(f"{base}-{n}" for n in range(2, 100))):
        if not (folder / f"{candidate}.yaml").exists():
            return folder / f"{candidate}.yaml"
    raise AuthoringError(f"hittar inget ledigt filnamn i {printable(str(folder))}.")


def _create(space: Workspace, target: Path, text: str, what: str, today: date) -> Created:
    """Write the new file and tell what the rules still ask for in it."""
    plan = files.Plan(space.root)
    plan.create(target, text)
    write(plan)
    rel = target.resolve().relative_to(space.root.resolve()).as_posix()
    hints = tuple(Hint(d.line, d.code, d.severity.swedish, d.message)
                  for d in analyse(WorkTree(space.root), today).diagnostics if d.path == rel)
    return Created(target, what, hints)


def _render(build: Callable[..., str], *args: object) -> str:
    """A template filled in; a value no YAML form can carry is refused in Swedish."""
    try:
        return build(*args)
    except EditError as exc:
        raise AuthoringError(str(exc)) from None


@frozen
class Dates:
    """`--start` and `--slut` as given (None: not given)."""

    start: str | None = None
    end: str | None = None

    def parsed(self) -> tuple[date | None, date | None]:
        """The two dates; a wrong one, or a slut before the start, is refused in Swedish."""
        start, end = _date(self.start, "--start"), _date(self.end, "--slut")
        if start and end and end < start:
            raise AuthoringError(f"--slut {end.isoformat()} ligger före --start {start.isoformat()}.")
        return start, end


def _date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(argument(text, option).strip())
    except ValueError:
        raise AuthoringError(f"ogiltigt datum för {option}: '{printable(text)}'; skriv ÅÅÅÅ-MM-DD, "
                             "t.ex. 2026-08-15.") from None


def new_unit(parent: Path, unit_id: str, name: str, chef: str | None, folder: str | None, today: date,
             git: str | None = None) -> Created:
    """A new unit below the unit in the folder `parent`: a folder with a styrkort.yaml."""
    space = open_workspace(parent)
    if not parent.is_dir():
        raise AuthoringError(f"'{printable(str(parent))}' är ingen mapp.")
    above = space.repo.unit_by_folder.get(parent.resolve().relative_to(space.root).as_posix())
    if above is None:
        raise AuthoringError(f"'{printable(str(parent))}' är ingen enhet (styrkort.yaml saknas); ange den "
                             "överordnade enhetens mapp.")
    uid = argument(unit_id, "enhetens id")
    if not _ID.match(uid):
        raise AuthoringError(f"ogiltigt id '{uid}': använd versaler, siffror och bindestreck, t.ex. BUN.")
    if uid in space.repo.unit_by_id:
        raise AuthoringError(f"id '{uid}' används redan av {space.repo.unit_by_id[uid].path}.")
    title = argument(name, "enhetens namn")
    if not title:
        raise AuthoringError("ange enhetens namn med --namn.")
    dirname = argument(folder, "mappens namn") if folder is not None else scaffold.slug(title)
    if not dirname or "/" in dirname or "\\" in dirname or dirname[0] in "._" or dirname in CONTENT_DIRS:
        raise AuthoringError(f"ogiltigt mappnamn '{dirname}'; ange ett annat med --mapp.")
    config = space.repo.config
    depth = above.depth + 1
    if config is None or depth >= len(config.levels):
        levels = len(config.levels) if config else 0
        raise AuthoringError(f"{above.name} ligger på den lägsta nivån; styrmodellen har {levels} nivåer (regel O05).")
    level = config.levels[depth]
    if (parent / dirname).exists() and not (parent / dirname).is_dir():
        raise AuthoringError(f"{printable(str(parent / dirname))} finns redan och är ingen mapp.")
    boss = argument(chef, "chefens namn") if chef else None
    handle = argument(git, "--git") if git else None
    if handle and not boss:
        raise AuthoringError("--git är chefens användarnamn i Git; ange också chefens namn med --chef.")
    text = _render(scaffold.unit_file, uid, title, level.id, level.name, boss, handle)
    return _create(space, parent / dirname / "styrkort.yaml", text, f"enheten {uid} ({level.name})", today)


def new_goal(path: Path, unit_id: str, title: str, perspective: str, contributes: list[str],
             today: date, dates: Dates = Dates()) -> Created:
    """A new goal of a unit with the next free id, the mandate period as its time (or `dates`) and one indicator
    to fill in."""
    space = open_workspace(path)
    repo = space.repo
    config = repo.config
    names = config.perspective_names if config else ()
    _all_given(repo, unit_id, title, perspective, names)
    unit = _unit(repo, unit_id)
    heading = argument(title, "titeln")
    if not heading:
        raise AuthoringError("ange målets titel med --titel.")
    wanted = argument(perspective, "perspektivet")
    chosen = next((n for n in names if n.casefold() == wanted.casefold()), None)
    if chosen is None:
        choose = f"Välj ett av: {', '.join(names)}." if names else "styrmodell.yaml anger inga perspektiv."
        if not wanted:
            raise AuthoringError(f"ange målets perspektiv med --perspektiv. {choose}")
        raise AuthoringError(f"okänt perspektiv '{wanted}'. {did_you_mean(wanted, names, choose)}")
    parents = _check_parents(repo, unit, contributes)
    goal_id = _next_id(f"{unit.id}-M", set(repo.goal_by_id))
    level = repo.level_of(unit)
    start, end = dates.parsed()
    start = start or (config.mandate_start if config else None)
    end = end or (config.mandate_end if config else None)
    if start and end and end < start:
        raise AuthoringError(f"målets slut {end.isoformat()} ligger före dess start {start.isoformat()}; ange "
                             "både --start och --slut.")
    draft = scaffold.GoalDraft(
        goal_id, heading, chosen, tuple(parents), unit.chef.name if unit.chef else None, start, end,
        (unit.organ or unit.id) if level is not None and level.decision_required else None)
    target = _free_file(space.root / unit.folder / "mål", heading, goal_id)
    return _create(space, target, _render(scaffold.goal_file, draft), f"målet {goal_id}", today)


def _all_given(repo: Repository, unit_id: str, title: str, perspective: str, perspectives: Sequence[str]) -> None:
    """A goal needs a unit, a title and a perspective: when more than one is missing, all of them are named at
    once, with a command that would work in this repository, rather than one at a time."""
    missing = [option for option, value in (("--enhet", unit_id), ("--titel", title), ("--perspektiv", perspective))
               if not value.strip()]
    if len(missing) < 2:
        return  # one missing option: its own message says it, and checks what was given
    unit = unit_id.strip() or (repo.units[0].id if repo.units else "BUN")
    first = perspectives[0] if perspectives else "Verksamhet"
    example = (f"styr new mål --enhet {unit} --titel \"Alla elever når kunskapsmålen\" "
               f"--perspektiv {first if ' ' not in first else repr(first)}")
    raise AuthoringError(f"ange {', '.join(missing[:-1])} och {missing[-1]}, t.ex. {example}")


def _refs(raw: list[str], what: str) -> list[str]:
    out: list[str] = []
    for item in raw:
        out.extend(ref for part in argument(item, what).split(",") if (ref := part.strip()))
    return out


def _check_parents(repo: Repository, unit: Unit, wanted: list[str]) -> list[str]:
    """Parent ids must exist one level up: a goal of the enclosing unit, or a vision focus area for the root."""
    above = repo.parent(unit)
    if above is None:
        candidates = [a.id for a in repo.vision.areas] if repo.vision else []
        what = "visionens målområden"
    else:
        candidates = suggestable(repo, repo.goals_by_unit.get(above.folder, ()))
        what = f"målen i {above.name}"
    known = {g.id for g in repo.goals_by_unit.get(above.folder, ())} if above is not None else set(candidates)
    for ref in _refs(wanted, "--bidrar-till"):
        if ref not in known:
            listed = ", ".join(candidates) or ("inga med rätt id (regel K10)" if known else "inga finns")
            hint = did_you_mean(ref, candidates, f"Välj bland {what}: {listed}.")
            raise AuthoringError(f"'{ref}' är inte ett av {what}. {hint}")
    return list(dict.fromkeys(_refs(wanted, "--bidrar-till")))


def new_activity(path: Path, unit_id: str, goals: list[str], title: str, responsible: str | None,
                 today: date, dates: Dates = Dates()) -> Created:
    """A new activity of a unit with the next free id and status planerad, with what rule A01 asks for: who is
    responsible (the unit's chef unless given), and a start and slut (today and the end of its year unless
    given)."""
    space = open_workspace(path)
    repo = space.repo
    unit = _unit(repo, unit_id)
    heading = argument(title, "titeln")
    if not heading:
        raise AuthoringError("ange aktivitetens titel med --titel.")
    own = suggestable(repo, repo.goals_by_unit.get(unit.folder, ()))
    chosen = _refs(goals, "--mål")
    for ref in chosen:
        if ref not in {g.id for g in repo.goals_by_unit.get(unit.folder, ())}:
            near = closest(ref, own)
            hint = f"Menade du '{near}'?" if near else f"Enhetens mål: {', '.join(own) or 'inga ännu'}."
            raise AuthoringError(f"'{ref}' är inget mål i {unit.name} ({unit.id}). {hint}")
    if not chosen:
        raise AuthoringError(f"ange vilket mål aktiviteten hör till med --mål (enhetens mål: "
                             f"{', '.join(own) or 'inga ännu'}).")
    activity_id = _next_id(f"{unit.id}-A", set(repo.activity_by_id))
    who = argument(responsible, "ansvarig") if responsible else (unit.chef.name if unit.chef else None)
    if not who:
        raise AuthoringError(f"{unit.name} har ingen chef att föreslå som ansvarig; ange ansvarig med --ansvarig.")
    start, end = _activity_dates(dates, today)
    text = _render(scaffold.activity_file, activity_id, heading, tuple(dict.fromkeys(chosen)), who, start, end)
    target = _free_file(space.root / unit.folder / "aktiviteter", heading, activity_id)
    return _create(space, target, text, f"aktiviteten {activity_id}", today)


def _activity_dates(dates: Dates, today: date) -> tuple[date, date]:
    """The start and slut given, else today and the end of the start's year (a slut in the past starts its
    year)."""
    start, end = dates.parsed()
    if start is None:
        start = today if end is None or end >= today else date(end.year, 1, 1)
    if end is None:
        end = date(start.year, 12, 31)
    if end < start:
        raise AuthoringError(f"--slut {end.isoformat()} ligger före starten {start.isoformat()}; ange --start.")
    return start, end


@frozen
class RepositoryCreated:
    kommun: str
    path: Path
    files: int


def mandate(value: str | None, today: date) -> tuple[int, int]:
    """The mandate period's first and last year: as given (2023-2026), or the one running `today`."""
    if value is None:
        # Swedish mandate periods run four years from the January after an election (2023–2026, 2027–2030 …).
        first = 2023 + (today.year - 2023) // 4 * 4
        return first, first + 3
    m = _MANDATE.match(argument(value, "mandatperioden"))
    if not m:
        raise AuthoringError(f"ogiltig mandatperiod '{printable(value)}': skriv första och sista året, t.ex. "
                             "2023-2026.")
    start, end = int(m[1]), int(m[2])
    if not (periods.MIN_YEAR <= start <= end <= periods.MAX_YEAR):
        raise AuthoringError(f"ogiltig mandatperiod '{value}': det sista året får inte komma före det första.")
    return start, end


def init_repository(path: Path, kommun: str, levels: str, mandate_text: str | None, chef: str | None,
                    git: str | None, editor_settings: str, today: date) -> RepositoryCreated:
    """A new goal repository in the folder `path`: styrmodell, vision, the root unit, JSON Schemas for the
    editor and their settings (`editor_settings`, the text of .vscode/settings.json), and a README."""
    name = argument(kommun, "kommunens namn")
    if not name:
        raise AuthoringError("ange kommunens namn med --kommun, t.ex. --kommun \"Ekeby kommun\".")
    level_ids = [level for part in argument(levels, "--nivåer").split(",") if (level := part.strip())]
    if not level_ids:
        raise AuthoringError("ange minst en nivå med --nivåer, t.ex. --nivåer kommun,nämnd,verksamhet,enhet.")
    if len(set(level_ids)) != len(level_ids):
        raise AuthoringError(f"samma nivå förekommer två gånger i --nivåer '{levels}'.")
    start, end = mandate(mandate_text, today)
    boss = argument(chef, "chefens namn") if chef else None
    handle = argument(git, "--git") if git else None
    if path.exists() and not path.is_dir():
        raise AuthoringError(f"'{printable(str(path))}' är en fil, inte en mapp.")
    created = {
        path / "styrmodell.yaml": _render(scaffold.styrmodell_file, name, level_ids, start, end),
        path / "vision.yaml": _render(scaffold.vision_file, name),
        path / templates.ROOT_FOLDER / "styrkort.yaml": _render(scaffold.root_unit_file, name, level_ids[0], boss,
                                                                handle),
        path / ".vscode" / "settings.json": editor_settings,
        path / "README.md": scaffold.readme_text(name, min(max(today.year - 1, start), end)),
        path / ".gitignore": templates.GITIGNORE,
    }
    for file, body in load_schemas().items():
        created[path / templates.SCHEMA_DIR / file] = json.dumps(body, ensure_ascii=False, indent=2) + "\n"
    plan = files.Plan(path)
    for target, text in created.items():
        plan.create(target, text)
    write(plan)
    return RepositoryCreated(name, path, len(created))
