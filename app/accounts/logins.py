"""Login names of new accounts.

On PostgreSQL each account is also a database role named after its login (app/accounts/
server_roles.py), so a login is kept to what is safe and unambiguous there: lower-case ASCII
letters, digits, ".", "_" and "-", starting with a letter or digit, at most 40 characters.
"""

from __future__ import annotations

import re

from app.accounts.errors import AccountError

MAX_LENGTH = 40
_LOGIN = re.compile(r"[a-z0-9][a-z0-9._-]*")


def check_login(text: str) -> str:
    """The login as stored (trimmed, lower-case), or AccountError saying what is wrong."""
    login = text.strip().lower()
    if not login:
        raise AccountError("登录名不能为空")
    if len(login) > MAX_LENGTH:
        raise AccountError(f"登录名太长：最多{MAX_LENGTH}个字符，现在有{len(login)}个")
    if not _LOGIN.fullmatch(login):
        raise AccountError(f"登录名“{login[:MAX_LENGTH]}”无效：只能用小写英文字母、数字和 . _ -，并以字母或数字开头")
    return login
