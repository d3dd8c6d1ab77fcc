"""Whole files in and out, as the admin, the command line and code use them."""

from django.conf import settings

from .formats import FileProblem, XLSXFormat, format_for_name
from .resources import RESOURCES


def check_size(size: int) -> None:
    limit = settings.IMPORT_MAX_UPLOAD_SIZE
    if size > limit:
        raise FileProblem(
            f"The file is {_megabytes(size)}; files of at most {_megabytes(limit)} can be "
            "imported. Split it into several files."
        )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def read_dataset(data: bytes, file_name: str, file_format=None):
    """Read a file's bytes into a dataset, refusing files that are too large or unreadable."""
    check_size(len(data))
    return (file_format or format_for_name(file_name)).create_dataset(data)


def import_file(type_name: str, data: bytes, file_name: str, *, dry_run=False, **kwargs):
    """Import one file of one record type, all or nothing; return the result."""
    resource = RESOURCES[type_name](**kwargs)
    dataset = read_dataset(data, file_name)
    return resource.import_data(dataset, dry_run=dry_run)


def export_chunks(resource, queryset, file_format, selected_fields=None, properties=None):
    """The bytes of an export, produced while the rows are read from the database; an XLSX
    workbook's document properties may be given (``write_xlsx``)."""
    headers = resource.get_export_headers(selected_fields)
    rows = resource.iter_rows(queryset, selected_fields)
    if isinstance(file_format, XLSXFormat):
        return _xlsx_chunks(headers, rows, resource, properties)
    return file_format.stream(headers, rows)


def _xlsx_chunks(headers, rows, resource, properties=None):
    # A workbook is a zip file, written whole: spool it to disk beyond a few megabytes.
    import tempfile

    from .formats import write_xlsx

    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as out:
        title = str(resource._meta.model._meta.verbose_name_plural)
        write_xlsx(headers, rows, out, title=title, properties=properties)
        out.seek(0)
        while chunk := out.read(256 * 1024):
            yield chunk


def export_bytes(type_name: str, file_format, queryset=None) -> bytes:
    resource = RESOURCES[type_name]()
    return b"".join(export_chunks(resource, queryset, file_format))
