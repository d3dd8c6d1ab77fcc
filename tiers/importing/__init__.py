"""Bulk import and export of curated records, built on django-import-export.

- ``columns``: the widgets and fields that turn cells into values and back (keys, choices,
  partial dates, several values in one cell).
- ``lookups``: dictionaries of natural keys, read once per import, so no row costs a query.
- ``resources``: one resource per record type (its columns, natural key and own rules), in
  dependency order.
- ``engine``: what every resource shares, all-or-nothing: the header check, the django-import-
  export hooks, built from ``loader`` (stored records by natural key, a few queries per file),
  ``checks`` (duplicate keys, validation, unique values, editorial rules) and ``writes`` (bulk
  writes, relations and history; the rows the database refuses, named).
- ``formats``: reading CSV, XLSX and JSON with errors in words; streaming, neutralised exports.
- ``limits``: how many rows and columns a file may have, checked before it is read.
- ``workbooks``: an XLSX workbook checked before openpyxl reads it (zip bombs, a million rows,
  XML entities, damaged parts).
- ``messages``: an import result as "row N, column: message" lines; ``problems``: the
  refusals of a whole file and of a row.
- ``admin``: the admin mixin (permissions, upload limit, preview, streaming export).

The file format is documented in docs/import-format.md.
"""
