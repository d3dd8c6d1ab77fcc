"""Reading and writing record files as CSV, XLSX and JSON.

Reading turns every problem with the file itself into a ``FileProblem`` in words. Writing streams
rows, so that an export of any size runs in bounded memory, and neutralises spreadsheet formulae
in CSV and XLSX: a text cell starting with ``= + - @`` (or their full-width forms ``＝ ＋ － ＠``,
which spreadsheets also read as formulae), a tab or a carriage return gets a leading apostrophe,
so that a spreadsheet shows it as text instead of running it. Every export path (the admin's,
the public downloads) writes its cells through ``neutralise``. Reading CSV and XLSX removes that
apostrophe again, so an exported file imports unchanged; JSON is never altered.

Before a file is read, its size is checked against the limits in ``limits`` (and a workbook by
``workbooks.check_workbook``), so that no file can keep a worker busy or fill its memory.
"""

import csv
import datetime
import io
import json
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal

import tablib
from import_export.formats import base_formats

from .limits import FileProblem, check_columns, check_rows, max_rows
from .workbooks import check_workbook

# ASCII and full-width (U+FF1D, U+FF0B, U+FF0D, U+FF20) formula characters, tab, carriage return.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
NEUTRALISER = "'"
CSV_CHUNK_ROWS = 500
# Spreadsheet XML cannot carry a carriage return, most control characters or U+FFFE/U+FFFF as
# they are; OOXML writes them as _xHHHH_ (and a literal "_xHHHH_" as "_x005F_xHHHH_"), as Excel
# itself does (ECMA-376 Part 1, 22.9.2.19 ST_Xstring).
XLSX_ESCAPE = re.compile(r"_x(?=[0-9A-Fa-f]{4}_)|[\x00-\x08\x0b-\x0d\x0e-\x1f\ufffe\uffff]")
XLSX_UNESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def neutralise(value):
    """A text cell as a spreadsheet may open it safely."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return NEUTRALISER + value
    return value


def restore(value):
    """The inverse of ``neutralise`` for cells read from CSV or XLSX."""
    if (
        isinstance(value, str)
        and len(value) > 1
        and value[0] == NEUTRALISER
        and value[1] in FORMULA_TRIGGERS
    ):
        return value[1:]
    return value


def xlsx_escape(value):
    if not isinstance(value, str):
        return value
    return XLSX_ESCAPE.sub(
        lambda m: "_x005F_x" if m.group() == "_x" else f"_x{ord(m.group()):04X}_", value
    )


def xlsx_unescape(value):
    if not isinstance(value, str):
        return value
    return XLSX_UNESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)


def _decode(data, format_name: str) -> str:
    if isinstance(data, str):
        text = data.removeprefix("\ufeff")
    else:
        try:
            text = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FileProblem(
                f"The file is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at position "
                f"{exc.start}). Save it as {format_name} in UTF-8, or choose the format that "
                "matches the file."
            ) from None
    if "\x00" in text:
        raise FileProblem(
            f"The file holds binary data, not {format_name} text; choose the format that "
            "matches the file."
        )
    return text


def _dataset(headers: list, rows: list[list]) -> tablib.Dataset:
    clean_headers = []
    for number, header in enumerate(headers, start=1):
        name = "" if header is None else str(header).strip()
        if not name:
            raise FileProblem(f"Column {number} of the header row has no name.")
        if name in clean_headers:
            raise FileProblem(f"The column “{name}” appears twice in the header row.")
        clean_headers.append(name)
    dataset = tablib.Dataset(headers=clean_headers)
    for number, row in enumerate(rows, start=1):
        if len(row) != len(clean_headers):
            raise FileProblem(
                f"Row {number} has {len(row)} cells but the header row names "
                f"{len(clean_headers)} columns."
            )
        dataset.append(row)
    return dataset


def read_csv(data) -> tablib.Dataset:
    text = _decode(data, "CSV")
    rows = []
    try:
        for row in csv.reader(io.StringIO(text, newline="")):
            if any(row):
                rows.append(row)
                if len(rows) == 1:
                    check_columns(len(row))
                elif len(rows) - 1 > max_rows():
                    check_rows(len(rows) - 1)  # stops reading at the limit
    except csv.Error as exc:
        raise FileProblem(f"The file is not readable as CSV: {exc}.") from None
    if not rows:
        return tablib.Dataset()
    return _dataset(rows[0], [[restore(cell) for cell in row] for row in rows[1:]])


def read_xlsx(data) -> tablib.Dataset:
    if isinstance(data, str):
        raise FileProblem("An XLSX workbook is binary; this file is text. Choose its format.")
    check_workbook(data)  # size, compression, rows, columns and XML, before openpyxl reads it
    rows = _xlsx_rows(data)
    rows = [row for row in rows if any(cell not in (None, "") for cell in row)]
    if not rows:
        return tablib.Dataset()
    headers = rows[0]
    while headers and headers[-1] in (None, ""):
        headers = headers[:-1]
    width = len(headers)
    body = []
    for number, row in enumerate(rows[1:], start=1):
        if any(cell not in (None, "") for cell in row[width:]):
            raise FileProblem(f"Row {number} has a value in a column with no header.")
        row = (row + [None] * width)[:width]
        body.append(["" if cell is None else restore(xlsx_unescape(cell)) for cell in row])
    return _dataset(headers, body)


def _xlsx_rows(data) -> list[list]:
    """The first sheet's rows; whatever openpyxl raises on a damaged workbook, in words."""
    import openpyxl

    # Past check_workbook, openpyxl may still raise many kinds of exception on a damaged
    # workbook (KeyError for a missing part, ValueError, TypeError, IndexError for a shared
    # string that does not exist...); none may reach the user as a server error.
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise FileProblem(
            "The file is not an XLSX workbook; choose the format that matches the file."
        ) from None
    try:
        if not book.worksheets:
            raise FileProblem("The workbook has no sheet; the records go in its first sheet.")
        return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    except FileProblem:
        raise
    except Exception as exc:
        raise FileProblem(
            f"The workbook is damaged and cannot be read ({type(exc).__name__}: {exc}). Save "
            "it again from the spreadsheet program, or import it as CSV."
        ) from None
    finally:
        book.close()


def read_json(data) -> tablib.Dataset:
    text = _decode(data, "JSON")
    try:
        records = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise FileProblem(
            f"The file is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        ) from None
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise FileProblem("A JSON file of records is a list of objects, one per record.")
    if not records:
        return tablib.Dataset()
    check_rows(len(records))
    headers = list(records[0])
    check_columns(len(headers))
    body = []
    for number, record in enumerate(records, start=1):
        if list(record) != headers and set(record) != set(headers):
            missing = sorted(set(headers) - set(record))
            extra = sorted(set(record) - set(headers))
            raise FileProblem(
                f"Record {number} does not have the same keys as the first record"
                + (f"; it lacks {', '.join(missing)}" if missing else "")
                + (f"; it adds {', '.join(extra)}" if extra else "")
                + "."
            )
        row = []
        for header in headers:
            value = record[header]
            if isinstance(value, dict):
                raise FileProblem(f"Record {number}, {header}: a cell cannot hold an object.")
            row.append("" if value is None else value)
        body.append(row)
    return _dataset(headers, body)


def iter_csv(headers: list[str], rows: Iterable[list]) -> Iterator[bytes]:
    # The byte order mark tells spreadsheets that the file is UTF-8.
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for count, row in enumerate(rows, start=1):
        writer.writerow([neutralise(cell) for cell in row])
        if count % CSV_CHUNK_ROWS == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def iter_json(headers: list[str], rows: Iterable[list]) -> Iterator[bytes]:
    yield b"["
    separator = "\n"
    for row in rows:
        record = json.dumps(dict(zip(headers, row, strict=True)), ensure_ascii=False)
        yield (separator + record).encode()
        separator = ",\n"
    yield b"\n]\n"


def write_xlsx(
    headers: list[str], rows: Iterable[list], out, title: str = "Records", properties=None
) -> None:
    """Write a workbook in openpyxl's write-only mode, which keeps rows out of memory.

    Every export writes through here (the admin's and the public downloads), so every cell is
    neutralised and OOXML-escaped the same way. ``properties`` sets document properties
    (title, creator, description...) by name.
    """
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    for name, value in (properties or {}).items():
        setattr(book.properties, name, value)
    sheet = book.create_sheet(title=title[:31])
    sheet.append(headers)
    for row in rows:
        sheet.append([xlsx_escape(neutralise(cell)) for cell in row])
    book.save(out)


class RecordFormat:
    """What the admin and the command need from a format, besides django-import-export's own."""

    def create_dataset(self, in_stream, **kwargs):
        return self.read(in_stream)

    def export_data(self, dataset, **kwargs):
        """The non-streaming path (a ``tablib.Dataset``), neutralised like the streaming one."""
        out = io.BytesIO()
        for chunk in self.stream(list(dataset.headers or []), dataset):
            out.write(chunk)
        data = out.getvalue()
        return data if self.is_binary() else data.decode()


class CSVFormat(RecordFormat, base_formats.CSV):
    read = staticmethod(read_csv)
    stream = staticmethod(iter_csv)


class JSONFormat(RecordFormat, base_formats.JSON):
    read = staticmethod(read_json)
    stream = staticmethod(iter_json)


class XLSXFormat(RecordFormat, base_formats.XLSX):
    read = staticmethod(read_xlsx)

    @staticmethod
    def stream(headers, rows):
        out = io.BytesIO()
        write_xlsx(headers, rows, out)
        yield out.getvalue()


FORMATS = [CSVFormat, XLSXFormat, JSONFormat]
FORMATS_BY_EXTENSION = {"csv": CSVFormat, "xlsx": XLSXFormat, "json": JSONFormat}


def format_for_name(file_name: str):
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    try:
        return FORMATS_BY_EXTENSION[extension]()
    except KeyError:
        raise FileProblem(
            f"“{file_name}” does not end in .csv, .xlsx or .json; name the format."
        ) from None


def cell_text(value) -> str:
    """A cell as text: numbers from spreadsheets lose a trailing .0, dates are ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return str(int(value))  # 4.0 in a typed JSON file, read exactly: the whole number 4
    if isinstance(value, datetime.datetime):
        return (value.date() if value.time() == datetime.time() else value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)
