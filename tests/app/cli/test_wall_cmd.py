"""`gridcc wall`: bounded numbers refused in one line, the GUI's runner called with the choice."""

from __future__ import annotations

import pytest

from app.cli import wall_cmd
from tests.cli_runs import gridcc


@pytest.mark.parametrize(("argv", "message"), [
    (("--screen", "0"), "--screen：0 超出范围，应为 1–16 之间的整数"),
    (("--distance", "abc"), "--distance：“abc”不是数字"),
    (("--distance", "80"), "--distance：80 超出范围，应为 1–50 之间的数"),
    (("--distance", "nan"), "--distance：nan 超出范围，应为 1–50 之间的数"),
    (("--distance", "inf"), "--distance：inf 超出范围，应为 1–50 之间的数"),
    (("--distance=-inf",), "--distance：-inf 超出范围，应为 1–50 之间的数"),
    (("--rotate", "-5"), "--rotate：-5 超出范围"),
])
def test_out_of_bounds_numbers_are_refused_in_one_line(capsys, argv, message):
    code, _out, err = gridcc(capsys, "wall", *argv)
    assert code == 2
    assert message in err and "Traceback" not in err


def test_the_registered_runner_gets_the_choice(capsys, monkeypatch):
    seen = []
    monkeypatch.setattr(wall_cmd, "_runner", [lambda args: seen.append((args.screen, args.distance, args.rotate)) or 0])
    code, _out, _err = gridcc(capsys, "wall", "--screen", "2", "--distance", "7.5", "--rotate", "30")
    assert code == 0 and seen == [(2, 7.5, 30)]


def test_without_the_gui_the_wall_says_so(capsys, monkeypatch):
    monkeypatch.setattr(wall_cmd, "_runner", [])
    code, _out, err = gridcc(capsys, "wall")
    assert code == 2 and "无法打开大屏" in err
