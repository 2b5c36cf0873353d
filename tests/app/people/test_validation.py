"""Tests for reading a person's date cells: the ledger uses the one Excel-serial converter."""

from datetime import date

import pytest

from app.imports.cell_parsers import excel_serial_to_datetime, parse_date_cell


@pytest.mark.parametrize("serial", [1, 59, 61, 32874, 32874.75, 73415])
def test_a_serial_reads_as_the_shared_converter_reads_it(serial):
    """A birth-date serial gives the day every other import gives (before: one day off below 60)."""
    assert parse_date_cell(serial) == excel_serial_to_datetime(serial).date()
    assert parse_date_cell(str(int(serial))) == excel_serial_to_datetime(int(serial)).date()


def test_known_serials():
    """1 is 1900-01-01, 61 is 1900-03-01 and 32874 is 1990-01-01, as Excel shows them."""
    assert [parse_date_cell(s) for s in (1, 61, 32874)] == [date(1900, 1, 1), date(1900, 3, 1), date(1990, 1, 1)]


@pytest.mark.parametrize("serial", [0, 60, 73416, 2_958_465])
def test_a_serial_outside_the_shared_span_is_not_a_date(serial):
    """Excel's phantom 1900-02-29 and serials past 2100 are refused, quoting the value."""
    with pytest.raises(ValueError, match=f"“{serial}”不是日期"):
        parse_date_cell(serial)
