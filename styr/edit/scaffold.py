"""New files from templates (`styr new`, `styr init`): every user value through the scalar writer, and every
finished file read back before it is written, so a template never produces YAML that styr then refuses."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from styr.edit import scalars, templates
from styr.edit.scalars import EditError
from styr.frozen import frozen
from styr.load.yamlio import parse_yaml

_LINE_BREAKS = re.compile("[\r\n\x85\u2028\u2029]")


@dataclass
class Document:
    """A new YAML file built line by line, with the values it must read back as."""

    lines: list[str] = field(default_factory=list)
    expect: list[tuple[tuple[str | int, ...], Any]] = field(default_factory=list)

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def comment(self, text: str, indent: int = 0) -> None:
        """A comment line; a value inside it can never break out of the comment."""
        self.lines.append(" " * indent + "# " + _LINE_BREAKS.sub(" ", text))

    def value(self, path: tuple[str | int, ...], value: str, *, flow: bool = False) -> str:
        """`value` written as a scalar (inside { } or [ ] when `flow`), expected to read back at `path`."""
        self.expect.append((path, value))
        return scalars.text(value, flow=flow)

    def text(self) -> str:
        """The file's text, after proving that it loads and that every value reads back."""
        body = "\n".join(self.lines) + "\n"
        parsed = parse_yaml(body.encode("utf-8"))
        if parsed.doc is None or parsed.problems:
            raise EditError("mallen gav en fil som inte kan läsas; det är ett fel i styr.")
        for path, wanted in self.expect:
            got: Any = parsed.doc
            for step in path:
                if isinstance(got, dict) and isinstance(step, str):
                    got = got.get(step)
                elif isinstance(got, list) and isinstance(step, int) and step < len(got):
                    got = got[step]
                else:
                    got = None
            if got != wanted:
                raise EditError(f"värdet '{wanted}' kan inte skrivas så att det läses tillbaka oförändrat.")
        return body


def slug(name: str) -> str:
    """An ASCII folder name from a Swedish name: 'Barn- och utbildningsnämnden' → 'barn-och-utbildningsnamnden'."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    ascii_only = "".join(c for c in folded if not unicodedata.combining(c)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")


def unit_file(unit_id: str, name: str, level_id: str, level_name: str, chef: str | None,
              git: str | None = None) -> str:
    doc = Document()
    doc.comment(f"Styrkort för {name} ({level_name}).")
    doc.add(f"id: {doc.value(('id',), unit_id)}", f"namn: {doc.value(('namn',), name)}",
            f"nivå: {doc.value(('nivå',), level_id)}")
    if chef and git:
        doc.add(f"chef: {{namn: {doc.value(('chef', 'namn'), chef, flow=True)}, roll: Chef, "
                f"git: {doc.value(('chef', 'git'), git, flow=True)}}}")
    elif chef:
        doc.add(f"chef: {{namn: {doc.value(('chef', 'namn'), chef, flow=True)}, roll: Chef}}"
                '  # TODO: lägg till git: "@namn"')
    else:
        doc.comment('TODO: chef: {namn: Förnamn Efternamn, roll: Chef, git: "@användarnamn"}')
    doc.comment('samordnare: {namn: Förnamn Efternamn, roll: Styrkortsamordnare, git: "@användarnamn"}')
    return doc.text()


@frozen
class GoalDraft:
    """What `styr new mål` knows about the new goal."""

    goal_id: str
    title: str
    perspective: str
    parents: tuple[str, ...]
    responsible: str | None
    start: date | None
    end: date | None
    decision_organ: str | None
    """The organ that adopts goals at the unit's level, when its level requires a decision."""


def goal_file(goal: GoalDraft) -> str:
    doc = Document()
    doc.add(f"id: {doc.value(('id',), goal.goal_id)}", f"titel: {doc.value(('titel',), goal.title)}",
            "beskrivning: >-",
            "  TODO: Beskriv vad som ska vara uppnått när målet är nått, för vem, och hur det mäts (S01).",
            f"perspektiv: {doc.value(('perspektiv',), goal.perspective)}")
    if goal.parents:
        refs = [doc.value(("bidrar_till", i), p, flow=True) for i, p in enumerate(goal.parents)]
        doc.add(f"bidrar_till: [{', '.join(refs)}]")
    else:
        doc.comment("TODO: bidrar_till: [ID]   # målet en nivå upp som det här målet bidrar till (K05)")
    if goal.responsible:
        doc.add(f"ansvarig: {doc.value(('ansvarig',), goal.responsible)}")
    else:
        doc.comment("TODO: ansvarig: Roll eller namn")
    if goal.start and goal.end:
        doc.add(f"start: {goal.start.isoformat()}", f"slut: {goal.end.isoformat()}")
    if goal.decision_organ is not None:
        doc.comment(f"TODO när målet är antaget (S05): beslut: {{organ: {goal.decision_organ}, datum: ÅÅÅÅ-MM-DD, "
                    'paragraf: "§ 1"}')
    years = list(range(goal.start.year, goal.end.year + 1)) if goal.start and goal.end else []
    targets = ", ".join(f"{y}: …" for y in years)
    doc.add("indikatorer:", "  - id: I1", "    namn: TODO Vad mäts?", *templates.INDICATOR_HINTS)
    doc.comment(f"TODO: baslinje: {{period: {years[0] - 1 if years else 'ÅÅÅÅ'}, värde: …}}", 4)
    doc.comment(f"TODO: målvärde: {{{targets or 'ÅÅÅÅ: …'}}}   # ett målvärde per år (S04)", 4)
    doc.comment(f"Utfall skrivs med: styr utfall {goal.goal_id}/I1 PERIOD VÄRDE", 4)
    return doc.text()


def activity_file(activity_id: str, title: str, goals: tuple[str, ...], responsible: str | None,
                  start: date | None = None, end: date | None = None) -> str:
    doc = Document()
    doc.add(f"id: {doc.value(('id',), activity_id)}", f"titel: {doc.value(('titel',), title)}")
    doc.comment("beskrivning: Vad görs, och hur bidrar det till målet?")
    refs = [doc.value(("mål", i), g, flow=True) for i, g in enumerate(goals)]
    doc.add(f"mål: [{', '.join(refs)}]")
    if responsible:
        doc.add(f"ansvarig: {doc.value(('ansvarig',), responsible)}")
    else:
        doc.comment("TODO: ansvarig: Roll eller namn (A01)")
    if start and end:
        doc.add(f"start: {start.isoformat()}", f"slut: {end.isoformat()}")
    else:
        doc.comment("TODO: start: ÅÅÅÅ-MM-DD (A01)")
        doc.comment("TODO: slut: ÅÅÅÅ-MM-DD (A01)")
    doc.add("status: planerad            # planerad | pågår | genomförd | försenad | avbruten")
    return doc.text()


def styrmodell_file(kommun: str, level_ids: list[str], start: int, end: int) -> str:
    doc = Document()
    doc.comment(f"Styrmodell för {kommun}. Formatet beskrivs i styrs dokumentation (docs/format.md).")
    doc.add(f"kommun: {doc.value(('kommun',), kommun)}", "")
    doc.comment("Organisationens nivåer uppifrån och ned. En enhets nivå är dess mappdjup under kommun/.")
    doc.add("nivåer:")
    for index, level in enumerate(level_ids):
        title = level[:1].upper() + level[1:]
        doc.add(f"  - id: {doc.value(('nivåer', index, 'id'), level)}",
                f"    namn: {doc.value(('nivåer', index, 'namn'), title)}",
                f"    beslut_krävs: {'true' if index < 2 else 'false'}")
        if index == 0:
            doc.add("    beslutsorgan: KF")
    doc.add("")
    doc.comment("Perspektiven som varje mål hör till.")
    doc.add("perspektiv:")
    for index, (name, text) in enumerate(templates.PERSPECTIVES):
        doc.add(f"  - namn: {doc.value(('perspektiv', index, 'namn'), name)}",
                f"    beskrivning: {doc.value(('perspektiv', index, 'beskrivning'), text)}")
    doc.add("", "mandatperiod:", f"  start: {start}-01-01", f"  slut: {end}-12-31", "")
    doc.comment("Hur ofta mål och aktiviteter följs upp: kvartal, tertial eller månad.")
    doc.add("uppföljning: kvartal", "")
    doc.comment("Hur utfall blir färger. Värdena nedan är styrs standard; ändra dem om kommunen beslutat annat.")
    doc.add(*templates.COLOUR_MODEL, "")
    doc.comment("Årshjulet: planering och uppföljning månad för månad.")
    doc.add("årshjul:")
    for index, (title, text) in enumerate(templates.WHEEL):
        doc.add(f"  - månad: {index + 1}", f"    titel: {doc.value(('årshjul', index, 'titel'), title)}",
                f"    beskrivning: {doc.value(('årshjul', index, 'beskrivning'), text)}")
    doc.add("")
    doc.comment("Ändra en regels allvarlighetsgrad: kod: error, warning, info eller av. Se 'styr explain'.")
    doc.add("regler: {}")
    return doc.text()


def vision_file(kommun: str) -> str:
    doc = Document()
    doc.comment(f"Visionen för {kommun}: roten i målkedjan. Kommunmålen bidrar till målområdena nedan.")
    doc.comment("TODO: Ersätt texten med den vision som fullmäktige har antagit.")
    doc.add(f"titel: {doc.value(('titel',), 'Vision för ' + kommun)}", "text: |",
            "  TODO: Beskriv i några stycken hur kommunen ska vara för invånare, företag och medarbetare",
            "  när visionen är uppnådd. Texten får innehålla Markdown.")
    doc.comment("Valfritt: kommunens ledord, t.ex. [Service, Engagemang, Bemötande].")
    doc.add("ledord: []")
    doc.comment("Ett målområde per huvudinriktning i visionen: V1, V2, V3 … Kommunmål anger dem i bidrar_till.")
    doc.add("målområden:", "  - id: V1", "    namn: TODO Målområdets namn", "    beskrivning: >-",
            "      TODO: Beskriv vad kommunen vill uppnå inom målområdet.")
    return doc.text()


def root_unit_file(kommun: str, level: str, chef: str | None, git: str | None) -> str:
    doc = Document()
    doc.comment("Rotenhetens styrkort. Nämnderna får egna mappar här: styr new enhet kommun --id BUN --namn …")
    doc.add("id: KF", f"namn: {doc.value(('namn',), kommun)}", f"nivå: {doc.value(('nivå',), level)}", "organ: KF")
    if chef:
        handle = f", git: {doc.value(('chef', 'git'), git, flow=True)}" if git else ""
        doc.add(f"chef: {{namn: {doc.value(('chef', 'namn'), chef, flow=True)}, roll: Kommundirektör{handle}}}")
    else:
        doc.comment('TODO: chef: {namn: Förnamn Efternamn, roll: Kommundirektör, git: "@användarnamn"}')
    doc.comment('samordnare: {namn: Förnamn Efternamn, roll: Styrkortsamordnare, git: "@användarnamn"}')
    return doc.text()


def readme_text(kommun: str, year: int) -> str:
    """The new repository's README; its example commands run as written in the new repository (`year`: an
    outcome year inside the mandate period)."""
    return templates.README.format(kommun=kommun, root=templates.ROOT_FOLDER, schemas=templates.SCHEMA_DIR,
                                   year=year)
