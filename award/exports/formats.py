"""Writing an export table as CSV for Danish Excel or as XLSX.

A `Table` is plain data: its columns, each of a kind (text, whole number, decimal with a number
of places, moment, yes/no), and rows of Python values in the same order (None: empty).

CSV, made for Danish Excel: UTF-8 with a byte order mark (without it Excel reads Windows-1252
and garbles æøå), semicolons (the list separator of Danish Excel), CRLF line ends, decimals
with a comma ("4,29") so that Excel reads them as numbers, moments as "2024-01-05 11:00"
Copenhagen time.

XLSX: a bold header row with the panes frozen below it and a filter on it, columns as wide as
their contents (up to a limit), numbers and moments stored as such with a number format.

Neither ever holds a live formula. In CSV a text cell that starts with = + - @, a tab or a
carriage return gets an apostrophe in front (OWASP's advice against CSV injection); numbers
are written as numbers and never touched. In XLSX every text cell is stored as a string,
whatever it starts with (openpyxl would otherwise store "=…" as a formula and "#N/A" as an
error), and one that looks like a formula is marked quote-prefixed so that Excel keeps it as
text when the cell is edited.

An exact fraction ("9/2") is text in both; in CSV it always gets the apostrophe too, or Danish
Excel would read 9/2 as the 9th of February.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from award.timeutil import COPENHAGEN

TEXT = "text"
INTEGER = "integer"
DECIMAL = "decimal"
MOMENT = "moment"  # an aware datetime, written in Copenhagen time
YES_NO = "yes_no"  # a bool, written "ja" or "nej"
FRACTION = "fraction"  # an exact value as text, "34/7"

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)
MEDIA_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# The first characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
YES, NO = "ja", "nej"
MOMENT_CSV = "%Y-%m-%d %H:%M"
MOMENT_XLSX = "yyyy-mm-dd hh:mm"
# Excel's limits: characters in a cell, and in a worksheet's name (which cannot hold []:*?/\).
CELL_MAX = 32_767
TITLE_MAX = 31
WIDTH_MIN, WIDTH_MAX = 8, 60


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = TEXT
    places: int = 2  # DECIMAL: the decimals written


@dataclass
class Table:
    title: str  # the worksheet's name
    columns: list[Column]
    rows: list[list] = field(default_factory=list)


def write(table: Table, fmt: str) -> bytes:
    if fmt == CSV:
        return to_csv(table)
    if fmt == XLSX:
        return to_xlsx(table)
    raise ValueError(f"unknown format {fmt!r}, expected one of {FORMATS}")


def neutralise(text: str) -> str:
    """The text, made inert for a spreadsheet: an apostrophe in front when it starts like a
    formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _text(value) -> str:
    """One line ending throughout, as a text area sends CRLF and the command line LF."""
    return str(value).replace("\r\n", "\n")


def _decimal(value, places: int) -> Decimal:
    """Rounded half up to the column's places; never "-0,00"."""
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return abs(number) if number == 0 else number


def _local(moment: datetime) -> datetime:
    """Copenhagen wall-clock time without a zone (a spreadsheet has no time zones)."""
    return moment.astimezone(COPENHAGEN).replace(tzinfo=None, microsecond=0)


# ---------------------------------------------------------------- CSV


def csv_cell(value, column: Column) -> str:
    if value is None:
        return ""
    if column.kind == INTEGER:
        return str(int(value))
    if column.kind == DECIMAL:
        return f"{_decimal(value, column.places):f}".replace(".", ",")
    if column.kind == MOMENT:
        return _local(value).strftime(MOMENT_CSV)
    if column.kind == YES_NO:
        return YES if value else NO
    if column.kind == FRACTION:
        return "'" + _text(value)
    return neutralise(_text(value))


def to_csv(table: Table) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(column.header) for column in table.columns])
    for row in table.rows:
        writer.writerow([csv_cell(value, column)
                         for value, column in zip(row, table.columns, strict=True)])
    return out.getvalue().encode("utf-8-sig")


# ---------------------------------------------------------------- XLSX


def _text_cell(cell, value) -> None:
    """A string cell, never a formula or an error, whatever the text starts with. Characters
    that XML 1.0 cannot hold (control characters) are shown as U+FFFD."""
    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", _text(value))[:CELL_MAX]
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True


def _xlsx_cell(cell, value, column: Column) -> None:
    if value is None:
        return
    if column.kind == INTEGER:
        cell.value = int(value)
        cell.number_format = "0"
    elif column.kind == DECIMAL:
        cell.value = _decimal(value, column.places)
        cell.number_format = "0." + "0" * column.places if column.places else "0"
    elif column.kind == MOMENT:
        cell.value = _local(value)
        cell.number_format = MOMENT_XLSX
    elif column.kind == YES_NO:
        _text_cell(cell, YES if value else NO)
    else:
        _text_cell(cell, value)


def _content_width(value, column: Column) -> int:
    if value is None:
        return 0
    if column.kind == MOMENT:
        return len(MOMENT_XLSX)
    if column.kind == DECIMAL:
        return len(f"{_decimal(value, column.places):f}")
    if column.kind == YES_NO:
        return len(NO)
    return max(len(line) for line in _text(value).split("\n"))


def _width(table: Table, index: int) -> int:
    column = table.columns[index]
    content = max((_content_width(row[index], column) for row in table.rows), default=0)
    return min(max(len(column.header), content, WIDTH_MIN) + 2, WIDTH_MAX)


def sheet_title(title: str) -> str:
    return "".join(c for c in title if c not in "[]:*?/\\")[:TITLE_MAX] or "Eksport"


def to_xlsx(table: Table) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(table.title)
    bold = Font(bold=True)
    for number, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=1, column=number)
        _text_cell(cell, column.header)
        cell.font = bold
    for row_number, row in enumerate(table.rows, start=2):
        for number, (value, column) in enumerate(zip(row, table.columns, strict=True), start=1):
            _xlsx_cell(sheet.cell(row=row_number, column=number), value, column)
    for index in range(len(table.columns)):
        sheet.column_dimensions[get_column_letter(index + 1)].width = _width(table, index)
    sheet.freeze_panes = "A2"
    if table.columns:
        last = get_column_letter(len(table.columns))
        sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
