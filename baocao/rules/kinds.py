"""The severities and kinds of rules as plain strings: the Rule model's choices, and
what the rule set shipped with baocao (shipped.py) uses without Django."""

ERROR, WARNING = "error", "warning"
EXPRESSION, BREAKDOWN, RATE, RANGE, OUTLIER, MANDATORY = (
    "expression",
    "breakdown",
    "rate",
    "range",
    "outlier",
    "mandatory",
)
# Indicator.RATE: an indicator that is a rate (its figures have no "usual size").
INDICATOR_RATE = "rate"
