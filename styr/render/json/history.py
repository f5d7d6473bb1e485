"""`styr log --format json` and `styr diff --format json`: the audit trail for scripts."""

from __future__ import annotations

import json
from typing import Any

from styr.history.log import ItemLog
from styr.history.modeldiff import ModelDiff
from styr.render.audit import ordered, summary


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
