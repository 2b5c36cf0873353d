"""The `gridcc` console script: a command runs headless (app.cli); no command opens the window.

The GUI's own benchmark areas are registered here, so `gridcc bench queue` works while app/
stays free of Qt.
"""

from __future__ import annotations

import sys

from app.bench.runner import register_area
from app.cli.main import main as cli_main
from app.cli.wall_cmd import register_wall_runner
from app.paper.rendering import register_renderer


def _queue_area(pg_url):
    from ui.bench.queue_bench import run
    return run(pg_url=pg_url)


def _desktop_area(pg_url):
    from ui.bench.startup_bench import run
    return run(pg_url=pg_url)


def _map_area(pg_url):
    from ui.bench.map_bench import run
    return run(pg_url=pg_url)


def _people_pane_area(pg_url):
    from ui.bench.people_pane_bench import run
    return run(pg_url=pg_url)


def _write_pdf(document, path):
    from ui.paper.engine import write_pdf  # Qt is loaded only when something is printed
    return write_pdf(document, path)


def _wall_area(pg_url, soak: int = 0):
    from ui.bench.wall_bench import run
    return run(pg_url=pg_url, soak=soak)


def _run_wall(args) -> int:
    from ui.wall.launch import run_wall  # Qt is loaded only when the wall is wanted
    return run_wall(args)


def main(argv: list[str] | None = None) -> int:
    register_renderer(_write_pdf)
    register_area("queue", _queue_area)
    register_area("wall", _wall_area, options=("soak",))
    register_wall_runner(_run_wall)
    register_area("desktop", _desktop_area)
    register_area("map", _map_area)
    register_area("people_pane", _people_pane_area)
    from ui.charts.renderer import install as install_charts
    install_charts()  # the monthly report's chart images (pyqtgraph loads only when one is drawn)

    def gui(args) -> int:
        try:
            from ui.app import run_gui  # Qt is loaded only when the window is wanted
        except Exception as exc:  # a broken installation: a dialog if Qt still works (no console when windowed)
            from ui.crash import report_startup_error
            return report_startup_error(exc, dialog=not args.screenshot)
        return run_gui(args)

    return cli_main(argv, gui=gui)


if __name__ == "__main__":
    sys.exit(main())
