"""Fixtures of the people-ledger tests: a service on the test database with two grids, and
a helper that writes a worksheet the way communities' files look (title rows, merges, …)."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from app.people.id_numbers import make_id
from app.people.service import PeopleService
from db.schema import Region

GRID_CODE = "370202001001001"
OTHER_GRID_CODE = "370202001001002"


def person_id_number(n: int, sex: str = "男", born: date = date(1985, 3, 12)) -> str:
    """The n-th made-up valid ID number."""
    return make_id("370202", born, n, sex)


@pytest.fixture
def people(database, clock):
    """A PeopleService (actor tester at workstation test) on a database with grids 第一网格 and 第二网格."""
    with database.write() as session:
        session.add(Region(code=GRID_CODE, name="第一网格", level="grid"))
        session.add(Region(code=OTHER_GRID_CODE, name="第二网格", level="grid"))
    return PeopleService(database, now=clock, actor="tester", workstation="test")


def write_sheet(path, rows, *, merges=(), title="Sheet1", sheets_before=()):
    """Save `rows` (lists of cell values) to `path` and merge the given ranges; `sheets_before`
    are (name, rows) of other sheets placed in front of it."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for cell_range in merges:
        sheet.merge_cells(cell_range)
    for index, (name, other_rows) in enumerate(sheets_before):
        other = workbook.create_sheet(name, index)
        for row in other_rows:
            other.append(row)
    workbook.save(path)
    return path
