"""Qt translations: gridcc_en.ts (source for translators) and gridcc_en.qm (compiled)."""
