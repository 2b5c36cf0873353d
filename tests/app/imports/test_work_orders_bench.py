"""The work-order import benchmark runs end to end on a small file."""

from app.bench import work_orders_bench


def test_the_work_order_import_is_measured_against_read_and_insert(monkeypatch):
    """A small run gives every figure, the ratio among them."""
    monkeypatch.setattr(work_orders_bench, "ORDERS", 200)
    metrics = {metric.name: metric.value for metric in work_orders_bench.run()}
    for name in ("read_s", "openpyxl_read_s", "import_s", "insert_s"):
        assert metrics[f"cases.orders.{name}"] >= 0  # a small file may round to 0.00 s
    assert metrics["cases.orders.ratio"] > 0 and metrics["cases.orders.openpyxl_ratio"] > 0
    assert metrics["cases.orders.rows"] == 200
