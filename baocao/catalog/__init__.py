"""The catalog: units (city, communes, offices), indicators, report templates, periods.

Loaded from files shipped in baocao/data; everything else refers to it by code.
"""
