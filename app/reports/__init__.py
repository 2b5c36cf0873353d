"""Reports built on the assessment: the monthly 通报, its series, breakdowns, charts and files."""
