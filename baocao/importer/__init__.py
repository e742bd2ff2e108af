"""Import of existing reports: a file (DOCX, PDF, TXT) read into text with its
footnotes (readers/), its metadata (document.py), outline (outline.py) and figures
mapped to catalog codes through the lexicon (facts.py). Start at extract.py."""
