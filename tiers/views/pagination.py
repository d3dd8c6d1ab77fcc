"""Pagination and counts whose cost does not grow with the data: a count stops at ``COUNT_LIMIT``.

Counting every row behind a list costs as much as reading them all. A count here reads at most
``COUNT_LIMIT + 1`` rows (``SELECT COUNT(*) FROM (… LIMIT 10001)``); beyond that the page says
"10000+", and the list pages as far as the limit reaches (filters narrow it further).
"""

from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import Count, Window

COUNT_LIMIT = 10_000
# A record page counts the records it lists beside it (a source's commitments, an actor's
# statements) no further than this: its "All … " link leads to the list, which counts further.
RECORD_COUNT_LIMIT = 100


class AtLeast(int):
    """A count that reached its limit: compares as the limit, shows as "10000+"."""

    def __str__(self):
        return f"{int(self)}+"


def bounded_count(queryset, limit: int = COUNT_LIMIT) -> int:
    """The number of rows of ``queryset``, counted no further than ``limit``."""
    # The ids alone: annotations (a search's rank and highlights) are not computed to count.
    found = queryset.order_by().values("pk")[: limit + 1].count()
    return AtLeast(limit) if found > limit else found


def first_with_count(queryset, shown: int, limit: int = COUNT_LIMIT) -> tuple[list, int]:
    """The first ``shown`` rows of ``queryset`` and their number in all, counted no further than
    ``limit``, in one query: a window count, which the database works out over every row before
    the ``LIMIT``, instead of a second query that selects the rows again to count them."""
    rows = list(queryset.annotate(rows_in_all=Window(Count("pk")))[:shown])
    total = rows[0].rows_in_all if rows else 0
    return rows, AtLeast(limit) if total > limit else total


def bounded_ids(queryset, limit: int | None = None) -> tuple[list | None, int]:
    """The ids of ``queryset``'s rows and their count, in one query, counted no further than
    ``limit``; the ids are None beyond it. A page that reads the same rows several ways (a list,
    its count, totals over them) filters by the ids, which PostgreSQL looks up by key, instead of
    planning the selection again in each query."""
    limit = COUNT_LIMIT if limit is None else limit
    ids = list(queryset.order_by().values_list("pk", flat=True)[: limit + 1])
    if len(ids) > limit:
        return None, AtLeast(limit)
    return ids, len(ids)


class BoundedPaginator(Paginator):
    def __init__(self, *args, count_limit: int = COUNT_LIMIT, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_limit = count_limit

    @cached_property
    def count(self):
        if hasattr(self.object_list, "query"):  # a queryset
            return bounded_count(self.object_list, self.count_limit)
        return super().count

    @cached_property
    def num_pages(self):
        pages = super().num_pages
        return AtLeast(pages) if isinstance(self.count, AtLeast) else pages


class ByKey:
    """A list's rows read by key, for a paginator: its keys, in its order, no more than
    ``limit + 1`` of them (``keys_in_order``: those its search already knows, or read in one
    query); a slice of them is then read as rows, in that order."""

    def __init__(self, queryset, limit: int):
        self.queryset, self.limit = queryset, limit

    @cached_property
    def keys(self) -> list:
        return self.queryset.keys_in_order(self.limit + 1)

    def __getitem__(self, page: slice) -> list:
        keys = self.keys[page]
        rows = {row.pk: row for row in self.queryset.filter(pk__in=keys)}
        return [rows[key] for key in keys if key in rows]


class KeyedPaginator(BoundedPaginator):
    """A bounded list read by key (``ByKey``): its keys count it and choose the page, whose rows
    are then read by key. For a list whose order costs more than its keys, a search ranked by
    relevance: what each row shows (a statement's speaker) is then joined to the page's twenty
    rows, not to every match that was ranked, and the matches are not selected a second time to
    count them."""

    def __init__(self, queryset, *args, count_limit: int = COUNT_LIMIT, **kwargs):
        super().__init__(ByKey(queryset, count_limit), *args, count_limit=count_limit, **kwargs)

    @cached_property
    def count(self):
        found = len(self.object_list.keys)
        return AtLeast(self.count_limit) if found > self.count_limit else found


def paginate(request, queryset, per_page, count_limit: int = COUNT_LIMIT, by_key: bool = False):
    """The requested page of ``queryset``; a page number out of range gives the nearest page.
    ``by_key``: its keys read first (``KeyedPaginator``)."""
    paginator = (KeyedPaginator if by_key else BoundedPaginator)(
        queryset, per_page, count_limit=count_limit
    )
    return paginator.get_page(request.GET.get("page"))
