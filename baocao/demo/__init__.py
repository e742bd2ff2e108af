"""The demo: Hải Phòng's 114 units, demo users and 13 months of plausible figures."""
