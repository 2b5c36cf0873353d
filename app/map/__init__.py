"""What the map shows: cases and boundaries read for it, lights and changes kept in memory."""
