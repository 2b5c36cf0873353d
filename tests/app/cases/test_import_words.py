"""The work-order import reads 类别 and 来源 through the label aliases, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select

from app.cases.importer import import_work_orders
from app.config.alias_admin import add_alias
from db.schema import Case, CaseCategory
from tests.app.cases.test_import_db import read_rejects, write_file
from tests.app.cases.test_import_rules_db import row_with


def stored(database) -> list[tuple[str, str, str]]:
    """(工单编号, category code, source) of every stored case, by number."""
    with database.read() as session:
        rows = session.execute(select(Case.external_no, CaseCategory.code, Case.source)
                               .join(CaseCategory, Case.category_id == CaseCategory.id).order_by(Case.external_no))
        return [tuple(row) for row in rows]


def test_default_aliases_map_a_hotline_systems_words(service, tmp_path):
    """邻里矛盾 is the category 0802 and 市民热线 the source 12345热线, as the default aliases say;
    a code and a configured name still work; an unknown source is kept as written."""
    path = write_file(tmp_path / "orders.xlsx", [
        row_with(1, 类别="邻里矛盾", 来源="市民热线"),
        row_with(2, 类别="0101", 来源="网格上报"),
        row_with(3, 类别=" ０８０２ ", 来源="１２３４５"),
        row_with(4, 来源="微信公众号"),
    ])
    result = import_work_orders(service, path, actor="d1")
    assert (result.imported, result.rejects) == (4, [])
    assert stored(service.database) == [("OK001", "0802", "12345热线"), ("OK002", "0101", "网格员上报"),
                                        ("OK003", "0802", "12345热线"), ("OK004", "0101", "微信公众号")]


def test_a_word_the_administrator_adds_is_read_by_the_next_import(service, tmp_path):
    """A community's own word for a category, added once as an alias, imports every row that carries it."""
    path = write_file(tmp_path / "orders.csv", [row_with(1, 类别="垃圾乱倒"), row_with(2, 类别="垃圾乱倒")])
    first = import_work_orders(service, path, actor="d1")
    assert [(r.row_number, r.reason) for r in first.rejects] == [(2, "类别：“垃圾乱倒”不是已配置的事件类别"),
                                                                (3, "类别：“垃圾乱倒”不是已配置的事件类别")]
    assert read_rejects(first.rejects_file)[1][2] == "类别：“垃圾乱倒”不是已配置的事件类别"
    with service.database.write() as session:
        add_alias(session, "case_category", "垃圾乱倒", "0101", actor="admin", workstation=None)
    again = import_work_orders(service, path, actor="d1")
    assert (again.imported, again.rejects) == (2, [])
    assert [code for _no, code, _source in stored(service.database)] == ["0101", "0101"]


def test_reimporting_an_order_written_with_an_alias_is_unchanged(service, tmp_path):
    """The stored case holds the resolved category and source, so the same file again is 未变, not 不同."""
    path = write_file(tmp_path / "orders.xlsx", [row_with(1, 类别="邻居纠纷", 来源="政务热线")])
    assert import_work_orders(service, path, actor="d1").imported == 1
    again = import_work_orders(service, path, actor="d1")
    assert (again.imported, again.unchanged, again.different) == (0, 1, [])
