"""A page's lists of related records in one PostgreSQL query, compiled once per process.

tiers/published.py reads the lists a page of records prints (a commitment's actors, sources,
timeline and figures) as plain values. Read as a query per list, each costs a round trip, the
compilation of its SQL and the decoding of its rows in Python, which together took longer than
the rows themselves. On PostgreSQL they come instead from one query that builds, for each record
of the page, a JSON object of its lists (keys as arrays, rows as arrays of objects), from the same
querysets: what is public stays decided by them. Its SQL is compiled once, with the page's ids as
one array parameter. Other databases read the lists a query each.
"""

import datetime
from decimal import Decimal
from functools import cached_property

import orjson
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import FieldDoesNotExist
from django.db import connections, models
from django.db.models import OuterRef, QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, JSONObject

# Stands for the page's ids among the compiled query's parameters.
PAGE_IDS = object()


def in_one_query(database) -> bool:
    return database is not None and connections[database].vendor == "postgresql"


def plain(queryset) -> QuerySet:
    """``queryset`` as a plain Django queryset: modeltranslation's wraps every row it reads (to
    rename localized columns back), which costs more than reading the row for the lists of
    tiers/published.py, whose translated columns are named in full (``summary_en``,
    ``summary_uk``); and it would move constant columns to the end of a SELECT, out of the
    order ``published.keys_by_owner`` reads."""
    return QuerySet(queryset.model, query=queryset.query.chain(), using=queryset._db)


def instant(text: str) -> datetime.datetime:
    """A timestamp as PostgreSQL writes it in JSON (any number of decimals) as Django reads it
    from a column: aware, in UTC."""
    return datetime.datetime.fromisoformat(text).astimezone(datetime.UTC)


def columns(queryset) -> list[str]:
    """The names of the columns of a ``values()`` queryset's rows."""
    query = queryset.query
    return [*query.values_select, *query.annotation_select]


def parsers(queryset) -> dict:
    """How to read each column of ``queryset``'s rows back from JSON: dates, timestamps and
    decimals from their text (``PageLists.row_list`` writes decimals as text: a JSON number would
    be read as a float)."""
    found = {}
    for name in columns(queryset):
        try:
            field = queryset.model._meta.get_field(name)
        except FieldDoesNotExist:  # an annotation: a key or a slug
            continue
        if isinstance(field, models.DateTimeField):
            found[name] = instant
        elif isinstance(field, models.DateField):
            found[name] = datetime.date.fromisoformat
        elif isinstance(field, models.DecimalField):
            found[name] = Decimal
    return found


class PageLists:
    """Lists of records related to a page of ``model`` records.

    ``keys``: a name and ``(queryset, key, sort)`` for each list of natural keys of public records
    linked through their many-to-many ``relation`` (as ``published.keys_by_owner`` reads them);
    ``rows``: a name and a ``values()`` queryset for each list of rows, whose ``owner`` column is
    the record's id. Built once per process, from querysets that are never evaluated here."""

    def __init__(self, model, relation: str, keys: dict, rows: dict, owner: str):
        self.model, self.relation, self.owner = model, relation, owner
        self.keys, self.rows = keys, rows
        self.parsers = {name: parsers(queryset) for name, queryset in rows.items()}
        self.compiled = {}  # the SQL and its parameters, by database alias

    def key_list(self, queryset, key, sort):
        linked = plain(queryset).filter(**{self.relation: OuterRef("pk")})
        return ArraySubquery(linked.order_by(*[s for s in sort if s]).values(key))

    def row_list(self, name: str, queryset):
        decimals = {column for column, parse in self.parsers[name].items() if parse is Decimal}
        written = {
            column: Cast(column, TextField()) if column in decimals else column
            for column in columns(queryset)
            if column != self.owner
        }
        rows = queryset.filter(**{self.owner: OuterRef("pk")})
        return ArraySubquery(rows.values(row=JSONObject(**written)))

    @cached_property
    def query(self):
        lists = {name: self.key_list(*declared) for name, declared in self.keys.items()}
        lists |= {name: self.row_list(name, queryset) for name, queryset in self.rows.items()}
        page = RawSQL("SELECT unnest(%s::bigint[])", (PAGE_IDS,))
        return (
            plain(self.model.objects.all())
            .filter(pk__in=page)
            .annotate(lists=JSONObject(**lists))
            .order_by()
            .values_list("pk", "lists")
            .query
        )

    def sql(self, database) -> tuple[str, list]:
        if database not in self.compiled:
            self.compiled[database] = self.query.get_compiler(using=database).as_sql()
        return self.compiled[database]

    def read(self, ids, database) -> dict[str, dict[int, list]]:
        """Each list by the id of the page's record (only those that have any)."""
        sql, params = self.sql(database)
        with connections[database].cursor() as cursor:
            cursor.execute(sql, [ids if param is PAGE_IDS else param for param in params])
            found = cursor.fetchall()
        lists = {name: {} for name in [*self.keys, *self.rows]}
        for pk, text in found:
            for name, values in orjson.loads(text).items():
                if not values:
                    continue
                if name in self.rows:
                    values = [self.parsed(name, row) for row in values]
                lists[name][pk] = values
        return lists

    def parsed(self, name: str, row: dict) -> dict:
        for column, parse in self.parsers[name].items():
            if row[column] is not None:
                row[column] = parse(row[column])
        return row
