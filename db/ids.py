"""UUIDv7 keys made by the client, so rows can be created offline and still sort by creation time."""

from __future__ import annotations

import os
import time
import uuid

_last_ms = 0
_last_rand = 0


def uuid7() -> uuid.UUID:
    """Return a new UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then random bits.

    Keys made in the same millisecond by this process keep increasing, so a batch insert
    stays in creation order.
    """
    global _last_ms, _last_rand
    ms = time.time_ns() // 1_000_000
    if ms <= _last_ms:
        ms = _last_ms
        rand = (_last_rand + 1) & ((1 << 74) - 1)
    else:
        rand = int.from_bytes(os.urandom(10), "big") >> 6
    _last_ms, _last_rand = ms, rand
    rand_a = rand >> 62
    rand_b = rand & ((1 << 62) - 1)
    value = (ms << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62) | rand_b
    return uuid.UUID(int=value)
