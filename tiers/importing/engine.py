"""The import machinery every record type shares, all or nothing, without a query per row.

How a file is imported, whatever calls ``import_data()`` (the admin, the command, code):

1. The header is checked: every required column present, no unknown one, at least one record.
2. Each row's cells are read by the widgets in ``columns``; references resolve from the
   dictionaries in ``lookups``; existing records are found by natural key from one query per
   2,000 rows (``NaturalKeyLoader``).
3. A row whose natural key an earlier row of the file already gave is refused, naming both
   rows, whether the record is new or stored and whatever its other cells: a file names each
   record once (otherwise the last row would silently win).
4. Each record is validated like a form would (fields, validators, ``Model.clean()``), and its
   unique values are checked against the rest of the file and the database from dictionaries, in
   place of Django's per-row unique and constraint queries.
5. Unchanged rows are skipped; the rest are written with ``bulk_create`` / ``bulk_update`` and
   their many-to-many rows with one insert per relation.
6. Any bad row, or any database error, rolls the whole file back: nothing is half-saved.

The steps are spread over small modules: ``loader`` (step 2's stored records), ``checks``
(steps 3 and 4, and which rows are unchanged), ``writes`` (steps 5 and 6). The record types
themselves are declared in ``resources``.
"""

import copy
import functools
import gc

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from import_export import resources
from import_export.fields import Field
from import_export.results import Error, Result
from modeltranslation.fields import TranslationField

from .. import workflow
from ..models import Visibility
from ..translation import translated_fields
from .checks import RowChecks
from .columns import ExportOnlyField, KeysField, KeyWidget, PartialDateField, choice
from .loader import LOADER_CHUNK, NaturalKeyLoader, key_part
from .lookups import Lookups
from .messages import describe
from .problems import FileProblem
from .writes import BulkWrites

PROGRESS_EVERY = 1000  # rows between two progress reports
PREVIEW_VALUES_UP_TO = 1000  # rows whose values the admin preview shows beside the stored ones


class RecordResult(Result):
    """A result that knows its columns, to describe errors as "row N, column: message"."""

    columns: dict[str, str] = {}

    def messages(self) -> list[str]:
        return describe(self)


class ColumnsMetaclass(resources.ModelDeclarativeMetaclass):
    """A record type's columns are declared once, as the resource's fields: its file's columns
    are those fields in the order declared, then ``visibility`` (``Meta.fields``, which orders
    the export and keeps out every model field not declared)."""

    def __new__(cls, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and hasattr(meta, "model") and not hasattr(meta, "fields"):
            declared = (key for key, value in attrs.items() if isinstance(value, Field))
            meta.fields = (*declared, "visibility")
        return super().__new__(cls, name, bases, attrs)


def form_fields(resource_class, without=()) -> list[str]:
    """The model fields the admin edits for a resource's columns, in their order: a partial date
    as one field, a translated text once (the admin shows its languages side by
    side). ``without`` leaves out columns (the parent of an inline)."""
    names = []
    columns = resource_class._meta.fields
    for column in columns:
        base, _, language = column.rpartition("_")
        if column in without or (language == "uk" and base in columns):
            continue
        field = resource_class.fields[column]
        # A partial date is one box on the admin's forms (tiers/admin/fields.py), as in files.
        names.append(field.name if isinstance(field, PartialDateField) else column)
    return names


class RecordResource(RowChecks, BulkWrites, resources.ModelResource, metaclass=ColumnsMetaclass):
    """What every record type shares; subclasses declare their columns and natural key."""

    #: The name of this type on the command line and in file names.
    type_name = ""
    #: Resource fields (in order) that identify a record, matching ``Model.NATURAL_KEY``.
    key_fields: tuple[str, ...] = ()
    #: Columns without which a file of this type is refused.
    required_columns: tuple[str, ...] = ()

    visibility = choice(Visibility.choices, "visibility", default=Visibility.DRAFT)

    class Meta:
        use_bulk = True
        batch_size = None  # one bulk write at the end, after every row has been checked
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        instance_loader_class = NaturalKeyLoader
        skip_html_diff = False

    def __init__(self, *, html_diff=True, progress=None, **kwargs):
        super().__init__(**kwargs)
        for name, field in self.fields.items():
            field.attribute = field.attribute or name  # text() and choice() name none
        # The admin's preview shows each row's values beside the stored ones; without it (the
        # command line), no copy of each record is taken for that display.
        self._meta = copy.copy(type(self)._meta)
        self._meta.skip_diff = not html_diff
        self.on_progress = progress  # called with (rows done, rows in all) during long imports
        self.lookups = Lookups()
        for field in self.fields.values():
            if isinstance(field.widget, KeyWidget):
                field.widget.lookups = self.lookups
        model = self._meta.model
        self.key_attnames = [self._attname(self.fields[name]) for name in self.key_fields]
        self.columns = {}
        for field in self.fields.values():
            if isinstance(field, ExportOnlyField):
                continue
            self.columns[field.attribute] = field.column_name
            if isinstance(field, PartialDateField):
                self.columns[f"{field.name}_precision"] = field.column_name
            else:
                self.columns[model._meta.get_field(field.attribute).attname] = field.column_name
        self.foreign_keys = [f for f in model._meta.concrete_fields if f.is_relation]
        self.m2m_fields = [f for f in self.fields.values() if isinstance(f, KeysField)]
        # Read-only columns are never written back (a commitment's state follows its changes).
        derived = {
            attname
            for attname, column in self.columns.items()
            if any(f.readonly and f.column_name == column for f in self.fields.values())
        }
        self.update_fields = sorted(
            {
                f.attname
                for f in model._meta.concrete_fields
                if f.attname in self.columns and not f.primary_key and f.attname not in derived
            }
            | {"updated_at"}
            | {  # a translated field's own column, with its language columns (tiers.translation)
                name
                for name in translated_fields(model)
                if f"{name}_en" in self.columns or f"{name}_uk" in self.columns
            }
        )

    # -- Columns and keys -------------------------------------------------------------------

    def _attname(self, field):
        if isinstance(field, PartialDateField):
            return field.attribute
        return self._meta.model._meta.get_field(field.attribute).attname

    def get_import_fields(self):
        # Asked for on every row; the answer never changes for a resource. Read-only columns
        # (a commitment's current progress) are written out but never read back.
        if not hasattr(self, "_import_fields"):
            fields = super().get_import_fields()
            self._import_fields = [field for field in fields if not field.readonly]
        return self._import_fields

    def column_names(self):
        return [field.column_name for field in self.get_export_fields()]

    def row_key(self, row):
        """The natural key of a row, or ``None`` when a key cell cannot be read."""
        try:
            return tuple(key_part(self.fields[name].clean(row)) for name in self.key_fields)
        except (ValueError, KeyError):
            return None

    def instance_key(self, instance):
        return tuple(getattr(instance, attname) for attname in self.key_attnames)

    def loader_queryset(self):
        related = [f.name for f in self.foreign_keys]
        m2m = [f.attribute for f in self.m2m_fields]
        return self._meta.model.objects.select_related(*related).prefetch_related(*m2m)

    def get_import_id_fields(self):
        return list(self.key_fields)

    def init_instance(self, row=None):
        return self._meta.model(**self.translation_defaults)

    @functools.cached_property
    def translation_defaults(self) -> dict:
        """A new record's language columns (title_en, title_uk) with their declared defaults,
        given to the constructor: django-modeltranslation would otherwise work each one out
        again, for every row, inside a switch of the active language."""
        defaults = {}
        for field in self._meta.model._meta.concrete_fields:
            if isinstance(field, TranslationField) and (
                field.default is models.NOT_PROVIDED or not callable(field.default)
            ):
                value = field.get_default()
                if value is None or isinstance(value, str):
                    defaults[field.attname] = value
        return defaults

    # -- The whole file ---------------------------------------------------------------------

    @classmethod
    def get_result_class(cls):
        return RecordResult

    def file_problems(self, dataset) -> list[str]:
        headers = [str(h) for h in (dataset.headers or [])]
        if not headers or not len(dataset):
            return ["The file holds no records: it needs a header row and at least one record."]
        known = self.column_names()  # read-only ones included: a download imports as it is
        problems = []
        unknown = [h for h in headers if h not in known]
        if unknown:
            read = ", ".join(field.column_name for field in self.get_import_fields())
            problems.append(
                f"Unknown column{'s' if len(unknown) > 1 else ''} "
                + ", ".join(f"“{h}”" for h in unknown)
                + f"; the columns of a {self.type_name} file are: {read}."
            )
        missing = [c for c in self.required_columns if c not in headers]
        if missing:
            problems.append(
                f"Missing column{'s' if len(missing) > 1 else ''} "
                + ", ".join(f"“{c}”" for c in missing)
                + f"; a {self.type_name} file needs: {', '.join(self.required_columns)}."
            )
        return problems

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=False,
        **kwargs,
    ):
        """Import the whole file or nothing, whatever the caller asks for."""
        problems = self.file_problems(dataset)
        if problems:
            result = self.get_result_class()()
            result.columns = self.columns
            result.total_rows = len(dataset)
            for problem in problems:
                result.append_base_error(Error(FileProblem(problem)))
            return result
        # An import keeps every row's record and result alive until it ends, and the cyclic
        # garbage collector would walk them all again and again as it allocates (a third of the
        # time of a 10,000-row import, measured by bench/import_export.py). Its garbage is
        # freed by reference counting; cycle collection resumes when it ends.
        collecting = gc.isenabled()
        gc.disable()
        try:
            result = super().import_data(
                dataset,
                dry_run=dry_run,
                raise_errors=raise_errors,
                use_transactions=True,
                collect_failed_rows=collect_failed_rows,
                rollback_on_validation_errors=True,
                **kwargs,
            )
        finally:
            if collecting:
                gc.enable()
        result.columns = self.columns
        return result

    def before_import(self, dataset, **kwargs):
        if len(dataset) > PREVIEW_VALUES_UP_TO:
            self._meta.skip_diff = True  # a long preview lists what each row does, not values
        self.lookups.reset()
        self.rows_seen = {}  # unique values -> row number, within the file
        self.key_rows = {}  # natural key -> the row number that first gave it
        self.existing_unique = {}  # unique values -> pk, in the database
        self.row_of = {}  # id(instance) -> row number, to name a row the database refuses
        self.any_invalid = False
        self.written = []
        self.import_user = kwargs.get("user")  # given by the admin; None from the command line
        self.total = len(dataset)
        self.current_row = 0

    def before_import_row(self, row, row_number=None, **kwargs):
        self.current_row = row_number

    def after_import_row(self, row, row_result, row_number=None, **kwargs):
        if row_result.validation_error is not None or row_result.errors:
            self.any_invalid = True
        at_step = row_number and (row_number % PROGRESS_EVERY == 0 or row_number == self.total)
        if self.on_progress and at_step:
            self.on_progress(row_number, self.total)

    # -- One row ----------------------------------------------------------------------------

    def import_instance(self, instance, row, **kwargs):
        errors = self.duplicate_key_errors(row)
        was = instance.visibility if instance.pk else None
        instance._stored_visibility = was
        if instance.pk is not None:  # the stored values of the columns the file has
            instance._stored_values = {
                name: field.get_value(instance)
                for name, field in self.fields.items()
                if field.column_name in row
            }
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        # Roles: only an editor publishes or unpublishes, by file as by form (tiers.workflow).
        if getattr(self, "import_user", None) and "visibility" not in errors:
            refusal = workflow.visibility_change_error(self.import_user, was, instance.visibility)
            if refusal:
                errors["visibility"] = [refusal]
        pending = {}
        for field in self.m2m_fields:
            if field.column_name not in row:
                continue
            try:
                pending[field.attribute] = field.clean(row)
            except ValueError as exc:
                errors[field.attribute] = [str(exc)]
        instance._pending_m2m = pending
        self.row_of[id(instance)] = self.current_row
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        if instance.pk is not None:
            instance.updated_at = timezone.now()

    def after_import(self, dataset, result, **kwargs):
        pass

    # -- Export -----------------------------------------------------------------------------

    def export_queryset(self, queryset=None):
        """Related records joined or prefetched per chunk: a fixed number of queries."""
        queryset = self._meta.model.objects.all() if queryset is None else queryset
        related = [f.name for f in self.foreign_keys]
        prefetch = [
            models.Prefetch(
                f.attribute,
                queryset=self._meta.model._meta.get_field(f.attribute)
                .related_model.objects.only("pk", f.widget.render_key)
                .order_by(),
            )
            for f in self.m2m_fields
        ]
        # Of a related record, only the key that names it (a commitment's long text stays out).
        keys = [
            f"{f.attribute}__{name}"
            for f in self.fields.values()
            if isinstance(f.widget, KeyWidget) and not isinstance(f, KeysField)
            for name in f.widget.render_fields
        ]
        own = [f.name for f in self._meta.model._meta.concrete_fields]
        queryset = queryset.select_related(*related).only(*own, *keys)
        return queryset.prefetch_related(*prefetch).order_by("pk")

    def iter_rows(self, queryset=None, selected_fields=None):
        fields = self.get_export_fields(selected_fields)
        for instance in self.export_queryset(queryset).iterator(chunk_size=LOADER_CHUNK):
            yield [self.export_field(field, instance) for field in fields]
