"""Writing many rows at once, on PostgreSQL (COPY) and SQLite (batched executemany): plain tuples in,
no model instances, no signals. Used by the directory generator and by big imports."""

import json

from django.db import connection

SQLITE_BATCH = 500


def quoted(columns):
    return ", ".join(connection.ops.quote_name(c) for c in columns)


def write_rows(table, columns, tuples):
    """Insert `tuples` (one value per column) into `table`: COPY on PostgreSQL, executemany elsewhere."""
    if not tuples:
        return
    names = quoted(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN") as copy:
                for row in tuples:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {connection.ops.quote_name(table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
        for start in range(0, len(tuples), SQLITE_BATCH):
            cursor.executemany(sql, tuples[start : start + SQLITE_BATCH])


def new_ids(model, count):
    """`count` primary keys for rows about to be written with them (PostgreSQL: from the table's own
    sequence, so later inserts never collide)."""
    if not count:
        return []
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, count])
        return [row[0] for row in cursor.fetchall()]


def among(column, ids):
    """(sql, params): `column` is one of `ids`, as one hashed semi-join (not a list tested row by row)."""
    ids = list(ids)
    if connection.vendor == "postgresql":
        return f"{column} IN (SELECT unnest(%s::bigint[]))", [ids]
    return f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps(ids)]
