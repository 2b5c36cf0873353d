"""What the docket's filters and forms offer: types, committees, risk flags, communities and
mediators, read once off the UI thread through app.mediation and app.people."""

from __future__ import annotations

from dataclasses import dataclass

from app.mediation.register import MediatorView, mediators
from app.mediation.rules import CommitteeInfo, FlagInfo, TypeInfo
from app.mediation.service import MediationService
from app.people.ledger_choices import RegionChoice, region_choices


@dataclass(frozen=True, kw_only=True)
class DocketChoices:
    types: list[TypeInfo]
    committees: list[CommitteeInfo]
    flags: list[FlagInfo]
    communities: list[RegionChoice]
    mediators: list[MediatorView]
    tz: object

    @property
    def zz_types(self) -> list[TypeInfo]:
        """The 综治 list a registrar picks from (the 司法部 type follows from it)."""
        return [t for t in self.types if t.scheme != "sfb"] or self.types


def read_choices(service: MediationService) -> DocketChoices:
    """Every choice list at once (background work: it reads the database)."""
    service.reload_config()
    rules = service.config().rules
    return DocketChoices(
        types=list(rules.types.values()),
        committees=sorted(rules.committees.values(), key=lambda c: (c.level, c.code)),
        flags=list(rules.flags.values()),
        communities=[r for r in region_choices(service.database) if r.level == "community"],
        mediators=[m for m in mediators(service) if m.active],
        tz=service.tz,
    )
