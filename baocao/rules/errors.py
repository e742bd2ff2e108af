"""RuleError: a rule that cannot be compiled, told in Vietnamese to its writer.

Its own module so that the parser, the builder and ``language`` can all raise
it; callers import it from ``baocao.rules.language``.
"""


class RuleError(ValueError):
    """A rule that cannot be compiled; ``str(e)`` is for the person who wrote it."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.line = line
        self.column = column
