"""Y: loading rules. The reader (styr.load) finds their problems and names each by kind; each rule here says
which kinds it reports (`reports=`), so every loading diagnostic carries its rule's code and severity."""

from styr.diagnostics import Severity as S
from styr.load.problems import ProblemKind as P
from styr.rules.registry import rule

Y01 = rule("Y01", "yaml-syntax", S.ERROR, "Filen är inte giltig YAML.",
           """Filen kunde inte läsas som YAML: indraget, ett kolon eller ett citattecken stämmer inte.
           Meddelandet pekar ut raden och kolumnen där läsningen stannade; felet sitter ofta raden före.""",
           "Kontrollera indrag och kolon på raden och raden före.", reports=(P.SYNTAX,))
Y02 = rule("Y02", "dubblettnyckel", S.ERROR, "Samma nyckel förekommer två gånger.",
           """En nyckel står två gånger i samma mappning, till exempel två `utfall:` under samma indikator.
           Vanlig YAML-läsning behåller tyst den sista och tappar den första; styr vägrar i stället,
           så att inga utfall eller målvärden försvinner utan att någon märker det.""",
           "Slå ihop värdena under en av nycklarna.", reports=(P.DUPLICATE_KEY,))
Y03 = rule("Y03", "ankare-alias", S.ERROR, "Ankare och alias används inte.",
           """YAML-ankare (`&namn`) och alias (`*namn`) gör att ett värde återanvänds på flera ställen.
           Det gör filerna svåra att granska i en sammanslagningsbegäran och kan användas för att
           spränga minnet (en så kallad aliasbomb). styr avbryter läsningen av filen vid första alias.""",
           "Skriv ut värdet där det behövs.", reports=(P.ALIAS,))
Y04 = rule("Y04", "inte-utf8", S.ERROR, "Filen är inte UTF-8.",
           """Alla filer i målrepot ska vara sparade som UTF-8, så att å, ä och ö blir rätt överallt.""",
           "Spara filen som UTF-8 i din editor.", reports=(P.NOT_UTF8,))
Y05 = rule("Y05", "inte-mappning", S.ERROR, "Filens rot är inte en mappning.",
           """En målfil börjar med nycklar (`id:`, `titel:` …). En fil som bara är en lista eller ett
           enskilt värde kan inte tolkas.""",
           "Börja filen med 'id: ...'.", reports=(P.NOT_MAPPING,))
Y06 = rule("Y06", "for-stor-fil", S.ERROR, "Filen är för stor.",
           """En fil får vara högst 1 MiB. Målfiler är små; en mycket stor fil är nästan alltid ett misstag
           (till exempel en inklistrad export) och skulle göra valideringen långsam.""",
           "Dela upp innehållet i flera filer.", reports=(P.TOO_LARGE,))
Y07 = rule("Y07", "tom-fil", S.ERROR, "Filen är tom.",
           """Filen innehåller ingenting. En tom målfil eller aktivitetsfil är troligen en rest.""",
           "Fyll i filen eller ta bort den.", reports=(P.EMPTY,))
Y08 = rule("Y08", "symbolisk-länk", S.ERROR, "En symbolisk länk läses inte.",
           """En symbolisk länk i målrepot följs bara när den leder till en fil eller mapp i målrepot. En länk
           som leder utanför (till exempel till en systemfil eller till en fil i ett annat repo) läses inte, så
           att inget utanför målrepot kan hamna i ett felmeddelande eller i en publicerad rapport. Detsamma
           gäller en länk som pekar på något som inte finns, och varje länk när målrepot läses ur Git-historiken
           (`--rev`, `--base`): där är en länk bara en länk, inte en fil. Meddelandet visar länkens namn men
           aldrig innehållet.""",
           "Lägg filen i målrepot i stället för att länka till den, eller ta bort länken.", reports=(P.LINK,))
Y09 = rule("Y09", "länkslinga", S.ERROR, "En länk leder i en slinga.",
           """En symbolisk länk leder till en mapp som redan läses, till exempel mappen själv eller en mapp
           ovanför den. styr läser varje mapp en gång; mappen nås under sitt eget namn och länken läses inte.""",
           "Ta bort länken, eller låt den peka på en mapp som inte redan ingår i målrepot.", reports=(P.LINK_LOOP,))
Y10 = rule("Y10", "specialfil", S.ERROR, "En specialfil läses inte.",
           """Ett målrepo innehåller vanliga filer och mappar. En namngiven rörledning (FIFO), en enhetsfil eller
           ett uttag (socket) läses aldrig: att läsa den kan få styr att vänta för evigt eller läsa något helt
           annat än en fil.""",
           "Ta bort den: ett målrepo innehåller bara vanliga filer och mappar.", reports=(P.SPECIAL_FILE,))
Y11 = rule("Y11", "oläsbar", S.ERROR, "En mapp eller fil kunde inte läsas.",
           """styr fick inte läsa en mapp eller en fil, oftast på grund av behörigheterna. Enheter, mål och
           aktiviteter i en mapp som inte kan läsas skulle annars tyst saknas i kontrollen, så det är ett fel.""",
           "Kontrollera behörigheterna, t.ex. med 'ls -l', så att styr får läsa den.", reports=(P.READ_FAILED,))
Y12 = rule("Y12", "for-lang-text", S.WARNING, "Texten är för lång för en rapport.",
           """En analys eller ett avsnitt i verksamhetsplanen är längre än 100 000 tecken. Att göra om Markdown
           till en rapportsida kräver några hundra byte minne per tecken, och en inklistrad tabell på en megabyte
           fick en rapport att använda 800 MB. Rapporten visar därför en anteckning i stället för texten, och
           styr validate säger var den står.""",
           "Korta texten eller dela upp den, och lägg långa bilagor (till exempel tabeller) någon annanstans.",
           reports=(P.LONG_TEXT,))
Y13 = rule("Y13", "yaml-tagg", S.ERROR, "YAML-taggar används inte.",
           """En tagg (`!!python/object …`, `!!binary`, `!namn`) säger åt ett program hur ett värde ska tolkas,
           och vissa YAML-bibliotek skapar objekt eller kör kod utifrån den. styr bryr sig aldrig om taggar:
           värdet läses som om taggen inte fanns. Men en målfil läses också av andra verktyg, och en tagg gör
           filen svår att granska, så den är ett fel. Meddelandet visar taggens början.""",
           "Ta bort taggen (ordet som börjar med !) och skriv bara värdet.", reports=(P.TAG,))
Y14 = rule("Y14", "styrtecken", S.WARNING, "En text innehåller ett tecken som inte kan visas.",
           """En text med dubbla citattecken kan skriva vilket tecken som helst med en \\-sekvens, också styrtecken
           (`"\\a"`, `"\\e[2J"`, `"\\x85"`) och tecken som Unicode inte använder (`"\\uFFFE"`). Ingen rapport,
           terminal eller kalkylblad kan visa dem: en webbsida med dem är inte giltig HTML, ett kalkylblad går inte
           att spara och en terminal lyder dem (tömmer skärmen, byter fönstertitel). styr läser varje sådant tecken
           som \ufffd, så att inget av det når en utdata, och säger var det står. Detsamma gäller en Markdown-fil
           med sådana tecken. Radbrytningar och tabbar (`"\\n"`, `"\\t"`) är vanlig text.""",
           "Ta bort \\-sekvensen ur texten.", reports=(P.CONTROL,))
