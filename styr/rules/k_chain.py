"""K: målkedjan — every goal contributes to a goal one level up in its own parent unit, up to the vision."""

from collections import defaultdict
from collections.abc import Iterator

from styr.diagnostics import Diagnostic
from styr.diagnostics import Severity as S
from styr.model.ids import carries_prefix, corrected, goal_ids, unit_prefix
from styr.model.types import Goal, Unit
from styr.rules.context import Context
from styr.rules.registry import check, rule
from styr.suggest import did_you_mean
from styr.wording.collation import sort_key

K01 = rule("K01", "okant-bidrar-till", S.ERROR, "bidrar_till pekar på något som inte finns.",
           """`bidrar_till` ska ange id för mål en nivå upp (för kommunmål: visionens målområden). Ett id som
           inte finns bryter målkedjan, oftast på grund av ett stavfel eller ett mål som bytt id.""",
           "Rätta id:t; 'styr status' visar målkedjan.")
K02 = rule("K02", "foralder-fel-niva", S.ERROR, "Målet bidrar till ett mål som inte ligger en nivå upp.",
           """Målkedjan går nivå för nivå: ett enhetsmål bidrar till ett verksamhetsmål, ett verksamhetsmål till
           ett nämndmål, ett nämndmål till ett kommunmål och ett kommunmål till visionen. Att hoppa över en
           nivå eller peka åt sidan gör kedjan otydlig.""",
           "Ange ett mål i den överordnade enheten.")
K03 = rule("K03", "foralder-annan-enhet", S.ERROR, "Målet bidrar till ett mål utanför den egna överordnade enheten.",
           """En verksamhet bryter ned sin egen nämnds mål, inte en annan nämnds. Målet som anges i `bidrar_till`
           ska tillhöra den enhet som mappen ligger i.""",
           "Ange ett mål i den överordnade enhetens mål/-mapp.")
K04 = rule("K04", "cykel", S.ERROR, "Målkedjan går i cirkel.",
           """Mål som bidrar till varandra i en cirkel har ingen väg upp till visionen.""",
           "Bryt cirkeln: låt målet bidra till ett mål en nivå upp.")
K05 = rule("K05", "mal-utan-foralder", S.ERROR, "Målet bidrar inte till något mål en nivå upp.",
           """Alla mål under kommunnivån ska bidra till minst ett mål en nivå upp, så att det finns en röd tråd
           genom hela målkedjan.""",
           "Lägg till 'bidrar_till: [ID]' med ett mål i den överordnade enheten.")
K06 = rule("K06", "dubblett-id", S.ERROR, "Id:t används redan.",
           """Id för enheter, mål och aktiviteter ska vara unika i hela målrepot; de används i målkedjan, i
           rapporterna och i historiken (`styr log ID`).""",
           "Ge ett av dem ett nytt id.")
K07 = rule("K07", "kommunmal-utan-vision", S.ERROR, "Kommunmålet är inte kopplat till visionen.",
           """Kommunens mål grundar sig i visionen: varje kommunmål anger i `bidrar_till` minst ett av visionens
           målområden.""",
           "Lägg till 'bidrar_till: [V1]' med ett målområde ur vision.yaml.")
K08 = rule("K08", "namnd-utan-kommunmal", S.WARNING, "Nämnden har inget mål som bidrar till ett kommunmål.",
           """Kommunmålen är tvärsektoriella: varje nämnd ska ha minst ett mål som bryter ned ett kommunmål.""",
           "Koppla minst ett av nämndens mål till ett kommunmål.")
K09 = rule("K09", "kommunmal-utan-namndmal", S.WARNING, "Inget nämndmål bidrar till kommunmålet.",
           """Ett kommunmål som ingen nämnd bryter ned får ingen verksamhet som arbetar mot det (täckning).""",
           "Låt minst en nämnd formulera ett mål som bidrar till kommunmålet.")
K10 = rule("K10", "id-utan-enhetens-prefix", S.WARNING, "Id:t börjar inte med enhetens id.",
           """Ett mål eller en aktivitet har ett id som börjar med sin enhets id och ett bindestreck: BUN-M2 och
           BUN-A4 hör till BUN. Då syns det i målkedjan, i rapporterna och i `bidrar_till` var målet hör hemma,
           och styr kan ge nästa lediga id. Ett id med en annan början (`BNU-M1` i BUN:s mapp) är oftast ett
           stavfel som sedan sprids till länkarna.""",
           "Byt id till ett med enhetens prefix och ändra det i bidrar_till och mål: där det används.")


def _relation(own: int, other: int) -> str:
    if other == own:
        return "som ligger på samma nivå som"
    if other > own:
        return "som ligger under"
    return f"som ligger {own - other} nivåer över"


def _link_pos(g: Goal, index: int) -> tuple[int, int]:
    if index < len(g.link_locs):
        return g.link_locs[index]
    return g.locs.get("bidrar_till", (g.loc.line, g.loc.column))


@check(K01, K02, K03, K05, K07)
def parents(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    if repo.vision is None:
        return  # O07 reports the missing vision; every kommun goal's link would otherwise be noise
    areas = {a.id for a in repo.vision.areas}
    for g in repo.goals:
        unit = repo.unit_of(g)
        if unit is None:
            continue
        if unit.depth == 0:
            yield from _kommun_goal_links(ctx, g, areas)
        elif not g.contributes_to:
            yield K05.diag(f"Målet '{g.id}' bidrar inte till något mål.", g.path, *g.locs.get("id", (1, 1)))
        else:
            yield from _goal_links(ctx, g, unit, areas)


def _kommun_goal_links(ctx: Context, g: Goal, areas: set[str]) -> Iterator[Diagnostic]:
    """A kommun goal names the vision's focus areas (K07 when none, K01 for an unknown one)."""
    if not g.contributes_to:
        yield K07.diag(f"Kommunmålet '{g.id}' anger inget målområde i visionen.", g.path, *g.locs.get("id", (1, 1)))
    for i, ref in enumerate(g.contributes_to):
        if ref not in areas:
            hint = did_you_mean(ref, areas, "Målområden: " + ", ".join(sorted(areas, key=sort_key)) + ".")
            yield K01.diag(f"'{ref}' är inget av visionens målområden.", g.path, *_link_pos(g, i),
                           hint + ctx.unread_goal_note)


def _goal_links(ctx: Context, g: Goal, unit: Unit, areas: set[str]) -> Iterator[Diagnostic]:
    """Every other goal names goals one level up, in its own parent unit (K01, K02, K03)."""
    repo = ctx.repo
    parent_unit = repo.parent(unit)
    for i, ref in enumerate(g.contributes_to):
        target = repo.goal_by_id.get(ref)
        pos = _link_pos(g, i)
        if target is None:
            if ref in areas:
                yield K02.diag(f"Målet '{g.id}' pekar på visionens målområde '{ref}'; bara kommunmål gör det.",
                               g.path, *pos)
            else:
                yield K01.diag(f"Målet '{ref}' finns inte.", g.path, *pos,
                               did_you_mean(ref, goal_ids(repo), K01.hint) + ctx.unread_goal_note)
            continue
        target_unit = repo.unit_of(target)
        if target_unit is None:
            continue
        if target_unit.depth != unit.depth - 1:
            yield K02.diag(f"'{ref}' hör till {target_unit.name} ({target_unit.level}), "
                           f"{_relation(unit.depth, target_unit.depth)} {unit.name} ({unit.level}); "
                           "målkedjan går en nivå upp i taget.", g.path, *pos)
        elif parent_unit is not None and target_unit.folder != parent_unit.folder:
            yield K03.diag(f"'{ref}' hör till {target_unit.name}, inte till den överordnade enheten "
                           f"{parent_unit.name}.", g.path, *pos)


@check(K04)
def cycles(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for start in repo.goal_by_id:
        if start in state:
            continue
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(repo.goal_by_id[start].contributes_to))]
        path = [start]
        state[start] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
                path.pop()
                continue
            if nxt not in repo.goal_by_id:
                continue
            if state.get(nxt) == 1:
                ring = path[path.index(nxt):]
                g = repo.goal_by_id[node]
                yield K04.diag("Målkedjan går i cirkel: " + " → ".join([*ring, nxt]) + ".", g.path,
                               *g.locs.get("bidrar_till", (1, 1)))
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, iter(repo.goal_by_id[nxt].contributes_to)))


@check(K06)
def duplicate_ids(ctx: Context) -> Iterator[Diagnostic]:
    seen: dict[str, str] = {}
    items: list[tuple[str, str, tuple[int, int]]] = []
    for u in ctx.repo.units:
        items.append((u.id, u.path, u.locs.get("id", (1, 1))))
    for g in ctx.repo.goals:
        items.append((g.id, g.path, g.locs.get("id", (1, 1))))
    for a in ctx.repo.activities:
        items.append((a.id, a.path, a.locs.get("id", (1, 1))))
    for ident, path, pos in items:
        if not ident:
            continue
        if ident in seen:
            yield K06.diag(f"Id:t '{ident}' används redan i {seen[ident]}.", path, *pos)
        else:
            seen[ident] = path


@check(K08, K09)
def coverage(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    served: dict[str, int] = defaultdict(int)
    for unit in repo.units:
        if unit.depth != 1:
            continue
        parent = repo.parent(unit)
        root_goals = {g.id for g in repo.goals_by_unit.get(parent.folder, ())} if parent else set()
        tied = False
        for g in repo.goals_by_unit.get(unit.folder, ()):
            for ref in g.contributes_to:
                if ref in root_goals:
                    served[ref] += 1
                    tied = True
        if not tied:
            yield K08.diag(f"Nämnden '{unit.id}' ({unit.name}) har inget mål som bidrar till ett kommunmål.",
                           unit.path, *unit.locs.get("id", (1, 1)))
    for root in repo.roots:
        for g in repo.goals_by_unit.get(root.folder, ()):
            if served[g.id] == 0:
                yield K09.diag(f"Inget nämndmål bidrar till kommunmålet '{g.id}'.", g.path,
                               *g.locs.get("id", (1, 1)))


@check(K10)
def id_prefixes(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for items, noun, kind in ((repo.goals, "Målet", "M"), (repo.activities, "Aktiviteten", "A")):
        for item in items:
            if not item.id or carries_prefix(repo, item):
                continue
            unit = repo.unit_of(item)
            assert unit is not None
            better = corrected(repo, item, kind)
            linked = "bidrar_till" if kind == "M" else "aktiviteternas mål:"
            yield K10.diag(f"{noun} '{item.id}' i {unit.name} ({unit.id}) har inte enhetens prefix "
                           f"'{unit_prefix(unit)}'.", item.path, *item.locs.get("id", (1, 1)),
                           f"Byt id till '{better}' (ledigt) och ändra det i {linked} där det används.")
