"""Geography: which grid a point falls in."""
