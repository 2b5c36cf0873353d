"""The words communities use for configured things, and the ones nothing matched yet.

`label_aliases` maps a label as spreadsheets write it (低保户, 空巢老人, 外来人口 …) to the code
of what it means, per kind of thing (population category, residence type, case category,
department, source). `alias` is stored normalised (app/config/aliases.py `normalize_label`) so
the unique (kind, alias) pair compares what a reader would call the same word. Defaults come from
resources/ and are seeded once; afterwards an administrator edits them (deleting marks the row,
so a deleted default is not seeded again).

`person_unmapped_labels` keeps a label an import could not map on the person, as written, until
someone maps it: then the alias is created and the label becomes a membership in one transaction.
"""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.schema.base import Base, Editable, Keyed

LABEL_KINDS = ("population_category", "residence_type", "case_category", "department", "source")


class LabelAlias(Editable, Base):
    """Another word for a configured thing: (kind, normalised alias) → target code."""

    __tablename__ = "label_aliases"
    __table_args__ = (UniqueConstraint("kind", "alias"),)

    kind: Mapped[str] = mapped_column(String(32))
    alias: Mapped[str] = mapped_column(String(100))
    target: Mapped[str] = mapped_column(String(50))


class PersonUnmappedLabel(Keyed, Base):
    """A label an import found on a person that matched nothing, kept as written."""

    __tablename__ = "person_unmapped_labels"
    __table_args__ = (
        UniqueConstraint("person_id", "kind", "label"),
        Index("ix_person_unmapped_labels_kind_label", "kind", "label"),
    )

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(String(100))
