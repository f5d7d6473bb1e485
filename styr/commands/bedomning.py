"""`styr bedömning`: write a goal's assessment for a period without hand-editing YAML, then give the rules' advice."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Annotated

import typer

from styr.commands.common import (
    DateOpt,
    PathArg,
    closed_note,
    edit_period_entry,
    fail,
    goal_arg,
    make_settings,
    period_arg,
    read_input,
    working_tree,
    write_atomically,
)
from styr.edit.period_entry import ASSESSMENTS, NewAssessment, TextProblem, clean_text
from styr.fulfilment.evaluate import colour_model, is_lasar_unit, unit_period
from styr.fulfilment.goal import indicator_colour
from styr.fulfilment.indicator import indicator_result
from styr.load.yamlio import MAX_BYTES
from styr.model.periods import Period, PeriodKind
from styr.model.repository import Repository
from styr.model.types import Goal
from styr.model.vocab import Colour
from styr.suggest import did_you_mean
from styr.wording.periods import period_name

COLOURS = Colour.words()
# ASCII spellings, for keyboards and shells where å, ä and ö are awkward.
_EXTREMES = frozenset({Colour.GRON, Colour.ROD})


def bedomning(
    goal_id: Annotated[str, typer.Argument(help="Målets id, t.ex. BUN-M2.", metavar="MÅL-ID",
                                           show_default=False)],
    period: Annotated[str, typer.Argument(help="Perioden, t.ex. 2026-H1 (delårsbokslut) eller 2026 (bokslut).",
                                          metavar="PERIOD", show_default=False)],
    path: PathArg = Path("."),
    colour: Annotated[str | None, typer.Option("--färg", "--farg", help="Den bedömda färgen: grön, gul, röd "
                                               "eller svart.", show_default=False)] = None,
    forecast: Annotated[str | None, typer.Option("--prognos", help="Prognos för helåret (krävs i "
                                                 "delårsbokslutet): grön, gul, röd eller svart.",
                                                 show_default=False)] = None,
    analysis: Annotated[str | None, typer.Option("--analys", help="Analysen (Markdown, får ha flera rader).",
                                                 show_default=False)] = None,
    analysis_file: Annotated[str | None, typer.Option("--analys-fil", help="Läs analysen från en fil i UTF-8; "
                                                      "- läser från standard in.", show_default=False)] = None,
    motivation: Annotated[str | None, typer.Option("--motivering", help="Motivering (krävs när färgen ligger två "
                                                   "steg från indikatorfärgen).", show_default=False)] = None,
    replace: Annotated[bool, typer.Option("--ersätt", "--ersatt", "--replace",
                                          help="Ersätt en befintlig bedömning för perioden.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Skriv även i en stängd period (ett antaget bokslut "
                                        "eller delår, eller stängda_perioder).")] = False,
    today: DateOpt = None,
) -> None:
    """Skriv ett måls bedömning för en period. Bara den posten ändras; kommentarer och format behålls."""
    if colour is None:
        fail("ange den bedömda färgen med --färg grön, gul, röd eller svart.")
    values = NewAssessment(
        colour=_colour(colour, "--färg"),
        analysis=_text(_analysis(analysis, analysis_file), "analysen"),
        forecast=_colour(forecast, "--prognos") if forecast is not None else None,
        motivation=_text(motivation or "", "motiveringen"),
    )
    wanted = period_arg(period)
    settings = make_settings(path, today)
    repo = working_tree(settings)
    goal = goal_arg(repo, goal_id.strip())
    edit = edit_period_entry(settings.root, goal.id, goal.path, ASSESSMENTS, wanted.text, values.mapping(), replace)
    if not edit.changed:
        typer.echo(f"{goal.id} har redan den bedömningen för {wanted.text} ({goal.path}, rad {edit.line}); "
                   "inget ändrades.")
    else:
        # A new assessment may still be written for a closed period; a decided one is not changed without --force.
        closed = closed_note(settings.root, repo)(goal, wanted) if edit.replaced and not force else None
        if closed is not None:
            fail(closed)
        write_atomically(settings.root / goal.path, edit.text)
        done = "Ersatte bedömningen med" if edit.replaced else "Skrev bedömningen"
        typer.echo(f"{done} {values.colour} för {wanted.text} i {goal.id} ({goal.path}, rad {edit.line}).")
    for line in advice(repo, goal, wanted, values):
        typer.echo(f"obs! {line}", err=True)


def _colour(raw: str, option: str) -> str:
    found = Colour.parse(raw, ascii=True)  # gron and rod too, for keyboards where ö is awkward
    if found is None:
        hint = did_you_mean(unicodedata.normalize("NFC", raw.strip().casefold()), COLOURS)
        fail(f"ogiltig färg '{raw}' för {option}: ange grön, gul, röd eller svart. {hint}".rstrip())
    return found.value


def _analysis(text: str | None, file: str | None) -> str:
    """The analysis from --analys, or read from --analys-fil (a path, or - for standard input)."""
    if text is not None and file is not None:
        fail("ange analysen med antingen --analys eller --analys-fil, inte båda.")
    if file is None:
        return text or ""
    where = "standard in" if file == "-" else f"'{file}'"
    data = read_input(file, MAX_BYTES)
    if len(data) > MAX_BYTES:
        fail(f"analysen från {where} är större än {MAX_BYTES // 1024} KiB; en målfil får inte bli så stor (Y06).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        fail(f"analysen från {where} är inte UTF-8 (rad {line}); spara den som UTF-8 (inte Latin-1/Windows-1252).")


def _text(raw: str, what: str) -> str:
    try:
        return clean_text(raw, what)
    except TextProblem as exc:
        fail(str(exc))


def _off(repo: Repository) -> frozenset[str]:
    """Rules turned off under `regler:` in styrmodell.yaml: their advice is not given either."""
    overrides = repo.config.rule_overrides if repo.config is not None else ()
    return frozenset(code for code, level in overrides if str(level).strip().casefold() == "av")


def advice(repo: Repository, goal: Goal, period: Period, values: NewAssessment) -> list[str]:
    """What rules U03, U04 and U05 will say about the assessment just written, as Swedish lines."""
    off = _off(repo)
    unit = repo.unit_of(goal)
    out: list[str] = []
    # U03 asks for an analysis in the delår (H1) and the bokslut (helår); a läsår unit reports HT and the
    # läsår, and may write under the calendar period that shows them.
    reporting = period.is_reporting if is_lasar_unit(unit) else (
        period.kind is PeriodKind.HELAR or (period.kind is PeriodKind.HALVAR and period.number == 1))
    if "U03" not in off and reporting and not values.analysis:
        out.append(f"U03: analys saknas för {period.text} ({period_name(period)}); delårsbokslutet och "
                   "bokslutet ska ha en analys. Skriv den med --analys eller --analys-fil och --ersätt.")
    if "U04" not in off and values.colour in _EXTREMES and not values.motivation and goal.indicators:
        model = colour_model(repo)
        judged = unit_period(unit, period)
        results = [indicator_result(ind, judged, model, reason=False) for ind in goal.indicators]
        shown = indicator_colour(results, model)[0].value
        if shown in _EXTREMES and shown != values.colour:
            out.append(f"U04: bedömningen {values.colour} ligger två steg från indikatorfärgen {shown} för "
                       f"{period.text}; en motivering krävs. Skriv den med --motivering och --ersätt.")
    if "U05" not in off and period.is_delar and not values.forecast:
        year = "läsåret" if period.is_lasar_based else "helåret"
        out.append(f"U05: prognos för {year} saknas i delårsbokslutet {period.text}; lägg till --prognos "
                   "grön|gul|röd|svart och --ersätt.")
    return out
