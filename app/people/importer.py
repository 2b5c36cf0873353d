"""Importing a community's resident ledger (a spreadsheet or CSV file) into the people ledger.

Every data row ends as exactly one of: imported (a new person), merged (the person with that ID
number exists or appeared higher in the file, and the row filled some of their empty fields),
unchanged (nothing new), differing (the person exists and the row says something else: 已存在，
内容不同，未更新 — the differences are listed in NAME.conflicts.xlsx, the stored values kept), or
rejected with its Excel row number and reason in NAME.rejects.xlsx. A category label that
matches nothing never rejects a row: the label is kept on the person and listed in
NAME.labels.xlsx (app/people/unmapped.py maps it later). The whole file is one transaction; the
reports are staged before its commit (app/people/import_report.py). `dry_run` reports the same
counts without writing anything, not even a report file.

Speed: rows are read by python-calamine (app/imports/spreadsheet.py), existing persons are looked
up in chunks, and new persons are built while they are written in bulk (db/bulk.py), so on
PostgreSQL the server indexes them while Python builds the next batch.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


from app.config.aliases import load_resolver
from app.imports.cell_parsers import as_shown, cell_error_in
from app.imports.collector import collector_paused
from app.imports.spreadsheet import Progress
from app.imports.table_reader import ImportFileError
from app.people.categories import category_matcher
from app.people.existing import ExistingPerson, apply_updates, load_existing, merge_into_existing
from app.people.import_report import (
    Conflict, ReportContent, RowReject, discard_reports, publish_reports, stage_reports, write_reports,
)
from app.people.import_rows import (
    ParsedRow, RowRejected, absorb, duplicate_conflicts, is_blank_row, membership_row, parse_row, resolve_places,
    unmapped_row,
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
from db.schema import Person, PersonCategory, PersonChange, PersonUnmappedLabel
from db.schema.audit import audit_entry


@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would do); the five counts add up to `rows_read`.

    `unmapped` is {category label as written: the rows carrying it}; `report_files` the reports
    written ({"rejects"|"conflicts"|"labels": path}); `warnings` what went wrong after the data
    was saved (a report that could not be put in place)."""

    sheet_name: str
    rows_read: int = 0
    imported: int = 0
    merged: int = 0
    unchanged: int = 0
    differing: int = 0
    rejects: list[RowReject] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    unmapped: dict[str, list[int]] = field(default_factory=dict)
    created_places: dict[str, int] = field(default_factory=dict)
    header_labels: tuple[str, ...] = ()
    report_files: dict[str, Path] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def rejects_file(self) -> Path | None:
        return self.report_files.get("rejects")

    @property
    def conflicts_file(self) -> Path | None:
        return self.report_files.get("conflicts")

    @property
    def labels_file(self) -> Path | None:
        return self.report_files.get("labels")

    def report_content(self) -> ReportContent:
        return ReportContent(self.rejects, self.conflicts, self.unmapped, self.header_labels)


class _Batch:
    """The rows to insert or update, collected while deciding each data row.

    New persons are kept as (row, place ids) and turned into insert rows only while they are
    written, so that on PostgreSQL the server stores one batch while the next is being built.
    """

    def __init__(self):
        self.new_persons: list[tuple[ParsedRow, dict]] = []
        self.memberships: list[dict] = []
        self.unmapped: list[dict] = []
        self.changes: list[dict] = []
        self.updates: list[tuple[ExistingPerson, dict]] = []
        self.search_columns = CachedSearchColumns()


def import_people(service: PeopleService, path: str | Path, *, sheet: str | None = None,
                  dry_run: bool = False, progress: Progress | None = None) -> ImportResult:
    """Import one ledger file; ImportFileError when the file as a whole cannot be read or is no ledger.

    `progress(rows read, total or None)` is called now and then while the sheet is read."""
    service.require("people.import")
    path = Path(path)
    staged = []
    with collector_paused():
        workbook = open_workbook(path, progress=progress)
        try:
            work = service.database.read() if dry_run else service.database.write()
            with work as session:
                result = _import(service, session, workbook, path, sheet, dry_run)
                if not dry_run:
                    staged = stage_reports(path, result.report_content())
        except BaseException:
            discard_reports(staged)
            raise
        finally:
            workbook.close()
    if not dry_run:
        result.report_files, result.warnings = publish_reports(staged)
    return result


def save_import_reports(path: str | Path, result: ImportResult) -> ImportResult:
    """Write the reports of a preview on request (a dry run itself writes no file)."""
    result.report_files, result.warnings = write_reports(Path(path), result.report_content())
    return result


def _import(service, session, workbook, path, sheet_name, dry_run) -> ImportResult:
    now, today = service.now(), service.today()
    worksheet, rows, header_number, positions, labels = _locate(workbook, path, sheet_name)
    result = ImportResult(sheet_name=worksheet.title, dry_run=dry_run, header_labels=labels)
    places = Places(session, now)
    categories = category_matcher(session)
    residence_types = load_resolver(session, "residence_type")
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
            row = parse_row(number, cells, positions, today=today, places=places, categories=categories,
                            residence_types=residence_types)
        except RowRejected as exc:
            result.rejects.append(RowReject(number, cells, str(exc)))
            continue
        problem = service.out_of_scope(row.grid_id)
        if problem:  # a street's clerk imports its street's persons only
            result.rejects.append(RowReject(number, cells, f"网格{problem}"))
            continue
        for label in row.unmapped:
            result.unmapped.setdefault(label, []).append(number)
        _place(row, firsts, order, result)
    existing = load_existing(session, list(firsts))
    hidden = service.hidden_persons(session, [person.id for person in existing.values()])
    places.preload_households(row.places["household_no"] for row in order if "household_no" in row.places)
    batch = _Batch()
    source = f"导入 {path.name}"
    for row in order:
        person = existing.get(row.values["id_number"]) if row.values["id_number"] else None
        if person is not None and person.id in hidden:
            result.rejects.append(RowReject(row.number, row.cells, "该身份证号的人员不在本账户的管辖范围内"))
            continue
        if person is None:
            batch.new_persons.append((row, resolve_places(row, places)))
            result.imported += 1
            continue
        if person.deleted:
            result.rejects.append(RowReject(row.number, row.cells, (
                f"身份证号 {person.id_number} 属于已删除的人员“{person.name}”，请先在台账中恢复该人员")))
            continue
        conflicts_before = len(result.conflicts)
        if merge_into_existing(person, row, places, batch, now=now, service=service, source=source,
                               conflicts=result.conflicts):
            result.merged += 1
        elif len(result.conflicts) > conflicts_before:
            result.differing += 1
        else:
            result.unchanged += 1
    if not dry_run:
        with bulk_load_cache(session):
            _write(session, places, batch, service, now, path, result, source)
    result.created_places = dict(places.created)
    _drop_rejected_rows(result)
    result.rejects.sort(key=lambda r: r.row_number)
    result.conflicts.sort(key=lambda c: c.row_number)
    return result


def _drop_rejected_rows(result: ImportResult) -> None:
    """Unmapped labels are listed only for the rows whose person was kept (a row rejected later,
    as a differing duplicate or a deleted person, brought nobody the label)."""
    rejected = {reject.row_number for reject in result.rejects}
    if not rejected:
        return
    for label in list(result.unmapped):
        kept = [number for number in result.unmapped[label] if number not in rejected]
        if kept:
            result.unmapped[label] = kept
        else:
            del result.unmapped[label]


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
        for label in row.unmapped:
            batch.unmapped.append(unmapped_row(person_id, label, now))
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
    insert_rows(session, PersonUnmappedLabel.__table__, batch.unmapped)
    if merged_memberships:
        refresh_visit_clocks(session, {row["person_id"] for row in merged_memberships})
    insert_rows(session, PersonChange.__table__, batch.changes, same={"created_at": now, "at": now})
    session.add(audit_entry(actor=service.actor, workstation=service.workstation, action="import",
                            entity="persons", detail={
                               "file": path.name, "sheet": result.sheet_name, "rows": result.rows_read,
                               "imported": result.imported, "merged": result.merged,
                               "unchanged": result.unchanged, "differing": result.differing,
                               "rejected": len(result.rejects), "conflicts": len(result.conflicts),
                               "unmapped_labels": len(result.unmapped)}))
    session.flush()
