"""exchange/: a table is a header and numbered rows of text, whatever file it came from."""

from __future__ import annotations

import pytest

from styr.exchange.delimited import read_delimited
from styr.exchange.outcomes import COLUMNS, outcome_sheet
from styr.exchange.table import CP1252, UTF8, Row, Table, TableError, decode


def test_the_outcome_columns_are_read_from_any_table() -> None:
    # what a sheet reader (xlsx) would hand over: its own row numbers, cells as text
    table = Table("utfall.xlsx", ("Namn", "Mal", "Indikator", "Period", "Utfall", ""),
                  (Row(7, ("Trygghet", "BUN-M2", "I1", "2026", "87,5", "")),
                   Row(9, ("", "BUN-M2", "I2", " 2026 ", "", "", "x"))))
    sheet = outcome_sheet(table)
    assert sheet.separate_goal and sheet.width == 6
    first, second = sheet.rows
    assert (first.number, first.goal, first.indicator, first.period, first.value) == (7, "BUN-M2", "I1", "2026", "87,5")
    assert (second.number, second.period, second.value, second.extra) == (9, "2026", "", True)


@pytest.mark.parametrize(("data", "delimiter_cells"), [
    (b"indikator;period;utfall\nBUN-M2/I1;2026;87,5\n", ("BUN-M2/I1", "2026", "87,5")),
    (b"indikator,period,utfall\nBUN-M2/I1,2026,\"87,5\"\n", ("BUN-M2/I1", "2026", "87,5")),
    (b"\xef\xbb\xbfindikator\tperiod\tutfall\n\nBUN-M2/I1\t2026\t87\n", ("BUN-M2/I1", "2026", "87")),
])
def test_delimiter_bom_and_blank_lines(data: bytes, delimiter_cells: tuple[str, ...]) -> None:
    table = read_delimited(data, "u.csv", COLUMNS)
    assert table.header == ("indikator", "period", "utfall")
    assert [r.cells for r in table.rows] == [delimiter_cells]
    assert table.rows[0].number == data.count(b"\n")


def test_encodings() -> None:
    assert decode("åäö".encode(), "u.csv") == ("åäö", UTF8)
    assert decode("Åtgärd – 5 €".encode("cp1252"), "u.csv") == ("Åtgärd – 5 €", CP1252)
    with pytest.raises(TableError, match="är inte UTF-8"):
        decode("å".encode() + b"\xe5", "u.csv")  # broken UTF-8 is not taken for Windows-1252
    with pytest.raises(TableError, match="varken UTF-8 eller Windows-1252"):
        decode(b"\x81", "u.csv")
