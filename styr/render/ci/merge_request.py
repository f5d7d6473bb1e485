"""`styr diff --format md` (written to be posted as a merge-request comment) and `styr log --format md`."""

from __future__ import annotations

from styr.history.log import ItemLog
from styr.history.modeldiff import STATUSES, ItemDiff, ModelDiff
from styr.render.audit import (
    CATEGORY_NAMES,
    STATUS_HEADINGS,
    item_heading,
    log_heading,
    log_subheading,
    ordered,
    summary,
)
from styr.wording.escape import markdown_text as cell  # a table cell or a line: one escaping for both
from styr.wording.periods import day

_COLLAPSE_AFTER = 25
"""More changed items than this: each unit's section folds into <details>, so the comment stays readable."""


def code(text: str) -> str:
    return "`" + text.replace("`", "'") + "`"


def render_diff_md(diff: ModelDiff) -> str:
    out = ["### Ändringar i styrmodellen", "",
           f"{code(diff.old_label)} → {code(diff.new_label)}: {cell(summary(diff))}"]
    if not diff.items:
        out += ["", "Inga mål, indikatorer, aktiviteter eller enheter har ändrats."]
    for status in STATUSES:
        items = [i for i in diff.items if i.status == status]
        if not items:
            continue
        out += ["", f"#### {STATUS_HEADINGS[status]} ({len(items)})", ""]
        if status != "ändrad":
            out += _list(items)
            continue
        collapse = len(items) > _COLLAPSE_AFTER
        for unit in dict.fromkeys(i.unit_name for i in items):
            mine = [i for i in items if i.unit_name == unit]
            if collapse:
                out += [f"<details><summary>{cell(unit) or 'Styrmodell och vision'} ({len(mine)})</summary>", ""]
            else:
                out += [f"**{cell(unit) or 'Styrmodell och vision'}**", ""]
            for item in mine:
                out += _changed(item)
            if collapse:
                out += ["</details>", ""]
    for note in diff.notes:
        out += ["", f"> Obs: {cell(note)}"]
    return "\n".join(out).rstrip("\n") + "\n"


def _list(items: list[ItemDiff]) -> list[str]:
    out: list[str] = []
    for item in items:
        line = f"- {cell(item_heading(item))}" + (f" — {cell(item.unit_name)}" if item.unit_name else "")
        if item.status == "flyttad":
            line += f" (från {cell(item.old_unit_name)}, {code(item.old_path or '')} → {code(item.new_path or '')})"
        else:
            line += f" ({code(item.new_path or item.old_path or '')})"
        out.append(line)
        out += [f"  - {cell(c.text())}" for c in ordered(item.changes)]
        if item.note:
            out.append(f"  - {cell(item.note)}")
    return out


def _changed(item: ItemDiff) -> list[str]:
    out = [f"{cell(item_heading(item))} ({code(item.new_path or '')})", ""]
    if item.note:
        out += [f"*{cell(item.note)}*", ""]
    if item.changes:
        out += ["| Del | Ändring |", "| --- | --- |"]
        out += [f"| {CATEGORY_NAMES[c.category]} | {cell(c.text())} |" for c in ordered(item.changes)]
        out.append("")
    return out


def render_log_md(log: ItemLog) -> str:
    out = [f"### {cell(log_heading(log))}", "", cell(log_subheading(log)), ""]
    out += ["| Commit | Datum | Författare | Meddelande | Ändringar |", "| --- | --- | --- | --- | --- |"]
    for e in log.entries:
        changes = "<br>".join(cell(line) for line in e.lines)
        out.append(f"| {code(e.commit.short)} | {day(e.commit.date.date())} | {cell(e.commit.author)} | "
                   f"{cell(e.commit.subject)} | {changes} |")
    for note in log.notes:
        out += ["", f"> Obs: {cell(note)}"]
    return "\n".join(out) + "\n"
