"""Starting the desktop: application object, theme, language, database, main window.

`run_gui(args)` is called by the launcher with the parsed command line (`--db`, `--demo`,
`--now`, `--screenshot`). When nothing names a database yet, the first-run wizard
(ui/first_run) asks where the data lives before anything else. The database is opened (and a SQLite file migrated, the first demo
built) on a worker thread behind a splash that says what is being done (ui/splash.py); then the
staff member logs in (ui/accounts: `--demo` and `--screenshot` do not ask) and the first
window opens maximized, later ones as the user left them. Errors before the window exists
are shown in a message box (or one line on stderr with --screenshot) — never a traceback.
"""

from __future__ import annotations

import logging
import socket
import sys
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication

from app.accounts.principal import SYSTEM, Principal
from app.cases.errors import CaseError
from app.cases.service import CaseService
from app.cli.context import default_user, now_from
from app.database import chosen_url, demo_url, needs_first_run, prepare
from db.engine import Database
from ui.changes import ChangeHub
from ui.context import UiContext
from ui.crash import install_exception_hook, report_startup_error, show_startup_error
from ui.i18n import chosen_language, install_translation
from ui.qt_runtime import UnsoundPySide, require_sound_pyside
from ui.splash import Progress, StartupSplash
from ui.theme import apply_theme
from ui.workers import readable

if TYPE_CHECKING:
    from ui.accounts.session import StartLogin
    from ui.main_window import MainWindow

logger = logging.getLogger(__name__)

ORGANIZATION = "GridCC"
APPLICATION = "gridcc"


def application() -> QApplication:
    """The QApplication, created once, with names QSettings uses.

    Raises UnsoundPySide (ui/qt_runtime.py) when the installed PySide6 would crash the program.
    """
    if QApplication.instance() is None:
        require_sound_pyside()
        from ui.map.scheme import register_scheme
        register_scheme()  # gridcc:// for the map page: Qt accepts it only before the application exists
    app = QApplication.instance() or QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    return app


def open_context(args, saved_url: str | None = None) -> UiContext:
    """Open and prepare the database chosen on the command line; build the shared context."""
    return ui_context(args, prepare_services(args, saved_url))


def prepare_services(args, saved_url: str | None = None, progress: Progress | None = None) -> CaseService:
    """Open the database (migrating a SQLite file), build the demo if asked, read the configuration.

    Runs on a worker thread behind the splash; `progress(message, done, total)` says how far.
    """
    report = progress or (lambda message, done, total: None)
    fixed_now = now_from(args.now)
    if args.demo and args.db:
        raise CaseError(QCoreApplication.translate("Application", "--demo 与 --db 不能同时使用"))
    report(QCoreApplication.translate("Application", "打开数据库…"), 0, 0)
    database = Database(demo_url() if args.demo else chosen_url(args.db, saved_url))
    report(QCoreApplication.translate("Application", "检查并迁移数据库…"), 0, 0)
    prepare(database)

    def now() -> datetime:
        return fixed_now or datetime.now(timezone.utc)

    cases = CaseService(database, now=now, workstation=socket.gethostname())
    if args.demo:
        from app.demo.builder import ensure_demo  # the demo recipe is only needed with --demo

        def demo_step(done: int, total: int) -> None:
            text = QCoreApplication.translate("Application", "生成演示辖区… {done}/{total}")
            report(text.format(done=done, total=total), done, total)

        ensure_demo(cases, progress=demo_step)
    report(QCoreApplication.translate("Application", "读取配置…"), 0, 0)
    cases.config()  # read here, before the window: no pane reads it on the UI thread
    return cases


def ui_context(args, cases: CaseService, principal: Principal = SYSTEM) -> UiContext:
    """The context every pane gets (made on the UI thread: the hub is a QObject living there);
    the services act for `principal`, the logged-in account."""
    hub = ChangeHub(refresh_config=cases.refresh_config)
    acting = cases.acting_for(principal) if principal is not SYSTEM else cases
    return UiContext(database=cases.database, cases=acting, hub=hub, user=default_user(), now=cases.now,
                     demo=bool(args.demo), principal=principal)


def run_gui(args) -> int:
    """Open the main window behind a splash (or render screenshots and exit).

    Whatever fails before the window is on screen ends in one line with where the log is — a
    dialog, since a windowed build has no console (ui/crash.py) — never in a silent exit.
    """
    try:
        app = application()
    except UnsoundPySide as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        settings = QSettings()
        install_translation(app, chosen_language(settings))
        install_exception_hook()
        apply_theme(app)
        if not first_run_done(args, settings):
            return 0
        splash = StartupSplash()
        if not args.screenshot:
            splash.show()
        started = prepare_window(args, settings, splash)
        if started is None:
            return 2
        cases, start = started
        principal = start.principal
        if principal is None:
            splash.close()
            from ui.accounts.session import ask_login
            principal = ask_login(cases, first_admin=start.first_admin)
            if principal is None:
                cases.database.dispose()
                return 0
        window = main_window(args, settings, cases, principal)
        if args.screenshot:
            from ui.screenshots import render_screenshots
            written = render_screenshots(window, args.screenshot)
            print("\n".join(str(path) for path in written))
            window.close()
            return 0
        from ui.accounts.session import DesktopSession
        session = DesktopSession(cases, lambda who: show_window(main_window(args, settings, cases, who)))
        session.attach(window)
        open_window(window, splash)
    except Exception as exc:  # the start failed: say so, never a traceback nor a silent exit
        return report_startup_error(exc, dialog=not args.screenshot)
    code = app.exec()
    cases.database.dispose()
    return code


def first_run_done(args, settings: QSettings) -> bool:
    """Run the first-run wizard when nothing names a database yet (never for --screenshot);
    False when the user cancelled it, so the program ends without opening anything."""
    if args.screenshot or not needs_first_run(args.db, settings.value("db/url") or None, demo=args.demo):
        return True
    from ui.first_run.wizard import run_first_run  # the wizard's pages are only needed once
    return run_first_run(args, settings, default_user())


def prepare_window(args, settings: QSettings, splash: StartupSplash) -> tuple[CaseService, StartLogin] | None:
    """Prepare the database behind the splash and find out how this start logs in; None once
    an error was shown (never a traceback)."""
    saved_url = settings.value("db/url") or None

    def work(progress: Progress) -> tuple[CaseService, StartLogin]:
        from ui.accounts.session import start_login
        cases = prepare_services(args, saved_url, progress)
        return cases, start_login(args, cases)

    try:
        return splash.wait_for(work)
    except Exception as exc:  # any failure at start is one line in a dialog: a windowed build has no console
        splash.close()
        line = readable(exc)
        logger.info("启动失败：%s", line)  # a fault was logged with its traceback by readable()
        if args.screenshot:
            print(QCoreApplication.translate("Application", "错误：{message}").format(message=line), file=sys.stderr)
        else:
            show_startup_error(str(line))
        return None


def main_window(args, settings: QSettings, cases: CaseService, principal: Principal) -> MainWindow:
    """The main window for the logged-in account (not yet shown)."""
    from ui.assembly import build_main_window
    return build_main_window(ui_context(args, cases, principal), settings)


def show_window(window: MainWindow) -> MainWindow:
    """Show a window opened after a logout as the user left it."""
    window.restore_layout()
    window.show()
    return window


def open_window(window: MainWindow, splash: StartupSplash) -> None:
    """Show the main window as the user left it (maximized the first time), then drop the splash."""
    window.restore_layout()
    window.show()
    splash.close()
