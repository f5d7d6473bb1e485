"""`styr log` and `styr diff` as plain text for the terminal, and as JSON for scripts."""

from __future__ import annotations

import json
from typing import Any

from styr.history.changes import ValueChange
from styr.history.log import ItemLog, LogEntry
from styr.history.modeldiff import CATEGORY_ORDER, KIND_ORDER, STATUSES, ItemDiff, ModelDiff
from styr.wording.terminal import visible

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
_SIGN = {"tillagd": "+", "borttagen": "−", "flyttad": "→", "ändrad": "~"}


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


# --- diff -------------------------------------------------------------------------------------------------------


def render_diff_text(diff: ModelDiff) -> str:
    lines = [f"Ändringar i styrmodellen: {diff.old_label} → {diff.new_label}", summary(diff)]
    for status in STATUSES:
        items = [i for i in diff.items if i.status == status]
        if not items:
            continue
        lines += ["", STATUS_HEADINGS[status]]
        for item in items:
            where = f" ({item.unit_name})" if item.unit_name else ""
            lines.append(f"  {_SIGN[status]} {item_heading(item)}{where}")
            if status == "flyttad":
                lines.append(f"      från {item.old_unit_name} ({item.old_path}) "
                             f"till {item.unit_name} ({item.new_path})")
            if item.note:
                lines.append(f"      {item.note}")
            width = max((len(CATEGORY_NAMES[c.category]) for c in item.changes), default=0)
            for c in ordered(item.changes):
                lines.append(f"      {CATEGORY_NAMES[c.category]:<{width}}  {c.text()}")
    for note in diff.notes:
        lines += ["", f"Obs: {note}"]
    return "\n".join(visible(line) for line in lines) + "\n"  # ESC or a line break in a title stays text


def diff_json(diff: ModelDiff) -> str:
    data: dict[str, Any] = {
        "from": diff.old_label, "to": diff.new_label, "from_commit": diff.old_rev, "to_commit": diff.new_rev,
        "summary": summary(diff),
        "items": [{"kind": i.kind, "id": i.item_id, "title": i.title, "status": i.status, "unit": i.unit,
                   "unit_name": i.unit_name, "old_path": i.old_path, "new_path": i.new_path,
                   "old_unit_name": i.old_unit_name or None, "note": i.note or None,
                   "changes": [c.as_dict() for c in ordered(i.changes)]} for i in diff.items],
        "notes": list(diff.notes),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --- log --------------------------------------------------------------------------------------------------------


def log_heading(log: ItemLog) -> str:
    title = f" – {log.title}" if log.title else ""
    return f"{KIND_NAMES.get(log.kind, log.kind)} {log.item_id}{title}"


def log_subheading(log: ItemLog) -> str:
    where = log.path if log.path else "finns inte längre"
    shown = f"{len(log.entries)} av {log.total}" if len(log.entries) < log.total else str(log.total)
    return f"{where} · {shown} {'commit' if log.total == 1 else 'commits'}, nyast först"


def render_log_text(log: ItemLog) -> str:
    lines = [log_heading(log), log_subheading(log)]
    for e in log.entries:
        lines += ["", _entry_head(e), f"    {e.commit.subject}"]
        lines += [f"    · {line}" for line in e.lines]
    for note in log.notes:
        lines += ["", f"Obs: {note}"]
    return "\n".join(visible(line) for line in lines) + "\n"  # a commit message is the repository's text too


def _entry_head(e: LogEntry) -> str:
    c = e.commit
    return f"{c.short}  {c.date.strftime('%Y-%m-%d %H:%M')}  {c.author}  [{e.event}]"


def log_json(log: ItemLog) -> str:
    data: dict[str, Any] = {
        "id": log.item_id, "kind": log.kind, "title": log.title, "path": log.path, "total": log.total,
        "entries": [{"commit": e.commit.sha, "short": e.commit.short, "author": e.commit.author,
                     "email": e.commit.email, "date": e.commit.date.isoformat(), "message": e.commit.message,
                     "event": e.event, "path": e.path, "old_path": e.old_path, "lines": list(e.lines),
                     "changes": [c.as_dict() for c in e.changes]} for e in log.entries],
        "notes": list(log.notes),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
