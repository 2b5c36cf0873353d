"""Offering only what the logged-in account may do: a button whose permission is missing is hidden.

The services refuse such an act anyway (app/accounts/guard.py, with an audit entry); hiding the
button keeps a person from being offered what would only be refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtWidgets import QWidget


def offer_only_permitted(may: Callable[[str], bool], widgets: Iterable[tuple[QWidget, str]]) -> None:
    """Hide each widget whose permission code `may` denies (for good: nothing shows it again)."""
    for widget, code in widgets:
        if not may(code):
            widget.hide()
