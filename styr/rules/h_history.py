"""H: rules that need the Git history — closed periods (U06), goals changed after adoption (H01)."""

from styr.diagnostics import Severity as S
from styr.rules.registry import rule

U06 = rule("U06", "stangd-period-andrad", S.ERROR, "Utfall eller bedömning i stängd period ändrad.",
           """När ett organ har antagit bokslutet eller delårsbokslutet för en period är periodens utfall och
           bedömningar ett beslutat underlag: de ska inte ändras i efterhand. En period är stängd när ett
           beslut om dess bokslut (helår, läsår) eller delår (H1, HT) är registrerat med `styr adopt --period`,
           eller när den står under `stängda_perioder` i styrmodell.yaml. Ett beslut av ett organ stänger
           perioden för de enheter som hör till organet (ett organ som ingen enhet anger stänger den för hela
           repot).

           `styr validate --base REV` (det som CI kör för en merge request, med `--base origin/main`) jämför
           varje utfall och bedömning i en stängd period med hur de såg ut i REV. Att ändra eller ta bort ett
           sådant värde är fel. Att lägga till ett utfall som saknades är tillåtet, eftersom statistik (t.ex.
           från Kolada) ofta kommer efter bokslutet. Att ta bort ett helt mål räknas inte här; det syns i
           `styr diff`.""",
           "Återställ värdet. En rättelse efter beslutet redovisas i nästa uppföljning eller beslutas på nytt.")

H01 = rule("H01", "mal-andrat-efter-beslut", S.WARNING, "Målets definition ändrad efter senaste beslut.",
           """Mål på nivåer som kräver beslut antas av ett organ (kommunfullmäktige, nämnden). Ändras målets
           definition — titel, beskrivning, perspektiv, koppling, tid eller indikatorer med målvärden — efter
           organets senaste beslut (`styr adopt`, taggen `beslut/<ORGAN>/<datum>`), gäller inte längre det som
           beslutades. Utfall, bedömningar, ansvarig och själva `beslut:` räknas inte som definition.

           Varningen försvinner när organet har fattat ett nyare beslut (en nyare tagg), eller när målets
           `beslut: datum` är senare än taggen.""",
           "Låt organet anta målet på nytt och registrera beslutet med 'styr adopt', eller ändra tillbaka.")

H02 = rule("H02", "historik-saknas", S.WARNING, "Git-historiken kunde inte läsas.",
           """Kontrollerna som jämför med Git-historiken (stängda perioder, ändringar efter beslut) kunde inte
           göras: mappen ligger inte i ett Git-repo, repot saknar commits, basrevisionen finns inte, eller
           klonen är för grund för att innehålla den. Övrig validering har gjorts som vanligt.""",
           "Kontrollera att mappen ligger i ett Git-repo och att revisionen finns. I GitLab CI: sätt GIT_DEPTH: 0 "
           "eller hämta basgrenen med 'git fetch'.")
