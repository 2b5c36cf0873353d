"""Help → 复制诊断信息: versions, paths, the database's kind and revision, the log's last lines —
and never an ID number or a phone number, even from a log line written unmasked."""

import logging

from app.diagnostics import LOG_LINES, diagnostics_text, last_log_lines
from db.engine import Database
from db.migrate import head_revision

ID_NUMBER = "11010519900101123X"
MOBILE = "13912345678"
LANDLINE = "0531-88886666"


def flush_logs() -> None:
    """Flush the log files (a console handler another test left may hold a closed stream)."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.FileHandler):
            handler.flush()


def test_text_names_versions_paths_database_and_revision(log_file, database):
    """The sections support reads: versions, where things are, the database and its revision."""
    text = diagnostics_text(database, extra_versions={"Qt": "6.9.9", "PySide6": "6.9.9"},
                            settings_path="/home/u/.config/GridCC/gridcc.conf")
    for expected in ("Python:", "SQLAlchemy:", "Qt: 6.9.9", "PySide6: 6.9.9", "数据目录:", f"日志: {log_file}",
                     "设置: /home/u/.config/GridCC/gridcc.conf", f"类型: {database.kind}",
                     f"结构版本: {head_revision()}（本程序为 {head_revision()}）"):
        assert expected in text
    if database.kind == "postgresql":
        assert "postgres@" not in text  # the address is described, never given with its account


def test_logged_error_with_id_and_phone_is_masked_in_the_text(log_file, database):
    """An error carrying an ID number and phones reaches the copied log lines masked."""
    try:
        raise ValueError(f"导入失败：{ID_NUMBER} / {MOBILE}")
    except ValueError:
        logging.getLogger("app.test").exception("第 %s 行：电话 %s", 7, LANDLINE)
    flush_logs()
    text = diagnostics_text(database)
    assert "ValueError: 导入失败：[证件号] / [电话]" in text
    for secret in (ID_NUMBER, MOBILE, LANDLINE, "88886666"):
        assert secret not in text


def test_unmasked_line_in_an_old_log_is_masked_when_copied(log_file):
    """A line an older program wrote unmasked is masked on its way into the text."""
    flush_logs()
    with log_file.open("a", encoding="utf-8") as log:
        log.write(f"2024-01-01 ERROR 1 old: 身份证 {ID_NUMBER} 手机 {MOBILE}\n")
    text = diagnostics_text(None)
    assert "身份证 [证件号] 手机 [电话]" in text and ID_NUMBER not in text and MOBILE not in text
    assert "结构版本: 未打开数据库" in text


def test_only_the_last_lines_are_copied(tmp_path):
    """A long log gives its last LOG_LINES lines; a missing log gives none."""
    path = tmp_path / "gridcc.log"
    path.write_text("".join(f"行 {n}\n" for n in range(200)), encoding="utf-8")
    tail = last_log_lines(path)
    assert len(tail) == LOG_LINES and tail[-1] == "行 199" and tail[0] == f"行 {200 - LOG_LINES}"
    assert last_log_lines(tmp_path / "missing.log") == []


def test_unreadable_database_still_gives_a_text(log_file, tmp_path):
    """A database that cannot be read still yields the text, saying so."""
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"this is not a sqlite file at all" * 100)
    database = Database(f"sqlite:///{broken}")
    try:
        text = diagnostics_text(database)
    finally:
        database.dispose()
    assert "结构版本: 无法读取" in text and f"本程序为 {head_revision()}" in text
