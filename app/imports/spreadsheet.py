"""Opening a spreadsheet (.xlsx, .xlsm, .xlsb, .xls, .ods) or a CSV file as numbered rows.

Cells are read by python-calamine (the Rust calamine library): dates, times and numbers come
typed by their number format (the zh-CN built-in date formats included), rows come in sheet
order whatever order the XML stores them in, and every row keeps the number Excel shows, so a
report names the row the user sees. Before calamine touches an .xlsx, sheet_limits measures it
(calamine aborts the process on an allocation it cannot make); its scan also finds the error
cells calamine reads as empty, which become CellError values here.

Which sheet: by name when the user names one (hidden ones too); otherwise the visible sheets,
the one the file opens on (its active tab) first — a hidden sheet is never read unasked.

A reading failure (damaged file, wrong format, a part calamine cannot parse) is an
ImportFileError saying the file is damaged; any other exception is a bug of ours and is left
to propagate, not disguised as a damaged file.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path
from xml.etree.ElementTree import ParseError

from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

from app.imports.cell_parsers import CellError
from app.imports.csv_sheets import CsvSheet, csv_sheets
from app.imports.errors import ImportFileError
from app.imports.file_format import file_format
from app.imports.ods_errors import ods_errors
from app.imports.sheet_limits import SheetScan, SheetTooLarge, check_file, scan_xlsx_sheet
from app.imports.xlsx_package import XlsxParts, xlsx_parts

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
SUPPORTED_SUFFIXES = SPREADSHEET_SUFFIXES + (".csv",)
_SCANNED_SUFFIXES = (".xlsx", ".xlsm")
_PROGRESS_EVERY = 2_000

NumberedRow = tuple[int, list]
Merge = tuple[int, int, int, int]  # min_col, min_row, max_col, max_row (1-based, inclusive)
Progress = Callable[[int, "int | None"], None]

#: what reading a damaged file raises (zipfile's, zlib's and the XML parser's while measuring, calamine's)
_READ_ERRORS = (CalamineError, OSError, EOFError, zipfile.BadZipFile, zlib.error, NotImplementedError, ParseError)


def damaged_file(file_name: str) -> ImportFileError:
    """The one error for a spreadsheet that cannot be read (shared by every importer)."""
    suffix = Path(file_name).suffix.lower()
    return ImportFileError(f"无法读取文件“{file_name}”：文件已损坏，或不是 {suffix} 格式")


class Sheet:
    """One sheet of a workbook, read on first use: its rows, numbered, and its merged ranges."""

    def __init__(self, book: Workbook, title: str):
        self.book = book
        self.title = title
        self._sheet = None
        self._scan: SheetScan | None = None

    def rows(self, skip: int = 0) -> Iterator[NumberedRow]:
        """(Excel row number, cells) from the first row, leaving out the first `skip` rows; empty
        cells are "" and error cells CellError. The book's progress callback hears how far."""
        sheet, scan = self._loaded()
        start = sheet.start
        if start is None:
            return
        pad = [""] * start[1]
        total = sheet.end[0] + 1
        report = self.book.progress
        error_rows = scan.error_rows
        try:
            for index, cells in enumerate(islice(sheet.iter_rows(), skip, None), start=skip):
                number = index + 1
                if pad:
                    cells = pad + cells
                if number in error_rows:
                    _mark_errors(number, cells, scan)
                if scan.has_nul:
                    cells = [cell.replace("\x00", "") if type(cell) is str else cell for cell in cells]
                if report is not None and number % _PROGRESS_EVERY == 0:
                    report(number, total)
                yield number, cells
        except _READ_ERRORS as exc:
            raise damaged_file(self.book.path.name) from exc
        if report is not None:
            report(total, total)

    def merges(self) -> list[Merge]:
        """The merged ranges (xlsx and xls; calamine reports none for the other formats)."""
        sheet, _scan = self._loaded()
        ranges = sheet.merged_cell_ranges or []
        return [(c0 + 1, r0 + 1, c1 + 1, r1 + 1) for (r0, c0), (r1, c1) in ranges]

    def _loaded(self):
        if self._sheet is None:
            self._scan = self.book.scan(self.title)
            try:
                self._sheet = self.book.calamine.get_sheet_by_name(self.title)
            except _READ_ERRORS as exc:
                raise damaged_file(self.book.path.name) from exc
        return self._sheet, self._scan


def _mark_errors(number: int, cells: list, scan: SheetScan) -> None:
    for column in range(1, len(cells) + 1):
        found = scan.errors.get((number, column))
        if found is not None:
            cells[column - 1] = CellError(*found)


class Workbook:
    """An open spreadsheet: its sheet names, the sheets to try by default, and sheets by name."""

    def __init__(self, path: Path, calamine: CalamineWorkbook, progress: Progress | None, kind: str):
        self.path = path
        self.calamine = calamine
        self.progress = progress
        self.kind = kind
        self._parts = xlsx_parts(path) if kind in _SCANNED_SUFFIXES else None
        metadata = [meta for meta in calamine.sheets_metadata if meta.typ == SheetTypeEnum.WorkSheet]
        self.sheetnames = [meta.name for meta in metadata]
        self._visible = [meta.name for meta in metadata if meta.visible == SheetVisibleEnum.Visible]

    @property
    def worksheets(self) -> list[Sheet]:
        """The sheets to look in when the user names none: visible ones, the active one first."""
        names = list(self._visible)
        active = self._active_name()
        if active in names:
            names.remove(active)
            names.insert(0, active)
        return [Sheet(self, name) for name in names]

    def __getitem__(self, title: str) -> Sheet:
        if title not in self.sheetnames:
            raise KeyError(title)
        return Sheet(self, title)

    def scan(self, title: str) -> SheetScan:
        """The measuring scan of a sheet (.xlsx/.xlsm), or the error cells of an .ods sheet."""
        part = self._parts.sheets.get(title) if self._parts else None
        try:
            if self.kind == ".ods":
                return SheetScan(errors=ods_errors(self.path, title))
            if part is None:
                return SheetScan()
            return scan_xlsx_sheet(self.path, part, self._parts.shared_strings)
        except SheetTooLarge as exc:
            raise ImportFileError(str(exc)) from None
        except _READ_ERRORS as exc:
            raise damaged_file(self.path.name) from exc

    def close(self) -> None:
        self.calamine.close()

    def _active_name(self) -> str | None:
        if self._parts is None or not self._parts.sheets:
            return None
        names = list(self._parts.sheets)
        return names[self._parts.active] if 0 <= self._parts.active < len(names) else None


class CsvWorkbook:
    """A CSV file seen as a workbook: one sheet, tried with each delimiter it may use."""

    def __init__(self, path: Path, progress: Progress | None):
        self.path = path
        self.sheetnames = [path.stem]
        self._sheets = csv_sheets(path, progress)

    @property
    def worksheets(self) -> list[CsvSheet]:
        return list(self._sheets)

    def __getitem__(self, title: str) -> CsvSheet:
        if title not in self.sheetnames:
            raise KeyError(title)
        return self._sheets[0]

    def close(self) -> None:
        """Nothing stays open: the text was read whole."""


def open_spreadsheet(path: str | Path, *, progress: Progress | None = None) -> Workbook | CsvWorkbook:
    """The file at `path`, open for reading; ImportFileError when it is missing, of a type not
    supported, past a size limit or damaged. `progress(rows_read, total or None)` is called now
    and then while rows are read.

    The name must be a spreadsheet's or a CSV's, but the file is read as what its content is
    (file_format): an .xlsx renamed .xls, an .ods named .xlsx or a CSV named .xls all open.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ImportFileError(f"不支持的文件类型“{path.name}”：只能导入 {'、'.join(SUPPORTED_SUFFIXES)} 文件")
    if not path.is_file():
        raise ImportFileError(f"找不到文件“{path}”")
    try:
        kind = file_format(path)
    except OSError as exc:
        raise damaged_file(path.name) from exc
    if kind == ".csv":
        return CsvWorkbook(path, progress)
    try:
        check_file(path)
    except SheetTooLarge as exc:
        raise ImportFileError(str(exc)) from None
    except _READ_ERRORS as exc:
        raise damaged_file(path.name) from exc
    try:
        return Workbook(path, _calamine(path, kind), progress, kind)
    except PasswordError:
        raise ImportFileError(f"文件“{path.name}”设有打开密码：请在Excel或WPS中取消密码、另存后再导入") from None
    except _READ_ERRORS as exc:
        raise damaged_file(path.name) from exc


def _calamine(path: Path, kind: str) -> CalamineWorkbook:
    """calamine's workbook for the file; calamine picks its reader by the name's suffix, so a
    renamed file is handed over as bytes, which it reads by their content."""
    if kind == path.suffix.lower():
        return CalamineWorkbook.from_path(path)
    with path.open("rb") as source:
        return CalamineWorkbook.from_filelike(source)


def fill_merged(rows, merges: list[Merge]) -> Iterator[NumberedRow]:
    """Numbered rows with every merged cell holding its range's top-left value.

    Ledgers merge cells all the time — a title over the whole width, 联系方式 over 手机/固话,
    one 户号 over every member of a household; calamine gives the value only to the top-left
    cell. Rows no range covers pass through untouched, so a sheet without merges costs nothing.
    """
    starts: dict[int, list[Merge]] = {}
    for merge in merges:
        starts.setdefault(merge[1], []).append(merge)
    active: list[tuple[Merge, object]] = []
    for number, cells in rows:
        if active:
            active = [(m, v) for m, v in active if m[3] >= number]
        beginning = starts.get(number)
        if not active and not beginning:
            yield number, cells
            continue
        cells = list(cells)
        for merge in beginning or ():
            value = cells[merge[0] - 1] if merge[0] - 1 < len(cells) else None
            active.append((merge, value))
        for (min_col, _, max_col, _), value in active:
            if len(cells) < max_col:
                cells.extend([""] * (max_col - len(cells)))
            for col in range(min_col - 1, max_col):
                cells[col] = value
        yield number, cells
