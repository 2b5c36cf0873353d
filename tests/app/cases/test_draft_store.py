"""Form drafts on disk: saved atomically, read back exactly, set aside when unreadable, deleted."""

from __future__ import annotations

import json

import pytest

from app.cases.draft_store import DraftStore, default_folder
from tests.conftest import local

FIELDS = {"title": "路边垃圾", "phone": "13800138000", "anonymous": True, "files": ["/tmp/a.png"]}


def test_save_then_load_gives_fields_and_time(tmp_path):
    """A saved draft reads back with the same fields and saving time."""
    store = DraftStore(tmp_path / "drafts")
    path = store.save("intake", FIELDS, local(2025, 9, 30, 10, 5))
    assert path == tmp_path / "drafts" / "intake.json"
    draft = store.load("intake")
    assert draft.fields == FIELDS
    assert draft.saved_at == local(2025, 9, 30, 10, 5)
    assert [p.name for p in (tmp_path / "drafts").iterdir()] == ["intake.json"]


def test_save_overwrites_previous_draft(tmp_path):
    """A second save replaces the first one completely."""
    store = DraftStore(tmp_path)
    store.save("intake", FIELDS, local(2025, 9, 30, 10, 5))
    store.save("intake", {"title": "新"}, local(2025, 9, 30, 10, 6))
    assert store.load("intake").fields == {"title": "新"}


def test_load_missing_draft_is_none(tmp_path):
    """No file means no draft."""
    assert DraftStore(tmp_path).load("intake") is None


@pytest.mark.parametrize("content", ["{not json", json.dumps({"fields": [1]}), json.dumps({"x": 1})])
def test_load_unreadable_draft_is_set_aside(tmp_path, content):
    """A broken draft file gives no draft and is renamed to .bad, not deleted."""
    (tmp_path / "intake.json").write_text(content, encoding="utf-8")
    assert DraftStore(tmp_path).load("intake") is None
    assert (tmp_path / "intake.json.bad").read_text(encoding="utf-8") == content
    assert not (tmp_path / "intake.json").exists()


def test_delete_removes_draft_and_tolerates_absence(tmp_path):
    """Deleting removes the file; deleting again is no error."""
    store = DraftStore(tmp_path)
    store.save("intake", FIELDS, local(2025, 9, 30, 10, 5))
    store.delete("intake")
    store.delete("intake")
    assert store.load("intake") is None
    assert list(tmp_path.iterdir()) == []


def test_bad_key_is_refused(tmp_path):
    """A key that could escape the folder is refused with a Chinese message."""
    with pytest.raises(ValueError, match="^草稿名“../x”无效"):
        DraftStore(tmp_path).path("../x")


def test_default_folder_is_in_user_data_folder(tmp_path, monkeypatch):
    """Without a folder the store uses <user data>/gridcc/drafts."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_folder() == tmp_path / "gridcc" / "drafts"
    assert DraftStore().folder == tmp_path / "gridcc" / "drafts"
