"""The official report document: a report laid out once (model.py), then written as
DOCX in the legal format (docx.py), standalone HTML (html.py) or PDF through
LibreOffice (pdf.py). services.render_report is the one entry point."""
