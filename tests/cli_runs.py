"""Running the command line in-process for tests: the exit code and both streams of one run.

Most command-line tests run on databases without accounts, where every command warns that the
first administrator is still to be created (app/cli/login.py); `gridcc` leaves that warning out
of stderr so those tests see only what they are about. tests/app/cli/test_accounts_cli.py runs
with `gridcc_raw` and checks the warning itself.
"""

from app.cli.login import NO_ACCOUNTS_WARNING
from app.cli.main import main

#: The demo's administrator (app/demo/accounts.py): tests that run commands on a database
#: filled by `gridcc demo` log in as it (GRIDCC_USER / GRIDCC_PASSWORD)
DEMO_ADMIN_ENV = {"GRIDCC_USER": "demo-admin", "GRIDCC_PASSWORD": "demo2026"}


def gridcc_raw(capsys, *argv):
    """Run the command line in-process; return (exit code, stdout, stderr) as printed."""
    try:
        code = main([str(arg) for arg in argv])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def gridcc(capsys, *argv):
    """Like gridcc_raw, without the no-accounts warning line in stderr."""
    code, out, err = gridcc_raw(capsys, *argv)
    return code, out, without_account_warning(err)


def without_account_warning(err: str) -> str:
    """stderr without the warning a database without accounts gives."""
    return "".join(line for line in err.splitlines(keepends=True) if line.rstrip("\n") != NO_ACCOUNTS_WARNING)
