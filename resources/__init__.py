"""Data files shipped with the program: taxonomies, templates, translations."""
