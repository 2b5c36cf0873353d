"""Reading a big sheet in a second process while this one checks and writes its rows.

Parsing a sheet's XML is a third of a 100,000-row import, and Python runs it on one core while
the machine has at least two. For a big sheet a second process reads the rows and passes them
over a pipe in batches; the importer works on one batch while the next is read. A small sheet
is read here: starting a process costs more than it saves.

The process is started with "spawn" everywhere (never fork: the desktop has Qt threads running),
so the frozen Windows build must call `multiprocessing.freeze_support()` first, as ui/launcher.py
does.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from itertools import islice

from app.imports.collector import collector_paused
from app.imports.xlsx_book import Worksheet, open_xlsx
from app.imports.xlsx_rows import NumberedRow

#: sheets whose XML is at least this big are read in a second process (about 10,000 rows)
BACKGROUND_FROM_BYTES = 4 << 20
_BATCH = 500


class SheetReadError(Exception):
    """The second process could not read the sheet; the message says why."""


def rows_after(sheet: Worksheet, skip: int) -> Iterator[NumberedRow]:
    """The sheet's numbered rows after the first `skip`, from a second process when it is big."""
    if sheet.xml_size < BACKGROUND_FROM_BYTES or (os.cpu_count() or 1) < 2:
        return islice(sheet.rows(), skip, None)
    return _from_process(sheet, skip)


def _from_process(sheet: Worksheet, skip: int) -> Iterator[NumberedRow]:
    """The rows from a second process; read here instead when that process cannot start or dies
    before its first batch (a locked-down machine, a script without a __main__ guard)."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_read, args=(str(sheet.book.path), sheet.title, skip, sender), daemon=True,
                              name="gridcc-sheet-reader")
    received = False
    try:
        try:
            process.start()
        except (OSError, RuntimeError):
            yield from islice(sheet.rows(), skip, None)
            return
        sender.close()  # only the child writes now; its end closing is how a crash shows as EOFError
        while True:
            try:
                message = receiver.recv()
            except EOFError:
                if received:
                    raise SheetReadError("读取进程意外退出") from None
                yield from islice(sheet.rows(), skip, None)
                return
            if message is None:
                break
            if isinstance(message, str):
                raise SheetReadError(message)
            received = True
            yield from message
        process.join()
    finally:
        if process.is_alive():  # the importer stopped early (an error, or it was abandoned)
            process.terminate()
            process.join()
        receiver.close()


def _read(path: str, title: str, skip: int, sender) -> None:
    """The second process: read the sheet and send its rows in batches, then None (or the error)."""
    try:
        with collector_paused():
            book = open_xlsx(path)
            try:
                batch = []
                for row in islice(book[title].rows(), skip, None):
                    batch.append(row)
                    if len(batch) == _BATCH:
                        sender.send(batch)
                        batch = []
                if batch:
                    sender.send(batch)
            finally:
                book.close()
        sender.send(None)
    except Exception as exc:  # sent to the importer, which reports the file as unreadable
        sender.send(f"{type(exc).__name__}: {exc}")
    finally:
        sender.close()
