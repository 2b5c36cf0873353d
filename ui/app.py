"""Starting the desktop: application object, theme, language, database, main window.

`run_gui(args)` is called by the launcher with the parsed command line (`--db`, `--demo`,
`--now`, `--screenshot`). Errors before the window exists are shown in a message box (or one
line on stderr with --screenshot) — never a traceback.
"""

from __future__ import annotations

import socket
import sys
from datetime import datetime, timezone

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from app.cases.errors import CaseError
from app.cases.service import CaseService
from app.cli.context import default_user, now_from
from app.database import chosen_url, demo_url, prepare
from db.engine import Database
from db.errors import DatabaseError
from ui.changes import ChangeHub
from ui.context import UiContext
from ui.crash import install_exception_hook
from ui.i18n import chosen_language, install_translation
from ui.theme import apply_theme

ORGANIZATION = "GridCC"
APPLICATION = "gridcc"


def application() -> QApplication:
    """The QApplication, created once, with names QSettings uses."""
    if QApplication.instance() is None:
        from ui.map.scheme import register_scheme
        register_scheme()  # gridcc:// for the map page: Qt accepts it only before the application exists
    app = QApplication.instance() or QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    return app


def open_context(args, saved_url: str | None = None) -> UiContext:
    """Open and prepare the database chosen on the command line; build the shared context."""
    fixed_now = now_from(args.now)
    if args.demo and args.db:
        raise CaseError(QCoreApplication.translate("Application", "--demo 与 --db 不能同时使用"))
    database = Database(demo_url() if args.demo else chosen_url(args.db, saved_url))
    prepare(database)

    def now() -> datetime:
        return fixed_now or datetime.now(timezone.utc)

    cases = CaseService(database, now=now, workstation=socket.gethostname())
    if args.demo:
        from app.demo.builder import ensure_demo  # the demo recipe is only needed with --demo
        ensure_demo(cases)
    return UiContext(database=database, cases=cases, hub=ChangeHub(), user=default_user(), now=now,
                     demo=bool(args.demo))


def run_gui(args) -> int:
    """Open the main window (or render screenshots and exit)."""
    app = application()
    settings = QSettings()
    install_translation(app, chosen_language(settings))
    install_exception_hook()
    apply_theme(app)
    try:
        ctx = open_context(args, settings.value("db/url") or None)
    except (DatabaseError, CaseError, ValueError) as exc:
        if args.screenshot:
            print(QCoreApplication.translate("Application", "错误：{message}").format(message=exc), file=sys.stderr)
        else:
            QMessageBox.critical(None, QCoreApplication.translate("Application", "无法打开数据库"), str(exc))
        return 2
    from ui.assembly import build_main_window
    window = build_main_window(ctx, settings)
    if args.screenshot:
        from ui.screenshots import render_screenshots
        written = render_screenshots(window, args.screenshot)
        print("\n".join(str(path) for path in written))
        window.close()
        return 0
    window.restore_layout()
    window.show()
    code = app.exec()
    ctx.database.dispose()
    return code
