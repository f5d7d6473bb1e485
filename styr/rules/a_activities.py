"""A: aktiviteter — who does what, when, for which goal of the same unit."""

from collections.abc import Iterator

from styr.diagnostics import Diagnostic
from styr.diagnostics import Severity as S
from styr.model.ids import suggestable
from styr.model.types import Activity
from styr.model.vocab import ActivityStatus
from styr.rules.context import Context
from styr.rules.registry import check, rule
from styr.suggest import did_you_mean

A01 = rule("A01", "aktivitet-ansvar-tid", S.ERROR, "Aktiviteten saknar ansvarig, start eller slut.",
           """I en aktivitet ska ansvarig utses och det ska framgå när arbetet påbörjas och avslutas.""",
           "Lägg till 'ansvarig:', 'start:' och 'slut:'.")
A02 = rule("A02", "aktivitet-okant-mal", S.ERROR, "Aktiviteten är kopplad till ett mål som inte finns.",
           """En aktivitet är kopplad direkt till ett eller flera mål (`mål: [ID]`). Id:t ska finnas.""",
           "Rätta målets id.")
A03 = rule("A03", "aktivitet-annan-enhet", S.ERROR, "Aktiviteten är kopplad till ett mål i en annan enhet.",
           """En enhets aktiviteter driver den egna enhetens mål; de följs upp i enhetens styrkort. Ett mål i en
           annan enhet hör hemma i den enhetens aktiviteter.""",
           "Koppla aktiviteten till ett av enhetens egna mål, eller flytta filen.")
A04 = rule("A04", "aktivitet-forsenad", S.WARNING, "Aktivitetens slutdatum har passerat men den är inte genomförd.",
           """En aktivitet vars `slut` har passerat ska ha status `genomförd` eller `avbruten`; annars visar
           uppföljningen en bild som inte stämmer.""",
           "Uppdatera 'status' eller flytta 'slut'.")
A05 = rule("A05", "mal-utan-aktivitet", S.INFO, "Målet har ingen aktivitet.",
           """Aktiviteterna är det som ska utföras för att nå målet. Ett mål utan aktivitet saknar en plan för
           hur indikatorerna ska röra sig i rätt riktning (mål högre upp i kedjan nås ofta genom underordnade
           enheters aktiviteter, därför är regeln bara information).""",
           "Lägg till en aktivitet med 'styr new aktivitet'.")
A06 = rule("A06", "aktivitet-ordning", S.ERROR, "Aktivitetens slut ligger före start.",
           """`slut` ska ligga efter `start`.""",
           "Rätta datumen.")

def _finished(a: Activity) -> bool:
    status = ActivityStatus.get(a.status)  # as written: another spelling is reported by the schema rules
    return status is not None and status.finished


def _pos(a: Activity, key: str) -> tuple[int, int]:
    return a.locs.get(key, (a.loc.line, a.loc.column))


@check(A01, A04, A06, per_document=True)
def activity_fields(ctx: Context) -> Iterator[Diagnostic]:
    for a in ctx.repo.activities:
        missing = [k for k, v in (("ansvarig", a.responsible), ("start", a.start), ("slut", a.end))
                   if not v and k not in a.locs]
        if missing:
            yield A01.diag(f"Aktiviteten '{a.id}' saknar {', '.join(missing)}.", a.path, *_pos(a, "id"))
        if a.start and a.end and a.end < a.start:
            yield A06.diag(f"Slut {a.end} ligger före start {a.start}.", a.path, *_pos(a, "slut"))
        if a.end and a.end < ctx.today and not _finished(a):
            yield A04.diag(f"Aktiviteten '{a.id}' skulle vara klar {a.end} men har status "
                           f"'{a.status or 'saknas'}'.", a.path, *_pos(a, "status" if a.status else "slut"))


@check(A02, A03)
def activity_links(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for a in repo.activities:
        own = suggestable(repo, repo.goals_by_unit.get(a.unit_folder, ()))
        for i, gid in enumerate(a.goals):
            pos = a.link_locs[i] if i < len(a.link_locs) else _pos(a, "mål")
            goal = repo.goal_by_id.get(gid)
            if goal is None:
                yield A02.diag(f"Målet '{gid}' finns inte.", a.path, *pos,
                               did_you_mean(gid, own, A02.hint) + ctx.unread_goal_note)
            elif goal.unit_folder != a.unit_folder:
                yield A03.diag(f"Målet '{gid}' hör till en annan enhet ({goal.unit_folder}).", a.path, *pos)


@check(A05)
def goals_without_activity(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for g in repo.goals:
        if g.id and g.id not in repo.activities_by_goal:
            yield A05.diag(f"Målet '{g.id}' har ingen aktivitet.", g.path, *g.locs.get("id", (1, 1)))
