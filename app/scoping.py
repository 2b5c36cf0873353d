"""The services' side of scope: narrowing a read to what the acting account may see.

app/accounts/scope.py says *which* records a scope sees; this says how a query is narrowed, in
one place, so every service does it alike. The whole district adds no clause at all (no join,
no `WHERE true`), so the benches measure the same query as before accounts existed.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import ColumnElement, Select

from app.accounts.principal import Scope

Condition = Callable[[Scope], ColumnElement[bool]]


def narrowed(query: Select, scope: Scope, condition: Condition) -> Select:
    """`query` limited to the records `condition(scope)` admits; unchanged for the whole district."""
    if scope.whole_district:
        return query
    return query.where(condition(scope))
