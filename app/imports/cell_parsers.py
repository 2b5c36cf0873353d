"""Parsers for single spreadsheet cells: text, numbers, date-times and phone numbers.

Cells come typed from the spreadsheet reader (datetime, date, time, int, float, bool, CellError)
or as text from CSV; every parser accepts both and raises ValueError with a short Chinese
description of the problem (without the column name, which the caller prefixes).

This is the one place for these rules: the one date-time parser, the one Excel-serial converter
(1900-01-01 .. 2100-12-31, the same range for every import), the one phone parser. An Excel
error cell (#DIV/0!, #N/A …) is a CellError, never text: `clean_text` refuses it, so an error can
never be stored as a value, and `cell_error_in` lets an importer reject its row naming the cell.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, time, timedelta, tzinfo

#: what clean_text changes besides the two ends: white space other than " " (odd spaces, line
#: breaks, tabs) and invisible marks; clean_line also collapses a run of spaces
_UNTIDY = re.compile("[^\\S ]|[\x00\u200b\u200c\u200d\u2060\ufeff]")
_UNTIDY_LINE = re.compile(_UNTIDY.pattern + "| {2}")
_INVISIBLE = dict.fromkeys(map(ord, "\x00\u200b\u200c\u200d\u2060\ufeff"), None)
_WIDE_SPACES = dict.fromkeys(map(ord, "\u00a0\u3000\u2002\u2003\u2009\t"), " ")

_EXCEL_EPOCH = datetime(1899, 12, 30)
#: the dates any import accepts; Excel serial 1 is 1900-01-01, 73415 is 2100-12-31
FIRST_DATE, LAST_DATE = date(1900, 1, 1), date(2100, 12, 31)
_LAST_SERIAL = 73416
_LOTUS_LEAP_DAY = 60  # Excel's 1900-02-29, a day that never was; serials below it count from 1899-12-31
#: what Excel shows in a cell whose formula failed (and writes as text when saving CSV)
ERROR_CODES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
                         "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"))
#: a serial typed as text: five digits with any fraction (45930.75), or fewer with none (1, 32874.0)
_SERIAL_TEXT = re.compile(r"\d{5}(?:\.\d+)?|\d{1,4}(?:\.0+)?")
#: a year alone, never taken for a serial ("2025" is not 1905-07-17; "2025.10" is a year-month)
_YEAR_TEXT = re.compile(r"(?:19\d\d|20\d\d|2100)(?:\.0+)?")
_DAY_TEXT = re.compile(r"(?P<year>\d{4})\s*[-/.年]\s*(?P<month>\d{1,2})\s*[-/.月]\s*(?P<day>\d{1,2})\s*日?")
_TIME_TEXT = re.compile(
    r"\s*T?\s*(?P<hour>\d{1,2})\s*(?::|时|点)\s*"
    r"(?:(?P<minute>\d{1,2})\s*(?::|分)?\s*"
    r"(?:(?P<second>\d{1,2})(?:\.\d+)?\s*秒?)?)?"
)
_MONTH_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?")
_COMPACT_TEXT = re.compile(r"(\d{4})(\d{2})(\d{2})")

_PHONE_SEPARATORS = re.compile(r"[\s\-()\u2010-\u2015]")
_COUNTRY_PREFIX = re.compile(r"(?:\+86|0086|86)(?=1[3-9]\d{9}$)")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE_SHORT_CODE = re.compile(r"(0[12]\d)(\d{8})")
_LANDLINE_LONG_CODE = re.compile(r"(0[3-9]\d{2})(\d{7,8})")
_SERVICE_NUMBER = re.compile(r"\d{5}")
_INTEGRAL_FLOAT_TEXT = re.compile(r"(\d+)\.0+")


class CellError:
    """An Excel error cell: the error as shown (e.g. "#DIV/0!") and the cell's address ("D5").

    Not text and not blank: a row holding one is rejected with `message`, never imported.
    """

    __slots__ = ("code", "cell")

    def __init__(self, code: str, cell: str):
        self.code = code
        self.cell = cell

    @property
    def message(self) -> str:
        """The rejection reason, e.g. "单元格 D5 是错误值 #DIV/0!"."""
        return f"单元格 {self.cell} 是错误值 {self.code}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CellError) and (self.code, self.cell) == (other.code, other.cell)

    def __hash__(self) -> int:
        return hash((self.code, self.cell))

    def __repr__(self) -> str:
        return f"CellError({self.code!r}, {self.cell!r})"


def column_letters(position: int) -> str:
    """The column letters of a 0-based column position: 0 is "A", 26 is "AA"."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_error_in(cells, positions=None) -> CellError | None:
    """The first error cell of a raw row (only among `positions` when given), or None.

    Fast for the rows without errors, which are nearly all of them.
    """
    if CellError not in map(type, cells):
        return None
    width = len(cells)
    for position in range(width) if positions is None else sorted(positions):
        if position < width and type(cells[position]) is CellError:
            return cells[position]
    return None


def as_shown(cells) -> list:
    """A raw row for a report: each error cell as the error Excel shows (#DIV/0!)."""
    return [cell.code if type(cell) is CellError else cell for cell in cells]


def to_halfwidth(text: str) -> str:
    """Fold full-width digits, letters and punctuation to ASCII (NFKC), as typed on Chinese IMEs."""
    return unicodedata.normalize("NFKC", text)


def clean_text(value: object) -> str:
    """Return a cell as tidy text: blanks become "", numbers lose a spurious ".0", ends are stripped.

    Line breaks inside the text are kept; odd spaces (full-width, non-breaking) become plain ones
    and invisible characters (zero-width, BOM) are dropped.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, CellError):
        raise ValueError(value.message)
    if not isinstance(value, str):
        return str(value)
    if not _UNTIDY.search(value):  # most cells: nothing to tidy but the ends
        return value.strip()
    text = value.translate(_INVISIBLE).translate(_WIDE_SPACES)
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(lines).strip()


def clean_line(value: object) -> str:
    """Return a cell as one line of text with inner runs of white space collapsed to one space."""
    if type(value) is str and not _UNTIDY_LINE.search(value):
        return value.strip()
    return " ".join(clean_text(value).split())


def integral_text(value: object) -> str:
    """Text of a code-like cell (numbers, IDs): one line, and "12345.0" read back as "12345"."""
    text = clean_line(value)
    match = _INTEGRAL_FLOAT_TEXT.fullmatch(text)
    return match.group(1) if match else text


def is_blank(value: object) -> bool:
    """True for an empty cell or one holding only white space (an error cell is not blank)."""
    return not isinstance(value, CellError) and clean_text(value) == ""


def parse_number(value: object) -> float:
    """Read a finite number from a numeric cell or from text such as "121.47" or "１２１．４７"."""
    try:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = float(value)
        else:
            number = float(to_halfwidth(clean_text(value)).replace(" ", ""))
    except (ValueError, OverflowError):
        number = math.nan
    if not math.isfinite(number):
        raise ValueError(f"不是数字：“{_shown_briefly(value)}”")
    return number


def _shown_briefly(value: object) -> str:
    """A cell's text for a message, cut to 30 characters (a 400-digit number is not shown whole)."""
    try:
        text = clean_text(value)
    except ValueError:  # an int too long to print
        return "（过长的数字）"
    return text if len(text) <= 30 else text[:30] + "…"


def parse_datetime(value: object, *, tz: tzinfo) -> datetime:
    """Read a date-time cell into an aware datetime; naive values are taken to be in ``tz``.

    Accepts Excel date cells, Excel serial numbers (e.g. 45930.4166667), and text as
    `parse_date_text` reads it (a bare date means 00:00; a year and month alone are refused).
    Dates outside 1900-01-01 .. 2100-12-31 are refused.
    """
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    else:
        read = _date_from_number(value, _MOMENT) if _is_number(value) else parse_date_text(clean_text(value))
        if isinstance(read, tuple):
            raise ValueError(_MOMENT.invalid(clean_text(value)) + "（只有年月，缺少日）")
        moment = read
    check_date_range(moment.date(), shown=clean_text(value))
    if moment.tzinfo is None:
        return moment.replace(tzinfo=tz)
    return moment.astimezone(tz)


def parse_date_cell(value: object) -> date | tuple[int, int] | None:
    """A day from a date cell, an Excel serial, a yyyymmdd number or text as `parse_date_text`
    reads it (1985-03-12, 1985.03.12, 1985/3/12, 19850312, 1985年3月12日; a time after it is
    ignored). A year and month alone (1985.03, 1985年3月, as 出生年月 columns hold) come back as
    (year, month). Blank is None; anything else ValueError.

    The range is the caller's: a birth date has its own bounds (not after today, not before 1900).
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if _is_number(value):
        read = _date_from_number(value, _DAY)
    else:
        text = clean_text(value)
        if not text:
            return None
        read = parse_date_text(text, day_only=True)
    return read if isinstance(read, tuple) else read.date()


def parse_date_text(text: str, *, day_only: bool = False) -> datetime | tuple[int, int]:
    """The one reader of dates written as text, for every import and form.

    Reads ISO text ("2025-09-30T02:00+00:00"), the usual Chinese spellings ("2025/9/30 10:00",
    "2025年9月30日10时30分", "2025.9.30"), full-width digits, yyyymmdd ("19850312"), an Excel serial
    typed as text ("45930", "32874.75"; a four-digit year such as "2025" is not taken for one) and
    a year and month alone ("1985.03", "1985年3月"), which comes back as (year, month) for the caller
    to accept or refuse. With ``day_only`` (a birth date) whatever follows the date after a space or
    a "T" is ignored; otherwise it must be a time of day. Raises ValueError quoting the text.
    """
    words = _DAY if day_only else _MOMENT
    plain = to_halfwidth(text).strip()
    if _SERIAL_TEXT.fullmatch(plain) and not _YEAR_TEXT.fullmatch(plain):
        return _from_serial(float(plain), shown=text, words=words)
    try:
        read = _date_or_month(plain, day_only)
    except ValueError:
        raise ValueError(words.invalid(text)) from None
    if read is not None:
        return read
    try:
        return datetime.fromisoformat(plain)
    except ValueError:
        raise ValueError(words.unknown(text)) from None


def _date_or_month(plain: str, day_only: bool) -> datetime | tuple[int, int] | None:
    """The structured spellings: a date with an optional time, yyyymmdd, a year-month; None for
    text in none of them (ISO may still read it). Impossible values raise ValueError."""
    match = _DAY_TEXT.match(plain)
    if match:
        day = datetime(*(int(match.group(name)) for name in ("year", "month", "day")))
        rest = plain[match.end():]
        if not rest or (day_only and (rest[0] == "T" or rest[0].isspace())):
            return day
        clock = _TIME_TEXT.fullmatch(rest)
        if clock:
            return day.replace(**{name: int(part or 0) for name, part in clock.groupdict().items()})
        return None
    match = _COMPACT_TEXT.fullmatch(plain)
    if match:
        return datetime(*map(int, match.groups()))
    match = _MONTH_TEXT.fullmatch(plain)
    if match:
        year, month = map(int, match.groups())
        date(year, month, 1)
        return year, month
    return None


class _Words:
    """How a date problem is worded for a date-time (a case's report time) or a day (a birth date)."""

    __slots__ = ("invalid", "unknown", "out_of_span")

    def __init__(self, invalid, unknown, out_of_span):
        self.invalid = invalid  # in a known spelling, but no such day (2025-02-30)
        self.unknown = unknown  # in no spelling the reader knows
        self.out_of_span = out_of_span


_SPAN = f"{FIRST_DATE:%Y-%m-%d}～{LAST_DATE:%Y-%m-%d}"
_MOMENT = _Words(lambda shown: f"不是有效的日期时间：“{shown}”", lambda shown: f"不是有效的日期时间：“{shown}”",
                 lambda shown: f"不是有效的日期时间：“{shown}”（日期应在{_SPAN}之间）")
_DAY = _Words(lambda shown: f"“{shown}”不是有效的日期",
              lambda shown: f"“{shown}”不是日期，应写成 1985-03-12、1985.03.12 或 1985年3月12日",
              lambda shown: f"“{shown}”不是日期（日期应在{_SPAN}之间）")


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _date_from_number(value: float, words: _Words) -> datetime:
    """A numeric cell as a date: eight digits are yyyymmdd (19850312), anything else a serial."""
    if float(value).is_integer() and 10_000_000 <= value <= 99_999_999:
        try:
            return datetime.strptime(str(int(value)), "%Y%m%d")
        except ValueError:
            raise ValueError(words.invalid(clean_text(value))) from None
    return _from_serial(value, shown=clean_text(value), words=words)


def excel_serial_to_datetime(serial: float) -> datetime:
    """Convert an Excel serial day number (1900 date system) to a naive datetime, to the second.

    Serial 1 is 1900-01-01; 60, Excel's 1900-02-29, and anything outside 1900-01-01 ..
    2100-12-31 raise ValueError (a huge number is a mistake, not a date far away).
    """
    if not (isinstance(serial, (int, float)) and 1 <= serial < _LAST_SERIAL) or int(serial) == _LOTUS_LEAP_DAY:
        raise ValueError(f"日期超出范围：应在{FIRST_DATE:%Y-%m-%d}～{LAST_DATE:%Y-%m-%d}之间")
    if serial < _LOTUS_LEAP_DAY:
        serial += 1
    return _EXCEL_EPOCH + timedelta(seconds=round(serial * 86_400))


def check_date_range(day: date, *, shown: str = "") -> None:
    """Refuse a date before 1900-01-01 or after 2100-12-31 (a typo such as 1025 or 20255)."""
    if not FIRST_DATE <= day <= LAST_DATE:
        what = f"“{shown}”" if shown else f"{day:%Y-%m-%d}"
        raise ValueError(f"日期{what}超出范围：应在{FIRST_DATE:%Y-%m-%d}～{LAST_DATE:%Y-%m-%d}之间")


def parse_phone(value: object) -> str:
    """Validate a phone cell and return it normalised: a mobile or service number as bare digits,
    a landline as "area-number" (e.g. "010-12345678", "0532-8888888").

    Spaces, dashes and brackets are ignored, as is a "+86" before a mobile; a number Excel stored
    as a float (13800138000.0) is read back as digits.
    """
    shown = clean_text(value)
    digits = _PHONE_SEPARATORS.sub("", integral_text(to_halfwidth(shown)))
    digits = _COUNTRY_PREFIX.sub("", digits, count=1)
    if _MOBILE.fullmatch(digits) or _SERVICE_NUMBER.fullmatch(digits):
        return digits
    for landline in (_LANDLINE_SHORT_CODE, _LANDLINE_LONG_CODE):
        match = landline.fullmatch(digits)
        if match:
            return f"{match.group(1)}-{match.group(2)}"
    raise ValueError(f"不是有效的电话号码：“{shown}”")


def _float_text(value: float) -> str:
    """Text for a float cell: integral values without ".0" (Excel stores every number as a float)."""
    if math.isnan(value):
        return ""
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def _from_serial(serial: float, *, shown: str, words: _Words) -> datetime:
    """An Excel serial as a date-time, or ValueError naming the number as written."""
    try:
        return excel_serial_to_datetime(serial)
    except ValueError:
        raise ValueError(words.out_of_span(shown)) from None
