"""Drafts of forms kept on the local disk, so a crash or a power cut never loses a typed case.

Each draft is one JSON file in the user data folder (`data_dir()/drafts/<key>.json`), written
atomically (a temporary file renamed over the old one), so a draft is either the previous or
the new one, never half of each. A file that cannot be read is set aside, not deleted.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from app.database import data_dir

DRAFT_VERSION = 1
_KEY = re.compile(r"[A-Za-z0-9_.-]{1,64}")


class DraftStore:
    """Saves, loads and deletes drafts in one folder; keys name the form ('intake')."""

    def __init__(self, folder: Path | str | None = None):
        self.folder = Path(folder) if folder is not None else default_folder()

    def path(self, key: str) -> Path:
        """The file a draft lives in."""
        if not _KEY.fullmatch(key):
            raise ValueError(f"草稿名“{key}”无效：只能用字母、数字、点、下划线和短横线")
        return self.folder / f"{key}.json"

    def save(self, key: str, fields: dict[str, Any], saved_at: datetime) -> Path:
        """Write the form's fields (JSON-able values) with the instant they were saved."""
        target = self.path(key)
        self.folder.mkdir(parents=True, exist_ok=True)
        payload = {"version": DRAFT_VERSION, "saved_at": saved_at.isoformat(), "fields": fields}
        temporary = target.with_name(target.name + ".tmp")
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, ensure_ascii=False, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
        return target

    def load(self, key: str) -> SavedDraft | None:
        """The saved draft, or None when there is none or it cannot be read (then set aside)."""
        target = self.path(key)
        try:
            payload = json.loads(target.read_text(encoding="utf-8"))
            fields = payload["fields"]
            saved_at = datetime.fromisoformat(payload["saved_at"])
            if not isinstance(fields, dict):
                raise TypeError("fields is not an object")
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            _set_aside(target)
            return None
        return SavedDraft(fields=fields, saved_at=saved_at)

    def delete(self, key: str) -> None:
        """Forget a draft (after the form was saved for real); no error when there is none."""
        try:
            self.path(key).unlink()
        except FileNotFoundError:
            pass


@dataclass(frozen=True, kw_only=True)
class SavedDraft:
    """A draft read back: its fields and when it was saved."""

    fields: dict[str, Any]
    saved_at: datetime


def default_folder() -> Path:
    """The drafts folder in the user data folder."""
    return data_dir() / "drafts"


def _set_aside(target: Path) -> None:
    """Rename an unreadable draft to '<name>.bad' so that a person can still look at it."""
    try:
        os.replace(target, target.with_name(target.name + ".bad"))
    except OSError:
        pass
