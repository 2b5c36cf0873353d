"""Database layer: schema, engine and sessions, migrations."""
