"""Files attached to a case: photos from the scene, scanned letters, recordings."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from db.schema.base import Base, Keyed
from db.types import UTCDateTime


class CaseAttachment(Keyed, Base):
    """One file of a case, kept in the database so every workstation sees it. Append-only.

    `thumbnail` is a small PNG made by the workstation that added the file (None for files that
    are not pictures), so lists of attachments never load the full data.
    """

    __tablename__ = "case_attachments"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    thumbnail: Mapped[bytes | None] = mapped_column(LargeBinary)
    added_by: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)
