"""What a user types into the people search or names as a filter, checked before any query.

The search text is bounded: every word becomes several index ranges OR-ed together and the
words are AND-ed, so a pasted paragraph would build a statement SQLite refuses ("expression
tree too large" at about 500 words) and PostgreSQL plans for seconds. Nobody looks a person up
with more than a handful of words; past `MAX_WORDS` words or `MAX_CHARS` characters the text is
refused with one line saying the limits. The command line and the ledger's search box both call
`checked_search_text`.

A grid or category named as a filter that does not exist is an error, with the same words as
the export's ("网格或区域“…”不存在", "没有“…”这一人员类别"), never an empty result that reads as
"nobody lives there".
"""

from __future__ import annotations

import unicodedata

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.people.errors import PersonError
from db.schema import Region

MAX_WORDS = 10
MAX_CHARS = 100


class SearchTextError(PersonError):
    """Search text past the limits (the message gives them)."""

    def __init__(self, message: str):
        super().__init__("search", message)


def normalized(text: str) -> str:
    """Full-width to half-width, trimmed; the form every search word is read in."""
    return unicodedata.normalize("NFKC", text).strip()


def checked_search_text(text: str | None) -> str:
    """The search text normalised; SearchTextError past MAX_WORDS words or MAX_CHARS characters."""
    text = normalized(text or "")
    words = len(text.split())
    if words > MAX_WORDS:
        raise SearchTextError(f"查找内容的词太多（{words} 个）：最多 {MAX_WORDS} 个词、{MAX_CHARS} 个字符")
    if len(text) > MAX_CHARS:
        raise SearchTextError(f"查找内容过长（{len(text)} 个字符）：最多 {MAX_CHARS} 个字符、{MAX_WORDS} 个词")
    return text


def unknown_region(label: str) -> PersonError:
    """The error for a grid or region filter that names nothing."""
    return PersonError("grid_id", f"网格或区域“{label}”不存在")


def unknown_category(label: str) -> PersonError:
    """The error for a category filter that names nothing."""
    return PersonError("categories", f"没有“{label}”这一人员类别")


def require_region(session: Session, label: str) -> str:
    """The code of the region (any level) with this name or code; PersonError when there is none."""
    code = session.scalar(select(Region.code).where(or_(Region.name == label, Region.code == label),
                                                    Region.deleted_at.is_(None)).limit(1))
    if code is None:
        raise unknown_region(label)
    return code
