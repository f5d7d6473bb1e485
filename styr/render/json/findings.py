"""The JSON format: one object per diagnostic plus the run's counts, for scripts and other tools."""

from __future__ import annotations

import json
from typing import Any

from styr.diagnostics import Severity
from styr.render.common import Reporter
from styr.rules.outcome import ValidationOutcome


class JsonReporter(Reporter):
    """`{"diagnostics": [...], "summary": {...}}`; keys in a fixed order, UTF-8 text kept as is."""

    name = "json"

    def render(self, outcome: ValidationOutcome) -> str:
        diagnostics = [
            {
                "code": d.code,
                "severity": d.severity.value,
                "message": d.message,
                "path": d.path,
                "line": d.line,
                "column": d.column,
                "hint": d.hint,
                "rule": rule.name if (rule := outcome.rules.get(d.code)) else None,
            }
            for d in outcome.diagnostics
        ]
        s, counts = outcome.summary, outcome.counts
        summary: dict[str, Any] = {
            "units": s.units,
            "goals": s.goals,
            "indicators": s.indicators,
            "activities": s.activities,
            "files": s.files,
            "errors": counts[Severity.ERROR],
            "warnings": counts[Severity.WARNING],
            "infos": counts[Severity.INFO],
            "strict": outcome.strict,
            "failed": outcome.failed,
        }
        return json.dumps({"diagnostics": diagnostics, "summary": summary}, ensure_ascii=False, indent=2) + "\n"
