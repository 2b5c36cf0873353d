"""The desktop application (PySide6): windows, panes, dialogs. Calls app/ services only."""
