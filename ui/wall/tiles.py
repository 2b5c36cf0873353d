"""The headline tiles: today's figure in large type, yesterday's beside it as a change."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from app.wall.figures import FIGURES, DayFigure
from ui.wall.panel import ElidedLabel

#: the tiles' labels (source texts, translated where shown)
TILE_LABELS = {"reported": QT_TRANSLATE_NOOP("TileRow", "今日上报"),
               "registered": QT_TRANSLATE_NOOP("TileRow", "今日立案"),
               "dispatched": QT_TRANSLATE_NOOP("TileRow", "今日派遣"),
               "closed": QT_TRANSLATE_NOOP("TileRow", "今日结案"),
               "overdue": QT_TRANSLATE_NOOP("TileRow", "今日超期")}


#: which way a change is good news: more closed is, more overdue is not; the rest just say how much
BETTER = {"closed": 1, "overdue": -1}


class FigureTile(QFrame):
    """One figure: its label, today's value, the change against yesterday."""

    def __init__(self, key: str, label: str, parent: QWidget | None = None):
        super().__init__(parent, objectName="wallTile")
        self.key = key
        self.label = ElidedLabel(label)
        self.label.setObjectName("tileLabel")
        self.value = ElidedLabel("—")
        self.value.setObjectName("tileValue")
        self.change = ElidedLabel(" ")
        self.change.setObjectName("tileChange")
        for widget in (self.label, self.value, self.change):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.column = QVBoxLayout(self)
        self.column.setSpacing(0)
        self.column.addWidget(self.label)
        self.column.addWidget(self.value)
        self.column.addWidget(self.change)

    def show_figure(self, figure: DayFigure) -> None:
        self.value.setText(f"{figure.today:,}")
        change = figure.change
        arrow = "▲" if change > 0 else "▼" if change < 0 else "＝"
        self.change.setText(self.tr("较昨日 {arrow}{n}").format(arrow=arrow, n=f"{abs(change):,}" if change else ""))
        self.change.setToolTip(self.tr("昨日 {y}").format(y=f"{figure.yesterday:,}"))
        better = BETTER.get(self.key, 0) * change
        set_style_property(self.change, "trend", "good" if better > 0 else "bad" if better < 0 else "plain")
        set_style_property(self.value, "stale", "false")

    def set_stale(self) -> None:
        set_style_property(self.value, "stale", "true")


class TileRow(QWidget):
    """The five tiles side by side, in the order of app.wall.figures.FIGURES."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.tiles = {key: FigureTile(key, QCoreApplication.translate("TileRow", TILE_LABELS[key])) for key, _label in FIGURES}
        for tile in self.tiles.values():
            self.layout_.addWidget(tile, 1)

    def set_spacing(self, spacing: int) -> None:
        self.layout_.setSpacing(spacing)
        for tile in self.tiles.values():
            tile.column.setContentsMargins(spacing, spacing // 3, spacing, spacing // 3)

    def show_figures(self, figures: tuple[DayFigure, ...]) -> None:
        for figure in figures:
            self.tiles[figure.key].show_figure(figure)

    def set_stale(self) -> None:
        for tile in self.tiles.values():
            tile.set_stale()


def set_style_property(widget: QWidget, name: str, value: str) -> None:
    """Change a style property and let the style sheet see it (only when it changed)."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
