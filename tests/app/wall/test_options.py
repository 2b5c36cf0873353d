"""The wall's options: bounds, the settings-file round trip, dim hours across midnight."""

from __future__ import annotations

import pytest

from app.wall.options import WallOptionError, WallOptions


def test_defaults_are_the_second_screen_at_five_metres():
    options = WallOptions()
    assert (options.screen, options.distance_m, options.flash_hz) == (2, 5.0, 2.0)


@pytest.mark.parametrize("changes", [dict(distance_m=0.5), dict(screen=0), dict(flash_hz=3.5),
                                     dict(rotate_seconds=-1), dict(dim_percent=5)])
def test_values_out_of_bounds_are_refused_naming_the_option(changes):
    with pytest.raises(WallOptionError, match="超出范围"):
        WallOptions(**changes)


def test_stored_text_round_trips_and_bad_values_fall_back_to_defaults():
    """What the settings file holds reads back the same; a hand-edited bad value keeps its default."""
    options = WallOptions(screen=3, distance_m=8.5, rotate_seconds=30, dim=True)
    assert WallOptions.from_mapping(options.to_mapping()) == options
    read = WallOptions.from_mapping({"screen": "abc", "distance_m": "99", "dim": "maybe", "rotate_seconds": "20"})
    assert (read.screen, read.distance_m, read.dim, read.rotate_seconds) == (2, 5.0, False, 20)


def test_command_line_changes_keep_the_rest():
    options = WallOptions(distance_m=8.0).with_changes(screen=1, distance_m=None, rotate_seconds=None)
    assert (options.screen, options.distance_m) == (1, 8.0)


def test_dim_hours_may_pass_midnight():
    options = WallOptions(dim=True, dim_from=22, dim_to=7)
    assert [options.dimmed_at(h) for h in (21, 22, 3, 7)] == [False, True, True, False]
    assert not WallOptions(dim=False).dimmed_at(23)
