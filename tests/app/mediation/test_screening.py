"""Screening reports: zero reports count, corrections replace, missing communities are listed,
and the cadence is data."""

from sqlalchemy import update

from app.mediation.screening import file_report, missing_reports
from db.schema import Setting
from tests.conftest import local


def test_zero_report_and_missing_communities(district, clock):
    """After one community's zero report only the other is missing; a second report corrects the first."""
    clock.set(local(2025, 10, 20, 9, 0))
    period, missing = missing_reports(district, "2025-10")
    assert (period, [m.name for m in missing]) == ("2025-10", ["渔港社区", "山前社区"])
    first = file_report(district, "渔港社区", "2025-10", actor="clerk")
    assert (first.found, first.corrected) == (0, False)
    assert [m.name for m in missing_reports(district, "2025-10")[1]] == ["山前社区"]
    again = file_report(district, "370299001001", "2025-10", found=3, actor="clerk")
    assert (again.found, again.corrected) == (3, True)


def test_half_monthly_cadence_from_the_settings(district, database, clock):
    """With a half-monthly cadence, a report in the first half leaves the community missing in the second."""
    with database.write() as session:
        session.execute(update(Setting).where(Setting.key == "screening_cadence").values(value="half_monthly"))
    district.reload_config()
    clock.set(local(2025, 10, 10, 9, 0))
    assert file_report(district, "渔港社区", "2025-10", actor="clerk").period == "2025-10上"
    clock.set(local(2025, 10, 20, 9, 0))
    period, missing = missing_reports(district, "2025-10")
    assert period == "2025-10下" and "渔港社区" in [m.name for m in missing]
