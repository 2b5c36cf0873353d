"""Files attached to cases: photos, scans, recordings. Stored in the database, never changed.

The workstation makes the thumbnail (the app layer has no image library) and hands it in with
the file; lists read thumbnails only, the full data is fetched when someone opens a file.
"""

from __future__ import annotations

import mimetypes
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.cases.errors import CaseError
from app.cases.service import CaseService
from db.schema import Case, CaseAttachment

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_FILE_NAME = 255
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp")


class AttachmentError(CaseError):
    """A file that cannot be attached (empty, too large, badly named); the message says which."""


@dataclass(frozen=True, kw_only=True)
class NewAttachment:
    """A file about to be attached; `mime` is guessed from the name when not given."""

    file_name: str
    data: bytes
    thumbnail: bytes | None = None
    mime: str | None = None


@dataclass(frozen=True, kw_only=True)
class AttachmentView:
    """A stored attachment without its data (lists and thumbnails)."""

    id: str
    file_name: str
    mime: str
    size: int
    thumbnail: bytes | None
    added_by: str
    added_at: datetime

    @property
    def is_image(self) -> bool:
        """Pictures are shown as thumbnails and open in the viewer."""
        return self.mime.startswith("image/")


def guess_mime(file_name: str) -> str:
    """The MIME type for a file name ('image/jpeg'), or application/octet-stream when unknown."""
    guessed, _ = mimetypes.guess_type(file_name, strict=False)
    return guessed or "application/octet-stream"


def is_image_name(file_name: str) -> bool:
    """True for the picture formats a workstation can show as a thumbnail."""
    return file_name.lower().endswith(IMAGE_SUFFIXES)


def check_attachment(new: NewAttachment) -> None:
    """Refuse an empty, oversized or nameless file before anything is written."""
    name = (new.file_name or "").strip()
    if not name:
        raise AttachmentError("附件缺少文件名")
    if len(name) > MAX_FILE_NAME:
        raise AttachmentError(f"附件文件名过长（{len(name)}个字符，最多{MAX_FILE_NAME}个）：“{name[:30]}…”")
    if not new.data:
        raise AttachmentError(f"附件“{name}”是空文件")
    if len(new.data) > MAX_ATTACHMENT_BYTES:
        raise AttachmentError(
            f"附件“{name}”有 {len(new.data) / 1024 / 1024:.1f} MB，超过上限 {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB"
        )


def add_attachments(service: CaseService, case_no: str, files: Sequence[NewAttachment],
                    actor: str) -> list[AttachmentView]:
    """Attach `files` to a case in one transaction: all of them or, on any error, none."""
    service.require("case.attach", case_no)
    for new in files:
        check_attachment(new)
    added_at = service.now()
    rows = []
    with service.database.write() as session:
        case_id = service.case_row(session, case_no).id
        for new in files:
            row = CaseAttachment(
                case_id=case_id, file_name=new.file_name.strip(), mime=new.mime or guess_mime(new.file_name),
                size=len(new.data), data=new.data, thumbnail=new.thumbnail, added_by=actor,
                added_at=added_at,
            )
            session.add(row)
            rows.append(row)
        session.flush()
        return [_view(row.id, row.file_name, row.mime, row.size, row.thumbnail, row.added_by, row.added_at)
                for row in rows]


def list_attachments(service: CaseService, case_no: str) -> list[AttachmentView]:
    """A case's attachments in the order they were added, thumbnails included, data left out."""
    columns = (CaseAttachment.id, CaseAttachment.file_name, CaseAttachment.mime, CaseAttachment.size,
               CaseAttachment.thumbnail, CaseAttachment.added_by, CaseAttachment.added_at)
    with service.database.read() as session:
        case_id = service.case_row(session, case_no).id
        rows = session.execute(
            select(*columns).where(CaseAttachment.case_id == case_id)
            .order_by(CaseAttachment.added_at, CaseAttachment.id)
        ).all()
    return [_view(*row) for row in rows]


def attachment_data(service: CaseService, attachment_id: str) -> bytes:
    """The full content of one attachment (to show a photo large or save the file)."""
    try:
        key = uuid.UUID(str(attachment_id))
    except ValueError:
        raise AttachmentError(f"附件编号“{attachment_id}”无效") from None
    with service.database.read() as session:
        data = session.scalar(service.scoped(
            select(CaseAttachment.data).join(Case, Case.id == CaseAttachment.case_id)
            .where(CaseAttachment.id == key, Case.deleted_at.is_(None))))
    if data is None:
        raise AttachmentError("找不到该附件，可能所属案件已被删除")
    return data


def _view(id_, file_name, mime, size, thumbnail, added_by, added_at) -> AttachmentView:
    return AttachmentView(id=str(id_), file_name=file_name, mime=mime, size=size, thumbnail=thumbnail,
                          added_by=added_by, added_at=added_at)
