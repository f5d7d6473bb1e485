"""`styr log --format json` and `styr diff --format json`: the audit trail for scripts.

Schemas: `styr schema utdata log` and `styr schema utdata diff`."""

from __future__ import annotations

import json
from typing import Any

from styr.history.changes import ValueChange
from styr.history.log import ItemLog
from styr.history.modeldiff import ModelDiff
from styr.render.audit import ordered, summary
from styr.render.json import FORMAT_VERSION


def change_json(change: ValueChange) -> dict[str, Any]:
    """One changed value: where (`sökväg`), in words, and the values before and after (absent when added or
    removed)."""
    plain = change.as_dict()
    out: dict[str, Any] = {"sökväg": plain["path"], "etikett": plain["label"], "slag": plain["kind"],
                           "kategori": plain["category"], "text": plain["text"]}
    if "old" in plain:
        out["gammalt"] = plain["old"]
    if "new" in plain:
        out["nytt"] = plain["new"]
    return out


def diff_json(diff: ModelDiff) -> str:
    data: dict[str, Any] = {
        "formatversion": FORMAT_VERSION,
        "från": diff.old_label, "till": diff.new_label, "från_commit": diff.old_rev, "till_commit": diff.new_rev,
        "sammanfattning": summary(diff),
        "poster": [{"slag": i.kind, "id": i.item_id, "titel": i.title, "status": i.status, "enhet": i.unit,
                    "enhetsnamn": i.unit_name, "gammal_fil": i.old_path, "ny_fil": i.new_path,
                    "gammalt_enhetsnamn": i.old_unit_name or None, "not": i.note or None,
                    "ändringar": [change_json(c) for c in ordered(i.changes)]} for i in diff.items],
        "noter": list(diff.notes),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def log_json(log: ItemLog) -> str:
    data: dict[str, Any] = {
        "formatversion": FORMAT_VERSION,
        "id": log.item_id, "slag": log.kind, "titel": log.title, "fil": log.path, "totalt": log.total,
        "poster": [{"commit": e.commit.sha, "kort": e.commit.short, "författare": e.commit.author,
                    "epost": e.commit.email, "datum": e.commit.date.isoformat(), "meddelande": e.commit.message,
                    "händelse": e.event, "fil": e.path, "gammal_fil": e.old_path, "rader": list(e.lines),
                    "ändringar": [change_json(c) for c in e.changes]} for e in log.entries],
        "noter": list(log.notes),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
