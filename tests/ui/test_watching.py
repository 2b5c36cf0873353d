"""The database watcher: another workstation's commit reaches the hub in time, and losing and
regaining the PostgreSQL server is reported (through a local TCP proxy the test cuts)."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.cases.drafts import CaseDraft  # noqa: E402
from app.cases.service import CaseService  # noqa: E402
from db.engine import Database  # noqa: E402
from tests.conftest import local  # noqa: E402
from ui.changes import ChangeHub  # noqa: E402
from ui.watching import DatabaseWatcher  # noqa: E402

REPORTED_AT = local(2025, 9, 30, 10, 0)


def report_case(database: Database) -> str:
    """Write one case through a database object of its own (the 'other workstation')."""
    service = CaseService(database, now=lambda: REPORTED_AT, workstation="other")
    draft = CaseDraft(source="网格员上报", category="暴露垃圾", description="路边垃圾", reported_at=REPORTED_AT)
    return service.create(draft, actor="grid2").case_no


@pytest.fixture
def watch(qtbot):
    """Start a watcher on a database and hub; every watcher is stopped at the end."""
    started = []

    def start(database: Database, **options) -> tuple[ChangeHub, DatabaseWatcher]:
        hub = ChangeHub()
        watcher = DatabaseWatcher(database, hub, **options)
        watcher.start()
        started.append(watcher)
        qtbot.wait(500)
        return hub, watcher

    yield start
    for watcher in started:
        assert watcher.stop(10.0)


@pytest.fixture
def sqlite_pair(sqlite_template, tmp_path):
    """Two Database objects (two workstations) on one SQLite file."""
    path = tmp_path / "shared.db"
    shutil.copy(sqlite_template, path)
    first, second = Database(f"sqlite:///{path}"), Database(f"sqlite:///{path}")
    yield first, second
    first.dispose()
    second.dispose()


@pytest.fixture
def pg_pair(pg_server_url):
    """Two Database objects (two workstations) on one PostgreSQL database."""
    first, second = Database(pg_server_url), Database(pg_server_url)
    yield first, second
    first.dispose()
    second.dispose()


def test_watcher_sqlite_change_by_other_connection_fires_within_two_seconds(qtbot, watch, sqlite_pair):
    """A case saved through a second connection to the same file makes `changed` fire within 2 s."""
    mine, other = sqlite_pair
    hub, _ = watch(mine)
    report_case(other)
    started = time.monotonic()
    with qtbot.waitSignal(hub.changed, timeout=2000):
        pass
    assert time.monotonic() - started < 2.0


def test_watcher_sqlite_quiet_database_fires_nothing(qtbot, watch, sqlite_pair):
    """Without any commit the hub stays quiet and connected."""
    mine, _ = sqlite_pair
    hub, _ = watch(mine)
    with qtbot.assertNotEmitted(hub.changed, wait=1200):
        pass
    assert hub.connected is True


def test_watcher_stop_joins_thread_and_goes_quiet(qtbot, watch, sqlite_pair):
    """After stop() the thread has ended and later commits are not reported."""
    mine, other = sqlite_pair
    hub, watcher = watch(mine)
    assert watcher.running is True
    assert watcher.stop(5.0) is True
    assert watcher.running is False
    report_case(other)
    with qtbot.assertNotEmitted(hub.changed, wait=1200):
        pass


@pytest.mark.pg
def test_watcher_postgres_change_by_other_workstation_fires_within_one_second(qtbot, watch, pg_pair):
    """A case saved through a second PostgreSQL connection makes `changed` fire within 1 s."""
    mine, other = pg_pair
    hub, _ = watch(mine)
    report_case(other)
    started = time.monotonic()
    with qtbot.waitSignal(hub.changed, timeout=1000):
        pass
    assert time.monotonic() - started < 1.0


class TcpProxy:
    """Forwards 127.0.0.1:<port> to 127.0.0.1:<target>; stop() cuts every connection.

    Bounded: it stops by itself after `lifetime` seconds, and never reaches beyond 127.0.0.1.
    """

    def __init__(self, target_port: int, lifetime: float = 60.0):
        self.target_port = target_port
        self.port = _free_port()
        self.lifetime = lifetime
        self._sockets: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._listener: socket.socket | None = None

    def start(self) -> None:
        self._stopped.clear()
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(8)
        listener.settimeout(0.1)
        self._listener = listener
        self._spawn(self._accept_loop)
        deadline = time.monotonic() + self.lifetime
        self._spawn(lambda: self._stopped.wait(max(0.0, deadline - time.monotonic())) or self._cut())

    def stop(self) -> None:
        self._cut()
        for thread in list(self._threads):
            if thread is not threading.current_thread():
                thread.join(5.0)
        self._threads = [t for t in self._threads if t.is_alive()]

    def _cut(self) -> None:
        self._stopped.set()
        with self._lock:
            sockets, self._sockets = [self._listener, *self._sockets], []
        for sock in sockets:
            if sock is None:
                continue
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def _spawn(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept_loop(self) -> None:
        listener = self._listener
        while not self._stopped.is_set():
            try:
                client, _ = listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
            upstream.settimeout(None)
            client.settimeout(None)
            with self._lock:
                self._sockets += [client, upstream]
            self._spawn(self._pump, client, upstream)
            self._spawn(self._pump, upstream, client)

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        while True:
            try:
                data = source.recv(65536)
                if not data:
                    break
                target.sendall(data)
            except OSError:
                break
        for sock in (source, target):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def proxy(pg_server_url):
    """A TCP proxy in front of the test PostgreSQL server (which must be on 127.0.0.1)."""
    if pg_server_url.host not in ("127.0.0.1", "localhost"):
        pytest.skip("the proxy test needs the PostgreSQL server on 127.0.0.1")
    running = TcpProxy(pg_server_url.port or 5432)
    running.start()
    yield running
    running.stop()


@pytest.mark.pg
def test_watcher_server_lost_and_back_reports_both(qtbot, watch, proxy, pg_server_url):
    """Cutting the server reports the loss; when it answers again the return is reported, the
    panes are told to reload, and later commits are heard again."""
    through_proxy = Database(pg_server_url.set(host="127.0.0.1", port=proxy.port))
    direct = Database(pg_server_url)
    try:
        hub, _ = watch(through_proxy)
        with qtbot.waitSignal(hub.connection_lost, timeout=5000) as lost:
            proxy.stop()
        assert hub.connected is False
        assert lost.args[0] != ""
        with qtbot.waitSignals([hub.connection_restored, hub.changed], timeout=12000):
            proxy.start()
        assert hub.connected is True
        qtbot.wait(300)
        report_case(direct)
        with qtbot.waitSignal(hub.changed, timeout=1000):
            pass
    finally:
        through_proxy.dispose()
        direct.dispose()
