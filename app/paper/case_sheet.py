"""The case sheet (案件派遣单/案卷): one case on paper, lit at the instant it is printed.

Built from the read models the detail page shows (CaseDetail, attachments), so the paper and
the screen never disagree; the reporter's phone arrives already masked or revealed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from app.calendar import TimeUnit
from app.cases.cards import CARD_LABELS
from app.cases.attachments import AttachmentView
from app.cases.countdown import format_remaining
from app.cases.lights import light_at
from app.cases.views import CaseDetail
from app.paper.document import Section
from app.paper.tables import EMPTY, light_html, qr_png, table, when
from app.paper.templates import Html, escape, fill, settings

TEMPLATE = "case_sheet.html"


def case_section(detail: CaseDetail, *, phone: str | None, attachments: Sequence[AttachmentView], tz: ZoneInfo,
                 now: datetime, standard_day_seconds: float, new_page: bool = False) -> tuple[Section, dict]:
    """The sheet of one case and the images it names (QR code, photo thumbnails)."""
    case = detail.case
    paper = settings()
    images = {f"qr-{case.case_no}": qr_png(case.case_no)}
    photos = [a for a in attachments if a.is_image and a.thumbnail]
    for index, photo in enumerate(photos):
        images[f"photo-{case.case_no}-{index}"] = photo.thumbnail
    html = fill(
        TEMPLATE, heading=paper["headings"]["case"], case_no=case.case_no, external_no=case.external_no or EMPTY,
        status=case.status_label, source=case.source, reported_at=when(case.reported_at, tz),
        qr=f"qr-{case.case_no}", title=case.title, category=case.category, urgency=case.urgency,
        grid=_grid(case.grid, case.grid_code), department=case.department or EMPTY, address=case.address or EMPTY,
        reporter=detail.reporter_name or EMPTY, phone=phone or EMPTY, time_limit=detail.time_limit,
        rework_count=detail.rework_count, description=detail.description or EMPTY,
        deadlines=deadlines_table(detail, tz, now, standard_day_seconds),
        events=events_table(detail, tz), cards=cards_table(detail, tz),
        photos=_photos(case.case_no, photos, paper.get("thumbnail_width", 150)),
        handling=paper["signatures"]["handling"], checking=paper["signatures"]["checking"],
    )
    return Section(html=html, new_page=new_page), images


def _grid(name: str | None, code: str | None) -> str:
    if not name:
        return EMPTY
    return f"{name}（{code}）" if code else name


def deadlines_table(detail: CaseDetail, tz: ZoneInfo, now: datetime, standard_day_seconds: float) -> Html:
    """Every deadline of the case with its light at printing time: the case's and the stage's."""
    case = detail.case
    left = format_remaining(detail.remaining_seconds, case.limit_unit, standard_day_seconds)
    unit = "工作时间" if TimeUnit(case.limit_unit).is_working else "自然时间"
    rows = [("办结期限", when(case.due_at, tz), f"{detail.time_limit}（{unit}）",
             light_html(case.light, left) if case.light else "已办结，不亮灯")]
    if detail.stage_due_at is not None:
        stage_light = light_at(is_open=case.light is not None, parked_light=None, yellow_at=None,
                               red_at=detail.stage_due_at, now=now)
        rows.append(("本环节期限", when(detail.stage_due_at, tz), case.status_label, light_html(stage_light)))
    return table(["期限", "到期时间", "时限", "打印时亮灯"], rows, widths=(18, 24, 24, 34))


def events_table(detail: CaseDetail, tz: ZoneInfo) -> Html:
    """The whole history, oldest first."""
    rows = [(e.seq, when(e.at, tz), e.action_label, e.actor, e.department or "", e.note or "")
            for e in detail.events]
    if not rows:
        return Html("<p>（无记录）</p>")
    return table(["序号", "时间", "环节", "操作人", "部门", "说明"], rows, widths=(6, 18, 10, 15, 17, 34))


def cards_table(detail: CaseDetail, tz: ZoneInfo) -> Html:
    """Yellow, red and leaders' cards with their replies."""
    if not detail.cards:
        return Html("<p>（无督办）</p>")
    rows = [(CARD_LABELS.get(c.color, "督办"), when(c.issued_at, tz), c.issuer, c.department or "", c.reason,
             f"{c.reply}（{when(c.replied_at, tz)}）" if c.reply else "未回复")
            for c in detail.cards]
    return table(["督办", "签发时间", "签发人", "责任部门", "原因", "回复"], rows, widths=(10, 17, 10, 14, 24, 25))


def _photos(case_no: str, photos: Sequence[AttachmentView], width: int) -> Html:
    """Thumbnails in one bordered row beside their label, so the label never ends a page alone."""
    if not photos:
        return Html("")
    images = "　".join(f'<img src="photo-{escape(case_no)}-{index}" width="{int(width)}"/>'
                      for index in range(len(photos)))
    names = "、".join(photo.file_name for photo in photos)
    return Html('<table class="grid" width="100%" cellspacing="0" cellpadding="5" border="1" style="margin-top: 8pt">'
                f'<tr><td class="label" width="15%">现场照片</td><td>{images}<br/>{escape(names)}</td></tr></table>')
