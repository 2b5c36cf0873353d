"""Small HTML pieces every paper builder uses: bordered tables, dates, lights, QR codes."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

import segno

from app.cases.lights import Light
from app.paper.templates import Html, escape

EMPTY = "—"


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], widths: Sequence[int] = ()) -> Html:
    """A bordered table with a header row Qt repeats on every page it runs onto; cells escaped."""
    head = "".join(
        f'<th width="{widths[i]}%">{escape(h)}</th>' if i < len(widths) else f"<th>{escape(h)}</th>"
        for i, h in enumerate(headers)
    )
    body = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    return Html('<table class="grid" width="100%" cellspacing="0" cellpadding="5" border="1">'
                f"<thead><tr>{head}</tr></thead>{body}</table>")


def paragraph(text: object) -> Html:
    return Html(f"<p>{escape(text)}</p>")


def when(value: datetime | None, tz: ZoneInfo) -> str:
    """District time to the minute, or — when there is none."""
    return value.astimezone(tz).strftime("%Y-%m-%d %H:%M") if value else EMPTY


def chinese_date(value: datetime | date | None, tz: ZoneInfo | None = None) -> str:
    """2025年10月9日, as signed documents are dated."""
    if value is None:
        return "＿＿＿＿年＿＿月＿＿日"
    if isinstance(value, datetime):
        value = value.astimezone(tz).date() if tz else value.date()
    return f"{value.year}年{value.month}月{value.day}日"


def light_html(light: Light | None, extra: str = "") -> Html:
    """The light as a coloured word (绿灯/黄灯/红灯), readable in black and white too."""
    if light is None:
        return Html(escape(extra or EMPTY))
    suffix = f"（{escape(extra)}）" if extra else ""
    return Html(f'<span class="{light.value}">●{escape(light.label)}</span>{suffix}')


def qr_png(text: str) -> bytes:
    """A QR code of `text` as PNG bytes (segno), large enough to scan from paper."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=4, border=2)
    return buffer.getvalue()
