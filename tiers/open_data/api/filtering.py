"""The shared filters (tiers/filters) read strictly as API query parameters, and described.

A parameter the address does not take, one given twice or given empty, and a value its filter
refuses are each a 400 naming the parameter, so that the OpenAPI document and the server agree
(schemathesis checks both ways). The API adds ``updated_since`` for incremental sync.
"""

from django.db.models import Exists, OuterRef, Q
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.extensions import OpenApiFilterExtension
from rest_framework.exceptions import APIException

from ... import filters
from ...filters.base import InstantFilter, ReaderFilterSet
from ...models import Figure, StatusChange
from . import languages


class InvalidParameters(APIException):
    status_code = 400

    def __init__(self, errors: dict):
        self.detail = {"detail": "Some query parameters are not valid.", "errors": errors}


def query_errors(query, allowed) -> dict:
    errors = {}
    for name in query:
        values = query.getlist(name)
        if name not in allowed:
            errors[name] = [f"This address takes no “{name}”; it takes: {', '.join(allowed)}."]
        elif len(values) > 1:
            errors[name] = ["Give this parameter once."]
        elif values[0] == "":
            errors[name] = ["Give a value, or leave the parameter out."]
    return errors


def taken_parameters(view) -> tuple[str, ...]:
    """The query parameters an address takes: a list's filters and pages; none for a record."""
    if getattr(view, "action", None) != "list":
        return (languages.PARAMETER,)
    return (*view.paginator.parameters, *view.filterset_class.base_filters, languages.PARAMETER)


def refuse_invalid_parameters(request, view, filterset=None) -> None:
    errors = {}
    if filterset is not None and not filterset.is_valid():
        errors |= {name: list(messages) for name, messages in filterset.errors.items()}
    if getattr(view, "action", None) == "list":
        errors |= view.paginator.parameter_errors(request.query_params)
    errors |= query_errors(request.query_params, taken_parameters(view))
    errors = languages.parameter_errors(request.query_params) | errors
    if errors:
        raise InvalidParameters(errors)


class StrictFilterBackend(DjangoFilterBackend):
    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        return {**kwargs, "strict": True, "extent": view.paginator.extent(request)}

    def filter_queryset(self, request, queryset, view):
        # No filter asked for: the list as it is, without building the FilterSet's form for
        # nothing (which takes longer than reading a page of the list).
        filters = self.get_filterset_class(view, queryset).base_filters
        asked = any(name in filters for name in request.query_params)
        filterset = self.get_filterset(request, queryset, view) if asked else None
        refuse_invalid_parameters(request, view, filterset)
        return filterset.qs if filterset is not None else queryset


class ChangedSince(ReaderFilterSet):
    updated_since = InstantFilter(
        method="changed_since",
        description="Only records created or changed at or after this instant (RFC 3339, with a "
        "time zone), for incremental sync.",
    )

    @staticmethod
    def changed_since(queryset, name, value):
        return queryset.filter(updated_at__gte=value)


def for_api(filterset_class, changed_since=None):
    """The shared filters of a record type with the API's ``updated_since``."""
    attrs = {"Meta": filterset_class.Meta, "__module__": __name__}
    if changed_since is not None:
        attrs["changed_since"] = staticmethod(changed_since)
    name = filterset_class.__name__.removesuffix("Filter") + "ApiFilter"
    return type(name, (filterset_class, ChangedSince), attrs)


def commitments_changed_since(queryset, name, value):
    """A commitment counts as changed when it, any published change in its timeline or any of its
    published figures was: a draft is not public, and writing one changes nothing public."""
    changed = StatusChange.objects.published().filter(
        commitment=OuterRef("pk"), updated_at__gte=value
    )
    figures = Figure.objects.published().filter(commitment=OuterRef("pk"), updated_at__gte=value)
    return queryset.filter(Q(updated_at__gte=value) | Exists(changed) | Exists(figures))


TierApiFilter = for_api(filters.TierFilter)
ActorApiFilter = for_api(filters.ActorFilter)
MembershipApiFilter = for_api(filters.MembershipFilter)
SourceApiFilter = for_api(filters.SourceFilter)
CommitmentApiFilter = for_api(filters.CommitmentFilter, commitments_changed_since)
StatementApiFilter = for_api(filters.StatementFilter)
FigureApiFilter = for_api(filters.FigureFilter)


def parameters(filterset_class) -> list[dict]:
    """The OpenAPI query parameters of a FilterSet, from its filters' own schemas."""
    return [
        {
            "name": name,
            "in": "query",
            "required": False,
            "description": filter_.description,
            "schema": filter_.openapi_schema(),
        }
        for name, filter_ in filterset_class.base_filters.items()
    ]


class StrictFilterExtension(OpenApiFilterExtension):
    target_class = StrictFilterBackend
    priority = 1

    def get_schema_operation_parameters(self, auto_schema, *args, **kwargs):
        return parameters(auto_schema.view.filterset_class)
