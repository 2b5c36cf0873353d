"""Case attachments: stored whole in one transaction, listed without data, and the 0002 migration."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, inspect, select

from app.cases.attachments import (
    MAX_ATTACHMENT_BYTES, AttachmentError, NewAttachment, add_attachments, attachment_data,
    guess_mime, list_attachments,
)
from app.cases.drafts import CaseDraft
from app.cases.errors import CaseNotFound
from db.engine import Database
from db.migrate import current_revision, head_revision, upgrade
from db.schema import Base, CaseAttachment
from tests.conftest import local

PHOTO = b"\x89PNG\r\n\x1a\n" + b"p" * 100
THUMB = b"\x89PNG\r\n\x1a\nthumb"


def new_case(service) -> str:
    """A reported exposed-rubbish case."""
    draft = CaseDraft(source="网格员上报", category="暴露垃圾", description="路边垃圾",
                      reported_at=local(2025, 9, 30, 9, 0))
    return service.create(draft, actor="grid1").case_no


def stored_count(service) -> int:
    """How many attachment rows exist at all."""
    with service.database.read() as session:
        return session.scalar(select(func.count()).select_from(CaseAttachment))


def test_add_attachments_stores_data_and_lists_without_it(service, clock):
    """Two files are stored with their names, types, sizes, thumbnails, author and time, in order."""
    case_no = new_case(service)
    added = add_attachments(service, case_no, [
        NewAttachment(file_name="现场.png", data=PHOTO, thumbnail=THUMB),
        NewAttachment(file_name="来信.pdf", data=b"%PDF-1.4 x"),
    ], actor="disp1")
    listed = list_attachments(service, case_no)
    assert [a.id for a in listed] == [a.id for a in added]
    assert [(a.file_name, a.mime, a.size, a.thumbnail, a.added_by) for a in listed] == [
        ("现场.png", "image/png", 108, THUMB, "disp1"),
        ("来信.pdf", "application/pdf", 10, None, "disp1"),
    ]
    assert [a.is_image for a in listed] == [True, False]
    assert listed[0].added_at == clock()
    assert attachment_data(service, listed[0].id) == PHOTO


def test_add_attachments_refuses_whole_batch_on_one_bad_file(service):
    """An empty file among good ones stores nothing and names the file."""
    case_no = new_case(service)
    files = [NewAttachment(file_name="a.jpg", data=PHOTO), NewAttachment(file_name="空.jpg", data=b"")]
    with pytest.raises(AttachmentError, match="^附件“空.jpg”是空文件$"):
        add_attachments(service, case_no, files, actor="disp1")
    assert stored_count(service) == 0


def test_add_attachments_refuses_oversized_file(service):
    """A file over the 20 MB limit is refused with its size and the limit."""
    case_no = new_case(service)
    big = NewAttachment(file_name="录像.mp4", data=b"0" * (MAX_ATTACHMENT_BYTES + 1))
    with pytest.raises(AttachmentError, match="^附件“录像.mp4”有 20.0 MB，超过上限 20 MB$"):
        add_attachments(service, case_no, [big], actor="disp1")
    assert stored_count(service) == 0


def test_add_attachments_unknown_case_is_not_found(service):
    """Attaching to a case number that does not exist says so and writes nothing."""
    with pytest.raises(CaseNotFound, match="^找不到案件“X1”$"):
        add_attachments(service, "X1", [NewAttachment(file_name="a.png", data=PHOTO)], actor="disp1")
    assert stored_count(service) == 0


def test_attachment_data_bad_id_is_refused(service):
    """A malformed or unknown attachment id gives a clear error."""
    with pytest.raises(AttachmentError, match="^附件编号“nope”无效$"):
        attachment_data(service, "nope")
    with pytest.raises(AttachmentError, match="^找不到该附件"):
        attachment_data(service, "0190f3a2-0000-7000-8000-000000000000")


def test_guess_mime_known_and_unknown():
    """Common types come from the name; unknown ones are octet-stream."""
    assert guess_mime("IMG_0001.JPG") == "image/jpeg"
    assert guess_mime("记录.unknownext") == "application/octet-stream"


def test_upgrade_from_0001_adds_attachments_table_exactly(tmp_path):
    """A database at 0001 with a case upgrades to the head with exactly the model's schema, case kept."""
    database = Database(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        upgrade(database, to="0001")
        assert "case_attachments" not in inspect(database.engine).get_table_names()
        assert upgrade(database) is True
        assert current_revision(database) == head_revision()
        with database.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
        columns = [c["name"] for c in inspect(database.engine).get_columns("case_attachments")]
        assert columns == ["case_id", "file_name", "mime", "size", "data", "thumbnail", "added_by",
                           "added_at", "id", "created_at"]
    finally:
        database.dispose()
