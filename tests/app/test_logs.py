"""The log file: rotating, in GRIDCC_LOG_DIR, and never holding an ID number or a phone number."""

import logging

import pytest

from app.logs import log_path, mask_personal_numbers, setup_logging

ID_NUMBER = "11010519900101123X"
OLD_ID_NUMBER = "110105900101123"
MOBILE = "13912345678"
LANDLINE = "0531-88886666"


@pytest.mark.parametrize("text, masked", [
    (f"身份证 {ID_NUMBER} 重复", "身份证 [证件号] 重复"),
    (f"旧证 {OLD_ID_NUMBER}", "旧证 [证件号]"),
    (f"电话{MOBILE}，座机 {LANDLINE}", "电话[电话]，座机 [电话]"),
    ("+86 139-1234-5678", "[电话]"),
    ("key 0192f3a4-7c1e-7b11-8f00-123456789012 and 2025-09-30 10:00", None),
    ("用时 12.5 秒，100000 行", None),
])
def test_mask_personal_numbers(text, masked):
    """ID numbers and phones become placeholders; keys, dates and counts stay readable."""
    assert mask_personal_numbers(text) == (text if masked is None else masked)


def test_log_is_written_where_gridcc_log_dir_says(log_file, tmp_path):
    """GRIDCC_LOG_DIR chooses the folder; the log is created there."""
    assert log_file == log_path().absolute() == (tmp_path / "logs" / "gridcc.log").absolute()
    logging.getLogger("app.test").info("打开了数据库")
    assert "打开了数据库" in log_file.read_text(encoding="utf-8")


def test_logged_error_holds_no_id_number_or_phone(log_file):
    """An ID and a phone in an error's message, its arguments and its traceback are all masked."""
    try:
        raise ValueError(f"导入失败：{ID_NUMBER} / {MOBILE}")
    except ValueError:
        logging.getLogger("app.test").exception("第 %s 行：%s，电话 %s", 7, ID_NUMBER, LANDLINE)
    written = log_file.read_text(encoding="utf-8")
    assert "Traceback" in written and "第 7 行：[证件号]，电话 [电话]" in written
    assert "ValueError: 导入失败：[证件号] / [电话]" in written
    for secret in (ID_NUMBER, MOBILE, LANDLINE, "88886666"):
        assert secret not in written


def test_setting_up_twice_keeps_one_handler(log_file):
    """Each command-line run calls setup_logging; records are still written once."""
    setup_logging()
    logging.getLogger("app.test").warning("一次")
    assert log_file.read_text(encoding="utf-8").count("一次") == 1
