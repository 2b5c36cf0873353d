"""`gridcc demo` sizes: bounded, refused with a message before any database file is created."""

import pytest

from tests.cli_runs import gridcc



@pytest.mark.parametrize(("option", "value", "message"), [
    ("--cases", "-5", "参数 --cases：案件数应为 0 到 100000 之间的整数（收到 -5）"),
    ("--cases", "100001", "参数 --cases：案件数应为 0 到 100000 之间的整数（收到 100001）"),
    ("--persons", "99999999999999999999",
     "参数 --persons：人口数应为 0 到 2000000 之间的整数（收到 99999999999999999999）"),
    ("--persons", "-1", "参数 --persons：人口数应为 0 到 2000000 之间的整数（收到 -1）"),
    ("--seed", "-1", "参数 --seed：随机种子应为 0 到 2147483647 之间的整数（收到 -1）"),
    ("--cases", "many", "参数 --cases：“many”不是整数"),
])
def test_demo_size_out_of_bounds_refused_leaving_no_file(tmp_path, capsys, option, value, message):
    """A size out of bounds exits 2 with one line naming the bounds, and creates no database file."""
    path = tmp_path / "new.db"
    code, out, err = gridcc(capsys, "--db", f"sqlite:///{path}", "demo", f"{option}={value}")
    assert code == 2 and out == ""
    assert err.splitlines()[-1] == f"错误：{message}"
    assert list(tmp_path.iterdir()) == []


def test_demo_small_sizes_build(tmp_path, capsys):
    """Sizes within the bounds build the demo and report its counts."""
    path = tmp_path / "new.db"
    code, out, _err = gridcc(capsys, "--db", f"sqlite:///{path}", "--now", "2025-09-30T10:00+08:00",
                             "demo", "--cases", "0", "--persons", "0")
    assert code == 0
    assert out.startswith("演示辖区已生成：294 个网格，") and "0 件案件，0 位居民" in out
