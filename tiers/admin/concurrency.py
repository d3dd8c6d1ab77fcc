"""Optimistic concurrency for the admin's change forms and their inline rows.

Each form of an existing record carries, in a hidden field, the record's ``updated_at`` as it was
when the page was opened. On saving, the stored value is read again (locking the row on
databases that can); if someone saved the record in between and changed a field that this form
edits, the save is refused: the form comes back with the person's input and a message naming the
fields that changed, who changed them and when (from the record's history), and nothing at all
is saved, the record nor any of its rows, since the admin validates every form before writing.
The refused form then carries the version it was refused against, so that saving again, after
checking, keeps this person's values deliberately. Inline rows are checked the same way, and a
row that someone deleted meanwhile is refused too, unless this person deletes it as well.
"""

import datetime

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.db import router, transaction
from django.utils import formats
from django.utils.translation import gettext as _

from ..models.history import TRACKED_RELATIONS

VERSION_FIELD = "edit_version"


def _parse(value):
    try:
        return datetime.datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def _stored_versions(model, pks):
    """{pk: updated_at} as stored now, rows locked until the save's transaction ends."""
    queryset = model._default_manager.filter(pk__in=pks)
    if transaction.get_connection(router.db_for_write(model)).in_atomic_block:
        queryset = queryset.select_for_update()
    return dict(queryset.values_list("pk", "updated_at"))


def _user_name(user):
    if user is None:
        return _("an import or a script")
    return user.get_full_name() or user.get_username()


def _relation_ids(model, name, record):
    """The ids a historical row (or the stored record) cites through a tracked relation."""
    field = model._meta.get_field(name)
    if hasattr(record, "history_id"):
        target = field.m2m_reverse_field_name()
        return {getattr(row, f"{target}_id") for row in getattr(record, name).all()}
    return set(getattr(record, name).values_list("pk", flat=True))


def changes_since(model, pk, base, field_names):
    """Who saved the record after ``base``, when, and which of ``field_names`` differ now.

    Returns ``(labels, who, when)``; ``labels`` is None when the history does not hold the
    version the form was opened at, so what changed cannot be told.
    """
    history = model.history.filter(id=pk)
    before = history.filter(updated_at__lte=base).order_by("-updated_at", "-history_id").first()
    later = list(
        history.filter(updated_at__gt=base).select_related("history_user").order_by("updated_at")
    )
    current = model._default_manager.filter(pk=pk).first()
    who = list(dict.fromkeys(_user_name(row.history_user) for row in later))
    when = later[-1].history_date if later else None
    if before is None or current is None:
        return None, who, when
    labels = []
    relations = TRACKED_RELATIONS.get(model, [])
    for name in field_names:
        field = model._meta.get_field(name)
        if name in relations:
            differs = _relation_ids(model, name, before) != _relation_ids(model, name, current)
        elif field.concrete and not field.many_to_many:
            # An untranslated text is None until a form first saves it as "": the same text.
            was, now = getattr(before, field.attname), getattr(current, field.attname)
            differs = (was if was is not None else "") != (now if now is not None else "")
        else:
            continue
        if differs:
            labels.append(str(field.verbose_name))
    return labels, who, when


def _model_field_names(form):
    names = {f.name for f in form._meta.model._meta.get_fields()}
    found = []
    for name, field in form.fields.items():
        # A field that stands for several columns (a partial date) names them.
        found += getattr(field, "model_fields", [name] if name in names else [])
    return [name for name in found if name != "updated_at"]


def conflict_message(model, pk, base, form):
    """The refusal, in words, or None when nothing this form edits changed after ``base``."""
    labels, who, when = changes_since(model, pk, base, _model_field_names(form))
    if labels == []:
        return None
    by = {"who": ", ".join(who) or _("someone"), "when": _when(when)}
    if labels is None:
        said = _("%(who)s saved it after you opened it (%(when)s).") % by
    else:
        said = _("%(who)s changed %(fields)s after you opened it (%(when)s).") % {
            **by,
            "fields": ", ".join(f"“{label}”" for label in labels),
        }
    return " ".join(
        [
            said,
            _(
                "Nothing was saved; your input is still on the form. Compare it with the "
                "current version (open the record in another tab), then save again to keep "
                "your values."
            ),
        ]
    )


def deleted_message(model, pk):
    """A row that someone deleted after the page was opened, in words."""
    row = None
    if str(pk).isdigit():
        row = model.history.filter(id=pk).select_related("history_user").first()
    by = {
        "who": _user_name(row.history_user) if row else _("someone"),
        "row": str(row.instance) if row else _("a row"),
        "when": _when(row.history_date if row else None),
    }
    return (
        _(
            "%(who)s deleted “%(row)s” after you opened the page (%(when)s). Nothing was saved. "
            "Reload the page to see the record as it is now, then make your change again."
        )
        % by
    )


def _when(moment):
    return formats.date_format(moment, "DATETIME_FORMAT") if moment else _("time unknown")


def _set_version(form, version):
    """The refused form carries the version it was refused against, for a deliberate save."""
    form.data = form.data.copy()
    form.data[form.add_prefix(VERSION_FIELD)] = version.isoformat() if version else ""


class EditVersionFormMixin:
    """The hidden version field of a change form or an inline row's form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[VERSION_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        if self.instance.pk is not None:
            self.initial[VERSION_FIELD] = self._opened_version()

    def _opened_version(self):
        # A revert form's instance is an old version; the version that counts is the stored one.
        if getattr(self.instance, "_history", None) is not None:
            model = type(self.instance)
            stored = model._default_manager.filter(pk=self.instance.pk)
            version = stored.values_list("updated_at", flat=True).first()
        else:
            version = self.instance.updated_at
        return version.isoformat() if version else ""

    def submitted_version(self):
        return _parse(self.data.get(self.add_prefix(VERSION_FIELD)))


class EditVersionChangeFormMixin(EditVersionFormMixin):
    """A record's own change form (or revert form): refused when it is out of date."""

    def clean(self):
        cleaned = super().clean()
        base = self.submitted_version()
        if base is None or self.instance.pk is None:
            return cleaned
        model = type(self.instance)
        stored = _stored_versions(model, [self.instance.pk])
        if self.instance.pk not in stored:
            raise forms.ValidationError(
                _("Someone deleted this record after you opened it; nothing was saved.")
            )
        current = stored[self.instance.pk]
        if current != base and (message := conflict_message(model, self.instance.pk, base, self)):
            _set_version(self, current)
            raise forms.ValidationError(message, code="edited_meanwhile")
        return cleaned


class EditVersionFormSetMixin:
    """An inline formset whose rows are refused when someone changed or deleted them meanwhile."""

    def clean(self):
        super().clean()
        model = self.model
        pk_name = model._meta.pk.name
        loaded = {}
        for form in self.initial_forms:
            base = form.submitted_version()
            if base is not None:
                loaded[form] = base
        if not loaded:
            return
        stored = _stored_versions(model, [form.instance.pk for form in loaded if form.instance.pk])
        refused = []
        for form, base in loaded.items():
            deleting = self.can_delete and self._should_delete_form(form)
            if form.instance.pk is None or form.instance.pk not in stored:
                # The row's id no longer matches a record; say so instead of "invalid choice".
                if form._errors is not None:
                    form._errors.pop(pk_name, None)
                if not deleting:
                    message = deleted_message(model, form.data.get(form.add_prefix(pk_name)))
                    form.add_error(None, message)
                    # The page shows only rows that still exist: say it above them too.
                    refused.append(message)
                continue
            current = stored[form.instance.pk]
            if current == base:
                continue
            message = conflict_message(model, form.instance.pk, base, form)
            if message is None:
                continue
            _set_version(form, current)
            if deleting:
                refused.append(
                    _("Row “%(row)s”: %(message)s") % {"row": form.instance, "message": message}
                )
            else:
                form.add_error(None, message)
        if refused:
            raise forms.ValidationError(refused, code="edited_meanwhile")


def _with_version_field(fieldsets):
    fieldsets = list(fieldsets)
    if not fieldsets or VERSION_FIELD in flatten_fieldsets(fieldsets):
        return fieldsets
    name, options = fieldsets[0]
    fieldsets[0] = (name, {**options, "fields": [*options["fields"], VERSION_FIELD]})
    return fieldsets


def _without_version_field(admin, request, obj, kwargs):
    if "fields" in kwargs:
        fields = kwargs["fields"]
    else:
        fields = flatten_fieldsets(admin.get_fieldsets(request, obj))
    if fields is not None:
        kwargs["fields"] = [name for name in fields if name != VERSION_FIELD]
    return kwargs


class EditVersionAdminMixin:
    """For a ModelAdmin: its change form carries and checks the record's version."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        # Only a form that can be saved carries a version; a read-only page shows none.
        if obj is not None and self.has_change_permission(request, obj):
            return _with_version_field(fieldsets)
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs = _without_version_field(self, request, obj, kwargs)
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (EditVersionChangeFormMixin, form), {})


class EditVersionInlineMixin:
    """For an inline: each existing row carries and checks its own version."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and self.has_change_permission(request, obj):
            return _with_version_field(fieldsets)
        return fieldsets

    def get_formset(self, request, obj=None, **kwargs):
        kwargs = _without_version_field(self, request, obj, kwargs)
        formset = super().get_formset(request, obj, **kwargs)
        form = type(formset.form.__name__, (EditVersionFormMixin, formset.form), {})
        return type(formset.__name__, (EditVersionFormSetMixin, formset), {"form": form})
