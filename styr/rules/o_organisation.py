"""O: organisation rules: the folder tree, levels, and the roles every unit needs."""

from collections.abc import Iterator

from styr.diagnostics import Diagnostic
from styr.diagnostics import Severity as S
from styr.rules.context import Context
from styr.rules.registry import check, rule

O01 = rule("O01", "niva-mappdjup", S.ERROR, "Styrkortets nivå stämmer inte med mappdjupet.",
           """En enhets nivå bestäms av hur djupt dess mapp ligger under rotenheten: rotenheten har
           styrmodellens första nivå, dess undermappar den andra och så vidare. `nivå` i styrkort.yaml ska
           säga samma sak, så att målkedjan kan kontrolleras nivå för nivå.""",
           "Ändra 'nivå' eller flytta mappen till rätt plats i trädet.")
O02 = rule("O02", "mapp-utan-styrkort", S.ERROR, "Mappen har mål eller aktiviteter men ingen styrkort.yaml.",
           """Mål och aktiviteter hör till en enhet, och en enhet är en mapp med en styrkort.yaml. Filerna i en
           mapp utan styrkort läses inte alls, så de syns varken i valideringen eller i rapporterna.""",
           "Lägg till en styrkort.yaml i mappen (styr new enhet) eller flytta filerna.")
O03 = rule("O03", "enhet-utan-chef", S.WARNING, "Enheten saknar chef.",
           """Varje styrkort har en ansvarig chef. Chefen används i rapporterna och när CODEOWNERS skapas.""",
           "Lägg till 'chef: {namn: ..., roll: ..., git: ...}' i styrkort.yaml.")
O04 = rule("O04", "namnd-utan-samordnare", S.WARNING, "Nämnden saknar styrkortsamordnare.",
           """Varje nämnd (styrmodellens andra nivå) har en styrkortsamordnare som stöttar målarbetet och
           administrerar nämndens verksamheter och enheter.""",
           "Lägg till 'samordnare: {namn: ..., roll: ..., git: ...}' i styrkort.yaml.")
O05 = rule("O05", "for-djup-mapp", S.ERROR, "Enheten ligger djupare än styrmodellens nivåer.",
           """Styrmodellen anger hur många nivåer kommunen har. En enhet längre ned i mappträdet än så har
           ingen nivå.""",
           "Flytta mappen uppåt, eller lägg till en nivå i styrmodell.yaml.")
O06 = rule("O06", "rotenhet", S.ERROR, "Det ska finnas exakt en rotenhet.",
           """Målrepot har en rotenhet: den enda mappen i roten som har en styrkort.yaml (oftast `kommun/`).
           Alla andra enheter ligger under den.""",
           "Samla enheterna under en rotmapp med en styrkort.yaml.")
O07 = rule("O07", "vision-saknas", S.ERROR, "vision.yaml saknas.",
           """Målkedjan börjar i visionen: kommunmålen bidrar till visionens målområden. Utan vision.yaml kan
           kedjan inte kontrolleras.""",
           "Skapa vision.yaml (styr init visar ett exempel).")


@check(O01, O05)
def levels_match_depth(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    if repo.config is None:
        return
    levels = repo.config.levels
    for u in repo.units:
        line, col = u.locs.get("nivå", (u.loc.line, u.loc.column))
        if u.depth >= len(levels):
            yield O05.diag(f"Enheten '{u.id}' ligger på djup {u.depth + 1}, men styrmodellen har bara "
                           f"{len(levels)} nivåer.", u.path, 1, 1)
            continue
        expected = levels[u.depth]
        if u.level and u.level != expected.id and repo.config.level(u.level) is not None:
            yield O01.diag(f"Styrkortet anger nivå '{u.level}', men mappen ligger på nivån '{expected.id}'.",
                           u.path, line, col, f"Skriv 'nivå: {expected.id}' eller flytta mappen.")


@check(O02)
def folders_without_styrkort(ctx: Context) -> Iterator[Diagnostic]:
    for folder, first in ctx.repo.orphan_folders:
        yield O02.diag(f"Mappen '{folder or '.'}' har mål eller aktiviteter men ingen styrkort.yaml; "
                       "filerna läses inte.", first)


@check(O03, O04, per_document=True)
def roles(ctx: Context) -> Iterator[Diagnostic]:
    for u in ctx.repo.units:
        if u.chef is None:
            line, col = u.locs.get("chef", (1, 1))
            yield O03.diag(f"Enheten '{u.id}' ({u.name}) saknar chef.", u.path, line, col)
        if u.depth == 1 and not u.coordinators:
            line, col = u.locs.get("samordnare", (1, 1))
            yield O04.diag(f"Nämnden '{u.id}' ({u.name}) saknar samordnare.", u.path, line, col)


@check(O06, O07)
def root_files(ctx: Context) -> Iterator[Diagnostic]:
    roots = sorted(ctx.repo.roots, key=lambda u: u.folder)
    if len(roots) == 0 and ctx.repo.config is not None:
        yield O06.diag("Målrepot har ingen rotenhet (en mapp i roten med styrkort.yaml).", "styrmodell.yaml")
    for extra in roots[1:]:
        yield O06.diag(f"Mappen '{extra.folder}' är en andra rotenhet; den första är '{roots[0].folder}'.",
                       extra.path)
    if ctx.repo.vision is None and "vision.yaml" not in ctx.repo.files:
        yield O07.diag("vision.yaml saknas i målrepots rot.", "styrmodell.yaml")


O08 = rule("O08", "enhet-utan-agare", S.WARNING, "Enhetens filer skulle sakna ägare i CODEOWNERS.",
           """`styr codeowners` gör chefen och samordnaren (deras `git`-namn) till ägare av enhetens mapp, så att
           ändringar kräver deras godkännande. En enhet där varken den själv eller någon överordnad enhet har ett
           `git`-namn får ingen ägare: vem som helst kan då ändra dess mål utan granskning.""",
           "Lägg till 'git: \"@namn\"' hos chef eller samordnare i styrkort.yaml.")


@check(O08)
def unowned_units(ctx: Context) -> Iterator[Diagnostic]:
    from styr.model.owners import effective_owner

    for u in ctx.repo.units:
        if not effective_owner(ctx.repo, u):
            line, col = u.locs.get("chef", u.locs.get("id", (1, 1)))
            yield O08.diag(f"Ingen i enheten '{u.id}' eller ovanför har ett git-namn; mappen får ingen ägare.",
                           u.path, line, col)
