"""Helpers of the sync tests: syncing, comparing every synced table, and small domain writers.

What MUST be equal after every replica synced twice with nobody writing meanwhile: every row of
every table a replica pulls (`synced_tables()` with pull=True), with every column the sync
transports (`SyncedTable.columns`) — keys, values, the workflow projection, the event numbers,
and the bookkeeping `version` / `updated_at` too (a pull writes the server's row whole, so a
replica that merely kept its own version would be a bug: its next push would carry a stale
`before`). Left out, on purpose:
- the derived columns (keyed hashes on a sealed file, reversed numbers on the server) are not
  transported: each side computes its own kind; they are not in `columns`;
- the replica's own at-rest key settings (`settings` rows the server never has);
- push-only tables (the audit log): a replica does not hold the district's log; the tests
  check instead that the desk's audit rows reached the server.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select, text

from app.cases.drafts import CaseDraft
from app.cases.service import CaseService
from app.mediation.service import MediationService
from app.people.service import PeopleService
from app.people.id_numbers import make_id
from app.sync.tables import synced_tables
from db.at_rest_key import KEY_CHECK_SETTING, KEY_ID_SETTING
from db.engine import Database
from db.schema import SyncOutbox
from tests.conftest import local
from tests.sync_world import sync  # noqa: F401 - the sync tests' one way of syncing

ROOT = Path(__file__).resolve().parents[3]
LOCAL_ONLY_SETTINGS = {KEY_ID_SETTING, KEY_CHECK_SETTING}


def sync_all(replicas, rounds: int = 2) -> None:
    """Every replica synced, `rounds` times round (the second round brings each what the others pushed)."""
    for _ in range(rounds):
        for replica in replicas:
            sync(replica)


def table_rows(database: Database, synced) -> dict:
    """The transported values of every row of a synced table, by key."""
    columns = [synced.table.c[c] for c in synced.columns]
    with database.read() as session:
        rows = session.execute(select(*columns)).mappings().all()
    result = {row["id"]: dict(row) for row in rows}
    if synced.name == "settings":
        result = {k: v for k, v in result.items() if v["key"] not in LOCAL_ONLY_SETTINGS}
    return result


def snapshot(database: Database) -> dict:
    """Every pulled table's rows (see the module docstring for what is compared)."""
    return {synced.name: table_rows(database, synced) for synced in synced_tables() if synced.pull}


def differences(expected: dict, actual: dict, limit: int = 8) -> list[str]:
    """Readable differences between two snapshots (first `limit`)."""
    found = []
    for table, rows in expected.items():
        other = actual[table]
        for key in sorted(set(rows) | set(other), key=str):
            if rows.get(key) != other.get(key):
                mine, theirs = rows.get(key), other.get(key)
                if mine is None or theirs is None:
                    found.append(f"{table} {key}: only on {'server' if theirs is None else 'replica'}")
                else:
                    cols = {c: (mine[c], theirs[c]) for c in mine if mine[c] != theirs.get(c)}
                    found.append(f"{table} {key}: {cols}")
                if len(found) >= limit:
                    return found
    return found


def assert_converged(server: Database, replicas) -> dict:
    """Every replica holds exactly the server's rows (and nothing is left in an outbox)."""
    expected = snapshot(server)
    for replica in replicas:
        assert pending(replica) == 0, f"{replica.describe()} still has unpushed changes"
        diff = differences(expected, snapshot(replica))
        assert not diff, f"{replica.describe()} differs from the server:\n" + "\n".join(diff)
    return expected


def pending(replica: Database) -> int:
    with replica.read() as session:
        return session.scalar(select(func.count()).select_from(SyncOutbox))


def integrity_ok(replica: Database) -> bool:
    with replica.read() as session:
        return session.execute(text("PRAGMA integrity_check")).scalar() == "ok"


def count(database: Database, model, *conditions) -> int:
    with database.read() as session:
        return session.scalar(select(func.count()).select_from(model).where(*conditions))


# ----------------------------------------------------------------------- domain writers
class Desk:
    """The services of one database, acting as one desk at a settable instant."""

    def __init__(self, database, name: str, clock):
        self.database, self.name = database, name
        self.cases = CaseService(database, now=clock, workstation=name)
        self.people = PeopleService(database, now=clock, actor=name, workstation=name)
        self.mediation = MediationService(database, now=clock, workstation=name)

    def version(self, person_id) -> int:
        return self.people.get_person(person_id).version


def case_draft(description: str, hour: int = 9, day: int = 7) -> CaseDraft:
    return CaseDraft(source="网格员上报", category="暴露垃圾", description=description,
                     reported_at=local(2026, 12, day, hour, 0))


def person_values(name: str, seq: int, **extra) -> dict:
    """A person with a valid, unique ID number (`seq` makes it unique)."""
    birth = date(1970 + seq % 40, 1 + seq % 12, 1 + seq % 28)
    return {"name": name, "id_number": make_id("370202", birth, seq % 499, "男"), "sex": "男",
            "birth_date": birth, **extra}


# ----------------------------------------------------------------------- a sync in its own process
SYNC_SCRIPT = (
    "import sys\n"
    "from db.engine import Database\n"
    "from app.sync.engine import SyncEngine\n"
    "from app.sync.replica import open_server\n"
    "replica = Database(sys.argv[1])\n"
    "SyncEngine(replica, open_server(replica)).sync_once()\n"
)


def sync_in_process(replica: Database, crash: str | None = None) -> int:
    """A sync of `replica` in a new Python process (optionally killed at a crash point); its exit code.

    The process inherits the environment, so it opens the sealed file with the tests' scratch
    keyring (tests/conftest.py's test_keyring sets the variables)."""
    replica.dispose()
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("GRIDCC_SYNC_CRASH", None)
    if crash:
        env["GRIDCC_SYNC_CRASH"] = crash
    done = subprocess.run([sys.executable, "-c", SYNC_SCRIPT, replica.url.render_as_string(hide_password=False)],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    if done.returncode not in (0, 77):
        raise AssertionError(f"sync process failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.returncode


def at(day: int, hour: int = 10) -> datetime:
    return local(2026, 12, day, hour, 0)
