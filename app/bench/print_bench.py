"""`gridcc bench print`: case sheets to PDF, as `gridcc print` makes them (targets: one sheet
under 500 ms, 100 sheets in one document under 10 s).

Each of the 100 cases has a long description, its history from report to dispatch, yellow and red
cards and two photo thumbnails; each figure includes reading the case, the audit entry, the QR
code and drawing the PDF. Needs the Qt renderer the `gridcc` launcher registers.
"""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from app.bench.runner import Metric, best_ms
from app.bench.scratch import scratch_postgresql, scratch_sqlite
from app.cases.attachments import NewAttachment, add_attachments
from app.cases.drafts import CaseDraft
from app.cases.service import CaseService
from app.paper.printing import case_sheet, case_sheets
from app.paper.rendering import render_pdf
from app.paper.tables import qr_png
from app.people.privacy import Viewer

CASES = 100
REPEATS = 3
START = datetime(2025, 9, 30, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
DESCRIPTION = ("居民反映小区东门外人行道多处地砖松动破损，雨天积水，老人和儿童通行时多次摔倒，"
               "曾向物业反映未果，请求尽快核实并协调相关部门修复。") * 4


def run(pg_url: str | None = None) -> list[Metric]:
    """The print metrics on SQLite, and on PostgreSQL (prefix print.pg) when a server URL is given."""
    with scratch_sqlite() as database:
        metrics = _measure(database, "print")
    if pg_url:
        with scratch_postgresql(pg_url) as database:
            metrics += _measure(database, "print.pg")
    return metrics


def _measure(database, prefix: str) -> list[Metric]:
    now = [START]
    service = CaseService(database, now=lambda: now[0], workstation="bench")
    numbers = _cases(service, now)
    viewer = Viewer("bench", "bench")
    with tempfile.TemporaryDirectory(prefix="gridcc-print-") as folder:
        one, many = Path(folder) / "one.pdf", Path(folder) / "many.pdf"
        pages: list[int] = []
        one_ms = best_ms(lambda: render_pdf(case_sheet(service, numbers[0], viewer), one), REPEATS)
        many_ms = best_ms(lambda: pages.append(render_pdf(
            case_sheets(service, "dispatched", viewer, limit=CASES).document, many)), REPEATS)
    return [Metric(f"{prefix}.one_sheet_ms", one_ms, "ms"),
            Metric(f"{prefix}.sheets_100_ms", many_ms, "ms"),
            Metric(f"{prefix}.sheets_100_pages", pages[-1], "pages")]


def _cases(service: CaseService, now: list) -> list[str]:
    """CASES dispatched cases with history, cards and photos."""
    photo = qr_png("现场照片")
    numbers = []
    for index in range(CASES):
        now[0] = START + timedelta(minutes=index)
        draft = CaseDraft(source="12345热线", category="暴露垃圾", description=f"{index + 1}. {DESCRIPTION}",
                          reporter_name="王先生", reporter_phone="13800138000", address=f"幸福路{index + 1}号",
                          reported_at=now[0])
        case_no = service.create(draft, actor="grid1").case_no
        for action in ("verify", "register", "dispatch"):
            service.act(case_no, action, actor="disp1", note="请尽快处置")
        add_attachments(service, case_no, [NewAttachment(file_name=f"现场{n}.png", data=photo, thumbnail=photo)
                                           for n in (1, 2)], "grid1")
        numbers.append(case_no)
    for hours in (5, 7):
        now[0] = START + timedelta(hours=hours)
        service.sweep()
    return numbers
