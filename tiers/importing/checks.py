"""The checks every imported row goes through, from dictionaries rather than a query per row.

``RowChecks`` is mixed into ``engine.RecordResource``, whose ``before_import`` sets the state
these checks share (``key_rows``, ``rows_seen``, ``existing_unique``, ``current_row``).
"""

import functools

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from .. import workflow
from ..models import Visibility
from .columns import KeysField
from .formats import cell_text

EMPTY = (None, "")  # a text never written and a text left empty read the same


class RowChecks:
    """Duplicate keys, validation as a form would do it, unique values and editorial rules."""

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
            if now in EMPTY and value in EMPTY:  # an empty _uk cell, an untranslated text
                continue
            if now != value:
                return False
        return True
