"""Offices (đơn vị tham mưu) of a commune: who writes which section of a report, the
state of each contribution, the văn phòng's board, and the Word round trip."""
