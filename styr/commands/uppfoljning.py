"""`styr uppföljning`: record how an activity stands for a period (status and comment) without hand-editing YAML."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Annotated

import typer

from styr.commands.common import (
    DateOpt,
    PathArg,
    edit_period_entry,
    fail,
    make_settings,
    period_arg,
    working_tree,
    write_atomically,
)
from styr.edit.period_entry import FOLLOW_UPS, TextProblem, clean_text
from styr.model.vocab import ActivityStatus
from styr.suggest import did_you_mean

STATUSES = ActivityStatus.words()
_DONE = frozenset(s.value for s in ActivityStatus if s.finished)


def uppfoljning(
    activity_id: Annotated[str, typer.Argument(help="Aktivitetens id, t.ex. BUN-A4.", metavar="AKTIVITET-ID",
                                               show_default=False)],
    period: Annotated[str, typer.Argument(help="Perioden, t.ex. 2026-Q3.", metavar="PERIOD", show_default=False)],
    path: PathArg = Path("."),
    status: Annotated[str | None, typer.Option("--status", help="planerad, pågår, genomförd, försenad eller "
                                               "avbruten.", show_default=False)] = None,
    comment: Annotated[str | None, typer.Option("--kommentar", help="Vad som hänt under perioden.",
                                                show_default=False)] = None,
    replace: Annotated[bool, typer.Option("--ersätt", "--ersatt", "--replace",
                                          help="Ersätt en befintlig uppföljning för perioden.")] = False,
    today: DateOpt = None,
) -> None:
    """Skriv en aktivitets uppföljning för en period: status och kommentar. Bara den posten ändras."""
    if status is None:
        fail("ange aktivitetens status med --status planerad, pågår, genomförd, försenad eller avbruten.")
    word = _status(status)
    try:
        text_comment = clean_text(comment or "", "kommentaren")
    except TextProblem as exc:
        fail(str(exc))
    wanted = period_arg(period)
    settings = make_settings(path, today)
    repo = working_tree(settings)
    activity = repo.activity_by_id.get(activity_id.strip())
    if activity is None:
        fail(f"aktiviteten '{activity_id}' finns inte. {did_you_mean(activity_id, repo.activity_by_id)}".rstrip())
    entry = {"status": word, **({"kommentar": text_comment} if text_comment else {})}
    edit = edit_period_entry(settings.root, activity.id, activity.path, FOLLOW_UPS, wanted.text, entry, replace)
    if not edit.changed:
        typer.echo(f"{activity.id} har redan den uppföljningen för {wanted.text}; inget ändrades.")
        return
    write_atomically(settings.root / activity.path, edit.text)
    done = "Ersatte uppföljningen med" if edit.replaced else "Skrev uppföljningen"
    typer.echo(f"{done} {word} för {wanted.text} i {activity.id} ({activity.path}, rad {edit.line}).")
    if word in _DONE and activity.status not in _DONE:
        # The activity's own status is what A04 and the plan read; the follow-up does not change it.
        typer.echo(f"obs! aktivitetens status är fortfarande '{activity.status or 'saknas'}'; ändra 'status:' i "
                   f"{activity.path} till {word} när aktiviteten är avslutad (A04).", err=True)


def _status(raw: str) -> str:
    found = ActivityStatus.parse(raw, ascii=True)  # pagar, genomford, forsenad: for keyboards without å, ä, ö
    if found is None:
        hint = did_you_mean(unicodedata.normalize("NFC", raw.strip().casefold()), STATUSES)
        fail(f"okänd status '{raw}': ange planerad, pågår, genomförd, försenad eller avbruten. {hint}".rstrip())
    return found.value
