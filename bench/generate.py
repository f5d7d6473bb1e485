"""Write a large synthetic, valid goal repository (docs/format.md) and optionally a Git history for it."""

from __future__ import annotations

import argparse
import datetime as dt
import heapq
import json
import os
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.vocab import (
    ACTIVITIES,
    EFTERNAMN,
    FOKUS,
    FORNAMN,
    GOAL_TITLES,
    GRUPPER,
    INDICATORS,
    KALLOR,
    KOMMENTARER,
    NAMNDER,
    ORSAKER,
    ORTER,
    SECTION_TITLES,
    TJANSTER,
    VERKSAMHETER,
)

LEVELS = ("kommun", "nämnd", "verksamhet", "enhet")
LEVEL_KEYS = ("kommun", "nämnder", "verksamheter", "enheter")  # keys of generate()'s counts
PERSPECTIVES = ("Verksamhet", "Arbetsmiljö", "Hållbar utveckling", "Ekonomi")
REF_DATE = dt.date(2026, 11, 29)  # the benchmark's "today": follow-up periods up to 2026-Q3 have ended
MANDATE_END = dt.date(2026, 12, 31)


# --- small text helpers --------------------------------------------------------------------------------------
_PLAIN = re.compile(r"^[A-Za-zÅÄÖåäöÉé][^:#\"'{}\[\]&*!|>%@`\n]*$")
_RESERVED = {"yes", "no", "y", "n", "true", "false", "on", "off", "null", "ja", "nej"}


def q(text: str, flow: bool = False) -> str:
    """A YAML scalar for `text`: plain when that reads back as the same string, else double-quoted."""
    plain = _PLAIN.match(text) and not text.endswith(" ") and text.lower() not in _RESERVED
    if plain and not (flow and "," in text):
        return text
    return json.dumps(text, ensure_ascii=False)


def slug(text: str) -> str:
    """An ASCII folder or file name from a Swedish title."""
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "Å": "a", "Ä": "a", "Ö": "o"})
    return re.sub(r"[^a-z0-9]+", "-", text.translate(table).lower()).strip("-")


def num(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}" if decimals else str(round(value))


def fill(rng: random.Random, template: str) -> str:
    gr = rng.choice(GRUPPER)
    return template.format(gr=gr, Gr=gr.capitalize(), tj=rng.choice(TJANSTER))


def person(rng: random.Random, roll: str) -> str:
    first, last = rng.choice(FORNAMN), rng.choice(EFTERNAMN)
    return f'{{namn: {first} {last}, roll: {roll}, git: "@{slug(first)}.{slug(last)}"}}'


def block(text: str, indent: int) -> list[str]:
    pad = " " * indent
    return [pad + line for line in text.split("\n")]


# --- the tree -------------------------------------------------------------------------------------------------
@dataclass
class Unit:
    uid: str
    name: str
    level: int
    rel: str  # folder, relative to the repository root
    n_goals: int
    n_acts: int
    sections: tuple[str, ...]
    parent: Unit | None = None
    goals: list[tuple[str, str, int]] = field(default_factory=list)  # (goal id, perspective, first year)

    @property
    def files(self) -> int:
        return 1 + self.n_goals + self.n_acts + len(self.sections)


def _named(pool: Sequence[str], count: int, rng: random.Random) -> list[str]:
    names = rng.sample(list(pool), min(count, len(pool)))
    while len(names) < count:
        names.append(f"{rng.choice(pool)} {len(names) + 1}")
    return names


def plan(files: int, rng: random.Random) -> list[Unit]:
    """Units top-down: kommun, ~15 nämnder x ~10 verksamheter at 20,000 files, then enheter until `files`."""
    scale = (max(files, 60) / 20000) ** (1 / 3)
    all_sections = tuple(SECTION_TITLES)
    kommun = Unit("KF", "Kommunfullmäktige", 0, "kommun", 8, 8, all_sections)
    units = [kommun]
    verksamheter: list[Unit] = []
    n_namnder = max(2, round(15 * scale))
    for i, name in enumerate(_named(NAMNDER, n_namnder, rng), 1):
        g = 4 + (rng.random() < 0.3)
        n = Unit(f"N{i:02d}", name, 1, f"kommun/{slug(name)}", g, g + rng.randint(0, 2), all_sections, kommun)
        units.append(n)
        n_verks = max(1, round(10 * scale) + (rng.randint(-2, 2) if scale > 0.4 else 0))
        for j, vname in enumerate(_named(VERKSAMHETER, n_verks, rng), 1):
            g = rng.choice((3, 3, 4))
            v = Unit(f"{n.uid}-V{j:02d}", vname, 2, f"{n.rel}/{slug(vname)}", g, max(g, rng.randint(2, 4)),
                     ("nulägesanalys.md", "förbättringsområden.md"), n)
            units.append(v)
            verksamheter.append(v)
    total = 2 + sum(u.files for u in units)
    # enheter go to the verksamhet with the lowest count/weight, so "several" each but not all equal
    heap = [(0.0, k, rng.uniform(0.5, 1.5)) for k in range(len(verksamheter))]
    counts = [0] * len(verksamheter)
    places: dict[int, list[str]] = {}
    enheter: list[Unit] = []
    while total + 4 < files:
        _, k, weight = heapq.heappop(heap)
        v = verksamheter[k]
        counts[k] += 1
        heapq.heappush(heap, (counts[k] / weight, k, weight))
        pool = places.setdefault(k, rng.sample(ORTER, len(ORTER)))
        place = pool[(counts[k] - 1) % len(pool)] + ("" if counts[k] <= len(pool) else f" {counts[k]}")
        g = rng.choice((2, 3, 3, 4))
        sections = ("nulägesanalys.md",) if rng.random() < 0.6 else ()
        e = Unit(f"{v.uid}-E{counts[k]:02d}", f"{v.name} {place}", 3, f"{v.rel}/{slug(place)}", g,
                 max(g, rng.choice((2, 3, 3, 4))), sections, v)
        enheter.append(e)
        total += e.files
    # parents before children, enheter grouped under their verksamhet
    order = {id(v): k for k, v in enumerate(verksamheter)}
    enheter.sort(key=lambda e: (order[id(e.parent)], e.uid))
    return units + enheter


# --- file contents ----------------------------------------------------------------------------------------------
ROLES = ("Kommundirektör", "Förvaltningschef", "Verksamhetschef", "Enhetschef")


def styrmodell(kommun: str) -> str:
    return f"""kommun: {kommun}
kolada_id: "9901"
nivåer:
  - {{id: kommun, namn: Kommun, beslut_krävs: true, beslutsorgan: KF}}
  - {{id: nämnd, namn: Nämnd, beslut_krävs: true}}
  - {{id: verksamhet, namn: Verksamhet, beslut_krävs: false}}
  - {{id: enhet, namn: Enhet, beslut_krävs: false}}
perspektiv:
  - {{namn: Verksamhet, beskrivning: Kvalitet och service för kommuninvånarna}}
  - {{namn: Arbetsmiljö, beskrivning: Medarbetare och ledarskap}}
  - {{namn: Hållbar utveckling, beskrivning: "Ekonomisk, social och miljömässig hållbarhet"}}
  - {{namn: Ekonomi, beskrivning: Budget i balans och effektiv resursanvändning}}
mandatperiod: {{start: 2023-01-01, slut: 2026-12-31}}
uppföljning: kvartal
färgmodell:
  modell: standard
  gul_marginal: 0.10
årshjul:
  - {{månad: 1, titel: Bokslut, beskrivning: Resultat och analys för föregående år}}
  - {{månad: 4, titel: Uppföljning kvartal 1}}
  - {{månad: 8, titel: Delårsbokslut, beskrivning: Uppföljning med prognos för helåret}}
  - {{månad: 10, titel: Målarbete, beskrivning: KF och nämnderna beslutar om mål}}
  - {{månad: 11, titel: Verksamhetsplanering, beskrivning: Trend- och omvärldsanalys och medarbetarsamtal}}
publicering:
  visa_ansvarig: true
"""


def vision(kommun: str) -> str:
    return f"""titel: Vision 2030
text: |
  {kommun} är en hållbar kommun med god service, hög delaktighet och en skola för framtidens unga.
ledord: [Service, Engagemang, Bemötande]
målområden:
  - id: V1
    namn: Lärande för framtiden
    beskrivning: Skolutveckling och en attraktiv arbetsplats med möjlighet till vidareutbildning.
  - id: V2
    namn: Trygghet och folkhälsa
    beskrivning: Vi tar till vara den enskildes behov med ett gott folkhälsoperspektiv.
  - id: V3
    namn: Service och delaktighet
    beskrivning: God service till kommuninvånarna med öppen dialog.
  - id: V4
    namn: Hållbar kommun
    beskrivning: Ekonomisk, social och miljömässig hållbarhet.
"""


def styrkort(u: Unit, rng: random.Random) -> str:
    lines = [f"id: {u.uid}", f"namn: {q(u.name)}", f"nivå: {LEVELS[u.level]}"]
    if u.level <= 1:
        lines.append(f"organ: {u.uid}")
    lines.append(f"chef: {person(rng, ROLES[u.level])}")
    if u.level <= 1:
        lines.append(f"samordnare: {person(rng, 'Styrkortsamordnare')}")
    if u.level <= 2:
        lines += ["vision: |", f"  {u.name} bidrar till visionen genom {fill(rng, rng.choice(FOKUS))}.",
                  f"  Vi sätter {rng.choice(GRUPPER)} i centrum."]
    lines.append("verksamhetsår: kalenderår")
    return "\n".join(lines) + "\n"


def section(u: Unit, name: str, rng: random.Random) -> str:
    paras = [f"# {SECTION_TITLES[name]}", ""]
    for _ in range(rng.randint(1, 3)):
        paras += [f"{u.name} har under året märkt {fill(rng, rng.choice(ORSAKER))}. "
                  f"Vi prioriterar {fill(rng, rng.choice(FOKUS))}.", ""]
    return "\n".join(paras)


def colour(riktning: str, target: float, outcome: float, lo: float = 0, hi: float = 0) -> str:
    """The standard model of DESIGN §4 (gul within 10 % of the target), used to keep bedömningar consistent."""
    if riktning == "uppnått":
        return "grön" if outcome else "röd"
    if riktning == "intervall":
        return "grön" if lo <= outcome <= hi else "röd"
    gap = (target - outcome) if riktning == "öka" else (outcome - target)
    return "grön" if gap <= 0 else "gul" if gap <= 0.10 * abs(target) else "röd"


def goal_colour(scored: list[tuple[str, int]]) -> str:
    if not scored:
        return "gul"  # nothing was due (ej aktuell): any assessment is within reach of it
    points = {"grön": 1.0, "gul": 0.5, "röd": 0.0}
    score = sum(points[c] * w for c, w in scored) / sum(w for _, w in scored)
    return "grön" if score >= 0.8 else "gul" if score >= 0.4 else "röd"


def quarters(first_year: int) -> list[str]:
    return [f"{y}-Q{k}" for y in range(first_year, 2027) for k in range(1, 5) if (y, k) <= (2026, 3)]


def indicator(idx: int, kind: tuple[str, str, str, float, float, int], first_year: int, rng: random.Random
              ) -> tuple[list[str], dict[str, tuple[str, int]]]:
    """Lines of one indicator, and its (colour, weight) for the assessed periods 2025 and 2026-H1.

    A quarterly indicator is judged in 2026-H1 on the 2026-Q2 outcome against the 2026 target; a yearly one has
    outcomes for the years only and nothing due in a half year, so it is left out of 2026-H1 (ej aktuell). The
    colours keep bedömningar within one step of the indicators, so no motivering is needed (U04)."""
    name, enhet, riktning, low, high, dec = kind
    lines = [f"  - id: I{idx}", f"    namn: {q(fill(rng, name))}", f"    enhet: {enhet}", f"    riktning: {riktning}"]
    lines.append(f"    källa: {{kolada: N{rng.randint(10000, 99999)}}}" if rng.random() < 0.4
                 else f"    källa: {q(rng.choice(KALLOR))}")
    weight = 2 if idx == 1 and rng.random() < 0.1 else 1
    if weight != 1:
        lines.append(f"    vikt: {weight}")
    quarterly = riktning in ("öka", "minska") and rng.random() < 0.2
    if quarterly:
        lines.append("    mätfrekvens: kvartal")
    years = list(range(first_year, 2027))
    periods = [str(y) for y in range(first_year, 2026)] + (quarters(first_year) if quarterly else [])
    outcomes: dict[str, str] = {}
    if riktning == "uppnått":
        lines.append("    målvärde: {" + ", ".join(f"{y}: ja" for y in years) + "}")
        for p in periods:
            outcomes[p] = "ja" if rng.random() < 0.8 else "nej"
        colours = {"2025": colour(riktning, 1, outcomes["2025"] == "ja")}
    elif riktning == "intervall":
        lines.append("    målvärde: {" + ", ".join(f"{y}: {{min: {low:g}, max: {high:g}}}" for y in years) + "}")
        for p in periods:
            outcomes[p] = num(rng.uniform(low + 0.3, high - 0.2), dec)
        colours = {"2025": colour(riktning, 0, float(outcomes["2025"]), low, high)}
    else:
        base = rng.uniform(low, high)
        step = rng.uniform(0.01, 0.04) * (1 if riktning == "öka" else -1)
        cap = 99.0 if enhet == "procent" else float("inf")
        targets = {y: float(num(min(cap, base * (1 + step * (y - first_year + 1))), dec)) for y in years}
        lines.append(f"    baslinje: {{period: {first_year - 1}, värde: {num(base, dec)}}}")
        lines.append("    målvärde: {" + ", ".join(f"{y}: {num(t, dec)}" for y, t in targets.items()) + "}")
        sign = 1 if riktning == "öka" else -1
        for p in periods:
            t = targets[int(p[:4])]
            # a relative miss clear of the 10 % yellow margin, so rounding rarely moves the colour
            low_miss, high_miss = rng.choices(((-0.04, 0.0), (0.02, 0.08), (0.14, 0.3)), (5, 3, 1))[0]
            value = t * (1 - sign * rng.uniform(low_miss, high_miss))
            value = min(100.0, value) if enhet == "procent" else value
            outcomes[p] = num(max(value, 0), dec)
        colours = {"2025": colour(riktning, targets[2025], float(outcomes["2025"]))}
        if quarterly:
            colours["2026-H1"] = colour(riktning, targets[2026], float(outcomes["2026-Q2"]))
    if quarterly:
        lines.append("    utfall:")
        lines += [f"      {p}: {v}" for p, v in sorted(outcomes.items())]
    else:
        lines.append("    utfall: {" + ", ".join(f"{p}: {v}" for p, v in outcomes.items()) + "}")
    return lines, {p: (c, weight) for p, c in colours.items()}


def analys(rng: random.Random, period: str) -> str:
    first = rng.choice(("Resultatet", "Utfallet", "Måluppfyllelsen"))
    return "\n".join((
        f"{first} för {period} förklaras främst av {fill(rng, rng.choice(ORSAKER))}.",
        f"Under perioden har vi arbetat med {fill(rng, rng.choice(FOKUS))}.",
        f"Vi fortsätter med {fill(rng, rng.choice(FOKUS))}.",
    ))


def goal(u: Unit, n: int, perspective: str, parents: list[str], first_year: int, rng: random.Random
         ) -> tuple[str, str]:
    """File name and text of goal `n` of unit `u`."""
    gid = f"{u.uid}-M{n}"
    title = fill(rng, rng.choice(GOAL_TITLES[perspective]))
    lines = [f"id: {gid}", f"titel: {q(title)}", "beskrivning: >-",
             f"  Målet följs upp med {rng.choice(('två', 'tre', 'flera'))} indikatorer. {u.name} arbetar med "
             f"{fill(rng, rng.choice(FOKUS))}", f"  och {fill(rng, rng.choice(FOKUS))}.",
             f"perspektiv: {perspective}", f"bidrar_till: [{', '.join(parents)}]",
             f"ansvarig: {q(f'{ROLES[u.level]} {u.name}')}", f"start: {first_year}-01-01", "slut: 2026-12-31"]
    if u.level <= 1:
        lines.append(f'beslut: {{organ: {u.uid}, datum: 2022-{rng.choice(("11", "12"))}-{rng.randint(1, 28):02d}, '
                     f'paragraf: "§ {rng.randint(5, 180)}"}}')
    lines.append("indikatorer:")
    scored: dict[str, list[tuple[str, int]]] = {"2025": [], "2026-H1": []}
    kinds = rng.sample(INDICATORS[perspective], rng.choice((2, 2, 3)))
    for idx, kind in enumerate(kinds, 1):
        ind_lines, colours = indicator(idx, kind, first_year, rng)
        lines += ind_lines
        for p, scored_colour in colours.items():
            scored[p].append(scored_colour)
    lines.append("bedömning:")
    for period in ("2025", "2026-H1"):
        computed = goal_colour(scored[period])
        lines += [f"  {period}:", f"    färg: {computed}", "    analys: |", *block(analys(rng, period), 6)]
        if period == "2026-H1":
            lines.append(f"    prognos: {computed if rng.random() < 0.7 else 'gul'}")
    name = f"m{n}-{slug(title)[:48].strip('-')}.yaml"
    return name, "\n".join(lines) + "\n"


def activity_text(aid: str, goal_ids: list[str], perspective: str, ansvarig: str, start: dt.date, rng: random.Random
                  ) -> tuple[str, str]:
    """File-name stem and text of one activity; its status fits its dates as seen on REF_DATE (A04)."""
    title = fill(rng, rng.choice(ACTIVITIES[perspective]))
    slut = min(MANDATE_END, start + dt.timedelta(days=rng.randint(45, 540)))
    if slut < REF_DATE:
        status = "genomförd"
    elif start > REF_DATE:
        status = "planerad"
    else:
        status = "försenad" if rng.random() < 0.15 else "pågår"
    lines = [f"id: {aid}", f"titel: {q(title)}", f"mål: [{', '.join(goal_ids)}]", f"ansvarig: {q(ansvarig)}",
             f"start: {start.isoformat()}", f"slut: {slut.isoformat()}", f"status: {status}"]
    if rng.random() < 0.5:
        about = fill(rng, "Aktiviteten ska påverka indikatorerna för {gr} i positiv riktning.")
        lines.insert(2, f"beskrivning: {q(about)}")
    done = [p for p in quarters(start.year) if quarter_end(p) >= start and quarter_start(p) <= slut]
    if done:
        lines.append("uppföljning:")
        for p in done[-rng.randint(1, 3):]:
            st = "genomförd" if status == "genomförd" and quarter_end(p) >= slut else "pågår"
            lines.append(f"  {p}: {{status: {st}, kommentar: {q(fill(rng, rng.choice(KOMMENTARER)), flow=True)}}}")
    return f"{slug(title)[:48].strip('-')}", "\n".join(lines) + "\n"


def quarter_start(p: str) -> dt.date:
    """First day of a quarter '2026-Q3'."""
    return dt.date(int(p[:4]), 3 * int(p[-1]) - 2, 1)


def quarter_end(p: str) -> dt.date:
    """Last day of a quarter '2026-Q3'."""
    y, k = int(p[:4]), int(p[-1])
    return dt.date(y, 12, 31) if k == 4 else dt.date(y, 3 * k + 1, 1) - dt.timedelta(days=1)


def write(root: Path, rel: str, text: str) -> None:
    with open(f"{root}/{rel}", "w", encoding="utf-8") as f:  # plain strings: pathlib is slow at 20,000 files
        f.write(text)


def generate(out: Path, files: int, seed: int = 1) -> dict[str, int]:
    """Write a repository of about `files` files into `out` (created; must not hold a repository yet)."""
    rng = random.Random(seed)
    kommun_name = rng.choice(("Ekeby", "Björkvik", "Sjöhamra", "Lövsta", "Granbacka")) + " kommun"
    if (out / "styrmodell.yaml").exists():
        raise FileExistsError(f"{out} innehåller redan ett målrepo")
    out.mkdir(parents=True, exist_ok=True)
    write(out, "styrmodell.yaml", styrmodell(kommun_name))
    write(out, "vision.yaml", vision(kommun_name))
    counts = dict.fromkeys(("files", "units", *LEVEL_KEYS, "goals", "indicators", "activities", "sections"), 0)
    counts["files"] = 2
    namnd_index = 0
    for u in plan(files, rng):
        sub = ("mål", "aktiviteter") + (("verksamhetsplan",) if u.sections else ())
        for d in sub:
            os.makedirs(out / u.rel / d, exist_ok=True)
        write(out, f"{u.rel}/styrkort.yaml", styrkort(u, rng))
        if u.level == 0:  # two kommun goals per perspective, each tied to one or two målområden
            picks = [(p, [f"V{(2 * k + j) % 4 + 1}" for j in range(1 + (k % 3 == 0))])
                     for k, p in enumerate(p for p in PERSPECTIVES for _ in (0, 1))]
        elif u.level == 1:  # one goal per perspective; alternate nämnder cover both kommun goals (K09)
            assert u.parent is not None
            by_p = {p: [g for g, gp, _ in u.parent.goals if gp == p] for p in PERSPECTIVES}
            extra = [rng.choice(PERSPECTIVES)] if u.n_goals > 4 else []
            picks = [(p, [by_p[p][(namnd_index + k) % len(by_p[p])]])
                     for k, p in enumerate(list(PERSPECTIVES) + extra)]
            namnd_index += 1
        else:
            assert u.parent is not None
            pg = u.parent.goals
            off = rng.randrange(len(pg))
            picks = [(pg[(off + k) % len(pg)][1], [pg[(off + k) % len(pg)][0]]) for k in range(u.n_goals)]
        for n, (perspective, parents) in enumerate(picks, 1):
            first_year = 2023 if u.level <= 1 else rng.choice((2023, 2023, 2024, 2025))
            name, text = goal(u, n, perspective, parents, first_year, rng)
            write(out, f"{u.rel}/mål/{name}", text)
            u.goals.append((f"{u.uid}-M{n}", perspective, first_year))
            counts["indicators"] += text.count("\n  - id: I")
        ansvarig = f"{ROLES[u.level]} {u.name}"
        for n in range(1, u.n_acts + 1):
            gid, perspective, first_year = u.goals[n - 1] if n <= len(u.goals) else rng.choice(u.goals)
            earliest = dt.date(first_year, 1, 1)  # activities start no earlier than their goal
            start = earliest + dt.timedelta(days=rng.randint(0, (dt.date(2026, 11, 1) - earliest).days))
            name, text = activity_text(f"{u.uid}-A{n}", [gid], perspective, ansvarig, start, rng)
            write(out, f"{u.rel}/aktiviteter/a{n}-{name}.yaml", text)
        for s in u.sections:
            write(out, f"{u.rel}/verksamhetsplan/{s}", section(u, s, rng))
        counts["units"] += 1
        counts[LEVEL_KEYS[u.level]] += 1
        counts["goals"] += len(u.goals)
        counts["activities"] += u.n_acts
        counts["sections"] += len(u.sections)
        counts["files"] += u.files
    return counts


def make_history(repo: Path, commits: int, seed: int = 1) -> None:
    """`git init` `repo` and give it `commits` commits from 2023 to 2026 by several authors (fast-import)."""
    from bench.history import write_history  # imported here: history builds on this module's text helpers

    write_history(repo, commits, seed)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Skapa ett syntetiskt målrepo för prestandamätning.")
    parser.add_argument("out", type=Path, help="mapp att skriva målrepot till")
    parser.add_argument("--files", type=int, default=2000, help="ungefärligt antal filer (standard 2000)")
    parser.add_argument("--seed", type=int, default=1, help="slumpfrö (samma frö ger samma repo)")
    parser.add_argument("--history", type=int, default=0, help="antal git-commits att skapa (standard 0)")
    args = parser.parse_args(argv)
    counts = generate(args.out, args.files, args.seed)
    make_history(args.out, args.history, args.seed)
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
