"""The GitLab Code Quality format: a JSON array of Code Climate issues for `artifacts:reports:codequality`."""

from __future__ import annotations

import json
from typing import Any

from styr.diagnostics import Severity
from styr.render.common import Reporter, display_path, fingerprints
from styr.rules.outcome import ValidationOutcome

# GitLab's scale is info < minor < major < critical < blocker; errors rank above warnings in the widget.
SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}
# Code Climate categories: broken data is a risk to the reports built on it, the rest is about quality.
CATEGORY = {Severity.ERROR: "Bug Risk", Severity.WARNING: "Clarity", Severity.INFO: "Clarity"}


class GitlabReporter(Reporter):
    """Findings for GitLab's merge request widget. Fingerprints survive unrelated line moves."""

    name = "gitlab"

    def render(self, outcome: ValidationOutcome) -> str:
        issues: list[dict[str, Any]] = []
        for d, fingerprint in fingerprints(outcome):
            issue: dict[str, Any] = {
                "type": "issue",
                "check_name": d.code,
                "description": f"{d.code}: {d.message}",
                "categories": [CATEGORY[d.severity]],
                "severity": SEVERITY[d.severity],
                "fingerprint": fingerprint,
                "location": {"path": display_path(d.path, outcome.git_prefix), "lines": {"begin": max(d.line, 1)}},
            }
            if d.hint:
                issue["content"] = {"body": f"Tips: {d.hint}"}
            issues.append(issue)
        return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
