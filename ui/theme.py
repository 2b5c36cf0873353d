"""One look for the whole program: fonts with CJK coverage, palette, style sheet, light colours."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QColor, QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

#: preferred UI fonts, first available wins (Windows, then Linux packages)
FONT_FAMILIES = ("Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
                 "WenQuanYi Micro Hei", "PingFang SC")

LIGHT_COLORS = {"red": QColor("#d93025"), "yellow": QColor("#f2a600"), "green": QColor("#1e8e3e")}
LIGHT_TEXT = {"red": QT_TRANSLATE_NOOP("LightText", "红"), "yellow": QT_TRANSLATE_NOOP("LightText", "黄"),
              "green": QT_TRANSLATE_NOOP("LightText", "绿")}
"""The one-character light names (source texts of context 'LightText', translated where shown)."""
ACCENT = "#1f5fae"
HEADER = "#0f2a4a"

STYLE_SHEET = f"""
QMainWindow, QWidget#page {{ background: #f3f5f8; }}
QWidget#header {{ background: {HEADER}; }}
QLabel#headerTitle {{ color: white; font-size: 18px; font-weight: bold; }}
QLabel#headerSub {{ color: #b8c7dc; font-size: 13px; }}
QListWidget#nav {{ background: #16365c; color: #dfe7f2; border: none; font-size: 14px; outline: 0; }}
QListWidget#nav::item {{ padding: 12px 14px; border-left: 3px solid transparent; }}
QListWidget#nav::item:selected {{ background: #1f4a7a; color: white; border-left: 3px solid #5aa2ff; }}
QListWidget#nav::item:hover {{ background: #1b416b; }}
QLabel#pageTitle {{ font-size: 18px; font-weight: bold; color: #1a2b3c; }}
QFrame#card {{ background: white; border: 1px solid #dde3ea; border-radius: 6px; }}
QTableView {{ background: white; alternate-background-color: #f7f9fc; gridline-color: #e6eaef;
              selection-background-color: #d6e6fb; selection-color: #10233a; border: 1px solid #dde3ea; }}
QHeaderView::section {{ background: #eef2f7; padding: 6px; border: none;
                        border-right: 1px solid #dde3ea; border-bottom: 1px solid #dde3ea; font-weight: bold; }}
QPushButton {{ padding: 6px 14px; border: 1px solid #c5d0dc; border-radius: 4px; background: white; }}
QPushButton:hover {{ background: #eef4fb; }}
QPushButton:disabled {{ color: #9aa5b1; background: #f2f4f7; }}
QPushButton[primary="true"] {{ background: {ACCENT}; color: white; border: 1px solid {ACCENT}; }}
QPushButton[primary="true"]:hover {{ background: #174d8f; }}
QPushButton[danger="true"] {{ color: #b3261e; border-color: #e3b4b0; }}
QLineEdit, QComboBox, QDateTimeEdit, QPlainTextEdit, QTextEdit, QSpinBox {{
    padding: 4px 6px; border: 1px solid #c5d0dc; border-radius: 4px; background: white; }}
QLabel#banner {{ background: #fdecea; color: #8c1d18; padding: 8px 12px; font-weight: bold;
                 border-bottom: 1px solid #f5c2bd; }}
QStatusBar {{ background: #e8edf3; color: #33475b; }}
"""


def pick_font_family() -> str | None:
    """The first installed family that covers Chinese."""
    available = set(QFontDatabase.families())
    for family in FONT_FAMILIES:
        if family in available:
            return family
    for family in available:
        if QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family):
            return family
    return None


def apply_theme(app: QApplication) -> None:
    """Set the font and style sheet once at start."""
    app.setStyle("Fusion")
    family = pick_font_family()
    font = QFont(family) if family else app.font()
    font.setPointSize(10)
    app.setFont(font)
    app.setStyleSheet(STYLE_SHEET)
