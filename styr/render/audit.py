"""How the audit trail (`styr log`, `styr diff`) names items, statuses and changes, in every format."""

from __future__ import annotations

from styr.history.changes import ValueChange
from styr.history.log import ItemLog
from styr.history.modeldiff import CATEGORY_ORDER, KIND_ORDER, STATUSES, ItemDiff, ModelDiff

KIND_NAMES = {"mål": "Mål", "indikator": "Indikator", "aktivitet": "Aktivitet", "enhet": "Enhet",
              "avsnitt": "Avsnitt", "styrmodell": "Styrmodellen", "vision": "Visionen"}
# (singular, plural, neuter?) so that participles agree: "1 mål tillagt", "2 aktiviteter ändrade"
_NOUNS = {"mål": ("mål", "mål", True), "aktivitet": ("aktivitet", "aktiviteter", False),
          "enhet": ("enhet", "enheter", False), "avsnitt": ("avsnitt", "avsnitt", True),
          "styrmodell": ("styrmodell", "styrmodeller", False), "vision": ("vision", "visioner", False)}
_PARTICIPLES = {"tillagd": ("tillagt", "tillagd", "tillagda"), "borttagen": ("borttaget", "borttagen", "borttagna"),
                "flyttad": ("flyttat", "flyttad", "flyttade"), "ändrad": ("ändrat", "ändrad", "ändrade")}
STATUS_HEADINGS = {"tillagd": "Tillagt", "borttagen": "Borttaget", "flyttad": "Flyttat", "ändrad": "Ändrat"}
CATEGORY_NAMES = {"koppling": "koppling", "målvärde": "målvärde", "utfall": "utfall", "bedömning": "bedömning",
                  "definition": "definition", "beslut": "beslut", "uppföljning": "uppföljning"}


def counted(n: int, kind: str, status: str) -> str:
    """'1 mål tillagt', '3 aktiviteter ändrade', 'styrmodellen ändrad'."""
    if kind in ("styrmodell", "vision"):
        return f"{kind}en {status}"
    singular, plural, neuter = _NOUNS.get(kind, (kind, kind, True))
    forms = _PARTICIPLES[status]
    participle = forms[2] if n != 1 else forms[0] if neuter else forms[1]
    return f"{n} {singular if n == 1 else plural} {participle}"


def summary(diff: ModelDiff) -> str:
    counts = diff.counts()
    parts = [counted(counts[(k, s)], k, s) for s in STATUSES for k in KIND_ORDER if counts[(k, s)]]
    return ", ".join(parts) if parts else "Inga ändringar i styrmodellen."


def ordered(changes: tuple[ValueChange, ...]) -> list[ValueChange]:
    """Grouped by what they touch (koppling, målvärde, utfall, bedömning …), document order within a group."""
    return sorted(changes, key=lambda c: CATEGORY_ORDER.index(c.category))


def item_heading(item: ItemDiff) -> str:
    """`Mål BUN-M2 – Alla elever känner sig trygga`, `Avsnitt ekonomi.md`, `Styrmodellen`."""
    if item.kind in ("styrmodell", "vision"):
        return KIND_NAMES[item.kind]
    title = f" – {item.title}" if item.title else ""
    name = item.item_id if item.kind != "avsnitt" else item.item_id.rsplit("/", 1)[-1]
    return f"{KIND_NAMES.get(item.kind, item.kind)} {name}{title}"


def log_heading(log: ItemLog) -> str:
    title = f" – {log.title}" if log.title else ""
    return f"{KIND_NAMES.get(log.kind, log.kind)} {log.item_id}{title}"


def log_subheading(log: ItemLog) -> str:
    where = log.path if log.path else "finns inte längre"
    shown = f"{len(log.entries)} av {log.total}" if len(log.entries) < log.total else str(log.total)
    return f"{where} · {shown} {'commit' if log.total == 1 else 'commits'}, nyast först"
