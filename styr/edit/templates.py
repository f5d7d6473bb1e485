"""The fixed words of the files `styr init` creates: perspectives, the year's wheel and the new repository's README."""

from __future__ import annotations

SCHEMA_DIR = ".styr/schemas"
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

GITIGNORE = """# Det som styr skriver ut hör inte hemma i målrepot: rapporterna (styr report --out public/),
# blanketter för utfall (styr export mall), kalenderfiler (styr årshjul --format ics) och styrs cache i CI
# (STYR_CACHE_DIR=.styr-cache, se docs/ci/).
public/
utfall-*.xlsx
utfall-*.csv
*.ics
.styr-cache/
"""

COLOUR_MODEL = (
    "färgmodell:",
    "  modell: standard",
    "  gul_marginal: 0.10",
    "  gul_vid_förbättring: false",
    "  poäng: {grön: 1, gul: 0.5, röd: 0}",
    "  gränser: {grön: 0.8, gul: 0.4}",
    "  andel_gul: 0.8",
)

INDICATOR_HINTS = (
    "    enhet: procent          # procent | antal | kronor | dagar | index | andel | ja/nej | fri text",
    "    riktning: öka           # öka | minska | intervall | uppnått",
    "    källa: TODO             # eller {kolada: N15613}",
    "    mätfrekvens: helår      # helår | halvår | tertial | kvartal | månad | läsår",
)

README = """# Mål och resultat för {kommun}

Det här är kommunens målrepo: vision, mål, indikatorer, utfall och aktiviteter som text, versionshanterad i Git.
Verktyget `styr` kontrollerar målkedjan och tar fram rapporterna.

## Struktur

- `styrmodell.yaml` – nivåer, perspektiv, mandatperiod, färgmodell och årshjul
- `vision.yaml` – visionen och dess målområden
- `{root}/styrkort.yaml` – kommunens styrkort; varje underordnad enhet har en egen mapp med
  `styrkort.yaml`, `mål/` och `aktiviteter/`

## Kom igång

Skapa en nämnd under kommunen, ett kommunmål som bidrar till visionens första målområde, en aktivitet för
målet och ett första utfall, och kontrollera sedan målrepot:

```
styr new enhet {root} --id BUN --namn "Barn- och utbildningsnämnden" --chef "Förnamn Efternamn"
styr new mål --enhet KF --titel "Alla barn och elever lyckas i skolan" --perspektiv Verksamhet --bidrar-till V1
styr new aktivitet --enhet KF --mål KF-M1 --titel "Gemensam plan för läsning" --ansvarig "Kommundirektör"
styr utfall KF-M1/I1 {year} 87
styr validate
```

`styr validate` visar vad som återstår att fylla i (målvärden, beslut …). `styr --help` listar alla kommandon.

Editorn (VS Code med tillägget YAML från Red Hat) hjälper till med nycklar och värden via scheman i
`{schemas}`.
"""
