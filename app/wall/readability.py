"""Type sizes for the wall from the viewing distance (NUREG-0700: at least 16 arcmin).

A character must subtend at least 16 minutes of arc at the farthest viewer: 2·d·tan(8′), about
23 mm at 5 m. The screen's physical size turns millimetres into pixels (logical pixels, the
unit Qt sizes fonts in, so a 4K panel at 200 % gets half the numbers and the same size on the
glass). A font's pixel size is its em; capital letters and digits fill about 0.72 of it, so the
em is the glyph height divided by that. No wall text is smaller than the body; headline figures are
several times it. When the
panel is too small for the distance, the type is capped so the layout still fits, and `capped`
says the wall cannot be read from that far.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: NUREG-0700 minimum character height, in minutes of arc
MIN_ARCMIN = 16.0
#: the height of capital letters and digits as a share of the em (Noto Sans / Microsoft YaHei)
CAP_HEIGHT = 0.72
#: the body may not be larger than this share of the screen height (the layout must still fit)
MAX_BODY_SHARE = 1 / 32
#: nor smaller than this many pixels (a wall seen from close up stays legible)
MIN_BODY_PX = 14
#: the headline figures and titles, as multiples of the body
HEADLINE_FACTOR = 3.0
TITLE_FACTOR = 1.25


def glyph_height_mm(distance_m: float) -> float:
    """The smallest character height (mm) readable at `distance_m` metres."""
    return 2 * distance_m * 1000 * math.tan(math.radians(MIN_ARCMIN / 60 / 2))


def px_per_mm(width_px: int, height_px: int, *, width_mm: float = 0.0, diagonal_inches: float = 0.0) -> float:
    """Pixels per millimetre of a screen, from its diagonal (when given) or its physical width."""
    if diagonal_inches > 0:
        diagonal_px = math.hypot(width_px, height_px)
        return diagonal_px / (diagonal_inches * 25.4)
    if width_mm > 0:
        return width_px / width_mm
    return 96 / 25.4  # what a screen that says nothing about itself is taken to be


@dataclass(frozen=True, kw_only=True)
class TypeScale:
    """Pixel sizes of the wall's text (font pixel sizes, i.e. ems)."""

    body: int
    title: int
    headline: int
    glyph_px: float
    capped: bool

    @property
    def spacing(self) -> int:
        """The gap between panels and inside them: half the body."""
        return max(4, self.body // 2)


def type_scale(distance_m: float, screen_height_px: int, pixels_per_mm: float) -> TypeScale:
    """The type for a screen `screen_height_px` high read from `distance_m` metres."""
    glyph = glyph_height_mm(distance_m) * pixels_per_mm
    wanted = math.ceil(glyph / CAP_HEIGHT)
    ceiling = max(MIN_BODY_PX, int(screen_height_px * MAX_BODY_SHARE))
    body = min(max(wanted, MIN_BODY_PX), ceiling)
    return TypeScale(body=body, title=round(body * TITLE_FACTOR), headline=round(body * HEADLINE_FACTOR),
                     glyph_px=round(glyph, 1), capped=wanted > ceiling)
