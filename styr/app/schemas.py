"""`styr schema`: the shipped JSON Schemas, listed, one of them, or all saved to a folder for an editor."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from styr.app.errors import AppError
from styr.app.output import write_all
from styr.frozen import frozen
from styr.load.schema_files import DocKind, file_name, load_schemas
from styr.render.json.schemas import GLOBS, schema_text, vscode_settings
from styr.resources import data_dir
from styr.suggest import did_you_mean


@frozen(slots=False)
class SchemaFile:
    """One kind of file in a goal repository, its schema's file name, where it applies and its title."""

    kind: str
    file: str
    glob: str
    title: str


@frozen(slots=False)
class SavedSchemas:
    count: int
    settings: str
    """The `.vscode/settings.json` that points the editor at the saved schemas."""


def schema_files() -> list[SchemaFile]:
    schemas = load_schemas()
    return [SchemaFile(k.value, file_name(k), GLOBS[k], str(schemas[file_name(k)].get("title", ""))) for k in DocKind]


OUTPUT = "utdata"
"""`styr schema utdata [KOMMANDO]`: the schemas of the JSON that validate, status, log and diff write."""
OUTPUT_KINDS = ("validate", "status", "log", "diff")

OPEN_DATA = "öppna-data"
"""Not a file in the goal repository: the JSON that `styr export data` writes, with its own published schema."""


def schema(kind: str) -> str:
    """One kind's schema as JSON text; `mål` is spelt `mal` too, `öppna-data` `oppna-data`. Raises AppError for
    an unknown kind."""
    wanted = kind.strip().lower().replace("å", "a").replace("ö", "o").replace("_", "-")
    if wanted == "oppna-data":
        from styr.app.opendata import schema_text as open_data_schema

        return open_data_schema()
    try:
        chosen = DocKind(wanted)
    except ValueError:
        kinds = ", ".join([*(k.value for k in DocKind), OPEN_DATA])
        raise AppError(f"okänd filtyp '{kind}'. Välj en av: {kinds}.") from None
    return schema_text(load_schemas()[file_name(chosen)])


def output_schemas() -> list[tuple[str, str]]:
    """(command, title) of each published schema of a JSON output."""
    return [(name, str(_output(name).get("title", ""))) for name in OUTPUT_KINDS]


def output_schema(which: str) -> str:
    """The JSON Schema of one command's `--format json` (validate, status, log or diff). Raises AppError for
    another name."""
    wanted = which.strip().lower()
    if wanted not in OUTPUT_KINDS:
        raise AppError(f"okänd utdata '{which}'. {did_you_mean(wanted, OUTPUT_KINDS, '')} Välj en av: "
                       f"{', '.join(OUTPUT_KINDS)}.".replace("  ", " "))
    return schema_text(_output(wanted))


def _output(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((data_dir("schemas") / OUTPUT / f"{name}.schema.json").read_text("utf-8"))
    return loaded


def save_schemas(out: Path, *, force: bool = False) -> SavedSchemas:
    """Write every schema (and the common definitions) to `out`; a changed file is replaced only with `force`."""
    planned = {out / name: schema_text(body) + "\n" for name, body in load_schemas().items()}
    write_all(planned, force=force)
    return SavedSchemas(len(planned), vscode_settings(out.as_posix()))
