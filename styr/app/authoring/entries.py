"""`styr bedömning` and `styr uppföljning`: one period's entry of a goal or an activity, and the rules' advice."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from styr.app.authoring.workspace import (
    AuthoringError,
    Workspace,
    argument,
    closed_note,
    goal_arg,
    open_workspace,
    period_arg,
    read_input,
    unread_note,
    write,
)
from styr.edit import files
from styr.edit.document import Edit, EntryExists
from styr.edit.period_entry import ASSESSMENTS, FOLLOW_UPS, NewAssessment, PeriodMap, set_period_entry
from styr.edit.scalars import EditError
from styr.edit.text import TextProblem, clean_text, printable
from styr.frozen import frozen
from styr.fulfilment.evaluate import goal_indicator_colour, is_lasar_unit
from styr.load.yamlio import MAX_BYTES
from styr.model.ids import activity_ids
from styr.model.periods import Period, PeriodKind
from styr.model.repository import Repository
from styr.model.types import Goal
from styr.model.vocab import CORE_COLOURS, ActivityStatus, Colour, Vocabulary
from styr.rules.f_content import has_placeholder
from styr.rules.run import severities
from styr.suggest import did_you_mean
from styr.wording.periods import period_name

_EXTREMES = frozenset({Colour.GRON.value, Colour.ROD.value})
_DONE = frozenset(s.value for s in ActivityStatus if s.finished)


@frozen
class EntryWritten:
    owner: str
    """The goal's or activity's id."""
    period: str
    word: str
    """The colour or status written."""
    path: str
    line: int
    replaced: bool
    changed: bool
    advice: tuple[str, ...] = ()
    """What the rules will say about the entry (U03–U05), or a reminder, as Swedish lines."""


def colour_word(raw: str, option: str) -> str:
    # Only the four colours: ej aktuell and ej påbörjat are states styr concludes, not an assessment.
    choices = ", ".join(c.value for c in CORE_COLOURS[:-1]) + " eller " + CORE_COLOURS[-1].value
    message = f"ogiltig färg '{raw}' för {option}: ange {choices}."
    word = _word(raw, option, Colour, message)
    if not Colour(word).is_colour:
        raise AuthoringError(message)
    return word


def status_word(raw: str) -> str:
    return _word(raw, "--status", ActivityStatus, f"okänd status '{raw}': ange {_choices(ActivityStatus)}.")


def _choices(vocabulary: type[Vocabulary]) -> str:
    words = vocabulary.words()
    return ", ".join(words[:-1]) + " eller " + words[-1]


def _word(raw: str, option: str, vocabulary: type[Vocabulary], message: str) -> str:
    # ASCII spellings (gron, pagar) too, for keyboards and shells where å, ä and ö are awkward.
    text = argument(raw, option)
    found = vocabulary.parse(text, ascii=True)
    if found is None:
        word = unicodedata.normalize("NFC", text.casefold())
        raise AuthoringError(f"{message} {did_you_mean(word, vocabulary.words())}".rstrip())
    return found.value


def cleaned(raw: str, what: str) -> str:
    try:
        return clean_text(raw, what)
    except TextProblem as exc:
        raise AuthoringError(str(exc)) from None


def analysis_text(text: str | None, file: str | None) -> str:
    """The analysis from --analys, or read from --analys-fil (a path, or - for standard input)."""
    if text is not None and file is not None:
        raise AuthoringError("ange analysen med antingen --analys eller --analys-fil, inte båda.")
    if file is None:
        return cleaned(text or "", "analysen")
    where = "standard in" if file == "-" else f"'{printable(file)}'"
    data = read_input(file, MAX_BYTES)
    if len(data) > MAX_BYTES:
        raise AuthoringError(f"analysen från {where} är större än {MAX_BYTES // 1024} KiB; en målfil får inte bli så "
                             "stor (Y06).")
    try:
        return cleaned(data.decode("utf-8-sig"), "analysen")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise AuthoringError(f"analysen från {where} är inte UTF-8 (rad {line}); spara den som UTF-8 (inte "
                             "Latin-1/Windows-1252).") from None


def _edit(space: Workspace, owner: str, path: str, where: PeriodMap, period: str, wanted: dict[str, str],
          replace: bool) -> tuple[Edit, bytes]:
    text, before = space.read(path)
    try:
        return set_period_entry(text, where, period, wanted, replace=replace), before
    except EntryExists as exists:
        raise AuthoringError(f"{owner} har redan {where.one} för {period} ({path}, rad {exists.line}); använd "
                             "--ersätt för att ersätta den.") from None
    except EditError as exc:
        raise AuthoringError(f"{path}: {exc}") from None


def _write(space: Workspace, path: str, edit: Edit, before: bytes) -> None:
    plan = files.Plan(space.root)
    plan.replace(space.file(path), edit.text, before)
    write(plan)


@frozen
class AssessmentOptions:
    """An assessment as the user gave it on the command line."""

    colour: str | None
    forecast: str | None = None
    analysis: str | None = None
    analysis_file: str | None = None
    motivation: str | None = None

    def values(self) -> NewAssessment:
        if self.colour is None:
            raise AuthoringError("ange den bedömda färgen med --färg grön, gul, röd eller svart.")
        return NewAssessment(
            colour=colour_word(self.colour, "--färg"),
            analysis=analysis_text(self.analysis, self.analysis_file),
            forecast=colour_word(self.forecast, "--prognos") if self.forecast is not None else None,
            motivation=cleaned(self.motivation or "", "motiveringen"),
        )


def write_assessment(path: Path, goal_id: str, period: str, options: AssessmentOptions, *, replace: bool,
                     force: bool) -> EntryWritten:
    """Write a goal's assessment for a period. A decided one in a closed period changes only with `force`."""
    values = options.values()
    wanted = period_arg(period)
    space = open_workspace(path)
    goal = goal_arg(space, goal_id)
    _refuse_placeholders(space.repo, goal, wanted, values)
    edit, before = _edit(space, goal.id, goal.path, ASSESSMENTS, wanted.text, values.mapping(), replace)
    if edit.changed:
        # A new assessment may still be written for a closed period; a decided one is not changed without --force.
        note = closed_note(space.root, space.repo)(goal, wanted) if edit.replaced and not force else None
        if note is not None:
            raise AuthoringError(note)
        _write(space, goal.path, edit, before)
    return EntryWritten(goal.id, wanted.text, values.colour, goal.path, edit.line, edit.replaced, edit.changed,
                        tuple(advice(space.repo, goal, wanted, values)))


def _refuse_placeholders(repo: Repository, goal: Goal, period: Period, values: NewAssessment) -> None:
    """A placeholder (TODO …) in the assessment of a delår or bokslut is an error for `styr validate` (F07):
    it would be published. It is refused before the file is written."""
    if not _reporting(repo, goal, period):
        return
    for what, text in (("analysen", values.analysis), ("motiveringen", values.motivation)):
        if has_placeholder(text):
            raise AuthoringError(f"{what} för {period.text} innehåller en platshållare (TODO), och 'styr validate' "
                                 "skulle underkänna den i ett delår eller bokslut (F07). Skriv den riktiga texten.")


def _reporting(repo: Repository, goal: Goal, period: Period) -> bool:
    # U03 asks for an analysis in the delår (H1) and the bokslut (helår); a läsår unit reports HT and the
    # läsår, and may write under the calendar period that shows them.
    if is_lasar_unit(repo.unit_of(goal)):
        return period.is_reporting
    return period.kind is PeriodKind.HELAR or (period.kind is PeriodKind.HALVAR and period.number == 1)


def write_follow_up(path: Path, activity_id: str, period: str, status_option: str | None, comment_option: str | None,
                    *, replace: bool) -> EntryWritten:
    """Write an activity's follow-up (status and comment) for a period."""
    if status_option is None:
        raise AuthoringError("ange aktivitetens status med --status planerad, pågår, genomförd, försenad eller "
                             "avbruten.")
    status = status_word(status_option)
    comment = cleaned(comment_option or "", "kommentaren")
    wanted = period_arg(period)
    space = open_workspace(path)
    wanted_id = argument(activity_id, "aktivitetens id")
    activity = space.repo.activity_by_id.get(wanted_id)
    if activity is None:
        raise AuthoringError(f"aktiviteten '{wanted_id}' finns inte. "
                             f"{did_you_mean(wanted_id, activity_ids(space.repo))}".rstrip() + unread_note(space))
    entry = {"status": status, **({"kommentar": comment} if comment else {})}
    edit, before = _edit(space, activity.id, activity.path, FOLLOW_UPS, wanted.text, entry, replace)
    notes: tuple[str, ...] = ()
    if edit.changed:
        _write(space, activity.path, edit, before)
        if status in _DONE and activity.status not in _DONE:
            # The activity's own status is what A04 and the plan read; the follow-up does not change it.
            notes = (f"aktivitetens status är fortfarande '{activity.status or 'saknas'}'; ändra 'status:' i "
                     f"{activity.path} till {status} när aktiviteten är avslutad (A04).",)
    return EntryWritten(activity.id, wanted.text, status, activity.path, edit.line, edit.replaced, edit.changed,
                        notes)


def _off(repo: Repository) -> frozenset[str]:
    """Rules turned off under `regler:` in styrmodell.yaml: their advice is not given either."""
    return frozenset(code for code, level in severities(repo.config).items() if str(level).strip().casefold() == "av")


def advice(repo: Repository, goal: Goal, period: Period, values: NewAssessment) -> list[str]:
    """What rules U03, U04 and U05 will say about the assessment just written, as Swedish lines."""
    off = _off(repo)
    out: list[str] = []
    reporting = _reporting(repo, goal, period)
    if "U03" not in off and reporting and not values.analysis:
        out.append(f"U03: analys saknas för {period.text} ({period_name(period)}); delårsbokslutet och "
                   "bokslutet ska ha en analys. Skriv den med --analys eller --analys-fil och --ersätt.")
    if "U04" not in off and values.colour in _EXTREMES and not values.motivation and goal.indicators:
        shown = goal_indicator_colour(repo, goal, period).value
        if shown in _EXTREMES and shown != values.colour:
            out.append(f"U04: bedömningen {values.colour} ligger två steg från indikatorfärgen {shown} för "
                       f"{period.text}; en motivering krävs. Skriv den med --motivering och --ersätt.")
    if "U05" not in off and period.is_delar and not values.forecast:
        year = "läsåret" if period.is_lasar_based else "helåret"
        out.append(f"U05: prognos för {year} saknas i delårsbokslutet {period.text}; lägg till --prognos "
                   "grön|gul|röd|svart och --ersätt.")
    return out
