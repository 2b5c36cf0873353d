"""Reading a big sheet in a second process while this one checks and writes its rows.

Parsing a sheet's XML is a third of a 100,000-row import, and Python runs it on one core while
the machine has at least two. For a big file a second process is started before anything else,
opens the workbook while this one looks for the header, is then told which sheet to read, and
passes its rows over a pipe in batches; the importer works on one batch while the next is read.
A small file is read here: starting a process costs more than it saves.

The process is started with "spawn" everywhere (never fork: the desktop has Qt threads running),
so the frozen Windows build must call `multiprocessing.freeze_support()` first, as ui/launcher.py
does. If the process cannot start, or dies before its first batch, the rows are read here.
"""

from __future__ import annotations

import multiprocessing
import os
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

from app.imports.collector import collector_paused
from app.imports.xlsx_book import Worksheet, open_xlsx
from app.imports.xlsx_rows import NumberedRow

#: files with a sheet whose XML is at least this big are read in a second process (~10,000 rows)
BACKGROUND_FROM_BYTES = 4 << 20
_BATCH = 500


class SheetReadError(Exception):
    """The second process could not read the sheet; the message says why."""


class BackgroundReader:
    """A second process that opens a workbook at once and reads the one sheet it is then given."""

    def __init__(self, path: Path):
        context = multiprocessing.get_context("spawn")
        orders_in, self._orders = context.Pipe(duplex=False)  # the child reads orders, this side sends
        self._rows, rows_out = context.Pipe(duplex=False)  # the child sends rows, this side reads
        self._process = context.Process(target=_serve, args=(str(path), orders_in, rows_out), daemon=True,
                                        name="gridcc-sheet-reader")
        self._started = False
        try:
            self._process.start()
            self._started = True
        except (OSError, RuntimeError):
            pass
        finally:  # this side's copies of the child's ends: a crash then shows here as EOFError
            orders_in.close()
            rows_out.close()

    def rows_after(self, sheet: Worksheet, skip: int) -> Iterator[NumberedRow]:
        """The sheet's numbered rows after the first `skip` (read here if the process is gone)."""
        if not self._started or not self._order(sheet.title, skip):
            yield from islice(sheet.rows(), skip, None)
            return
        received = False
        while True:
            try:
                message = self._rows.recv()
            except EOFError:
                if received:
                    raise SheetReadError("读取进程意外退出") from None
                yield from islice(sheet.rows(), skip, None)  # it died before its first batch
                return
            if message is None:
                return
            if isinstance(message, str):
                raise SheetReadError(message)
            received = True
            yield from message

    def _order(self, title: str, skip: int) -> bool:
        """Tell the process which sheet to read; False when it is already gone."""
        try:
            self._orders.send((title, skip))
            return True
        except OSError:
            return False

    def close(self) -> None:
        """Stop the process (it may not have been given a sheet, or the import stopped early)."""
        if self._started:
            try:
                self._orders.send(None)
            except OSError:
                pass
            self._process.join(timeout=1)
            if self._process.is_alive():
                self._process.terminate()
                self._process.join()
        for end in (self._orders, self._rows):
            end.close()


@contextmanager
def background_reader(path: Path) -> Iterator[BackgroundReader | None]:
    """A BackgroundReader for a big file on a machine with two cores or more, else None."""
    if (os.cpu_count() or 1) < 2 or _largest_sheet_bytes(path) < BACKGROUND_FROM_BYTES:
        yield None
        return
    reader = BackgroundReader(path)
    try:
        yield reader
    finally:
        reader.close()


def rows_after(sheet: Worksheet, skip: int, reader: BackgroundReader | None = None) -> Iterator[NumberedRow]:
    """The sheet's numbered rows after the first `skip`: from the reader's process when there is one."""
    if reader is None:
        return islice(sheet.rows(), skip, None)
    return reader.rows_after(sheet, skip)


def _largest_sheet_bytes(path: Path) -> int:
    """Unpacked size of the file's biggest worksheet XML; 0 when it is not a zip (the opening
    of the workbook then reports that properly)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return max((item.file_size for item in archive.infolist()
                        if item.filename.startswith("xl/worksheets/")), default=0)
    except (OSError, zipfile.BadZipFile):
        return 0


def _serve(path: str, orders, rows) -> None:
    """The second process: open the workbook, wait for (sheet title, rows to skip), send the rows
    in batches and then None; an error is sent as its text. None as the order means: no sheet."""
    try:
        with collector_paused():
            book = open_xlsx(path)
            try:
                order = orders.recv()
                if order is None:
                    return
                title, skip = order
                batch = []
                for row in islice(book[title].rows(), skip, None):
                    batch.append(row)
                    if len(batch) == _BATCH:
                        rows.send(batch)
                        batch = []
                if batch:
                    rows.send(batch)
            finally:
                book.close()
        rows.send(None)
    except EOFError:  # the importer went away without an order
        pass
    except Exception as exc:  # sent to the importer, which reports the file as unreadable
        try:
            rows.send(f"{type(exc).__name__}: {exc}")
        except OSError:
            pass
    finally:
        rows.close()
