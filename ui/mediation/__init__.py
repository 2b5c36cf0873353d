"""矛盾纠纷调解台账: the docket list and filters, the dispute card with its action forms, the
register form, the monthly 排查调处情况表 and the screening reports — all through app.mediation."""
