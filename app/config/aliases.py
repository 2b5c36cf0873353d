"""The words communities use for configured things: aliases as data, and the one lookup of them.

A ledger's 人员类别 column says 低保户 or 空巢老人 where the configuration says 低保对象 and
独居空巢老人; a work-order file says 市民热线 for 12345热线. Every importer asks `LabelResolver`
(loaded once per unit of work by `load_resolver`) what such a word means: the configured name or
code itself, else an alias from `label_aliases`. Labels are compared normalised
(`normalize_label`: full-width to half-width, no spaces, case folded), so "低保 户" and "低保户"
are one word.

The defaults live in resources/people/aliases.json (population categories, residence types)
and resources/taxonomy/aliases.json (case categories, departments, sources). They are seeded
once, into an empty table, for new and upgraded databases alike (app/database.py
`ensure_seeded`); afterwards the table is the truth and an administrator edits it
(app/config/alias_admin.py). Deleting marks a row, so a deleted default never comes back.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.schema import (
    LABEL_KINDS, RESIDENCE_TYPES, CaseCategory, Department, LabelAlias, PopulationCategory,
)

#: what each kind of label is called in messages (Chinese, the program's language)
KIND_LABELS = {"population_category": "人员类别", "residence_type": "人口类型", "case_category": "案件类别",
               "department": "部门", "source": "来源"}
_ALIAS_FILES = (("resources.people", "aliases.json"), ("resources.taxonomy", "aliases.json"))
_SPACES = re.compile(r"\s+")


def normalize_label(text: object) -> str:
    """A label as compared: NFKC (full-width to half-width), no white space at all, case folded."""
    if text is None:
        return ""
    return _SPACES.sub("", unicodedata.normalize("NFKC", str(text))).casefold()


def default_aliases() -> dict[str, dict[str, list[str]]]:
    """{kind: {target code: [aliases]}} from the resource files, in file order."""
    out: dict[str, dict[str, list[str]]] = {}
    for package, name in _ALIAS_FILES:
        data = json.loads(resources.files(package).joinpath(name).read_text(encoding="utf-8"))
        for kind, targets in data["aliases"].items():
            out.setdefault(kind, {}).update(targets)
    return out


def aliases_seeded(session: Session) -> bool:
    """True when label_aliases has rows (deleted ones count: the administrator removed them)."""
    return bool(session.scalar(select(func.count()).select_from(LabelAlias)))


def seed_aliases(session: Session) -> bool:
    """Fill an empty label_aliases table with the defaults; False (no change) otherwise."""
    if aliases_seeded(session):
        return False
    seen: set[tuple[str, str]] = set()
    for kind, targets in default_aliases().items():
        for target, words in targets.items():
            for word in words:
                key = (kind, normalize_label(word))
                if key not in seen:
                    seen.add(key)
                    session.add(LabelAlias(kind=kind, alias=key[1], target=target))
    session.flush()
    return True


def target_names(session: Session, kind: str) -> dict[str, str]:
    """{code: name} of what labels of `kind` may mean, in the configured order."""
    if kind == "population_category":
        rows = session.execute(select(PopulationCategory.code, PopulationCategory.name)
                               .where(PopulationCategory.deleted_at.is_(None))
                               .order_by(PopulationCategory.sort_order, PopulationCategory.name))
        return dict(rows.all())
    if kind == "case_category":
        rows = session.execute(select(CaseCategory.code, CaseCategory.name)
                               .where(CaseCategory.deleted_at.is_(None)).order_by(CaseCategory.code))
        return dict(rows.all())
    if kind == "department":
        rows = session.execute(select(Department.code, Department.name).order_by(Department.code))
        return dict(rows.all())
    if kind == "residence_type":
        return {value: value for value in RESIDENCE_TYPES}
    if kind == "source":
        from app.cases.lookups import SOURCES  # the sources are the case module's fixed list

        return {value: value for value in SOURCES}
    raise ValueError(f"unknown label kind {kind!r} (one of {', '.join(LABEL_KINDS)})")


@dataclass(frozen=True)
class LabelResolver:
    """What the labels of one kind mean: {normalised word: target code}, names and codes first."""

    kind: str
    words: dict[str, str]
    names: dict[str, str]

    def resolve(self, text: object) -> str | None:
        """The target code `text` names (a configured code or name, or an alias); None when nothing."""
        return self.words.get(normalize_label(text))

    def name_of(self, code: str) -> str:
        return self.names.get(code, code)


def load_resolver(session: Session, kind: str) -> LabelResolver:
    """The resolver of `kind` as the database says now (aliases of targets that no longer exist
    are left out, so a deleted category is never matched through an old alias)."""
    names = target_names(session, kind)
    words: dict[str, str] = {}
    for alias, target in session.execute(
        select(LabelAlias.alias, LabelAlias.target)
        .where(LabelAlias.kind == kind, LabelAlias.deleted_at.is_(None))
    ):
        if target in names:
            words[alias] = target
    for code, name in names.items():
        words[normalize_label(code)] = code
        words[normalize_label(name)] = code
    return LabelResolver(kind=kind, words=words, names=names)


def resolve_label(session: Session, kind: str, text: object) -> str | None:
    """One label looked up (for a single form value; importers keep a `load_resolver` result)."""
    return load_resolver(session, kind).resolve(text)


def default_resolver(kind: str) -> LabelResolver:
    """The resolver of the resource defaults alone, for code that has no session (the checks of
    a fixed list like residence types)."""
    names = {value: value for value in RESIDENCE_TYPES} if kind == "residence_type" else {}
    words = {normalize_label(word): target
             for target, aliases in default_aliases().get(kind, {}).items() for word in aliases}
    words.update({normalize_label(name): code for code, name in names.items()})
    return LabelResolver(kind=kind, words=words, names=names)
