"""A big sheet is read in a second process: the same rows, in order, and its failures reported."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import openpyxl
import pytest

from app.imports import background_rows
from app.imports.background_rows import BackgroundReader, SheetReadError, background_reader, rows_after
from app.imports.xlsx_book import open_xlsx
from tests.xlsx_files import with_part_changed


@pytest.fixture
def big_sheet(tmp_path):
    path = tmp_path / "台账.xlsx"
    workbook = openpyxl.Workbook(write_only=True)
    workbook.create_sheet("说明").append(["填表说明"])
    sheet = workbook.create_sheet("人口")
    sheet.append(["姓名", "出生日期"])
    for n in range(1_234):  # more than two of the process's batches
        sheet.append([f"居民{n}", date(1980, 1, 1) + timedelta(days=n)])
    workbook.save(path)
    return path


@pytest.fixture
def in_background(monkeypatch):
    monkeypatch.setattr(background_rows, "BACKGROUND_FROM_BYTES", 0)
    monkeypatch.setattr(background_rows.os, "cpu_count", lambda: 2)


def test_rows_from_the_second_process_are_the_rows_read_here(big_sheet, in_background):
    book = open_xlsx(big_sheet)
    try:
        here = list(book["人口"].rows())[5:]
        with background_reader(big_sheet) as reader:
            assert isinstance(reader, BackgroundReader)
            assert reader._started
            assert list(rows_after(book["人口"], 5, reader)) == here
        assert len(here) == 1_230 and not reader._process.is_alive()
    finally:
        book.close()


def test_a_small_file_or_one_core_gets_no_second_process(big_sheet, monkeypatch):
    with background_reader(big_sheet) as reader:
        assert reader is None
    monkeypatch.setattr(background_rows, "BACKGROUND_FROM_BYTES", 0)
    monkeypatch.setattr(background_rows.os, "cpu_count", lambda: 1)
    with background_reader(big_sheet) as reader:
        assert reader is None
    book = open_xlsx(big_sheet)
    try:
        assert next(iter(rows_after(book["人口"], 1))) == (2, ("居民0", datetime(1980, 1, 1)))
    finally:
        book.close()


def test_a_process_given_no_sheet_stops(big_sheet, in_background):
    with background_reader(big_sheet) as reader:
        pass
    assert not reader._process.is_alive()


def test_a_sheet_the_second_process_cannot_read_is_an_error_here(big_sheet, in_background, tmp_path):
    broken = with_part_changed(big_sheet, tmp_path / "断.xlsx", "xl/worksheets/sheet2.xml",
                               lambda data: data[:len(data) // 2])
    book = open_xlsx(broken)
    try:
        with background_reader(broken) as reader, pytest.raises(SheetReadError, match="ParseError"):
            list(rows_after(book["人口"], 0, reader))
    finally:
        book.close()


def test_a_process_that_dies_before_its_first_batch_is_replaced_by_reading_here(big_sheet, in_background,
                                                                                monkeypatch):
    monkeypatch.setattr(background_rows, "_serve", _exit_at_once)
    book = open_xlsx(big_sheet)
    try:
        with background_reader(big_sheet) as reader:
            assert list(rows_after(book["人口"], 3, reader)) == list(book["人口"].rows())[3:]
    finally:
        book.close()


def _exit_at_once(path, orders, rows):
    rows.close()
