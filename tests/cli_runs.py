"""Running the command line in-process for tests: the exit code and both streams of one run."""

from app.cli.main import main


def gridcc(capsys, *argv):
    """Run the command line in-process; return (exit code, stdout, stderr)."""
    try:
        code = main([str(arg) for arg in argv])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err
