"""The desktop's side of accounts: logging in, the idle lock, changing a password, the account menu.

The rules (passwords, lockout, permissions) live in app/accounts; these screens only ask, show
the one-line answers and keep argon2's work off the UI thread.
"""
