"""Run the frozen program (a PyInstaller build of build_installer.spec) the way a user would.

    python .ci/check_frozen.py dist/gridcc

1. `gridcc --demo --screenshot DIR`: the demo district is built and every page registered in
   ui/assembly.py is written as a PNG; a page whose working area is almost all one colour (the
   map's web engine that did not start, a table that never filled) fails.
2. `gridcc-cli --db NEW.db db upgrade`: a new SQLite file is created at the program's schema.
3. The same database, marked with a revision the program does not know: `db upgrade` and the
   desktop both refuse it with one line (no traceback) and exit code 2.
4. `gridcc-cli --version` prints pyproject.toml's version (the package metadata was frozen), and
   the runs wrote their log where GRIDCC_LOG_DIR says.

Everything the program writes (data, settings, log) goes to a temporary folder.
Prints one line per check; exits 1 at the first failure.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import numpy as np
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[1]
#: The share of a page's working area one colour may cover before the page counts as blank.
BLANK_SHARE = 0.985
#: The working area of a 1920×1080 window: right of the navigation, below the header, above the status bar.
WORK_AREA = (180, 64, 1920, 1040)
TIMEOUT_S = 900


def fail(message: str) -> None:
    print(f"frozen check FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def expected_pages() -> list[str]:
    """The page keys ui/assembly.py registers (each gets a screenshot)."""
    text = (ROOT / "ui" / "assembly.py").read_text(encoding="utf-8")
    # and the wall display, rendered beside the pages at 3840×2160 and 1920×1080 (ui/screenshots.py)
    return re.findall(r'add_page\(\s*"(\w+)"', text) + ["wall", "wall_1080"]


def run(executable: Path, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([str(executable), *args], env=env, capture_output=True, text=True, timeout=TIMEOUT_S)


def dominant_share(path: Path) -> float:
    """The share of the working area covered by its commonest colour."""
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)
    if image.isNull():
        fail(f"{path.name} is not a readable PNG")
    pixels = np.frombuffer(image.constBits(), dtype=np.uint32, count=image.width() * image.height())
    pixels = pixels.reshape(image.height(), image.width())
    left, top, right, bottom = WORK_AREA
    area = pixels[top:min(bottom, image.height()), left:min(right, image.width())]
    _, counts = np.unique(area, return_counts=True)
    return counts.max() / area.size


def check_screenshots(gui: Path, env: dict[str, str], folder: Path) -> None:
    done = run(gui, ["--demo", "--screenshot", str(folder)], env)
    if done.returncode != 0:
        fail(f"--demo --screenshot exited {done.returncode}: {done.stderr.strip()[-2000:]}")
    for key in expected_pages():
        png = folder / f"{key}.png"
        if not png.is_file():
            fail(f"page {key}: no screenshot ({done.stdout.strip()})")
        share = dominant_share(png)
        if share > BLANK_SHARE:
            fail(f"page {key}: blank ({share:.1%} of its area one colour)")
        print(f"frozen check: page {key} rendered ({share:.0%} background)")


def check_upgrade_and_refusal(cli: Path, gui: Path, env: dict[str, str], folder: Path) -> None:
    database = folder / "新建" / "gridcc.db"  # a non-ASCII folder, as a user's may be
    database.parent.mkdir(parents=True)
    url = f"sqlite:///{database}"
    done = run(cli, ["--db", url, "db", "upgrade"], env)
    if done.returncode != 0 or not database.is_file():
        fail(f"db upgrade of a new file exited {done.returncode}: {done.stdout.strip()} {done.stderr.strip()}")
    print(f"frozen check: {done.stdout.strip()}")
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    for executable, args in ((cli, ["--db", url, "db", "upgrade"]), (gui, ["--db", url, "--screenshot", str(folder / "x")])):
        done = run(executable, args, env)
        said = done.stderr.strip()
        if done.returncode != 2 or "比本程序新" not in said or "Traceback" in said or len(said.splitlines()) != 1:
            fail(f"{executable.name} on a newer database: exit {done.returncode}, said {said!r}")
        print(f"frozen check: {executable.name} refuses a newer database: {said}")


def check_version_and_log(cli: Path, env: dict[str, str], log: Path) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    done = run(cli, ["--version"], env)
    if done.returncode != 0 or done.stdout.strip() != f"gridcc {project['version']}":
        fail(f"--version said {done.stdout.strip()!r} (exit {done.returncode}), pyproject has {project['version']}")
    print(f"frozen check: {done.stdout.strip()}")
    written = log.read_text(encoding="utf-8") if log.is_file() else ""
    if "命令未完成" not in written or "启动失败" not in written:
        fail(f"the log at {log} does not record the refused command and start")
    print(f"frozen check: log written to {log}")


def main(build: str) -> int:
    folder = Path(build)
    suffix = ".exe" if sys.platform == "win32" else ""
    gui, cli = folder / f"gridcc{suffix}", folder / f"gridcc-cli{suffix}"
    for executable in (gui, cli):
        if not executable.is_file():
            fail(f"{executable} is missing")
    with tempfile.TemporaryDirectory() as scratch:
        home = Path(scratch)
        env = {**os.environ, "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
               "XDG_STATE_HOME": str(home / "state"), "XDG_CACHE_HOME": str(home / "cache"),
               "GRIDCC_LOG_DIR": str(home / "log"), "PYTHONPATH": ""}
        env.pop("GRIDCC_DB", None)
        check_screenshots(gui, env, home / "screenshots")
        check_upgrade_and_refusal(cli, gui, env, home)
        check_version_and_log(cli, env, home / "log" / "gridcc.log")
    print("frozen check: all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
