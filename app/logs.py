"""The program's log: one rotating file in the user log folder, with personal numbers masked.

Both the command line and the desktop call `setup_logging()` once at start; afterwards any
`logging.getLogger(__name__)` in app/, db/ or ui/ writes there. A user who reports a problem
sends this file, so nothing in it may identify a resident: the handler's `MaskingFilter`
replaces every 18/15-digit ID number and every mobile or landline phone number — in the
message, its arguments and the formatted traceback — before the record is written.

GRIDCC_LOG_DIR names another folder (tests, portable installs).
"""

from __future__ import annotations

import logging
import os
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

from platformdirs import user_log_dir

APP_NAME = "gridcc"
LOG_DIR_ENV = "GRIDCC_LOG_DIR"
LOG_FILE = "gridcc.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
_FORMAT = "%(asctime)s %(levelname)s %(process)d %(name)s: %(message)s"

ID_MASK = "[证件号]"
PHONE_MASK = "[电话]"

# An ID number: 17 digits and a check character (digit or X), or the old 15 digits; never part
# of a longer run of digits or letters (hex keys, hashes), so UUIDs and sizes stay readable.
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
# A mobile (optionally +86/86, spaces or hyphens inside) or a landline with its area code.
_PHONE = re.compile(
    r"(?<![0-9A-Za-z])(?:(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}|0\d{2,3}[- ]?\d{7,8}(?:-\d{1,5})?)(?![0-9A-Za-z])"
)


def mask_personal_numbers(text: str) -> str:
    """`text` with every ID number and phone number replaced by a placeholder."""
    return _PHONE.sub(PHONE_MASK, _ID_NUMBER.sub(ID_MASK, text))


class MaskingFilter(logging.Filter):
    """Masks personal numbers in a record's message and traceback before any handler writes it.

    The message is rendered with its arguments first (an ID may be an argument), and the
    traceback is formatted here so its exception text is masked too.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_personal_numbers(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_personal_numbers(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_personal_numbers(record.stack_info)
        return True


def log_dir() -> Path:
    """The folder of the log file: GRIDCC_LOG_DIR, else the user log folder."""
    override = os.environ.get(LOG_DIR_ENV)
    return Path(override) if override else Path(user_log_dir(APP_NAME, appauthor=False))


def log_path() -> Path:
    """Where the log is to be written (GRIDCC_LOG_DIR or the user log folder)."""
    return log_dir() / LOG_FILE


def active_log() -> Path | None:
    """The file the log is being written to now, named in error lines so a user can find and send
    it; None before setup_logging or when the folder could not be written."""
    handlers = [h for h in logging.getLogger().handlers if isinstance(h, _LogFileHandler)]
    return Path(handlers[0].baseFilename) if handlers else None


class _LogFileHandler(RotatingFileHandler):
    """The program's own file handler (told apart from handlers a host such as pytest adds)."""

    def handleError(self, record: logging.LogRecord) -> None:
        """A full disk or a removed folder loses the record, never prints a traceback to the user."""


class _ConsoleHandler(logging.StreamHandler):
    """Warnings for the person at the terminal: one masked line each, never a traceback."""

    def __init__(self):
        super().__init__()
        self.setLevel(logging.WARNING)
        self.addFilter(lambda record: record.levelno == logging.WARNING)

    def format(self, record: logging.LogRecord) -> str:
        return "警告：" + (mask_personal_numbers(record.getMessage()).splitlines() or [""])[0]

    def handleError(self, record: logging.LogRecord) -> None:
        """A closed terminal loses the warning, never raises."""


def setup_console_warnings() -> None:
    """Show WARNING records on stderr as "警告：…" (the command line), once per process."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _ConsoleHandler)]:
        root.removeHandler(old)
    root.addHandler(_ConsoleHandler())


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Attach the rotating, masked log file to the root logger; its path, or None when the folder
    cannot be written (the program then runs without a log rather than not at all).

    Calling it again keeps the handler when the folder is the same and moves it otherwise.
    """
    root = logging.getLogger()
    path = log_path().absolute()
    for old in [h for h in root.handlers if isinstance(h, _LogFileHandler)]:
        if Path(old.baseFilename) == path:
            return path
        root.removeHandler(old)
        old.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = _LogFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler.addFilter(MaskingFilter())
    handler.setLevel(level)
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    return path
