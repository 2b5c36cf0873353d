"""Run in a process of its own on a virtual two-screen desktop (the offscreen platform's JSON
config): open the wall on the screen asked for, and print where it landed and its type sizes as
JSON. tests/ui/wall/test_two_screens.py starts it and checks the answer."""

from __future__ import annotations

import json
import sys

from PySide6.QtWidgets import QApplication

from app.cases.service import CaseService
from app.wall.options import WallOptions
from db.engine import Database
from ui.changes import ChangeHub
from ui.context import UiContext
from ui.screenshots import settle
from ui.wall.screens import chosen_screen, scale_for
from ui.wall.window import WallWindow


def main(url: str, screen: int, diagonal: float, picture: str | None = None) -> dict:
    app = QApplication.instance() or QApplication([])
    database = Database(url)
    cases = CaseService(database)
    ctx = UiContext(database=database, cases=cases, hub=ChangeHub(), user="probe", now=cases.now)
    answer: dict = {"screens": [s.name() for s in app.screens()], "distances": {}}
    for distance in (3.0, 5.0, 10.0):
        options = WallOptions(screen=screen, distance_m=distance, diagonal_inches=diagonal)
        window = WallWindow(ctx, options, with_map=False)
        landed = window.open_on_screen()
        settle()
        tile = window.tiles.tiles["reported"]
        tile.label.ensurePolished()
        tile.value.ensurePolished()
        hint = window.minimumSizeHint()
        answer["distances"][str(distance)] = {
            "body": scale_for(chosen_screen(options), options).body,
            "label_px": tile.label.font().pixelSize(), "value_px": tile.value.font().pixelSize(),
            "min_hint": [hint.width(), hint.height()], "full_screen": window.isFullScreen(),
        }
        if picture and distance == 5.0:
            window.grab().save(picture)
        answer.update(landed=landed.name(), window_screen=window.screen().name(),
                      geometry=list(window.geometry().getRect()), screen_geometry=list(landed.geometry().getRect()),
                      full_screen=window.isFullScreen(), frameless=bool(window.windowFlags() & window.windowFlags().FramelessWindowHint),
                      dpr=window.devicePixelRatioF())
        window.close()
        settle()
    database.dispose()
    return answer


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), *sys.argv[4:5])))
