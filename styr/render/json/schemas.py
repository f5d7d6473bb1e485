"""The JSON Schemas as files for editors, and the VS Code settings that map a goal repository's files to them."""

from __future__ import annotations

import json
from typing import Any

from styr.load.schema_files import DocKind, file_name

# Where each schema applies inside a goal repository (globs for the Red Hat YAML extension in VS Code).
GLOBS: dict[DocKind, str] = {
    DocKind.STYRMODELL: "styrmodell.yaml",
    DocKind.VISION: "vision.yaml",
    DocKind.STYRKORT: "**/styrkort.yaml",
    DocKind.MAL: "**/mål/*.yaml",
    DocKind.AKTIVITET: "**/aktiviteter/*.yaml",
}


def schema_text(schema: dict[str, Any]) -> str:
    """A schema as it is printed and saved: UTF-8 (å, ä, ö as they are), indented, without a final newline."""
    return json.dumps(schema, ensure_ascii=False, indent=2)


def vscode_settings(prefix: str) -> str:
    """The `.vscode/settings.json` that maps the repository's files to schemas stored under `prefix`."""
    mapping = {f"{prefix.rstrip('/')}/{file_name(kind)}": glob for kind, glob in GLOBS.items()}
    return json.dumps({"yaml.schemas": mapping}, ensure_ascii=False, indent=2) + "\n"
