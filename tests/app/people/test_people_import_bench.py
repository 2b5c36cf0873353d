"""The import benchmark runs end to end on a small sheet, in both file forms."""

from __future__ import annotations

from app.bench import people_bench


def test_both_file_forms_are_imported_and_measured(monkeypatch):
    monkeypatch.setattr(people_bench, "ROWS", 300)
    metrics = {metric.name: metric.value for metric in people_bench.run()}
    for form in ("excel", "openpyxl"):
        for name in ("read_s", "our_read_s", "openpyxl_read_s", "insert_s"):
            assert metrics[f"people_import.{form}.{name}"] >= 0  # a small sheet may round to 0.00 s
        assert metrics[f"people_import.{form}.ratio"] > 0 and metrics[f"people_import.{form}.openpyxl_ratio"] > 0
    assert metrics["people_import.rows"] == 300
    assert "people_import.excel.pg.ratio" not in metrics
