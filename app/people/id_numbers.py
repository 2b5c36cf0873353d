"""公民身份号码 (GB 11643): normalise, validate, derive birth date and sex, and generate.

An 18-character number is 6 region digits, 8 birth-date digits (YYYYMMDD), a 3-digit order
code whose last digit is odd for men and even for women, and a check character computed from
the first 17 digits (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, sum mod 11 → "10X98765432").
Old 15-digit numbers (YYMMDD, all born 19xx, no check character) are converted to 18.

Spreadsheets bring numbers in every shape: full-width digits, a lowercase x, spaces, a leading
apostrophe, and — most harmful — cells Excel stored as a number, which keeps only 15
significant digits, so the last three digits of an 18-digit number become 0 and are lost for
good. Such a number is recognised and reported as destroyed instead of being imported.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from operator import mul

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
MIN_BIRTH_YEAR = 1900
SEXES = ("男", "女")
#: first two digits: provinces, plus 81/82/83 of the residence permits of HK, Macao and Taiwan
PROVINCE_CODES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    "71", "81", "82", "83",
})
#: Excel keeps 15 significant digits of a number; everything after them becomes 0
EXCEL_DIGITS = 15

_SCIENTIFIC = re.compile(r"\d(?:\.\d+)?E\+?\d+", re.IGNORECASE)
_REMOVABLE = re.compile(r"[\s\-'‘’`]")
_SEX_WORDS = {"男": "男", "女": "女", "m": "男", "f": "女", "male": "男", "female": "女", "1": "男", "2": "女",
              "男性": "男", "女性": "女"}


@dataclass(frozen=True)
class IdCheck:
    """The outcome of reading one ID cell.

    `number` is the normalised 18-character number when `ok`; otherwise `reason` is a Chinese
    sentence naming the problem. `blank` marks an empty cell (callers decide whether that is
    allowed), `destroyed` a number Excel stored as a number and cut to 15 digits.
    """

    ok: bool
    number: str | None = None
    birth_date: date | None = None
    sex: str | None = None
    reason: str | None = None
    blank: bool = False
    destroyed: bool = False
    converted_from_15: bool = False


def check_char(first17: str) -> str:
    """The check character of the first 17 digits."""
    total = sum(map(mul, map(int, first17), WEIGHTS))
    return CHECK_CHARS[total % 11]


def normalize_id(raw: object, *, today: date | None = None) -> IdCheck:
    """Read an ID cell (str, int or float) into a checked 18-character number.

    Never raises: every problem comes back as an IdCheck with `ok` False and its reason.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return IdCheck(ok=False, reason="未填写身份证号", blank=True)
    if isinstance(raw, bool):
        return _bad(f"身份证号“{raw}”不是号码")
    if isinstance(raw, (int, float)):
        text = _number_cell_text(raw)
        if text is None:
            return _destroyed(_shown(raw))
    else:
        text = _clean(str(raw))
        if _SCIENTIFIC.fullmatch(text):
            return _destroyed(str(raw).strip())
    return _check_text(text, today or date.today())


def parse_id(raw: object, *, today: date | None = None) -> str:
    """The normalised number of a cell, or ValueError with the Chinese reason."""
    result = normalize_id(raw, today=today)
    if not result.ok:
        raise ValueError(result.reason)
    return result.number


def normalize_sex(value: object) -> str | None:
    """男/女 from the usual spellings (男, 女性, M, f, 1, 2); None when blank; ValueError otherwise."""
    if value is None:
        return None
    text = unicodedata.normalize("NFKC", str(value)).strip().lower()
    if text.endswith(".0"):
        text = text[:-2]
    if not text:
        return None
    if text not in _SEX_WORDS:
        raise ValueError(f"性别“{str(value).strip()}”无法识别：应为“男”或“女”")
    return _SEX_WORDS[text]


def check_consistency(id_number: str | None, birth_date: date | None, sex: str | None) -> list[str]:
    """Reasons why an entered birth date or sex contradicts what the ID number says ([] when none).

    Blank entries are not contradictions; the ID number must already be normalised.
    """
    if not id_number or len(id_number) != 18:
        return []
    reasons = []
    derived_birth = _birth_of(id_number)
    if birth_date is not None and derived_birth is not None and birth_date != derived_birth:
        reasons.append(
            f"出生日期 {birth_date.isoformat()} 与身份证号中的出生日期 {derived_birth.isoformat()} 不一致"
        )
    derived_sex = sex_of(id_number)
    if sex and sex != derived_sex:
        reasons.append(f"性别“{sex}”与身份证号不一致：身份证号第17位表示“{derived_sex}”")
    return reasons


def sex_of(id_number: str) -> str:
    """男 when digit 17 is odd, 女 when even."""
    return "男" if int(id_number[16]) % 2 else "女"


def make_id(region_code: str, birth_date: date, seq: int, sex: str) -> str:
    """A valid 18-character number: region (6 digits), birth date, order `seq` (0–499) of that sex.

    The order code is seq × 2, plus 1 for a man, so every (region, date, seq, sex) is distinct.
    """
    if not (len(region_code) == 6 and region_code.isdigit()):
        raise ValueError(f"区划代码应为6位数字：{region_code!r}")
    if not 0 <= seq < 500:
        raise ValueError(f"顺序号应在 0～499 之间：{seq}")
    if sex not in SEXES:
        raise ValueError(f"性别应为“男”或“女”：{sex!r}")
    order = seq * 2 + (1 if sex == "男" else 0)
    first17 = f"{region_code}{birth_date:%Y%m%d}{order:03d}"
    return first17 + check_char(first17)


# --- internals -------------------------------------------------------------------------------

def _clean(text: str) -> str:
    """Full-width to ASCII, no spaces, dashes or Excel's leading apostrophe, x upper-cased."""
    return _REMOVABLE.sub("", unicodedata.normalize("NFKC", text)).upper()


def _shown(value: int | float) -> str:
    """How Excel shows a big number in a General cell (1.10105E+17 style, 15 digits)."""
    return f"{float(value):.14E}"


def _number_cell_text(value: int | float) -> str | None:
    """Digits of a numeric cell, or None when Excel must have destroyed the number.

    A float of 16 or more digits cannot hold all its digits; an integer of 16 or more digits
    whose tail past the 15th digit is all zeros is what Excel writes after cutting it.
    """
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer() or value < 0:
            return f"{value}"
        if value >= 10 ** EXCEL_DIGITS:
            return None
        return str(int(value))
    digits = str(value)
    if len(digits) > EXCEL_DIGITS and set(digits[EXCEL_DIGITS:]) == {"0"}:
        return None
    return digits


def _check_text(text: str, today: date) -> IdCheck:
    converted = False
    if len(text) == 15 and text.isdigit():
        text = text[:6] + "19" + text[6:]
        text += check_char(text)
        converted = True
    if len(text) != 18:
        return _bad(f"身份证号应为18位（或旧的15位），“{text}”是{len(text)}位")
    stray = None if text[:17].isdigit() else next((ch for ch in text[:17] if not ch.isdigit()), None)
    if stray is None and not (text[17].isdigit() or text[17] == "X"):
        stray = text[17]
    if stray is not None:
        return _bad(f"身份证号“{text}”含有非法字符“{stray}”：前17位只能是数字，最后一位是数字或X")
    if text[:2] not in PROVINCE_CODES:
        return _bad(f"身份证号“{text}”的前两位“{text[:2]}”不是有效的省级行政区划代码")
    birth = _birth_of(text)
    if birth is None:
        return _bad(f"身份证号“{text}”中的出生日期“{text[6:14]}”不是有效日期")
    if birth > today:
        return _bad(f"身份证号“{text}”中的出生日期 {birth.isoformat()} 晚于今天")
    if birth.year < MIN_BIRTH_YEAR:
        return _bad(f"身份证号“{text}”中的出生日期 {birth.isoformat()} 早于{MIN_BIRTH_YEAR}年")
    expected = check_char(text[:17])
    if text[17] != expected:
        if text.endswith("000"):
            return _destroyed(text)
        return _bad(f"身份证号“{text}”校验位错误：应为 {expected}，实为 {text[17]}")
    return IdCheck(ok=True, number=text, birth_date=birth, sex=sex_of(text), converted_from_15=converted)


def _birth_of(text: str) -> date | None:
    try:
        return date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return None


def _bad(reason: str) -> IdCheck:
    return IdCheck(ok=False, reason=reason)


def _destroyed(shown: str) -> IdCheck:
    return IdCheck(
        ok=False, destroyed=True,
        reason=(f"身份证号“{shown}”已被Excel按数字存储而损坏（只保留15位有效数字，末几位变成了0），"
                "请把该列设为文本格式后重新录入"),
    )
