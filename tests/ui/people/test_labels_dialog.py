"""类别与别名 from the people page: aliases listed, added and deleted through app.config.alias_admin."""

from __future__ import annotations


def test_alias_added_listed_and_deleted(page, qtbot):
    """An administrator adds 计生特扶 → 特困人员, sees it in the list, and deletes it; a bad one says why."""
    dialog = page.open_labels()
    qtbot.waitUntil(lambda: dialog.loaded and dialog.alias_table.rowCount() > 10)
    before = dialog.alias_table.rowCount()
    dialog.new_alias.setText("计生特扶")
    dialog.alias_target.setCurrentIndex(dialog.alias_target.findData("tekun"))
    dialog.add_alias()
    qtbot.waitUntil(lambda: dialog.alias_table.rowCount() == before + 1)
    assert dialog.notice.kind == "success"
    shown = [dialog.alias_table.item(n, 0).text() for n in range(dialog.alias_table.rowCount())]
    dialog.alias_table.selectRow(shown.index("计生特扶"))
    dialog.delete_selected()
    qtbot.waitUntil(lambda: dialog.alias_table.rowCount() == before)
    dialog.new_alias.setText("低保户")
    dialog.alias_target.setCurrentIndex(dialog.alias_target.findData("disabled"))
    dialog.add_alias()
    qtbot.waitUntil(lambda: dialog.notice.kind == "error")
    assert dialog.notice.text() == "别名“低保户”已指向人员类别“低保对象”，请先删除"
    dialog.close()


def test_residence_type_aliases_are_a_kind_of_their_own(page, qtbot):
    """Choosing 人口类型 lists its aliases (外来人口 → 流动)."""
    dialog = page.open_labels()
    qtbot.waitUntil(lambda: dialog.loaded)
    dialog.loaded = False
    dialog.kind.setCurrentIndex(dialog.kind.findData("residence_type"))
    qtbot.waitUntil(lambda: dialog.loaded)
    rows = {(dialog.alias_table.item(n, 0).text(), dialog.alias_table.item(n, 1).text())
            for n in range(dialog.alias_table.rowCount())}
    assert ("外来人口", "流动") in rows
    dialog.close()
