"""Errors of the mediation docket: the case errors' kinds, so every caller handles both alike."""

from __future__ import annotations

from app.cases.errors import ActionNotAllowed, CaseError, CaseNotFound, ConflictError, MissingInput


class DisputeNotFound(CaseNotFound):
    """No dispute with that number."""


__all__ = ["ActionNotAllowed", "CaseError", "ConflictError", "DisputeNotFound", "MissingInput"]
