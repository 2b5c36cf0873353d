"""District configuration kept in the database: taxonomy, limits, light policies, calendar."""
