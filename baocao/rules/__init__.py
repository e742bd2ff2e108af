"""Rules: the rule language (lark grammar compiled to closures), the rules over a
report's values, and the findings they raise. Start with language.py, whose
docstring is the guide for rule writers."""
