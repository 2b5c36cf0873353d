"""Passwords: hashed with argon2id (argon2-cffi's defaults), checked against a minimal policy.

A password is never logged, never stored in settings and never put in an error message; only
its hash reaches the database.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.accounts.errors import AccountError

MIN_LENGTH = 8
MAX_LENGTH = 128
_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    """The argon2id hash to store."""
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """True when `password` matches; a damaged hash counts as a mismatch."""
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    try:
        return _hasher.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


def check_new_password(password: str, login: str) -> None:
    """Refuse a password that is too short, too long, all one kind of character, has control
    characters or equals the login (AccountError naming the rule, never the password)."""
    if len(password) < MIN_LENGTH:
        raise AccountError(f"密码太短：至少{MIN_LENGTH}个字符")
    if len(password) > MAX_LENGTH:
        raise AccountError(f"密码太长：最多{MAX_LENGTH}个字符")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in password):
        raise AccountError("密码不能包含控制字符（如换行、制表符）")
    if not (any(ch.isalpha() for ch in password) and any(ch.isdigit() for ch in password)):
        raise AccountError("密码须同时包含字母和数字")
    if password.casefold() == login.casefold():
        raise AccountError("密码不能与登录名相同")
