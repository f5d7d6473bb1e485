"""A table as every reader delivers it: a header and rows of text cells, each row with the number a person
finds it by (a CSV line, a sheet row). Readers of new formats (xlsx) produce the same value, so what reads the
rows never knows which file format they came from."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from styr.frozen import frozen
from styr.suggest import did_you_mean

UTF8, CP1252, UTF16 = "UTF-8", "Windows-1252", "UTF-16"
# A well-formed UTF-8 sequence of two or more bytes. Text that holds one and still is not UTF-8 is broken
# UTF-8, not Windows-1252: Swedish Windows-1252 text (å = E5, ö = F6) almost never forms one by chance.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


class TableError(Exception):
    """The file as a whole cannot be read as a table; the message is Swedish and names the file."""


@frozen
class Row:
    number: int
    """Where a person finds the row: the line in a CSV file, the row in a sheet."""
    cells: tuple[str, ...]
    """The cells as text, as the person sees them."""


@frozen
class Table:
    name: str
    """The file as the user named it."""
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    """Every row below the header that is not blank."""
    encoding: str = UTF8
    """How the file's bytes were read (UTF-8, or Windows-1252 as Swedish Excel saves "CSV")."""


@frozen
class Columns:
    """The columns a reader of a table looks for: canonical names, the ones it needs, other spellings."""

    names: tuple[str, ...]
    required: tuple[str, ...]
    aliases: dict[str, str]
    hint: str
    """A Swedish sentence saying what the header should hold."""
    ignored: tuple[str, ...] = ()
    """Columns known to be someone else's (the form's own: a name, a target), never taken for a misspelling."""

    def canonical(self, cell: str) -> str:
        # Excel on a Mac may write 'mål' decomposed; compare NFC and without case.
        name = unicodedata.normalize("NFC", cell).strip().casefold()
        return self.aliases.get(name, name)

    def known(self, header: Iterable[str]) -> int:
        return sum(self.canonical(c) in self.names for c in header)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The text of a file and the encoding it was read in: UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's
    "Unicode text"), else Windows-1252 when the bytes hold no UTF-8 at all."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), UTF16
        except UnicodeDecodeError:
            raise TableError(f"{name} börjar som UTF-16 men kan inte läsas som det; spara om filen.") from None
    try:
        return data.decode("utf-8-sig"), UTF8
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        broken = f"{name} är inte UTF-8 (rad {line}). Spara filen som \"CSV UTF-8\" i Excel och försök igen."
        if _UTF8_SEQUENCE.search(data):
            raise TableError(broken) from None
    try:
        return data.decode("cp1252"), CP1252
    except UnicodeDecodeError:
        raise TableError(broken.replace("är inte UTF-8", "är varken UTF-8 eller Windows-1252")) from None


def columns(table: Table, spec: Columns) -> dict[str, int]:
    """Canonical column name → index in each row. A misspelt column of ours, a column twice or a required column
    missing is a TableError; the spreadsheet's own columns (a name, a comment) are left alone."""
    found: dict[str, int] = {}
    for index, cell in enumerate(table.header):
        column = spec.canonical(cell)
        if not column:
            continue  # a trailing delimiter gives an empty header cell; whatever stands below it is ignored
        if column in spec.ignored:
            continue
        if column not in spec.names:
            hint = did_you_mean(column, spec.names)
            if hint:  # most likely a misspelt column of ours: reading on would lose it
                raise TableError(f"{table.name}: okänd kolumn '{cell.strip()}'. {hint} {spec.hint}")
            continue
        if column in found:
            raise TableError(f"{table.name}: kolumnen '{column}' finns två gånger i rubrikraden.")
        found[column] = index
    missing = [c for c in spec.required if c not in found]
    if missing:
        have = ", ".join(c.strip() for c in table.header if c.strip()) or "inga kolumner"
        which = " och ".join(f"'{c}'" for c in missing)
        noun = "kolumnen" if len(missing) == 1 else "kolumnerna"
        raise TableError(f"{table.name}: {noun} {which} saknas (rubrikraden har: {have}). {spec.hint}")
    return found


@frozen
class Cells:
    """A table's columns by name (`cell_reader`): which it has, and a row's cell under one of them."""

    found: dict[str, int]

    def has(self, column: str) -> bool:
        return column in self.found

    def __call__(self, cells: tuple[str, ...], column: str) -> str:
        """The cell, stripped; '' for a column the table lacks or a row too short to reach it."""
        index = self.found.get(column)
        return cells[index].strip() if index is not None and index < len(cells) else ""


def cell_reader(table: Table, spec: Columns) -> Cells:
    """`columns(table, spec)` ready to read rows by column name. Raises TableError as `columns` does."""
    return Cells(columns(table, spec))
