"""`styr init`: create a new goal repository with a styrmodell, a vision, the root unit and editor schemas."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated

import typer

from styr.commands.common import create_all, fail, resolve_today
from styr.commands.schema import vscode_settings
from styr.edit.scaffold import scalar
from styr.load.schema_files import load_schemas
from styr.model import periods

SCHEMA_DIR = ".styr/schemas"
DEFAULT_LEVELS = "kommun,nämnd,verksamhet,enhet"
ROOT_FOLDER = "kommun"

# The four perspectives of the Perstorp model, in our own short words.
PERSPECTIVES = (
    ("Verksamhet", "Det kommunen levererar till invånare och företag: kvalitet, tillgänglighet och bemötande."),
    ("Arbetsmiljö", "Medarbetarnas och chefernas förutsättningar: hälsa, kompetens och ett gott ledarskap."),
    ("Hållbar utveckling", "Kommunens bidrag till en ekologiskt och socialt hållbar utveckling, nu och framåt."),
    ("Ekonomi", "God ekonomisk hushållning: verksamhet inom ram och en ekonomi i balans över mandatperioden."),
)

# The planning and follow-up year: bokslut in the winter, delår in late summer, planning in the autumn.
WHEEL = (
    ("Bokslut", "Utfallen för föregående år registreras och varje chef analyserar årets resultat."),
    ("Målrapport", "Måluppfyllelse och analys sammanställs nivå för nivå och följer med bokslutet."),
    ("Årsredovisning", "Kommunstyrelsen behandlar årsredovisningen med den samlade måluppfyllelsen."),
    ("Uppföljning kvartal 1", "Mål och aktiviteter följs upp; fullmäktige behandlar årsredovisningen."),
    ("Budgetdialog", "Nämnderna och kommunstyrelsen samtalar om ekonomiska ramar för kommande år."),
    ("Budgetbeslut", "Fullmäktige fastställer ramarna för nästa års budget."),
    ("Sommar", "Ingen rapportering. Underlaget till delårsbokslutet förbereds."),
    ("Delårsbokslut", "Utfall per 30 juni, bedömning av varje mål och prognos för helåret."),
    ("Delåret behandlas", "Nämnderna behandlar delårsbokslutet; uppföljning av kvartal 2."),
    ("Omvärldsanalys och målbeslut", "Trend- och omvärldsanalys. Fullmäktige och nämnderna beslutar sina mål; "
     "uppföljning av kvartal 3."),
    ("Verksamhets- och enhetsmål", "Verksamheter och enheter sätter sina mål; medarbetarsamtalen hålls."),
    ("Verksamhetsplaner", "Verksamhetsplanerna fastställs och de antagna målen görs kända för alla."),
)

_MANDATE = re.compile(r"(\d{4})\s*[-–/]\s*(\d{4})\Z")


def init(
    path: Annotated[Path, typer.Argument(help="Mappen för det nya målrepot (standard: aktuell mapp).",
                                         show_default=False)] = Path("."),
    kommun: Annotated[str, typer.Option("--municipality", "--kommun",
                                        help="Kommunens namn, t.ex. \"Ekeby kommun\".")] = "",
    levels: Annotated[str, typer.Option("--levels", "--nivåer", "--nivaer",
                                        help="Nivåerna uppifrån och ned, kommaseparerade.")]
    = DEFAULT_LEVELS,
    mandate: Annotated[str | None, typer.Option("--mandate-period", "--mandatperiod",
                                                help="Mandatperioden, t.ex. 2023-2026 "
                                                "(standard: den pågående).")] = None,
    chef: Annotated[str | None, typer.Option("--chef", help="Namn på rotenhetens chef, t.ex. kommundirektören.")]
    = None,
    git: Annotated[str | None, typer.Option("--git", help="Chefens användarnamn i Git, t.ex. @anna.berg "
                                            "(används av styr codeowners).")] = None,
) -> None:
    """Skapa ett nytt målrepo: styrmodell, vision, kommunens styrkort och scheman för editorn."""
    name = kommun.strip()
    if not name:
        fail("ange kommunens namn med --kommun, t.ex. --kommun \"Ekeby kommun\".")
    level_ids = [part.strip() for part in levels.split(",") if part.strip()]
    if not level_ids:
        fail("ange minst en nivå med --nivåer, t.ex. --nivåer kommun,nämnd,verksamhet,enhet.")
    if len(set(level_ids)) != len(level_ids):
        fail(f"samma nivå förekommer två gånger i --nivåer '{levels}'.")
    start, end = _mandate(mandate)
    if path.exists() and not path.is_dir():
        fail(f"'{path}' är en fil, inte en mapp.")
    files = {
        path / "styrmodell.yaml": styrmodell_text(name, level_ids, start, end),
        path / "vision.yaml": vision_text(name),
        path / ROOT_FOLDER / "styrkort.yaml": styrkort_text(name, level_ids[0], chef, git),
        path / ".vscode" / "settings.json": vscode_settings(SCHEMA_DIR),
        path / "README.md": readme_text(name),
    }
    for file, body in load_schemas().items():
        files[path / SCHEMA_DIR / file] = json.dumps(body, ensure_ascii=False, indent=2) + "\n"
    create_all(files)
    typer.echo(f"Skapade målrepot för {name} i {path} ({len(files)} filer).")
    typer.echo("Nästa steg: fyll i vision.yaml, skapa nämnderna med 'styr new enhet' och kör 'styr validate'.")


def _mandate(value: str | None) -> tuple[int, int]:
    if value is None:
        # Swedish mandate periods run four years from the January after an election (2023–2026, 2027–2030 …).
        year = resolve_today(None).year
        first = 2023 + (year - 2023) // 4 * 4
        return first, first + 3
    m = _MANDATE.match(value.strip())
    if not m:
        fail(f"ogiltig mandatperiod '{value}': skriv första och sista året, t.ex. 2023-2026.")
    start, end = int(m[1]), int(m[2])
    if not (periods.MIN_YEAR <= start <= end <= periods.MAX_YEAR):
        fail(f"ogiltig mandatperiod '{value}': det sista året får inte komma före det första.")
    return start, end


def styrmodell_text(kommun: str, level_ids: list[str], start: int, end: int) -> str:
    out = [
        f"# Styrmodell för {kommun}. Formatet beskrivs i styrs dokumentation (docs/format.md).",
        f"kommun: {scalar(kommun)}",
        "",
        "# Organisationens nivåer uppifrån och ned. En enhets nivå är dess mappdjup under kommun/.",
        "nivåer:",
    ]
    for index, level in enumerate(level_ids):
        out += [f"  - id: {scalar(level)}", f"    namn: {scalar(level[:1].upper() + level[1:])}",
                f"    beslut_krävs: {'true' if index < 2 else 'false'}"]
        if index == 0:
            out.append("    beslutsorgan: KF")
    out += ["", "# Perspektiven som varje mål hör till.", "perspektiv:"]
    for name, text in PERSPECTIVES:
        out += [f"  - namn: {name}", f"    beskrivning: {scalar(text)}"]
    out += [
        "",
        "mandatperiod:",
        f"  start: {start}-01-01",
        f"  slut: {end}-12-31",
        "",
        "# Hur ofta mål och aktiviteter följs upp: kvartal, tertial eller månad.",
        "uppföljning: kvartal",
        "",
        "# Hur utfall blir färger. Värdena nedan är styrs standard; ändra dem om kommunen beslutat annat.",
        "färgmodell:",
        "  modell: standard",
        "  gul_marginal: 0.10",
        "  gul_vid_förbättring: false",
        "  poäng: {grön: 1, gul: 0.5, röd: 0}",
        "  gränser: {grön: 0.8, gul: 0.4}",
        "  andel_gul: 0.8",
        "",
        "# Årshjulet: planering och uppföljning månad för månad.",
        "årshjul:",
    ]
    for month, (title, text) in enumerate(WHEEL, start=1):
        out += [f"  - månad: {month}", f"    titel: {scalar(title)}", f"    beskrivning: {scalar(text)}"]
    out += [
        "",
        "# Ändra en regels allvarlighetsgrad: kod: error, warning, info eller av. Se 'styr explain'.",
        "regler: {}",
    ]
    return "\n".join(out) + "\n"


def vision_text(kommun: str) -> str:
    return "\n".join([
        f"# Visionen för {kommun}: roten i målkedjan. Kommunmålen bidrar till målområdena nedan.",
        "# TODO: Ersätt texten med den vision som fullmäktige har antagit.",
        f"titel: {scalar('Vision för ' + kommun)}",
        "text: |",
        "  TODO: Beskriv i några stycken hur kommunen ska vara för invånare, företag och medarbetare",
        "  när visionen är uppnådd. Texten får innehålla Markdown.",
        "# Valfritt: kommunens ledord, t.ex. [Service, Engagemang, Bemötande].",
        "ledord: []",
        "# Ett målområde per huvudinriktning i visionen: V1, V2, V3 … Kommunmål anger dem i bidrar_till.",
        "målområden:",
        "  - id: V1",
        "    namn: TODO Målområdets namn",
        "    beskrivning: >-",
        "      TODO: Beskriv vad kommunen vill uppnå inom målområdet.",
        "",
    ])


def styrkort_text(kommun: str, level: str, chef: str | None, git: str | None) -> str:
    out = [
        "# Rotenhetens styrkort. Underordnade enheter får egna mappar här: styr new enhet kommun/<namn> …",
        "id: KF",
        f"namn: {scalar(kommun)}",
        f"nivå: {scalar(level)}",
        "organ: KF",
    ]
    if chef:
        out.append(f"chef: {{namn: {scalar(chef.strip())}, roll: Kommundirektör"
                   + (f", git: {scalar(git.strip())}" if git else "") + "}")
    else:
        out.append('# TODO: chef: {namn: Förnamn Efternamn, roll: Kommundirektör, git: "@användarnamn"}')
    out.append('# samordnare: {namn: Förnamn Efternamn, roll: Styrkortsamordnare, git: "@användarnamn"}')
    return "\n".join(out) + "\n"


def readme_text(kommun: str) -> str:
    return f"""# Mål och resultat för {kommun}

Det här är kommunens målrepo: vision, mål, indikatorer, utfall och aktiviteter som text, versionshanterad i Git.
Verktyget `styr` kontrollerar målkedjan och tar fram rapporterna.

## Struktur

- `styrmodell.yaml` – nivåer, perspektiv, mandatperiod, färgmodell och årshjul
- `vision.yaml` – visionen och dess målområden
- `{ROOT_FOLDER}/styrkort.yaml` – kommunens styrkort; varje underordnad enhet har en egen mapp med
  `styrkort.yaml`, `mål/` och `aktiviteter/`

## Kom igång

```
styr new enhet {ROOT_FOLDER}/<mapp> --id BUN --namn "Barn- och utbildningsnämnden"
styr new mål --unit KF --titel "..." --perspektiv Verksamhet
styr utfall KF-M1/I1 2026 87
styr validate
```

Editorn (VS Code med tillägget YAML från Red Hat) hjälper till med nycklar och värden via scheman i
`{SCHEMA_DIR}`.
"""

