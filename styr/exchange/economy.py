"""Economy in a table (`styr import`): the columns of a unit's budget, utfall, prognos and avvikelse per period, and
which kind of table (outcomes or economy) a file holds."""

from __future__ import annotations

from pathlib import PurePath

from styr.exchange import outcomes
from styr.exchange.delimited import read_delimited
from styr.exchange.outcomes import OutcomeSheet, outcome_sheet
from styr.exchange.table import Columns, Table, cell_reader
from styr.exchange.xlsx import read_xlsx
from styr.frozen import frozen

UNIT, PERIOD, BUDGET, OUTCOME, FORECAST, DEVIATION, COMMENT = (
    "enhet", "period", "budget", "utfall", "prognos", "avvikelse", "kommentar")
COLUMNS = Columns(
    names=(UNIT, PERIOD, BUDGET, OUTCOME, FORECAST, DEVIATION, COMMENT),
    required=(UNIT, PERIOD, BUDGET, OUTCOME),
    aliases={"enhets-id": UNIT, "nämnd": UNIT, "namnd": UNIT},
    hint="En ekonomitabell har kolumnerna enhet, period, budget och utfall (i tkr), och vid delår prognos; "
         "avvikelse och kommentar är valfria.",
)
_EITHER = Columns(
    names=tuple(dict.fromkeys((*outcomes.COLUMNS.names, *COLUMNS.names))),
    required=(),
    aliases={**outcomes.COLUMNS.aliases, **COLUMNS.aliases},
    hint=outcomes.COLUMNS.hint,
)
"""Both kinds of column: the delimiter is chosen by the header before the kind of table is known."""


@frozen
class EconomyRow:
    """One row's cells for the economy columns, stripped; "" where the column is absent or the cell empty."""

    number: int
    unit: str
    period: str
    budget: str
    outcome: str
    forecast: str
    deviation: str
    comment: str
    extra: bool
    """The row has more filled cells than the header has columns (an unquoted decimal comma, often)."""
    width: int

    @property
    def empty(self) -> bool:
        """No figure at all: a unit listed for a period it has not reported yet."""
        return not (self.budget or self.outcome or self.forecast or self.deviation)


@frozen
class EconomySheet:
    table: Table
    width: int
    rows: tuple[EconomyRow, ...]
    has_forecast: bool
    """The table has a prognos column (a delår without one is then an empty cell, not a missing column)."""


def economy_sheet(table: Table) -> EconomySheet:
    """The economy columns of `table` and its rows. Raises TableError for a header without them."""
    cell = cell_reader(table, COLUMNS)
    width = len(table.header)

    rows = tuple(
        EconomyRow(row.number, cell(row.cells, UNIT), cell(row.cells, PERIOD), cell(row.cells, BUDGET),
                   cell(row.cells, OUTCOME), cell(row.cells, FORECAST), cell(row.cells, DEVIATION),
                   cell(row.cells, COMMENT), any(c.strip() for c in row.cells[width:]), len(row.cells))
        for row in table.rows)
    return EconomySheet(table, width, rows, cell.has(FORECAST))


def is_economy(table: Table) -> bool:
    """A table with a budget column is an economy table: an outcome table never has one."""
    return any(COLUMNS.canonical(c) == BUDGET for c in table.header)


def read_sheet(data: bytes, name: str) -> OutcomeSheet | EconomySheet:
    """The outcomes or the economy in a file's bytes (xlsx or CSV, as outcomes.read_outcomes reads them), by its
    header. Raises TableError."""
    suffix = PurePath(name).suffix.casefold()
    if len(data) > outcomes.MAX_BYTES or suffix in (".xls", ".ods"):
        return outcomes.read_outcomes(data, name)  # it says why it refuses: too large, a format styr cannot read
    if suffix in (".xlsx", ".xlsm") or data.startswith(b"PK\x03\x04"):
        table = read_xlsx(data, name, _EITHER)
    else:
        table = read_delimited(data, name, _EITHER)
    return economy_sheet(table) if is_economy(table) else outcome_sheet(table)
