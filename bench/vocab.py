"""Invented, Swedish-looking words and phrases that bench/generate.py combines at random so texts vary."""

from __future__ import annotations

SECTION_TITLES = {
    "omvärldsanalys.md": "Trend- och omvärldsanalys",
    "nulägesanalys.md": "Nulägesanalys",
    "ekonomi.md": "Ekonomi och investeringar",
    "förbättringsområden.md": "Prioriterade förbättringsområden",
}

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
