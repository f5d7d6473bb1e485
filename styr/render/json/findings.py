"""`styr validate --format json`: one object per finding plus the run's counts, for scripts and other tools."""

from __future__ import annotations

import json
from typing import Any

from styr.diagnostics import Severity
from styr.render.common import Reporter
from styr.render.json import FORMAT_VERSION
from styr.rules.outcome import ValidationOutcome


class JsonReporter(Reporter):
    """`{"formatversion": 2, "fynd": [...], "omfattning": {...}, "sammanfattning": {...}}`; keys in a fixed order,
    UTF-8 text kept as is. Schema: `styr schema utdata validate`."""

    name = "json"

    def render(self, outcome: ValidationOutcome) -> str:
        findings = [
            {
                "kod": d.code,
                "allvar": d.severity.value,
                "meddelande": d.message,
                "fil": d.path,
                "rad": d.line,
                "kolumn": d.column,
                "tips": d.hint,
                "regel": rule.name if (rule := outcome.rules.get(d.code)) else None,
            }
            for d in outcome.diagnostics
        ]
        s, counts = outcome.summary, outcome.counts
        summary: dict[str, Any] = {
            "enheter": s.units,
            "mål": s.goals,
            "indikatorer": s.indicators,
            "aktiviteter": s.activities,
            "filer": s.files,
            "fel": counts[Severity.ERROR],
            "varningar": counts[Severity.WARNING],
            "info": counts[Severity.INFO],
            "strikt": outcome.strict,
            "misslyckades": outcome.failed,
        }
        document = {"formatversion": FORMAT_VERSION, "fynd": findings,
                    "omfattning": {"filer": list(outcome.only) or None}, "sammanfattning": summary}
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
