"""The people's-mediation docket (矛盾纠纷调解台账): disputes from screening to agreement,
judicial confirmation, performance, follow-up and the file.

The pane and the CLI use:
- `MediationService(database, now=…)`: `register(DisputeDraft, actor)`, `act(no, action, actor=…,
  inputs=ActionInputs(…), expected_version=…)`, `view(no)`, `get(no)` (the card), `list(filter,
  limit=, offset=, order=)`, `count(filter)`, `filter(type=…, committee=…, level=…, light=…)`;
- `links`: `open_case`, `open_from_case`, `disputes_of_person`, `disputes_of_case`;
- `alerts`: `dispute_alerts` (the dispatcher's), `open_lights`;
- `register`: committees and the mediator register with caseloads;
- `statistics.monthly_table` and `statistics_xlsx.write_workbook`; `screening`; `importer`.

Nothing is imported here: the database set-up imports `app.mediation.seed` at every start,
which must not pull in the whole service.
"""
