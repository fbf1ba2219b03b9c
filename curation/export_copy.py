"""A section's CSV written by PostgreSQL itself: `COPY (the section's query) TO STDOUT` in CSV, its
parameters bound client-side, each row written to the file as the server sends it — no Python work
per cell, memory bounded by a batch of rows.

The bytes are those csv.writer(delimiter=";", lineterminator="\\r\\n") writes from the same cells (held
equal by tests/curation/test_export_copy.py): both quote a cell holding the delimiter, a quote, CR or
LF and double its quotes; an empty cell is sent as NULL because COPY quotes an empty string (« "" »)
and csv.writer does not; COPY ends each row with LF, turned into CRLF here (an LF inside a quoted cell
stays, as csv.writer leaves it). SQLite, and a section with a cell only Python renders, keep
csv.writer."""

from django.db import connection

BATCH = 2000  # rows joined per write


def copy_supported():
    return connection.vendor == "postgresql"


def copy_statement(sql, params):
    """COPY of the query, its parameters bound client-side (COPY takes no bound parameters)."""
    query = connection.ops.compose_sql(sql, params)
    return f"COPY ({query}) TO STDOUT (FORMAT csv, DELIMITER ';', QUOTE '\"')"


def copy_rows(stream, sql, params):
    """Write the query's rows as CSV to the binary `stream`; returns how many rows."""
    count, batch = 0, []
    with connection.cursor() as cursor, cursor.copy(copy_statement(sql, params)) as copy:
        # Each read is one row (psycopg's Copy.read), ending with its LF.
        for row in copy:
            batch.append(bytes(row)[:-1])
            if len(batch) == BATCH:
                count += write_batch(stream, batch)
    return count + write_batch(stream, batch)


def write_batch(stream, batch):
    if batch:
        stream.write(b"\r\n".join(batch) + b"\r\n")
    written = len(batch)
    batch.clear()
    return written
