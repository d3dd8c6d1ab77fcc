"""Selecting many rows by id in few, short queries: consecutive ids as one range.

The records a bulk write has just saved have consecutive ids (one sequence, one insert), so
``WHERE id BETWEEN 101 AND 10100`` selects the same rows as an ``IN`` list of 10,000 ids, in one
query of two parameters instead of twenty queries of 500, each of which Django and the driver
build value by value. Ids that are not consecutive stay in an ``IN`` list; a condition holds at
most ``size`` values, below SQLite's limit on query parameters.
"""

from django.db.models import Q

from .models.base import CHUNK


def runs(ids) -> list[tuple[int, int]]:
    """The sorted, distinct ``ids`` as (first, last) runs of consecutive integers."""
    found = []
    for value in sorted(set(ids)):
        if found and value == found[-1][1] + 1:
            found[-1] = (found[-1][0], value)
        else:
            found.append((value, value))
    return found


def _groups(ids, size):
    """(lone ids, (first, last) ranges) in ascending order, at most ``size`` values each."""
    singles, ranges, values = [], [], 0
    for first, last in runs(ids):
        cost = 1 if first == last else 2
        if values + cost > size:
            yield singles, ranges
            singles, ranges, values = [], [], 0
        if cost == 1:
            singles.append(first)
        else:
            ranges.append((first, last))
        values += cost
    if values:
        yield singles, ranges


def id_conditions(lookup, ids, size=CHUNK):
    """``Q`` objects, in ascending order of id, that together select the rows whose ``lookup``
    is one of ``ids``: a run of consecutive ids is one range, lone ids an ``IN`` list."""
    for singles, ranges in _groups(ids, size):
        condition = Q(**{f"{lookup}__in": singles}) if singles else Q()
        for first, last in ranges:
            # Not ``__range``, which a foreign key does not take.
            condition |= Q(**{f"{lookup}__gte": first, f"{lookup}__lte": last})
        yield condition


def sql_id_conditions(column, ids, size=CHUNK):
    """The same as ``(SQL, params)`` for a raw query on ``column`` (already quoted)."""
    for singles, ranges in _groups(ids, size):
        terms, params = [], []
        if singles:
            terms.append(f"{column} IN ({', '.join(['%s'] * len(singles))})")
            params += singles
        for first, last in ranges:
            terms.append(f"{column} BETWEEN %s AND %s")
            params += [first, last]
        yield " OR ".join(terms), params
