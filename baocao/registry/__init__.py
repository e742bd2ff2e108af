"""Sổ văn bản đi: the unit's register of issued documents, which gives an approved
report its number ("Số: 125/BC-UBND") and its date (ND 30/2020 Art. 15, 16)."""
