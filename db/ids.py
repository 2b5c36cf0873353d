"""UUIDv7 keys made by the client, so rows can be created offline and still sort by creation time.

The keys come from uuid-utils (the Rust `uuid` crate's generator): it keeps its counter behind a
lock shared by the whole process, so keys made by several threads at once are all distinct and
each thread's keys keep increasing even within one millisecond, which the bulk inserts rely on
to store rows in creation order. Python 3.11's `uuid` has no uuid7.
"""

from __future__ import annotations

import uuid

from uuid_utils.compat import uuid7 as _uuid7


def uuid7() -> uuid.UUID:
    """Return a new UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then a counter and random bits."""
    return _uuid7()
