"""The city's view: who has reported and on time (completeness.py), every indicator
across communes and months aggregated in SQL by its kind (aggregate.py), charts,
findings across units, exports (Excel, CSV, JSON; `baocao export`) and the city's own
summary report built from aggregated values (city_report.py)."""
