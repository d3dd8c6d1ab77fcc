"""Workbooks written part by part with zipfile: hostile, damaged or huge ones, made in a moment."""

import io
import struct
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
SHARED = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
BOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"

CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="{TYPES}">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="{BOOK_TYPE}"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SHEET_TYPE}"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="{STRINGS_TYPE}"/>
</Types>"""
ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">
<Relationship Id="rId1" Type="{DOCUMENT}" Target="xl/workbook.xml"/>
</Relationships>"""
BOOK = f"""<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">
<sheets><sheet name="Records" sheetId="1" r:id="rId1"/></sheets>
</workbook>"""
BOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">
<Relationship Id="rId1" Type="{WORKSHEET}" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{SHARED}" Target="sharedStrings.xml"/>
</Relationships>"""
EMPTY_STRINGS = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="0"/>'


def inline(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def sheet(rows: list[list[str]], dimension: str | None = None, prolog: str = "") -> str:
    """A sheet of text cells written inline (no shared strings)."""
    body = "".join(
        f'<row r="{n}">'
        + "".join(inline(f"{chr(65 + i)}{n}", value) for i, value in enumerate(row))
        + "</row>"
        for n, row in enumerate(rows, start=1)
    )
    dimension_xml = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{MAIN}">'
        f"{dimension_xml}<sheetData>{body}</sheetData></worksheet>"
    )


def workbook(sheet_xml, *, shared_strings=EMPTY_STRINGS, replace=None, omit=()) -> bytes:
    """A workbook whose first sheet is ``sheet_xml`` (str or bytes, or an iterable of bytes)."""
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": BOOK,
        "xl/_rels/workbook.xml.rels": BOOK_RELS,
        "xl/sharedStrings.xml": shared_strings,
        "xl/worksheets/sheet1.xml": sheet_xml,
    } | (replace or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            if name in omit:
                continue
            if isinstance(content, str | bytes):
                archive.writestr(name, content)
            else:
                with archive.open(name, "w", force_zip64=True) as part:
                    for chunk in content:
                        part.write(chunk)
    return out.getvalue()


ACTOR_HEADER = ["slug", "name", "kind"]


def million_row_sheet(rows: int = 1_048_576):
    """A sheet of ``rows`` short rows, streamed in chunks (about 40 bytes a row)."""
    yield (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'
        '<row r="1">' + "".join(inline(f"{chr(65 + i)}1", h) for i, h in enumerate(ACTOR_HEADER))
    ).encode() + b"</row>"
    step = 10_000
    for start in range(2, rows + 1, step):
        yield "".join(
            f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>'
            for n in range(start, min(start + step, rows + 1))
        ).encode()
    yield b"</sheetData></worksheet>"


def zeros(megabytes: int):
    """A sheet that is a well-formed start followed by ``megabytes`` MB of zeros."""
    yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'.encode()
    block = b"0" * (1024 * 1024)
    for _ in range(megabytes):
        yield block


def with_declared_size(data: bytes, name: str, size: int) -> bytes:
    """The workbook with one part's size in the zip headers replaced by ``size`` (a lie)."""
    data = bytearray(data)
    encoded = name.encode()
    for signature, name_at, size_at in ((b"PK\x03\x04", 30, 22), (b"PK\x01\x02", 46, 24)):
        at = data.find(signature)
        while data[at + name_at : at + name_at + len(encoded)] != encoded:
            at = data.find(signature, at + 1)
        struct.pack_into("<I", data, at + size_at, size)
    return bytes(data)


def two_sheets(first: str, second: str, *, long_one_first: bool) -> bytes:
    """A workbook of two sheets; its list of sheets names ``first`` or ``second`` first."""
    listed = [
        '<sheet name="One" sheetId="1" r:id="rId1"/>',
        '<sheet name="Two" sheetId="2" r:id="rId3"/>',
    ]
    if long_one_first:
        listed.reverse()
    book = BOOK.replace('<sheet name="Records" sheetId="1" r:id="rId1"/>', "".join(listed))
    rels = BOOK_RELS.replace(
        "</Relationships>",
        f'<Relationship Id="rId3" Type="{WORKSHEET}" Target="worksheets/sheet2.xml"/>'
        "</Relationships>",
    )
    return workbook(
        first,
        replace={
            "xl/workbook.xml": book,
            "xl/_rels/workbook.xml.rels": rels,
            "xl/worksheets/sheet2.xml": second,
        },
    )
