"""An XLSX workbook checked before openpyxl reads it: size, compression, shape and XML.

A workbook is a zip file of XML parts, and a small upload can hide a great deal: a part of
hundreds of megabytes of zeros (a zip bomb), a sheet of a million rows, or XML that declares
entities (billion laughs, external files). ``check_workbook`` refuses such a file within a
moment, reading no more than it must:

1. the zip directory alone: the declared size of every part, in all and each, and how much each
   part and the whole were compressed (``zipfile`` never unpacks a part beyond its declared size,
   so a lying directory only makes the part unreadable);
2. every part but images and binary ones, streamed through expat: a DTD (which a workbook never
   needs; entities live in it) or malformed XML is refused;
3. while the first sheet (the one imported) streams by, its ``<dimension>`` and each row and
   cell reference, which decide how many rows and cells openpyxl will produce (it pads the
   gaps): the parse stops as soon as a limit is passed.
"""

import io
import posixpath
import re
import zipfile
import zlib
from xml.etree.ElementTree import ParseError
from xml.parsers import expat

from defusedxml import ElementTree
from django.conf import settings

from .limits import FileProblem, check_columns, check_rows

CHUNK = 1024 * 1024
MAX_PARTS = 1000  # a workbook of records has about ten; each XML part is parsed
# Below this, a part or a workbook cannot be a bomb, whatever its compression ratio.
RATIO_APPLIES_FROM = 1024 * 1024
# Parts that are not XML; every other part is parsed as XML, as openpyxl may read it so.
BINARY_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf")
BINARY_SUFFIXES += (".bin", ".wdp")
SHEET_PARTS = re.compile(r"xl/worksheets/[^/]+\.xml", re.IGNORECASE)
REFERENCE = re.compile(r"\$?([A-Za-z]{1,3})?\$?(\d+)?")


class _Stop(Exception):
    """Raised from an expat handler to stop the parse with a problem."""

    def __init__(self, problem: FileProblem):
        super().__init__(str(problem))
        self.problem = problem


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def check_workbook(data: bytes) -> None:
    """Raise ``FileProblem`` if the workbook is too large, too compressed, too long or unsafe."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise FileProblem(
            "The file is not an XLSX workbook; choose the format that matches the file."
        ) from None
    with archive:
        parts = [info for info in archive.infolist() if not info.is_dir()]
        if len(parts) > MAX_PARTS:
            raise FileProblem(
                f"The workbook holds {len(parts):,} parts; a workbook of records has a few, and "
                f"at most {MAX_PARTS:,} are accepted. Save it again from a spreadsheet program."
            )
        _check_sizes(parts)
        xml_parts = [info for info in parts if not info.filename.lower().endswith(BINARY_SUFFIXES)]
        sheets = [info for info in xml_parts if SHEET_PARTS.fullmatch(info.filename)]
        for info in xml_parts:
            if info not in sheets:
                _check_part(archive, info)
        first = _first_sheet(archive)  # the sheet imported; every sheet when it cannot be told
        for info in xml_parts:
            if info.filename == first or (first is None and info in sheets):
                _check_part(archive, info, SheetShape())
            elif info in sheets:
                _check_part(archive, info)


def _relationships(archive, part: str) -> dict:
    """A part's relationships: {id: (type, the target part's name)}."""
    folder, _, name = part.rpartition("/")
    rels = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
    found = {}
    for relation in ElementTree.fromstring(archive.read(rels)):
        target = relation.get("Target", "")
        if relation.get("TargetMode") == "External":
            continue
        if target.startswith("/"):
            target = target[1:]
        else:
            target = posixpath.normpath(posixpath.join(folder, target))
        found[relation.get("Id")] = (relation.get("Type", ""), target)
    return found


def _first_sheet(archive) -> str | None:
    """The part of the workbook's first sheet, the one openpyxl reads; None if it cannot be told.

    Called once every part but the sheets has been checked (well-formed, no DTD).
    """
    try:
        book = next(
            target
            for kind, target in _relationships(archive, "").values()
            if kind.endswith("/officeDocument")
        )
        sheet = next(
            element
            for element in ElementTree.fromstring(archive.read(book)).iter()
            if element.tag.rpartition("}")[2] == "sheet"
        )
        identifier = next(value for key, value in sheet.attrib.items() if key.endswith("}id"))
        return _relationships(archive, book)[identifier][1]
    except (KeyError, StopIteration, ParseError, ValueError):
        return None


def _check_sizes(parts) -> None:
    limit = settings.IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES
    max_ratio = settings.IMPORT_XLSX_MAX_COMPRESSION_RATIO
    total = sum(info.file_size for info in parts)
    if total > limit:
        raise FileProblem(
            f"The workbook unpacks to {_megabytes(total)}; workbooks that unpack to at most "
            f"{_megabytes(limit)} can be imported. Split it into several files."
        )
    bomb = (
        " A workbook compressed this much is refused, as it may be made to exhaust the server "
        "(a zip bomb); save it again from a spreadsheet program, or import it as CSV."
    )
    for info in parts:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_APPLIES_FROM and ratio > max_ratio:
            raise FileProblem(
                f"The part “{info.filename}” of the workbook is compressed {ratio:,.0f} times "
                f"(at most {max_ratio:,} is accepted).{bomb}"
            )
    compressed = sum(info.compress_size for info in parts)
    ratio = total / max(compressed, 1)
    if total > RATIO_APPLIES_FROM and ratio > max_ratio:
        raise FileProblem(
            f"The workbook is compressed {ratio:,.0f} times (at most {max_ratio:,} is "
            f"accepted).{bomb}"
        )


def _damaged(name: str, what: str) -> FileProblem:
    return FileProblem(
        f"The workbook is damaged: its part “{name}” {what}. Save it again from the spreadsheet "
        "program, or import it as CSV."
    )


def _check_part(archive, info, shape=None) -> None:
    """Stream a part through expat: well-formed, no DTD, and a sheet's shape within limits."""
    parser = expat.ParserCreate(namespace_separator=" ")

    def refuse_dtd(*args):
        raise _Stop(
            FileProblem(
                f"The workbook's part “{info.filename}” declares a DTD (where XML entities "
                "live); a workbook never needs one, and this file is refused. Save it again "
                "from a spreadsheet program."
            )
        )

    parser.StartDoctypeDeclHandler = refuse_dtd
    if shape is not None:
        parser.StartElementHandler = shape.element
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Stop as stop:
        raise stop.problem from None
    except expat.ExpatError as exc:
        message = expat.ErrorString(exc.code)
        raise _damaged(
            info.filename, f"is not valid XML ({message}, line {exc.lineno}, column {exc.offset})"
        ) from None
    except (zipfile.BadZipFile, zlib.error, EOFError):
        raise _damaged(info.filename, "cannot be unpacked") from None
    except (NotImplementedError, RuntimeError):
        raise FileProblem(
            f"The workbook's part “{info.filename}” is encrypted or compressed in a way that "
            "cannot be read; save the workbook again without a password."
        ) from None


class SheetShape:
    """The rows and columns a sheet will produce, counted as its elements stream by."""

    def __init__(self):
        self.row = 0  # the current row's number
        self.column = 0  # the current cell's column number

    def element(self, name, attributes):
        local = name.rpartition(" ")[2]
        if local == "c":
            self.column = self._column(attributes.get("r")) or self.column + 1
            if self.column > settings.IMPORT_MAX_COLUMNS:
                self._stop(check_columns, self.column)
        elif local == "row":
            number = attributes.get("r")
            self.row = int(number) if number and number.isdigit() else self.row + 1
            self.column = 0
            # The first row is the header.
            if self.row - 1 > settings.IMPORT_MAX_ROWS:
                self._stop(check_rows, self.row - 1)
        elif local == "dimension":
            last = attributes.get("ref", "").rpartition(":")[2]
            match = REFERENCE.fullmatch(last)
            if match and match.group(2):
                self._stop(check_rows, int(match.group(2)) - 1)
            if match and match.group(1):
                self._stop(check_columns, _column_number(match.group(1)))

    @staticmethod
    def _column(reference):
        match = REFERENCE.fullmatch(reference or "")
        return _column_number(match.group(1)) if match and match.group(1) else None

    @staticmethod
    def _stop(check, count):
        try:
            check(count)
        except FileProblem as problem:
            raise _Stop(problem) from None


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number
