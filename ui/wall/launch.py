"""Opening the wall: from the main window (`open_wall`), or alone with `gridcc wall` (`run_wall`).

Alone, the wall opens the database behind the splash as the desktop does, watches it for other
workstations' changes (ui/watching.py) and runs until closed (Esc). The options given on the
command line are stored, so the next start uses the same screen and distance. Alone, it logs in
as every command does (app/cli/login.py: --user, GRIDCC_PASSWORD or a prompt, --demo's demo
dispatcher) and needs pane.wall; its figures are then those of the account's scope.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QMessageBox

from app.wall.options import WallOptionError
from ui.context import UiContext
from ui.wall.options_store import load_options, save_options
from ui.wall.window import WallWindow
from ui.workers import readable


def open_wall(ctx: UiContext, settings: QSettings) -> WallWindow:
    """A wall on the screen chosen in the settings, sharing the caller's change notifications."""
    window = WallWindow(ctx, load_options(settings))
    window.open_on_screen()
    return window


def run_wall(args) -> int:
    """`gridcc wall`: the wall alone, until it is closed."""
    from ui.app import application, prepare_services, ui_context
    from ui.i18n import chosen_language, install_translation
    from ui.qt_runtime import UnsoundPySide
    from ui.splash import StartupSplash
    from ui.theme import apply_theme
    from ui.watching import DatabaseWatcher

    try:
        app = application()
    except UnsoundPySide as exc:
        print(exc, file=sys.stderr)
        return 2
    settings = QSettings()
    install_translation(app, chosen_language(settings))
    apply_theme(app)
    try:
        options = load_options(settings).with_changes(screen=args.screen, distance_m=args.distance,
                                                      rotate_seconds=args.rotate)
    except WallOptionError as exc:
        print(QCoreApplication.translate("Application", "错误：{message}").format(message=exc), file=sys.stderr)
        return 2
    save_options(settings, options)
    splash = StartupSplash()
    splash.show()
    try:
        cases = splash.wait_for(lambda progress: prepare_services(args, settings.value("db/url") or None, progress))
    except Exception as exc:  # one line in a dialog, never a traceback (as the desktop's start)
        splash.close()
        QMessageBox.critical(None, QCoreApplication.translate("Application", "无法打开数据库"), str(readable(exc)))
        return 2
    try:
        principal = _logged_in(args, cases)
    except Exception as exc:  # a refused login or permission: one line, never a traceback
        splash.close()
        cases.database.dispose()
        print(QCoreApplication.translate("Application", "错误：{message}").format(message=readable(exc)),
              file=sys.stderr)
        return 2
    ctx = ui_context(args, cases, principal)
    window = WallWindow(ctx, options)
    window.watcher = DatabaseWatcher(ctx.database, ctx.hub, parent=window)
    window.watcher.start()
    window.open_on_screen()
    splash.close()
    code = app.exec()
    window.watcher.stop()
    ctx.database.dispose()
    return code


def _logged_in(args, cases):
    """The account `gridcc wall` runs as, by the command line's login rule (app/cli/login.py)."""
    from app.cli.login import log_in
    return log_in(args, cases.database, demo=bool(args.demo))
