"""Small text helpers shared by the authoring commands (init, new): YAML scalars and folder slugs."""

from __future__ import annotations

import json
import re
import unicodedata

# A plain scalar is safe when it starts with a letter and holds nothing YAML treats specially; anything else
# is written in double quotes (JSON's string syntax is a subset of YAML's double-quoted style).
_PLAIN = re.compile(r"[^\W\d_][\w .,()/–-]*\Z")
_SPECIAL_WORDS = frozenset({"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"})


def scalar(value: str) -> str:
    """`value` as a YAML scalar that reads back as exactly this text."""
    if _PLAIN.match(value) and value.strip() == value and value.casefold() not in _SPECIAL_WORDS:
        return value
    return json.dumps(value, ensure_ascii=False)


def slug(name: str) -> str:
    """An ASCII folder name from a Swedish name: 'Barn- och utbildningsnämnden' → 'barn-och-utbildningsnamnden'."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    ascii_only = "".join(c for c in folded if not unicodedata.combining(c)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")
