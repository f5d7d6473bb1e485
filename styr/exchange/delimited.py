"""Reading a delimited text table (CSV as Excel saves it: ';' in Sweden, ',' elsewhere, or tabs)."""

from __future__ import annotations

import csv
import io

from styr.exchange.table import Columns, Row, Table, TableError, decode

DELIMITERS = (";", "\t", ",")  # Swedish Excel writes ';' because ',' is the decimal sign


def _header_cells(text: str, delimiter: str) -> list[str]:
    try:
        for cells in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if any(c.strip() for c in cells):
                return cells
    except csv.Error:
        pass
    return []


def _delimiter(text: str, spec: Columns) -> str:
    """The delimiter under which the header names the most known columns (then: gives the most cells).
    Decided on the header alone, since values such as 87,5 hold commas in a ';' file."""
    def score(delimiter: str) -> tuple[int, int]:
        cells = _header_cells(text, delimiter)
        return spec.known(cells), len(cells)
    return max(DELIMITERS, key=score)


def read_delimited(data: bytes, name: str, spec: Columns) -> Table:
    """The table in `data`; `spec` tells which header is ours, to choose the delimiter. Raises TableError."""
    text, encoding = decode(data, name)
    # strict: a quote that never closes is an error rather than a field swallowing the rest of the file
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text, spec), strict=True)
    header: list[str] | None = None
    rows: list[Row] = []
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue  # blank lines and rows of bare delimiters, common at the end of Excel exports
            if header is None:
                header = cells
            else:
                rows.append(Row(reader.line_num, tuple(cells)))
    except csv.Error:
        raise TableError(f"{name}:{reader.line_num}: raden kan inte läsas som CSV (kontrollera citattecknen).") \
            from None
    if header is None:
        raise TableError(f"{name} är tom. {spec.hint}")
    return Table(name, tuple(header), tuple(rows), encoding)
