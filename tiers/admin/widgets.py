"""Autocomplete widgets whose labels come from one query per field, not one per inline row.

Django renders each autocomplete's selected option with its own query, so an inline of N rows
with two autocompletes runs 2N queries. The formset below collects the selected ids of all its
rows and looks their labels up once.
"""

from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Case, IntegerField, Value, When
from django.forms.models import BaseInlineFormSet


class CachedAutocompleteSelect(AutocompleteSelect):
    labels: dict[str, str] | None = None

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if self.labels is None or not selected <= self.labels.keys():
            return super().optgroups(name, value, attr)
        default = (None, [], 0)
        if not self.is_required:
            default[1].append(self.create_option(name, "", "", False, 0))
        for index, pk in enumerate(sorted(selected), start=1):
            default[1].append(self.create_option(name, pk, self.labels[pk], True, index))
        return [default]


class CachedLabelsInlineFormSet(BaseInlineFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.form.base_fields:
            if not isinstance(_inner_widget(self.form.base_fields[name]), CachedAutocompleteSelect):
                continue
            field = self.form.base_fields[name]
            ids = {getattr(form.instance, f"{name}_id") for form in self.initial_forms} - {None}
            labels = (
                {
                    str(obj.pk): field.label_from_instance(obj)
                    for obj in field.queryset.filter(pk__in=ids)
                }
                if ids
                else {}
            )
            for form in self.forms:
                _inner_widget(form.fields[name]).labels = labels


def _inner_widget(field):
    widget = field.widget
    return getattr(widget, "widget", widget)


class CachedAutocompleteMixin:
    """For an inline: autocomplete foreign keys rendered through ``CachedAutocompleteSelect``."""

    formset = CachedLabelsInlineFormSet

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CachedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RankedSearchMixin:
    """Search results (the autocompletes' lists) with exact matches first, then those that start
    with the words typed, then the rest, on the first of the ``search_fields`` that is the
    record's own. The change list orders its results itself, as its columns say."""

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        own = [name for name in self.get_search_fields(request) if "__" not in name]
        if term and own:
            field = own[0].lstrip("^=@")
            rank = Case(
                When(**{f"{field}__iexact": term}, then=Value(0)),
                When(**{f"{field}__istartswith": term}, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
            ordering = queryset.query.order_by or self.model._meta.ordering or ["pk"]
            queryset = queryset.annotate(search_rank=rank).order_by("search_rank", *ordering)
        return queryset, may_have_duplicates
