"""Excel workbooks (xlsx) in and out, through openpyxl: a sheet read as a Table, a table written as a sheet.

The one module that imports openpyxl. A workbook is untrusted input: a zip file whose parts are XML. Its
unpacked size is checked before openpyxl sees it, and anything openpyxl cannot read becomes a TableError.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from styr.characters import shown_text
from styr.exchange.table import UTF8, Columns, Row, Table, TableError
from styr.frozen import frozen

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

XLSX = "xlsx"
MAX_UNPACKED = 200 * 2**20
"""A workbook whose parts unpack to more than this is refused: a real form is a few hundred KiB."""
MAX_PARTS = 10_000
TEXT_FORMAT = "@"


def cell_text(value: Any) -> str:
    """A cell as the text a person sees in it, in the form the table readers take: 87.5 (not 87.50000000001),
    ja/nej for TRUE/FALSE, ÅÅÅÅ-MM-DD for a date."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        # 15 significant digits: what Excel shows and stores; a sum like 0.1 + 0.2 reads back as 0.3
        return format(value, ".15g")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _check_zip(data: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise TableError(f"{name} är ingen xlsx-fil som går att läsa. Spara om den i Excel som "
                         "\"Excel-arbetsbok (.xlsx)\", eller som CSV.") from None
    if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNPACKED:
        raise TableError(f"{name} packas upp till mer än {MAX_UNPACKED // 2**20} MiB: är det rätt fil?")


def _first_row(rows: Iterable[Sequence[Any]]) -> list[str]:
    for cells in rows:
        texts = [cell_text(c) for c in cells]
        if any(t.strip() for t in texts):
            return texts
    return []


def read_xlsx(data: bytes, name: str, spec: Columns) -> Table:
    """The table in a workbook: the first sheet whose header names one of `spec`'s columns (else the first
    sheet); its first non-blank row is the header. Row numbers are the sheet's. Raises TableError."""
    _check_zip(data, name)
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a broken file; none may escape
        raise TableError(f"{name} kan inte läsas som en xlsx-fil ({type(exc).__name__}). Spara om den i "
                         "Excel, eller som CSV.") from None
    try:
        return _read_book(book, name, spec)
    except TableError:
        raise
    except Exception as exc:  # a sheet's XML can be broken deep inside
        raise TableError(f"{name}: bladet kan inte läsas ({type(exc).__name__}). Spara om filen i Excel.") from None
    finally:
        book.close()


def _read_book(book: Any, name: str, spec: Columns) -> Table:
    sheets = list(book.worksheets)
    if not sheets:
        raise TableError(f"{name} har inga blad. {spec.hint}")
    chosen = next((s for s in sheets if spec.known(_first_row(s.iter_rows(values_only=True)))), sheets[0])
    header: list[str] | None = None
    rows: list[Row] = []
    for number, cells in enumerate(chosen.iter_rows(values_only=True), start=1):
        texts = [cell_text(c) for c in cells]
        if not any(t.strip() for t in texts):
            continue
        if header is None:
            header = texts
        else:
            rows.append(Row(number, tuple(texts)))
    if header is None:
        raise TableError(f"{name} är tom. {spec.hint}")
    return Table(name, tuple(header), tuple(rows), UTF8)  # a workbook is Unicode throughout


# -- writing -------------------------------------------------------------------------------------------------

Cell = str | int | float | bool | None


@frozen(slots=False)
class Sheet:
    """A table to write: its title, header, rows, the columns a person may change (all others are locked
    when `protect`), columns to keep as text, and per row the values allowed in `choice_column`."""

    title: str
    header: tuple[str, ...]
    rows: Sequence[Sequence[Cell]]
    editable: frozenset[str] = frozenset()
    text_columns: frozenset[str] = frozenset()
    choice_column: str | None = None
    choices: Sequence[Sequence[str] | None] = ()
    protect: bool = False
    widths: dict[str, int] | None = None
    created: date | None = None
    """The day the workbook's properties say it was made; without one, 1980-01-01 (the zip format's first day).
    Either way the same sheet gives the same bytes (see `_reproducible`)."""


def write_xlsx(sheet: Sheet) -> bytes:
    """The sheet as an xlsx workbook. Text that looks like a formula stays text: titles come from files
    many people write, and a cell that starts with '=' must not become a formula in someone's Excel."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, Protection

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet.title
    ws.append(list(sheet.header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    editable = [i for i, h in enumerate(sheet.header, start=1) if h in sheet.editable]
    texts = {i for i, h in enumerate(sheet.header, start=1) if h in sheet.text_columns}
    for r, values in enumerate(sheet.rows, start=2):
        for c, value in enumerate(values, start=1):
            # A workbook cannot hold control characters (openpyxl refuses them): whatever put one in a value, it is
            # written as U+FFFD rather than ending the export.
            cell = ws.cell(row=r, column=c, value=shown_text(value) if isinstance(value, str) else value)
            if cell.data_type == "f":
                cell.data_type = "s"
            if c in texts:
                cell.number_format = TEXT_FORMAT
            if c in editable:
                cell.protection = Protection(locked=False)
        allowed = sheet.choices[r - 2] if r - 2 < len(sheet.choices) else None
        if allowed and sheet.choice_column in sheet.header:
            column = sheet.header.index(sheet.choice_column) + 1
            _choices(ws, [ws.cell(row=r, column=column).coordinate], allowed)
    _layout(ws, sheet)
    if sheet.protect:
        # Locked cells cannot be changed by mistake; there is no password, since none could be kept secret.
        ws.protection.sheet = True
        ws.protection.formatColumns = False
    out = io.BytesIO()
    book.save(out)
    return _reproducible(out.getvalue(), sheet.created)


_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry
_CORE = "docProps/core.xml"
_CORE_TIMES = re.compile(r"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def _reproducible(data: bytes, created: date | None) -> bytes:
    """The same workbook for the same content: openpyxl stamps the clock into every zip entry and into the
    document's created and modified times, so an export would differ on every run (a data portal, or a diff in
    CI, would see a change that is none). The entries get one fixed time, and the properties the given day."""
    stamp = f"{(created or date(*_ZIP_EPOCH[:3])).isoformat()}T00:00:00Z"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == _CORE:
                body = _CORE_TIMES.sub(lambda m: f"{m.group(1)}{stamp}{m.group(3)}", body.decode("utf-8")).encode()
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_EPOCH)
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            dst.writestr(fixed, body)
    return out.getvalue()


def _choices(ws: Worksheet, cells: list[str], allowed: Sequence[str]) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    rule = DataValidation(type="list", formula1='"' + ",".join(allowed) + '"', allow_blank=True)
    rule.error = "Välj ett av värdena i listan: " + ", ".join(allowed) + "."
    rule.errorTitle = "Ogiltigt värde"
    ws.add_data_validation(rule)
    for ref in cells:
        rule.add(ref)


def _layout(ws: Worksheet, sheet: Sheet) -> None:
    from openpyxl.utils import get_column_letter

    ws.freeze_panes = "A2"
    for i, name in enumerate(sheet.header, start=1):
        width = (sheet.widths or {}).get(name)
        if width is None:
            longest = max([len(name), *(len(cell_text(row[i - 1])) for row in sheet.rows[:200] if i <= len(row))])
            width = min(max(longest + 2, 8), 60)
        ws.column_dimensions[get_column_letter(i)].width = width
