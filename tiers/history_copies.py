"""Historical rows written by the database itself, copied from the rows just saved.

A bulk write (an import of thousands of records) would otherwise build one historical model
instance per record and per link in Python, only for Django to turn each back into SQL values.
django-simple-history's tables mirror their model's columns, so one ``INSERT … SELECT`` per batch
copies the records' columns into the historical table on the server, and one more per tracked
many-to-many relation copies their links into its historical link table; no Python object is
built per row. The rows record the records as they are in the database at that moment, which
for every caller (``tiers.history.record_bulk_history``) is what it has just saved.

``can_copy`` says whether a model's historical tables hold only the model's columns and
simple-history's own (no custom historical field): otherwise the caller writes the rows through
simple-history's instances.
"""

from django.db import connections, router

from .id_runs import sql_id_conditions
from .models import CuratedHistoricalRecords

HISTORY_COLUMNS = ("history_date", "history_change_reason", "history_type", "history_user")


def _value(connection, field, value):
    """A placeholder and its parameter for a constant column, typed on PostgreSQL."""
    if connection.vendor == "postgresql":
        return f"CAST(%s AS {field.db_type(connection)})", field.get_db_prep_save(value, connection)
    return "%s", field.get_db_prep_save(value, connection)


def can_copy(model, historical) -> bool:
    """Whether every column of the historical tables is filled by ``copy_into_history`` and
    ``copy_relations_into_history``."""
    own = {f.attname for f in model._meta.concrete_fields}
    tracked = list(historical.tracked_fields)
    expected = {f.column for f in tracked} | {
        historical._meta.get_field(name).column for name in (*HISTORY_COLUMNS, "history_id")
    }
    if {f.column for f in historical._meta.concrete_fields} != expected:
        return False
    if any(f.attname not in own for f in tracked):
        return False
    records = CuratedHistoricalRecords.by_model[model]
    for field in records.get_m2m_fields_from_model(model):
        m2m_history = records.m2m_models[field]
        link_columns = {f.column for f in field.remote_field.through._meta.concrete_fields}
        expected = link_columns | {
            m2m_history._meta.get_field("history").column,
            m2m_history._meta.pk.column,
        }
        if {f.column for f in m2m_history._meta.concrete_fields} != expected:
            return False
    return True


def copy_into_history(model, historical, ids, *, history_type, user_id, reason, when):
    """Copy the records ``ids`` into ``historical`` (one row each, ``can_copy`` permitting);
    returns the new rows' history ids."""
    own = {f.attname: f.column for f in model._meta.concrete_fields}
    tracked = list(historical.tracked_fields)
    extras = [historical._meta.get_field(name) for name in HISTORY_COLUMNS]
    history_id = historical._meta.get_field("history_id")
    connection = connections[router.db_for_write(historical)]
    quote = connection.ops.quote_name
    constants = [
        _value(connection, field, value)
        for field, value in zip(extras, [when, reason, history_type, user_id], strict=True)
    ]
    targets = ", ".join(quote(f.column) for f in [*tracked, *extras])
    columns = ", ".join([*(quote(own[f.attname]) for f in tracked), *(c[0] for c in constants)])
    new_ids = []
    with connection.cursor() as cursor:
        for where, params in sql_id_conditions(quote(model._meta.pk.column), ids):
            cursor.execute(  # names from the models' declarations, values as parameters
                f"INSERT INTO {quote(historical._meta.db_table)} ({targets}) "  # noqa: S608
                f"SELECT {columns} FROM {quote(model._meta.db_table)} WHERE ({where}) "
                f"RETURNING {quote(history_id.column)}",
                [*(c[1] for c in constants), *params],
            )
            new_ids += [row[0] for row in cursor.fetchall()]
    return sorted(new_ids)


def copy_relations_into_history(model, historical, history_ids):
    """Copy the links of the records whose historical rows are ``history_ids`` into the
    historical link tables of their tracked many-to-many relations."""
    records = CuratedHistoricalRecords.by_model[model]
    connection = connections[router.db_for_write(historical)]
    quote = connection.ops.quote_name
    record_id = quote(historical._meta.get_field("id").column)
    row_id = quote(historical._meta.get_field("history_id").column)
    rows = quote(historical._meta.db_table)
    with connection.cursor() as cursor:
        for field in records.get_m2m_fields_from_model(model):
            m2m_history = records.m2m_models[field]
            through = field.remote_field.through
            own = quote(through._meta.get_field(field.m2m_field_name()).column)
            link_columns = [f.column for f in through._meta.concrete_fields]
            history_column = m2m_history._meta.get_field("history").column
            targets = ", ".join([*(quote(c) for c in link_columns), quote(history_column)])
            selected = ", ".join([*(f"l.{quote(c)}" for c in link_columns), f"h.{row_id}"])
            for where, params in sql_id_conditions(f"h.{row_id}", history_ids):
                cursor.execute(  # names from the models' declarations, values as parameters
                    f"INSERT INTO {quote(m2m_history._meta.db_table)} ({targets}) "  # noqa: S608
                    f"SELECT {selected} FROM {quote(through._meta.db_table)} l "
                    f"JOIN {rows} h ON h.{record_id} = l.{own} "
                    f"WHERE ({where})",
                    params,
                )
