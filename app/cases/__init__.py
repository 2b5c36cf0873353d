"""Cases: workflow, clock, lights, service, import, sweep."""
