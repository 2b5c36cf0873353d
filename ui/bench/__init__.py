"""Benchmarks of the desktop's own parts (run by `gridcc bench`, registered in ui.launcher)."""
