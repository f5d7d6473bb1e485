"""Outcomes in a table (`styr import`): which columns hold them and each row's raw cells, whatever the file format
(CSV or xlsx)."""

from __future__ import annotations

from pathlib import PurePath

from styr.exchange.delimited import read_delimited
from styr.exchange.form import FORM_COLUMNS
from styr.exchange.table import Columns, Table, TableError, cell_reader
from styr.exchange.xlsx import read_xlsx
from styr.frozen import frozen

GOAL, INDICATOR, PERIOD, VALUE = "mål", "indikator", "period", "utfall"
COLUMNS = Columns(
    names=(GOAL, INDICATOR, PERIOD, VALUE),
    required=(INDICATOR, PERIOD, VALUE),
    aliases={"mal": GOAL},  # a header typed without å on a keyboard that lacks it
    hint="Rubrikraden ska ha kolumnerna indikator, period och utfall (eller mål, indikator, period och utfall).",
    # The other columns of `styr export mall`'s form: read past, never taken for a misspelt column of ours.
    ignored=tuple(c for c in FORM_COLUMNS if c not in (GOAL, INDICATOR, PERIOD, VALUE)),
)
MAX_BYTES = 20 * 2**20  # some hundred thousand rows; anything larger is read whole into memory for nothing


@frozen
class OutcomeRow:
    """One row's cells for the outcome columns, stripped; "" where the column is absent or the cell empty."""

    number: int
    goal: str
    indicator: str
    period: str
    value: str
    extra: bool
    """The row has more filled cells than the header has columns (an unquoted decimal comma, often)."""
    width: int
    """The number of cells in the row."""


@frozen
class OutcomeSheet:
    table: Table
    width: int
    """The number of header cells, including ignored empty ones."""
    separate_goal: bool
    """The goal has its own column (mål), and indikator may then hold just I1."""
    rows: tuple[OutcomeRow, ...]


def outcome_sheet(table: Table) -> OutcomeSheet:
    """The outcome columns of `table` and its rows. Raises TableError for a header without them."""
    cell = cell_reader(table, COLUMNS)
    width = len(table.header)

    rows = tuple(
        OutcomeRow(row.number, cell(row.cells, GOAL), cell(row.cells, INDICATOR), cell(row.cells, PERIOD),
                   cell(row.cells, VALUE), any(c.strip() for c in row.cells[width:]), len(row.cells))
        for row in table.rows)
    return OutcomeSheet(table, width, cell.has(GOAL), rows)


def read_outcomes(data: bytes, name: str) -> OutcomeSheet:
    """The outcomes in a file's bytes; `name` (the file as the user gave it) chooses the format. Raises TableError."""
    if len(data) > MAX_BYTES:
        raise TableError(f"{name} är större än {MAX_BYTES // 2**20} MiB: är det rätt fil? Dela upp den i flera filer.")
    suffix = PurePath(name).suffix.casefold()
    if suffix in (".xlsx", ".xlsm") or data.startswith(b"PK\x03\x04"):
        return outcome_sheet(read_xlsx(data, name, COLUMNS))
    if suffix in (".xls", ".ods"):
        raise TableError(f"{name}: styr läser kalkylblad som .xlsx och .csv. Spara bladet som \"Excel-arbetsbok "
                         "(.xlsx)\" eller \"CSV UTF-8\" och importera den filen.")
    return outcome_sheet(read_delimited(data, name, COLUMNS))
