"""Reading PDFs back the way a person's tools would: poppler's pdfinfo, pdffonts and pdftotext."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from app.cases.drafts import CaseDraft
from db.schema import Staff
from tests.conftest import local


def run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def page_sizes(path: Path) -> list[str]:
    """'595 x 842' (A4 in points) for every page."""
    info = run("pdfinfo", "-f", "1", "-l", "999", str(path))
    return re.findall(r"Page\s+\d+ size:\s+([\d.]+ x [\d.]+) pts", info)


def fonts(path: Path) -> list[dict]:
    """Each font of the file with its type and whether it is embedded."""
    lines = run("pdffonts", str(path)).splitlines()[2:]
    rows = []
    for line in lines:
        parts = line.split()
        # name, type (1–2 words), encoding, emb, sub, uni, object, id
        rows.append({"name": parts[0], "emb": parts[-5], "type": " ".join(parts[1:-6])})
    return rows


def text(path: Path, page: int | None = None) -> str:
    """The extracted text (one page when given)."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return run("pdftotext", "-enc", "UTF-8", *pages, str(path), "-")


def squeezed(value: str) -> str:
    """Text without white space: lines wrap wherever the page ends."""
    return re.sub(r"\s+", "", value)


def reported_case(service, *, description: str = "路边垃圾堆积，居民反映气味很大", phone: str | None = "13812348000",
                  dispatched: bool = True) -> str:
    """A case reported Tuesday 2025-09-30 10:00 by 张三 and dispatched to its department."""
    case_no = service.create(CaseDraft(source="网格员上报", category="暴露垃圾", description=description,
                                       reporter_name="张三", reporter_phone=phone, address="幸福路12号",
                                       reported_at=local(2025, 9, 30, 10, 0)), actor="grid1").case_no
    if dispatched:
        for action in ("verify", "register", "dispatch"):
            service.act(case_no, action, actor="disp1", note="请尽快处置")
    return case_no


def add_staff(database, login: str, role: str) -> None:
    with database.write() as session:
        session.add(Staff(login=login, name=login, role=role))
