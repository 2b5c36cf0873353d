"""The people ledger: persons, households, buildings, population categories, visits."""
