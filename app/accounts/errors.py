"""What account operations refuse with; each message is one line a person can act on."""

from __future__ import annotations

from app.cases.errors import CaseError


class AccountError(CaseError):
    """An account operation that cannot be done (the message says why); nothing was changed."""


class LoginFailed(AccountError):
    """Wrong login or password — deliberately not saying which."""


class AccountLocked(AccountError):
    """Too many failed logins: the account waits, or an administrator unlocks it."""


class PermissionDenied(AccountError):
    """The account's role lacks a permission; the attempt was audited."""
