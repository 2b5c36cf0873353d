"""UUIDv7 keys made by the client, so rows can be created offline and still sort by creation time.

Keys made in the same millisecond keep increasing (a counter in the random bits, RFC 9562
§6.2 method 2), so a bulk insert stays in creation order; the counter and the last
millisecond are shared by every thread of the process and changed under one lock, so keys
made by several threads at once are all distinct and each thread's keys increase. Python 3.11
has no uuid.uuid7; uuid-utils has one, but its counter is guarded only by the GIL (plain
loads and stores in its Rust code), and this one needs no dependency.
"""

from __future__ import annotations

import os
import threading
import time
import uuid

_COUNTER_BITS = 74
_COUNTER_MAX = (1 << _COUNTER_BITS) - 1

_lock = threading.Lock()
_last_ms = 0
_last_rand = 0


def uuid7() -> uuid.UUID:
    """Return a new UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then random bits.

    Within a millisecond (or while the system clock is set back) the previous key's random
    bits are counted up; a fresh millisecond starts from random bits with the top bit clear,
    leaving 2**73 keys of headroom before the counter would carry into the next millisecond.
    """
    global _last_ms, _last_rand
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _last_ms:
            ms, rand = _last_ms, _last_rand + 1
            if rand > _COUNTER_MAX:
                ms, rand = ms + 1, _fresh_random()
        else:
            rand = _fresh_random()
        _last_ms, _last_rand = ms, rand
    rand_a = rand >> 62
    rand_b = rand & ((1 << 62) - 1)
    value = (ms << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62) | rand_b
    return uuid.UUID(int=value)


def _fresh_random() -> int:
    return int.from_bytes(os.urandom(10), "big") >> (80 - _COUNTER_BITS + 1)
