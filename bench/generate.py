"""Write a large synthetic, valid goal repository (docs/format.md) and optionally a Git history for it."""

from __future__ import annotations

import argparse
import datetime as dt
import heapq
import json
import os
import random
import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

LEVELS = ("kommun", "nämnd", "verksamhet", "enhet")
LEVEL_KEYS = ("kommun", "nämnder", "verksamheter", "enheter")  # keys of generate()'s counts
PERSPECTIVES = ("Verksamhet", "Arbetsmiljö", "Hållbar utveckling", "Ekonomi")
REF_DATE = dt.date(2026, 11, 29)  # the benchmark's "today": follow-up periods up to 2026-Q3 have ended
MANDATE_END = dt.date(2026, 12, 31)
SECTION_TITLES = {
    "omvärldsanalys.md": "Trend- och omvärldsanalys",
    "nulägesanalys.md": "Nulägesanalys",
    "ekonomi.md": "Ekonomi och investeringar",
    "förbättringsområden.md": "Prioriterade förbättringsområden",
}

# --- vocabulary: invented, Swedish-looking, combined at random so texts vary --------------------------------
NAMNDER = (
    "Kommunstyrelsen", "Barn- och utbildningsnämnden", "Socialnämnden", "Vård- och omsorgsnämnden",
    "Kultur- och fritidsnämnden", "Samhällsbyggnadsnämnden", "Miljö- och byggnadsnämnden", "Tekniska nämnden",
    "Arbetsmarknadsnämnden", "Gymnasie- och vuxenutbildningsnämnden", "Individ- och familjenämnden",
    "Räddningsnämnden", "Servicenämnden", "Fastighetsnämnden", "Överförmyndarnämnden", "Måltidsnämnden",
    "Näringslivsnämnden", "Digitaliseringsnämnden",
)
VERKSAMHETER = (
    "Grundskola", "Förskola", "Gymnasieskola", "Elevhälsa", "Hemtjänst", "Särskilt boende", "LSS-verksamhet",
    "Individ- och familjeomsorg", "Bibliotek", "Fritidsgårdar", "Gata och park", "Vatten och avlopp",
    "Fastighetsförvaltning", "Lokalvård", "Kost och måltid", "Ekonomiavdelning", "HR-avdelning", "IT-enhet",
    "Kommunikation", "Bygglov", "Miljötillsyn", "Räddningstjänst", "Vuxenutbildning", "Arbetsmarknadsenhet",
    "Kulturskola", "Idrott och anläggningar", "Kundtjänst", "Upphandling", "Näringsliv", "Hemsjukvård",
    "Integration", "Fritidshem",
)
ORTER = (
    "Centrum", "Norra", "Södra", "Östra", "Västra", "Ekbacken", "Björkhagen", "Lindås", "Stenbacka", "Åsen",
    "Hagby", "Tallbacken", "Sjöstaden", "Ängsvägen", "Bokskogen", "Granbo", "Kvarnby", "Ljungdala", "Backa",
    "Rosendal", "Furulund", "Solgården", "Kyrkbyn", "Strandvik", "Möllan", "Lönnen", "Vallby", "Hästhagen",
    "Ekeliden", "Prästgården", "Skogslyckan", "Marieberg", "Nyhem", "Källbacken", "Ängabo", "Tornet",
)
FORNAMN = (
    "Karin", "Per", "Anna", "Erik", "Maria", "Lars", "Eva", "Johan", "Sara", "Anders", "Elin", "Mikael",
    "Lena", "Fredrik", "Sofia", "Magnus", "Emma", "Jonas", "Ida", "Björn", "Malin", "Ola", "Åsa", "Henrik",
    "Linnea", "Göran", "Hanna", "Nils", "Therese", "Ali", "Fatima", "Mehmet", "Ingrid", "Stefan",
)
EFTERNAMN = (
    "Ek", "Lind", "Berg", "Holm", "Nilsson", "Andersson", "Johansson", "Persson", "Svensson", "Lundqvist",
    "Sjöberg", "Åkesson", "Björk", "Strand", "Dahl", "Nyström", "Hägg", "Öberg", "Mattsson", "Karlsson",
    "Falk", "Engström", "Sandberg", "Lindgren", "Hassan", "Yilmaz", "Wikström", "Forsberg",
)
GRUPPER = ("invånare", "elever", "brukare", "vårdnadshavare", "besökare", "företagare", "äldre", "unga", "kunder")
TJANSTER = (
    "skolan", "hemtjänsten", "biblioteket", "bygglovshanteringen", "fritidsverksamheten", "kundtjänsten",
    "förskolan", "måltiderna", "e-tjänsterna", "äldreomsorgen", "tillsynen", "kollektivtrafiken",
)
GOAL_TITLES = {
    "Verksamhet": (
        "Fler {gr} är nöjda med {tj}", "Ökad tillgänglighet till {tj}", "Kortare väntetider inom {tj}",
        "Högre kvalitet i {tj}", "{Gr} känner sig trygga i {tj}", "Stärkt delaktighet för {gr}",
        "Fler {gr} får sina ärenden avgjorda i tid", "Likvärdig service i {tj} i hela kommunen",
    ),
    "Arbetsmiljö": (
        "Friska medarbetare med låg sjukfrånvaro", "Ett hållbart medarbetarengagemang",
        "En attraktiv arbetsplats med kompetenta medarbetare", "Ett tydligt och nära ledarskap",
        "Minskad personalomsättning i {tj}", "En säker arbetsmiljö utan allvarliga tillbud",
        "Alla medarbetare har en aktuell kompetensplan",
    ),
    "Hållbar utveckling": (
        "Minskade utsläpp från kommunens transporter", "Minskat matsvinn i {tj}",
        "Ökad andel förnybar energi", "Minskad energianvändning i våra lokaler",
        "Ökad social hållbarhet för {gr}", "Fler {gr} väljer hållbara resor", "Mer cirkulär användning av möbler",
    ),
    "Ekonomi": (
        "En ekonomi i balans", "God budgetföljsamhet i hela verksamheten", "Effektivt resursutnyttjande i {tj}",
        "Kostnaden per brukare i nivå med jämförbara kommuner", "Minskade kostnader för inhyrd personal",
        "Långsiktigt hållbara investeringar",
    ),
}
# (name, enhet, riktning, low, high, decimals); intervall and uppnått are handled by their enhet/riktning
INDICATORS: dict[str, tuple[tuple[str, str, str, float, float, int], ...]] = {
    "Verksamhet": (
        ("Andel {gr} som är nöjda med {tj}", "procent", "öka", 60, 88, 0),
        ("Genomsnittlig handläggningstid", "dagar", "minska", 12, 60, 0),
        ("Antal klagomål per år", "antal", "minska", 20, 200, 0),
        ("Nöjd kund-index för {tj}", "index", "öka", 55, 80, 0),
        ("Andel ärenden avslutade inom 30 dagar", "procent", "öka", 55, 90, 0),
        ("Andel {gr} som känner sig trygga", "procent", "öka", 65, 90, 0),
    ),
    "Arbetsmiljö": (
        ("Sjukfrånvaro", "procent", "minska", 4, 10, 1),
        ("Hållbart medarbetarengagemang (HME)", "index", "öka", 70, 84, 0),
        ("Personalomsättning", "procent", "minska", 8, 20, 1),
        ("Andel medarbetare med genomfört medarbetarsamtal", "procent", "öka", 70, 92, 0),
        ("Antal arbetsskador", "antal", "minska", 4, 30, 0),
    ),
    "Hållbar utveckling": (
        ("Andel fossilfria fordon", "procent", "öka", 20, 70, 0),
        ("Andel ekologiska livsmedel", "procent", "öka", 20, 45, 0),
        ("Matsvinn i gram per portion", "antal", "minska", 20, 60, 0),
        ("Energianvändning i kWh per kvadratmeter", "antal", "minska", 120, 200, 0),
        ("Antal laddplatser vid kommunens lokaler", "antal", "öka", 10, 80, 0),
    ),
    "Ekonomi": (
        ("Kostnad per brukare", "kronor", "minska", 80000, 250000, 0),
        ("Kostnad för inhyrd personal i tkr", "kronor", "minska", 500, 5000, 0),
        ("Andel av budgetramen som förbrukats", "procent", "intervall", 97, 100, 1),
        ("Budget i balans vid årets slut", "ja/nej", "uppnått", 0, 0, 0),
        ("Andel fakturor betalda i tid", "procent", "öka", 80, 95, 0),
    ),
}
KALLOR = ("Medarbetarenkät", "Verksamhetssystemet", "Ekonomisystemet", "Brukarundersökning",
          "SKR:s öppna jämförelser", "Egen mätning", "Personalsystemet")
ACTIVITIES = {
    "Verksamhet": ("Kartläggning av {gr}s behov i {tj}", "Dialogmöten med {gr}", "Införa nya e-tjänster",
                   "Översyn av rutiner för ärendehantering", "Trygghetsvandringar med {gr}",
                   "Systematiskt kvalitetsarbete i {tj}"),
    "Arbetsmiljö": ("Friskvårdssatsning för alla medarbetare", "Utbildning i arbetsmiljö för chefer",
                    "Kompetensutvecklingsplan för alla medarbetare", "Medarbetarsamtal med uppföljning",
                    "Riskbedömning av arbetsmiljön", "Introduktionsprogram för nyanställda"),
    "Hållbar utveckling": ("Ruttoptimering av transporter", "Energieffektivisering av lokaler",
                           "Mätning av matsvinn varje vecka", "Byte till fossilfria fordon",
                           "Källsortering i alla lokaler", "Inventering av återbrukbara möbler"),
    "Ekonomi": ("Månatlig budgetuppföljning med enhetschefer", "Översyn av bemanningsplanering",
                "Samordnad upphandling av förbrukningsmaterial", "Analys av kostnad per brukare",
                "Minskad användning av inhyrd personal", "Genomlysning av lokalkostnader"),
}
ORSAKER = ("en hög personalomsättning", "ökade volymer", "nya arbetssätt i arbetslagen",
           "förseningar i upphandlingen", "ett gott samarbete med {gr}", "satsningen på kompetensutveckling",
           "vakanta tjänster under hösten", "ett ansträngt ekonomiskt läge", "en hög sjukfrånvaro i början av året",
           "att fler {gr} har sökt sig till {tj}", "det systematiska kvalitetsarbetet")
FOKUS = ("uppföljningen på arbetsplatsträffar", "dialogen med {gr}", "digitala arbetssätt",
         "rekrytering av behöriga medarbetare", "samverkan mellan enheterna", "planeringen inför nästa år",
         "att sprida goda exempel", "att följa upp aktiviteterna varje kvartal")
KOMMENTARER = ("Arbetet går enligt plan.", "Två av fyra delmoment är klara.", "Försenat på grund av sjukfrånvaro.",
               "Startmöte genomfört med medarbetarna.", "Halvvägs, fortsätter under nästa kvartal.",
               "Avslutat och utvärderat på APT.", "Vi har fått in synpunkter från {gr}.",
               "Resurser omfördelade, arbetet återupptas.", "Uppföljning gjord i ledningsgruppen.")

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
    points = {"grön": 1.0, "gul": 0.5, "röd": 0.0}
    score = sum(points[c] * w for c, w in scored) / sum(w for _, w in scored)
    return "grön" if score >= 0.8 else "gul" if score >= 0.4 else "röd"


def quarters(first_year: int) -> list[str]:
    return [f"{y}-Q{k}" for y in range(first_year, 2027) for k in range(1, 5) if (y, k) <= (2026, 3)]


def indicator(idx: int, perspective: str, kind: tuple[str, str, str, float, float, int], first_year: int,
              rng: random.Random) -> tuple[list[str], dict[str, str]]:
    """Lines of one indicator and its colour per assessed period ('2025' and '2026-H1')."""
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
    periods = [str(y) for y in range(first_year, 2026)] + (quarters(first_year) if quarterly
                                                          else ["2026-Q1", "2026-Q2", "2026-Q3"])
    colours: dict[str, str] = {}
    outcomes: dict[str, str] = {}
    if riktning == "uppnått":
        lines.append("    målvärde: {" + ", ".join(f"{y}: ja" for y in years) + "}")
        for p in periods:
            outcomes[p] = "ja" if rng.random() < 0.8 else "nej"
        colours = {"2025": colour(riktning, 1, outcomes["2025"] == "ja"),
                   "2026-H1": colour(riktning, 1, outcomes["2026-Q2"] == "ja")}
    elif riktning == "intervall":
        lines.append("    målvärde: {" + ", ".join(f"{y}: {{min: {low:g}, max: {high:g}}}" for y in years) + "}")
        for p in periods:
            outcomes[p] = num(rng.uniform(low + 0.3, high - 0.2), dec)
        colours = {p: colour(riktning, 0, float(outcomes[q_]), low, high)
                   for p, q_ in (("2025", "2025"), ("2026-H1", "2026-Q2"))}
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
            wanted = rng.choices(("grön", "gul", "röd"), (5, 3, 1))[0]
            miss = {"grön": -rng.uniform(0, 0.04), "gul": rng.uniform(0.02, 0.08), "röd": rng.uniform(0.14, 0.3)}
            value = min(100.0 if enhet == "procent" else float("inf"), t * (1 - sign * miss[wanted]))
            outcomes[p] = num(max(value, 0), dec)
        colours = {"2025": colour(riktning, targets[2025], float(outcomes["2025"])),
                   "2026-H1": colour(riktning, targets[2026], float(outcomes["2026-Q2"]))}
    if quarterly:
        lines.append("    utfall:")
        lines += [f"      {p}: {v}" for p, v in sorted(outcomes.items())]
    else:
        lines.append("    utfall: {" + ", ".join(f"{p}: {v}" for p, v in outcomes.items()) + "}")
    return lines, {p: f"{c}/{weight}" for p, c in colours.items()}


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
        ind_lines, colours = indicator(idx, perspective, kind, first_year, rng)
        lines += ind_lines
        for p, cw in colours.items():
            c, w = cw.split("/")
            scored[p].append((c, int(w)))
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
    done = [p for p in quarters(start.year) if _quarter_end(p) >= start and _quarter_start(p) <= slut]
    if done:
        lines.append("uppföljning:")
        for p in done[-rng.randint(1, 3):]:
            st = "genomförd" if status == "genomförd" and p == done[-1] else "pågår"
            lines.append(f"  {p}: {{status: {st}, kommentar: {q(fill(rng, rng.choice(KOMMENTARER)), flow=True)}}}")
    return f"{slug(title)[:48].strip('-')}", "\n".join(lines) + "\n"


def _quarter_start(p: str) -> dt.date:
    return dt.date(int(p[:4]), 3 * int(p[-1]) - 2, 1)


def _quarter_end(p: str) -> dt.date:
    y, k = int(p[:4]), int(p[-1])
    return dt.date(y, 12, 31) if k == 4 else dt.date(y, 3 * k + 1, 1) - dt.timedelta(days=1)


def _write(root: Path, rel: str, text: str) -> None:
    with open(f"{root}/{rel}", "w", encoding="utf-8") as f:  # plain strings: pathlib is slow at 20,000 files
        f.write(text)


def generate(out: Path, files: int, seed: int = 1) -> dict[str, int]:
    """Write a repository of about `files` files into `out` (created; must not hold a repository yet)."""
    rng = random.Random(seed)
    kommun_name = rng.choice(("Ekeby", "Björkvik", "Sjöhamra", "Lövsta", "Granbacka")) + " kommun"
    if (out / "styrmodell.yaml").exists():
        raise FileExistsError(f"{out} innehåller redan ett målrepo")
    out.mkdir(parents=True, exist_ok=True)
    _write(out, "styrmodell.yaml", styrmodell(kommun_name))
    _write(out, "vision.yaml", vision(kommun_name))
    counts = dict.fromkeys(("files", "units", *LEVEL_KEYS, "goals", "indicators", "activities", "sections"), 0)
    counts["files"] = 2
    namnd_index = 0
    for u in plan(files, rng):
        sub = ("mål", "aktiviteter") + (("verksamhetsplan",) if u.sections else ())
        for d in sub:
            os.makedirs(out / u.rel / d, exist_ok=True)
        _write(out, f"{u.rel}/styrkort.yaml", styrkort(u, rng))
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
            _write(out, f"{u.rel}/mål/{name}", text)
            u.goals.append((f"{u.uid}-M{n}", perspective, first_year))
            counts["indicators"] += text.count("\n  - id: I")
        ansvarig = f"{ROLES[u.level]} {u.name}"
        for n in range(1, u.n_acts + 1):
            gid, perspective, first_year = u.goals[n - 1] if n <= len(u.goals) else rng.choice(u.goals)
            earliest = dt.date(first_year, 1, 1)  # activities start no earlier than their goal
            start = earliest + dt.timedelta(days=rng.randint(0, (dt.date(2026, 11, 1) - earliest).days))
            name, text = activity_text(f"{u.uid}-A{n}", [gid], perspective, ansvarig, start, rng)
            _write(out, f"{u.rel}/aktiviteter/a{n}-{name}.yaml", text)
        for s in u.sections:
            _write(out, f"{u.rel}/verksamhetsplan/{s}", section(u, s, rng))
        counts["units"] += 1
        counts[LEVEL_KEYS[u.level]] += 1
        counts["goals"] += len(u.goals)
        counts["activities"] += u.n_acts
        counts["sections"] += len(u.sections)
        counts["files"] += u.files
    return counts


# --- history -------------------------------------------------------------------------------------------------
AUTHORS = tuple(f"{f} {e}" for f, e in zip(FORNAMN[:9], EFTERNAMN[3:12], strict=True))
_FLOW_OUTCOME = re.compile(r"^    utfall: \{(.*)\}$", re.M)
_COMMENT = re.compile(r"^  (\S+): \{status: (\S+), kommentar: (.*)\}$", re.M)
_FROZEN = {"2025", "2026-Q1", "2026-Q2"}  # the bedömningar were judged on these: leave them alone


class _History:
    """Edits applied to an in-memory view of the repository, emitted as a git fast-import stream."""

    def __init__(self, repo: Path, rng: random.Random) -> None:
        self.repo, self.rng = repo, rng
        self.text: dict[str, str] = {}
        self.dirty: set[str] = set()
        self.deleted: set[str] = set()
        self.goals: list[str] = []
        self.acts: list[str] = []
        for dirpath, dirnames, filenames in os.walk(repo):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
            rel = Path(dirpath).relative_to(repo).as_posix()
            kind = rel.rsplit("/", 1)[-1]
            if kind in ("mål", "aktiviteter"):
                (self.goals if kind == "mål" else self.acts).extend(f"{rel}/{f}" for f in sorted(filenames))
        self.next_act: dict[str, int] = {}  # unit folder -> next free activity number (files are a<n>-...)
        for rel in self.acts:
            unit_dir, name = rel.rsplit("/aktiviteter/", 1)
            if m := re.match(r"a(\d+)-", name):
                self.next_act[unit_dir] = max(self.next_act.get(unit_dir, 1), int(m.group(1)) + 1)

    def read(self, rel: str) -> str:
        if rel not in self.text:
            self.text[rel] = (self.repo / rel).read_text(encoding="utf-8")
        return self.text[rel]

    def put(self, rel: str, text: str) -> None:
        self.text[rel] = text
        self.dirty.add(rel)

    def edit_outcome(self, when: dt.date) -> tuple[str, str] | None:
        rel = self.rng.choice(self.goals)
        text = self.read(rel)
        lines = list(_FLOW_OUTCOME.finditer(text))
        if not lines:
            return None
        m = self.rng.choice(lines)
        entries = [e.split(": ", 1) for e in m.group(1).split(", ")]
        editable = [k for k, (p, v) in enumerate(entries)
                    if p not in _FROZEN and _period_end(p) < when and re.fullmatch(r"[\d.]+", v)]
        if not editable:
            return None
        k = self.rng.choice(editable)
        period, value = entries[k]
        is_pct = text.rfind("enhet: procent", 0, m.start()) > text.rfind("  - id: I", 0, m.start())
        dec = len(value.split(".")[1]) if "." in value else 0
        new = max(0.0, float(value) + self.rng.choice((-1, 1)) * self.rng.randint(1, 3) * (0.1 if dec else 1))
        entries[k][1] = num(min(new, 100.0) if is_pct else new, dec)
        line = "    utfall: {" + ", ".join(f"{p}: {v}" for p, v in entries) + "}"
        self.put(rel, text[: m.start()] + line + text[m.end():])
        return rel, f"Rättat utfall {period} för {text.split(chr(10), 1)[0][4:]}"

    def edit_comment(self, when: dt.date) -> tuple[str, str] | None:
        rel = self.rng.choice(self.acts)
        text = self.read(rel)
        found = [m for m in _COMMENT.finditer(text) if _quarter_start(m.group(1)) < when]
        if not found:
            return None
        m = self.rng.choice(found)
        line = f"  {m.group(1)}: {{status: {m.group(2)}, kommentar: " \
               f"{q(fill(self.rng, self.rng.choice(KOMMENTARER)), flow=True)}}}"
        self.put(rel, text[: m.start()] + line + text[m.end():])
        return rel, f"Uppföljning {m.group(1)} för {text.split(chr(10), 1)[0][4:]}"

    def edit_description(self) -> tuple[str, str]:
        rel = self.rng.choice(self.goals)
        text = self.read(rel)
        line = f"  och {fill(self.rng, self.rng.choice(FOKUS))}."
        self.put(rel, re.sub(r"^  och .*$", lambda _: line, text, count=1, flags=re.M))
        return rel, f"Förtydligad beskrivning av {text.split(chr(10), 1)[0][4:]}"

    def add_activity(self, when: dt.date) -> tuple[str, str]:
        grel = self.rng.choice(self.goals)
        gtext = self.read(grel)
        gid = gtext.split("\n", 1)[0][4:]
        perspective = re.search(r"^perspektiv: (.+)$", gtext, re.M).group(1)  # type: ignore[union-attr]
        ansvarig = re.search(r"^ansvarig: (.+)$", gtext, re.M).group(1)  # type: ignore[union-attr]
        unit_dir = grel.rsplit("/", 2)[0]
        uid = gid.rsplit("-M", 1)[0]
        n = self.next_act.get(unit_dir, 1)
        self.next_act[unit_dir] = n + 1
        name, text = activity_text(f"{uid}-A{n}", [gid], perspective, json.loads(ansvarig)
                                   if ansvarig.startswith('"') else ansvarig, when, self.rng)
        rel = f"{unit_dir}/aktiviteter/a{n}-{name}.yaml"
        self.acts.append(rel)
        self.put(rel, text)
        return rel, f"Ny aktivitet {uid}-A{n}"

    def rename_goal(self) -> tuple[str, str, str]:
        k = self.rng.randrange(len(self.goals))
        old = self.goals[k]
        folder, name = old.rsplit("/", 1)
        stem = name[:-5]
        parts = stem.split("-")
        new_stem = "-".join(parts[:3]) if len(parts) > 3 else stem + "-mal"
        new = f"{folder}/{new_stem}.yaml"
        if new in self.goals:
            new = f"{folder}/{stem}-{self.rng.randint(2, 99)}.yaml"
        self.text[new] = self.read(old)
        self.dirty.add(new)
        self.dirty.discard(old)
        self.deleted.add(old)
        self.deleted.discard(new)
        self.goals[k] = new
        return old, new, f"Byt namn på {name} till {new.rsplit('/', 1)[1]}"


def _period_end(p: str) -> dt.date:
    return _quarter_end(p) if "-Q" in p else dt.date(int(p[:4]), 12, 31)


def _data(payload: bytes) -> bytes:
    return b"data %d\n" % len(payload) + payload + b"\n"


def make_history(repo: Path, commits: int, seed: int = 1) -> None:
    """`git init` `repo` and give it `commits` commits from 2023 to 2026 by several authors (fast-import)."""
    if commits < 1:
        return
    if (repo / ".git").exists():
        raise FileExistsError(f"{repo} är redan ett git-repo")
    rng = random.Random(seed * 7919 + 17)
    hist = _History(repo, rng)
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    proc = subprocess.Popen(["git", "fast-import", "--quiet", "--done"], cwd=repo, stdin=subprocess.PIPE)
    assert proc.stdin is not None
    out = proc.stdin
    first = int(dt.datetime(2023, 1, 2, 9, tzinfo=dt.UTC).timestamp())
    last = int(dt.datetime(2026, 11, 28, 16, tzinfo=dt.UTC).timestamp())
    days = sorted(rng.randint(first // 86400 + 1, last // 86400) for _ in range(commits - 1))
    # office hours (07-17 UTC), as people commit their follow-up at work
    stamps = [first, *sorted(d * 86400 + rng.randint(7 * 3600, 17 * 3600) for d in days)]
    for mark, ts in enumerate(stamps, 1):
        author = rng.choice(AUTHORS)
        who = f"{author} <{slug(author).replace('-', '.')}@kommun.example> {ts} +0100".encode()
        body: list[bytes] = []
        if mark == 1:
            message = "Mål och styrkort för mandatperioden 2023–2026"
            for dirpath, dirnames, filenames in os.walk(repo):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for f in sorted(filenames):
                    path = Path(dirpath, f)
                    body.append(f"M 100644 inline {path.relative_to(repo).as_posix()}\n".encode()
                                + _data(path.read_bytes()))
        else:
            notes: list[str] = []
            touched: set[str] = set()
            for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
                roll = rng.random()
                if roll < 0.04:
                    old, new, note = hist.rename_goal()
                    body.append(f"R {old} {new}\n".encode())
                    if old in touched:  # edited earlier in this commit: the edit now lives under the new name
                        touched.discard(old)
                        touched.add(new)
                    notes.append(note)
                    continue
                when = dt.datetime.fromtimestamp(ts, dt.UTC).date()
                for _ in range(8):  # early on few outcomes or follow-ups exist yet: try other files
                    done = (hist.add_activity(when) if roll < 0.12
                            else hist.edit_comment(when) if roll < 0.42 else hist.edit_outcome(when))
                    if done is not None:
                        break
                rel, note = done or hist.edit_description()
                touched.add(rel)
                notes.append(note)
            for rel in sorted(touched):
                body.append(f"M 100644 inline {rel}\n".encode() + _data(hist.text[rel].encode()))
            message = notes[0] if len(notes) == 1 else f"Kvartalsuppföljning: {len(notes)} ändringar\n\n" + \
                "\n".join(f"- {n}" for n in notes)
        out.write(f"commit refs/heads/main\nmark :{mark}\n".encode() + b"author " + who + b"\ncommitter " + who
                  + b"\n" + _data(message.encode()) + (b"from :%d\n" % (mark - 1) if mark > 1 else b""))
        out.write(b"".join(body) + b"\n")
    out.write(b"done\n")
    out.close()
    if proc.wait() != 0:
        raise RuntimeError("git fast-import misslyckades")
    for rel in hist.deleted:
        (repo / rel).unlink(missing_ok=True)  # a file renamed twice never had its middle name on disk
    for rel in hist.dirty:
        _write(repo, rel, hist.text[rel])
    subprocess.run(["git", "reset", "-q"], cwd=repo, check=True)


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
