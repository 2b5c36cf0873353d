"""Qt's side of paper: drawing PaperDocuments as PDF pages and in the print preview."""
