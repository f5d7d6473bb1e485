"""The SARIF 2.1.0 format, for GitHub code scanning and other static-analysis viewers."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from styr import HOMEPAGE, __version__
from styr.diagnostics import Severity
from styr.render.common import Reporter, display_path, fingerprints
from styr.rules.outcome import ValidationOutcome

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
FINGERPRINT_KEY = "styrFinding/v1"
# runs[].automationDetails.id: "category/" (no run instance), so code scanning and Azure DevOps keep one
# series of results for `styr validate`, separate from other tools' uploads.
AUTOMATION_ID = "styr/validate/"


class SarifReporter(Reporter):
    """One run of the `styr` driver with every known rule and one result per finding."""

    name = "sarif"

    def render(self, outcome: ValidationOutcome) -> str:
        rules = sorted(outcome.rules.values(), key=lambda r: r.code)
        index = {r.code: i for i, r in enumerate(rules)}
        descriptors: list[dict[str, Any]] = []
        for r in rules:
            descriptor: dict[str, Any] = {
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": r.summary or r.code},
                "defaultConfiguration": {"level": LEVEL[r.severity]},
            }
            if r.explanation:
                descriptor["fullDescription"] = {"text": r.explanation}
            if r.hint:
                descriptor["help"] = {"text": r.hint}
            descriptors.append(descriptor)
        results: list[dict[str, Any]] = []
        for d, fingerprint in fingerprints(outcome):
            result: dict[str, Any] = {"ruleId": d.code}
            if d.code in index:
                result["ruleIndex"] = index[d.code]
            result |= {
                "level": LEVEL[d.severity],
                "message": {"text": f"{d.message}\nTips: {d.hint}" if d.hint else d.message},
                "locations": [
                    {
                        "physicalLocation": {
                            # A URI reference from the Git root (%SRCROOT%): spaces and å/ä/ö in folder
                            # names must be percent-encoded.
                            "artifactLocation": {
                                "uri": quote(display_path(d.path, outcome.git_prefix)),
                                "uriBaseId": "%SRCROOT%",
                            },
                            "region": {"startLine": max(d.line, 1), "startColumn": max(d.column, 1)},
                        }
                    }
                ],
                "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
            }
            results.append(result)
        log = {
            "$schema": SCHEMA_URI,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {"driver": _driver(descriptors)},
                    "automationDetails": {"id": AUTOMATION_ID},
                    # PyYAML marks count characters, not UTF-16 units.
                    "columnKind": "unicodeCodePoints",
                    "results": results,
                }
            ],
        }
        return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _driver(descriptors: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "name": "styr",
        "fullName": f"styr {__version__} – mål- och resultatstyrning som text i Git",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": HOMEPAGE,
        "rules": descriptors,
    }
