"""The people ledger: persons, households, buildings, population categories, visits (DESIGN §3, §6)."""
