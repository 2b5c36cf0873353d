"""Default mediation docket configuration: dispute types, time limits, file checklist, risk flags."""
