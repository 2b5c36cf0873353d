"""Importing a community's resident ledger (a spreadsheet or CSV file) into the people ledger (DESIGN §6).

Every data row ends as exactly one of: imported (a new person), merged (the person with that ID
number exists or appeared higher in the file, and the row filled some of their empty fields),
unchanged (nothing new), or rejected with its Excel row number and reason in NAME.rejects.xlsx.
Differing values never overwrite what is stored: they are listed in NAME.conflicts.xlsx. The
whole file is one transaction, and `dry_run` reports the same counts without writing anything.

Speed: rows are read by python-calamine (app/imports/spreadsheet.py), existing persons are looked
up in chunks, and new persons are built while they are written in bulk (db/bulk.py), so on
PostgreSQL the server indexes them while Python builds the next batch.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


from app.imports.cell_parsers import as_shown, cell_error_in
from app.imports.collector import collector_paused
from app.imports.spreadsheet import Progress
from app.imports.table_reader import ImportFileError
from app.people.categories import category_lookup, load_categories
from app.people.existing import ExistingPerson, apply_updates, load_existing, merge_into_existing
from app.people.import_report import Conflict, RowReject, write_reports
from app.people.import_rows import (
    ParsedRow, RowRejected, absorb, duplicate_conflicts, is_blank_row, membership_row, parse_row, resolve_places,
)
from app.people.ledger_columns import ALIASES, LABELS, REQUIRED
from app.people.places import Places
from app.people.service import PeopleService
from app.people.sheet_reader import (
    fill_merged, find_ledger_header, merged_ranges, open_workbook, sheet_rows, top_rows,
)
from app.people.visits import refresh_visit_clocks
from app.people.writes import CachedSearchColumns, change_row, person_row
from db.bulk import insert_rows
from db.engine import bulk_load_cache
from db.ids import uuid7
from db.schema import AuditEntry, Person, PersonCategory, PersonChange


@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would do); the four counts add up to `rows_read`."""

    sheet_name: str
    rows_read: int = 0
    imported: int = 0
    merged: int = 0
    unchanged: int = 0
    rejects: list[RowReject] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    created_places: dict[str, int] = field(default_factory=dict)
    header_labels: tuple[str, ...] = ()
    rejects_file: Path | None = None
    conflicts_file: Path | None = None
    dry_run: bool = False


class _Batch:
    """The rows to insert or update, collected while deciding each data row.

    New persons are kept as (row, place ids) and turned into insert rows only while they are
    written, so that on PostgreSQL the server stores one batch while the next is being built.
    """

    def __init__(self):
        self.new_persons: list[tuple[ParsedRow, dict]] = []
        self.memberships: list[dict] = []
        self.changes: list[dict] = []
        self.updates: list[tuple[ExistingPerson, dict]] = []
        self.search_columns = CachedSearchColumns()


def import_people(service: PeopleService, path: str | Path, *, sheet: str | None = None,
                  dry_run: bool = False, progress: Progress | None = None) -> ImportResult:
    """Import one ledger file; ImportFileError when the file as a whole cannot be read or is no ledger.

    `progress(rows read, total or None)` is called now and then while the sheet is read."""
    path = Path(path)
    with collector_paused():
        workbook = open_workbook(path, progress=progress)
        try:
            work = service.database.read() if dry_run else service.database.write()
            with work as session:
                result = _import(service, session, workbook, path, sheet, dry_run)
        finally:
            workbook.close()
    result.rejects_file, result.conflicts_file = write_reports(path, result.rejects, result.conflicts,
                                                               result.header_labels)
    return result


def _import(service, session, workbook, path, sheet_name, dry_run) -> ImportResult:
    now, today = service.now(), service.today()
    worksheet, rows, header_number, positions, labels = _locate(workbook, path, sheet_name)
    result = ImportResult(sheet_name=worksheet.title, dry_run=dry_run, header_labels=labels)
    places = Places(session, now)
    categories = category_lookup(load_categories(session))
    firsts: dict[str, ParsedRow] = {}
    order: list[ParsedRow] = []
    for number, cells in rows:
        if number <= header_number or is_blank_row(cells):
            continue
        result.rows_read += 1
        error = cell_error_in(cells, positions.values())
        if error is not None:
            result.rejects.append(RowReject(number, as_shown(cells), error.message))
            continue
        try:
            row = parse_row(number, cells, positions, today=today, places=places, categories=categories)
        except RowRejected as exc:
            result.rejects.append(RowReject(number, cells, str(exc)))
            continue
        _place(row, firsts, order, result)
    existing = load_existing(session, list(firsts))
    places.preload_households(row.places["household_no"] for row in order if "household_no" in row.places)
    batch = _Batch()
    source = f"导入 {path.name}"
    for row in order:
        person = existing.get(row.values["id_number"]) if row.values["id_number"] else None
        if person is None:
            batch.new_persons.append((row, resolve_places(row, places)))
            result.imported += 1
            continue
        if person.deleted:
            result.rejects.append(RowReject(row.number, row.cells, (
                f"身份证号 {person.id_number} 属于已删除的人员“{person.name}”，请先在台账中恢复该人员")))
            continue
        outcome = merge_into_existing(person, row, places, batch, now=now, service=service, source=source,
                                      conflicts=result.conflicts)
        if outcome:
            result.merged += 1
        else:
            result.unchanged += 1
    if not dry_run:
        with bulk_load_cache(session):
            _write(session, places, batch, service, now, path, result, source)
    result.created_places = dict(places.created)
    result.rejects.sort(key=lambda r: r.row_number)
    result.conflicts.sort(key=lambda c: c.row_number)
    return result


def _locate(workbook, path: Path, sheet_name: str | None):
    """The ledger sheet, its rows, and where its header is; ImportFileError when there is none."""
    if sheet_name is not None and sheet_name not in workbook.sheetnames:
        raise ImportFileError(f"文件“{path.name}”中没有名为“{sheet_name}”的工作表（有：{'、'.join(workbook.sheetnames)}）")
    sheets = [workbook[sheet_name]] if sheet_name else workbook.worksheets
    for worksheet in sheets:
        merges = merged_ranges(worksheet)
        top = top_rows(worksheet, path.name)
        header = find_ledger_header(list(fill_merged(iter(top), merges)), ALIASES, REQUIRED)
        if header is not None:
            number, positions, labels = header
            return worksheet, sheet_rows(worksheet, merges, top, path.name), number, positions, labels
    where = f"工作表“{sheet_name}”" if sheet_name else f"文件“{path.name}”"
    raise ImportFileError(
        f"{where}不是人员台账：前20行中找不到同时含“{LABELS['name']}”和“{LABELS['id_number']}”"
        f"（或公民身份号码、证件号码）的表头行"
    )


def _place(row: ParsedRow, firsts: dict, order: list, result: ImportResult) -> None:
    """Keep the first row of each ID number; a later one merges into it or is rejected."""
    id_number = row.values["id_number"]
    first = firsts.get(id_number) if id_number else None
    if first is None:
        if id_number:
            firsts[id_number] = row
        order.append(row)
        return
    differing = duplicate_conflicts(first, row)
    if differing:
        result.rejects.append(RowReject(row.number, row.cells, (
            f"与第{first.number}行的身份证号相同，但{'、'.join(differing)}不一致（以第{first.number}行为准）")))
    elif absorb(first, row):
        result.merged += 1
    else:
        result.unchanged += 1


def _person_rows(batch: _Batch, service: PeopleService, now, source: str) -> Iterator[dict]:
    """The insert rows of the new persons, one at a time; their categories and "created" history
    entries are collected on the side (written after the persons they point to)."""
    for row, place_ids in batch.new_persons:
        values = dict(row.values)
        values.update(place_ids)
        person_id = uuid7()
        for category in row.categories:
            batch.memberships.append(membership_row(person_id, category.id, now))
        batch.changes.append(change_row(person_id, at=now, actor=service.actor, workstation=service.workstation,
                                        source=f"{source} 第{row.number}行", changes={}))
        yield person_row(values, person_id=person_id, now=now, keys=batch.search_columns)


def _write(session, places: Places, batch: _Batch, service: PeopleService, now, path: Path,
           result: ImportResult, source: str) -> None:
    """Everything in bulk, parents before children (the stamps every row shares converted once)."""
    stamps = {"created_at": now, "updated_at": now, "version": 1, "deleted_at": None}
    places.flush()
    merged_memberships = list(batch.memberships)  # those of stored persons, added while merging
    insert_rows(session, Person.__table__, _person_rows(batch, service, now, source), same=stamps)
    if batch.updates:
        apply_updates(session, batch.updates, now)
    insert_rows(session, PersonCategory.__table__, batch.memberships, same=stamps)
    if merged_memberships:
        refresh_visit_clocks(session, {row["person_id"] for row in merged_memberships})
    insert_rows(session, PersonChange.__table__, batch.changes, same={"created_at": now, "at": now})
    session.add(AuditEntry(at=now, actor=service.actor, workstation=service.workstation, action="import",
                           entity="persons", detail={
                               "file": path.name, "sheet": result.sheet_name, "rows": result.rows_read,
                               "imported": result.imported, "merged": result.merged,
                               "unchanged": result.unchanged, "rejected": len(result.rejects),
                               "conflicts": len(result.conflicts)}))
    session.flush()
