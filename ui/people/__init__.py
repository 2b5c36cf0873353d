"""The people ledger pane (人口台账): table, filters, person card, forms, visits due, Excel."""
