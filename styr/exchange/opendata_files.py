"""The open-data tables as files: one per entity (CSV, JSON or xlsx), a README that describes every column,
and for JSON the JSON Schema the files follow. File names are plain ASCII, so they are the same on every web
server and in every URL."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from styr.exchange.opendata import (
    COLOUR,
    DATE,
    ENTITIES,
    FORMAT,
    FORMAT_VERSION,
    INTEGER,
    NUMBER,
    YES_NO,
    Column,
    Entity,
    Row,
    colour_words,
)
from styr.exchange.xlsx import Sheet, write_xlsx

CSV, JSON, XLSX = "csv", "json", "xlsx"
FORMATS = (CSV, JSON, XLSX)
README = "README.md"
SCHEMA = "schema.json"
_ENCODER = json.JSONEncoder(ensure_ascii=False)
_RECORDS = json.JSONEncoder(ensure_ascii=False, separators=("\0", ": "))  # see records_json
MEDIA_TYPES = {CSV: "text/csv", JSON: "application/json", XLSX:
               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def table_csv(entity: Entity, rows: Sequence[Row]) -> str:
    """RFC 4180: a header row, commas, quotes where needed, CRLF line ends."""
    return csv_header(entity) + csv_body(entity, rows)


def csv_header(entity: Entity) -> str:
    return _csv_rows([_names(entity)])


def csv_body(entity: Entity, rows: Sequence[Row]) -> str:
    """The rows of `table_csv` without its header: the rows of a table written in parts, one after another, are
    the table. The csv module writes None as an empty field and a float as its shortest form (the rows hold no
    booleans: yes/no is the text ja or nej), so the cells go in as they are: a large repository has millions."""
    if not rows:
        return ""
    wanted = _names(entity)
    return _csv_rows(row.values() if tuple(row) == wanted else [row.get(n) for n in wanted] for row in rows)


def _csv_rows(rows: Iterable[Iterable[object]]) -> str:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def table_json(entity: Entity, rows: Sequence[Row], municipality: str, created: str) -> str:
    """The table as one JSON object with its format version; one record a line, so the file reads and diffs
    well, written by the C encoder (an indented dump is several times slower on a large repository)."""
    return json_file(entity, json_records(entity, rows), municipality, created)


def json_file(entity: Entity, records: str, municipality: str, created: str) -> str:
    """`table_json` of records already written (`records_json`; the records of parts joined by ',\\n')."""
    head = {"$schema": SCHEMA, "format": FORMAT, "formatversion": FORMAT_VERSION, "entitet": entity.name,
            "titel": entity.title, "kommun": municipality, "skapad": created}
    opening = _ENCODER.encode(head)[:-1]
    return f'{opening}, "poster": [\n{records}\n]}}\n' if records else f'{opening}, "poster": []}}\n'


def _names(entity: Entity) -> tuple[str, ...]:
    return tuple(c.name for c in entity.columns)


def json_records(entity: Entity, rows: Sequence[Row]) -> str:
    """The records of `table_json` for these rows (`records_json` in the entity's columns)."""
    return records_json(rows, _names(entity))


def records_json(rows: Sequence[Row], names: tuple[str, ...]) -> str:
    """The rows as JSON objects of the columns `names` (in that order), one a line: what `_ENCODER.encode` gives
    for each record, joined by ',\\n'. Written by one call of the C encoder on the whole list, with NUL between
    items: a JSON text never holds a raw NUL (strings escape it), and a record's cells are plain values, so
    '}' NUL '{' is where one record ends and the next begins, and any other NUL stands between two cells."""
    if not rows:
        return ""
    records = [row if tuple(row) == names else {n: row.get(n) for n in names} for row in rows]
    text = _RECORDS.encode(records)
    return text[1:-1].replace("}\0{", "},\n{").replace("\0", ", ")


def table_xlsx(entity: Entity, rows: Sequence[Row], created: str = "") -> bytes:
    """The table as a workbook; `created` (ÅÅÅÅ-MM-DD, the export's day) is the day its properties give."""
    try:
        day = date.fromisoformat(created) if created else None
    except ValueError:
        day = None
    return write_xlsx(Sheet(entity.title[:31], tuple(c.name for c in entity.columns),
                            [[row.get(c.name) for c in entity.columns] for row in rows], created=day))


EntityFile = tuple[str, str | bytes]
"""One entity's file: its name and content."""


def opendata_files(tables: Mapping[str, Sequence[Row]], fmt: str, *, municipality: str, created: str,
                   each: Callable[[Callable[[Entity], EntityFile], Sequence[Entity]], Iterable[EntityFile]] = map
                   ) -> dict[str, str | bytes]:
    """File name → content: one file per entity in `fmt`, and for JSON the schema (the README is `readme`).
    `each(make, entities)` makes the entities' files and gives them in the order of `entities`, as `map` does (the
    default; a caller may share the work between processes)."""

    def make(entity: Entity) -> EntityFile:
        return entity_file(entity, tables.get(entity.name, ()), fmt, municipality=municipality, created=created)

    files: dict[str, str | bytes] = dict(each(make, ENTITIES))
    if fmt == JSON:
        files[SCHEMA] = schema_file()
    return files


def entity_file(entity: Entity, rows: Sequence[Row], fmt: str, *, municipality: str, created: str) -> EntityFile:
    """One entity's file in `fmt`: its name and content."""
    name = f"{entity.name}.{fmt}"
    if fmt == CSV:
        return name, table_csv(entity, rows)
    if fmt == JSON:
        return name, table_json(entity, rows, municipality, created)
    return name, table_xlsx(entity, rows, created)


# -- the JSON Schema ---------------------------------------------------------------------------------------------


def schema_file() -> str:
    """The text of SCHEMA."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


def _column_schema(column: Column) -> dict[str, Any]:
    nullable = not column.required
    base: dict[str, Any]
    if column.kind in (YES_NO, COLOUR):
        words: list[Any] = ["ja", "nej"] if column.kind == YES_NO else colour_words()
        base = {"enum": [*words, None] if nullable else words}
    else:
        kind = {NUMBER: "number", INTEGER: "integer"}.get(column.kind, "string")
        base = {"type": [kind, "null"] if nullable else kind}
        if column.kind == DATE:
            base["pattern"] = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
    return {"description": column.description, **base}


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of every JSON file of `styr export data`, format version included."""
    defs = {e.name: {"title": e.title, "description": e.description, "type": "object",
                     "required": [c.name for c in e.columns],
                     "properties": {c.name: _column_schema(c) for c in e.columns},
                     "additionalProperties": False} for e in ENTITIES}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "styr öppna data",
        "description": f"En tabell ur ett målrepo (mål- och resultatstyrning) som öppna data, formatversion "
                       f"{FORMAT_VERSION}. Filen har en post per rad; 'entitet' säger vilken tabell det är.",
        "type": "object",
        "required": ["format", "formatversion", "entitet", "kommun", "skapad", "poster"],
        "properties": {
            "$schema": {"type": "string"},
            "format": {"const": FORMAT},
            "formatversion": {"const": FORMAT_VERSION, "description": "Ändras när kolumner ändras."},
            "entitet": {"enum": [e.name for e in ENTITIES]},
            "titel": {"type": "string"},
            "kommun": {"type": "string"},
            "skapad": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
            "poster": {"type": "array"},
        },
        "additionalProperties": False,
        "allOf": [{"if": {"properties": {"entitet": {"const": e.name}}},
                   "then": {"properties": {"poster": {"items": {"$ref": f"#/$defs/{e.name}"}}}}} for e in ENTITIES],
        "$defs": defs,
    }


# -- README ------------------------------------------------------------------------------------------------------

_KINDS = {"text": "text", NUMBER: "tal", DATE: "datum (ÅÅÅÅ-MM-DD)", INTEGER: "heltal", YES_NO: "ja eller nej",
          COLOUR: "grön, gul, röd eller svart"}


def readme(formats: Sequence[str], municipality: str, created: str, licence: str,
           counts: Mapping[Entity, int]) -> str:
    """What the files hold, column by column, in Swedish."""
    ways = {CSV: "CSV-filer (RFC 4180): kommatecken mellan fälten, punkt som decimaltecken, en rubrikrad, "
                "radslut CRLF.",
           JSON: f"JSON-filer: varje fil har formatversion, entitet och en lista 'poster'; schemat är {SCHEMA} "
                 "(JSON Schema 2020-12).",
           XLSX: "Excel-arbetsböcker (xlsx): ett blad med en rubrikrad."}
    how = " ".join(ways[f] for f in formats)
    extensions = "/".join(formats)
    lines = [f"# Mål och resultat som öppna data – {municipality}", "",
             f"Skapad {created} av styr (formatversion {FORMAT_VERSION}). {how} Teckenkodning UTF-8, datum som "
             "ÅÅÅÅ-MM-DD, perioder som 2026 (helår), 2026-H1 (halvår), 2026-T1 (tertial), 2026-Q3 (kvartal), "
             "2026-M03 (månad), 2025/26 (läsår) och 2025/26-HT (termin). En tom cell betyder att värdet saknas.",
             "", f"Licens: {licence}", "",
             "Id:na är stabila: ett mål behåller sitt id (t.ex. BUN-M2) och en indikator sitt (BUN-M2/I1) mellan "
             "åren, så tabellerna kan kopplas ihop och jämföras över tid.", ""]
    for entity, count in counts.items():
        lines += [f"## {entity.name}.{extensions} – {entity.title}", "", f"{entity.description} {count} rader.", "",
                  "| kolumn | typ | beskrivning |", "| --- | --- | --- |"]
        lines += [f"| {c.name} | {_KINDS.get(c.kind, c.kind)} | {c.description} |" for c in entity.columns]
        lines.append("")
    return "\n".join(lines)
