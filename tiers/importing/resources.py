"""One resource per record type, with human columns, all or nothing, without a query per row.

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
"""

import copy
import functools
import gc

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, models, transaction
from django.utils import timezone
from import_export import resources
from import_export.fields import Field
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import Error, Result
from import_export.widgets import ManyToManyWidget

from .. import history, workflow
from ..models import (
    Actor,
    Commitment,
    Membership,
    Source,
    Statement,
    StatusChange,
    Tier,
    Visibility,
)
from ..partial_dates import PartialDate
from .columns import (
    AmountWidget,
    ChoiceWidget,
    DateWidget,
    KeysField,
    KeysWidget,
    KeyWidget,
    PartialDateField,
    TextWidget,
    WholeNumberWidget,
    YesNoWidget,
)
from .formats import FileProblem, cell_text
from .lookups import Lookups

LOADER_CHUNK = 2000
WRITE_BATCH = 1000
PROGRESS_EVERY = 1000  # rows between two progress reports
PREVIEW_VALUES_UP_TO = 1000  # rows whose values the admin preview shows beside the stored ones


class RowProblem(ValueError):
    """A row that the database refused; the message names the row."""


class ManyKeysWidget(KeysWidget, ManyToManyWidget):
    """``KeysWidget`` as django-import-export's many-to-many handling recognises it."""


def text(column=None, **kwargs):
    return Field(column_name=column, widget=TextWidget(), **kwargs)


def choice(choices, noun, column=None, **kwargs):
    return Field(column_name=column, widget=ChoiceWidget(choices, noun), **kwargs)


def reference(attribute, index, description, render_key, column=None):
    return Field(
        attribute=attribute,
        column_name=column,
        widget=KeyWidget(index, description, render_key),
    )


def references(attribute, index, description, render_key, column=None):
    return KeysField(
        attribute=attribute,
        column_name=column,
        widget=ManyKeysWidget(index, description, render_key),
    )


class RecordResult(Result):
    """A result that knows its columns, to describe errors as "row N, column: message"."""

    columns: dict[str, str] = {}

    def messages(self) -> list[str]:
        from .messages import describe

        return describe(self)


def key_part(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, PartialDate):
        return value.date
    return value


class NaturalKeyLoader(BaseInstanceLoader):
    """Existing records of the file, found by natural key with one query per 2,000 rows."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.instances = {}
        keys = {k for row in dataset.dict if (k := resource.row_key(row)) is not None}
        first_attname = resource.key_attnames[0]
        firsts = sorted({k[0] for k in keys}, key=str)
        queryset = resource.loader_queryset()
        for start in range(0, len(firsts), LOADER_CHUNK):
            chunk = firsts[start : start + LOADER_CHUNK]
            for instance in queryset.filter(**{f"{first_attname}__in": chunk}):
                # Plain lists survive the copy django-import-export takes of each record (a
                # copied queryset forgets its prefetched rows and would query again).
                prefetched = getattr(instance, "_prefetched_objects_cache", {})
                instance._existing_m2m = {
                    field.attribute: list(prefetched.pop(field.attribute, []))
                    for field in resource.m2m_fields
                }
                self.instances[resource.instance_key(instance)] = instance

    def get_instance(self, row):
        return self.instances.get(self.resource.row_key(row))


class RecordResource(resources.ModelResource):
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
            field.attribute = field.attribute or name  # the helpers above name no attribute
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
            self.columns[field.attribute] = field.column_name
            if isinstance(field, PartialDateField):
                self.columns[f"{field.name}_precision"] = field.column_name
            else:
                self.columns[model._meta.get_field(field.attribute).attname] = field.column_name
        self.foreign_keys = [f for f in model._meta.concrete_fields if f.is_relation]
        self.m2m_fields = [f for f in self.fields.values() if isinstance(f, KeysField)]
        self.update_fields = sorted(
            {
                f.attname
                for f in model._meta.concrete_fields
                if f.attname in self.columns and not f.primary_key
            }
            | {"updated_at"}
        )

    # -- Columns and keys -------------------------------------------------------------------

    def _attname(self, field):
        if isinstance(field, PartialDateField):
            return field.attribute
        return self._meta.model._meta.get_field(field.attribute).attname

    def get_import_fields(self):
        # Asked for on every row; the answer never changes for a resource.
        if not hasattr(self, "_import_fields"):
            self._import_fields = super().get_import_fields()
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

    # -- The whole file ---------------------------------------------------------------------

    @classmethod
    def get_result_class(cls):
        return RecordResult

    def file_problems(self, dataset) -> list[str]:
        headers = [str(h) for h in (dataset.headers or [])]
        if not headers or not len(dataset):
            return ["The file holds no records: it needs a header row and at least one record."]
        known = self.column_names()
        problems = []
        unknown = [h for h in headers if h not in known]
        if unknown:
            problems.append(
                f"Unknown column{'s' if len(unknown) > 1 else ''} "
                + ", ".join(f"“{h}”" for h in unknown)
                + f"; the columns of a {self.type_name} file are: {', '.join(known)}."
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

    def duplicate_key_errors(self, row) -> dict:
        """A natural key an earlier row gave: checked before the row can be skipped as unchanged."""
        key = self.row_key(row)
        if key is None:
            return {}  # a key cell that cannot be read has its own message
        first = self.key_rows.setdefault(key, self.current_row)
        if first == self.current_row:
            return {}
        cells = [
            (self.fields[name].column_name, cell_text(row.get(self.fields[name].column_name)))
            for name in self.key_fields
        ]
        if len(cells) == 1:
            return {
                self.fields[self.key_fields[0]].attribute: [
                    f"“{cells[0][1]}” is already in row {first} of this file"
                ]
            }
        described = ", ".join(f"{column} “{value}”" for column, value in cells)
        return {
            NON_FIELD_ERRORS: [
                f"the record with {described} is already in row {first} of this file"
            ]
        }

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

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        # Foreign keys were resolved from the dictionaries; Django's own check would query each.
        exclude = set(errors) | {f.name for f in self.foreign_keys}
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            # A column whose cell could not be read already has its message; Model.clean()
            # would only add a consequence of it ("give the amount…").
            for name, messages in exc.message_dict.items():
                errors.setdefault(name, messages)
        for field in self.foreign_keys:
            if (
                not field.null
                and getattr(instance, field.attname) is None
                and field.name not in errors
            ):
                errors[field.name] = ["This field is required."]
        if not errors:
            errors = self.unique_errors(instance) | self.workflow_errors(instance)
        if errors:
            raise ValidationError(errors)

    def workflow_errors(self, instance) -> dict:
        """The admin forms' editorial rules (tiers.workflow), applied to each changed row."""
        errors = {}
        user = getattr(self, "import_user", None)
        if user is not None and instance.pk is not None:
            stored = self._meta.model(pk=instance.pk, visibility=instance._stored_visibility)
            if not workflow.may_edit(user, stored):
                errors["visibility"] = ["Only an editor can change a published record."]
        if instance.visibility == Visibility.PUBLISHED:
            relations = {field.attribute: field.get_value(instance) for field in self.m2m_fields}
            for name, message in workflow.publication_problems_by_field(instance, relations):
                errors.setdefault(name, []).append(message)
        return errors

    @functools.cached_property
    def unique_specs(self):
        """(attnames, constraint or None) of every set of values that must be unique."""
        model = self._meta.model
        specs = [
            ((f.attname,), None)
            for f in model._meta.concrete_fields
            if f.unique and not f.primary_key
        ]
        for constraint in model._meta.constraints:
            if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
                attnames = tuple(model._meta.get_field(n).attname for n in constraint.fields)
                specs.append((attnames, constraint))
        return specs

    def unique_errors(self, instance) -> dict:
        """Values that must be unique, checked against the file so far and the database."""
        errors = {}
        for attnames, constraint in self.unique_specs:
            values = tuple(getattr(instance, a) for a in attnames)
            if any(v is None or v == "" for v in values):
                continue  # blank values are exempt, and SQL never compares NULLs as equal
            field = self.columns.get(attnames[0], attnames[0]) if len(attnames) == 1 else None
            where = attnames[0] if len(attnames) == 1 else NON_FIELD_ERRORS
            seen = self.rows_seen.setdefault(attnames, {})
            if values in seen:
                what = (
                    f"“{values[0]}”"
                    if field
                    else "the same " + ", ".join(self.columns.get(a, a) for a in attnames)
                )
                errors[where] = [f"{what} is already in row {seen[values]} of this file"]
                continue
            seen[values] = self.current_row
            if list(attnames) == self.key_attnames:
                continue  # a record with this key in the database is the one being updated
            existing = self.existing_values(attnames).get(values)
            if existing is not None and existing != instance.pk:
                message = (
                    constraint.violation_error_message
                    if constraint is not None and constraint.violation_error_message
                    else f"another {self._meta.model._meta.verbose_name} already has this value"
                )
                errors[where] = [str(message)]
        return errors

    def existing_values(self, attnames) -> dict:
        if attnames not in self.existing_unique:
            rows = self._meta.model.objects.values_list(*attnames, "pk")
            self.existing_unique[attnames] = {tuple(r[:-1]): r[-1] for r in rows}
        return self.existing_unique[attnames]

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """A row is unchanged when every column it has equals the stored record."""
        stored = getattr(instance, "_stored_values", None)
        if import_validation_errors or stored is None:
            return False
        for name, value in stored.items():
            now = self.fields[name].get_value(instance)
            if isinstance(self.fields[name], KeysField):
                now, value = {r.pk for r in now}, {r.pk for r in value}
            if now != value:
                return False
        return True

    def before_save_instance(self, instance, row, **kwargs):
        if instance.pk is not None:
            instance.updated_at = timezone.now()

    # -- Writing ----------------------------------------------------------------------------

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        instances, self.create_instances = list(self.create_instances), []
        if instances and not self.any_invalid:
            self._write(
                instances,
                lambda batch: self._meta.model.objects.bulk_create(batch, batch_size=WRITE_BATCH),
                result,
                write_creates=True,
            )

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        instances, self.update_instances = list(self.update_instances), []
        if instances and not self.any_invalid:
            self._write(
                instances,
                lambda batch: self._meta.model.objects.bulk_update(
                    batch, self.update_fields, batch_size=WRITE_BATCH
                ),
                result,
                write_creates=False,
            )

    def _write(self, instances, write, result, write_creates):
        try:
            with transaction.atomic(using=self.get_db_connection_name()):
                write(instances)
                self.write_m2m(instances, created=write_creates)
                # One historical row per record written, relations included (tiers.history).
                history.record_bulk_history(
                    instances,
                    self._meta.model,
                    created=write_creates,
                    user=self.import_user,
                    reason="Import",
                )
        except DatabaseError as exc:
            self.any_invalid = True
            for message in self.locate_refusal(instances, write, write_creates, exc):
                result.append_base_error(Error(RowProblem(message)))
        else:
            self.written.extend(instances)

    def write_m2m(self, instances, created):
        """Replace the many-to-many values of the written records: one delete, one insert."""
        for field in self.m2m_fields:
            relation = self._meta.model._meta.get_field(field.attribute)
            through = relation.remote_field.through
            source_name = relation.m2m_field_name() + "_id"
            target_name = relation.m2m_reverse_field_name() + "_id"
            changed = [i for i in instances if field.attribute in i._pending_m2m]
            if not created and changed:
                through.objects.filter(**{f"{source_name}__in": [i.pk for i in changed]}).delete()
            # Django's own link tables are (id, source, target); positional is the quick way.
            assert [f.attname for f in through._meta.concrete_fields][1:] == [
                source_name,
                target_name,
            ]
            through.objects.bulk_create(
                [
                    through(None, i.pk, target.pk)
                    for i in changed
                    for target in i._pending_m2m[field.attribute]
                ],
                batch_size=WRITE_BATCH,
            )

    def locate_refusal(self, instances, write, created, exc) -> list[str]:
        """Find the rows the database refused by writing them one at a time (only on failure)."""
        messages = []
        for instance in instances:
            try:
                with transaction.atomic(using=self.get_db_connection_name()):
                    write([instance])
                    self.write_m2m([instance], created=created)
                    transaction.set_rollback(True)
            except DatabaseError as row_exc:
                row = self.row_of.get(id(instance), "?")
                messages.append(f"row {row}: {self.refusal_in_words(row_exc)}")
        return messages or [f"The database refused the file: {self.refusal_in_words(exc)}"]

    def refusal_in_words(self, exc) -> str:
        text = str(exc)
        for constraint in self._meta.model._meta.constraints:
            if constraint.name in text and constraint.violation_error_message:
                return str(constraint.violation_error_message)
        return text.strip().splitlines()[0] if text.strip() else type(exc).__name__

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
            f"{f.attribute}__{f.widget.render_key}"
            for f in self.fields.values()
            if isinstance(f.widget, KeyWidget) and not isinstance(f, KeysField)
        ]
        own = [f.name for f in self._meta.model._meta.concrete_fields]
        queryset = queryset.select_related(*related).only(*own, *keys)
        return queryset.prefetch_related(*prefetch).order_by("pk")

    def iter_rows(self, queryset=None, selected_fields=None):
        fields = self.get_export_fields(selected_fields)
        for instance in self.export_queryset(queryset).iterator(chunk_size=LOADER_CHUNK):
            yield [self.export_field(field, instance) for field in fields]


# -- The record types, in the order their files import ----------------------------------------


class TierResource(RecordResource):
    type_name = "tiers"
    key_fields = ("number",)
    required_columns = ("number", "name", "slug", "summary")

    number = Field(column_name="number", widget=WholeNumberWidget())
    name = text()
    slug = text()
    summary = text()
    description = text()

    class Meta:
        model = Tier
        fields = ("number", "name", "slug", "summary", "description", "visibility")


class SourceResource(RecordResource):
    type_name = "sources"
    key_fields = ("key",)
    required_columns = ("key", "title", "kind")

    key = text()
    title = text()
    publisher = text()
    url = text()
    kind = choice(Source.Kind.choices, "kind of source")
    published = PartialDateField("published")
    archived_url = text(column="archived url")
    accessed_on = Field(column_name="accessed", widget=DateWidget())

    class Meta:
        model = Source
        fields = (
            "key",
            "title",
            "publisher",
            "url",
            "kind",
            "published",
            "archived_url",
            "accessed_on",
            "visibility",
        )


class ActorResource(RecordResource):
    type_name = "actors"
    key_fields = ("slug",)
    required_columns = ("slug", "name", "kind")

    slug = text()
    name = text()
    short_name = text(column="short name")
    kind = choice(Actor.Kind.choices, "kind of actor")
    iso_code = text(column="iso code")
    wikidata_id = text(column="wikidata id")
    description = text()

    class Meta:
        model = Actor
        fields = (
            "slug",
            "name",
            "short_name",
            "kind",
            "iso_code",
            "wikidata_id",
            "description",
            "visibility",
        )


class MembershipResource(RecordResource):
    type_name = "memberships"
    key_fields = ("member", "organisation", "role", "start")
    required_columns = ("member", "in", "role", "start")

    member = reference("member", "actor", "actor with slug", "slug")
    organisation = reference("organisation", "actor", "actor with slug", "slug", column="in")
    role = choice(Membership.Role.choices, "role")
    title = text()
    start = PartialDateField("start")
    end = PartialDateField("end")
    source = reference("source", "source", "source with key or URL", "key")

    class Meta:
        model = Membership
        fields = ("member", "organisation", "role", "title", "start", "end", "source", "visibility")


class CommitmentResource(RecordResource):
    type_name = "commitments"
    key_fields = ("slug",)
    required_columns = ("slug", "tier", "title", "category")

    slug = text()
    tier = reference("tier", "tier", "tier with number", "number")
    title = text()
    description = text()
    category = choice(Commitment.Category.choices, "category")
    amount = Field(column_name="amount", widget=AmountWidget())
    currency = text()
    announced = PartialDateField("announced")
    lead_actor = reference("lead_actor", "actor", "actor with slug", "slug", column="lead actor")
    actors = references("actors", "actor", "actor with slug", "slug")
    sources = references("sources", "source", "source with key or URL", "key")
    condition = choice(
        Commitment.Condition.choices, "condition", default=Commitment.Condition.UNCONDITIONAL
    )
    condition_description = text(column="condition in words")
    condition_triggered = Field(
        column_name="condition triggered", widget=YesNoWidget(), default=False
    )

    class Meta:
        model = Commitment
        fields = (
            "slug",
            "tier",
            "title",
            "description",
            "category",
            "amount",
            "currency",
            "announced",
            "lead_actor",
            "actors",
            "sources",
            "condition",
            "condition_description",
            "condition_triggered",
            "visibility",
        )


class StatementResource(RecordResource):
    type_name = "statements"
    key_fields = ("slug",)
    required_columns = ("slug", "speaker", "quote")

    slug = text()
    speaker = reference("speaker", "actor", "actor with slug", "slug")
    speaker_role = text(column="speaker role")
    on_behalf_of = reference(
        "on_behalf_of", "actor", "actor with slug", "slug", column="on behalf of"
    )
    said = PartialDateField("said")
    occasion = text()
    quote = text()
    language = text(default="en")
    translation = text()
    translated_by = text(column="translated by")
    tiers = references("tiers", "tier", "tier with number", "number")
    commitments = references("commitments", "commitment", "commitment with slug", "slug")
    sources = references("sources", "source", "source with key or URL", "key")

    class Meta:
        model = Statement
        fields = (
            "slug",
            "speaker",
            "speaker_role",
            "on_behalf_of",
            "said",
            "occasion",
            "quote",
            "language",
            "translation",
            "translated_by",
            "tiers",
            "commitments",
            "sources",
            "visibility",
        )


class StatusChangeResource(RecordResource):
    type_name = "status-changes"
    key_fields = ("commitment", "occurred", "progress")
    required_columns = ("commitment", "occurred", "progress", "summary")

    commitment = reference("commitment", "commitment", "commitment with slug", "slug")
    occurred = PartialDateField("occurred")
    progress = choice(Commitment.Progress.choices, "progress")
    legal_form = choice(Commitment.LegalForm.choices, "legal form", column="legal form")
    summary = text()
    source = reference("source", "source", "source with key or URL", "key")
    statement = reference("statement", "statement", "statement with slug", "slug")

    class Meta:
        model = StatusChange
        fields = (
            "commitment",
            "occurred",
            "progress",
            "legal_form",
            "summary",
            "source",
            "statement",
            "visibility",
        )

    def after_import(self, dataset, result, **kwargs):
        # bulk_create bypasses StatusChange.save(): set each commitment's state from its changes.
        commitment_ids = {change.commitment_id for change in self.written}
        if commitment_ids:
            Commitment.objects.filter(pk__in=commitment_ids).refresh_states()


# Dependency order: each type refers only to types before it.
RESOURCES = {
    resource.type_name: resource
    for resource in [
        TierResource,
        SourceResource,
        ActorResource,
        MembershipResource,
        CommitmentResource,
        StatementResource,
        StatusChangeResource,
    ]
}
