"""Client-made UUIDv7 keys (db/ids.py): in order within a millisecond, and safe under threads."""

import sys
import threading
import time
import uuid

from db import ids
from db.ids import uuid7

THREADS = 8
PER_THREAD = 20_000


def test_uuid7_is_version_7_with_the_current_millisecond():
    """A key is a standard uuid.UUID of version 7 whose first 48 bits are the Unix milliseconds now."""
    before = time.time_ns() // 1_000_000
    key = uuid7()
    after = time.time_ns() // 1_000_000
    assert isinstance(key, uuid.UUID)
    assert key.version == 7 and key.variant == uuid.RFC_4122
    assert before <= key.int >> 80 <= after


def test_uuid7_increases_within_one_millisecond():
    """Thousands of keys made in a burst (many per millisecond) strictly increase."""
    keys = [uuid7() for _ in range(50_000)]
    assert all(a < b for a, b in zip(keys, keys[1:]))


def test_uuid7_counter_full_carries_into_the_next_millisecond(monkeypatch):
    """When a millisecond's counter is used up, the next key moves to the next millisecond and still increases."""
    monkeypatch.setattr(ids, "_last_ms", 0)
    monkeypatch.setattr(ids.time, "time_ns", lambda: 1_759_197_600_123_000_000)
    first = uuid7()
    monkeypatch.setattr(ids, "_last_rand", ids._COUNTER_MAX)
    second = uuid7()
    assert first < second
    assert (first.int >> 80, second.int >> 80) == (1_759_197_600_123, 1_759_197_600_124)


def test_uuid7_from_several_threads_unique_and_increasing_per_thread():
    """Keys made by eight threads at once (switching every microsecond) are all distinct, and each
    thread's keys increase."""
    made: dict[int, list[uuid.UUID]] = {}
    start = threading.Barrier(THREADS)

    def work(n: int) -> None:
        start.wait()
        made[n] = [uuid7() for _ in range(PER_THREAD)]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    every = [key for keys in made.values() for key in keys]
    assert len(every) == len(set(every)) == THREADS * PER_THREAD
    for keys in made.values():
        assert all(a < b for a, b in zip(keys, keys[1:]))
