"""A credential store for tests (keyring's backend API), so no test touches the machine's own.

Passwords live in a JSON file named by GRIDCC_TEST_KEYRING (in the test session's temporary
folder); the conftest also names this backend in PYTHON_KEYRING_BACKEND, so the command-line
processes some tests start find the keys of the files they are handed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

PATH_ENV = "GRIDCC_TEST_KEYRING"


class ScratchKeyring(KeyringBackend):
    """Passwords in the JSON file GRIDCC_TEST_KEYRING names."""

    priority = 1

    def _path(self) -> Path:
        return Path(os.environ[PATH_ENV])

    def _load(self) -> dict[str, str]:
        path = self._path()
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def _save(self, passwords: dict[str, str]) -> None:
        self._path().write_text(json.dumps(passwords), encoding="utf-8")

    def get_password(self, service, username):
        return self._load().get(f"{service}/{username}")

    def set_password(self, service, username, password):
        passwords = self._load()
        passwords[f"{service}/{username}"] = password
        self._save(passwords)

    def delete_password(self, service, username):
        passwords = self._load()
        if passwords.pop(f"{service}/{username}", None) is None:
            raise PasswordDeleteError(username)
        self._save(passwords)
