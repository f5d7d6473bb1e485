"""`styr new enhet|mål|aktivitet`: create a unit, goal or activity file from a template that passes the rules."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from styr.app.pipeline import analyse
from styr.app.scope import find_unit
from styr.commands import swedish
from styr.commands.common import DateOpt, create_all, fail, refused, resolve_today
from styr.edit.scaffold import scalar, slug
from styr.load.repo import load
from styr.load.source import CONTENT_DIRS, NotAGoalRepository, WorkTree, find_root
from styr.model.build import build
from styr.model.repository import Repository
from styr.model.types import Unit
from styr.suggest import closest, did_you_mean

new_app = typer.Typer(help="Skapa en ny enhet, ett nytt mål eller en ny aktivitet från en mall.",
                      no_args_is_help=True, cls=swedish.Group)

_ID = re.compile(r"[A-ZÅÄÖ0-9][A-ZÅÄÖ0-9-]*\Z")
RepoArg = Annotated[Path, typer.Argument(help="Målrepots mapp (standard: aktuell mapp).", show_default=False)]
UnitOpt = Annotated[str, typer.Option("--unit", help="Enhetens id, t.ex. BUN.", show_default=False)]
TitleOpt = Annotated[str, typer.Option("--title", "--titel", help="Titeln, en hel mening.", show_default=False)]


def _open(path: Path) -> tuple[Path, Repository]:
    if not path.exists():
        fail(f"'{path}' finns inte.")
    try:
        root = find_root(path.resolve())
    except NotAGoalRepository as exc:
        fail(str(exc))
    return root, build(load(WorkTree(root)))


def _unit(repo: Repository, unit_id: str) -> Unit:
    if not unit_id.strip():
        fail("ange enheten med --unit, t.ex. --unit BUN.")
    with refused():  # every --unit is resolved alike (styr.app.scope)
        return find_unit(repo, unit_id)


def _next_id(prefix: str, taken: set[str]) -> str:
    numbers = [int(m[1]) for t in taken if (m := re.fullmatch(re.escape(prefix) + r"(\d+)", t))]
    return f"{prefix}{max(numbers, default=0) + 1}"


def _free_file(folder: Path, title: str, fallback: str) -> Path:
    """A new file name from the title; never one that exists."""
    base = slug(title)[:60].strip("-") or fallback
    for candidate in (base, slug(fallback), *(f"{base}-{n}" for n in range(2, 100))):
        if not (folder / f"{candidate}.yaml").exists():
            return folder / f"{candidate}.yaml"
    fail(f"hittar inget ledigt filnamn i {folder}.")


def _report(root: Path, created: Path, what: str, today: date) -> None:
    """Tell what was created and what the rules still ask for in the new file."""
    root = root.resolve()
    rel = created.resolve().relative_to(root).as_posix()
    typer.echo(f"Skapade {what}: {created}")
    hints = [d for d in analyse(WorkTree(root), today).diagnostics if d.path == rel]
    if hints:
        typer.echo("Att fylla i innan 'styr validate' blir nöjd:")
        for d in hints:
            typer.echo(f"  rad {d.line}: {d.code} {d.severity.swedish}: {d.message}")


@new_app.command("enhet", cls=swedish.Command)
def new_unit(
    parent: Annotated[Path, typer.Argument(help="Den överordnade enhetens mapp, t.ex. kommun.",
                                           show_default=False)],
    unit_id: Annotated[str, typer.Option("--id", help="Enhetens id: versaler, siffror och bindestreck, t.ex. BUN.",
                                         show_default=False)],
    name: Annotated[str, typer.Option("--name", "--namn", help="Enhetens namn, t.ex. \"Barn- och utbildningsnämnden\".",
                                      show_default=False)],
    chef: Annotated[str | None, typer.Option("--chef", help="Chefens namn.")] = None,
    folder: Annotated[str | None, typer.Option("--folder", "--mapp",
                                               help="Mappens namn (standard: av enhetens namn).")] = None,
    today: DateOpt = None,
) -> None:
    """Skapa en ny enhet: en mapp med styrkort.yaml under den överordnade enheten."""
    root, repo = _open(parent)
    if not parent.is_dir():
        fail(f"'{parent}' är ingen mapp.")
    rel_parent = parent.resolve().relative_to(root).as_posix()
    above = repo.unit_by_folder.get(rel_parent)
    if above is None:
        fail(f"'{parent}' är ingen enhet (styrkort.yaml saknas); ange den överordnade enhetens mapp.")
    uid = unit_id.strip()
    if not _ID.match(uid):
        fail(f"ogiltigt id '{unit_id}': använd versaler, siffror och bindestreck, t.ex. BUN.")
    if uid in repo.unit_by_id:
        fail(f"id '{uid}' används redan av {repo.unit_by_id[uid].path}.")
    if not name.strip():
        fail("ange enhetens namn med --namn.")
    dirname = (folder or slug(name)).strip()
    if not dirname or "/" in dirname or "\\" in dirname or dirname[0] in "._" or dirname in CONTENT_DIRS:
        fail(f"ogiltigt mappnamn '{dirname}'; ange ett annat med --mapp.")
    config = repo.config
    depth = above.depth + 1
    if config is None or depth >= len(config.levels):
        levels = len(config.levels) if config else 0
        fail(f"{above.name} ligger på den lägsta nivån; styrmodellen har {levels} nivåer (regel O05).")
    level = config.levels[depth]
    lines = [f"# Styrkort för {name.strip()} ({level.name}).", f"id: {uid}", f"namn: {scalar(name.strip())}",
             f"nivå: {scalar(level.id)}"]
    if chef:
        lines.append(f"chef: {{namn: {scalar(chef.strip())}, roll: Chef}}  # TODO: lägg till git: \"@namn\"")
    else:
        lines.append('# TODO: chef: {namn: Förnamn Efternamn, roll: Chef, git: "@användarnamn"}')
    lines.append('# samordnare: {namn: Förnamn Efternamn, roll: Styrkortsamordnare, git: "@användarnamn"}')
    target = parent / dirname / "styrkort.yaml"
    if (parent / dirname).exists() and not (parent / dirname).is_dir():
        fail(f"{parent / dirname} finns redan och är ingen mapp.")
    create_all({target: "\n".join(lines) + "\n"})
    _report(root, target, f"enheten {uid} ({level.name})", resolve_today(today))


def new_goal(
    path: RepoArg = Path("."),
    unit_id: UnitOpt = "",
    title: TitleOpt = "",
    perspective: Annotated[str, typer.Option("--perspective", "--perspektiv", help="Ett perspektiv ur styrmodellen.",
                                             show_default=False)] = "",
    contributes: Annotated[list[str] | None, typer.Option("--contributes-to", "--bidrar-till",
                                                          help="Målet en nivå upp (för "
                                                          "kommunmål: visionens målområde). Kan upprepas.")] = None,
    today: DateOpt = None,
) -> None:
    """Skapa ett nytt mål med nästa lediga id, målets period = mandatperioden och en indikator att fylla i."""
    root, repo = _open(path)
    unit = _unit(repo, unit_id)
    if not title.strip():
        fail("ange målets titel med --titel.")
    config = repo.config
    names = config.perspective_names if config else ()
    chosen = next((n for n in names if n.casefold() == perspective.strip().casefold()), None)
    if chosen is None:
        fail(f"okänt perspektiv '{perspective}'. "
             f"{did_you_mean(perspective, names, 'Välj ett av: ' + ', '.join(names) + '.')}")
    parents = _check_parents(repo, unit, contributes or [])
    goal_id = _next_id(f"{unit.id}-M", set(repo.goal_by_id))
    start = config.mandate_start if config else None
    end = config.mandate_end if config else None
    level = repo.level_of(unit)
    lines = [
        f"id: {goal_id}",
        f"titel: {scalar(title.strip())}",
        "beskrivning: >-",
        "  TODO: Beskriv vad som ska vara uppnått när målet är nått, för vem, och hur det mäts (S01).",
        f"perspektiv: {scalar(chosen)}",
    ]
    if parents:
        lines.append(f"bidrar_till: [{', '.join(parents)}]")
    else:
        lines.append("# TODO: bidrar_till: [ID]   # målet en nivå upp som det här målet bidrar till (K05)")
    lines.append(f"ansvarig: {scalar(unit.chef.name)}" if unit.chef else "# TODO: ansvarig: Roll eller namn")
    if start and end:
        lines += [f"start: {start.isoformat()}", f"slut: {end.isoformat()}"]
    if level is not None and level.decision_required:
        organ = unit.organ or unit.id
        lines.append(f"# TODO när målet är antaget (S05): beslut: {{organ: {organ}, datum: ÅÅÅÅ-MM-DD, "
                     "paragraf: \"§ 1\"}")
    years = list(range(start.year, end.year + 1)) if start and end else []
    targets = ", ".join(f"{y}: …" for y in years)
    lines += [
        "indikatorer:",
        "  - id: I1",
        "    namn: TODO Vad mäts?",
        "    enhet: procent          # procent | antal | kronor | dagar | index | andel | ja/nej | fri text",
        "    riktning: öka           # öka | minska | intervall | uppnått",
        "    källa: TODO             # eller {kolada: N15613}",
        "    mätfrekvens: helår      # helår | halvår | tertial | kvartal | månad | läsår",
        f"    # TODO: baslinje: {{period: {years[0] - 1 if years else 'ÅÅÅÅ'}, värde: …}}",
        f"    # TODO: målvärde: {{{targets or 'ÅÅÅÅ: …'}}}   # ett målvärde per år (S04)",
        "    # Utfall skrivs med: styr utfall " + goal_id + "/I1 PERIOD VÄRDE",
    ]
    target = _free_file(root / unit.folder / "mål", title, goal_id)
    create_all({target: "\n".join(lines) + "\n"})
    _report(root, target, f"målet {goal_id}", resolve_today(today))


def _check_parents(repo: Repository, unit: Unit, wanted: list[str]) -> list[str]:
    """Parent ids must exist one level up: a goal of the enclosing unit, or a vision focus area for the root."""
    above = repo.parent(unit)
    if above is None:
        candidates = [a.id for a in repo.vision.areas] if repo.vision else []
        what = "visionens målområden"
    else:
        candidates = [g.id for g in repo.goals_by_unit.get(above.folder, ())]
        what = f"målen i {above.name}"
    out = []
    for raw in wanted:
        for ref in (part.strip() for part in raw.split(",")):
            if not ref:
                continue
            if ref not in candidates:
                hint = did_you_mean(ref, candidates, f"Välj bland {what}: {', '.join(candidates) or 'inga finns'}.")
                fail(f"'{ref}' är inte ett av {what}. {hint}")
            out.append(ref)
    return list(dict.fromkeys(out))


def new_activity(
    path: RepoArg = Path("."),
    unit_id: UnitOpt = "",
    goals: Annotated[list[str] | None, typer.Option("--goal", "--mål", "--mal",
                                                    help="Målet som aktiviteten genomförs för "
                                                    "(i samma enhet). Kan upprepas.")] = None,
    title: TitleOpt = "",
    responsible: Annotated[str | None, typer.Option("--responsible", "--ansvarig",
                                                    help="Ansvarig roll eller person.")] = None,
    today: DateOpt = None,
) -> None:
    """Skapa en ny aktivitet med nästa lediga id och status planerad."""
    root, repo = _open(path)
    unit = _unit(repo, unit_id)
    if not title.strip():
        fail("ange aktivitetens titel med --titel.")
    own = [g.id for g in repo.goals_by_unit.get(unit.folder, ())]
    chosen: list[str] = []
    for raw in goals or []:
        for ref in (part.strip() for part in raw.split(",")):
            if ref and ref not in own:
                near = closest(ref, own)
                hint = f"Menade du '{near}'?" if near else f"Enhetens mål: {', '.join(own) or 'inga ännu'}."
                fail(f"'{ref}' är inget mål i {unit.name} ({unit.id}). {hint}")
            if ref:
                chosen.append(ref)
    if not chosen:
        fail(f"ange vilket mål aktiviteten hör till med --mål (enhetens mål: {', '.join(own) or 'inga ännu'}).")
    activity_id = _next_id(f"{unit.id}-A", set(repo.activity_by_id))
    who = responsible or (unit.chef.name if unit.chef else None)
    lines = [
        f"id: {activity_id}",
        f"titel: {scalar(title.strip())}",
        "# beskrivning: Vad görs, och hur bidrar det till målet?",
        f"mål: [{', '.join(dict.fromkeys(chosen))}]",
        f"ansvarig: {scalar(who)}" if who else "# TODO: ansvarig: Roll eller namn (A01)",
        "# TODO: start: ÅÅÅÅ-MM-DD (A01)",
        "# TODO: slut: ÅÅÅÅ-MM-DD (A01)",
        "status: planerad            # planerad | pågår | genomförd | försenad | avbruten",
    ]
    target = _free_file(root / unit.folder / "aktiviteter", title, activity_id)
    create_all({target: "\n".join(lines) + "\n"})
    _report(root, target, f"aktiviteten {activity_id}", resolve_today(today))


new_app.command("mål", cls=swedish.Command)(new_goal)
new_app.command("mal", hidden=True, cls=swedish.Command)(new_goal)
new_app.command("aktivitet", cls=swedish.Command)(new_activity)
