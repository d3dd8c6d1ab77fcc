"""How large an import file may be, checked before the file is read; refusals in words.

The limits are settings (``IMPORT_MAX_ROWS``, ``IMPORT_MAX_COLUMNS`` and, for workbooks, those
read by ``workbooks``), so that no upload can keep a worker busy for minutes or fill its memory.
"""

from django.conf import settings

from .problems import FileProblem


def max_rows() -> int:
    """The most records (rows after the header) a file may hold."""
    return settings.IMPORT_MAX_ROWS


def max_columns() -> int:
    return settings.IMPORT_MAX_COLUMNS


def check_rows(count: int) -> None:
    """Refuse a file of more than ``IMPORT_MAX_ROWS`` records (``count`` excludes the header)."""
    if count > max_rows():
        raise FileProblem(
            f"The file holds more than {max_rows():,} records (rows after the header); at most "
            f"{max_rows():,} can be imported from one file. Split it into several files."
        )


def check_columns(count: int) -> None:
    if count > max_columns():
        raise FileProblem(
            f"The file has {count:,} columns; files of at most {max_columns():,} columns can be "
            "imported. Remove the columns that are not listed in docs/import-format.md."
        )
