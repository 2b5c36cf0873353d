"""Reading files people bring in (Excel, CSV) into validated rows and row-level rejections."""

from app.imports.table_reader import ColumnSpec, ImportFileError, Table, TableRow, read_table
from app.imports.work_orders import (
    RowReject,
    WorkOrderFile,
    WorkOrderRow,
    read_work_orders,
    rejects_path_for,
    write_rejects_csv,
)

__all__ = [
    "ColumnSpec",
    "ImportFileError",
    "RowReject",
    "Table",
    "TableRow",
    "WorkOrderFile",
    "WorkOrderRow",
    "read_table",
    "read_work_orders",
    "rejects_path_for",
    "write_rejects_csv",
]
