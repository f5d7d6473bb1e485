"""`styr schema`: print or write the JSON Schemas, for editor completion while a chef types."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from styr.app import schemas
from styr.commands.common import refused
from styr.render.json.schemas import vscode_settings

__all__ = ["schema", "vscode_settings"]  # vscode_settings: `styr init` writes the same settings


def schema(
    kind: Annotated[str | None, typer.Argument(help="Filtyp: styrmodell, vision, styrkort, mal eller aktivitet, "
                                               "eller öppna-data (JSON-filerna från styr export data). "
                                               "Utan filtyp: en lista.")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Skriv alla scheman till mappen (t.ex. .styr/schemas) "
                                             "och visa inställningen för VS Code.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Skriv över ändrade schemafiler.")] = False,
) -> None:
    """Skriv ut eller spara JSON-scheman för målrepots filer, så att editorn kan hjälpa till."""
    if out is not None:
        with refused():
            saved = schemas.save_schemas(out, force=force)
        typer.echo(f"Skrev {saved.count} scheman till {out}.")
        typer.echo("Lägg detta i .vscode/settings.json (tillägget YAML från Red Hat):")
        typer.echo(saved.settings)
    elif kind is None:
        for each in schemas.schema_files():
            typer.echo(f"{each.kind:<11} {each.file:<24} {each.glob:<24} {each.title}")
        typer.echo(f"{schemas.OPEN_DATA:<11} {'':<24} {'styr export data':<24} Öppna data (JSON)")
        typer.echo("\nVisa ett schema: styr schema mal   Spara alla: styr schema --out .styr/schemas")
    else:
        with refused():
            text = schemas.schema(kind)
        typer.echo(text)
