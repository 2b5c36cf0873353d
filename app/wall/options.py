"""The wall's options: which screen, how far the farthest viewer sits, pages, flashing, dimming.

They belong to the workstation that drives the wall (not to the district), so the GUI keeps them
in its settings file; here they are plain values with their bounds, read from and written to a
flat mapping of text, and every value is checked the same way for the command line, the settings
tab and a settings file edited by hand (a bad stored value falls back to its default).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace

#: (low, high) of each numeric option
BOUNDS = {
    "screen": (1, 16),
    "distance_m": (1.0, 50.0),
    "diagonal_inches": (0.0, 1000.0),
    "rotate_seconds": (0, 3600),
    "flash_seconds": (0, 600),
    "flash_hz": (0.5, 3.0),
    "dim_from": (0, 23),
    "dim_to": (0, 23),
    "dim_percent": (10, 100),
}
LABELS = {
    "screen": "屏幕编号", "distance_m": "观看距离（米）", "diagonal_inches": "屏幕对角线（英寸）",
    "rotate_seconds": "翻页间隔（秒）", "flash_seconds": "闪烁时长（秒）", "flash_hz": "闪烁频率（次/秒）",
    "dim_from": "调暗开始（时）", "dim_to": "调暗结束（时）", "dim_percent": "调暗亮度（%）",
}
SETTINGS_GROUP = "wall"


class WallOptionError(ValueError):
    """An option out of its bounds (the message names it and the bounds)."""


@dataclass(frozen=True, kw_only=True)
class WallOptions:
    """Screen (numbered from 1 as the system's display settings number them; the wall is usually
    the second, and a number beyond the screens present means the last), viewing distance, panel diagonal (0: as the screen reports it),
    seconds between the two pages (0: the first page only; everything does not fit on one page at
    a readable size, so the pages take turns by default), how long and how fast a new alarm flashes (at most
    3 times a second, WCAG 2.3.1), and the hours the wall dims (off when `dim` is false)."""

    screen: int = 2
    distance_m: float = 5.0
    diagonal_inches: float = 0.0
    rotate_seconds: int = 30
    flash_seconds: int = 10
    flash_hz: float = 2.0
    dim: bool = False
    dim_from: int = 22
    dim_to: int = 7
    dim_percent: int = 40

    def __post_init__(self) -> None:
        for name, (low, high) in BOUNDS.items():
            value = getattr(self, name)
            if not low <= value <= high:
                raise WallOptionError(f"{LABELS[name]} {value:g} 超出范围，应在 {low:g}–{high:g} 之间")

    def with_changes(self, **changes) -> WallOptions:
        """A copy with some options changed (None leaves one as it is), checked."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def dimmed_at(self, hour: int) -> bool:
        """True when the wall is dimmed at this hour of the day (the span may pass midnight)."""
        if not self.dim or self.dim_from == self.dim_to:
            return False
        if self.dim_from < self.dim_to:
            return self.dim_from <= hour < self.dim_to
        return hour >= self.dim_from or hour < self.dim_to

    def to_mapping(self) -> dict[str, str]:
        """The options as text, for a settings file."""
        return {name: str(value).lower() if isinstance(value, bool) else str(value)
                for name, value in asdict(self).items()}

    @classmethod
    def from_mapping(cls, values: dict) -> WallOptions:
        """Options from stored text: a missing, unreadable or out-of-bounds value keeps its default."""
        options = cls()
        for spec in fields(cls):
            raw = values.get(spec.name)
            if raw is None:
                continue
            try:
                options = replace(options, **{spec.name: _parse(spec.type, raw)})
            except (ValueError, TypeError):
                continue
        return options


def _parse(kind: str, raw):
    text = str(raw).strip()
    if kind == "bool":
        if text.lower() in ("true", "1", "yes"):
            return True
        if text.lower() in ("false", "0", "no"):
            return False
        raise ValueError(text)
    if kind == "int":
        return int(text)
    return float(text)
