"""The JSON Schemas as files for editors, and the VS Code settings that map a goal repository's files to them."""

from __future__ import annotations

import json
import unicodedata
from typing import Any
from urllib.parse import quote

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


def editor_globs(glob: str) -> str | list[str]:
    """The glob as written, plus the forms yaml-language-server matches: it compares globs with the file's
    percent-encoded URI (`mål` is `m%C3%A5l`, and `ma%CC%8Al` where macOS stores the name decomposed)."""
    forms = [glob]
    for normal in ("NFC", "NFD"):
        encoded = quote(unicodedata.normalize(normal, glob), safe="/*?[]{}!,")
        if encoded not in forms:
            forms.append(encoded)
    return forms[0] if len(forms) == 1 else forms


def vscode_settings(prefix: str) -> str:
    """The `.vscode/settings.json` that maps the repository's files to schemas stored under `prefix`."""
    mapping = {f"{prefix.rstrip('/')}/{file_name(kind)}": editor_globs(glob) for kind, glob in GLOBS.items()}
    return json.dumps({"yaml.schemas": mapping}, ensure_ascii=False, indent=2) + "\n"
