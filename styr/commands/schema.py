"""`styr schema`: print or write the JSON Schemas, for editor completion while a chef types."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

import typer

from styr.commands.common import fail, write_atomically
from styr.load.schema_files import DocKind, file_name, load_schemas

# Where each schema applies inside a goal repository (globs for the Red Hat YAML extension in VS Code).
GLOBS: dict[DocKind, str] = {
    DocKind.STYRMODELL: "styrmodell.yaml",
    DocKind.VISION: "vision.yaml",
    DocKind.STYRKORT: "**/styrkort.yaml",
    DocKind.MAL: "**/mål/*.yaml",
    DocKind.AKTIVITET: "**/aktiviteter/*.yaml",
}


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


def schema(
    kind: Annotated[str | None, typer.Argument(help="Filtyp: styrmodell, vision, styrkort, mal eller aktivitet. "
                                               "Utan filtyp: en lista.")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Skriv alla scheman till mappen (t.ex. .styr/schemas) "
                                             "och visa inställningen för VS Code.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Skriv över ändrade schemafiler.")] = False,
) -> None:
    """Skriv ut eller spara JSON-scheman för målrepots filer, så att editorn kan hjälpa till."""
    schemas = load_schemas()
    if out is not None:
        _write_all(out, schemas, force)
        return
    if kind is None:
        for k in DocKind:
            title = schemas[file_name(k)].get("title", "")
            typer.echo(f"{k.value:<11} {file_name(k):<24} {GLOBS[k]:<24} {title}")
        typer.echo("\nVisa ett schema: styr schema mal   Spara alla: styr schema --out .styr/schemas")
        return
    wanted = kind.strip().lower().replace("å", "a")
    try:
        chosen = DocKind(wanted)
    except ValueError:
        fail(f"okänd filtyp '{kind}'. Välj en av: {', '.join(k.value for k in DocKind)}.")
    typer.echo(json.dumps(schemas[file_name(chosen)], ensure_ascii=False, indent=2))


def _write_all(out: Path, schemas: dict[str, dict[str, object]], force: bool) -> None:
    planned = {out / name: json.dumps(body, ensure_ascii=False, indent=2) + "\n" for name, body in schemas.items()}
    clashes = [p for p, text in planned.items() if p.exists() and p.read_text(encoding="utf-8") != text]
    if clashes and not force:
        fail(f"{clashes[0]} finns redan och skiljer sig; använd --force för att skriva över.")
    for path, text in planned.items():
        write_atomically(path, text)
    typer.echo(f"Skrev {len(planned)} scheman till {out}.")
    typer.echo("Lägg detta i .vscode/settings.json (tillägget YAML från Red Hat):")
    typer.echo(vscode_settings(out.as_posix()))
