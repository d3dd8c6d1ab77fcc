"""Downloads of the published records, in exactly the admin's import format.

Each file is written by the import/export resources of ``tiers.importing`` (same columns, same
cells), so a downloaded file imports cleanly into another instance. Only what the public may see
is written: the records are narrowed to the public ones, their many-to-many cells name only public
records, and a reference to a record that is not public is left empty. A record that could not be
imported without a draft (a published commitment or statement whose sources are all drafts, a
status change or figure whose source is a draft) is left out.

Files stream from the database: CSV and JSON row by row, XLSX through a spooled temporary file,
and the ZIP of everything entry by entry. Readers are served them from a finished build
(``tiers.open_data.download_builds``), never while they are being written.
"""

import datetime
import io
import json
import stat
import zipfile
from collections.abc import Iterator

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from ..importing.columns import ExportOnlyField, KeysWidget, KeyWidget, PartialDateField
from ..importing.files import export_chunks
from ..importing.formats import CSVFormat, JSONFormat, XLSXFormat
from ..importing.quote_translations import QuoteTranslationColumns
from ..importing.resources import RESOURCES
from ..models import Actor, Commitment, Figure, Membership, Source, Statement, StatusChange, Tier
from ..models.base import public_q
from . import datapackage

LICENCE = "CC BY 4.0"
LICENCE_TITLE = "Creative Commons Attribution 4.0 International"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
PUBLISHER = "Ukraine Security Guarantees Tracker"
FILE_PREFIX = "ukraine-guarantees"
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
FILE_FORMATS = {"csv": CSVFormat, "xlsx": XLSXFormat, "json": JSONFormat}
ZIP_FORMATS = ("csv", "json")
ZIP_NAME = "all.zip"


def with_published_source(queryset):
    return queryset.filter(
        Exists(
            queryset.model.sources.through.objects.filter(
                public_q(Source, "source__"), **{queryset.model._meta.model_name: OuterRef("pk")}
            )
        )
    )


def commitments():
    return with_published_source(Commitment.objects.public())


def statements():
    return with_published_source(Statement.objects.public())


def status_changes():
    return StatusChange.objects.public().filter(
        public_q(Source, "source__"), commitment__in=commitments().values("pk")
    )


# What each type's download holds, in the order the files import.
QUERYSETS = {
    "tiers": lambda: Tier.objects.public(),
    "sources": lambda: Source.objects.public(),
    "actors": lambda: Actor.objects.public(),
    "memberships": lambda: Membership.objects.public(),
    "commitments": commitments,
    "statements": statements,
    "status-changes": status_changes,
    "figures": lambda: Figure.objects.public().filter(
        public_q(Source, "source__"), commitment__in=commitments().values("pk")
    ),
}
# The records another may refer to, by model.
PUBLIC_BY_MODEL = {
    Tier: QUERYSETS["tiers"],
    Source: QUERYSETS["sources"],
    Actor: QUERYSETS["actors"],
    Commitment: commitments,
    Statement: statements,
    StatusChange: status_changes,
}
TYPE_NAMES = list(QUERYSETS)


class PublicExportMixin:
    """Narrows an import/export resource's relations to public records when exporting, and
    counts the rows it writes."""

    rows_written = 0

    def iter_rows(self, *args, **kwargs):
        for row in super().iter_rows(*args, **kwargs):
            self.rows_written += 1
            yield row

    def export_queryset(self, queryset=None):
        model = self._meta.model
        flags = {
            f"public_{field.name}": Exists(
                PUBLIC_BY_MODEL[field.related_model]().filter(pk=OuterRef(field.attname))
            )
            for field in self.foreign_keys
        }
        prefetch = [
            Prefetch(
                field.attribute,
                queryset=PUBLIC_BY_MODEL[model._meta.get_field(field.attribute).related_model]()
                .only("pk", field.widget.render_key)
                .order_by(),
            )
            for field in self.m2m_fields
        ]
        if isinstance(self, QuoteTranslationColumns):  # a statement's translations
            prefetch.append(Prefetch("translations", queryset=self.translation_rows()))
        return (
            queryset.annotate(**flags)
            .select_related(*(field.name for field in self.foreign_keys))
            .prefetch_related(*prefetch)
            .order_by("pk")
        )

    def translation_rows(self):
        """Only translations the public may read the origin of: by this project, or printed by
        a public source (one printed by a draft would otherwise read as the project's)."""
        rows = super().translation_rows()
        return rows.filter(Q(source__isnull=True) | public_q(Source, "source__"))

    def export_field(self, field, instance, **kwargs):
        flag = f"public_{field.attribute}"
        if hasattr(instance, flag) and not getattr(instance, flag):
            return ""
        return super().export_field(field, instance, **kwargs)


def public_resource(type_name: str):
    resource_class = RESOURCES[type_name]
    return type(f"Public{resource_class.__name__}", (PublicExportMixin, resource_class), {})()


def file_name(type_name: str, extension: str, generated: datetime.datetime) -> str:
    """Names carry the moment the file was generated, in UTC."""
    return f"{FILE_PREFIX}-{type_name}-{generated:%Y%m%dT%H%M%SZ}.{extension}"


# The files at /downloads/<name>: each record type in each format, and the ZIP of everything.
FILE_NAMES = [f"{t}.{e}" for t in TYPE_NAMES for e in FORMATS] + [ZIP_NAME]


def dated_name(name: str, generated: datetime.datetime) -> str:
    """The name a file is saved under: all.zip as ukraine-guarantees-all-<time>.zip."""
    stem, extension = name.rsplit(".", 1)
    return file_name(stem, extension, generated)


def content_type(name: str) -> str:
    return "application/zip" if name == ZIP_NAME else FORMATS[name.rsplit(".", 1)[1]]


def stream(type_name: str, extension: str, generated: datetime.datetime, resource=None):
    """The bytes of one file, written by the import/export writer the admin's export uses."""
    resource = resource or public_resource(type_name)
    queryset = QUERYSETS[type_name]()
    if extension == "json":  # typed: numbers, booleans, arrays and null (datapackage.py)
        rows = resource.iter_rows(queryset)
        return datapackage.typed_json_chunks(type_name, resource.get_export_headers(), rows)
    file_format = FILE_FORMATS[extension]()
    properties = workbook_properties(resource, generated) if extension == "xlsx" else None
    return export_chunks(resource, queryset, file_format, properties=properties)


def results_stream(type_name: str, narrowed, generated: datetime.datetime):
    """The CSV of one type's full download, narrowed to the records of ``narrowed`` (a reader's
    filtered list): the same columns, cells and public rule, only fewer rows."""
    resource = public_resource(type_name)
    queryset = QUERYSETS[type_name]().filter(pk__in=narrowed.order_by().values("pk"))
    return export_chunks(resource, queryset, CSVFormat())


def workbook_properties(resource, generated: datetime.datetime) -> dict:
    """A workbook's document properties name the licence and when it was generated."""
    return {
        "title": f"{PUBLISHER}: {resource.type_name}",
        "creator": PUBLISHER,
        "created": generated.replace(tzinfo=None),
        "description": (
            f"Generated {generated.isoformat()}. Licence: {LICENCE} ({LICENCE_URL}). "
            f"Cite as: {PUBLISHER}."
        ),
        "keywords": f"licence {LICENCE}",
    }


# -- Describing the columns ------------------------------------------------------------------


def column_descriptions(type_name: str) -> list[dict]:
    """Each column of a type's file with a description from the model it fills."""
    resource = RESOURCES[type_name]()
    model = resource._meta.model
    columns = []
    for field in resource.get_export_fields():
        if isinstance(field, ExportOnlyField):
            columns.append({"name": field.column_name, "description": field.description})
            continue
        if isinstance(field, PartialDateField):
            model_field = model._meta.get_field(f"{field.name}_on")
            text = f"{model_field.verbose_name}: a date as 2025, 2025-08 or 2025-08-18."
        else:
            model_field = model._meta.get_field(field.attribute)
            text = str(model_field.verbose_name)
            if isinstance(field.widget, KeysWidget):
                text += f": each {field.widget.description}, separated by “|”."
            elif isinstance(field.widget, KeyWidget):
                text += f": the {field.widget.description}."
            elif model_field.choices:
                text += ": one of " + ", ".join(str(value) for value, _ in model_field.choices)
                text += "."
            if model_field.help_text:
                text += f" {model_field.help_text}"
        columns.append({"name": field.column_name, "description": text[0].upper() + text[1:]})
    return columns


def data_package(generated: datetime.datetime) -> dict:
    """A Frictionless Data Package descriptor of the ZIP's files, typed and keyed."""
    return {
        "name": FILE_PREFIX,
        "title": PUBLISHER,
        "profile": "tabular-data-package",
        "created": generated.isoformat(),
        "licenses": [{"name": "CC-BY-4.0", "title": LICENCE_TITLE, "path": LICENCE_URL}],
        "resources": [
            datapackage.resource(
                type_name,
                extension,
                {c["name"]: c["description"] for c in column_descriptions(type_name)},
                FORMATS[extension].split(";")[0],
            )
            for type_name in TYPE_NAMES
            for extension in ZIP_FORMATS
        ],
    }


def readme(generated: datetime.datetime) -> str:
    lines = [
        f"{PUBLISHER}: published records",
        "",
        f"Generated: {generated.isoformat()}",
        f"Licence: {LICENCE_TITLE} ({LICENCE}), {LICENCE_URL}",
        f"Cite as: {PUBLISHER}, with the address of the record or of this download.",
        "",
        "Each record type is given as CSV and as JSON, in exactly the format the tracker's own",
        "import reads, so the files import into another instance in the order listed here.",
        "Dates are partial: 2025, 2025-08 or 2025-08-18. In CSV, several values in one cell are",
        "separated by “|” and the file starts with a UTF-8 byte-order mark; in JSON, numbers are",
        "numbers, lists are arrays and an empty value is null. A tier is named by its number;",
        "tiers.csv gives each number's slug, the tier's name in the API. Only published records",
        "are included. datapackage.json describes every column as a Frictionless Data Package:",
        "its type, allowed values, each file's primary key and the keys between files.",
        "",
    ]
    for type_name in TYPE_NAMES:
        lines += [f"{type_name}.csv / {type_name}.json", ""]
        lines += [f"  {c['name']}: {c['description']}" for c in column_descriptions(type_name)]
        lines.append("")
    return "\n".join(lines)


# -- The ZIP of everything --------------------------------------------------------------------


class _Pipe(io.RawIOBase):
    """A write-only stream whose bytes are taken out as they come (zipfile writes to it)."""

    def __init__(self):
        self.chunks = []

    def writable(self):
        return True

    def write(self, data):
        self.chunks.append(bytes(data))
        return len(data)

    def drain(self) -> bytes:
        data, self.chunks = b"".join(self.chunks), []
        return data


def entry_info(name: str, stamp) -> zipfile.ZipInfo:
    """A ZIP entry readable by everyone who unpacks it: a regular file, mode 0644."""
    info = zipfile.ZipInfo(name, stamp)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, so that the mode below is read
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    return info


def zip_chunks(generated: datetime.datetime, entry_chunks=None) -> Iterator[bytes]:
    """The ZIP of every type's CSV and JSON; ``entry_chunks(type_name, extension)`` gives an
    entry's bytes (a build passes the files it has just written, so the ZIP holds the same)."""
    entry_chunks = entry_chunks or (lambda t, e: stream(t, e, generated))
    pipe = _Pipe()
    stamp = generated.timetuple()[:6]
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(entry_info("README.txt", stamp), readme(generated))
        package = json.dumps(data_package(generated), ensure_ascii=False, indent=2)
        archive.writestr(entry_info("datapackage.json", stamp), package)
        yield pipe.drain()
        for type_name in TYPE_NAMES:
            for extension in ZIP_FORMATS:
                info = entry_info(f"{type_name}.{extension}", stamp)
                with archive.open(info, "w", force_zip64=True) as entry:
                    for chunk in entry_chunks(type_name, extension):
                        entry.write(chunk)
                        if data := pipe.drain():
                            yield data
    yield pipe.drain()


def now() -> datetime.datetime:
    return timezone.now().replace(microsecond=0)
