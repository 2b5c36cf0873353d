"""Exporting the people ledger to a formatted .xlsx that the import reads back unchanged.

ID numbers and phones are written as text cells (Excel would otherwise turn an ID into
1.10105E+17 and lose its last digits), dates as dates; the header is bold, filled and frozen.

Exporting personal information follows the reveal permission (app.people.privacy). A user with
it gets the full ledger, which the import reads back unchanged. A user without it gets what the
ledger shows them: ID numbers and phones masked, the age in place of the birth date (年龄), and
sensitive categories as 敏感类别 — a sheet to read, not to import. Exporting the members of a
sensitive category needs the permission (refused otherwise, app.people.sensitive_reads). Every
export, and every refusal, is written to the audit log: who, which filter, how many rows, masked
or not.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.people import sensitive_reads
from app.people.categories import category_lookup, load_categories
from app.people.errors import PersonError
from app.people.ledger_columns import COLUMNS
from app.people.privacy import age_at, mask_categories, mask_id_number, mask_phone
from app.people.search_input import unknown_category, unknown_region
from app.people.service import PeopleService
from db.schema import Building, Household, Person, PersonCategory, PopulationCategory, Region, Room
from db.schema.audit import audit_entry

WIDTHS = {"name": 10, "id_number": 21, "sex": 6, "birth_date": 12, "ethnicity": 8, "phone": 15,
          "registered_address": 30, "current_address": 30, "residence_type": 10, "relation": 10,
          "household_no": 14, "building": 12, "room": 10, "grid": 18, "categories": 24, "note": 30}
TEXT_FIELDS = ("id_number", "phone", "household_no", "room", "grid")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
SHEET_TITLE = "人员台账"
AGE_LABEL = "年龄"


@dataclass(frozen=True)
class ExportResult:
    """Where the sheet went, how many persons it holds, and whether numbers were masked."""

    path: Path
    rows: int
    masked: bool = False


def export_people(service: PeopleService, path: str | Path, *, grid: str | None = None,
                  category: str | None = None) -> ExportResult:
    """Write the live persons of the account's scope (of a grid or region, of a category) to
    `path`, in full for a user who may export personal data (export.personal; by login only: who
    may reveal), masked for others (a masked export needs only the ledger pane);
    SensitiveReadDenied (audited) for a sensitive category without the reveal permission."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise PersonError("export", f"导出文件“{path.name}”应以 .xlsx 结尾")
    viewer = service.viewer()
    if not service.principal.may("export.personal"):
        service.require("pane.people")  # a masked export needs only the ledger pane
    filters = {"file": path.name, "grid": grid, "category": category}
    with service.database.read() as session:
        query, sensitive = _query(session, grid, category)
        query = service.scoped(query)
        full = viewer.may_output_clear(session, "export.personal")
        if full or not sensitive:
            memberships = _category_names(session)
            workbook, count = _workbook(session.execute(query), memberships, None if full else service.today())
    if sensitive and not full:
        sensitive_reads.refuse(service.database, viewer, "export", sensitive, filters)
    try:
        workbook.save(path)
    except OSError as exc:
        raise PersonError("export", f"无法写入“{path}”：{exc.strerror or exc}（文件是否正在 Excel 中打开？）") from None
    with service.database.write() as session:
        session.add(audit_entry(actor=viewer.actor, workstation=viewer.workstation, action="export",
                                entity="persons", detail={**filters, "rows": count, "masked": not full}))
    return ExportResult(path, count, masked=not full)


def _query(session: Session, grid: str | None, category: str | None):
    """The persons to export, and the code of the category when it is a sensitive one."""
    grid_region = aliased(Region)
    query = (
        select(Person.id, Person.name, Person.id_number, Person.sex, Person.birth_date, Person.ethnicity,
               Person.phone, Person.registered_address, Person.current_address, Person.residence_type,
               Person.relation, Household.household_no, Building.name, Room.number, grid_region.code,
               Person.note)
        .outerjoin(Household, Household.id == Person.household_id)
        .outerjoin(Building, Building.id == Person.building_id)
        .outerjoin(Room, Room.id == Person.room_id)
        .outerjoin(grid_region, grid_region.id == Person.grid_id)
        .where(Person.deleted_at.is_(None))
        .order_by(grid_region.code, Household.household_no, Person.id)
    )
    if grid:
        query = query.where(Person.grid_id.in_(_region_and_below(session, grid)))
    sensitive = []
    if category:
        found = category_lookup(load_categories(session)).get(category)
        if found is None:
            raise unknown_category(category)
        sensitive = [found.code] if found.sensitive else []
        query = query.where(Person.id.in_(
            select(PersonCategory.person_id).where(PersonCategory.category_id == found.id,
                                                   PersonCategory.deleted_at.is_(None))))
    return query, sensitive


def _region_and_below(session: Session, label: str) -> list:
    """The region with this code or name and every region under it (a street exports its grids)."""
    start = session.scalars(select(Region.id).where((Region.code == label) | (Region.name == label))).all()
    if not start:
        raise unknown_region(label)
    children = defaultdict(list)
    for region_id, parent_id in session.execute(select(Region.id, Region.parent_id)):
        children[parent_id].append(region_id)
    found, todo = [], list(start)
    while todo:
        region_id = todo.pop()
        found.append(region_id)
        todo.extend(children[region_id])
    return found


def _category_names(session: Session) -> dict:
    """Each person's live categories in the configured order: (name, sensitive)."""
    names = defaultdict(list)
    for person_id, name, sensitive in session.execute(
        select(PersonCategory.person_id, PopulationCategory.name, PopulationCategory.sensitive)
        .join(PopulationCategory, PopulationCategory.id == PersonCategory.category_id)
        .where(PersonCategory.deleted_at.is_(None))
        .order_by(PopulationCategory.sort_order)
    ):
        names[person_id].append((name, bool(sensitive)))
    return names


def _workbook(rows, memberships: dict, masked_on: date | None) -> tuple[Workbook, int]:
    """The sheet of `rows`; masked (ages counted on `masked_on`) unless `masked_on` is None."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    fields = [column.field for column in COLUMNS]
    for index, field in enumerate(fields, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS[field]
    sheet.freeze_panes = "A2"
    labels = [AGE_LABEL if masked_on and c.field == "birth_date" else c.label for c in COLUMNS]
    sheet.append([_header(sheet, label) for label in labels])
    text_positions = [fields.index(f) for f in TEXT_FIELDS]
    count = 0
    for row in rows:
        values = list(row[1:])
        categories = memberships.get(row[0], ())
        names = mask_categories(categories) if masked_on else [name for name, _sensitive in categories]
        values.insert(fields.index("categories"), "、".join(names))
        if masked_on:
            _mask(values, fields, masked_on)
        for position in text_positions:
            if values[position] is not None:
                cell = WriteOnlyCell(sheet, value=str(values[position]))
                cell.number_format = "@"
                values[position] = cell
        sheet.append(values)
        count += 1
    return workbook, count


def _mask(values: list, fields: list[str], today: date) -> None:
    """A row as a user without the reveal permission sees it: numbers masked, the age for the birth date."""
    for field, masker in (("id_number", mask_id_number), ("phone", mask_phone)):
        position = fields.index(field)
        values[position] = masker(values[position]) or None
    position = fields.index("birth_date")
    values[position] = age_at(values[position], today) if values[position] else None


def _header(sheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = Font(bold=True)
    cell.fill = HEADER_FILL
    cell.alignment = Alignment(horizontal="center", vertical="center")
    return cell
