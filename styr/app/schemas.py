"""`styr schema`: the shipped JSON Schemas, listed, one of them, or all saved to a folder for an editor."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from styr.app.errors import AppError
from styr.app.output import write_all
from styr.load.schema_files import DocKind, file_name, load_schemas
from styr.render.json.schemas import GLOBS, schema_text, vscode_settings


@dataclass(frozen=True)
class SchemaFile:
    """One kind of file in a goal repository, its schema's file name, where it applies and its title."""

    kind: str
    file: str
    glob: str
    title: str


@dataclass(frozen=True)
class SavedSchemas:
    count: int
    settings: str
    """The `.vscode/settings.json` that points the editor at the saved schemas."""


def schema_files() -> list[SchemaFile]:
    schemas = load_schemas()
    return [SchemaFile(k.value, file_name(k), GLOBS[k], str(schemas[file_name(k)].get("title", ""))) for k in DocKind]


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


def save_schemas(out: Path, *, force: bool = False) -> SavedSchemas:
    """Write every schema (and the common definitions) to `out`; a changed file is replaced only with `force`."""
    planned = {out / name: schema_text(body) + "\n" for name, body in load_schemas().items()}
    write_all(planned, force=force)
    return SavedSchemas(len(planned), vscode_settings(out.as_posix()))
