"""The `gridcc` command line: the GUI's entry point and the administrator's tools."""
