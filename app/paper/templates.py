"""The paper's templates and settings: shipped in resources/paper, adaptable by a district.

A district changes its name, seal text, headings or a whole layout without touching code by
putting files of the same name in a folder of its own: GRIDCC_PAPER_DIR, else `paper` in the
user data folder. A file found there replaces the shipped one; paper.json there is merged key by
key over the shipped paper.json, so it may hold only what differs.

Templates are HTML for Qt's rich text with `$name` placeholders (string.Template). Every value
is escaped when filled in, except fragments the builders made themselves (`Html`), which were
escaped piece by piece when they were built.
"""

from __future__ import annotations

import html
import json
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path
from string import Template

from app.cases.errors import CaseError
from app.database import data_dir

PAPER_DIR_ENV = "GRIDCC_PAPER_DIR"
SETTINGS_FILE = "paper.json"


class TemplateError(CaseError):
    """A district's template or paper.json that cannot be used (the message names the file)."""


class Html(str):
    """A fragment of HTML built from escaped pieces: filled into a template as it is."""


def escape(value: object) -> str:
    """Any datum as HTML text: None is empty, line breaks stay line breaks."""
    if value is None:
        return ""
    if isinstance(value, Html):
        return value
    return html.escape(str(value)).replace("\n", "<br/>")


def override_dirs() -> list[Path]:
    """The district's folders, first match wins: GRIDCC_PAPER_DIR, then <user data>/paper."""
    folders = []
    if os.environ.get(PAPER_DIR_ENV):
        folders.append(Path(os.environ[PAPER_DIR_ENV]))
    folders.append(data_dir() / "paper")
    return [folder for folder in folders if folder.is_dir()]


def _shipped(name: str) -> str:
    return resources.files("resources.paper").joinpath(name).read_text(encoding="utf-8")


def read_text(name: str) -> str:
    """A template or stylesheet by file name: the district's copy when there is one."""
    for folder in override_dirs():
        candidate = folder / name
        if candidate.is_file():
            try:
                return candidate.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise TemplateError(f"无法读取打印模板 {candidate}：{exc}") from None
    return _cached_shipped(name)


@lru_cache(maxsize=None)
def _cached_shipped(name: str) -> str:
    return _shipped(name)


def settings() -> dict:
    """paper.json: the shipped settings with the district's keys laid over them."""
    merged = json.loads(_cached_shipped(SETTINGS_FILE))
    for folder in reversed(override_dirs()):
        candidate = folder / SETTINGS_FILE
        if candidate.is_file():
            try:
                own = json.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, ValueError) as exc:
                raise TemplateError(f"打印设置文件 {candidate} 无法使用：{exc}") from None
            if not isinstance(own, dict):
                raise TemplateError(f"打印设置文件 {candidate} 应为一个 JSON 对象")
            _merge(merged, own)
    return merged


def _merge(base: dict, own: dict) -> None:
    for key, value in own.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value


def fill(name: str, **values: object) -> Html:
    """The template `name` with each $placeholder replaced by its escaped value.

    A district's copy may leave out any placeholder; one the builder does not know stays
    visible as written, so a misspelt name shows on the proof instead of failing the print.
    """
    template = Template(read_text(name))
    escaped = {key: escape(value) for key, value in values.items()}
    try:
        return Html(template.safe_substitute(escaped))
    except ValueError as exc:
        raise TemplateError(f"打印模板 {name} 有误：{exc}") from None
