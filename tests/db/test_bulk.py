"""insert_rows stores exactly what SQLAlchemy's own insert stores (types, JSON, times, UUIDs),
on both backends, and refuses rows that leave a defaulted column unfilled."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import insert, select
from sqlalchemy.dialects import sqlite

from db.bulk import column_converter, insert_rows
from db.ids import uuid7
from db.schema import PersonChange

AT = datetime(2025, 9, 30, 2, 0, 5, 123456, tzinfo=timezone.utc)


def change(person_id: uuid.UUID, changes) -> dict:
    return {"id": uuid7(), "person_id": person_id, "actor": "导入员", "workstation": None,
            "source": "导入 台账.xlsx 第3行", "changes": changes}


def stored(database, ids) -> list[tuple]:
    with database.read() as session:
        return session.execute(
            select(PersonChange.person_id, PersonChange.at, PersonChange.created_at, PersonChange.actor,
                   PersonChange.workstation, PersonChange.source, PersonChange.changes)
            .where(PersonChange.id.in_(ids)).order_by(PersonChange.id)).all()


def test_rows_read_back_as_from_sqlalchemys_insert(database):
    person = uuid7()
    values = [{"姓名": ["张三", "张叁"]}, {}, {"出生日期": [None, date(1985, 3, 12).isoformat()]}]
    ours = [change(person, v) for v in values]
    theirs = [change(person, v) for v in values]
    with database.write() as session:
        insert_rows(session, PersonChange.__table__, ours, same={"at": AT, "created_at": AT})
        session.execute(insert(PersonChange.__table__), [{**row, "at": AT, "created_at": AT} for row in theirs])
    mine, reference = stored(database, [r["id"] for r in ours]), stored(database, [r["id"] for r in theirs])
    assert mine == reference
    assert [row.changes for row in mine] == values and mine[0].at == AT


def test_a_column_with_a_default_left_unfilled_is_refused(database):
    row = change(uuid7(), {})
    del row["id"]
    with database.write() as session, pytest.raises(ValueError, match="person_changes.*id"):
        insert_rows(session, PersonChange.__table__, [row], same={"at": AT, "created_at": AT})


def test_a_generator_is_written_a_batch_at_a_time_and_counted(database, monkeypatch):
    """Rows built while they are written (as the import builds persons): every row lands, once,
    across several batches (on PostgreSQL, one COPY left open between them)."""
    monkeypatch.setattr("db.bulk.BATCH", 3)
    person = uuid7()
    built = []

    def rows():
        for n in range(8):
            row = change(person, {"n": n})
            built.append(row["id"])
            yield row

    with database.write() as session:
        assert insert_rows(session, PersonChange.__table__, rows(), same={"at": AT, "created_at": AT}) == 8
        assert insert_rows(session, PersonChange.__table__, iter(()), same={"at": AT}) == 0
    assert [row.changes for row in stored(database, built)] == [{"n": n} for n in range(8)]


@pytest.mark.parametrize("at", [
    datetime(2025, 9, 30, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
    datetime(2025, 9, 30, 2, 0, 5, 123456, tzinfo=timezone.utc),
    datetime(1900, 1, 1, 0, 0, 0, 1, tzinfo=timezone.utc),
    datetime(2100, 12, 31, 23, 59, 59, 999999, tzinfo=timezone(timedelta(hours=-5))),
])
def test_sqlite_timestamps_are_the_text_sqlalchemy_writes(at):
    """The SQLite shortcut for UTC timestamps writes exactly SQLAlchemy's text, whatever the zone."""
    dialect = sqlite.dialect()
    column = PersonChange.__table__.c.at
    theirs = column.type.dialect_impl(dialect).bind_processor(dialect)
    assert column_converter(column, dialect)(at) == theirs(at)
    assert column_converter(column, dialect)(None) is None


def test_a_naive_timestamp_is_refused_by_the_shortcut_too():
    """A time without a zone is refused, as UTCDateTime refuses it."""
    with pytest.raises(ValueError, match="naive datetime"):
        column_converter(PersonChange.__table__.c.at, sqlite.dialect())(datetime(2025, 9, 30, 10, 0))
