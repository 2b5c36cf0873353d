"""Rows of the benchmarks' sealed SQLite cache as PostgreSQL keeps them.

The cache file is a sealed SQLite file (db.sealed): its ID numbers, phones and documents are
encrypted, its keyed hashes are its own key's and its reversed search columns are empty. A
server keeps none of that, so each row copied to PostgreSQL is opened with the file's key,
its reversed columns are computed as every write computes them (app.people.search_keys), and
the keyed hashes are left out.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from sqlalchemy import Table

from app.people.search_keys import number_keys
from db.engine import Database
from db.sealed import BlindIndex, Sealed, SealedJSON, sealer_for


def unsealer(source: Database, table: Table) -> Callable[[tuple], tuple] | None:
    """A function turning a raw row of `table` (its columns in order) into the row PostgreSQL
    stores; None when nothing in the table is sealed or the file is not."""
    with source.engine.connect():  # the key is loaded as the first connection opens
        dialect = source.engine.dialect
    if sealer_for(dialect) is None:
        return None
    names = [column.name for column in table.columns]
    kinds = [(i, column.type) for i, column in enumerate(table.columns)
             if isinstance(column.type, (Sealed, SealedJSON, BlindIndex))]
    if not kinds:
        return None
    persons = "id_reversed" in names

    def convert(row: tuple) -> tuple:
        values = list(row)
        for index, kind in kinds:
            if isinstance(kind, BlindIndex):
                values[index] = None
            elif isinstance(kind, SealedJSON):
                if values[index] is not None:
                    values[index] = json.dumps(kind.process_result_value(json.loads(values[index]), dialect),
                                               ensure_ascii=False)
            else:
                values[index] = kind.process_result_value(values[index], dialect)
        if persons:
            by_name = dict(zip(names, values))
            keys = number_keys(by_name["id_number"], by_name["phone"])
            values[names.index("id_reversed")] = keys["id_reversed"]
            values[names.index("phone_reversed")] = keys["phone_reversed"]
        return tuple(values)

    return convert
