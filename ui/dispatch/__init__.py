"""The dispatcher view: open cases by light, one-key dispatch, alerts."""
