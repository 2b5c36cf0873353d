"""Running database, file and print work off the UI thread (Anki's QueryOp/CollectionOp idea).

`run_in_background(parent, work, on_done, on_error)` runs `work()` in Qt's thread pool and
calls `on_done(result)` or `on_error(exception)` back on the UI thread. Results for a parent
that was destroyed meanwhile are dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

_alive: set["_Job"] = set()


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any]):
        super().__init__()
        self.setAutoDelete(False)
        self.work = work
        self.signals = _Signals()

    @Slot()
    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # handed to the UI thread, shown to the user there
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


def run_in_background(parent: QObject, work: Callable[[], Any], on_done: Callable[[Any], None],
                      on_error: Callable[[Exception], None] | None = None) -> None:
    """Run `work` in the thread pool; deliver its result or error to the UI thread."""
    job = _Job(work)
    receiver = _Receiver(parent, job, on_done, on_error)
    job.signals.done.connect(receiver.deliver)
    job.signals.failed.connect(receiver.fail)
    _alive.add(job)
    QThreadPool.globalInstance().start(job)


class _Receiver(QObject):
    """Lives in the UI thread as a child of `parent`, so callbacks die with the parent."""

    def __init__(self, parent: QObject, job: _Job, on_done, on_error):
        super().__init__(parent)
        self.job, self.on_done, self.on_error = job, on_done, on_error

    @Slot(object)
    def deliver(self, result) -> None:
        self._finish()
        self.on_done(result)

    @Slot(object)
    def fail(self, exc) -> None:
        self._finish()
        if self.on_error is None:
            raise exc
        self.on_error(exc)

    def _finish(self) -> None:
        _alive.discard(self.job)
        self.deleteLater()


def wait_for_background_work(timeout_ms: int = 10_000) -> bool:
    """Block until every background job finished (tests, shutdown)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
