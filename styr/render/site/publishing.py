"""What a public report may show, from `publicering:` in styrmodell.yaml: names, the change history (nothing, the
date, the date and the role, or everything), the kommun's logo and accent colour. `--internal` shows everything."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from styr.characters import shown_text
from styr.frozen import frozen
from styr.model.repository import Repository
from styr.model.vocab import HistoryShown
from styr.render.site.view import ChangeView
from styr.wording.periods import day

if TYPE_CHECKING:
    from styr.history.log import Change

MESSAGE_MAX = 120  # characters of a commit message's first line shown in a report
# A folder on the machine that made the report has no place on a public page: Git's messages name it.
_QUOTED_PATH = re.compile(r"'(?:/|[A-Za-z]:[\\/]|\\\\)[^']*'")
_BARE_PATH = re.compile(r"(?<![\w.~-])(?:/|[A-Za-z]:[\\/])[^\s']+")


DEFAULT_HISTORY = HistoryShown.DATUM
"""Names of officials in a public report are the kommun's choice, not a default: the date only."""


@frozen(slots=False)
class Publishing:
    """`publicering:` read once for a report."""

    history: HistoryShown
    show_people: bool
    statement: str | None  # the address of the accessibility statement
    roles: dict[str, str]  # casefolded name, Git handle or e-mail name → the role a styrkort gives the person

    @staticmethod
    def of(repo: Repository, internal: bool) -> Publishing:
        pub: dict[str, Any] = dict(repo.config.publishing) if repo.config else {}
        statement = pub.get("tillgänglighetsredogörelse")
        if not (isinstance(statement, str) and statement.startswith(("https://", "http://"))):
            statement = None
        # An unknown word (the schema reports it) shows the least.
        history = HistoryShown.get(pub.get("historik", DEFAULT_HISTORY)) or HistoryShown.INGEN
        if internal:
            history = HistoryShown.ALLT
        show_people = internal or pub.get("visa_ansvarig", True) is not False
        return Publishing(history, show_people, statement, _roles(repo))

    def change(self, change: Change | None, label: str) -> ChangeView | None:
        """The last change as far as this report may show it; None when it shows none."""
        if change is None or self.history is HistoryShown.INGEN:
            return None
        who = short = message = ""
        if self.history is HistoryShown.ALLT:
            # A commit's author and message are Git's, not the goal files' (which the loader cleans): a page cannot
            # carry their control characters either.
            who, short = shown_text(change.author), change.short
            message = shown_text(" ".join(change.message.split()))
            if len(message) > MESSAGE_MAX:
                message = message[:MESSAGE_MAX - 1].rstrip() + "…"
        elif self.history is HistoryShown.ROLL:
            who = self.role_of(change.author, change.email)
        return ChangeView(label=label, date_text=day(change.date.date()), who=who, short=short, message=message)

    def role_of(self, author: str, email: str) -> str:
        """The role a styrkort gives the commit's author (by name, Git handle or e-mail name); '' when none does."""
        local = email.split("@", 1)[0]
        for key in (author, email, local):
            found = self.roles.get(key.strip().casefold())
            if found:
                return found
        return ""


def _roles(repo: Repository) -> dict[str, str]:
    roles: dict[str, str] = {}
    for unit in repo.walk():
        people = [(unit.chef, "Chef")] if unit.chef is not None else []
        people += [(c, "Styrkortsamordnare") for c in unit.coordinators]
        for person, fallback in people:
            if person is None:
                continue
            role = person.role or fallback
            for key in (person.name, person.git.lstrip("@")):
                if key.strip():
                    roles.setdefault(key.strip().casefold(), role)
    return roles


def history_note(reason: str, complete: bool) -> str:
    """Why the report shows no last changes, or not all of them, without the machine's folders."""
    cleaned = _BARE_PATH.sub("…", _QUOTED_PATH.sub("målrepots mapp", reason))
    lead = "Ändringshistoriken är ofullständig" if complete else "Ändringshistorik saknas"
    return f"{lead}: {cleaned}"
