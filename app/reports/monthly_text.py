"""The 通报 in words: the sentences a city's 通报 writes around its tables, from a MonthlyReport.

The same paragraphs head the PDF and are what `gridcc report monthly` prints without files.
"""

from __future__ import annotations

from app.assessment.figures import UnitFigures
from app.reports.monthly import MonthlyReport
from app.reports.totals import TotalLine

#: hot spots and categories a paragraph names
NAMED = 3


def percent(rate: float | None) -> str:
    """'87.5%', or '—' when undefined."""
    return "—" if rate is None else f"{rate * 100:.1f}%"


def change_text(line: TotalLine, value: float | None) -> str:
    """'上升 12.5%' / '下降 3.2 个百分点' / '持平' / '无可比数据'."""
    if value is None:
        return "无可比数据"
    if abs(value) < 0.0005:
        return "持平"
    word = "上升" if value > 0 else "下降"
    if line.kind == "rate":
        return f"{word} {abs(value) * 100:.1f} 个百分点"
    return f"{word} {abs(value) * 100:.1f}%"


def value_text(line: TotalLine, value: float | None) -> str:
    if line.kind == "rate":
        return percent(value)
    return "—" if value is None else f"{int(value)} 件"


def basis(report: MonthlyReport) -> str:
    return (f"根据网格化服务管理考核办法，现将{report.month.label}全区网格化服务管理案件办理情况"
            f"及各部门、各网格考核结果通报如下。")


def totals_paragraph(report: MonthlyReport) -> str:
    lines = {line.key: line for line in report.totals}
    parts = []
    for key in ("accepted", "registered", "due_to_close", "closed"):
        line = lines[key]
        parts.append(f"{line.label[:-1]} {value_text(line, line.current)}"
                     f"（环比{change_text(line, line.month_on_month)}，同比{change_text(line, line.year_on_year)}）")
    ot, late, still = lines["closed_on_time"], lines["closed_late"], lines["open_overdue"]
    rates = [lines[key] for key in ("close_rate", "on_time_close_rate", "rework_rate", "extension_rate")]
    rate_text = "，".join(f"{r.label} {percent(r.current)}（环比{change_text(r, r.month_on_month)}）" for r in rates)
    return (f"本月全区{'，'.join(parts)}。其中按期结案 {int(ot.current)} 件，超期结案 {int(late.current)} 件，"
            f"超期未结 {int(still.current)} 件；{rate_text}。")


def _unit(row: UnitFigures) -> str:
    return f"{row.unit}（{row.score:.1f} 分，{row.grade} 级）"


def groups_paragraphs(report: MonthlyReport) -> list[str]:
    paragraphs = []
    for group in report.groups:
        text = f"{group.name}（{len(group.rows)} 个参评）：得分最高的是{_unit(group.best)}"
        if group.worst is not None:
            text += f"，最低的是{_unit(group.worst)}"
        if group.last_three:
            text += f"；排名后三位的是{'、'.join(row.unit for row in reversed(group.last_three))}，请限期整改"
        paragraphs.append(text + "。")
    return paragraphs or ["本月没有参评单位。"]


def sources_paragraph(report: MonthlyReport) -> str:
    shares = report.breakdowns.sources
    if not shares:
        return "本月无立案案件。"
    listed = "，".join(f"{s.label} {s.count} 件（{percent(s.share)}）" for s in shares)
    return f"案件来源：{listed}。"


def hot_spots_paragraph(report: MonthlyReport) -> str:
    b = report.breakdowns
    if not b.categories:
        return "本月无高发问题。"
    categories = "、".join(f"{c.label}（{c.count} 件）" for c in b.categories[:NAMED])
    text = f"高发问题前三位为{categories}"
    places = b.communities[:NAMED] or b.grids[:NAMED]
    if places:
        text += f"；高发区域为{'、'.join(f'{p.label}（{p.count} 件）' for p in places)}"
    return text + "。"


def backlog_paragraph(report: MonthlyReport) -> str:
    bl = report.backlog
    if not bl.total:
        return "截至统计时点，全区无超期未结案件。"
    streets = "、".join(f"{name} {count} 件" for name, count in bl.by_street[:5])
    return (f"截至 {bl.at:%Y-%m-%d %H:%M} 已超期、至今仍未结案的案件共 {bl.total} 件，其中{streets}，"
            f"请相关单位抓紧办理。")


def mediation_paragraph(report: MonthlyReport) -> str | None:
    table = report.mediation
    if table is None:
        return None
    month = table.by_type[-1].values
    year = table.by_type_year[-1].values
    return (f"矛盾纠纷调解：本月受理 {int(month['accepted'])} 件，调解成功 {int(month['success'])} 件，"
            f"成功率 {month['success_rate']:.1f}%，协议涉及金额 {month['amount']:,.2f} 元；"
            f"年度累计受理 {int(year['accepted'])} 件，调解成功 {int(year['success'])} 件。")


def paragraphs(report: MonthlyReport) -> list[tuple[str, list[str]]]:
    """(heading, paragraphs) in the order of the 通报."""
    sections = [
        ("一、案件总体情况", [totals_paragraph(report)]),
        ("二、考核得分情况", groups_paragraphs(report)),
        ("三、案件来源与高发问题", [sources_paragraph(report), hot_spots_paragraph(report)]),
        ("四、超期积案", [backlog_paragraph(report)]),
    ]
    mediation = mediation_paragraph(report)
    if mediation:
        sections.append(("五、矛盾纠纷排查调处", [mediation]))
    return sections


def report_text(report: MonthlyReport) -> str:
    """The whole 通报 as plain text."""
    out = [report.title, "", basis(report), ""]
    for heading, texts in paragraphs(report):
        out.append(heading)
        out.extend(texts)
        out.append("")
    return "\n".join(out).rstrip() + "\n"
