"""Exporting the people ledger to a formatted .xlsx that the import reads back unchanged.

ID numbers and phones are written as text cells (Excel would otherwise turn an ID into
1.10105E+17 and lose its last digits), dates as dates; the header is bold, filled and frozen.
Exporting personal information is written to the audit log (who, which filter, how many rows).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.people.categories import category_lookup, load_categories
from app.people.errors import PersonError
from app.people.ledger_columns import COLUMNS
from app.people.service import PeopleService
from db.schema import AuditEntry, Building, Household, Person, PersonCategory, PopulationCategory, Region, Room

WIDTHS = {"name": 10, "id_number": 21, "sex": 6, "birth_date": 12, "ethnicity": 8, "phone": 15,
          "registered_address": 30, "current_address": 30, "residence_type": 10, "relation": 10,
          "household_no": 14, "building": 12, "room": 10, "grid": 18, "categories": 24, "note": 30}
TEXT_FIELDS = ("id_number", "phone", "household_no", "room", "grid")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
SHEET_TITLE = "人员台账"


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int


def export_people(service: PeopleService, path: str | Path, *, grid: str | None = None,
                  category: str | None = None) -> ExportResult:
    """Write the live persons (of a grid or region, of a category) to `path`."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise PersonError("export", f"导出文件“{path.name}”应以 .xlsx 结尾")
    with service.database.read() as session:
        query = _query(session, grid, category)
        memberships = _category_names(session)
        workbook, count = _workbook(session.execute(query), memberships)
    try:
        workbook.save(path)
    except OSError as exc:
        raise PersonError("export", f"无法写入“{path}”：{exc.strerror or exc}（文件是否正在 Excel 中打开？）") from None
    with service.database.write() as session:
        session.add(AuditEntry(at=service.now(), actor=service.actor, workstation=service.workstation,
                               action="export", entity="persons",
                               detail={"file": path.name, "grid": grid, "category": category, "rows": count}))
    return ExportResult(path, count)


def _query(session: Session, grid: str | None, category: str | None):
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
    if category:
        found = category_lookup(load_categories(session)).get(category)
        if found is None:
            raise PersonError("categories", f"没有“{category}”这一人员类别")
        query = query.where(Person.id.in_(
            select(PersonCategory.person_id).where(PersonCategory.category_id == found.id,
                                                   PersonCategory.deleted_at.is_(None))))
    return query


def _region_and_below(session: Session, label: str) -> list:
    """The region with this code or name and every region under it (a street exports its grids)."""
    start = session.scalars(select(Region.id).where((Region.code == label) | (Region.name == label))).all()
    if not start:
        raise PersonError("grid_id", f"网格或区域“{label}”不存在")
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
    """Each person's live category names in the configured order."""
    names = defaultdict(list)
    for person_id, name in session.execute(
        select(PersonCategory.person_id, PopulationCategory.name)
        .join(PopulationCategory, PopulationCategory.id == PersonCategory.category_id)
        .where(PersonCategory.deleted_at.is_(None))
        .order_by(PopulationCategory.sort_order)
    ):
        names[person_id].append(name)
    return names


def _workbook(rows, memberships: dict) -> tuple[Workbook, int]:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    fields = [column.field for column in COLUMNS]
    for index, field in enumerate(fields, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS[field]
    sheet.freeze_panes = "A2"
    sheet.append([_header(sheet, column.label) for column in COLUMNS])
    text_positions = [fields.index(f) for f in TEXT_FIELDS]
    count = 0
    for row in rows:
        values = list(row[1:])
        values.insert(fields.index("categories"), "、".join(memberships.get(row[0], ())))
        for position in text_positions:
            if values[position] is not None:
                cell = WriteOnlyCell(sheet, value=str(values[position]))
                cell.number_format = "@"
                values[position] = cell
        sheet.append(values)
        count += 1
    return workbook, count


def _header(sheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = Font(bold=True)
    cell.fill = HEADER_FILL
    cell.alignment = Alignment(horizontal="center", vertical="center")
    return cell
