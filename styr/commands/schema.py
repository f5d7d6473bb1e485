"""`styr schema`: print or write the JSON Schemas, for editor completion while a chef types."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from styr.app import schemas
from styr.commands.common import fail, refused
from styr.render.json.schemas import vscode_settings

__all__ = ["schema", "vscode_settings"]  # vscode_settings: `styr init` writes the same settings


def schema(
    kind: Annotated[str | None, typer.Argument(metavar="FILTYP", help="Filtyp: styrmodell, vision, styrkort, mal "
                                               "eller aktivitet; öppna-data (JSON-filerna från styr export data); "
                                               "eller utdata (JSON från kommandona). Utan filtyp: en lista.")] = None,
    which: Annotated[str | None, typer.Argument(metavar="KOMMANDO", help="Med utdata: validate, status, log eller "
                                                "diff.", show_default=False)] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Skriv alla scheman till mappen (t.ex. .styr/schemas) "
                                             "och visa inställningen för VS Code.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Skriv över ändrade schemafiler.")] = False,
) -> None:
    """Skriv ut eller spara JSON-scheman för målrepots filer, så att editorn kan hjälpa till.

    'styr schema utdata status' skriver schemat för JSON-utdata från ett kommando (--format json)."""
    if kind is not None and kind.strip().lower() == schemas.OUTPUT:
        _output(which)
    elif which is not None:
        fail(f"bara utdata tar ett kommando, inte {kind}.")
    elif out is not None:
        with refused():
            saved = schemas.save_schemas(out, force=force)
        typer.echo(f"Skrev {saved.count} scheman till {out}.")
        typer.echo("Lägg detta i .vscode/settings.json (tillägget YAML från Red Hat):")
        typer.echo(saved.settings)
    elif kind is None:
        for each in schemas.schema_files():
            typer.echo(f"{each.kind:<11} {each.file:<24} {each.glob:<24} {each.title}")
        typer.echo(f"{schemas.OPEN_DATA:<11} {'':<24} {'styr export data':<24} Öppna data (JSON)")
        typer.echo(f"{schemas.OUTPUT:<11} {'':<24} {'--format json':<24} JSON från validate, status, log och diff")
        typer.echo("\nVisa ett schema: styr schema mal   Spara alla: styr schema --out .styr/schemas   "
                   "Utdata: styr schema utdata status")
    else:
        with refused():
            text = schemas.schema(kind)
        typer.echo(text)


def _output(which: str | None) -> None:
    """`styr schema utdata [KOMMANDO]`: the list, or one command's schema."""
    if which is None:
        for name, title in schemas.output_schemas():
            typer.echo(f"{name:<9} {title}")
        typer.echo("\nVisa ett schema: styr schema utdata validate")
        return
    with refused():
        typer.echo(schemas.output_schema(which))
