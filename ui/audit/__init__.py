"""The audit viewer pane (审计日志): filters, the entries newest first, the entry in full, export."""
