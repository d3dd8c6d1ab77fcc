"""Bulk import and export of curated records, built on django-import-export.

- ``columns``: the widgets and fields that turn cells into values and back (keys, choices,
  partial dates, several values in one cell).
- ``lookups``: dictionaries of natural keys, read once per import, so no row costs a query.
- ``resources``: one resource per record type, all-or-nothing, in dependency order.
- ``formats``: reading CSV, XLSX and JSON with errors in words; streaming, neutralised exports.
- ``limits``: how many rows and columns a file may have, checked before it is read.
- ``workbooks``: an XLSX workbook checked before openpyxl reads it (zip bombs, a million rows,
  XML entities, damaged parts).
- ``messages``: an import result as "row N, column: message" lines.
- ``admin``: the admin mixin (permissions, upload limit, preview, streaming export).

The file format is documented in docs/import-format.md.
"""
