"""“Download these results”: a filtered list as CSV, in the columns of the full download.

Each view reads the same query string as its list page, through the same ``FilterSet``, and
streams the matching records with ``downloads.results_stream``: the full download's resource
and public rule, narrowed to those records. The timeline mixes three record types, so it offers
one file per type (``timeline_results``).
"""

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ..filters import CommitmentListFilter, StatementFilter, TimelineFilter
from ..models import Commitment, Statement
from ..open_data import downloads
from .timeline import dated_events

# The timeline's kinds of event, by the download they come from.
TIMELINE_TYPES = {"commitments": "announced", "status-changes": "change", "statements": "statement"}


def csv_response(type_name: str, narrowed, label: str) -> StreamingHttpResponse:
    generated = downloads.now()
    response = StreamingHttpResponse(
        downloads.results_stream(type_name, narrowed, generated),
        content_type=downloads.FORMATS["csv"],
    )
    name = downloads.file_name(f"{type_name}-{label}", "csv", generated)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Link"] = f'<{downloads.LICENCE_URL}>; rel="license"'
    response["X-Generated-At"] = generated.isoformat()
    return response


def refusal(filters) -> HttpResponse | None:
    """A filter the list page would show as wrong refuses the file, naming the filter."""
    if filters.is_valid():
        return None
    problems = [
        f"{filters.form[name].label or name}: {' '.join(errors)}"
        for name, errors in filters.form.errors.items()
    ]
    text = _("These filters cannot be used:") + "\n" + "\n".join(problems) + "\n"
    return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")


@require_safe
def commitment_results(request):
    filters = CommitmentListFilter(request.GET, queryset=Commitment.objects.public())
    return refusal(filters) or csv_response("commitments", filters.qs, "results")


@require_safe
def statement_results(request):
    filters = StatementFilter(request.GET, queryset=Statement.objects.public())
    return refusal(filters) or csv_response("statements", filters.qs, "results")


@require_safe
def timeline_results(request, type_name):
    if type_name not in TIMELINE_TYPES:
        raise Http404("The timeline offers commitments, status-changes and statements.")
    filters = TimelineFilter(request.GET, queryset=Commitment.objects.none())
    if problem := refusal(filters):
        return problem
    queryset, _field = dated_events(**filters.valid_filters())[TIMELINE_TYPES[type_name]]
    return csv_response(type_name, queryset, "timeline")
