"""Turning a PaperDocument into a PDF file without app/ importing Qt.

The Qt layer registers its renderer (ui.paper.engine.write_pdf) at start-up; the command line
and the benches call `render_pdf` and get whichever renderer is registered.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.cases.errors import CaseError
from app.paper.document import PaperDocument

Renderer = Callable[[PaperDocument, Path], int]
_renderer: list[Renderer] = []


class NoRenderer(CaseError):
    """Printing was asked for where no renderer was registered (a fault of the program)."""


def register_renderer(renderer: Renderer) -> None:
    """Make `render_pdf` use `renderer(document, path) -> page count`."""
    _renderer[:] = [renderer]


def render_pdf(document: PaperDocument, path: str | Path) -> int:
    """Write `document` to the PDF file `path`; the number of pages written."""
    if not _renderer:
        raise NoRenderer("打印组件未加载：请通过 gridcc 命令或桌面程序打印")
    target = Path(path)
    if target.parent and not target.parent.exists():
        raise CaseError(f"文件夹不存在：{target.parent}")
    existed = target.exists()
    with target.open("ab"):  # a refusal (permission, read-only medium) is an OSError naming the file
        pass
    try:
        return _renderer[0](document, target)
    except BaseException:
        if not existed:
            target.unlink(missing_ok=True)  # no empty or half-written PDF left behind
        raise
