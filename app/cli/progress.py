"""A progress line on stderr for long reads (`people import` of a big ledger).

Nothing is printed for a read that finishes within a second, so short commands and scripts see
no noise; past that, one line on stderr says how many rows are read (of how many, when known),
rewritten in place on a terminal and repeated at most every few seconds elsewhere (a log).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

QUIET_SECONDS = 1.0
LOG_EVERY_SECONDS = 5.0


def read_progress(stream: TextIO | None = None, *, clock: Callable[[], float] = time.monotonic):
    """A callback `(rows read, total or None)` that prints the progress line once the read is long."""
    stream = stream or sys.stderr
    started = clock()
    state = {"shown": float("-inf"), "open": False}
    live = stream.isatty()

    def report(done: int, total: int | None) -> None:
        now = clock()
        finished = total is not None and done >= total
        if now - started < QUIET_SECONDS and not state["open"]:
            return
        if not live and not finished and now - state["shown"] < LOG_EVERY_SECONDS:
            return
        state["shown"] = now
        text = f"已读取 {done} / {total} 行" if total else f"已读取 {done} 行"
        if live:
            stream.write("\r" + text + ("\n" if finished else ""))
        else:
            stream.write(text + "\n")
        state["open"] = live and not finished
        stream.flush()

    return report
