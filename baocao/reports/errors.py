class ReportError(Exception):
    """A domain error with a Vietnamese message for the user."""


class LockedError(ReportError):
    pass


class ConflictError(ReportError):
    """Someone else saved the same figure or block since the user loaded it."""

    def __init__(self, message: str, *, current: str = "", by: str = ""):
        super().__init__(message)
        self.current = current
        self.by = by


class NotAllowedError(ReportError):
    """The user's role for the report's unit does not allow this step."""


class SubmitBlockedError(ReportError):
    """Validation found errors; the report cannot move on until they are fixed."""

    def __init__(self, message: str, *, findings: list | None = None):
        super().__init__(message)
        self.findings = findings or []
