"""The shipped JSON Schemas as files: which schema each kind of document has, read once and resolved by pointer."""

from __future__ import annotations

import json
from collections.abc import Mapping
from enum import StrEnum
from functools import cache
from typing import Any

from styr.frozen import frozen
from styr.load.problems import ProblemKind
from styr.resources import data_dir


class DocKind(StrEnum):
    """The kinds of YAML file in a goal repository, each with its own schema."""

    STYRMODELL = "styrmodell"
    VISION = "vision"
    STYRKORT = "styrkort"
    MAL = "mal"
    AKTIVITET = "aktivitet"


@frozen
class SchemaProblem:
    """One schema violation, positioned by its path inside the document (see `key_problem`)."""

    kind: ProblemKind
    path: tuple[str | int, ...]
    key_problem: bool
    message: str
    hint: str


COMMON = "gemensamt.schema.json"
NOUN = {DocKind.STYRMODELL: "styrmodell", DocKind.VISION: "vision", DocKind.STYRKORT: "styrkort",
         DocKind.MAL: "mål", DocKind.AKTIVITET: "aktivitet"}
ANNOTATIONS = frozenset({"$schema", "$defs", "$comment", "title", "description", "markdownDescription",
                          "enumDescriptions", "markdownEnumDescriptions", "default", "examples",
                          "patternErrorMessage"})
"""Keywords that never affect validity; everything else in a schema must be known to the fast check."""


def file_name(kind: DocKind) -> str:
    return f"{kind.value}.schema.json"


@cache
def load_schemas() -> dict[str, dict[str, Any]]:
    """Every shipped schema by file name, read once. Treat the result as read-only."""
    folder = data_dir("schemas")
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.schema.json"))}


def schema_for(kind: DocKind) -> dict[str, Any]:
    return load_schemas()[file_name(kind)]


def resolve(schemas: Mapping[str, Any], file: str, pointer: str) -> Any:
    node: Any = schemas[file]
    for part in filter(None, pointer.split("/")):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node
