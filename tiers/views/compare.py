"""Compare two to four actors side by side: the answers of who is in what (tiers/answers.py,
the same columns as its table), then each actor's latest statements."""

from django.db.models import Case, F, Q, When, Window
from django.db.models.functions import RowNumber
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..answer_cells import COLUMNS
from ..answers import who_is_in_what
from ..filters.answers import CompareFilter
from ..models import Statement

STATEMENTS_EACH = 3


def latest_statements(actors) -> dict:
    """Each actor's latest statements, made by it or on its behalf, in one query."""
    ids = [actor.pk for actor in actors]
    whose = Case(When(speaker__in=ids, then=F("speaker_id")), default=F("on_behalf_of_id"))
    statements = (
        Statement.objects.public()
        .filter(Q(speaker__in=ids) | Q(on_behalf_of__in=ids))
        .select_related("speaker")
        .annotate(
            whose=whose,
            rank=Window(
                RowNumber(),
                partition_by=[whose],
                order_by=[F("said_on").desc(nulls_last=True), F("slug").asc()],
            ),
        )
        .filter(rank__lte=STATEMENTS_EACH)
        .order_by(F("said_on").desc(nulls_last=True), "slug")
    )
    found = {pk: [] for pk in ids}
    for statement in statements:
        found[statement.whose].append(statement)
    return found


@require_safe
def compare(request):
    # The chosen actors; their group memberships, the answering commitments they lead or join,
    # those commitments' actors and the figures of those they lead; their latest statements.
    filters = CompareFilter(request.GET)
    chosen = list(filters.valid_filters().get("actor") or [])
    asked = request.GET.getlist("actor")
    chosen.sort(key=lambda actor: asked.index(actor.slug))  # in the order the address names them
    columns, facts = [], []
    if chosen:
        rows = who_is_in_what(actors=chosen)
        statements = latest_statements(chosen)
        columns = [row.actor for row in rows]
        facts = [(header, [cells(row) for row in rows]) for key, header, cells in COLUMNS[1:]]
        columns_statements = [statements[row.actor.pk] for row in rows]
    else:
        columns_statements = []
    context = {
        "form": filters.form,
        "actors": columns,
        "facts": facts,
        "statements": columns_statements,
    }
    return render(request, "tiers/compare.html", context)
