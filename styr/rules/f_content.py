"""F07–F08: placeholders that must not be published, and colour settings that contradict themselves.

* F07: `styr init` and `styr new` leave `TODO …` where the user has to write something. Left in a file it is a
  warning (a goal just created is written step by step); in the assessment of a delår or bokslut, the text the
  report for that period publishes, it is an error, so it never reaches the report unnoticed.
* F08: a colour model (styrmodell.yaml, a styrkort's `färgmodell`, an indicator's `färgregel`) whose numbers
  contradict each other (grön from less than gul), settings the chosen model does not use, and a scale whose
  words or symbols cannot tell two states apart.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from styr.diagnostics import Diagnostic
from styr.diagnostics import Severity as S
from styr.fulfilment.selection import parse_key
from styr.model.types import ColourModel, ColourOverride, Goal, Indicator, Pos
from styr.model.vocab import COLOURS, ColourModelKind
from styr.rules.context import Context
from styr.rules.registry import check, rule
from styr.wording.numbers import number, share
from styr.wording.scale import scale_for

F07 = rule("F07", "platshallare", S.WARNING, "Platshållare som ska ersättas finns kvar.",
           """`styr init` och `styr new` skriver `TODO …` där något ska fyllas i. Texten ska ersättas innan den
           publiceras. En platshållare i bedömningen (analys, motivering) för ett delår eller bokslut är ett fel,
           eftersom rapporten för perioden publicerar den; annars är den en varning.""",
           "Ersätt platshållaren med den riktiga texten.")
F08 = rule("F08", "fargmodell-motsagelse", S.WARNING, "Färgmodellens inställningar motsäger varandra.",
           """Färgmodellens tal ska hänga ihop: grönt kräver minst lika mycket som gult (`gränser`, `grön_från`
           och `gul_från`), och en bättre färg ger minst lika många `poäng`. En indikators `färgregel` med
           `grön_från`, `gul_från` eller `andel_gul` ska ha modellen `andel_av_målvärdet`, som är den enda som
           använder dem. Skalans ord och symboler ska skilja tillstånden åt, annars går rapporten inte att
           läsa.""",
           "Rätta inställningen i färgmodellen eller skalan.")

_PLACEHOLDER = re.compile(r"\bTODO\b|ÅÅÅÅ")
_SHARE_KEYS = {"green_from": "grön_från", "share_yellow": "gul_från/andel_gul"}


def _has_placeholder(text: str) -> bool:
    # The substring tests first: they are far cheaper than the pattern, and almost every text has neither.
    return bool(text) and ("TODO" in text or "ÅÅÅÅ" in text) and _PLACEHOLDER.search(text) is not None


def has_placeholder(text: str) -> bool:
    """The text still holds a placeholder from `styr init`/`styr new` (TODO …)."""
    return _has_placeholder(text)


def _texts(g: Goal) -> Iterator[tuple[str, str, Goal | Indicator, str]]:
    """Each text of a goal and its indicators, with what it belongs to and its key (for its place, looked up
    only for a finding)."""
    for key, value in (("titel", g.title), ("beskrivning", g.description), ("ansvarig", g.responsible)):
        yield key, value, g, key
    for ind in g.indicators:
        for key, value in (("namn", ind.name), ("beskrivning", ind.description), ("källa", ind.source)):
            yield f"{ind.id} {key}", value, ind, key


@check(F07, per_document=True)
def placeholders(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for g in repo.goals:
        for where, text, owner, key in _texts(g):
            if _has_placeholder(text):
                yield _placeholder(f"'{where}' i målet {g.id}", g.path,
                                   owner.locs.get(key, (owner.loc.line, owner.loc.column)))
        for key, a in g.assessments.items():
            p = parse_key(key)
            for field, text in (("analys", a.analysis), ("motivering", a.motivation)):
                if _has_placeholder(text):
                    yield _placeholder(f"{field} i bedömningen {key} för {g.id}", g.path,
                                       a.locs.get(field, (a.loc.line, a.loc.column)),
                                       error=p is not None and p.is_reporting)
    yield from _other_placeholders(ctx)


def _other_placeholders(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for a in repo.activities:
        for key, text in (("titel", a.title), ("beskrivning", a.description), ("ansvarig", a.responsible)):
            if _has_placeholder(text):
                yield _placeholder(f"'{key}' i aktiviteten {a.id}", a.path, a.locs.get(key, (1, 1)))
    for u in repo.units:
        for key, text in (("namn", u.name), ("vision", u.vision_text)):
            if _has_placeholder(text):
                yield _placeholder(f"'{key}' i styrkortet {u.id}", u.path, u.locs.get(key, (1, 1)))
    yield from _vision_placeholders(ctx)


def _vision_placeholders(ctx: Context) -> Iterator[Diagnostic]:
    vision = ctx.repo.vision
    if vision is not None:
        for key, text in (("titel", vision.title), ("text", vision.text)):
            if _has_placeholder(text):
                yield _placeholder(f"'{key}' i visionen", vision.path, vision.locs.get(key, (1, 1)))
        for a in vision.areas:
            for key, text in (("namn", a.name), ("beskrivning", a.description)):
                if _has_placeholder(text):
                    yield _placeholder(f"'{key}' i målområdet {a.id} i visionen", vision.path,
                                       a.locs.get(key, (a.loc.line, a.loc.column)))


def _placeholder(where: str, path: str, pos: Pos, *, error: bool = False) -> Diagnostic:
    found = F07.diag(f"Platshållaren står kvar i {where}.", path, *pos)
    if not error:
        return found
    return replace(found, severity=S.ERROR, message=found.message + " Rapporten för perioden publicerar den.")


@check(F08, per_document=True)
def colour_settings(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    config = repo.config
    base = config.colour if config is not None else ColourModel()
    if config is not None:
        pos = config.locs.get("färgmodell", (1, 1))
        for message in _contradictions(base, config.colour_override):
            yield F08.diag(f"färgmodell i styrmodell.yaml: {message}.", config.path, *pos)
        yield from _scale(ctx)
    for u in repo.units:
        if u.colour_override:
            model = base.with_override(u.colour_override)
            for message in _contradictions(model, u.colour_override):
                yield F08.diag(f"färgmodell i styrkortet {u.id}: {message}.", u.path, *u.locs.get("färgmodell", (1, 1)))
    for g in repo.goals:
        for ind in g.indicators:
            if ind.colour_rule:
                model = base.with_override(ind.colour_rule)
                for message in _contradictions(model, ind.colour_rule, leaf=True):
                    yield F08.diag(f"färgregel i {g.id}/{ind.id}: {message}.", g.path,
                                   *ind.locs.get("färgregel", (ind.loc.line, ind.loc.column)))


def _contradictions(model: ColourModel, written: ColourOverride, *, leaf: bool = False) -> Iterable[str]:
    """What contradicts itself in a model; `leaf`: an indicator's färgregel, which no unit below can use."""
    keys = {name for name, _ in written}
    if "thresholds" in keys and model.thresholds[0] < model.thresholds[1]:
        green, yellow = model.thresholds
        yield f"gränser.grön ({number(green)}) är lägre än gränser.gul ({number(yellow)})"
    if "scores" in keys and not model.scores[0] >= model.scores[1] >= model.scores[2]:
        yield "poängen ska vara högst för grön och lägst för röd, annars ger en bättre färg sämre måluppfyllelse"
    if keys & {"green_from", "share_yellow"} and model.green_from < model.share_yellow:
        yield f"grön_från ({share(model.green_from)}) är lägre än gul_från ({share(model.share_yellow)})"
    if leaf and model.model != ColourModelKind.ANDEL_AV_MALVARDET:
        unused = sorted(_SHARE_KEYS[k] for k in keys & _SHARE_KEYS.keys())
        if unused:
            yield f"{' och '.join(unused)} gäller bara modellen andel_av_målvärdet, inte {model.model}"


def _scale(ctx: Context) -> Iterator[Diagnostic]:
    config = ctx.repo.config
    if config is None or not config.scale:
        return
    scale = scale_for(config)
    pos = config.locs.get("skala", (1, 1))
    for what, get in (("ord", scale.word), ("symbol", scale.symbol)):
        seen: dict[str, str] = {}
        for c in COLOURS:
            value = get(c)
            if value in seen:
                yield F08.diag(f"skala: {seen[value]} och {c.value} har samma {what} '{value}'.", config.path, *pos)
            seen.setdefault(value, c.value)
