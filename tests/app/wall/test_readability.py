"""Wall type sizes from the viewing distance (NUREG-0700's 16 arcmin)."""

from __future__ import annotations

import pytest

from app.wall.readability import CAP_HEIGHT, MAX_BODY_SHARE, glyph_height_mm, px_per_mm, type_scale


@pytest.mark.parametrize(("distance", "mm"), [(3, 14.0), (5, 23.3), (10, 46.5)])
def test_glyph_height_is_sixteen_arcminutes_at_the_distance(distance, mm):
    """About 14 / 23 / 47 mm at 3 / 5 / 10 m."""
    assert glyph_height_mm(distance) == pytest.approx(mm, abs=0.1)


@pytest.mark.parametrize(("distance", "px"), [(3, 25), (5, 41), (10, 82)])
def test_on_a_98_inch_4k_panel_the_glyphs_are_the_designed_pixel_heights(distance, px):
    """25 / 41 / 82 px on a 98-inch 3840×2160 panel."""
    density = px_per_mm(3840, 2160, diagonal_inches=98)
    assert glyph_height_mm(distance) * density == pytest.approx(px, abs=1)


def test_body_em_holds_the_glyph_and_headlines_are_much_larger():
    """The font's em is the glyph height over the cap height; the figures three times the body."""
    scale = type_scale(5, 2160, px_per_mm(3840, 2160, diagonal_inches=98))
    assert scale.body * CAP_HEIGHT >= scale.glyph_px
    assert scale.headline >= 3 * scale.body - 1 and scale.title > scale.body
    assert not scale.capped


def test_type_follows_the_distance_and_is_capped_on_a_panel_too_small():
    """Farther means larger, until the layout would not fit: then capped and said so."""
    density = px_per_mm(1920, 1080, diagonal_inches=55)
    near, far = type_scale(3, 1080, density), type_scale(6, 1080, density)
    assert near.body < far.body
    too_far = type_scale(30, 1080, density)
    assert too_far.capped and too_far.body == int(1080 * MAX_BODY_SHARE)


def test_density_from_the_diagonal_or_the_reported_width():
    """A given diagonal wins over the width the screen reports; nothing known means 96 dpi."""
    assert px_per_mm(3840, 2160, width_mm=1000, diagonal_inches=98) == pytest.approx(1.77, abs=0.01)
    assert px_per_mm(1920, 1080, width_mm=480) == pytest.approx(4.0)
    assert px_per_mm(1920, 1080) == pytest.approx(96 / 25.4)
