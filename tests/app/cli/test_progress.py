"""The CLI's progress line: silent for short reads, on stderr once a read is long."""

import io

from app.cli.progress import read_progress


class _Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_a_short_read_prints_nothing():
    """A read that ends within the first second leaves stderr empty."""
    stream, clock = io.StringIO(), _Clock()
    report = read_progress(stream, clock=clock)
    clock.now = 0.5
    report(2_000, 4_000)
    report(4_000, 4_000)
    assert stream.getvalue() == ""


def test_a_long_read_prints_rows_read_of_the_total():
    """Past a second the line says how far the read has come, and where it ended."""
    stream, clock = io.StringIO(), _Clock()
    report = read_progress(stream, clock=clock)
    clock.now = 2.0
    report(2_000, 100_000)
    clock.now = 3.0
    report(4_000, 100_000)
    clock.now = 9.0
    report(100_000, 100_000)
    assert stream.getvalue() == "已读取 2000 / 100000 行\n已读取 100000 / 100000 行\n"


def test_an_unknown_total_prints_rows_read_only():
    """A CSV's length is not known in advance: the line gives the rows read."""
    stream, clock = io.StringIO(), _Clock()
    report = read_progress(stream, clock=clock)
    clock.now = 2.0
    report(2_000, None)
    assert stream.getvalue() == "已读取 2000 行\n"
