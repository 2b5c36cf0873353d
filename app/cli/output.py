"""Printing for the terminal: aligned tables with Chinese characters, JSON, one-line errors."""

from __future__ import annotations

import json
import sys
import unicodedata


def display_width(text: str) -> int:
    """Columns a string takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """`text` padded with spaces to `width` terminal columns."""
    return text + " " * max(0, width - display_width(text))


def print_table(headers: list[str], rows: list[list[str]], out=None) -> None:
    """An aligned table; columns as wide as their widest cell."""
    out = out or sys.stdout
    widths = [display_width(h) for h in headers]
    for row in rows:
        widths = [max(w, display_width(cell)) for w, cell in zip(widths, row)]
    print("  ".join(pad(h, w) for h, w in zip(headers, widths)).rstrip(), file=out)
    for row in rows:
        print("  ".join(pad(c, w) for c, w in zip(row, widths)).rstrip(), file=out)


def print_json(data, out=None) -> None:
    """Pretty JSON with Chinese left readable."""
    print(json.dumps(data, ensure_ascii=False, indent=2), file=out or sys.stdout)


def fail(message: str, code: int = 2) -> int:
    """Print a one-line error to stderr and return the exit code to use."""
    print(f"错误：{message}", file=sys.stderr)
    return code
