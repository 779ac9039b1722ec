"""Append-only rows written in bulk inside the current transaction: COPY on PostgreSQL, one executemany elsewhere."""
import functools
import json

from sqlalchemy import JSON, inspect, insert
from sqlalchemy.exc import DBAPIError

from ..extensions import db


# Below this many rows one executemany (a single pipelined round trip) beats COPY's start/data/end exchange.
COPY_FROM_ROWS = 50


def insert_rows(table, rows: list[dict]) -> None:
    """Insert `rows` (dicts with the same keys, every column the database does not fill itself) into `table`.

    On PostgreSQL the rows go by COPY: a pushed batch writes ~1,500 bookkeeping rows, and COPY costs a few
    microseconds a row where INSERTs from Python cost ~50-100 (docs/PERFORMANCE.md, ingest). Errors come back as
    SQLAlchemy's exceptions (IntegrityError for a duplicate key), as they would from `execute`.
    """
    if not rows:
        return
    connection = db.session.connection()
    if connection.dialect.name != "postgresql" or len(rows) < COPY_FROM_ROWS:
        connection.execute(insert(table), rows)
        return
    names = tuple(rows[0])
    statement, as_json = _copy_statement(table, names)
    driver = connection.connection.driver_connection
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([json.dumps(row[name]) if is_json and row[name] is not None else row[name]
                                for name, is_json in zip(names, as_json)])
    except connection.dialect.loaded_dbapi.Error as exc:
        raise DBAPIError.instance(statement.as_string(driver), None, exc,
                                  connection.dialect.loaded_dbapi.Error) from exc


@functools.cache
def _copy_statement(table, names: tuple):
    from psycopg import sql  # only where the PostgreSQL driver is in use

    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, names)))
    return statement, [isinstance(table.c[name].type, JSON) for name in names]


def row_of(obj) -> dict:
    """A new ORM instance as a row for `insert_rows` (its defaults already filled, see serialize.fill_defaults)."""
    loaded = obj.__dict__
    return {name: loaded.get(key) for name, key in _columns(type(obj))}


def new_row(model, values: dict) -> dict:
    """A row of every column of `model` for `insert_rows`: `values` by attribute name, column defaults elsewhere
    (what a flush would write, without building an ORM object per row)."""
    row = {}
    for name, key, default in _column_defaults(model):
        value = values.get(key)
        if value is None and default is not None:
            value = default.arg if default.is_scalar else default.arg(None)
        row[name] = value
    return row


@functools.cache
def _column_defaults(model) -> tuple:
    return tuple((attr.columns[0].name, attr.key, attr.columns[0].default) for attr in inspect(model).column_attrs)


@functools.cache
def _columns(model) -> tuple:
    return tuple((attr.columns[0].name, attr.key) for attr in inspect(model).column_attrs)
