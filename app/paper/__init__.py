"""Paper: case sheets, supervision notices and mediation agreements as printable documents.

app/paper builds a PaperDocument (HTML from the templates in resources/paper, images by name)
without Qt; ui/paper turns it into PDF pages or a print preview.
"""
