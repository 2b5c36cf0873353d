"""Configuration reached from the desktop's settings and the command line is checked for the
acting account: the basemap, the district, boundary files need config.edit; a report on paper
needs report.export; each refusal names the permission and is audited; nothing is changed."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app.accounts.errors import PermissionDenied
from app.assessment.paper import assessment_document
from app.geo.basemap import Basemap, get_basemap, set_basemap
from app.geo.district import set_district
from app.geo.grid_import import import_grids
from db.schema import AuditEntry, Region
from tests.app.accounts.wired_world import account
from tests.conftest import local


def _denials(database, login: str) -> list[str]:
    with database.read() as session:
        return [entry.detail["permission"] for entry in session.scalars(
            select(AuditEntry).where(AuditEntry.actor == login, AuditEntry.action == "denied"))]


def test_a_leader_may_not_change_the_basemap_district_or_boundaries(database, tmp_path):
    leader = account(database, "leader")
    before = get_basemap(database)
    with pytest.raises(PermissionDenied, match="config.edit"):
        set_basemap(database, Basemap(kind="xyz", url="https://tiles.example/{z}/{x}/{y}.png"), principal=leader)
    with pytest.raises(PermissionDenied, match="config.edit"):
        set_district(database, "试验区", "370288", actor=leader.login, principal=leader)
    boundary = tmp_path / "grids.geojson"
    boundary.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    with pytest.raises(PermissionDenied, match="config.edit"):
        import_grids(database, boundary, "grid", actor=leader.login, principal=leader)
    assert get_basemap(database) == before
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(Region)) == 0
    assert _denials(database, leader.login) == ["config.edit"] * 3


def test_an_administrator_changes_the_basemap(database):
    admin = account(database, "admin")
    saved = set_basemap(database, Basemap(kind="xyz", url="https://tiles.example/{z}/{x}/{y}.png"), principal=admin)
    assert get_basemap(database) == saved


def test_the_assessment_on_paper_needs_report_export(database):
    viewer = account(database, "viewer")
    with pytest.raises(PermissionDenied, match="report.export"):
        assessment_document(database, [], level="grid", start=date(2025, 9, 1), end=date(2025, 10, 1),
                            printed_by=viewer.login, now=local(2025, 10, 1, 9, 0), principal=viewer)
    assert _denials(database, viewer.login) == ["report.export"]
