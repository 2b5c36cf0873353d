"""Importing hotline work-order files into the database, on SQLite and PostgreSQL."""

import codecs
import csv
from datetime import datetime

import openpyxl
import pytest
from sqlalchemy import func, select

from app.cases import service as service_module
from app.cases.importer import import_work_orders
from app.imports.table_reader import ImportFileError
from db.schema import Case, CaseEvent, Region
from tests.conftest import local

HEADER = ["工单编号", "来源", "类别", "标题", "内容", "地址", "经度", "纬度", "上报时间", "紧急程度", "时限",
          "上报人", "联系电话"]
INSIDE = (120.15, 35.95)
OUTSIDE = (120.30, 35.95)
GRID_RING = [[120.10, 35.90], [120.20, 35.90], [120.20, 36.00], [120.10, 36.00], [120.10, 35.90]]

MIXED_ROWS = [
    ["GD001", "12345热线", "0102", "渣土堆积", "幸福路渣土堆放三天", "幸福路12号", *INSIDE,
     local(2025, 9, 29, 9, 0), "一般", "4工作时", "张三", "13800138000"],
    ["GD002", "12345热线", "9999", "未知", "类别不存在", None, None, None,
     local(2025, 9, 29, 9, 30), None, None, None, None],
    ["GD003", "12345热线", "0101", "无内容", None, None, None, None,
     local(2025, 9, 29, 9, 40), None, None, None, None],
    ["GD004", None, "0102", "渣土", "长江路渣土未清运", "长江路8号", *OUTSIDE,
     local(2025, 9, 29, 9, 0), None, None, None, None],
    ["GD001", "12345热线", "0101", "重复", "重复的工单", None, None, None,
     local(2025, 9, 29, 10, 0), None, None, None, None],
    ["GD005", "12345热线", "0101", "未来", "上报时间在将来", None, None, None,
     local(2025, 9, 30, 11, 0), None, None, None, None],
    ["GD006", "网格员上报", "暴露垃圾", None, "小区北门垃圾堆放", None, None, None,
     local(2025, 9, 30, 8, 0), "紧急", None, None, None],
]
MIXED_REJECTS = [
    ["行号", "工单编号", "原因"],
    ["3", "GD002", "类别：“9999”不是已配置的事件类别"],
    ["4", "GD003", "内容：必须填写"],
    ["6", "GD001", "工单编号：与第2行重复"],
    ["7", "GD005", "上报时间：不能晚于当前时间"],
]


def good_row(number: int) -> list:
    """A valid 暴露垃圾 work order numbered ``number``, reported on Monday morning."""
    return [f"OK{number:03d}", "12345热线", "0101", f"垃圾{number}", f"第{number}处垃圾", None, None, None,
            local(2025, 9, 29, 9, number), None, None, None, None]


def write_file(path, rows):
    """Write ``rows`` below the standard header as .xlsx or .csv, chosen by the suffix of ``path``."""
    if path.suffix == ".xlsx":
        workbook = openpyxl.Workbook()
        workbook.active.append(HEADER)
        for row in rows:
            workbook.active.append([cell.replace(tzinfo=None) if isinstance(cell, datetime) else cell
                                    for cell in row])
        workbook.save(path)
        return path
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(HEADER)
        for row in rows:
            writer.writerow(["" if cell is None else
                             cell.strftime("%Y-%m-%d %H:%M") if isinstance(cell, datetime) else cell
                             for cell in row])
    return path


def read_rejects(path):
    """The rows of a rejects report, checking that it starts with a UTF-8 byte-order mark."""
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    return list(csv.reader(data.decode("utf-8-sig").splitlines()))


def counts(database):
    """How many cases and case events the database holds."""
    with database.read() as session:
        return (session.scalar(select(func.count()).select_from(Case)),
                session.scalar(select(func.count()).select_from(CaseEvent)))


def add_grid(database):
    """Store one grid whose square boundary contains INSIDE but not OUTSIDE; return its id."""
    with database.write() as session:
        grid = Region(code="370200001001001", name="幸福社区第01网格", level="grid",
                      boundary={"type": "Polygon", "coordinates": [GRID_RING]},
                      min_lon=120.10, min_lat=35.90, max_lon=120.20, max_lat=36.00)
        session.add(grid)
        session.flush()
        return grid.id


def cases_by_external_no(database):
    """Every stored case keyed by its 工单编号."""
    with database.read() as session:
        return {row.external_no: row for row in session.scalars(select(Case))}


@pytest.fixture(params=["xlsx", "csv"])
def mixed_file(request, tmp_path):
    """The mixed work-order file in each supported format."""
    return write_file(tmp_path / f"工单.{request.param}", MIXED_ROWS)


def test_import_counts_and_rejects_report(service, mixed_file):
    """Good rows are imported and every bad one is reported with its row number and reason."""
    result = import_work_orders(service, mixed_file, actor="d1")
    assert (result.imported, result.unchanged, len(result.rejects)) == (3, 0, 4)
    assert result.rejects_file == mixed_file.with_name("工单.rejects.csv")
    assert read_rejects(result.rejects_file) == MIXED_REJECTS
    assert counts(service.database) == (3, 6)


def test_import_unknown_category_is_rejected_not_stored(service, mixed_file):
    """A row whose category the district does not have is rejected and leaves no case."""
    result = import_work_orders(service, mixed_file, actor="d1")
    unknown = [r for r in result.rejects if r.external_no == "GD002"]
    assert [(r.row_number, r.reason) for r in unknown] == [(3, "类别：“9999”不是已配置的事件类别")]
    assert "GD002" not in cases_by_external_no(service.database)


def test_import_cases_are_registered_with_clock_from_report_time(service, mixed_file):
    """Imported cases wait for dispatch, their clock started at 上报时间, numbered by report date."""
    import_work_orders(service, mixed_file, actor="d1")
    stored = cases_by_external_no(service.database)
    assert sorted(stored) == ["GD001", "GD004", "GD006"]
    assert {no: row.status for no, row in stored.items()} == dict.fromkeys(stored, "registered")
    assert stored["GD001"].running_since == local(2025, 9, 29, 9, 0)
    assert stored["GD006"].running_since == local(2025, 9, 30, 8, 0)
    assert stored["GD001"].consumed_seconds == 0
    assert {no: row.case_no for no, row in stored.items()} == {
        "GD001": "SJ202509290001", "GD004": "SJ202509290002", "GD006": "SJ202509300001"}
    assert stored["GD004"].source == "12345热线"
    assert stored["GD006"].source == "网格员上报"


def test_import_writes_report_and_register_events(service, mixed_file):
    """Each imported case has a 'report' event at 上报时间 and a 'register' event at now."""
    import_work_orders(service, mixed_file, actor="d1")
    with service.database.read() as session:
        case_id = session.scalar(select(Case.id).where(Case.external_no == "GD001"))
        events = session.execute(
            select(CaseEvent.seq, CaseEvent.action, CaseEvent.actor, CaseEvent.at, CaseEvent.from_status,
                   CaseEvent.to_status)
            .where(CaseEvent.case_id == case_id).order_by(CaseEvent.seq)
        ).all()
    assert [tuple(e) for e in events] == [
        (1, "report", "d1", local(2025, 9, 29, 9, 0), None, "reported"),
        (2, "register", "d1", local(2025, 9, 30, 10, 0), "reported", "registered"),
    ]


def test_import_due_at_uses_override_and_category_default(service, mixed_file):
    """A 时限 cell overrides the category's limit; without it the category default applies."""
    import_work_orders(service, mixed_file, actor="d1")
    stored = cases_by_external_no(service.database)
    assert (stored["GD001"].limit_amount, stored["GD001"].limit_unit) == (4, "工作时")
    assert stored["GD001"].due_at == local(2025, 9, 29, 14, 30)
    assert (stored["GD004"].limit_amount, stored["GD004"].limit_unit) == (2, "工作日")
    assert stored["GD004"].due_at == local(2025, 10, 9, 9, 0)
    assert (stored["GD006"].limit_amount, stored["GD006"].limit_unit) == (2, "小时")
    assert stored["GD006"].due_at == local(2025, 9, 30, 10, 0)


def test_import_locates_grid_from_coordinates(service, mixed_file):
    """A case whose lon/lat lies inside a grid gets that grid; one outside every grid gets none."""
    grid_id = add_grid(service.database)
    import_work_orders(service, mixed_file, actor="d1")
    stored = cases_by_external_no(service.database)
    assert stored["GD001"].grid_id == grid_id
    assert stored["GD004"].grid_id is None
    assert stored["GD006"].grid_id is None
    assert service.view(stored["GD001"].case_no).grid == "幸福社区第01网格"


def test_import_same_file_twice_changes_nothing(service, mixed_file):
    """A second import of the same file imports nothing and reports the stored rows as unchanged."""
    import_work_orders(service, mixed_file, actor="d1")
    before = counts(service.database)
    again = import_work_orders(service, mixed_file, actor="d2")
    assert (again.imported, again.unchanged, len(again.rejects)) == (0, 3, 4)
    assert counts(service.database) == before == (3, 6)
    assert read_rejects(again.rejects_file) == MIXED_REJECTS


def test_import_failure_halfway_leaves_database_untouched(service, tmp_path, monkeypatch):
    """When preparing the third case fails, no case and no event of the file is kept, and it raises."""
    path = write_file(tmp_path / "orders.xlsx", [good_row(n) for n in range(1, 6)])
    original = service_module.CaseCreator.plan
    calls = []

    def failing_plan(self, draft, actor, **options):
        calls.append(draft.external_no)
        if len(calls) == 3:
            raise RuntimeError("磁盘已满")
        return original(self, draft, actor, **options)

    monkeypatch.setattr(service_module.CaseCreator, "plan", failing_plan)
    with pytest.raises(RuntimeError, match="磁盘已满"):
        import_work_orders(service, path, actor="d1")
    assert calls == ["OK001", "OK002", "OK003"]
    assert counts(service.database) == (0, 0)


def test_import_after_failed_run_starts_numbering_afresh(service, tmp_path, monkeypatch):
    """After a failed import rolled back, the next run imports every row from number 0001."""
    path = write_file(tmp_path / "orders.csv", [good_row(n) for n in range(1, 6)])
    original = service_module.CaseCreator.plan
    calls = []

    def failing_plan(self, draft, actor, **options):
        calls.append(draft.external_no)
        if len(calls) == 3:
            raise RuntimeError("中断")
        return original(self, draft, actor, **options)

    monkeypatch.setattr(service_module.CaseCreator, "plan", failing_plan)
    with pytest.raises(RuntimeError):
        import_work_orders(service, path, actor="d1")
    monkeypatch.setattr(service_module.CaseCreator, "plan", original)
    result = import_work_orders(service, path, actor="d1")
    assert (result.imported, result.unchanged, result.rejects, result.rejects_file) == (5, 0, [], None)
    stored = cases_by_external_no(service.database)
    assert sorted(row.case_no for row in stored.values()) == [f"SJ20250929{n:04d}" for n in range(1, 6)]


def test_import_clean_file_removes_stale_rejects_report(service, tmp_path):
    """A clean import deletes the NAME.rejects.csv an earlier run left next to the file."""
    path = write_file(tmp_path / "orders.xlsx", MIXED_ROWS)
    first = import_work_orders(service, path, actor="d1")
    assert first.rejects_file.exists()
    write_file(path, [good_row(n) for n in range(1, 3)])
    second = import_work_orders(service, path, actor="d1")
    assert (second.imported, second.unchanged, second.rejects, second.rejects_file) == (2, 0, [], None)
    assert not (tmp_path / "orders.rejects.csv").exists()


def test_import_unreadable_file_raises_and_stores_nothing(service, tmp_path):
    """A file of an unsupported type raises ImportFileError before anything is written."""
    path = tmp_path / "orders.txt"
    path.write_text("工单编号,类别\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="不支持的文件类型“orders.txt”"):
        import_work_orders(service, path, actor="d1")
    assert counts(service.database) == (0, 0)
    assert not (tmp_path / "orders.rejects.csv").exists()
