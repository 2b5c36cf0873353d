"""Print templates, paper settings and the embedded font."""
