"""The search columns stored with every person (see db/schema/people.py).

Every write of a person — the form, the Excel import, the demo — fills these through
`search_columns`, so the ledger's search box finds 张三 by "zhangsan", "zs", "002X" or a phone tail.

Readings. A dictionary reading is wrong for names in two ways, and both are fixed here:
- surnames have their own reading (单 shan, not dan; 曾 zeng; 解 xie; 尉迟 yuchi …): the
  surname (a known two-character compound surname first, else the first character) is read
  from `SURNAME_READINGS`, never from the dictionary;
- some characters are read two ways in given names and neither is rare (乐 le/yue, 长
  chang/zhang, 朝 zhao/chao …). A grid worker types the reading the family uses, which the
  program cannot know, so both must be found. Two readings are stored: the primary one
  (`name_pinyin`/`name_initials`: surname reading + pypinyin's phrase-aware reading of the given
  name) and, only when the name has such a character, the alternate one (`name_pinyin_alt`/
  `name_initials_alt`: every such character swapped to its other reading). Two indexed columns
  keep every search an index range scan; enumerating all combinations would need a key table
  and a join on every write for names that almost never have two polyphones.
"""

from __future__ import annotations

import re
from functools import lru_cache

from db.schema import Person


#: Surnames whose reading differs from the dictionary's first reading, compound surnames
#: included (syllables separated by a space). A second reading, when a surname is commonly read
#: both ways, becomes the alternate.
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "单": ("shan",), "曾": ("zeng",), "解": ("xie",), "仇": ("qiu",), "朴": ("piao",),
    "查": ("zha",), "区": ("ou",), "覃": ("qin",), "盖": ("ge", "gai"), "缪": ("miao",),
    "翟": ("zhai",), "乐": ("yue", "le"), "员": ("yun",), "秘": ("bi",), "黑": ("he",),
    "种": ("chong",), "召": ("shao",), "句": ("gou",), "谌": ("chen",), "繁": ("po",),
    "宓": ("mi",), "蕃": ("pi",), "隗": ("wei",), "折": ("she",), "祭": ("zhai",),
    "沈": ("shen",), "柏": ("bai",), "薄": ("bo",), "朝": ("chao",), "相": ("xiang",),
    "尉迟": ("yu chi",), "万俟": ("mo qi",), "长孙": ("zhang sun",), "单于": ("chan yu",),
    "澹台": ("tan tai",), "令狐": ("ling hu",), "欧阳": ("ou yang",), "司马": ("si ma",),
    "上官": ("shang guan",), "诸葛": ("zhu ge",), "皇甫": ("huang fu",), "公孙": ("gong sun",),
    "慕容": ("mu rong",), "夏侯": ("xia hou",), "东方": ("dong fang",), "宇文": ("yu wen",),
    "司徒": ("si tu",), "端木": ("duan mu",), "独孤": ("du gu",), "南宫": ("nan gong",),
    "呼延": ("hu yan",), "闻人": ("wen ren",), "轩辕": ("xuan yuan",), "钟离": ("zhong li",),
}

#: Given-name characters with two readings both common in names (first: the usual one).
GIVEN_NAME_READINGS: dict[str, tuple[str, str]] = {
    "乐": ("le", "yue"), "长": ("chang", "zhang"), "朝": ("zhao", "chao"), "重": ("zhong", "chong"),
    "行": ("xing", "hang"), "传": ("chuan", "zhuan"), "茜": ("qian", "xi"), "单": ("dan", "shan"),
    "曾": ("zeng", "ceng"), "柏": ("bai", "bo"), "藏": ("zang", "cang"), "省": ("sheng", "xing"),
    "校": ("xiao", "jiao"), "卜": ("bu", "bo"), "伽": ("jia", "qie"), "晟": ("sheng", "cheng"),
    "都": ("du", "dou"), "和": ("he", "huo"), "弹": ("tan", "dan"), "解": ("jie", "xie"),
}

#: the width of the pinyin search columns; initials never exceed the name's own length
PINYIN_MAX = Person.__table__.c.name_pinyin.type.length
_COMPOUND_SURNAMES = tuple(s for s in SURNAME_READINGS if len(s) == 2)
_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[a-z0-9]+")


def _split_surname(name: str) -> tuple[str, str]:
    """(surname, given name): a known compound surname when the name is long enough, else one
    character; a name not starting with a Han character (a foreign name) has no surname part."""
    if not _HAN.match(name[:1]):
        return "", name
    if len(name) >= 3 and name[:2] in _COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


@lru_cache(maxsize=65536)
def _syllables(text: str) -> tuple[str, ...]:
    """Dictionary syllables of Han characters (phrase-aware); latin words kept as words.

    Cached: given names repeat a lot, and a bulk import or the benchmarks' two million persons
    would otherwise spend most of their time in the dictionary lookup."""
    from pypinyin import Style, lazy_pinyin  # its dictionaries load in ~0.4 s: only when needed

    result: list[str] = []
    for chunk in lazy_pinyin(text, style=Style.NORMAL, v_to_u=False):
        chunk = chunk.lower()
        if _HAN.search(chunk):
            continue
        result.extend(_LATIN_WORD.findall(chunk))
    return tuple(result)


def _readings(name: str) -> tuple[list[str], list[str] | None]:
    """Primary and alternate syllable lists (alternate None when the name reads one way only)."""
    surname, given = _split_surname(name)
    readings = SURNAME_READINGS.get(surname)
    primary_surname = readings[0].split() if readings else list(_syllables(surname))
    alternate_surname = readings[1].split() if readings and len(readings) > 1 else primary_surname
    given_syllables = list(_syllables(given))
    primary = primary_surname + given_syllables
    alternate_given = list(given_syllables)
    han_given = [ch for ch in given if _HAN.match(ch)]
    if len(han_given) == len(given_syllables):
        for index, ch in enumerate(han_given):
            pair = GIVEN_NAME_READINGS.get(ch)
            if pair:
                alternate_given[index] = pair[1] if given_syllables[index] == pair[0] else pair[0]
    alternate = alternate_surname + alternate_given
    return primary, (alternate if alternate != primary else None)


def name_pinyin(name: str) -> tuple[str, str]:
    """Full pinyin and initials of a name, lowercase without spaces: ('zhangsan', 'zs')."""
    primary, _alternate = _readings((name or "").strip())
    return "".join(primary), "".join(s[0] for s in primary)


def _joined(syllables: list[str], limit: int) -> str:
    """The syllables joined, as many whole ones as fit the column (a 50-character name reads to
    up to 300 letters; its search key keeps the first ones, which is what a search types)."""
    text = ""
    for syllable in syllables:
        if len(text) + len(syllable) > limit:
            break
        text += syllable
    return text


def name_keys(name: str) -> dict[str, str | None]:
    """The four pinyin columns of a name: primary and alternate full pinyin and initials."""
    primary, alternate = _readings((name or "").strip())
    alt_full = _joined(alternate, PINYIN_MAX) if alternate else None
    alt_initials = "".join(s[0] for s in alternate) if alternate else None
    initials = "".join(s[0] for s in primary)
    return {
        "name_pinyin": _joined(primary, PINYIN_MAX),
        "name_initials": initials,
        "name_pinyin_alt": alt_full,
        "name_initials_alt": alt_initials if alt_initials != initials else None,
    }


def reversed_or_none(text: str | None) -> str | None:
    """The text written backwards, so its tail becomes an indexable prefix."""
    return text[::-1] if text else None


def phone_digits(phone: str | None) -> str | None:
    """The digits of a phone number ("0532-8888 6666" → "053288886666"); None when there are none."""
    if phone and phone.isascii() and phone.isdigit():  # most numbers: nothing to take out
        return phone
    digits = "".join(ch for ch in (phone or "") if ch.isdigit())
    return digits or None


def search_columns(name: str, id_number: str | None, phone: str | None) -> dict:
    """The values of the search columns of a person: name_pinyin, name_initials, their `_alt`
    pair and the number keys (every key always present, so bulk inserts line up)."""
    columns = name_keys(name)
    columns.update(number_keys(id_number, phone))
    return columns


def number_keys(id_number: str | None, phone: str | None) -> dict:
    """The search columns of the ID number and phone: id_reversed and phone_reversed (PostgreSQL's
    tail search), and the clear values their keyed-hash columns hash on a SQLite file (db.sealed;
    each database keeps only its own kind, the column types drop the other)."""
    digits = phone_digits(phone)
    return {"id_reversed": reversed_or_none(id_number), "phone_reversed": reversed_or_none(digits),
            "id_hash": id_number, "id_tail": id_number, "id_tail6": id_number, "phone_hash": digits,
            "phone_tail": digits}
