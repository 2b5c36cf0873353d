"""A scoped dispatcher's work-order import keeps to its scope: a row placed outside it (or placed
nowhere, or naming a stored case outside it) is rejected with its reason; the rows inside are
imported; the whole district imports every row as before (SQLite and PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import select, update

from app.cases.importer import import_work_orders
from app.cases.service import CaseService
from db.schema import Case, Region
from tests.app.accounts.enforce_world import EAST, GRID_A, GRID_B, WORKSTATION, add_regions
from tests.app.accounts.wired_world import account
from tests.app.cases.test_import_db import read_rejects, write_file
from tests.conftest import local

EAST_SQUARE = [[120.10, 35.90], [120.20, 35.90], [120.20, 36.00], [120.10, 36.00], [120.10, 35.90]]
WEST_SQUARE = [[120.30, 35.90], [120.40, 35.90], [120.40, 36.00], [120.30, 36.00], [120.30, 35.90]]


def _row(number: str, lon=None, lat=None) -> list:
    return [number, "12345热线", "0101", f"垃圾{number}", f"{number}处垃圾", None, lon, lat,
            local(2025, 9, 29, 9, 0), None, None, None, None]


def _place_grids(database) -> None:
    """东一网格 and 西一网格 get square boundaries, so a work order's point finds its grid."""
    with database.write() as session:
        for code, ring in ((GRID_A, EAST_SQUARE), (GRID_B, WEST_SQUARE)):
            xs, ys = [p[0] for p in ring], [p[1] for p in ring]
            session.execute(update(Region).where(Region.code == code).values(
                boundary={"type": "Polygon", "coordinates": [ring]},
                min_lon=min(xs), min_lat=min(ys), max_lon=max(xs), max_lat=max(ys)))


def test_a_street_dispatcher_imports_only_the_streets_work_orders(database, clock, tmp_path):
    add_regions(database)
    _place_grids(database)
    street = account(database, "dispatcher", region=EAST)
    system = CaseService(database, now=clock, workstation=WORKSTATION)
    west_file = write_file(tmp_path / "west.xlsx", [_row("W001", 120.35, 35.95)])
    assert import_work_orders(system, west_file, actor="system").imported == 1  # stored in 西一网格
    path = write_file(tmp_path / "orders.xlsx", [
        _row("E001", 120.15, 35.95),   # 东一网格: inside
        _row("W002", 120.35, 35.95),   # 西一网格: outside
        _row("N001"),                  # no place: not known to be inside
        _row("W001", 120.35, 35.95),   # the stored west case: not described
    ])
    scoped = CaseService(database, now=clock, workstation=WORKSTATION, principal=street)
    result = import_work_orders(scoped, path, actor=street.login)
    assert result.imported == 1 and result.unchanged == 0 and not result.different
    reasons = {reject.external_no: reject.reason for reject in result.rejects}
    assert set(reasons) == {"W002", "N001", "W001"}
    assert all("管辖范围（东街道）" in reason for reason in reasons.values())
    assert [row[1:] for row in read_rejects(result.rejects_file)[1:]] == [
        ["W002", reasons["W002"]], ["N001", reasons["N001"]], ["W001", reasons["W001"]]]
    with database.read() as session:
        stored = dict(session.execute(select(Case.external_no, Case.grid_id)).all())
        east = session.scalar(select(Region.id).where(Region.code == GRID_A))
    assert set(stored) == {"W001", "E001"} and stored["E001"] == east


def test_the_whole_district_imports_every_row(database, clock, tmp_path):
    add_regions(database)
    _place_grids(database)
    district = account(database, "dispatcher")
    path = write_file(tmp_path / "orders.xlsx", [_row("E001", 120.15, 35.95), _row("W002", 120.35, 35.95),
                                                 _row("N001")])
    result = import_work_orders(CaseService(database, now=clock, workstation=WORKSTATION, principal=district),
                                path, actor=district.login)
    assert result.imported == 3 and not result.rejects
