"""E: ekonomi — a unit's budget, utfall, prognos and avvikelse per period (`ekonomi:` in styrkort.yaml) add up.

Decisions:

* The conventions are those of styr.model.economy: net costs in tkr; avvikelse = budget − utfall in the bokslut
  and budget − prognos in a delår; positive is a surplus; a difference of at most 1 tkr per amount is rounding.
* The kommun's own figures are the sum of the nämnders' (E03), and are compared only when every nämnd has
  figures for the period: with one missing, the sum says nothing, and E05 names the nämnd instead.
* E05 asks for a nämnd's figures only for a period that the kommun or another nämnd reports: a kommun that
  keeps no economy in its goal repository hears nothing of these rules.
"""

from collections.abc import Iterator

from styr.diagnostics import Diagnostic
from styr.diagnostics import Severity as S
from styr.model import economy as eco
from styr.model.economy import Report
from styr.model.repository import Repository
from styr.model.types import Economy, Unit
from styr.rules.context import Context
from styr.rules.registry import check, rule
from styr.wording.money import signed, tkr

_CONVENTION = ("Avvikelse = budget − utfall i bokslutet och budget − prognos i delåret, i tkr; positiv avvikelse "
               "är ett överskott.")

E01 = rule("E01", "avvikelse-stammer-inte", S.ERROR, "Avvikelsen stämmer inte med budget och utfall (prognos).",
           f"""Enhetens ekonomi redovisas per period med budget, utfall och avvikelse (i delåret även prognos för
           helåret). {_CONVENTION} En skillnad på högst 1 tkr räknas som avrundning. Står avvikelsen inte i
           filen räknar styr fram den.""",
           "Rätta avvikelsen, eller kontrollera budget och utfall (prognos i delåret).")
E02 = rule("E02", "ekonomi-prognos", S.WARNING, "Prognosen saknas i ett delår eller står i ett bokslut.",
           """I delåret (t.ex. 2026-H1) är utfallet bara årets första del; det som jämförs med budgeten är
           prognosen för helåret, så delåret ska ha en `prognos`. I bokslutet är helårets utfall känt, och en
           prognos där används inte.""",
           "Lägg till 'prognos:' (helårsprognos i tkr) i delåret, eller ta bort den ur bokslutet.")
E03 = rule("E03", "namndsumma-stammer-inte", S.ERROR, "Kommunens ekonomi stämmer inte med nämndernas summa.",
           """Kommunens egna siffror under `ekonomi:` är summan av nämndernas (enheterna en nivå under
           kommunen): budget, utfall, prognos och avvikelse. Regeln jämför dem när varje nämnd har siffror för
           perioden; en skillnad på högst 1 tkr per nämnd räknas som avrundning.""",
           "Rätta kommunens siffra eller den nämnd vars siffra är fel.")
E04 = rule("E04", "ekonomi-period", S.WARNING, "Ekonomin står under en period som inte är ett bokslut eller delår.",
           """Budgetåret är kalenderåret. Ekonomin redovisas för helåret (bokslutet, t.ex. 2025) och för delår
           som slutar före årets slut (t.ex. 2026-H1 eller 2026-T2). Ett läsår, eller en del av året som slutar
           den 31 december (2026-H2, 2026-Q4), visas inte i någon rapport.""",
           "Skriv helårets siffror under året (t.ex. 2026), eller ett delår som 2026-H1.")
E05 = rule("E05", "namnd-saknar-ekonomi", S.WARNING, "En nämnd saknar ekonomi för en period som andra redovisar.",
           """När kommunen eller någon nämnd redovisar ekonomin för ett bokslut eller delår ska varje nämnd göra
           det, annars blir kommunens summa ofullständig. Rapporten säger vilka nämnder som saknar siffror.""",
           "Lägg till perioden under 'ekonomi:' i nämndens styrkort.yaml, eller för in den med styr import.")


def _pos(e: Economy, key: str | None = None) -> tuple[int, int]:
    if key is not None and key in e.locs:
        return e.locs[key]
    return (e.loc.line, e.loc.column)


def _plain(value: float) -> str:
    return tkr(value, nbsp=False)


@check(E01, per_document=True)
def deviation_adds_up(ctx: Context) -> Iterator[Diagnostic]:
    for u in ctx.repo.units:
        for e in u.economy.values():
            wanted = eco.expected_deviation(e)
            if e.deviation is None or wanted is None or eco.agrees(e.deviation, wanted):
                continue
            yield _e01(u, e, wanted)


def _e01(u: Unit, e: Economy, wanted: float) -> Diagnostic:
    assert e.budget is not None and e.deviation is not None
    other = eco.compared(e)
    assert other is not None
    what = "prognos" if eco.report_of(e.period) is Report.DELAR else "utfall"
    if wanted and eco.agrees(e.deviation, -wanted):
        hint = f"Tecknet är omvänt. {_CONVENTION}"
    else:
        hint = f"Skriv 'avvikelse: {_as_written(wanted)}', eller rätta budget och {what}. {_CONVENTION}"
    line, col = _pos(e, "avvikelse")
    return E01.diag(f"Avvikelsen för {e.period} i {u.id} är {signed(e.deviation, nbsp=False)}, men budget − {what} "
                    f"är {_plain(e.budget)} − {_term(other)} = {signed(wanted, nbsp=False)}.", u.path, line, col, hint)


def _as_written(value: float) -> str:
    """An amount as it is written in the file: 2300, -1100, 450.5."""
    rounded = round(float(value), 1)
    return str(int(rounded)) if rounded.is_integer() else str(rounded)


def _term(value: float) -> str:
    """An amount after a minus sign: in parentheses when negative."""
    return f"({_plain(value)})" if value < 0 else _plain(value)


@check(E02, E04, per_document=True)
def periods_and_forecasts(ctx: Context) -> Iterator[Diagnostic]:
    for u in ctx.repo.units:
        for e in u.economy.values():
            report = eco.report_of(e.period)
            if report is Report.DELAR and e.forecast is None:
                line, col = _pos(e)
                yield E02.diag(f"Delåret {e.period} i {u.id} saknar prognos för helåret.", u.path, line, col)
            elif report is Report.BOKSLUT and e.forecast is not None:
                line, col = _pos(e, "prognos")
                yield E02.diag(f"Bokslutet {e.period} i {u.id} har en prognos; i bokslutet är helårets utfall känt.",
                               u.path, line, col, "Ta bort 'prognos:' ur bokslutet; avvikelsen räknas mot utfallet.")
            elif report is Report.NONE and eco.is_period(e.period):
                line, col = _pos(e)
                yield E04.diag(f"Ekonomin för {e.period} i {u.id} hör varken till ett bokslut eller ett delår.",
                               u.path, line, col)


def _below(repo: Repository) -> str:
    """How messages name the units one level below the kommun: 'nämnderna' in the usual model."""
    levels = repo.config.levels if repo.config else ()
    if len(levels) > 1 and levels[1].id.casefold() == "nämnd":
        return "nämnderna"
    return f"enheterna på nivån {levels[1].name.lower()}" if len(levels) > 1 else "enheterna en nivå ned"


_FIELDS = (("budget", "budget", "budget"), ("utfall", "outcome", "utfall"), ("prognos", "forecast", "prognos"))


@check(E03)
def kommun_is_the_sum(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for root in repo.roots:
        for key, own in root.economy.items():
            if eco.report_of(key) is Report.NONE:
                continue
            total = eco.roll(repo, root, key).total
            if total is None:
                continue
            for yaml_key, attr, word in (*_FIELDS, ("avvikelse", "deviation", "avvikelse")):
                mine = eco.deviation(own) if attr == "deviation" else getattr(own, attr)
                theirs = getattr(total, attr)
                if mine is None or theirs is None or eco.agrees(mine, theirs, total.count):
                    continue
                shown = (lambda v: signed(v, nbsp=False)) if attr == "deviation" else _plain
                line, col = _pos(own, yaml_key if yaml_key in own.locs else None)
                yield E03.diag(f"Kommunens {word} för {key} är {shown(mine)}, men summan för {_below(repo)} är "
                               f"{shown(theirs)} (skillnad {signed(mine - theirs, nbsp=False)}).",
                               root.path, line, col)


@check(E05)
def every_namnd_reports(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for root in repo.roots:
        below = repo.children.get(root.folder, ())
        for key in eco.periods_with_economy((root, *below)):
            if eco.report_of(key) is Report.NONE:
                continue
            roll = eco.roll(repo, root, key)
            if not roll.any:
                continue
            for u in roll.missing:
                yield _missing(u, key)


def _missing(u: Unit, key: str) -> Diagnostic:
    line, col = u.locs.get("ekonomi", (u.loc.line, u.loc.column))
    return E05.diag(f"{u.name or u.id} har ingen ekonomi för {key}, som kommunen eller andra nämnder redovisar.",
                    u.path, line, col)
