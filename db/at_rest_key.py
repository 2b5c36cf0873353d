"""The key that seals a SQLite file's ID numbers and phones, kept in the OS credential store.

A workstation's file can be stolen with its laptop; the key stays behind in the operating
system's credential store (the `keyring` package: Windows Credential Manager, the macOS
Keychain, the Secret Service), under service "gridcc" and a key id that the database keeps in
its settings (`at_rest_key_id`). The file alone therefore holds no ID number or phone in clear.

One random 32-byte master key per database; two keys are derived from it (HKDF-SHA256): one
encrypts (AES-256-GCM), one computes the keyed hashes (HMAC-SHA256) that find a person by ID
number or phone and keep ID numbers unique. `at_rest_key_check` (a keyed hash of the key id)
tells a wrong key from the right one before anything is read.

Where the operating system has no credential store at all (a Linux server or CI machine without
a Secret Service; Windows always has its Credential Manager), the key is kept instead in a file
of its own in the user's configuration folder (`<config>/keys/<key id>.key`, readable by its
owner only), apart from the database file and its backups — weaker than a credential store, and
said so in the log once per process.

Moving a file to another computer means moving its key too: `export_key` writes it to a file
only its owner may read, `import_key` puts such a file's key into this computer's store.
PostgreSQL servers have no such key: the server itself, its accounts and row-level security
protect their data.
"""

from __future__ import annotations

import base64
import logging
import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from db.errors import DatabaseError

SERVICE = "gridcc"
KEY_ID_SETTING = "at_rest_key_id"
KEY_CHECK_SETTING = "at_rest_key_check"
_NONCE = 12
_FILE_KIND = "gridcc-at-rest-key"

_loaded: dict[str, "Sealer"] = {}
_log = logging.getLogger(__name__)


class KeyMissing(DatabaseError):
    """The database's key is not in this computer's credential store (or is not the right one)."""


class KeyStoreUnavailable(DatabaseError):
    """This computer has no usable credential store to keep a new key in."""


class KeyFileError(DatabaseError):
    """A key file that cannot be written or read."""


class Sealer:
    """Encrypts, decrypts and computes keyed hashes with one database's key.

    `purpose` (b"id", b"phone", …) is bound into every ciphertext and hash, so a value moved to
    another column does not decrypt, and an ID number and a phone of the same digits hash apart.
    """

    def __init__(self, key_id: str, master: bytes):
        derived = HKDF(algorithm=hashes.SHA256(), length=64, salt=None,
                       info=b"gridcc at-rest v1").derive(master)
        self.key_id = key_id
        self._aead = AESGCM(derived[:32])
        self._mac = derived[32:]

    def seal(self, purpose: bytes, text: str) -> bytes:
        """nonce + ciphertext + tag: a fresh random nonce each time, so equal values look different."""
        nonce = os.urandom(_NONCE)
        return nonce + self._aead.encrypt(nonce, text.encode(), purpose)

    def open(self, purpose: bytes, blob: bytes) -> str:
        """The clear text of a sealed value; KeyMissing when it was sealed with another key."""
        try:
            return self._aead.decrypt(blob[:_NONCE], blob[_NONCE:], purpose).decode()
        except InvalidTag:
            raise KeyMissing("此数据库的加密数据无法用本机的密钥解开：密钥不对或数据已损坏") from None

    def blind(self, purpose: bytes, text: str) -> bytes:
        """A keyed hash (16 bytes of HMAC-SHA256): equal for equal values, useless without the key."""
        return hmac.new(self._mac, purpose + b"\0" + text.encode(), hashlib.sha256).digest()[:16]

    def check(self) -> str:
        """What `at_rest_key_check` holds for this key."""
        return self.blind(b"check", self.key_id).hex()


def _keyring():
    import keyring  # its backends are found at import: only when a sealed database is opened

    return keyring


def _no_store() -> type[Exception]:
    from keyring.errors import NoKeyringError

    return NoKeyringError


def key_folder() -> Path:
    """Where keys are kept on a computer without a credential store."""
    from platformdirs import user_config_dir

    return Path(user_config_dir("gridcc", appauthor=False)) / "keys"


def _store(key_id: str, value: str) -> None:
    """Keep a key: the credential store, else (none exists) an owner-only file of its own."""
    try:
        _keyring().set_password(SERVICE, key_id, value)
        return
    except _no_store():
        pass
    _log.warning("本机没有凭据库：数据库加密密钥保存在仅本人可读的文件中（%s）", key_folder())
    folder = key_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{key_id}.key"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(value)


def _stored(key_id: str) -> str | None:
    """A key from the credential store, else from its file (a key kept where no store existed)."""
    try:
        found = _keyring().get_password(SERVICE, key_id)
    except Exception:  # no usable store is the same as a store without the key
        found = None
    if found is not None:
        return found
    try:
        return (key_folder() / f"{key_id}.key").read_text(encoding="ascii").strip() or None
    except (OSError, ValueError):
        return None


def new_key() -> Sealer:
    """A new random key, kept by `_store`; KeyStoreUnavailable when it cannot be kept (the
    database is then not created)."""
    key_id = "db-" + secrets.token_hex(16)
    master = secrets.token_bytes(32)
    try:
        _store(key_id, base64.b64encode(master).decode())
    except Exception as exc:  # keyring raises its own errors and the backends' (locked, refused); a file OSError
        raise KeyStoreUnavailable(f"无法把数据库加密密钥存入本机凭据库（{type(exc).__name__}）：未创建数据库") from None
    sealer = _loaded[key_id] = Sealer(key_id, master)
    return sealer


def load_key(key_id: str, check: str | None) -> Sealer:
    """This database's key from the credential store (remembered for the process).

    KeyMissing — one line, nothing read — when the store does not have it or has a different one."""
    sealer = _loaded.get(key_id)
    if sealer is None:
        stored = _stored(key_id)
        if stored is None:
            raise KeyMissing(
                f"此数据库的加密密钥不在本机凭据库中（密钥 {key_id}）：请在原来的电脑上运行 "
                "gridcc db key export 文件，再在本机运行 gridcc db key import 文件"
            )
        sealer = Sealer(key_id, base64.b64decode(stored))
    if check is not None and not hmac.compare_digest(sealer.check(), check):
        raise KeyMissing(f"本机凭据库中的密钥 {key_id} 不是此数据库的密钥：请重新导入原来电脑导出的密钥文件")
    _loaded[key_id] = sealer
    return sealer


def forget_loaded_keys() -> None:
    """Drop the keys remembered by this process (tests that take a key away)."""
    _loaded.clear()


def export_key(key_id: str, path: Path) -> None:
    """Write the database's key to a new file that only its owner may read (mode 0600)."""
    sealer = load_key(key_id, None)
    stored = _stored(sealer.key_id)
    body = json.dumps({"kind": _FILE_KIND, "key_id": key_id, "key": stored}).encode()
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KeyFileError(f"文件 {path} 已存在：密钥不会覆盖已有文件") from None
    except OSError as exc:
        raise KeyFileError(f"无法写入密钥文件 {path}：{exc.strerror}") from None
    with os.fdopen(descriptor, "wb") as file:
        file.write(body)


def import_key(path: Path) -> str:
    """Store the key of a file written by `export_key` in this computer's credential store;
    returns its key id."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        key_id, stored = data["key_id"], data["key"]
        if data.get("kind") != _FILE_KIND or len(base64.b64decode(stored, validate=True)) != 32:
            raise ValueError
    except OSError as exc:
        raise KeyFileError(f"无法读取密钥文件 {path}：{exc.strerror}") from None
    except (ValueError, KeyError, TypeError):
        raise KeyFileError(f"{path} 不是本程序导出的密钥文件") from None
    try:
        _store(key_id, stored)
    except Exception as exc:  # as in new_key
        raise KeyStoreUnavailable(f"无法把密钥存入本机凭据库（{type(exc).__name__}）") from None
    _loaded.pop(key_id, None)
    return key_id
