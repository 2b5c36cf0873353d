"""The wall on a virtual two-screen desktop: the desk's 1920×1080 screen and a 3840×2160 wall at
200 % (device-pixel ratio 2: 1920×1080 device-independent pixels), as Qt's offscreen platform
builds them from a JSON file with a per-screen scale factor. The platform is chosen when the
application starts, so the probe runs in a process of its own."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCREENS = {"screens": [
    {"name": "Desk", "x": 0, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1},
    {"name": "Wall", "x": 1920, "y": 0, "width": 3840, "height": 2160, "logicalDpi": 96, "logicalBaseDpi": 96,
     "dpr": 1},
]}


@pytest.fixture(scope="module")
def probe(tmp_path_factory, sqlite_template):
    """Run the probe once for the second screen of a 98-inch wall; its JSON answer."""
    folder = tmp_path_factory.mktemp("two_screens")
    config = folder / "screens.json"
    config.write_text(json.dumps(SCREENS), encoding="utf-8")
    database = folder / "gridcc.db"
    shutil.copy(sqlite_template, database)
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", QT_SCREEN_SCALE_FACTORS="1;2",
               PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "tests.ui.wall.two_screens_probe", f"sqlite:///{database}", "2", "98"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_wall_lands_full_screen_on_the_chosen_screen(probe):
    """Asked for screen 2, the borderless wall covers exactly the second screen, at its 200 % ratio."""
    assert probe["screens"] == ["Desk", "Wall"]
    assert probe["landed"] == probe["window_screen"] == "Wall"
    assert probe["full_screen"] and probe["frameless"]
    assert probe["geometry"] == probe["screen_geometry"] == [1920, 0, 1920, 1080]
    assert probe["dpr"] == 2


def test_text_sizes_follow_the_distance_setting(probe):
    """Farther viewers get larger type; the tiles use the computed pixel sizes, the figures much larger."""
    sizes = probe["distances"]
    bodies = [sizes[d]["body"] for d in ("3.0", "5.0", "10.0")]
    assert bodies == sorted(bodies) and bodies[0] < bodies[1] < bodies[2]
    for size in sizes.values():
        assert size["full_screen"]
        assert size["min_hint"][0] <= 1920 and size["min_hint"][1] <= 1080  # nothing pushed off the screen
        assert size["label_px"] == size["body"]
        assert size["value_px"] >= 2.5 * size["body"]
    # 98-inch 4K at 200 %: 16 arcmin at 5 m is about 41 device pixels, 20.6 logical; the em is larger still
    assert 20.6 / 0.72 <= sizes["5.0"]["body"] <= 20.6 / 0.72 + 1
