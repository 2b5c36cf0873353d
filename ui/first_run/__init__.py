"""The first-run wizard: shown when no database is configured yet (app.database.needs_first_run)."""
