"""Reading files people bring in (spreadsheets, CSV) into validated rows and row-level rejections.

Import from the modules (spreadsheet, table_reader, work_orders, cell_parsers): the package itself
loads nothing, so the form validators that only need cell_parsers do not pull in the reader.
"""
