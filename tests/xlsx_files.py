"""Making broken or unusual .xlsx files for tests: a copy of a workbook with one part changed."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path


def with_part_changed(source: Path, target: Path, part: str, change: Callable[[bytes], bytes]) -> Path:
    """Copy the workbook `source` to `target` with the bytes of `part` passed through `change`."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            copy.writestr(item, change(data) if item.filename == part else data)
    return target
