"""Y: loading rules. The reader (styr.load) finds their problems and names each by kind; each rule here says
which kinds it reports (`reports=`), so every loading diagnostic carries its rule's code and severity."""

from styr.diagnostics import Severity as S
from styr.load.problems import ProblemKind as P
from styr.rules.registry import rule

Y01 = rule("Y01", "yaml-syntax", S.ERROR, "Filen är inte giltig YAML.",
           """Filen kunde inte läsas som YAML: indraget, ett kolon eller ett citattecken stämmer inte.
           Meddelandet pekar ut raden och kolumnen där läsningen stannade; felet sitter ofta raden före.""",
           "Kontrollera indrag och kolon på raden och raden före.", reports=(P.SYNTAX, P.READ_FAILED))
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
