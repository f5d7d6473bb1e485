"""`styr log` and `styr diff` as plain text for the terminal."""

from __future__ import annotations

from styr.history.log import ItemLog, LogEntry
from styr.history.modeldiff import STATUSES, ModelDiff
from styr.render.audit import (
    CATEGORY_NAMES,
    STATUS_HEADINGS,
    item_heading,
    log_heading,
    log_subheading,
    ordered,
    summary,
)
from styr.wording.periods import moment
from styr.wording.terminal import visible

_SIGN = {"tillagd": "+", "borttagen": "−", "flyttad": "→", "ändrad": "~"}


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
    return f"{c.short}  {moment(c.date)}  {c.author}  [{e.event}]"
