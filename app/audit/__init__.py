"""The audit trail as a feature: reading the log with filters, newest first and a page at a time
(query.py, service.py), Chinese names for every kind of act (labels.py), the before/after of
edits (changes.py), and exports for an inspector (export.py).

Nothing is imported here: writers of edits import `changes` alone, without the reading and
export machinery (openpyxl), so the desktop's start does not pay for it.
"""
